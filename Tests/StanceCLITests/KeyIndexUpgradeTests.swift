import Foundation
import StanceTesting
import Testing

/// A store written before the key index (schema 1) opens, gets the index's tables, is indexed
/// on first use and answers exactly as before; its log and hashes are untouched.
@Suite("A store from before the key index, or before its occurred_at, is upgraded and answers the same")
struct KeyIndexUpgradeTests {
    static let questions: [[String]] = [
        ["position", "military", "--toward", "morales", "--on", "2019-11-10"],
        ["position", "military", "--toward", "morales", "--on", "2019-11-12", "--format", "json"],
        ["timeline", "military", "--toward", "morales"],
        ["position", "military", "--on", "2019-11-12"],
        ["actor", "show", "kaliman"],
        ["actor", "list"],
    ]

    /// Turns a current store into the schema-1 store an earlier stance wrote.
    static func downgrade(_ db: String) throws {
        _ = try RawStore.sql(db, """
            BEGIN;
            DROP TABLE clustered_events; DROP TABLE event_keys; DROP TABLE index_keys; DROP TABLE key_index_head;
            DELETE FROM grdb_migrations WHERE identifier IN ('v2-keys', 'v3-keys-occurred', 'v4-clustered-copies', 'v5-timeless-retractions');
            CREATE INDEX events_by_occurred_at ON events(occurred_at);
            COMMIT;
            PRAGMA user_version = 1;
            """)
    }

    /// Turns a current store into the schema-2 store an earlier stance wrote: key rows
    /// without occurred_at.
    static func downgradeToSchema2(_ db: String) throws {
        _ = try RawStore.sql(db, OlderSchemas.schema2)
    }

    @Test("a schema-2 store gains occurred_at in its key rows and answers the same", .enabled(if: RawStore.hasSQLite, "needs sqlite3"))
    func schema2StoreAnswersTheSame() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore("now.sqlite")
        try sandbox.boliviaStore("old.sqlite")
        try Self.downgradeToSchema2(sandbox.path("old.sqlite"))
        for question in Self.questions {
            let expected = try sandbox.run(["--db", "now.sqlite"] + question)
            let got = try sandbox.run(["--db", "old.sqlite"] + question)
            #expect(got.status == 0 && got.stdout == expected.stdout && got.stderr == expected.stderr, "\(question): \(got)")
        }
        let copied = try RawStore.query(sandbox.path("old.sqlite"), """
            SELECT count(*) AS n FROM event_keys JOIN events ON events.seq = event_keys.seq WHERE event_keys.occurred_at IS events.occurred_at
            """)
        let all = try RawStore.query(sandbox.path("old.sqlite"), "SELECT count(*) AS n FROM event_keys")
        #expect(copied.first?["n"] as? Int == all.first?["n"] as? Int && (all.first?["n"] as? Int ?? 0) > 16)
        let audit = try sandbox.audit("old.sqlite")
        #expect(audit.result.status == 0 && audit.findings.isEmpty, "\(audit)")
    }

    @Test("questions, the audit and the hashes are the same after the upgrade", .enabled(if: RawStore.hasSQLite, "needs sqlite3"))
    func upgradedStoreAnswersTheSame() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore("now.sqlite")
        try sandbox.boliviaStore("old.sqlite")
        try Self.downgrade(sandbox.path("old.sqlite"))
        let hashes = try RawStore.query(sandbox.path("old.sqlite"), "SELECT hex(hash) AS hash FROM events ORDER BY seq")
        #expect(try RawStore.query(sandbox.path("old.sqlite"), "SELECT name FROM sqlite_master WHERE name = 'event_keys'").isEmpty)

        for question in Self.questions {
            let expected = try sandbox.run(["--db", "now.sqlite"] + question)
            let got = try sandbox.run(["--db", "old.sqlite"] + question)
            #expect(got.status == 0 && got.stdout == expected.stdout && got.stderr == expected.stderr, "\(question): \(got)")
        }
        let index = try RawStore.query(sandbox.path("old.sqlite"), "SELECT seq FROM key_index_head")
        #expect(index.first?["seq"] as? Int == 16, "the first question indexed all 16 events")
        let audit = try sandbox.audit("old.sqlite")
        #expect(audit.result.status == 0 && audit.findings.isEmpty, "\(audit)")
        #expect(audit.digests == (try sandbox.audit("now.sqlite")).digests)
        #expect(try RawStore.query(sandbox.path("old.sqlite"), "SELECT hex(hash) AS hash FROM events ORDER BY seq").map { $0["hash"] as? String } == hashes.map { $0["hash"] as? String })
    }

    @Test("a record into a schema-1 store indexes the log first, then the new event", .enabled(if: RawStore.hasSQLite, "needs sqlite3"))
    func recordIntoUpgradedStore() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore("now.sqlite")
        try sandbox.boliviaStore("old.sqlite")
        try Self.downgrade(sandbox.path("old.sqlite"))
        let record = ["record", "support-withdrawn", "--actor", "military", "--toward", "morales", "--on", "2019-11-13"]
        let recorded = try sandbox.run(["--db", "old.sqlite"] + record)
        #expect(recorded.status == 0 && recorded.stdout.hasPrefix("Recorded seq 17 "), "\(recorded)")
        _ = try sandbox.run(["--db", "now.sqlite"] + record)
        let index = try RawStore.query(sandbox.path("old.sqlite"), "SELECT seq FROM key_index_head")
        #expect(index.first?["seq"] as? Int == 17)
        let audit = try sandbox.audit("old.sqlite")
        #expect(audit.result.status == 0 && audit.findings.isEmpty, "\(audit)")
        let timeline = try sandbox.run("--db", "old.sqlite", "timeline", "military", "--toward", "morales")
        #expect(timeline.stdout.contains("2019-11-13"), "\(timeline)")
        #expect(timeline.stdout == (try sandbox.run("--db", "now.sqlite", "timeline", "military", "--toward", "morales")).stdout)
    }
}
