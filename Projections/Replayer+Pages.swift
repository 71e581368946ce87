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
        let folding = PageFolder(zone: zone)
        try forEachPage(of: store, asOf: asOf) { page, count in
            folding.decode(lastSeq: count > 0 ? page[count - 1].seq : nil, count: count, progress: progress) { index in
                Result { () throws(DecodeFailure) -> DigestFold.Item in
                    do { return DigestFold.Item(try ProjectedEvent(foldingRow: index, of: page, in: zone), in: zone) } catch {
                        throw DecodeFailure(seq: page[index].seq, reason: "\(error)")
                    }
                }
            }
        }
        folding.finish(progress: progress)
        return (folding.fold, folding.skipped)
    }

    /// ``replay(_:in:asOf:progress:)`` of an SQLite store, from raw pages decoded on every
    /// core, each event whole (``ProjectedEvent/init(row:of:in:)``: the event, or the reason to
    /// skip it, that the general reading gives), or `trimmed` as a fold takes it
    /// (``ProjectedEvent/init(foldingRow:of:in:)``). The general reading decoded one event at a
    /// time through a GRDB row and a String per column: ~1 s for 100,000 events, which every
    /// audit of a log that size paid for its full replay, and `report`, `diff` and `chart`.
    static func replay(
        pagesOf store: SQLiteEventStore, in zone: StoreTimeZone, asOf: AsOf?, trimmed: Bool = false, progress: (Int64) -> Void
    ) throws -> Replay {
        var replay = Replay(zone: zone, asOf: asOf)
        var decoded: [ProjectedEvent] = []
        try forEachPage(of: store, asOf: asOf) { page, count in
            let results = decode(count: count) { index in
                Result { () throws(DecodeFailure) -> ProjectedEvent in
                    do {
                        return try trimmed ? ProjectedEvent(foldingRow: index, of: page, in: zone) : ProjectedEvent(row: index, of: page, in: zone)
                    } catch {
                        throw DecodeFailure(seq: page[index].seq, reason: "\(error)")
                    }
                }
            }
            for result in results {
                switch result {
                case .success(let event): decoded.append(event)
                case .failure(let failure): replay.skipped.append((failure.seq, failure.reason))
                }
            }
            if count > 0 { progress(page[count - 1].seq) }
        }
        replay.apply(decoded)
        return replay
    }

    /// Calls `body` with each page of the log and how many of its first rows were recorded up
    /// to `asOf` (all of them without one), until the page that holds the cut.
    ///
    /// Past the cut, the rest of the reader's page is still read, as `forEach` reads it: a
    /// damaged row there stops the replay just as it did.
    private static func forEachPage(of store: SQLiteEventStore, asOf: AsOf?, _ body: (RawEventPage, Int) throws -> Void) throws {
        var rows = 0
        var done = false
        try store.forEachPage(after: 0, pageSize: pageSize) { page in
            rows += page.count
            if done { return rows % SQLiteEventStore.pageSize != 0 }
            var count = page.count
            if let asOf, let past = page.indices.first(where: { !asOf.includes(seq: page[$0].seq, recordedAt: page[$0].recordedAt) }) {
                count = past
                done = true
            }
            try body(page, count)
            return !done || rows % SQLiteEventStore.pageSize != 0
        }
    }

    /// Folds decoded pages in order on a thread of its own, so that the reading thread only
    /// reads: while it reads one page, the page before decodes on the other threads and the
    /// one before that is folded. Progress is told as each page is handed over.
    final class PageFolder: @unchecked Sendable {
        /// Written by the folding thread only; read once ``finish(progress:)`` returns.
        private(set) var fold: DigestFold
        private(set) var skipped: [(seq: Int64, reason: String)] = []
        /// Pages handed over and not yet folded, in order; guarded by `condition`.
        private var pending: [DecodingPage<DigestFold.Item>] = []
        private var closed = false
        private let condition = NSCondition()
        private var started = false
        private let done = DispatchSemaphore(value: 0)
        /// How many pages may be decoding or waiting to be folded before the reader waits:
        /// what bounds the memory of a pass, whatever the speed of each stage. Two kept both
        /// cores only ~83% busy, as one stage or another waited on a page that ran long; more
        /// even that out. A million-event replay (perf stat, back to back): 1.31 s with two,
        /// 1.20 s with eight, ~1.18 s with thirty-two (65,536 events, at most ~50 MB of raw and
        /// decoded pages; the whole replay peaked at ~165 MB).
        private static let depth = 32

        init(zone: StoreTimeZone) {
            fold = DigestFold(zone: zone)
        }

        /// Starts decoding a page of `count` events, `one` each, to be folded after the pages
        /// handed over before it.
        func decode(
            lastSeq: Int64?, count: Int, progress: (Int64) -> Void, _ one: @escaping @Sendable (Int) -> Result<DigestFold.Item, DecodeFailure>
        ) {
            if !started {
                started = true
                Thread { [self] in run() }.start()
            }
            condition.lock()
            while pending.count >= Self.depth { condition.wait() }
            pending.append(DecodingPage(lastSeq: lastSeq, count: count, decode: one))
            condition.broadcast()
            condition.unlock()
            if let lastSeq { progress(lastSeq) }
        }

        /// Waits until every page handed over is folded.
        func finish(progress: (Int64) -> Void) {
            guard started else { return }
            condition.lock()
            closed = true
            condition.broadcast()
            condition.unlock()
            done.wait()
        }

        /// The folding thread: each page in turn, once decoded.
        private func run() {
            while true {
                condition.lock()
                while pending.isEmpty && !closed { condition.wait() }
                guard let page = pending.first else {
                    condition.unlock()
                    break
                }
                condition.unlock()
                page.group.wait()
                page.results.withUnsafeBufferPointer { results in
                    for index in results.indices {
                        switch results[index] {
                        case .success(let event): fold.add(event)
                        case .failure(let failure): skipped.append((failure.seq, failure.reason))
                        }
                    }
                }
                condition.lock()
                pending.removeFirst()
                condition.broadcast()
                condition.unlock()
            }
            done.signal()
        }
    }
}
