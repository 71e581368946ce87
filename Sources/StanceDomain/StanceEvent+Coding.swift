import Foundation

extension StanceEvent {
    /// The stored payload: the event's fields in canonical key order (``EventField``'s order),
    /// absent fields left out, so that the same event always encodes to the same bytes.
    public func payload(in zone: StoreTimeZone) -> JSONObject {
        var object = JSONObject()
        for field in EventField.allCases where field != .actor || type.required.contains(.actor) {
            if let value = value(of: field, in: zone) { object[field.rawValue] = value }
        }
        return object
    }

    /// The value of one field as JSON, or nil when the event does not carry it.
    public func value(of field: EventField, in zone: StoreTimeZone) -> JSON? {
        switch field {
        case .actor: return .string(actor)
        case .toward: return toward.map(JSON.string)
        case .position: return position.map { .string($0.rawValue) }
        case .strength: return strength.map { .string($0.rawValue) }
        case .name: return name.map(JSON.string)
        case .kind: return kind.map { .string($0.rawValue) }
        case .aliases: return aliases.isEmpty ? nil : .array(aliases.map(JSON.string))
        case .codes: return codes.isEmpty ? nil : .array(codes.map(JSON.string))
        case .institution: return institution.map(JSON.string)
        case .role: return role.map { .string($0.rawValue) }
        case .until: return until.map { .string($0.formatted(in: zone)) }
        case .retracts: return retracts.map { .string($0.uuidString.lowercased()) }
        case .reason: return reason.map(JSON.string)
        case .replacedBy: return replacedBy.map { .string($0.uuidString.lowercased()) }
        case .replaces: return replaces.map { .string($0.uuidString.lowercased()) }
        case .coversSeq: return coversSeq.map(JSON.int)
        case .head: return head.map(JSON.string)
        case .digests: return digests.isEmpty ? nil : .object(JSONObject(digests.sorted { $0.key < $1.key }.map { ($0.key, JSON.string($0.value)) }))
        case .signature: return signature.map(JSON.string)
        case .publicKey: return publicKey.map(JSON.string)
        case .summary: return summary.map(JSON.string)
        case .quote: return quote.map(JSON.string)
        case .source: return source.map(JSON.string)
        case .confidence: return confidence.map(JSON.double)
        }
    }

    /// Decodes an event from its type, its occurred time and an object holding its fields.
    ///
    /// Keys in `ignoring` (the envelope's keys, in an NDJSON line) are skipped; any other key
    /// the type does not accept is an error, so that a typo such as `towards` is caught
    /// rather than silently dropped.
    public static func decode(
        type: EventType, occurred: WorldTime, fields object: JSONObject,
        ignoring: Set<String> = [], in zone: StoreTimeZone
    ) throws(DomainError) -> StanceEvent {
        let accepted = type.accepted
        for key in object.keys where !ignoring.contains(key) {
            guard let field = EventField(rawValue: key), accepted.contains(field) else {
                throw DomainError(.unknownField, field: key, "\(type.name) has no field '\(key)'; it accepts \(accepted.map(\.rawValue).joined(separator: ", ")).")
            }
        }
        for field in type.required where object[field.rawValue] == nil || object[field.rawValue] == .null {
            throw DomainError(.missingField, field: field.rawValue, "\(type.name) requires '\(field.rawValue)'.")
        }
        // Store-level events (checkpoints) are about the store, whose stream is `StanceEvent.storeStream`.
        let actor = type.required.contains(.actor) ? try text(object[EventField.actor.rawValue] ?? .null, .actor) : storeStream
        var event = StanceEvent(type: type, occurred: occurred, actor: actor)
        for field in accepted where field != .actor {
            guard let value = object[field.rawValue], value != .null else { continue }
            try event.set(field, from: value, in: zone)
        }
        try event.validate(in: zone)
        return event
    }

    /// Sets one field from its JSON value, checking the value's kind.
    public mutating func set(_ field: EventField, from value: JSON, in zone: StoreTimeZone) throws(DomainError) {
        switch field.valueKind {
        case .actorReference, .newActorID, .text:
            let text = try Self.text(value, field)
            switch field {
            case .actor: actor = text
            case .toward: toward = text
            case .institution: institution = text
            case .name: name = text
            case .summary: summary = text
            case .quote: quote = text
            case .reason: reason = text
            default: source = text
            }
        case .textList:
            guard case .array(let items) = value else {
                throw DomainError(.invalidValue, field: field.rawValue, "expected an array of strings, found \(value.typeName).")
            }
            var texts: [String] = []
            for item in items { texts.append(try Self.text(item, field)) }
            if field == .aliases { aliases = texts } else { codes = texts }
        case .position:
            position = try Self.choice(value, field, Position.recordable.map(\.rawValue)).flatMap(Position.init(rawValue:))
        case .strength:
            strength = try Self.choice(value, field, ResignationStrength.allCases.map(\.rawValue)).flatMap(ResignationStrength.init(rawValue:))
        case .actorKind:
            kind = try Self.choice(value, field, ActorKind.allCases.map(\.rawValue)).flatMap(ActorKind.init(rawValue:))
        case .role:
            role = try Self.choice(value, field, Role.allCases.map(\.rawValue)).flatMap(Role.init(rawValue:))
        case .worldTime:
            let text = try Self.text(value, field)
            do { until = try WorldTime.parse(text, in: zone) } catch {
                throw DomainError(.invalidTime, field: field.rawValue, error.description)
            }
        case .eventReference:
            guard case .string(let text) = value, let id = UUID(parsing: text) else {
                throw DomainError(.invalidValue, field: field.rawValue, "expected an event id (a UUID), found \(value.serialized()).")
            }
            switch field {
            case .retracts: retracts = id
            case .replacedBy: replacedBy = id
            default: replaces = id
            }
        case .positiveInteger:
            guard case .int(let number) = value, number >= 1 else {
                throw DomainError(.invalidValue, field: field.rawValue, "expected a whole number of 1 or more, found \(value.serialized()).")
            }
            coversSeq = number
        case .hex:
            let text = try Self.hex(value, field)
            switch field {
            case .head: head = text
            case .signature: signature = text
            default: publicKey = text
            }
        case .digestMap:
            guard case .object(let object) = value, !object.isEmpty else {
                throw DomainError(.invalidValue, field: field.rawValue, "expected an object of projection names to hex digests, found \(value.typeName).")
            }
            var map: [String: String] = [:]
            for (name, digest) in object { map[name] = try Self.hex(digest, field) }
            digests = map
        case .confidence:
            guard let number = value.doubleValue, number >= 0, number <= 1 else {
                throw DomainError(.invalidValue, field: field.rawValue, "expected a number from 0 to 1, found \(value.serialized()).")
            }
            confidence = number
        }
    }

    private static func text(_ value: JSON, _ field: EventField) throws(DomainError) -> String {
        guard case .string(let text) = value else {
            throw DomainError(.invalidValue, field: field.rawValue, "expected a string, found \(value.typeName).")
        }
        try checkText(text, field: field.rawValue)
        return text
    }

    /// The rules every stored string obeys: not blank, no NUL bytes, not absurdly long.
    public static func checkText(_ text: String, field: String) throws(DomainError) {
        if text.utf8.count > EventField.maximumTextBytes {
            throw DomainError(.invalidValue, field: field, "the text is \(text.utf8.count) bytes long; the limit is \(EventField.maximumTextBytes).")
        }
        var text = text
        // Through the bytes: a String's own `contains` and Character walk cost ~1 µs an event
        // on import, for texts that nearly always start with a letter.
        let (hasNUL, startsVisible) = text.withUTF8 { bytes in
            (bytes.contains(0), bytes.first.map { $0 > 0x20 && $0 < 0x7F } ?? false)
        }
        if hasNUL {
            throw DomainError(.invalidValue, field: field, "the text contains a NUL character.")
        }
        if !startsVisible && text.allSatisfy({ $0.isWhitespace }) {
            throw DomainError(.invalidValue, field: field, "the text is empty.")
        }
    }

    private static func hex(_ value: JSON, _ field: EventField) throws(DomainError) -> String {
        guard case .string(let text) = value, !text.isEmpty, text.utf8.count <= 256, text.utf8.count % 2 == 0,
              text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else {
            throw DomainError(.invalidValue, field: field.rawValue, "expected lowercase hexadecimal bytes, found \(value.serialized()).")
        }
        return text
    }

    private static func choice(_ value: JSON, _ field: EventField, _ allowed: [String]) throws(DomainError) -> String? {
        guard case .string(let text) = value, allowed.contains(text) else {
            let shown = value.stringValue.map { "'\($0)'" } ?? value.typeName
            throw DomainError(.invalidValue, field: field.rawValue, "\(shown) is not a \(field == .institution ? "value" : field.rawValue); use one of \(allowed.joined(separator: ", ")).")
        }
        return text
    }
}
