import Foundation
import Testing

/// `stance audit` on a Bolivia store edited behind stance's back with `sqlite3` (the triggers
/// dropped for the edit and put back with their own SQL, so that only the rows can tell) and,
/// for a forger who repairs the chain, `python3`. Each finding must name the right seq.
@Suite("Audit: tampering", .enabled(if: RawStore.hasSQLite, "needs /usr/bin/sqlite3"))
struct AuditTamperingTests {
    /// A Bolivia store in a fresh sandbox, checked clean, with its absolute path for sqlite3.
    private func tamperable() throws -> (Sandbox, String) {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore("b.sqlite")
        let before = try sandbox.audit("b.sqlite")
        #expect(before.result.status == 0 && before.findings.isEmpty, "\(before)")
        return (sandbox, sandbox.path("b.sqlite"))
    }

    /// Expects exit 1, `clean: false` and exactly these findings, in the order printed.
    private func expectFindings(_ report: AuditReport, _ findings: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(report.result.status == 1, "\(report)", sourceLocation: sourceLocation)
        #expect(report.clean == false, "\(report)", sourceLocation: sourceLocation)
        #expect(report.findings == findings, "\(report)", sourceLocation: sourceLocation)
        #expect(report.result.stderr == "", "\(report)", sourceLocation: sourceLocation)
    }

    @Test("An edited payload is a hash finding at its seq, and only there")
    func editedPayload() throws {
        let (sandbox, db) = try tamperable()
        try RawStore.tamper(db, sql: "UPDATE events SET payload = replace(payload, 'serious irregularities', 'minor irregularities') WHERE seq = 9;")
        expectFindings(try sandbox.audit("b.sqlite"), ["9:hash"])
        // The text format says the same, one line per finding.
        let text = try sandbox.run("--db", "b.sqlite", "audit")
        #expect(text.status == 1)
        #expect(text.stdout.hasPrefix("Audit of b.sqlite: 1 finding(s)\nfindings:\n  seq 9: hash: expected hash "), "\(text)")
    }

    @Test("A deleted row is a sequence and link finding at the next seq")
    func deletedRow() throws {
        let (sandbox, db) = try tamperable()
        try RawStore.tamper(db, sql: "DELETE FROM events WHERE seq = 9;")
        let report = try sandbox.audit("b.sqlite")
        // The key index still holds the deleted event's keys: the index betrays the edit too.
        expectFindings(report, ["10:sequence", "10:link", "store:keyIndex"])
        #expect(report.summary["events"] as? Int == 15)
    }

    @Test("Two rows' payloads swapped are hash findings at both seqs")
    func swappedPayloads() throws {
        let (sandbox, db) = try tamperable()
        try RawStore.tamper(db, sql: """
            CREATE TEMP TABLE swapped AS SELECT seq, payload FROM events WHERE seq IN (9, 10);
            UPDATE events SET payload = (SELECT payload FROM swapped WHERE swapped.seq = 19 - events.seq) WHERE seq IN (9, 10);
            """)
        let report = try sandbox.audit("b.sqlite")
        #expect(report.result.status == 1, "\(report)")
        #expect(report.findings.filter { $0.hasSuffix(":hash") } == ["9:hash", "10:hash"], "\(report)")
        // Whatever else is found (the payloads name other actors than the rows' streams) is at 9
        // or 10, or is the key index, which no longer matches what the payloads say.
        #expect(report.findings.allSatisfy { $0.hasPrefix("9:") || $0.hasPrefix("10:") || $0 == "store:keyIndex" }, "\(report)")
    }

    @Test("Two whole rows swapped, seqs kept, break the links at both and after")
    func swappedRows() throws {
        let (sandbox, db) = try tamperable()
        try RawStore.tamper(db, sql: """
            CREATE TEMP TABLE moved AS SELECT * FROM events WHERE seq IN (9, 10);
            DELETE FROM events WHERE seq IN (9, 10);
            INSERT INTO events SELECT 19 - seq, id, stream, stream_version, type, schema_version, occurred_at,
                precision, recorded_at, payload, metadata, prev_hash, hash FROM moved;
            """)
        expectFindings(try sandbox.audit("b.sqlite"), ["9:link", "9:hash", "10:link", "10:hash", "11:link", "store:keyIndex"])
    }

    @Test("recorded_at moved back is a recordedAt finding at that seq, even when the chain is repaired")
    func recordedAtMovedBack() throws {
        let (sandbox, db) = try tamperable()
        try RawStore.tamper(db, sql: "UPDATE events SET recorded_at = recorded_at - 86400000000 WHERE seq = 9;")
        expectFindings(try sandbox.audit("b.sqlite"), ["9:hash", "9:recordedAt"])
        guard RawStore.hasPython else { return }
        try RawStore.tamper(db) { try RawStore.rechain(db, from: 9, through: 16) }
        expectFindings(try sandbox.audit("b.sqlite"), ["9:recordedAt"])
    }

    @Test("A tampered row re-hashed alone is a link finding at the next seq", .enabled(if: RawStore.hasPython, "needs python3"))
    func rehashedRow() throws {
        let (sandbox, db) = try tamperable()
        try RawStore.tamper(db) {
            try RawStore.sql(db, "UPDATE events SET payload = replace(payload, 'serious irregularities', 'minor irregularities') WHERE seq = 9;")
            try RawStore.rechain(db, from: 9, through: 9)
        }
        expectFindings(try sandbox.audit("b.sqlite"), ["10:link"])
        #expect(try RawStore.query(db, "SELECT payload FROM events WHERE seq = 9")[0]["payload"].map { "\($0)".contains("minor") } == true)
    }

    @Test("A chain rewritten end to end is clean alone and caught by the head published before", .enabled(if: RawStore.hasPython, "needs python3"))
    func rewrittenChain() throws {
        let (sandbox, db) = try tamperable()
        let published = try sandbox.head("b.sqlite")
        let hashes = try RawStore.query(db, "SELECT seq, hex(hash) AS hash FROM events ORDER BY seq")
            .map { "\($0["seq"] as? Int ?? 0):\(($0["hash"] as? String ?? "").lowercased())" }
        #expect(hashes.last == published)
        try RawStore.tamper(db) {
            try RawStore.sql(db, "UPDATE events SET payload = replace(payload, 'serious irregularities', 'minor irregularities') WHERE seq = 9;")
            try RawStore.rechain(db, from: 9, through: 16)
        }
        let alone = try sandbox.audit("b.sqlite")
        #expect(alone.result.status == 0 && alone.clean == true && alone.findings.isEmpty, "\(alone)")
        #expect(alone.summary["head"] as? String != published)

        expectFindings(try sandbox.audit("b.sqlite", ["--expect-head", published]), ["16:publishedHead"])
        expectFindings(try sandbox.audit("b.sqlite", ["--expect-head", hashes[8], "--expect-head", published]), ["9:publishedHead", "16:publishedHead"])
        // A head published before the rewritten part still matches.
        let earlier = try sandbox.audit("b.sqlite", ["--expect-head", hashes[7]])
        #expect(earlier.result.status == 0 && earlier.findings.isEmpty && earlier.summary["publishedHeads"] as? Int == 1, "\(earlier)")
        // A head past the end of the log is a finding too.
        let future = try sandbox.audit("b.sqlite", ["--expect-head", "17:" + String(repeating: "ab", count: 32)])
        expectFindings(future, ["17:publishedHead"])
    }

    static let eventTriggers = ["events_are_never_updated", "events_are_never_deleted", "events_are_appended_in_order"]
    static let allTriggers = eventTriggers + [
        "store_settings_are_never_replaced", "store_settings_are_never_updated", "store_settings_are_never_deleted",
        "event_keys_are_never_updated", "event_keys_are_never_deleted", "key_index_head_only_moves_forward",
        "clustered_events_are_never_updated", "clustered_events_are_never_deleted",
    ]

    @Test("A dropped trigger is a store-wide trigger finding", arguments: allTriggers)
    func droppedTrigger(_ name: String) throws {
        let (sandbox, db) = try tamperable()
        try RawStore.sql(db, "DROP TRIGGER \(name);")
        let report = try sandbox.audit("b.sqlite")
        expectFindings(report, ["store:trigger"])
        #expect(report.findingObjects.first?["seq"] is NSNull, "\(report)")
        #expect((report.findingObjects.first?["expected"] as? String)?.contains(name) == true, "\(report)")
    }

    @Test("A trigger replaced by a weaker one of the same name is a trigger finding")
    func weakenedTrigger() throws {
        let (sandbox, db) = try tamperable()
        try RawStore.sql(db, """
            DROP TRIGGER events_are_never_updated;
            CREATE TRIGGER events_are_never_updated BEFORE UPDATE ON events WHEN 0
            BEGIN SELECT RAISE(ABORT, 'stance: the event log is append-only'); END;
            """)
        let report = try sandbox.audit("b.sqlite")
        expectFindings(report, ["store:trigger"])
        #expect(report.findingObjects.first?["found"] as? String == "changed SQL", "\(report)")
    }

    @Test("A foreign event inserted in the middle is found from its seq on", arguments: [false, true])
    func insertedInTheMiddle(rechained: Bool) throws {
        if rechained && !RawStore.hasPython { return }
        let (sandbox, db) = try tamperable()
        try RawStore.tamper(db) {
            try RawStore.sql(db, """
                BEGIN;
                UPDATE events SET seq = seq + 1000 WHERE seq >= 9;
                UPDATE events SET seq = seq - 999 WHERE seq >= 1000;
                INSERT INTO events SELECT 9, 'f0f0f0f0-0000-4000-8000-000000000009', stream, 99, type, schema_version,
                    occurred_at, precision, recorded_at, replace(payload, 'declared the winner', 'declared the loser'),
                    metadata, prev_hash, hash FROM events WHERE seq = 8;
                COMMIT;
                """)
            if rechained { try RawStore.rechain(db, from: 9, through: 9) }
        }
        let report = try sandbox.audit("b.sqlite")
        // Every row after the insertion now sits at another seq, which its hash covers, and
        // which the key index does not list it under.
        let shifted = (10...17).map { "\($0):hash" } + ["store:keyIndex"]
        expectFindings(report, rechained ? ["10:link"] + shifted : ["9:link", "9:hash"] + shifted)
        #expect(report.summary["events"] as? Int == 17)
    }
}
