import Foundation
import Testing

/// Checkpoints at the edges: over an event this stance cannot read, carried through an export
/// and an import, and named by a retraction.
@Suite("Checkpoints: edges")
struct CheckpointEdgeTests {
    /// The example, an undecodable event at seq 17 and an unsigned checkpoint at seq 18 covering it.
    private func quarantinedCheckpoint() throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore("b.sqlite")
        try RawStore.appendRaw(sandbox.path("b.sqlite"), id: "f0f0f0f0-0000-4000-8000-000000000017", type: "future-type",
                               stream: "bolivian-armed-forces", payload: #"{"actor":"bolivian-armed-forces"}"#)
        let checkpoint = try sandbox.run("--db", "b.sqlite", "checkpoint")
        #expect(checkpoint.status == 0 && checkpoint.stdout.hasPrefix("Recorded checkpoint seq 18 covering seq 1-17"), "\(checkpoint)")
        return sandbox
    }

    /// Replaces the checkpoint's recorded positions digest with zeros and re-hashes its row.
    private func forgeDigest(_ sandbox: Sandbox, seq: Int) throws {
        let db = sandbox.path("b.sqlite")
        let positions = try sandbox.replayDigests("b.sqlite")["positions"] ?? "?"
        try RawStore.tamper(db) {
            try RawStore.sql(db, "UPDATE events SET payload = replace(payload, '\(positions)', '\(String(repeating: "0", count: 64))') WHERE seq = \(seq);")
            try RawStore.rechain(db, from: seq, through: seq)
        }
    }

    @Test("A checkpoint over an undecodable event: only the decode finding; a forged head is found",
          .enabled(if: RawStore.hasSQLite && RawStore.hasPython, "needs sqlite3 and python3"))
    func checkpointOverQuarantine() throws {
        let sandbox = try quarantinedCheckpoint()
        #expect(try sandbox.audit("b.sqlite").findings == ["17:decode"])
        let db = sandbox.path("b.sqlite")
        let head = try RawStore.query(db, "SELECT lower(hex(hash)) AS h FROM events WHERE seq = 17").first?["h"] as? String ?? "?"
        try RawStore.tamper(db) {
            try RawStore.sql(db, "UPDATE events SET payload = replace(payload, '\(head)', '\(String(repeating: "ab", count: 32))') WHERE seq = 18;")
            try RawStore.rechain(db, from: 18, through: 18)
        }
        #expect(try sandbox.audit("b.sqlite").findings == ["17:decode", "18:checkpoint"])
    }

    @Test("A forged digest is found in a checkpoint covering an ordinary event",
          .enabled(if: RawStore.hasSQLite && RawStore.hasPython, "needs sqlite3 and python3"))
    func forgedDigest() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore("b.sqlite")
        Expect.success(try sandbox.run("--db", "b.sqlite", "checkpoint"))
        try forgeDigest(sandbox, seq: 17)
        let report = try sandbox.audit("b.sqlite")
        #expect(report.findings == ["17:checkpoint"], "\(report)")
        #expect((report.findingObjects.first?["expected"] as? String)?.hasPrefix("positions digest 0000") == true, "\(report)")
    }

    @Test("A forged digest is found in a checkpoint covering an undecodable event",
          .enabled(if: RawStore.hasSQLite && RawStore.hasPython, "needs sqlite3 and python3"))
    func forgedDigestOverQuarantine() throws {
        let sandbox = try quarantinedCheckpoint()
        try forgeDigest(sandbox, seq: 18)
        #expect(try sandbox.audit("b.sqlite").findings == ["17:decode", "18:checkpoint"])
    }

    @Test("An import never yields a store that fails its own audit: a checkpoint is refused or still holds")
    func checkpointThroughExportAndImport() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore("b.sqlite")
        Expect.success(try sandbox.run("--db", "b.sqlite", "checkpoint"))
        let export = try sandbox.run("--db", "b.sqlite", "events", "--format", "ndjson")
        try sandbox.store("copy.sqlite", timezone: "America/La_Paz")
        let imported = try sandbox.run(["--db", "copy.sqlite", "import", "-"], stdin: Data(export.stdout.utf8))
        if imported.status == 0 {
            let report = try sandbox.audit("copy.sqlite")
            #expect(report.result.status == 0 && report.findings.isEmpty, "\(imported)\n\(report)")
        } else {
            #expect(imported.stderr.contains("checkpoint"), "\(imported)")
            #expect(try sandbox.snapshot("copy.sqlite").events == 0)
        }
    }

    @Test("Retracting a checkpoint is refused with a message about the checkpoint, not about --actor")
    func retractCheckpoint() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore("b.sqlite")
        let checkpoint = try JSONHelpers.object(try sandbox.run("--db", "b.sqlite", "checkpoint", "--format", "json").stdout)
        let before = try sandbox.snapshot("b.sqlite")
        let result = try sandbox.run("--db", "b.sqlite", "retract", checkpoint["id"] as? String ?? "?", "--reason", "mistake")
        Expect.status(result, 65)
        #expect(!result.stderr.contains("--actor") && result.stderr.contains("checkpoint"), "\(result)")
        #expect(try sandbox.snapshot("b.sqlite") == before)
    }
}
