import Foundation
import Testing

/// `stance audit` on a Bolivia store whose index is damaged with `sqlite3` so that every page
/// stays well formed: SQLite's quick check passes, its integrity check does not, and the
/// audit, which runs the quick check and reads the indexes itself, must still refuse the store,
/// say which index and what to do, and write nothing.
@Suite("Audit: damaged indexes", .enabled(if: RawStore.hasSQLite, "needs /usr/bin/sqlite3"))
struct AuditIndexDamageTests {
    /// Points `index` at a b-tree SQLite builds from the rows `select` gives (rowid, then the
    /// columns), and frees the index's own b-tree: a sound b-tree holding the wrong entries.
    private func replace(_ db: String, _ index: String, columns: String, rows select: String, order: String = "") throws {
        let names = columns.split(separator: ",").map { $0.split(separator: " ")[0] }.joined(separator: ", ")
        try RawStore.sql(db, """
            CREATE TABLE scratch (\(columns));
            INSERT INTO scratch (rowid, \(names)) \(select);
            CREATE INDEX scratch_index ON scratch (\(names.split(separator: ",").map { $0 + " " + order }.joined(separator: ",")));
            CREATE TEMP TABLE roots AS SELECT name, rootpage FROM sqlite_schema WHERE name IN ('\(index)', 'scratch_index');
            PRAGMA writable_schema = ON;
            UPDATE sqlite_schema SET rootpage = CASE name WHEN 'scratch_index' THEN (SELECT rootpage FROM roots WHERE roots.name = '\(index)')
                ELSE (SELECT rootpage FROM roots WHERE roots.name = 'scratch_index') END WHERE name IN ('\(index)', 'scratch_index');
            PRAGMA writable_schema = OFF;
            """)
        // A new connection, which reads the schema as it now is.
        try RawStore.sql(db, "DROP TABLE scratch;")
    }

    /// The damaged Bolivia store, once SQLite's checks have said what they say of it.
    private func damaged(_ damage: (String) throws -> Void) throws -> (Sandbox, String) {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore("b.sqlite")
        let db = sandbox.path("b.sqlite")
        try damage(db)
        #expect(try RawStore.sql(db, "PRAGMA quick_check;") == "ok\n", "the damage is one the quick check does not see")
        #expect(try RawStore.sql(db, "PRAGMA integrity_check;") != "ok\n", "the damage is one the integrity check reports")
        return (sandbox, db)
    }

    /// Audits in JSON and in text, checks that neither wrote to the file, and gives the JSON's
    /// integrity findings and the text.
    private func audit(_ sandbox: Sandbox, sourceLocation: SourceLocation = #_sourceLocation) throws -> (findings: [[String: Any]], text: String) {
        let before = try sandbox.read("b.sqlite")
        let report = try sandbox.audit("b.sqlite")
        let text = try sandbox.run("--db", "b.sqlite", "audit")
        #expect(try sandbox.read("b.sqlite") == before, "the audit wrote nothing", sourceLocation: sourceLocation)
        #expect(report.result.status == 1 && text.status == 1, "\(report)", sourceLocation: sourceLocation)
        #expect(report.clean == false && report.result.stderr == "" && text.stderr == "", "\(report)", sourceLocation: sourceLocation)
        let integrity = report.findingObjects.filter { $0["check"] as? String == "integrity" }
        #expect(integrity.allSatisfy { $0["seq"] is NSNull }, "\(report)", sourceLocation: sourceLocation)
        return (integrity, text.stdout)
    }

    @Test("An id missing from the id index is a finding naming the index, the count and the remedy")
    func missingID() throws {
        let (sandbox, db) = try damaged { db in
            try replace(db, "sqlite_autoindex_events_1", columns: "id TEXT", rows: "SELECT seq, id FROM events WHERE seq <> 16")
        }
        let (findings, text) = try audit(sandbox)
        #expect(findings.map { $0["expected"] as? String } == ["index sqlite_autoindex_events_1 on events(id) to hold one entry for each of the 16 rows of events"])
        let found = "15 entries; lookups through it go wrong: rebuild it in a copy of the store (sqlite3 COPY 'REINDEX sqlite_autoindex_events_1') "
            + "and audit the copy, or restore the store from a copy"
        #expect(findings.first?["found"] as? String == found)
        #expect(text.contains("\n  store: integrity: expected index sqlite_autoindex_events_1 on events(id) to hold one entry for each of the 16 rows of events, found \(found)\n"), "\(text)")
        // The remedy the finding gives works.
        try RawStore.sql(db, "REINDEX sqlite_autoindex_events_1;")
        let repaired = try sandbox.audit("b.sqlite")
        #expect(repaired.result.status == 0 && repaired.findings.isEmpty, "\(repaired)")
    }

    @Test("A stream index in the wrong order is a finding, though it holds every row's entry")
    func streamIndexOutOfOrder() throws {
        let (sandbox, _) = try damaged { db in
            try replace(db, "sqlite_autoindex_events_2", columns: "stream TEXT, stream_version INTEGER",
                        rows: "SELECT seq, stream, stream_version FROM events", order: "DESC")
        }
        let (findings, _) = try audit(sandbox)
        #expect(findings.map { $0["expected"] as? String } == ["the entries of index sqlite_autoindex_events_2 on events(stream, stream_version) in ascending order"])
        #expect((findings.first?["found"] as? String)?.hasPrefix("15 entries out of order, the first for rowid ") == true, "\(findings)")
    }

    @Test("An id index entry changed, or two indexes swapped, are findings for each index concerned")
    func changedAndSwapped() throws {
        let (changed, _) = try damaged { db in
            try replace(db, "sqlite_autoindex_events_1", columns: "id TEXT",
                        rows: "SELECT seq, CASE seq WHEN 16 THEN 'b0119a00-2019-4000-8000-000000000099' ELSE id END FROM events")
        }
        #expect(try audit(changed).findings.map { $0["expected"] as? String } == ["index sqlite_autoindex_events_1 on events(id) to hold the values of the 16 rows of events"])
        let (swapped, _) = try damaged { db in
            try RawStore.sql(db, """
                CREATE TEMP TABLE roots AS SELECT name, rootpage FROM sqlite_schema WHERE name IN ('sqlite_autoindex_events_1', 'sqlite_autoindex_events_2');
                PRAGMA writable_schema = ON;
                UPDATE sqlite_schema SET rootpage = (SELECT sum(rootpage) FROM roots) - rootpage
                    WHERE name IN ('sqlite_autoindex_events_1', 'sqlite_autoindex_events_2');
                PRAGMA writable_schema = OFF;
                """)
        }
        let indexes = try audit(swapped).findings.compactMap { finding in
            (finding["expected"] as? String)?.components(separatedBy: "index ").dropFirst().first?.split(separator: " ").first.map(String.init)
        }
        #expect(Set(indexes) == ["sqlite_autoindex_events_1", "sqlite_autoindex_events_2"], "\(indexes)")
    }
}
