import Foundation
import Testing

/// `stance audit` on a Bolivia store whose clustered copies (table `clustered_events`, the role
/// events questions read instead of the log) were edited with `sqlite3`: the chain is intact,
/// so only the comparison of each copy with its event can tell (the edits make the append-only
/// triggers again, as a careful editor would). The audit writes nothing.
@Suite("Audit: clustered copies", .enabled(if: RawStore.hasSQLite, "needs /usr/bin/sqlite3"))
struct AuditClusteredCopyTests {
    /// The Bolivia store has one copy: Kaliman's role in the military, seq 7.
    private func tampered(_ edit: String) throws -> (Sandbox, AuditReport, text: String) {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore("b.sqlite")
        let copies = try RawStore.query(sandbox.path("b.sqlite"), "SELECT seq FROM clustered_events")
        #expect(copies.map { $0["seq"] as? Int } == [7])
        try RawStore.tamper(
            sandbox.path("b.sqlite"), droppingTriggers: ["clustered_events_are_never_updated", "clustered_events_are_never_deleted"], sql: edit)
        let before = try sandbox.snapshot("b.sqlite")
        let report = try sandbox.audit("b.sqlite")
        let text = try sandbox.run("--db", "b.sqlite", "audit")
        #expect(try sandbox.snapshot("b.sqlite") == before, "the audit wrote nothing")
        #expect(report.result.status == 1 && text.status == 1, "\(report)")
        #expect(report.findings == ["store:clusteredCopies"], "\(report)")
        #expect(report.result.stderr == "" && text.stderr == "", "\(report)")
        return (sandbox, report, text.stdout)
    }

    private func expectFinding(_ text: String, _ problem: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let line = "  store: clustered copies: expected each copy to equal its event, with a key row under a clustered key, "
            + "and each such key row to have its copy; found 1 that do not (\(problem)); "
            + "questions read the copies, so their answers may differ from a replay's\n"
        #expect(text.hasPrefix("Audit of b.sqlite: 1 finding(s)\nfindings:\n" + line), "\(text)", sourceLocation: sourceLocation)
    }

    @Test("a copy whose payload was edited differs from its event")
    func editedPayload() throws {
        let (_, report, text) = try tampered("UPDATE clustered_events SET payload = replace(payload, 'commander', 'spokesperson');")
        expectFinding(text, "roles:bolivian-armed-forces seq 7: a copy that differs from its event")
        let finding = report.findingObjects.first ?? [:]
        #expect(finding["check"] as? String == "clusteredCopies" && finding["seq"] is NSNull, "\(report)")
        #expect(finding["found"] as? String == "1 not: roles:bolivian-armed-forces seq 7: a copy that differs from its event")
    }

    @Test("a copy holding its event's values in another storage class differs from it")
    func otherStorageClass() throws {
        let (_, _, text) = try tampered("UPDATE clustered_events SET stream_version = CAST(stream_version AS TEXT);")
        expectFinding(text, "roles:bolivian-armed-forces seq 7: a copy that differs from its event")
    }

    @Test("a key row under a clustered key without its copy is found")
    func missingCopy() throws {
        let (_, _, text) = try tampered("DELETE FROM clustered_events;")
        expectFinding(text, "roles:bolivian-armed-forces seq 7: a key row under a clustered key without its copy")
    }

    @Test("a copy under a key that is not clustered is found, and one without a key row")
    func strayCopies() throws {
        let (_, _, text) = try tampered("""
            INSERT INTO clustered_events SELECT (SELECT id FROM index_keys WHERE key = 'directory'), * FROM events WHERE seq = 3;
            """)
        expectFinding(text, "directory seq 3: a copy under a key that is not clustered")
        let (_, _, moved) = try tampered("""
            INSERT INTO clustered_events SELECT key, 9, id, stream, stream_version, type, schema_version, occurred_at,
                precision, recorded_at, payload, metadata, prev_hash, hash FROM clustered_events WHERE seq = 7;
            """)
        expectFinding(moved, "roles:bolivian-armed-forces seq 9: a copy without its key row")
    }

    @Test("questions read the copies: an edited copy changes the answer, which is why the audit compares them")
    func questionsReadTheCopies() throws {
        let (sandbox, _, _) = try tampered("""
            UPDATE clustered_events SET payload = replace(payload, '"in":"bolivian-armed-forces"', '"in":"morales"');
            """)
        let show = try sandbox.run("--db", "b.sqlite", "timeline", "military", "--toward", "morales")
        #expect(!show.stdout.contains("by Williams Kaliman (kaliman), commander of bolivian-armed-forces"), "\(show)")
    }

    @Test("a copy table that cannot be read is a finding, not a clean audit")
    func droppedTable() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore("b.sqlite")
        _ = try RawStore.sql(sandbox.path("b.sqlite"), "DROP TABLE clustered_events;")
        let before = try sandbox.snapshot("b.sqlite")
        let report = try sandbox.audit("b.sqlite")
        #expect(try sandbox.snapshot("b.sqlite") == before, "the audit wrote nothing")
        // The table's triggers went with it.
        #expect(report.result.status == 1 && report.findings == ["store:trigger", "store:trigger", "store:clusteredCopies"], "\(report)")
        let found = report.findingObjects.last?["found"] as? String ?? ""
        #expect(found.hasPrefix("unreadable: ") && found.contains("no such table: clustered_events"), "\(report)")
        let text = try sandbox.run("--db", "b.sqlite", "audit")
        #expect(text.status == 1 && text.stdout.contains("store: clustered copies: expected the copies to be readable, found "), "\(text)")
    }
}
