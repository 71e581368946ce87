import Foundation
import Testing

/// Rows whose columns hold a value of the wrong SQLite type: SQLite's type affinity lets
/// `UPDATE events SET stream_version = 'two'` through, and the CHECK constraints do not look at
/// types. The audit must name the row, and no command may crash on it.
@Suite("Audit: wrongly typed columns", .enabled(if: RawStore.hasSQLite, "needs /usr/bin/sqlite3"))
struct AuditColumnTypeTests {
    /// Edits of seq 9 (the OAS allegation) that the audit catches today.
    static let caught = [
        "stream_version = 'two'",
        "schema_version = 'x'",
        "occurred_at = 'abc'",
        "metadata = X'FFFE'",
        "payload = X'FF00'",
        "recorded_at = 1.5",
    ]

    private func edited(_ assignment: String) throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore("b.sqlite")
        try RawStore.tamper(sandbox.path("b.sqlite"), sql: "UPDATE events SET \(assignment) WHERE seq = 9;")
        return sandbox
    }

    @Test("A wrongly typed value is a finding at its seq", arguments: caught)
    func auditNamesTheRow(_ assignment: String) throws {
        let sandbox = try edited(assignment)
        let report = try sandbox.audit("b.sqlite")
        #expect(report.result.status == 1, "\(report)")
        #expect(!report.findings.isEmpty && report.findings.allSatisfy { $0.hasPrefix("9:") }, "\(report)")
    }

    @Test("recorded_at holding text with a number in front is a finding, not read as the number")
    func numericPrefixIsNotTheNumber() throws {
        let sandbox = try edited("recorded_at = CAST(recorded_at AS TEXT) || 'x'")
        let report = try sandbox.audit("b.sqlite")
        #expect(report.result.status == 1, "\(report)")
        #expect(report.findings.contains { $0.hasPrefix("9:") }, "\(report)")
    }

    @Test("No command crashes on a wrongly typed row: an error or a warning, never a trap",
          arguments: caught.filter { $0 != "recorded_at = 1.5" } + ["recorded_at = CAST(recorded_at AS TEXT) || 'x'"])
    func noCrash(_ assignment: String) throws {
        let sandbox = try edited(assignment)
        for question in [["position", "oas", "--toward", "morales", "--on", "2019-11-12"], ["timeline", "oas"], ["replay"], ["events"]] {
            let result = try sandbox.run(["--db", "b.sqlite"] + question)
            #expect([0, 1, 65].contains(result.status), "\(result)")
            #expect(!result.stderr.contains("Fatal error"), "\(result)")
            #expect(result.stderr.hasPrefix("error: ") || result.stderr.hasPrefix("warning: "), "\(result)")
        }
    }

    @Test("An id turned into a BLOB cannot smuggle in a second event with the same id")
    func duplicateIdIsFound() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore("b.sqlite")
        let line = try JSONHelpers.lines(try sandbox.run("--db", "b.sqlite", "events", "--format", "ndjson").stdout)[8]
        let text = String(decoding: try JSONSerialization.data(withJSONObject: line), as: UTF8.self)
        try RawStore.tamper(sandbox.path("b.sqlite"), sql: "UPDATE events SET id = CAST(id AS BLOB) WHERE seq = 9;")
        // The row's bytes, and so its hash, are unchanged: only its storage class is.
        let imported = try sandbox.run(["--db", "b.sqlite", "import", "-"], stdin: Data((text + "\n").utf8))
        // Either the damaged store refuses the import, or the audit catches the duplicate.
        if imported.status != 0 {
            #expect(imported.stderr.contains("damaged") && imported.stderr.contains("seq 9"), "\(imported)")
        }
        let report = try sandbox.audit("b.sqlite")
        #expect(report.result.status == 1, "\(imported)\n\(report)")
        #expect(report.findings.contains { $0.hasPrefix("9:") || $0.hasPrefix("17:") }, "\(imported)\n\(report)")
    }
}
