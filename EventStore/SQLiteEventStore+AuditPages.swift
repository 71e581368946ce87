import Foundation
import GRDB
import GRDBSQLite

extension SQLiteEventStore {
    /// ``auditChain(_:)`` of the whole log in one pipelined pass: SQLite's own checks run on a
    /// connection of their own, on another thread; rows are read in raw pages on a thread of
    /// their own, and as each is read, the other threads recompute its hashes and have its
    /// ``AuditPageWork`` (made by `work`) prepare each readable row: the caller's own per-event
    /// work, decoding say. On this thread the chain is then checked in `seq` order, and `body`
    /// gets each readable row with its page's work.
    ///
    /// The findings, and the rows `body` sees, are those of ``auditChain(_:)``.
    public func auditChain<Work: AuditPageWork>(
        work: @escaping @Sendable (RawEventPage) -> Work,
        _ body: (RawEventPage, Int, Work) throws -> Void
    ) throws -> ChainReport {
        // The triggers and the integrity check read the whole file besides the chain's pass.
        let path = path
        let structural = readAside { db in
            do {
                return try Self.auditTriggers(db) + Self.auditIntegrity(db)
            } catch {
                throw Self.map(error, path: path)
            }
        }
        var report = ChainReport()
        var chain = ChainState(expectedRows: Int(try head().seq))
        // Reading and checking each take a thread, so that neither waits on the other: when
        // one thread did both, the other threads sat idle while it checked a page (cores ~1.6
        // busy of 2). At most the queue's depth plus two pages are in flight (~2 MB each, with
        // their work): those queued, one the reader waits to queue, one being checked.
        let pages = PageHandoff<AuditedPage<Work>>(depth: Self.auditPagesQueued)
        Thread { [self] in
            do {
                try forEachPage(after: 0, pageSize: 2048, keepingUnreadable: true) { page in
                    let audited = AuditedPage(page, work(page))
                    guard pages.push(audited) else {
                        // Refused: the caller stopped. Its work ends before the reader does.
                        audited.group.wait()
                        return false
                    }
                    return true
                }
                pages.close(failure: nil)
            } catch {
                pages.close(failure: error)
            }
        }.start()
        // However the pass ends, no work of the caller's runs on after it: the reader is done
        // and every page it queued has finished.
        defer { for dropped in pages.cancelAndWait() { dropped.group.wait() } }
        while let done = try pages.next() {
            done.group.wait()
            let (page, work) = (done.page, done.work)
            for index in page.indices where chain.check(page, index, recomputed: done.hashes[index], into: &report) {
                try body(page, index, work)
            }
        }
        if let head = chain.head { report.head = head }
        let storeFindings = try structural.result() ?? read { db in try Self.auditTriggers(db) + Self.auditIntegrity(db) }
        report.findings = storeFindings + report.findings
        return report
    }

    /// How many pages an audit's pass keeps queued between reading and checking.
    static let auditPagesQueued = 3
}

extension SQLiteEventStore {
    /// Runs `body` with a lookup of events by id, all in one read with one prepared statement,
    /// each found event as a page of one row: what ``event(withID:)`` reads, for a caller
    /// that looks up thousands and decodes from bytes.
    public func withEventPageLookup<T>(_ body: ((UUID) throws -> RawEventPage?) throws -> T) throws -> T {
        try read { db in try Self.withEventPageLookup(db, body) }
    }

    /// Runs `body` with ``seq(ofEventWithID:)`` as one read with one prepared statement.
    public func withSeqLookup<T>(_ body: ((UUID) throws -> Int64?) throws -> T) throws -> T {
        try read { db in
            let statement = try db.cachedStatement(sql: "SELECT seq FROM events WHERE id = ? AND typeof(seq) = 'integer'")
            return try body { id in try Int64.fetchOne(statement, arguments: [ChainHash.canonical(id)]) }
        }
    }

    /// ``forEachKey(_:)`` with each key as its bytes rather than a String. False, once some
    /// rows may have been given, when a row is not plain (a key that is not UTF-8 text without
    /// NUL, a seq that is not an integer): the caller then starts over with ``forEachKey(_:)``,
    /// which reads such rows as GRDB does.
    public func forEachKeyBytes(_ body: (UnsafeRawBufferPointer, Int64, Int64?) -> Void) throws -> Bool {
        guard hasKeyIndex else { return true }
        return try read { db in try Self.forEachKeyBytes(db, carryingOccurred: keysCarryOccurred, body) }
    }

    /// ``forEachKeyBytes(_:)`` started now on a connection and a thread of its own, so that
    /// reading the index overlaps the caller's own reading; ``AsideRead/result()`` waits for it
    /// (nil: no second connection, for the caller to read on the store's own).
    public func forEachKeyBytesAside(_ body: @escaping @Sendable (UnsafeRawBufferPointer, Int64, Int64?) -> Void) -> AsideRead<Bool> {
        let (hasKeyIndex, carryingOccurred) = (hasKeyIndex, keysCarryOccurred)
        return readAside { db in
            guard hasKeyIndex else { return true }
            // A scan in table order needs next to no cache; the audit's memory goes elsewhere.
            try db.execute(sql: "PRAGMA cache_size = -1024")
            return try SQLiteEventStore.forEachKeyBytes(db, carryingOccurred: carryingOccurred, body)
        }
    }

    static func forEachKeyBytes(_ db: Database, carryingOccurred: Bool, _ body: (UnsafeRawBufferPointer, Int64, Int64?) -> Void) throws -> Bool {
        // The keys first, in memory (a hundred thousand), then the pairs in their table's
        // order: the join's rows, without a lookup in index_keys for each pair.
        var bytes: [UInt8] = []
        var spans: [KeySpans.Span] = []
        let keys = RawStatement(try db.makeStatement(sql: "SELECT id, key FROM index_keys"), db)
        defer { keys.reset() }
        while try keys.step() {
            guard keys.storageClass(1) == SQLITE_TEXT else { return false }
            let key = keys.text(1)
            guard Self.readsBack(key) else { return false }
            spans.append((keys.int64(0), bytes.count, bytes.count + key.count))
            bytes.append(contentsOf: key)
        }
        let bounds = KeySpans(spans)
        let occurred = carryingOccurred ? "occurred_at" : "NULL"
        let pairs = RawStatement(try db.makeStatement(sql: "SELECT key, seq, \(occurred) FROM event_keys"), db)
        defer { pairs.reset() }
        return try bytes.withUnsafeBytes { bytes in
            while try pairs.step() {
                guard pairs.storageClass(0) == SQLITE_INTEGER, pairs.storageClass(1) == SQLITE_INTEGER,
                      pairs.storageClass(2) == SQLITE_INTEGER || pairs.storageClass(2) == SQLITE_NULL else { return false }
                // A pair whose key is not in index_keys is not in the join either.
                guard let key = bounds[pairs.int64(0)] else { continue }
                let copy = pairs.storageClass(2) == SQLITE_NULL ? nil : Optional(pairs.int64(2))
                body(UnsafeRawBufferPointer(rebasing: bytes[key.start..<key.end]), pairs.int64(1), copy)
            }
            return true
        }
    }
}
