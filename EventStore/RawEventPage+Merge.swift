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
        // Each page's bytes copied once, after the first's; of rows of one seq, the earliest
        // page's is kept (the log's, before its copies), so that damage that makes a copy
        // differ from its event reads the same way every time.
        var merged = filled.removeFirst()
        for page in filled { merged.absorb(page) }
        merged.sortBySeqDroppingRepeats()
        return merged
    }
}
