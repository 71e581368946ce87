import Foundation
import GRDB

extension SQLiteEventStore {
    /// What an audit of the raw log found: the findings, and the rows it could read, in order.
    public struct ChainReport: Sendable {
        public var findings: [ChainFinding] = []
        /// How many rows were read.
        public var rows: Int64 = 0
        public var firstSeq: Int64?
        public var lastSeq: Int64?
        /// The hash of the last row as stored.
        public var head = ChainHash.genesis
    }

    /// Checks the chain as stored, row by row, without trusting anything but the bytes: every
    /// hash recomputed, `seq` gap-free from 1, each `prev_hash` linked, `recorded_at` never
    /// decreasing, and the append-only triggers present with their original SQL. A row that
    /// cannot be decoded is reported and the audit goes on with the next.
    ///
    /// `body` receives every row that decodes, in `seq` order, so that the caller can check the
    /// events themselves in the same pass.
    ///
    /// This is the plain reading, one row at a time through GRDB: `stance audit` runs the
    /// pipelined ``auditChain(work:_:)``, and the tests hold the two to the same findings
    /// (the row rules are written twice on purpose, so that each checks the other).
    public func auditChain(_ body: (RecordedEvent) throws -> Void = { _ in }) throws -> ChainReport {
        var report = ChainReport()
        try read { db in
            report.findings += try Self.auditTriggers(db)
            report.findings += try Self.auditIntegrity(db)
            var expectedSeq: Int64 = 1
            var previousHash: ChainHash.Digest? = ChainHash.genesis
            var previousRecordedAt: Int64?
            var seenIDs: [UUID: Int64] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT \(Self.columns) FROM events ORDER BY seq")
            while let row = try rows.next() {
                let seq: Int64 = row[0] ?? -1
                report.rows += 1
                if report.firstSeq == nil { report.firstSeq = seq }
                report.lastSeq = seq
                if seq != expectedSeq {
                    report.findings.append(ChainFinding(seq: seq, check: .sequence, expected: "seq \(expectedSeq)", found: "seq \(seq)"))
                }
                expectedSeq = seq + 1
                let event: RecordedEvent
                do {
                    event = try Self.decode(row)
                } catch {
                    report.findings.append(ChainFinding(seq: seq, check: .unreadable, expected: "a readable row", found: "\(error)"))
                    previousHash = nil
                    continue
                }
                report.head = event.hash
                if let first = seenIDs[event.id] {
                    report.findings.append(ChainFinding(seq: seq, check: .unreadable, expected: "an id no other event has", found: "the id of seq \(first)"))
                }
                seenIDs[event.id] = seq
                if let previousHash, event.prevHash != previousHash {
                    report.findings.append(ChainFinding(seq: seq, check: .link, expected: "prev_hash \(previousHash.hex)", found: event.prevHash.hex))
                }
                let computed = event.computedHash()
                if computed != event.hash {
                    report.findings.append(ChainFinding(seq: seq, check: .hash, expected: "hash \(computed.hex) (recomputed)", found: event.hash.hex))
                }
                if let previousRecordedAt, event.recordedAt < previousRecordedAt {
                    report.findings.append(ChainFinding(seq: seq, check: .recordedAt, expected: "recorded_at at or after \(previousRecordedAt)", found: "\(event.recordedAt)"))
                }
                previousRecordedAt = event.recordedAt
                previousHash = event.hash
                try body(event)
            }
        }
        return report
    }

    /// The hash stored for `seq`, to check a published head; nil when the log is shorter.
    /// The seq of the event with this id, without decoding the row: what an audit needs to
    /// check a reference, even in a log whose other columns are damaged.
    public func seq(ofEventWithID id: UUID) throws -> Int64? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT seq FROM events WHERE id = ? AND typeof(seq) = 'integer'", arguments: [ChainHash.canonical(id)])
        }
    }

    public func storedHash(at seq: Int64) throws -> ChainHash.Digest? {
        try read { db in
            guard let data = try Data.fetchOne(db, sql: "SELECT hash FROM events WHERE seq = ?", arguments: [seq]) else { return nil }
            return ChainHash.Digest(bytes: Array(data))
        }
    }

    /// The triggers as the migrations a store has applied created them: each must exist with
    /// exactly this SQL. The key index's (v2, made again by v3 and v5 with the same text) and
    /// the clustered copies' (v4) keep derived data append-only; dropping one would let a
    /// writer change what questions read without the chain noticing, until the audit's own
    /// comparison of those rows.
    static func expectedTriggers(applied: Set<String>) -> [String: String] {
        var sources = [schemaV1]
        if applied.contains("v2-keys") { sources.append(schemaV2Keys) }
        if applied.contains("v4-clustered-copies") { sources.append(schemaV4ClusteredCopies) }
        var triggers: [String: String] = [:]
        for source in sources {
            for statement in source.components(separatedBy: "CREATE TRIGGER ").dropFirst() {
                let body = "CREATE TRIGGER " + statement.components(separatedBy: "END;")[0] + "END"
                let name = String(statement.prefix { !$0.isWhitespace })
                triggers[name] = body
            }
        }
        return triggers
    }

    /// SQLite's own check of pages and records, and the audit's of the indexes: rows can read
    /// back intact from a file whose indexes are damaged, and later writes would then go wrong.
    ///
    /// This finds what `PRAGMA integrity_check` finds, in a fraction of its time: `quick_check`
    /// is the same check less the indexes' content and UNIQUE constraints, which ``IndexCheck``
    /// verifies in one read of each table and index rather than a lookup per row per index.
    static func auditIntegrity(_ db: Database) throws -> [ChainFinding] {
        let problems = try String.fetchAll(db, sql: "PRAGMA quick_check")
        // Damaged pages are already a finding, and reading the indexes through them would
        // only stop at an error.
        guard problems == ["ok"] else { return integrityFindings(problems) }
        if let indexes = try IndexCheck.findings(db) { return indexes }
        return integrityFindings(try String.fetchAll(db, sql: "PRAGMA integrity_check"))
    }

    private static func integrityFindings(_ problems: [String]) -> [ChainFinding] {
        guard problems != ["ok"] else { return [] }
        return problems.prefix(20).map { ChainFinding(seq: nil, check: .integrity, expected: "SQLite's integrity check to pass", found: $0) }
    }

    static func auditTriggers(_ db: Database) throws -> [ChainFinding] {
        var applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
        // A table's triggers are expected wherever the table is, whatever grdb_migrations says:
        // deleting a migration's row must not excuse dropping its triggers.
        if try db.tableExists("event_keys") || db.tableExists("key_index_head") { applied.insert("v2-keys") }
        if try db.tableExists("clustered_events") { applied.insert("v4-clustered-copies") }
        let stored = try Dictionary(
            Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").map { ($0[0] as String, $0[1] as String? ?? "") },
            uniquingKeysWith: { first, _ in first })
        var findings: [ChainFinding] = []
        for (name, sql) in expectedTriggers(applied: applied).sorted(by: { $0.key < $1.key }) {
            guard let found = stored[name] else {
                findings.append(ChainFinding(seq: nil, check: .trigger, expected: "trigger \(name)", found: "no such trigger"))
                continue
            }
            if normalized(found) != normalized(sql) {
                findings.append(ChainFinding(seq: nil, check: .trigger, expected: "trigger \(name) with its original SQL", found: "changed SQL"))
            }
        }
        return findings
    }

    /// SQL compared without regard to whitespace, since SQLite keeps the text as written.
    private static func normalized(_ sql: String) -> String {
        sql.split(whereSeparator: \.isWhitespace).joined(separator: " ").replacingOccurrences(of: "END;", with: "END")
    }
}
