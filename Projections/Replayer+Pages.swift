import EventStore
import Foundation
import StanceDomain

extension Replayer {
    /// ``digestFold(_:in:asOf:progress:)`` of an SQLite store, from raw pages: no GRDB row and
    /// no String per column, and each payload decoded once, straight from its bytes when the
    /// quick path can vouch for it (``PayloadDecoder``), else the general way, with the same
    /// event or the same reason to skip it.
    static func digestFold(
        pagesOf store: SQLiteEventStore, in zone: StoreTimeZone, asOf: AsOf?, progress: (Int64) -> Void
    ) throws -> (fold: DigestFold, skipped: [(seq: Int64, reason: String)]) {
        var folding = PageFolder(zone: zone)
        try store.forEachPage(after: 0, pageSize: pageSize) { page in
            var count = page.count
            if let asOf, let past = page.indices.first(where: { !asOf.includes(seq: page[$0].seq, recordedAt: page[$0].recordedAt) }) {
                count = past
            }
            folding.decode(lastSeq: count > 0 ? page[count - 1].seq : nil, count: count, progress: progress) { index in
                Result { () throws(DecodeFailure) -> DigestFold.Item in
                    do { return DigestFold.Item(try ProjectedEvent(foldingRow: index, of: page, in: zone), in: zone) } catch {
                        throw DecodeFailure(seq: page[index].seq, reason: "\(error)")
                    }
                }
            }
            return count == page.count
        }
        folding.finish(progress: progress)
        return (folding.fold, folding.skipped)
    }

    /// Folds decoded pages in order, one page decoding on the other threads while the reader
    /// reads the next.
    struct PageFolder {
        var fold: DigestFold
        var skipped: [(seq: Int64, reason: String)] = []
        private var decoding: DecodingPage<DigestFold.Item>?

        init(zone: StoreTimeZone) {
            fold = DigestFold(zone: zone)
        }

        /// Folds the page before, once decoded, and starts decoding this one.
        mutating func decode(
            lastSeq: Int64?, count: Int, progress: (Int64) -> Void, _ one: @escaping @Sendable (Int) -> Result<DigestFold.Item, DecodeFailure>
        ) {
            finish(progress: progress)
            decoding = DecodingPage(lastSeq: lastSeq, count: count, decode: one)
        }

        /// Folds the page being decoded, if any, once it is done.
        mutating func finish(progress: (Int64) -> Void) {
            guard let done = decoding else { return }
            done.group.wait()
            for result in done.results {
                switch result {
                case .success(let event): fold.add(event)
                case .failure(let failure): skipped.append((failure.seq, failure.reason))
                }
            }
            if let last = done.lastSeq { progress(last) }
            decoding = nil
        }
    }
}
