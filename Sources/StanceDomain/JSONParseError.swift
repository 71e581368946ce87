/// Why a document is not acceptable JSON, and the byte offset where that became certain.
///
///     do {
///         _ = try JSON.parse(#"{"actor":"a-17" "stance":1}"#)
///     } catch {
///         error.code         // .unexpectedCharacter
///         error.offset       // 16
///         error.description  // unexpected character '"' at byte 16; expected ',' or '}'
///     }
///
/// Offsets count UTF-8 bytes from 0, so a tool can point at the exact spot in a file line.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of fault, for code that reacts differently to different faults.
    public enum Code: Sendable, Hashable, CaseIterable {
        /// No value at all: the input is empty or only whitespace.
        case emptyInput
        /// The input stops in the middle of a value.
        case unexpectedEnd
        /// A character that cannot appear at that point.
        case unexpectedCharacter
        /// Bytes that are not well-formed UTF-8 (overlong, surrogate, too large, truncated).
        case invalidUTF8
        /// A backslash followed by anything but `" \ / b f n r t` or `u` and four hex digits.
        case invalidEscape
        /// A `\u` escape of a UTF-16 surrogate that is not part of a high-low pair.
        case unpairedSurrogate
        /// A raw byte below 0x20 inside a string; JSON requires it to be escaped.
        case controlCharacterInString
        /// A number that breaks the grammar: leading zero, missing digits.
        case invalidNumber
        /// A well-formed number too large for a Double.
        case numberOutOfRange
        /// The same key twice in one object. Keys compare as Swift Strings, so two spellings
        /// of one text (precomposed and decomposed "é") count as the same key.
        case duplicateKey
        /// Arrays and objects nested deeper than the parser's `maxDepth`.
        case tooDeep
        /// Something other than whitespace after the one top-level value.
        case trailingContent
    }

    public let code: Code

    /// The 0-based byte offset of the fault: the offending byte, the start of the offending
    /// token (escape, key, number, UTF-8 sequence), or the input length for an early end.
    public let offset: Int

    /// What would have been accepted at `offset`, in words, when a single answer exists.
    public let expected: String?

    /// The first half of the sentence, naming the fault and its culprit.
    private let summary: String

    public var description: String {
        var text = "\(summary) at byte \(offset)"
        if let expected {
            text += "; expected \(expected)"
        }
        return text
    }

    private init(_ code: Code, at offset: Int, _ summary: String, expected: String? = nil) {
        self.code = code
        self.offset = offset
        self.summary = summary
        self.expected = expected
    }
}

// The parser builds errors only through these, so the wording lives in one place.
extension JSONParseError {
    static func emptyInput(at offset: Int) -> JSONParseError {
        JSONParseError(.emptyInput, at: offset, "empty input", expected: "a JSON value")
    }

    static func unexpectedEnd(at offset: Int, expected: String) -> JSONParseError {
        JSONParseError(.unexpectedEnd, at: offset, "unexpected end of input", expected: expected)
    }

    static func unexpectedCharacter(
        _ scalar: Unicode.Scalar, at offset: Int, expected: String
    ) -> JSONParseError {
        JSONParseError(
            .unexpectedCharacter, at: offset,
            "unexpected character \(render(scalar))", expected: expected)
    }

    /// `bytes` runs from the sequence's first byte through the first byte that broke it.
    static func invalidUTF8(_ bytes: some Sequence<UInt8>, at offset: Int) -> JSONParseError {
        let hex = bytes.map { "0x" + hexDigits(UInt32($0), width: 2) }.joined(separator: " ")
        return JSONParseError(.invalidUTF8, at: offset, "invalid UTF-8 sequence \(hex)")
    }

    /// `text` is the escape as written, from the backslash through the offending byte.
    static func invalidEscape(
        _ text: some Sequence<UInt8>, at offset: Int, expected: String
    ) -> JSONParseError {
        let bytes = Array(text)
        let shown: String
        if let last = bytes.last, !(0x20...0x7E).contains(last) {
            // Only the last byte can be unprintable: everything before it was accepted.
            let head = String(decoding: bytes.dropLast(), as: UTF8.self)
            shown = "'\(head)' followed by byte 0x\(hexDigits(UInt32(last), width: 2))"
        } else {
            shown = "'\(String(decoding: bytes, as: UTF8.self))'"
        }
        return JSONParseError(
            .invalidEscape, at: offset, "invalid escape \(shown)", expected: expected)
    }

    static func unpairedSurrogate(_ escape: String, at offset: Int) -> JSONParseError {
        JSONParseError(.unpairedSurrogate, at: offset, "unpaired surrogate escape '\(escape)'")
    }

    static func controlCharacterInString(_ byte: UInt8, at offset: Int) -> JSONParseError {
        JSONParseError(
            .controlCharacterInString, at: offset,
            "unescaped control character U+\(hexDigits(UInt32(byte), width: 4)) in string")
    }

    static func leadingZero(at offset: Int) -> JSONParseError {
        JSONParseError(.invalidNumber, at: offset, "number with a leading zero")
    }

    static func invalidNumber(at offset: Int, expected: String) -> JSONParseError {
        JSONParseError(.invalidNumber, at: offset, "invalid number", expected: expected)
    }

    static func numberOutOfRange(at offset: Int) -> JSONParseError {
        JSONParseError(.numberOutOfRange, at: offset, "number out of range")
    }

    static func duplicateKey(_ key: String, at offset: Int) -> JSONParseError {
        // Quoted as JSON so that quotes and newlines in the key cannot garble the message;
        // shortened because a hostile key may be megabytes long.
        let shown = key.unicodeScalars.count > 64
            ? String(String.UnicodeScalarView(key.unicodeScalars.prefix(64))) + "…"
            : key
        return JSONParseError(
            .duplicateKey, at: offset, "duplicate key \(JSON.string(shown).serialized())")
    }

    static func tooDeep(limit: Int, at offset: Int) -> JSONParseError {
        JSONParseError(.tooDeep, at: offset, "nesting deeper than \(limit) levels")
    }

    static func trailingContent(_ scalar: Unicode.Scalar, at offset: Int) -> JSONParseError {
        JSONParseError(
            .trailingContent, at: offset,
            "unexpected character \(render(scalar)) after the JSON value",
            expected: "end of input")
    }

    /// Visible characters in quotes; spaces, controls and invisible characters such as a
    /// byte order mark by code point, since quoting them would show nothing.
    private static func render(_ scalar: Unicode.Scalar) -> String {
        let codePoint = "U+" + hexDigits(scalar.value, width: 4)
        if scalar == "'" {
            return #""'""#
        }
        if (0x21...0x7E).contains(scalar.value) {
            return "'\(Character(scalar))'"
        }
        if scalar.isASCII {
            return codePoint
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber,
            .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation,
            .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return "'\(Character(scalar))' (\(codePoint))"
        default:
            return codePoint
        }
    }

    private static func hexDigits(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
