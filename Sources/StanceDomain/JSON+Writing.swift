extension JSON {
    /// The compact, deterministic form: no whitespace, object keys in stored order.
    ///
    ///     let value: JSON = ["who": "Zoë", "n": 2, "w": 2.0, "path": "a/b"]
    ///     value.serialized()   // {"who":"Zoë","n":2,"w":2.0,"path":"a/b"}
    ///
    /// The same value gives the same bytes in every process, so the output can be hashed.
    /// Strings escape only what JSON requires plus DEL, U+2028 and U+2029 (which break
    /// JavaScript and some line-oriented tools); all other text, emoji and right-to-left
    /// scripts included, is written as raw UTF-8. Doubles use Swift's shortest round-trip
    /// form, always with a `.` or an exponent so they read back as doubles. NaN and infinity
    /// have no JSON form and are written as `null`; the parser never produces them.
    public func serialized() -> String {
        serialized(pretty: false)
    }

    /// The compact form, or an indented one for people to read.
    ///
    ///     let value: JSON = ["tags": ["tax", "health"], "extra": [:]]
    ///     print(value.serialized(pretty: true))
    ///     // {
    ///     //   "tags": [
    ///     //     "tax",
    ///     //     "health"
    ///     //   ],
    ///     //   "extra": {}
    ///     // }
    ///
    /// Pretty output indents by two spaces, puts one space after each colon, writes empty
    /// arrays and objects as `[]` and `{}`, and has no trailing newline.
    public func serialized(pretty: Bool) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(128)
        appendSerialized(to: &bytes, pretty: pretty)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the serialized UTF-8 bytes, for callers that hash or write bytes and would
    /// otherwise pay for a String in between.
    ///
    ///     var line: [UInt8] = []
    ///     event.appendSerialized(to: &line)
    ///     line.append(UInt8(ascii: "\n"))
    public func appendSerialized(to output: inout [UInt8], pretty: Bool = false) {
        if pretty {
            JSON.writePretty(self, to: &output, level: 0)
        } else {
            JSON.writeCompact(self, to: &output)
        }
    }
}

extension JSON {
    fileprivate static func writeCompact(_ value: JSON, to output: inout [UInt8]) {
        switch value {
        case .null:
            appendASCII("null", to: &output)
        case .bool(let bool):
            appendASCII(bool ? "true" : "false", to: &output)
        case .int(let int):
            appendInteger(int, to: &output)
        case .double(let double):
            appendDouble(double, to: &output)
        case .string(let string):
            appendString(string, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                writeCompact(element, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            for (position, member) in object.members.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                appendString(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                writeCompact(member.value, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    fileprivate static func writePretty(_ value: JSON, to output: inout [UInt8], level: Int) {
        switch value {
        case .array(let elements) where !elements.isEmpty:
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                appendNewline(level: level + 1, to: &output)
                writePretty(element, to: &output, level: level + 1)
            }
            appendNewline(level: level, to: &output)
            output.append(UInt8(ascii: "]"))
        case .object(let object) where !object.isEmpty:
            output.append(UInt8(ascii: "{"))
            for (position, member) in object.members.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                appendNewline(level: level + 1, to: &output)
                appendString(member.key, to: &output)
                appendASCII(": ", to: &output)
                writePretty(member.value, to: &output, level: level + 1)
            }
            appendNewline(level: level, to: &output)
            output.append(UInt8(ascii: "}"))
        default:
            writeCompact(value, to: &output)
        }
    }

    private static func appendNewline(level: Int, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
    }

    private static func appendASCII(_ text: StaticString, to output: inout [UInt8]) {
        output.append(
            contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private static func appendInteger(_ value: Int64, to output: inout [UInt8]) {
        if value < 0 { output.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let firstDigit = output.count
        repeat {
            output.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        output[firstDigit...].reverse()
    }

    private static func appendDouble(_ value: Double, to output: inout [UInt8]) {
        guard value.isFinite else {
            appendASCII("null", to: &output)
            return
        }
        // Swift's description is the shortest text that reads back to the same Double, is
        // independent of locale, and always carries ".0" or an exponent, e.g. 2.0 or 1e+16.
        var text = value.description
        text.withUTF8 { output.append(contentsOf: $0) }
    }

    /// Copies runs of bytes that need no escape in one go; only the rare escaped byte is
    /// handled on its own.
    static func appendString(_ string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            var runStart = 0
            var position = 0
            let count = utf8.count
            while position < count {
                let byte = utf8[position]
                if byte >= 0x20, byte != 0x22, byte != 0x5C, byte != 0x7F, byte != 0xE2 {
                    position += 1
                    continue
                }
                // U+2028 and U+2029 are E2 80 A8 and E2 80 A9; other E2 sequences pass through.
                if byte == 0xE2 {
                    guard position + 2 < count, utf8[position + 1] == 0x80,
                        utf8[position + 2] == 0xA8 || utf8[position + 2] == 0xA9
                    else {
                        position += 1
                        continue
                    }
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<position]))
                switch byte {
                case 0x22: appendASCII("\\\"", to: &output)
                case 0x5C: appendASCII("\\\\", to: &output)
                case 0x0A: appendASCII("\\n", to: &output)
                case 0x0D: appendASCII("\\r", to: &output)
                case 0x09: appendASCII("\\t", to: &output)
                case 0x08: appendASCII("\\b", to: &output)
                case 0x0C: appendASCII("\\f", to: &output)
                case 0xE2:
                    appendASCII(utf8[position + 2] == 0xA8 ? "\\u2028" : "\\u2029", to: &output)
                    position += 2
                default:
                    appendASCII("\\u00", to: &output)
                    output.append(hexDigit(byte >> 4))
                    output.append(hexDigit(byte & 0x0F))
                }
                position += 1
                runStart = position
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<count]))
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
