import StanceDomain

/// Colours and names for positions: the Okabe–Ito palette, which readers with the common forms
/// of colour blindness can tell apart, in the order of the positions from support to a call for
/// resignation. Colour is never the only carrier: every band also carries the position's name
/// (in full, or short when the band is narrow) and a tooltip.
enum ChartPalette {
    static func colour(_ position: Position) -> String {
        switch position {
        case .supports: return "#009E73"
        case .neutral: return "#BBBBBB"
        case .critical: return "#E69F00"
        case .opposes: return "#D55E00"
        case .callsForResignation: return "#CC79A7"
        case .unknown: return "#FFFFFF"
        }
    }

    /// The short name written on a band too narrow for the full one.
    static func shortName(_ position: Position) -> String {
        switch position {
        case .supports: return "sup"
        case .neutral: return "neu"
        case .critical: return "crit"
        case .opposes: return "opp"
        case .callsForResignation: return "resign"
        case .unknown: return "?"
        }
    }

    /// Ink for outlines, text and clusters.
    static let ink = "#222222"
    static let grid = "#DDDDDD"
    static let muted = "#666666"

    /// The chart's fonts: common sans faces, so that the estimate of text widths holds.
    static let fontFamily = "DejaVu Sans, Verdana, Arial, sans-serif"

    /// An estimate of the width of `text` at `size` px, wide enough for DejaVu Sans and Verdana
    /// (the widest of the fonts named), so that a label judged to fit does fit.
    static func textWidth(_ text: String, size: Double) -> Double {
        Double(text.count) * size * 0.62
    }
}
