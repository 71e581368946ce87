import Foundation

extension RawEventPage {
    /// Pages in `seq` order merged into one in `seq` order, each seq once: what a keyed read
    /// that takes some keys from the clustered copies and the rest from the log returns.
    ///
    /// ```swift
    /// let page = RawEventPage.merged([fromLog, fromCopies])
    /// ```
    static func merged(_ pages: [RawEventPage]) -> RawEventPage {
        var filled = pages.filter { !$0.isEmpty }
        if filled.count <= 1 {
            // A page of clustered copies holds an event once for each of the keys read that
            // it is under, side by side in seq order.
            var only = filled.first ?? RawEventPage(capacity: 0)
            only.dropRepeatedSeqs()
            return only
        }
        // The largest page keeps its bytes where they are; the others' are copied after them.
        let largest = filled.indices.max { filled[$0].count < filled[$1].count }!
        var merged = filled.remove(at: largest)
        for page in filled { merged.absorb(page) }
        merged.sortBySeqDroppingRepeats()
        return merged
    }
}
