@testable import EventStore
import Foundation
import GRDB
import StanceTesting
import Testing

/// The audit's own check of the indexes, which stands in for what `PRAGMA integrity_check`
/// adds to `PRAGMA quick_check`: every kind of index damage the integrity check reports, on a
/// file the quick check passes, must be a finding, in the plain audit and the pipelined one
/// alike, and the audit must write nothing.
@Suite("Index check")
struct IndexCheckTests {
    /// The findings of the plain audit of a store of 10 events after `damage`, once both SQLite
    /// checks have said what they say of the damage, and the pipelined audit has agreed.
    private func audited(_ damage: (String) throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) throws -> [ChainFinding] {
        try withTemporaryDirectory { dir in
            let path = dir.file("stance.sqlite")
            try TestSupport.makeStore(at: path, events: 10)
            try damage(path)
            let checks = try IndexDamage.checks(path)
            #expect(checks.quick == ["ok"], "the damage is one the quick check does not see", sourceLocation: sourceLocation)
            #expect(checks.full != ["ok"], "the damage is one the integrity check reports", sourceLocation: sourceLocation)
            let before = try TestSupport.bytes(path)
            let store = try SQLiteEventStore.open(at: path, clock: TestSupport.clock)
            let plain = try store.auditChain()
            let pipelined = try store.auditChain(work: { _ in IdleAuditWork() }) { _, _, _ in }
            #expect(plain.findings == pipelined.findings, sourceLocation: sourceLocation)
            #expect(plain.rows == 10 && pipelined.rows == 10, sourceLocation: sourceLocation)
            #expect(try TestSupport.bytes(path) == before, "the audit wrote nothing", sourceLocation: sourceLocation)
            return plain.findings
        }
    }

    /// The rows of the id index as they are, rowid first.
    private static let idRows = "SELECT seq, id FROM events"

    @Test("a clean store has no integrity finding, and the index check reads every index")
    func cleanStore() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("stance.sqlite")
            try TestSupport.makeStore(at: path, events: 10)
            try DatabaseQueue(path: path).read { db in
                let plans = try #require(try IndexCheck.Plan.all(db))
                #expect(plans.map(\.name) == [
                    "sqlite_autoindex_events_1", "sqlite_autoindex_events_2", "sqlite_autoindex_grdb_migrations_1",
                    "sqlite_autoindex_index_keys_1",
                ])
                #expect(try plans.allSatisfy { try $0.readsIndexInOrder(db) })
                #expect(try IndexCheck.findings(db) == [])
            }
            #expect(try SQLiteEventStore.open(at: path, clock: TestSupport.clock).auditChain().findings == [])
        }
    }

    @Test("an index entry missing is a finding: one entry fewer than rows")
    func missingEntry() throws {
        let findings = try audited { path in
            try IndexDamage.replace("sqlite_autoindex_events_1", in: path, columns: ["id TEXT"], rows: Self.idRows + " WHERE seq <> 4")
        }
        #expect(findings.map(\.check) == [.integrity])
        #expect(findings.first?.expected == "index sqlite_autoindex_events_1 on events(id) to hold one entry for each of the 10 rows of events")
        #expect(findings.first?.found.hasPrefix("9 entries; lookups through it go wrong: rebuild it in a copy of the store "
            + "(sqlite3 COPY 'REINDEX sqlite_autoindex_events_1') and audit the copy, or restore the store from a copy") == true)
    }

    @Test("an extra index entry is a finding: one entry more than rows")
    func extraEntry() throws {
        let findings = try audited { path in
            try IndexDamage.replace(
                "sqlite_autoindex_events_2", in: path, columns: ["stream TEXT", "stream_version INTEGER"],
                rows: "SELECT seq, stream, stream_version FROM events UNION ALL SELECT 11, 's0', 5")
        }
        #expect(findings.map(\.check) == [.integrity])
        #expect(findings.first?.expected == "index sqlite_autoindex_events_2 on events(stream, stream_version) to hold one entry for each of the 10 rows of events")
        #expect(findings.first?.found.hasPrefix("11 entries;") == true)
    }

    @Test("an index entry with another value, the count unchanged, is a finding")
    func changedEntry() throws {
        let findings = try audited { path in
            try IndexDamage.replace(
                "sqlite_autoindex_events_1", in: path, columns: ["id TEXT"],
                rows: "SELECT seq, CASE seq WHEN 4 THEN '\(ChainHash.canonical(fixtureID(99)))' ELSE id END FROM events")
        }
        #expect(findings.map(\.check) == [.integrity])
        #expect(findings.first?.expected == "index sqlite_autoindex_events_1 on events(id) to hold the values of the 10 rows of events")
        #expect(findings.first?.found.hasPrefix("10 entries, not all of them a row's values") == true)
    }

    @Test("an entry pointing at another row is a finding, though its value is right")
    func entryForAnotherRow() throws {
        let findings = try audited { path in
            try IndexDamage.replace("sqlite_autoindex_events_1", in: path, columns: ["id TEXT"], rows: "SELECT CASE seq WHEN 4 THEN 40 ELSE seq END, id FROM events")
        }
        #expect(findings.map(\.expected) == ["index sqlite_autoindex_events_1 on events(id) to hold the values of the 10 rows of events"])
    }

    @Test("one key twice in a UNIQUE index is a finding naming both rows")
    func repeatedKey() throws {
        let findings = try audited { path in
            try IndexDamage.replace(
                "sqlite_autoindex_events_1", in: path, columns: ["id TEXT"],
                rows: "SELECT seq, CASE seq WHEN 4 THEN (SELECT id FROM events WHERE seq = 3) ELSE id END FROM events")
        }
        #expect(findings.map(\.expected) == [
            "index sqlite_autoindex_events_1 on events(id) to hold the values of the 10 rows of events",
            "index sqlite_autoindex_events_1 on events(id) to hold each key once (UNIQUE)",
        ])
        #expect(findings.last?.found.hasPrefix("1 repeated key, the first for rowids 3 and 4;") == true)
    }

    @Test("entries in the wrong order are a finding, though they are the rows' own")
    func wrongOrder() throws {
        let findings = try audited { path in
            try IndexDamage.replace("sqlite_autoindex_events_1", in: path, columns: ["id TEXT"], rows: Self.idRows, descending: true)
        }
        #expect(findings.map(\.expected) == ["the entries of index sqlite_autoindex_events_1 on events(id) in ascending order"])
        #expect(findings.first?.found.hasPrefix("9 entries out of order, the first for rowid ") == true)
    }

    @Test("two indexes reading each other's b-tree are findings for both")
    func swappedIndexes() throws {
        let findings = try audited { path in
            try IndexDamage.swapRoots("sqlite_autoindex_events_1", "sqlite_autoindex_events_2", in: path)
        }
        #expect(findings.contains { $0.expected.hasPrefix("index sqlite_autoindex_events_1 on events(id)") })
        #expect(findings.contains { $0.expected.hasPrefix("index sqlite_autoindex_events_2 on events(stream, stream_version)") })
        #expect(findings.allSatisfy { $0.check == .integrity && $0.seq == nil })
    }

    @Test("the key index's UNIQUE index on key is checked too")
    func keyIndexEntryMissing() throws {
        let findings = try audited { path in
            // Keys as a writer interns them (the test events carry none).
            try DatabaseQueue(path: path).write { db in try db.execute(sql: "INSERT INTO index_keys (key) VALUES ('actor:a'), ('actor:b'), ('toward:a')") }
            try IndexDamage.replace(
                "sqlite_autoindex_index_keys_1", in: path, columns: ["key TEXT"],
                rows: "SELECT id, key FROM index_keys WHERE id <> (SELECT min(id) FROM index_keys)")
        }
        #expect(findings.map(\.check) == [.integrity])
        #expect(findings.first?.expected == "index sqlite_autoindex_index_keys_1 on index_keys(key) to hold one entry for each of the 3 rows of index_keys")
    }

    @Test("an index of a kind the check does not read hands the store to SQLite's integrity check", arguments: [
        "CREATE INDEX extra ON events (occurred_at) WHERE seq > 2", "CREATE INDEX extra ON events (stream DESC)",
        "CREATE INDEX extra ON events (lower(stream))", "CREATE INDEX extra ON events (stream COLLATE NOCASE)",
        "CREATE INDEX extra ON store_settings (value)",
    ])
    func unreadIndexFallsBack(_ create: String) throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("stance.sqlite")
            try TestSupport.makeStore(at: path, events: 10)
            try DatabaseQueue(path: path).write { db in try db.execute(sql: create) }
            #expect(try DatabaseQueue(path: path).read { db in try SQLiteEventStore.auditIntegrity(db) } == [])
            try IndexDamage.replace("sqlite_autoindex_events_1", in: path, columns: ["id TEXT"], rows: Self.idRows + " WHERE seq <> 4")
            try DatabaseQueue(path: path).read { db in
                #expect(try IndexCheck.findings(db) == nil)
                let findings = try SQLiteEventStore.auditIntegrity(db)
                #expect(findings.contains { $0.expected == "SQLite's integrity check to pass" && $0.found.contains("missing from index sqlite_autoindex_events_1") }, "\(findings)")
            }
        }
    }

    @Test("a damaged page is still reported as SQLite reports it, without reading the indexes")
    func damagedPageIsSQLitesFinding() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("stance.sqlite")
            try TestSupport.makeStore(at: path, events: 10)
            let root = try DatabaseQueue(path: path).read { db in
                try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_schema WHERE name = 'sqlite_autoindex_events_1'")
            }
            // The page type of the index's root, made that of a table's leaf.
            let handle = try #require(FileHandle(forUpdatingAtPath: path))
            try handle.seek(toOffset: UInt64((try #require(root) - 1) * 4096))
            try handle.write(contentsOf: Data([0x0D]))
            try handle.close()
            let findings = try SQLiteEventStore.open(at: path, clock: TestSupport.clock).auditChain().findings
            #expect(!findings.isEmpty && findings.allSatisfy { $0.check == .integrity && $0.expected == "SQLite's integrity check to pass" })
        }
    }
}
