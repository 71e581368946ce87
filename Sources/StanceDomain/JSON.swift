/// A JSON value, parsed strictly and written byte for byte the same way every time.
///
/// Stored JSON bytes are hashed, so the writer must never vary between runs; and imported
/// lines come from outside, so the parser must reject anything that is not plain RFC 8259.
///
///     let event = try JSON.parse(#"{"actor":"a-17","weight":0.75,"tags":["tax"]}"#)
///     event["actor"]?.stringValue          // "a-17"
///     event["weight"]?.doubleValue         // 0.75
///     event.serialized()                   // {"actor":"a-17","weight":0.75,"tags":["tax"]}
///
///     let literal: JSON = ["kind": "vote", "count": 3, "final": true, "note": nil]
///     literal.serialized()                 // {"kind":"vote","count":3,"final":true,"note":null}
///
/// Numbers keep the form they were written in: `1` is ``int(_:)`` and `1.0` is
/// ``double(_:)``, and the two are not equal. That keeps `parse(x.serialized()) == x` exact
/// and lets integer identifiers above 2^53 survive untouched.
public enum JSON: Hashable, Sendable {
    case null
    case bool(Bool)
    /// An integer written without fraction or exponent that fits in 64 bits.
    case int(Int64)
    /// Any other number. The parser only produces finite values.
    case double(Double)
    case string(String)
    case array([JSON])
    case object(JSONObject)
}

extension JSON {
    /// The member named `key` when this is an object; nil for a missing key or a non-object,
    /// so lookups chain without casting: `event["actor"]?["id"]?.stringValue`.
    public subscript(key: String) -> JSON? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    public var stringValue: String? {
        guard case .string(let value) = self else { return nil }
        return value
    }

    /// The integer, only for numbers written as integers: `2.0` gives nil, so that a
    /// fractional count is noticed rather than silently truncated.
    public var intValue: Int64? {
        guard case .int(let value) = self else { return nil }
        return value
    }

    /// Any number as a Double; integers convert (beyond 2^53 they round to the nearest Double).
    public var doubleValue: Double? {
        switch self {
        case .double(let value): return value
        case .int(let value): return Double(value)
        default: return nil
        }
    }

    public var boolValue: Bool? {
        guard case .bool(let value) = self else { return nil }
        return value
    }

    public var arrayValue: [JSON]? {
        guard case .array(let value) = self else { return nil }
        return value
    }

    public var objectValue: JSONObject? {
        guard case .object(let value) = self else { return nil }
        return value
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The JSON name of this value's type, for error messages such as
    /// `"weight" must be a number, found string`.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int, .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

extension JSON: CustomStringConvertible {
    /// The compact serialized form, so that interpolation and test failures show real JSON.
    public var description: String { serialized() }
}

extension JSON: ExpressibleByNilLiteral {
    public init(nilLiteral: ()) { self = .null }
}

extension JSON: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension JSON: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int64) { self = .int(value) }
}

extension JSON: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension JSON: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}

extension JSON: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
}

extension JSON: ExpressibleByDictionaryLiteral {
    /// Keeps the literal's key order, which is the order the writer uses.
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self = .object(JSONObject(elements))
    }
}
