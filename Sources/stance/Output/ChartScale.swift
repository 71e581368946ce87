import StanceDomain

/// World time to horizontal position: a linear map from a stretch of milliseconds onto the
/// plot's pixels, left to right.
struct ChartScale {
    let start: Int64
    let end: Int64
    let left: Double
    let right: Double

    static let day: Int64 = 86_400_000

    /// A scale covering `[first, last]` with a margin each side, at least a week wide so that a
    /// single day never fills the chart.
    init(first: Int64, last: Int64, left: Double, right: Double, fixedStart: Bool = false, fixedEnd: Bool = false) {
        var start = first
        var end = max(last, first + 1)
        let minimum = 7 * Self.day
        if end - start < minimum {
            let missing = minimum - (end - start)
            if fixedStart && fixedEnd {
                end = start + minimum
            } else if fixedStart {
                end += missing
            } else if fixedEnd {
                start -= missing
            } else {
                start -= missing / 2
                end += missing - missing / 2
            }
        }
        // A margin of 3% where the range was not asked for, so that the first and last markers
        // do not sit on the frame.
        let margin = (end - start) * 3 / 100
        if !fixedStart { start -= margin }
        if !fixedEnd { end += margin }
        self.start = start
        self.end = end
        self.left = left
        self.right = right
    }

    func x(_ millis: Int64) -> Double {
        let clamped = min(max(millis, start), end)
        return left + Double(clamped - start) / Double(end - start) * (right - left)
    }

    /// Pixels per millisecond times a length of time: how wide that length draws.
    func width(of millis: Int64) -> Double {
        Double(millis) / Double(end - start) * (right - left)
    }

    func contains(_ millis: Int64) -> Bool {
        start <= millis && millis <= end
    }
}
