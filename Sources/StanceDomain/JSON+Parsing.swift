extension JSON {
    /// Parses exactly one strict RFC 8259 document from UTF-8 bytes.
    ///
    ///     let line: [UInt8] = Array(#"{"actor":"a-17","stance":-1}"#.utf8)
    ///     let event = try JSON.parse(line)
    ///
    /// Rejected, each with a ``JSONParseError`` naming the byte offset: trailing commas,
    /// comments, `NaN`/`Infinity`, single quotes, leading zeros, unescaped control characters,
    /// unpaired surrogate escapes, ill-formed UTF-8 anywhere, duplicate keys, numbers beyond
    /// Double's range, and nesting deeper than `maxDepth` arrays and objects.
    ///
    /// The parser recurses once per nesting level, and so do equality, hashing, writing and
    /// destruction of the value it returns, so `maxDepth` is what keeps hostile input from
    /// overflowing the stack: raise it only as far as real documents need.
    @inlinable
    public static func parse(
        _ bytes: some Collection<UInt8>, maxDepth: Int = 64
    ) throws(JSONParseError) -> JSON {
        let result = bytes.withContiguousStorageIfAvailable { buffer in
            parseResult(buffer, maxDepth: maxDepth)
        }
        if let result {
            return try result.get()
        }
        return try Array(bytes).withUnsafeBufferPointer { buffer in
            parseResult(buffer, maxDepth: maxDepth)
        }.get()
    }

    /// Parses exactly one strict RFC 8259 document from a string's UTF-8 form.
    ///
    ///     let stance = try JSON.parse(#"{"issue":"tax","stance":-1}"#)
    public static func parse(_ string: String, maxDepth: Int = 64) throws(JSONParseError) -> JSON {
        var string = string
        return try string.withUTF8 { buffer in
            parseResult(buffer, maxDepth: maxDepth)
        }.get()
    }

    // A Result rather than typed throws: the buffer-access closures only rethrow `any Error`.
    @usableFromInline
    static func parseResult(
        _ buffer: UnsafeBufferPointer<UInt8>, maxDepth: Int
    ) -> Result<JSON, JSONParseError> {
        var parser = JSONByteParser(bytes: buffer, maxDepth: max(0, maxDepth))
        do {
            return .success(try parser.parseDocument())
        } catch {
            return .failure(error)
        }
    }
}

private let quote = UInt8(ascii: "\"")
private let backslash = UInt8(ascii: "\\")
private let closeQuoteExpectation = "'\"' to close the string"
private let hexDigitsExpectation = "4 hex digits after '\\u'"

/// Exact powers of ten: a Double mantissa below 2^53 scaled by one of these is correctly
/// rounded (Clinger's fast path), which spares most numbers the slow text conversion.
private let exactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]

/// A recursive-descent parser over raw UTF-8 bytes: no Characters, no Foundation, and
/// UTF-8 validated in the same pass that finds the end of each string.
private struct JSONByteParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let end: Int
    let maxDepth: Int
    var position = 0
    var depth = 0
    /// Reused for strings with escapes, so each one does not allocate its own buffer.
    var scratch: [UInt8] = []

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
            guard let (scalar, _) = decodeScalar(at: position) else { throw invalidUTF8(at: position) }
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
                guard position < end else { throw .unexpectedEnd(at: position, expected: expectation) }
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
        var elements: [JSON] = []
        skipWhitespace()
        if position < end, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
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
        var object = JSONObject()
        skipWhitespace()
        if position < end, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(object)
        }
        var keyExpectation = "a string key or '}'"
        while true {
            skipWhitespace()
            guard position < end else { throw .unexpectedEnd(at: position, expected: keyExpectation) }
            guard bytes[position] == quote else { throw unexpected(expected: keyExpectation) }
            let keyStart = position
            let key = try parseString()
            // Checked before the value is parsed, so the error points at the key itself.
            if object.containsKey(key) { throw .duplicateKey(key, at: keyStart) }
            skipWhitespace()
            guard position < end else { throw .unexpectedEnd(at: position, expected: "':'") }
            guard bytes[position] == UInt8(ascii: ":") else { throw unexpected(expected: "':'") }
            position += 1
            skipWhitespace()
            object.appendNewKey(key, try parseValue(expecting: "a JSON value"))
            skipWhitespace()
            guard position < end else { throw .unexpectedEnd(at: position, expected: "',' or '}'") }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
                keyExpectation = "a string key"
            case UInt8(ascii: "}"):
                position += 1
                return .object(object)
            default:
                throw unexpected(expected: "',' or '}'")
            }
        }
    }

    /// Strings without escapes, the vast majority, become a String straight from the input.
    mutating func parseString() throws(JSONParseError) -> String {
        position += 1
        let start = position
        while position < end {
            let byte = bytes[position]
            if byte == quote {
                let string = String(decoding: slice(start, position), as: UTF8.self)
                position += 1
                return string
            }
            if byte == backslash { return try parseEscapedString(from: start) }
            if byte < 0x20 { throw .controlCharacterInString(byte, at: position) }
            if byte < 0x80 {
                position += 1
            } else {
                position += try validUTF8Length()
            }
        }
        throw .unexpectedEnd(at: position, expected: closeQuoteExpectation)
    }

    /// Continues a string at its first backslash, collecting decoded bytes in `scratch`.
    mutating func parseEscapedString(from start: Int) throws(JSONParseError) -> String {
        scratch.removeAll(keepingCapacity: true)
        var runStart = start
        while position < end {
            let byte = bytes[position]
            if byte == quote || byte == backslash {
                scratch.append(contentsOf: slice(runStart, position))
                if byte == quote {
                    position += 1
                    return String(decoding: scratch, as: UTF8.self)
                }
                try appendEscape()
                runStart = position
            } else if byte < 0x20 {
                throw .controlCharacterInString(byte, at: position)
            } else if byte < 0x80 {
                position += 1
            } else {
                position += try validUTF8Length()
            }
        }
        throw .unexpectedEnd(at: position, expected: closeQuoteExpectation)
    }

    mutating func appendEscape() throws(JSONParseError) {
        let escapeStart = position
        guard position + 1 < end else {
            throw .unexpectedEnd(at: end, expected: "an escape character after '\\'")
        }
        let decoded: UInt8
        switch bytes[position + 1] {
        case quote: decoded = quote
        case backslash: decoded = backslash
        case UInt8(ascii: "/"): decoded = UInt8(ascii: "/")
        case UInt8(ascii: "b"): decoded = 0x08
        case UInt8(ascii: "f"): decoded = 0x0C
        case UInt8(ascii: "n"): decoded = 0x0A
        case UInt8(ascii: "r"): decoded = 0x0D
        case UInt8(ascii: "t"): decoded = 0x09
        case UInt8(ascii: "u"):
            try appendUnicodeEscape()
            return
        default:
            throw .invalidEscape(
                slice(escapeStart, escapeStart + 2), at: escapeStart,
                expected: #"one of \" \\ \/ \b \f \n \r \t \u"#)
        }
        scratch.append(decoded)
        position += 2
    }

    mutating func appendUnicodeEscape() throws(JSONParseError) {
        let escapeStart = position
        let unit = try readHexEscape(at: escapeStart)
        position += 6
        var scalarValue = UInt32(unit)
        switch unit {
        case 0xD800...0xDBFF:
            guard position + 1 < end,
                bytes[position] == backslash,
                bytes[position + 1] == UInt8(ascii: "u")
            else { throw unpairedSurrogate(at: escapeStart) }
            let low = try readHexEscape(at: position)
            guard (0xDC00...0xDFFF).contains(low) else { throw unpairedSurrogate(at: escapeStart) }
            position += 6
            scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
        case 0xDC00...0xDFFF:
            throw unpairedSurrogate(at: escapeStart)
        default:
            break
        }
        // Surrogates were excluded above, so this is always a valid scalar.
        scratch.append(contentsOf: UTF8.encode(Unicode.Scalar(scalarValue)!)!)
    }

    /// The value of the `\uXXXX` escape whose backslash is at `start`.
    func readHexEscape(at start: Int) throws(JSONParseError) -> UInt16 {
        var value: UInt16 = 0
        for digitPosition in (start + 2)..<(start + 6) {
            guard digitPosition < end else {
                throw .unexpectedEnd(at: end, expected: hexDigitsExpectation)
            }
            let byte = bytes[digitPosition]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default:
                throw .invalidEscape(
                    slice(start, digitPosition + 1), at: start, expected: hexDigitsExpectation)
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    func unpairedSurrogate(at start: Int) -> JSONParseError {
        .unpairedSurrogate(String(decoding: slice(start, start + 6), as: UTF8.self), at: start)
    }

    mutating func parseNumber() throws(JSONParseError) -> JSON {
        let start = position
        let negative = bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        var mantissa: UInt64 = 0
        // Past this many the exact digits no longer matter: the slow path reads the text.
        var mantissaOverflowed = false
        var fractionDigits = 0

        guard position < end else { throw .unexpectedEnd(at: position, expected: "a digit after '-'") }
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
            if position < end, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                exponentNegative = bytes[position] == UInt8(ascii: "-")
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
            if negative, mantissa <= Int64.min.magnitude { return .int(Int64(truncatingIfNeeded: 0 &- mantissa)) }
        }
        if !mantissaOverflowed {
            if mantissa == 0 { return .double(negative ? -0.0 : 0.0) }
            let scale = exponent - fractionDigits
            if mantissa <= 1 << 53, (-22...22).contains(scale) {
                var value = Double(mantissa)
                value = scale < 0 ? value / exactPowersOfTen[-scale] : value * exactPowersOfTen[scale]
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
        guard isDigit(bytes[position]) else { throw .invalidNumber(at: position, expected: expected) }
    }

    // MARK: - Bytes and UTF-8

    @inline(__always)
    func slice(_ from: Int, _ to: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[from..<to])
    }

    /// The error for a byte that cannot start a value here: a misplaced character if the
    /// bytes there are well-formed UTF-8, otherwise the UTF-8 fault itself.
    func unexpected(expected: String) -> JSONParseError {
        guard let (scalar, _) = decodeScalar(at: position) else { return invalidUTF8(at: position) }
        return .unexpectedCharacter(scalar, at: position, expected: expected)
    }

    /// Length of the well-formed UTF-8 sequence at `position`, whose first byte is >= 0x80.
    @inline(__always)
    func validUTF8Length() throws(JSONParseError) -> Int {
        let length = utf8SequenceLength(at: position)
        guard length > 0 else { throw invalidUTF8(at: position) }
        return length
    }

    func invalidUTF8(at start: Int) -> JSONParseError {
        .invalidUTF8(slice(start, start - utf8SequenceLength(at: start)), at: start)
    }

    /// The length of the well-formed sequence at `start` (Unicode Table 3-7: no overlong
    /// forms, no encoded surrogates, nothing above U+10FFFF), or, negated, the number of bytes
    /// up to and including the first one that breaks it.
    func utf8SequenceLength(at start: Int) -> Int {
        let lead = bytes[start]
        if lead < 0x80 { return 1 }
        var length = 3
        var secondLow: UInt8 = 0x80
        var secondHigh: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: secondLow = 0xA0
        case 0xE1...0xEC, 0xEE, 0xEF: break
        case 0xED: secondHigh = 0x9F
        case 0xF0: length = 4; secondLow = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondHigh = 0x8F
        default: return -1
        }
        for offset in 1..<length {
            guard start + offset < end else { return -(end - start) }
            let byte = bytes[start + offset]
            let (low, high) = offset == 1 ? (secondLow, secondHigh) : (0x80, 0xBF)
            guard byte >= low, byte <= high else { return -(offset + 1) }
        }
        return length
    }

    /// The scalar at `start` and its length, or nil if the bytes there are ill-formed.
    func decodeScalar(at start: Int) -> (Unicode.Scalar, Int)? {
        let length = utf8SequenceLength(at: start)
        guard length > 0 else { return nil }
        let lead = UInt32(bytes[start])
        var value = length == 1 ? lead : lead & (0xFF >> (length + 1))
        for offset in 1..<length {
            value = value << 6 | UInt32(bytes[start + offset] & 0x3F)
        }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }
}
