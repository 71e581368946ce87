private let quote = UInt8(ascii: "\"")

/// Exact powers of ten: a Double mantissa below 2^53 scaled by one of these is correctly
/// rounded (Clinger's fast path), which spares most numbers the slow text conversion.
private let exactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]

/// The engine behind `JSON.parse`: one instance per document, reading raw UTF-8 bytes.
///
///     var parser = JSONByteParser(bytes: buffer, maxDepth: 64)
///     let value = try parser.parseDocument()
///
/// It works on bytes rather than Characters, validates UTF-8 in the same pass that finds
/// the end of each string, and recurses once per nesting level, bounded by `maxDepth`.
/// Strings, escapes and UTF-8 are in JSONByteParser+Strings.swift.
struct JSONByteParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let end: Int
    let maxDepth: Int
    var position = 0
    var depth = 0
    /// Reused for strings with escapes, so each one does not allocate its own buffer.
    var scratch: [UInt8] = []
    /// Whether the string just parsed had neither escapes nor bytes above 0x7F, which lets
    /// duplicate-key checks compare lengths before Strings.
    var lastStringWasPlainASCII = true

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.end = bytes.count
        self.maxDepth = maxDepth
    }

    mutating func parseDocument() throws(JSONParseError) -> JSON {
        skipWhitespace()
        guard position < end else { throw .emptyInput(at: position) }
        let value = try parseValue(expecting: "a JSON value")
        skipWhitespace()
        if position < end {
            guard let (scalar, _) = decodeScalar(at: position) else {
                throw invalidUTF8(at: position)
            }
            throw .trailingContent(scalar, at: position)
        }
        return value
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while position < end {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    mutating func parseValue(expecting expectation: String) throws(JSONParseError) -> JSON {
        guard position < end else { throw .unexpectedEnd(at: position, expected: expectation) }
        switch bytes[position] {
        case quote: return .string(try parseString())
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        default:
            throw unexpected(expected: expectation)
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let text = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for byte in text {
            guard position < end, bytes[position] == byte else {
                // Worded only on failure: building it for every byte would allocate.
                let expectation = "'\(Unicode.Scalar(byte))' to complete '\(literal)'"
                guard position < end else {
                    throw .unexpectedEnd(at: position, expected: expectation)
                }
                throw unexpected(expected: expectation)
            }
            position += 1
        }
    }

    mutating func enterContainer() throws(JSONParseError) {
        guard depth < maxDepth else { throw .tooDeep(limit: maxDepth, at: position) }
        depth += 1
        position += 1
    }

    mutating func parseArray() throws(JSONParseError) -> JSON {
        try enterContainer()
        defer { depth -= 1 }
        skipWhitespace()
        if position < end, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array([])
        }
        var elements: [JSON] = []
        elements.reserveCapacity(4)
        var expectation = "a JSON value or ']'"
        while true {
            skipWhitespace()
            elements.append(try parseValue(expecting: expectation))
            skipWhitespace()
            guard position < end else { throw .unexpectedEnd(at: position, expected: "',' or ']'") }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
                expectation = "a JSON value"
            case UInt8(ascii: "]"):
                position += 1
                return .array(elements)
            default:
                throw unexpected(expected: "',' or ']'")
            }
        }
    }

    mutating func parseObject() throws(JSONParseError) -> JSON {
        try enterContainer()
        defer { depth -= 1 }
        skipWhitespace()
        if position < end, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(JSONObject())
        }
        var members: [JSONObject.Member] = []
        members.reserveCapacity(4)
        // Built only when the object outgrows a linear scan, so that a hostile object with
        // 100,000 keys costs linear time, not quadratic.
        var seenKeys: Set<String>?
        var keyExpectation = "a string key or '}'"
        while true {
            skipWhitespace()
            guard position < end else {
                throw .unexpectedEnd(at: position, expected: keyExpectation)
            }
            guard bytes[position] == quote else { throw unexpected(expected: keyExpectation) }
            let keyStart = position
            let key = try parseString()
            let keyIsASCII = lastStringWasPlainASCII
            // Checked before the value is parsed, so the error points at the key itself.
            if members.count < JSONObject.linearScanLimit {
                let length = key.utf8.count
                for member in members
                where member.hasKey(key, length: length, isASCII: keyIsASCII) {
                    throw .duplicateKey(key, at: keyStart)
                }
            } else {
                if seenKeys == nil {
                    seenKeys = Set(members.lazy.map(\.key))
                }
                if !seenKeys!.insert(key).inserted { throw .duplicateKey(key, at: keyStart) }
            }
            skipWhitespace()
            guard position < end else { throw .unexpectedEnd(at: position, expected: "':'") }
            guard bytes[position] == UInt8(ascii: ":") else { throw unexpected(expected: "':'") }
            position += 1
            skipWhitespace()
            let value = try parseValue(expecting: "a JSON value")
            members.append(JSONObject.Member(key: key, value: value, keyIsASCII: keyIsASCII))
            skipWhitespace()
            guard position < end else { throw .unexpectedEnd(at: position, expected: "',' or '}'") }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
                keyExpectation = "a string key"
            case UInt8(ascii: "}"):
                position += 1
                return .object(JSONObject(uniqueMembers: members))
            default:
                throw unexpected(expected: "',' or '}'")
            }
        }
    }

    mutating func parseNumber() throws(JSONParseError) -> JSON {
        let start = position
        let negative = bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        var mantissa: UInt64 = 0
        // Set once the digits stop fitting: from then on only the slow path, which reads the
        // text, can give the exact value.
        var mantissaOverflowed = false
        var fractionDigits = 0

        guard position < end else {
            throw .unexpectedEnd(at: position, expected: "a digit after '-'")
        }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < end, isDigit(bytes[position]) { throw .leadingZero(at: position - 1) }
        } else if isDigit(bytes[position]) {
            while position < end, isDigit(bytes[position]) {
                accumulate(bytes[position], into: &mantissa, overflowed: &mantissaOverflowed)
                position += 1
            }
        } else {
            throw .invalidNumber(at: position, expected: "a digit after '-'")
        }

        var isInteger = true
        if position < end, bytes[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            try requireDigit(expected: "a digit after '.'")
            while position < end, isDigit(bytes[position]) {
                accumulate(bytes[position], into: &mantissa, overflowed: &mantissaOverflowed)
                fractionDigits += 1
                position += 1
            }
        }

        var exponent = 0
        if position < end, bytes[position] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            position += 1
            var exponentNegative = false
            if position < end, bytes[position] == UInt8(ascii: "-") {
                exponentNegative = true
                position += 1
            } else if position < end, bytes[position] == UInt8(ascii: "+") {
                position += 1
            }
            try requireDigit(expected: "a digit in the exponent")
            while position < end, isDigit(bytes[position]) {
                // Capped: only whether it is small matters here; the slow path sees the text.
                if exponent < 1_000_000 { exponent = exponent * 10 + Int(bytes[position] &- 0x30) }
                position += 1
            }
            if exponentNegative { exponent = -exponent }
        }

        if isInteger, !mantissaOverflowed {
            if !negative, mantissa <= UInt64(Int64.max) { return .int(Int64(mantissa)) }
            if negative, mantissa <= Int64.min.magnitude {
                return .int(Int64(truncatingIfNeeded: 0 &- mantissa))
            }
        }
        if !mantissaOverflowed {
            if mantissa == 0 { return .double(negative ? -0.0 : 0.0) }
            let scale = exponent - fractionDigits
            if mantissa <= 1 << 53, (-22...22).contains(scale) {
                var value = Double(mantissa)
                value = scale < 0
                    ? value / exactPowersOfTen[-scale] : value * exactPowersOfTen[scale]
                return .double(negative ? -value : value)
            }
        }
        let text = String(decoding: slice(start, position), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw .numberOutOfRange(at: start) }
        return .double(value)
    }

    @inline(__always)
    func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    @inline(__always)
    func accumulate(_ digit: UInt8, into mantissa: inout UInt64, overflowed: inout Bool) {
        if mantissa <= (UInt64.max - 9) / 10 {
            mantissa = mantissa &* 10 &+ UInt64(digit &- UInt8(ascii: "0"))
        } else {
            overflowed = true
        }
    }

    func requireDigit(expected: String) throws(JSONParseError) {
        guard position < end else { throw .unexpectedEnd(at: position, expected: expected) }
        guard isDigit(bytes[position]) else {
            throw .invalidNumber(at: position, expected: expected)
        }
    }
}
