import Foundation

extension QueryScope {
    /// Everyone who holds (or held) a role in the actor, in id order.
    func roleHolders(of actor: String) -> [String] {
        Set(directory.roleSpans().filter { $0.institution == actor }.map(\.person)).sorted()
    }

    /// For each person who spoke for the institution, when (ms, both ends included, in order,
    /// overlapping roles merged, each reaching ``margin`` further): only then can its words count.
    func speakingSpans(of institution: String) -> [String: [ClosedRange<Int64>]] {
        let directory = self.directory
        var spans: [String: [ClosedRange<Int64>]] = [:]
        for span in directory.speakingRoles(for: institution, in: directory.roleSpans()) where span.person != institution {
            let last = span.end.map { $0 - 1 } ?? .max
            guard span.start <= last else { continue }
            spans[span.person, default: []].append(Self.widened(span.start...last))
        }
        return spans.mapValues { ranges in
            var merged: [ClosedRange<Int64>] = []
            for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
                if let previous = merged.last, range.lowerBound <= previous.upperBound {
                    merged[merged.count - 1] = previous.lowerBound...max(previous.upperBound, range.upperBound)
                } else {
                    merged.append(range)
                }
            }
            return merged
        }
    }

    /// How far a window reaches past the last instant it is for: two days. A window compares
    /// the stored `occurred_at`, but a day-precision event counts from its day's first instant
    /// in the store's zone, which may be up to a day (25 hours on a long day) before the stored
    /// value when a row was written by another tool or under other zone rules; never after it.
    /// The fold makes the exact check.
    static let margin: Int64 = 2 * 86_400_000

    static func widened(_ range: ClosedRange<Int64>) -> ClosedRange<Int64> {
        let (high, overflow) = range.upperBound.addingReportingOverflow(margin)
        return range.lowerBound...(overflow ? .max : high)
    }
}
