extension StanceEvent {
    /// Checks the rules that span fields, which the type table alone cannot express.
    public func validate(in zone: StoreTimeZone) throws(DomainError) {
        for field in type.required where !has(field) {
            throw DomainError(.missingField, field: field.rawValue, "\(type.name) requires '\(field.rawValue)'.")
        }
        if type.effect == .registersActor {
            try Self.checkActorID(actor)
        }
        if type.effect == .setsGivenPosition {
            if position != nil && toward == nil {
                throw DomainError(.missingField, field: "toward", "a statement that sets a position needs 'toward', the actor the position is about.")
            }
            if summary == nil && quote == nil {
                throw DomainError(.missingField, field: "summary", "statement-issued needs a 'summary' or a 'quote' saying what was said.")
            }
        }
        if (signature == nil) != (publicKey == nil) {
            throw DomainError(.missingField, field: signature == nil ? "signature" : "publicKey", "a signed checkpoint carries both 'signature' and 'publicKey'.")
        }
        if let toward, Self.sameIgnoringCase(toward, actor) {
            throw DomainError(.invalidValue, field: "toward", "an actor cannot take a position toward itself ('\(actor)').")
        }
        if let until, until.endMillis(in: zone) <= occurred.startMillis(in: zone) {
            throw DomainError(.invalidValue, field: "until", "the role would end (\(until.formatted(in: zone))) before it starts (\(occurred.formatted(in: zone))).")
        }
    }

    /// Whether the event carries a value for the field.
    public func has(_ field: EventField) -> Bool {
        switch field {
        case .actor: return !actor.isEmpty
        case .toward: return toward != nil
        case .position: return position != nil
        case .strength: return strength != nil
        case .name: return name != nil
        case .kind: return kind != nil
        case .aliases: return !aliases.isEmpty
        case .codes: return !codes.isEmpty
        case .institution: return institution != nil
        case .role: return role != nil
        case .until: return until != nil
        case .retracts: return retracts != nil
        case .reason: return reason != nil
        case .replacedBy: return replacedBy != nil
        case .replaces: return replaces != nil
        case .coversSeq: return coversSeq != nil
        case .head: return head != nil
        case .digests: return !digests.isEmpty
        case .signature: return signature != nil
        case .publicKey: return publicKey != nil
        case .summary: return summary != nil
        case .quote: return quote != nil
        case .source: return source != nil
        case .confidence: return confidence != nil
        }
    }

    /// An actor id is a lowercase slug: letters, digits and hyphens, starting with a letter or
    /// digit, at most 64 characters, so that it reads well in commands and URLs.
    public static func checkActorID(_ id: String) throws(DomainError) {
        let bytes = Array(id.utf8)
        let valid = !bytes.isEmpty && bytes.count <= 64
            && bytes.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
            && bytes.first != 0x2D
        guard valid else {
            throw DomainError(.invalidValue, field: "actor", "'\(id)' is not a valid actor id; use lowercase letters, digits and hyphens, such as 'evo-morales'.")
        }
    }

    /// Whether two ids are equal once lowercased, as `lowercased()` compares them, without
    /// making two Strings when both are ASCII (every event a replay decodes asks this).
    static func sameIgnoringCase(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        let ascii = a.withUTF8 { x in b.withUTF8 { y in
            x.allSatisfy { $0 < 0x80 } && y.allSatisfy { $0 < 0x80 } ? Optional(x.count == y.count && zip(x, y).allSatisfy { lower($0) == lower($1) }) : nil
        } }
        return ascii ?? (a.lowercased() == b.lowercased())
    }

    private static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
