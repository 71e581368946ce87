/// Coordinates written with at most one decimal, by integer arithmetic: the same chart gives the
/// same bytes on every machine and in every locale, and a tenth of a pixel is finer than any
/// screen shows.
enum SVGNumber {
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = Int((value * 10).rounded())
        let whole = tenths / 10
        let fraction = abs(tenths % 10)
        if fraction == 0 { return String(whole) }
        // -0.5 has a whole part of 0, which carries no sign of its own.
        return (tenths < 0 && whole == 0 ? "-" : "") + "\(whole).\(fraction)"
    }
}
