private let quote = UInt8(ascii: "\"")
private let backslash = UInt8(ascii: "\\")
private let closeQuoteExpectation = "'\"' to close the string"
private let hexDigitsExpectation = "4 hex digits after '\\u'"

// Strings, escapes and UTF-8: where most of a document's bytes are, and all of its encoding
// faults.
extension JSONByteParser {
    /// Strings without escapes, the vast majority, become a String straight from the input.
    mutating func parseString() throws(JSONParseError) -> String {
        position += 1
        let start = position
        lastStringWasPlainASCII = true
        while true {
            skipPlainASCII()
            guard position < end else {
                throw .unexpectedEnd(at: position, expected: closeQuoteExpectation)
            }
            let byte = bytes[position]
            if byte == quote {
                let string = String(decoding: slice(start, position), as: UTF8.self)
                position += 1
                return string
            }
            if byte == backslash {
                lastStringWasPlainASCII = false
                return try parseEscapedString(from: start)
            }
            if byte < 0x20 { throw .controlCharacterInString(byte, at: position) }
            if byte < 0x80 {
                position += 1
            } else {
                lastStringWasPlainASCII = false
                position += try validUTF8Length()
            }
        }
    }

    /// Continues a string at its first backslash, collecting decoded bytes in `scratch`.
    mutating func parseEscapedString(from start: Int) throws(JSONParseError) -> String {
        scratch.removeAll(keepingCapacity: true)
        var runStart = start
        while true {
            skipPlainASCII()
            guard position < end else {
                throw .unexpectedEnd(at: position, expected: closeQuoteExpectation)
            }
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
    }

    /// Skips string bytes that need no attention (printable ASCII other than '"' and '\\')
    /// eight at a time, stopping exactly at the first byte that does. Strings are most of a
    /// typical document's bytes, so this is where parsing spends its time.
    @inline(__always)
    mutating func skipPlainASCII() {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return }
        while position + 8 <= end {
            let word = UInt64(
                littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt64.self))
            let quotes = word ^ (ones &* UInt64(quote))
            let backslashes = word ^ (ones &* UInt64(backslash))
            // A byte's high bit ends up set where that byte is '"', '\\', below 0x20 or above
            // 0x7F. Borrows can also flag bytes after a flagged one, never before it, so the
            // lowest flag marks the first special byte exactly.
            let special = ((quotes &- ones) & ~quotes
                | (backslashes &- ones) & ~backslashes
                | (word &- ones &* 0x20)
                | word) & highBits
            if special != 0 {
                position += special.trailingZeroBitCount / 8
                return
            }
            position += 8
        }
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
