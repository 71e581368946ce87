/// Where each key of `index_keys` sits in a buffer of their bytes, by key id: what the audit's
/// reading of the key index looks up for each of its (key, seq) rows, 1.7 million on a
/// million events.
///
/// The ids are SQLite rowids, handed out 1, 2, 3, … as keys are first seen, so they are
/// dense: an array indexed by id then replaces a dictionary, whose hashing of each id cost
/// more than the rest of the lookup. Ids spread too thinly (a store edited by hand) are kept
/// in a dictionary, with the same answers.
///
/// ```swift
/// let spans = KeySpans([(id: 1, start: 0, end: 12), (id: 2, start: 12, end: 30)])
/// spans[2]   // (12, 30)
/// spans[7]   // nil
/// ```
struct KeySpans {
    typealias Span = (id: Int64, start: Int, end: Int)

    /// By id, where ids are dense: start -1 for an id no key has.
    private var byIndex: [(start: Int, end: Int)] = []
    private var byID: [Int64: (start: Int, end: Int)] = [:]
    private let dense: Bool

    init(_ spans: [Span]) {
        let highest = spans.lazy.map(\.id).max() ?? 0
        let lowest = spans.lazy.map(\.id).min() ?? 0
        dense = lowest >= 0 && highest < 2 * Int64(spans.count) + 1024
        if dense {
            byIndex = Array(repeating: (-1, -1), count: Int(highest) + 1)
            for span in spans { byIndex[Int(span.id)] = (span.start, span.end) }
        } else {
            for span in spans { byID[span.id] = (span.start, span.end) }
        }
    }

    subscript(id: Int64) -> (start: Int, end: Int)? {
        guard dense else { return byID[id] }
        guard id >= 0, id < byIndex.count else { return nil }
        let span = byIndex[Int(id)]
        return span.start < 0 ? nil : span
    }
}
