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
        // Most text needs nothing: keep it as it is without rebuilding it.
        if !value.unicodeScalars.contains(where: { needsWork($0, quotes: quotes) }) { return value }
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

    private static func needsWork(_ scalar: Unicode.Scalar, quotes: Bool) -> Bool {
        switch scalar {
        case "&", "<", ">", "\r": return true
        case "\"", "'", "\n", "\t": return quotes
        default: return !isAllowed(scalar)
        }
    }

    /// XML 1.0's Char production.
    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || v >= 0x10000
    }
}
