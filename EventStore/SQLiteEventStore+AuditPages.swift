import Foundation
import GRDB
import GRDBSQLite

extension SQLiteEventStore {
    /// ``auditChain(_:)`` of the whole log in one pipelined pass: SQLite's own checks run on a
    /// connection of their own, on another thread; rows are read in raw pages, and while the
    /// next page is read, the other threads recompute every hash of this one and run `prepare`
    /// on each readable row (the caller's own per-event work: decoding, say). The chain is then
    /// checked in `seq` order, and `body` gets each readable row with what `prepare` made of it.
    ///
    /// The findings, and the rows `body` sees, are those of ``auditChain(_:)``.
    public func auditChain<Work: Sendable>(
        prepare: @escaping @Sendable (RawEventPage, Int) -> Work,
        _ body: (RawEventPage, Int, Work) throws -> Void
    ) throws -> ChainReport {
        let structural = StructuralAudit(path: path, readOnly: dbQueue.configuration.readonly)
        var report = ChainReport()
        var chain = ChainState(expectedRows: Int(try head().seq))
        var pending: AuditedPage<Work>?
        func finish() throws {
            guard let done = pending else { return }
            pending = nil
            done.group.wait()
            for index in done.page.indices {
                guard chain.check(done.page, index, recomputed: done.hashes[index], into: &report), let work = done.works[index]
                else { continue }
                try body(done.page, index, work)
            }
        }
        try forEachPage(after: 0, pageSize: 2048, keepingUnreadable: true) { page in
            try finish()
            pending = AuditedPage(page, prepare)
            return true
        }
        try finish()
        if let head = chain.head { report.head = head }
        let storeFindings: [ChainFinding]
        if let found = structural.findings() {
            storeFindings = try found.get()
        } else {
            storeFindings = try read { db in try Self.auditTriggers(db) + Self.auditIntegrity(db) }
        }
        report.findings = storeFindings + report.findings
        return report
    }

    /// The chain rules that run from row to row: `seq` gap-free from 1, ids unique, each
    /// `prev_hash` the previous hash, `recorded_at` never decreasing.
    struct ChainState {
        var expectedSeq: Int64 = 1
        /// The previous row's hash, as stored; nil after an unreadable row.
        var previousHash: HashBytes? = HashBytes(ChainHash.genesis.bytes)
        var previousRecordedAt: Int64?
        var seenIDs: [UUID: Int64] = [:]
        /// The hash of the last readable row, as stored.
        var head: ChainHash.Digest? { lastHash.map { $0.digest } }
        private var lastHash: HashBytes?

        init(expectedRows: Int) {
            // Sized once: growing would hold the old table and the new one at once.
            seenIDs.reserveCapacity(expectedRows)
        }

        /// Checks one row; true when it is readable.
        mutating func check(_ page: RawEventPage, _ index: Int, recomputed: ChainHash.Digest?, into report: inout ChainReport) -> Bool {
            let row = page[index]
            let seq = row.seq
            report.rows += 1
            if report.firstSeq == nil { report.firstSeq = seq }
            report.lastSeq = seq
            if seq != expectedSeq {
                report.findings.append(ChainFinding(seq: seq, check: .sequence, expected: "seq \(expectedSeq)", found: "seq \(seq)"))
            }
            expectedSeq = seq + 1
            if let reason = row.unreadable {
                report.findings.append(ChainFinding(seq: seq, check: .unreadable, expected: "a readable row", found: reason))
                previousHash = nil
                return false
            }
            if let first = seenIDs.updateValue(seq, forKey: row.id) {
                report.findings.append(ChainFinding(seq: seq, check: .unreadable, expected: "an id no other event has", found: "the id of seq \(first)"))
            }
            let prevHash = page.withBytes(index, .prevHash, HashBytes.init)
            let hash = page.withBytes(index, .hash, HashBytes.init)
            if let previousHash, prevHash != previousHash {
                report.findings.append(ChainFinding(seq: seq, check: .link, expected: "prev_hash \(previousHash.digest.hex)", found: prevHash.digest.hex))
            }
            if let recomputed {
                report.findings.append(ChainFinding(seq: seq, check: .hash, expected: "hash \(recomputed.hex) (recomputed)", found: hash.digest.hex))
            }
            if let previousRecordedAt, row.recordedAt < previousRecordedAt {
                report.findings.append(ChainFinding(seq: seq, check: .recordedAt, expected: "recorded_at at or after \(previousRecordedAt)", found: "\(row.recordedAt)"))
            }
            previousRecordedAt = row.recordedAt
            previousHash = hash
            lastHash = hash
            return true
        }
    }

    /// A 32-byte hash held inline: comparing a million of them allocates nothing.
    struct HashBytes: Equatable {
        let words: (UInt64, UInt64, UInt64, UInt64)

        init<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
            var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            withUnsafeMutableBytes(of: &words) { _ = $0.initializeMemory(as: UInt8.self, from: bytes) }
            self.words = words
        }

        var digest: ChainHash.Digest { ChainHash.Digest(bytes: withUnsafeBytes(of: words) { Array($0) })! }

        static func == (lhs: HashBytes, rhs: HashBytes) -> Bool { lhs.words == rhs.words }
    }

    /// A page whose hashes, and the caller's work on each row, are made on the other threads.
    final class AuditedPage<Work: Sendable>: @unchecked Sendable {
        let group = DispatchGroup()
        let page: RawEventPage
        /// Written by the workers before they leave the group; read only after `wait()`.
        private(set) var hashes: [ChainHash.Digest?]
        private(set) var works: [Work?]

        init(_ page: RawEventPage, _ prepare: @escaping @Sendable (RawEventPage, Int) -> Work) {
            self.page = page
            hashes = Array(repeating: nil, count: page.count)
            works = Array(repeating: nil, count: page.count)
            DispatchQueue.global().async(group: group) { [self] in
                let parts = min(ProcessInfo.processInfo.activeProcessorCount, max(1, page.count / 256))
                let size = (page.count + parts - 1) / parts
                hashes.withUnsafeMutableBufferPointer { hashes in
                    works.withUnsafeMutableBufferPointer { works in
                        // Each worker writes its own slice of both buffers.
                        nonisolated(unsafe) let (hashSlots, workSlots) = (hashes, works)
                        DispatchQueue.concurrentPerform(iterations: parts) { part in
                            var scratch: [UInt8] = []
                            scratch.reserveCapacity(4096)
                            for index in (part * size)..<min(page.count, (part + 1) * size) where page[index].unreadable == nil {
                                hashSlots[index] = page.recomputedHashIfChanged(index, scratch: &scratch)
                                workSlots[index] = prepare(page, index)
                            }
                        }
                    }
                }
            }
        }
    }

    /// The triggers and SQLite's integrity check, on a connection of their own and a thread
    /// of their own: the integrity check reads the whole file, as long as the chain's pass.
    final class StructuralAudit: @unchecked Sendable {
        private let group = DispatchGroup()
        /// Set by the task before it leaves the group; nil when no second connection opened.
        private var result: Result<[ChainFinding], any Error>?

        /// `readOnly` as the store's own connection: SQLite checks CHECK constraints only on a
        /// connection that may write.
        init(path: String, readOnly: Bool) {
            DispatchQueue.global().async(group: group) { [self] in
                guard let queue = try? SQLiteEventStore.openQueue(path: path, readOnly: readOnly) else { return }
                result = Result {
                    do {
                        return try queue.read { db in try SQLiteEventStore.auditTriggers(db) + SQLiteEventStore.auditIntegrity(db) }
                    } catch {
                        throw SQLiteEventStore.map(error, path: path)
                    }
                }
            }
        }

        /// The findings, once done; nil when the checks must run on the main connection.
        func findings() -> Result<[ChainFinding], any Error>? {
            group.wait()
            return result
        }
    }
}

extension SQLiteEventStore {
    /// Runs `body` with a lookup of events by id, all in one read with one prepared statement:
    /// what ``event(withID:)`` gives, for a caller that looks up thousands.
    public func withEventLookup<T>(_ body: ((UUID) throws -> RecordedEvent?) throws -> T) throws -> T {
        try read { db in
            let statement = try db.cachedStatement(sql: "SELECT \(Self.columns) FROM events WHERE id = ?")
            return try body { id in try Row.fetchOne(statement, arguments: [ChainHash.canonical(id)]).map(Self.decode) }
        }
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
    public func forEachKeyBytes(_ body: (UnsafeRawBufferPointer, Int64) -> Void) throws -> Bool {
        guard hasKeyIndex else { return true }
        return try read { db in
            // The keys first, in memory (a hundred thousand), then the pairs in their table's
            // order: the join's rows, without a lookup in index_keys for each pair.
            var bytes: [UInt8] = []
            var bounds: [Int64: (start: Int, end: Int)] = [:]
            let keys = RawStatement(try db.makeStatement(sql: "SELECT id, key FROM index_keys"), db)
            defer { keys.reset() }
            while try keys.step() {
                guard keys.storageClass(1) == SQLITE_TEXT else { return false }
                let key = keys.text(1)
                guard Self.readsBack(key) else { return false }
                bounds[keys.int64(0)] = (bytes.count, bytes.count + key.count)
                bytes.append(contentsOf: key)
            }
            let pairs = RawStatement(try db.makeStatement(sql: "SELECT key, seq FROM event_keys"), db)
            defer { pairs.reset() }
            return try bytes.withUnsafeBytes { bytes in
                while try pairs.step() {
                    guard pairs.storageClass(0) == SQLITE_INTEGER, pairs.storageClass(1) == SQLITE_INTEGER else { return false }
                    // A pair whose key is not in index_keys is not in the join either.
                    guard let key = bounds[pairs.int64(0)] else { continue }
                    body(UnsafeRawBufferPointer(rebasing: bytes[key.start..<key.end]), pairs.int64(1))
                }
                return true
            }
        }
    }
}
