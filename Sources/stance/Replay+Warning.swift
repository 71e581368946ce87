import Projections

extension Replay {
    /// One line on standard error when undecodable events were left out of the answer: the
    /// answer still stands on the rest, and the reader knows what it stands on.
    func warnIfSkipped() {
        Self.warn(skipped: skipped)
    }

    /// ``warnIfSkipped()`` for the events a fold skipped.
    static func warn(skipped: [(seq: Int64, reason: String)]) {
        guard !skipped.isEmpty else { return }
        let seqs = skipped.map { String($0.seq) }.joined(separator: ", ")
        StandardOutput.error("warning: \(skipped.count) event(s) could not be decoded and were skipped: seq \(seqs).")
    }
}
