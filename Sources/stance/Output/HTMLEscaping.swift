/// Escaping for text placed in SVG and HTML, so that a quote holding `<script>` shows as text.
///
/// One escaping serves both: XML (the SVG must parse as XML) is the stricter of the two, and
/// its entities mean the same in HTML. Characters XML 1.0 forbids (most C0 controls, lone
/// surrogates cannot occur in a Swift String, U+FFFE and U+FFFF) become U+FFFD, so a damaged
/// quote never makes the file unreadable.
enum HTMLEscaping {
    /// Text content: `&`, `<` and `>` escaped.
    static func text(_ value: String) -> String {
        escape(value, quotes: false)
    }

    /// An attribute value in double quotes: also `"` and `'`, and line breaks kept as
    /// character references so that attribute normalisation does not turn them into spaces.
    static func attribute(_ value: String) -> String {
        escape(value, quotes: true)
    }

    private static func escape(_ value: String, quotes: Bool) -> String {
        // Most text needs nothing: keep it as it is without rebuilding it. Every character that
        // needs work is ASCII or starts with the byte 0xEF (U+FFFE, U+FFFF), so scanning the
        // UTF-8 bytes decides, much faster than scanning scalars on a report of many megabytes.
        if !value.utf8.contains(where: { needsWork($0, quotes: quotes) }) { return value }
        var result = ""
        result.reserveCapacity(value.utf8.count + 16)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where quotes: result += "&quot;"
            case "'" where quotes: result += "&#39;"
            case "\n" where quotes: result += "&#10;"
            case "\t" where quotes: result += "&#9;"
            case "\r": result += "&#13;"
            default:
                result.unicodeScalars.append(isAllowed(scalar) ? scalar : "\u{FFFD}")
            }
        }
        return result
    }

    private static func needsWork(_ byte: UInt8, quotes: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\r"), 0xEF: return true
        case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\n"), UInt8(ascii: "\t"): return quotes
        default: return byte < 0x20
        }
    }

    /// XML 1.0's Char production.
    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || v >= 0x10000
    }
}
