import Foundation

/// Decodes a stored payload straight from its bytes, without building a ``JSON`` tree: the
/// quick path of a replay, which decodes every event of the log.
///
/// It vouches only for what it fully checks: a flat object of known, distinct, plain-ASCII
/// keys holding strings and numbers, of a type other than a registration or a checkpoint.
/// Every rule of ``StanceEvent/decode(type:occurred:fields:ignoring:in:)`` is applied (strict
/// JSON, accepted and required fields, each value's checks, ``StanceEvent/validate(in:)``); for
/// anything else, valid or not, it returns nil and the caller decodes the general way, which
/// gives the same event or the exact error. So it never accepts what the general path refuses.
///
/// ```swift
/// if let type = PayloadDecoder.type(named: typeBytes),
///    let event = PayloadDecoder.decode(type, occurred: time, payload: bytes, in: zone, keepText: false) { … }
/// ```
public enum PayloadDecoder {
    /// What the decoder knows of one event type.
    /// A class, so that handing one out per event costs one reference, not one per field.
    public final class TypeInfo: Sendable {
        public let type: EventType
        let name: [UInt8]
        /// Bit `n` stands for `EventField.allCases[n]`.
        let accepted: UInt32
        let required: UInt32
        /// Registrations and checkpoints (lists, maps) are left to the general path.
        let quick: Bool

        init(type: EventType, name: [UInt8], accepted: UInt32, required: UInt32, quick: Bool) {
            self.type = type
            self.name = name
            self.accepted = accepted
            self.required = required
            self.quick = quick
        }
    }

    static let types: [TypeInfo] = EventType.all.map { type in
        TypeInfo(
            type: type, name: Array(type.name.utf8), accepted: mask(type.accepted), required: mask(type.required),
            quick: type.effect != .registersActor && type.effect != .recordsCheckpoint)
    }

    static let fieldNames: [[UInt8]] = EventField.allCases.map { Array($0.rawValue.utf8) }
    static let fields = EventField.allCases

    static func mask(_ fields: [EventField]) -> UInt32 {
        fields.reduce(0) { $0 | 1 << UInt32(EventField.allCases.firstIndex(of: $1)!) }
    }

    /// The type whose name is exactly these bytes, or nil.
    public static func type(named name: UnsafeBufferPointer<UInt8>) -> TypeInfo? {
        types.first { info in
            info.name.count == name.count && info.name.withUnsafeBufferPointer { memcmp($0.baseAddress!, name.baseAddress!, name.count) == 0 }
        }
    }

    /// The event, or nil when the general path must decide. With `keepText` false, summary,
    /// quote, source and reason are checked but not kept: what only display reads.
    public static func decode(
        _ info: TypeInfo, occurred: WorldTime, payload: UnsafeBufferPointer<UInt8>, in zone: StoreTimeZone, keepText: Bool
    ) -> StanceEvent? {
        guard info.quick else { return nil }
        var parser = JSONByteParser(bytes: payload, maxDepth: 64)
        var event = StanceEvent(type: info.type, occurred: occurred, actor: "")
        var seen: UInt32 = 0
        parser.skipWhitespace()
        guard parser.next(is: "{") else { return nil }
        while true {
            parser.skipWhitespace()
            guard parser.at("\""), let key = parser.plainString(), let index = fieldNames.firstIndex(where: { $0.elementsEqual(key) })
            else { return nil }
            let bit: UInt32 = 1 << UInt32(index)
            guard info.accepted & bit != 0, seen & bit == 0 else { return nil }
            seen |= bit
            parser.skipWhitespace()
            guard parser.next(is: ":") else { return nil }
            parser.skipWhitespace()
            guard set(fields[index], of: &event, from: &parser, in: zone, keepText: keepText) else { return nil }
            parser.skipWhitespace()
            if parser.next(is: ",") { continue }
            guard parser.next(is: "}") else { return nil }
            break
        }
        parser.skipWhitespace()
        guard parser.position == parser.end, seen & info.required == info.required else { return nil }
        do { try event.validate(in: zone) } catch { return nil }
        if !keepText {
            event.summary = nil
            event.quote = nil
            event.source = nil
            event.reason = nil
        }
        return event
    }

    /// Reads one field's value into the event, with the checks of ``StanceEvent/set(_:from:in:)``;
    /// false when the general path must decide.
    private static func set(
        _ field: EventField, of event: inout StanceEvent, from parser: inout JSONByteParser, in zone: StoreTimeZone, keepText: Bool
    ) -> Bool {
        if field == .confidence {
            guard parser.position < parser.end, parser.bytes[parser.position] == UInt8(ascii: "-") || parser.isDigit(parser.bytes[parser.position]),
                  let number = (try? parser.parseNumber())?.doubleValue, number >= 0, number <= 1 else { return false }
            event.confidence = number
            return true
        }
        guard parser.at("\"") else { return false }
        let text: String
        switch field {
        case .summary, .quote, .source, .reason, .actor, .toward, .institution:
            // What only display reads is checked but, without `keepText`, not kept.
            let keep = keepText || field == .actor || field == .toward || field == .institution
            if let plain = parser.plainString() {
                // ``StanceEvent/checkText(_:field:)`` on printable ASCII: never a NUL, and
                // blank only when every byte is a space.
                guard plain.count <= EventField.maximumTextBytes, plain.contains(where: { $0 != 0x20 }) else { return false }
                text = keep ? String(decoding: plain, as: UTF8.self) : ""
            } else {
                guard let decoded = try? parser.parseString(), (try? StanceEvent.checkText(decoded, field: field.rawValue)) != nil
                else { return false }
                text = keep ? decoded : ""
            }
        default:
            if let plain = parser.plainString() {
                text = String(decoding: plain, as: UTF8.self)
            } else {
                guard let decoded = try? parser.parseString() else { return false }
                text = decoded
            }
        }
        switch field {
        case .actor, .toward, .institution:
            if field == .actor { event.actor = text } else if field == .toward { event.toward = text } else { event.institution = text }
        case .summary: event.summary = text
        case .quote: event.quote = text
        case .source: event.source = text
        case .reason: event.reason = text
        case .position:
            guard let position = Position(rawValue: text), Position.recordable.contains(position) else { return false }
            event.position = position
        case .strength:
            guard let strength = ResignationStrength(rawValue: text) else { return false }
            event.strength = strength
        case .role:
            guard let role = Role(rawValue: text) else { return false }
            event.role = role
        case .until:
            guard let until = try? WorldTime.parse(text, in: zone) else { return false }
            event.until = until
        case .retracts, .replacedBy, .replaces:
            guard let id = UUID(parsing: text) else { return false }
            if field == .retracts { event.retracts = id } else if field == .replacedBy { event.replacedBy = id } else { event.replaces = id }
        default:
            return false
        }
        return true
    }
}

extension JSONByteParser {
    /// At a '"': the bytes of a string that needs no decoding (printable ASCII, no escape),
    /// with the parser past its closing quote; nil, with the parser unmoved, for any other.
    mutating func plainString() -> UnsafeBufferPointer<UInt8>? {
        let opening = position
        position += 1
        while true {
            skipPlainASCII()
            guard position < end else { break }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return slice(opening + 1, position - 1)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { break }
            position += 1
        }
        position = opening
        return nil
    }

    /// Whether the next byte is `byte`, stepping past it if so.
    mutating func next(is byte: Unicode.Scalar) -> Bool {
        guard at(byte) else { return false }
        position += 1
        return true
    }

    func at(_ byte: Unicode.Scalar) -> Bool {
        position < end && bytes[position] == UInt8(ascii: byte)
    }
}
