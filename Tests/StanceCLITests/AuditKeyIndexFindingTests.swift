import Foundation
import Testing

/// How `stance audit` words a key index that does not match the log: in counts and words, the
/// same from one run to the next, since the digests it compares are keyed afresh per process.
@Suite("Audit: the key index finding", .enabled(if: RawStore.hasSQLite, "needs /usr/bin/sqlite3"))
struct AuditKeyIndexFindingTests {
    private func tampered(_ script: String) throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore("b.sqlite")
        try RawStore.tamper(sandbox.path("b.sqlite"), droppingTriggers: ["event_keys_are_never_updated", "event_keys_are_never_deleted"], sql: script)
        return sandbox
    }

    private func pairs(_ sandbox: Sandbox) throws -> Int {
        try RawStore.query(sandbox.path("b.sqlite"), "SELECT count(*) AS n FROM event_keys")[0]["n"] as? Int ?? -1
    }

    @Test("As many pairs as the log gives, but one moved in time: said so, and the same twice")
    func samePairCountDifferentPairs() throws {
        let sandbox = try tampered("""
            UPDATE event_keys SET occurred_at = occurred_at + 86400000
            WHERE (key, seq) = (SELECT key, seq FROM event_keys WHERE occurred_at IS NOT NULL ORDER BY key, seq LIMIT 1);
            """)
        let count = try pairs(sandbox)
        let report = try sandbox.audit("b.sqlite")
        #expect(report.result.status == 1 && report.result.stderr == "", "\(report)")
        #expect(report.findings == ["store:keyIndex"], "\(report)")
        let finding = try #require(report.findingObjects.first)
        #expect(finding["expected"] as? String == "\(count) pairs")
        #expect(finding["found"] as? String == "\(count) pairs, as many but not the same ones")
        // The output differs between runs only in the time taken.
        let again = try #require(try sandbox.audit("b.sqlite").findingObjects.first)
        #expect(again["expected"] as? String == finding["expected"] as? String && again["found"] as? String == finding["found"] as? String)
        let text = try sandbox.run(["--db", "b.sqlite", "audit"])
        #expect(text.status == 1)
        #expect(text.stdout.contains(
            "expected \(count) (key, event) pairs as a replay computes them, found \(count) pairs in the store, as many but not the same ones; "
                + "questions read the index, so their answers may differ from a replay's"), "\(text.stdout)")
    }

    @Test("A pair missing: the counts tell it")
    func missingPair() throws {
        let sandbox = try tampered("DELETE FROM event_keys WHERE (key, seq) = (SELECT key, seq FROM event_keys ORDER BY key, seq LIMIT 1);")
        let count = try pairs(sandbox)
        let report = try sandbox.audit("b.sqlite")
        #expect(report.findings == ["store:keyIndex"], "\(report)")
        let finding = try #require(report.findingObjects.first)
        #expect(finding["expected"] as? String == "\(count + 1) pairs")
        #expect(finding["found"] as? String == "\(count) pairs")
    }
}
