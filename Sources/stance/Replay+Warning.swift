import Projections

extension Replay {
    /// One line on standard error when undecodable events were left out of the answer: the
    /// answer still stands on the rest, and the reader knows what it stands on.
    func warnIfSkipped() {
        Self.warn(skipped: skipped.map(\.seq))
    }

    /// ``warnIfSkipped()`` for the events another reading skipped (a fold, a listing), by seq.
    static func warn(skipped: [Int64]) {
        guard !skipped.isEmpty else { return }
        StandardOutput.error("warning: \(skipped.count) event(s) could not be decoded and were skipped: seq \(skipped.map(String.init).joined(separator: ", ")).")
    }
}
