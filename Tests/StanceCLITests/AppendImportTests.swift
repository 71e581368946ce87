import Foundation
import Testing

/// An import into a store that already holds events is pipelined too (its lookups of what is
/// stored made on a connection of its own): a log imported in parts must give the store one
/// import of it gives, and a refused part must leave the store as it was.
@Suite("Importing into a store that holds events")
struct AppendImportTests {
    /// A generated log, its registrations all in the first part.
    static func parts(_ sandbox: Sandbox, seed: UInt64) throws -> (whole: String, first: String, rest: String) {
        let log = try sandbox.run("generate", "--events", "2400", "--actors", "30", "--seed", String(seed))
        Expect.success(log)
        let lines = log.stdout.split(separator: "\n", omittingEmptySubsequences: true)
        let cut = 900 + Int(seed) * 100
        return (log.stdout, lines[..<cut].joined(separator: "\n") + "\n", lines[cut...].joined(separator: "\n") + "\n")
    }

    /// Every event as exported, without the chain and the import's batch (new in each import).
    static func stripped(_ sandbox: Sandbox, _ db: String) throws -> [Data?] {
        let export = try sandbox.run("--db", db, "events", "--format", "ndjson")
        Expect.success(export)
        return try JSONHelpers.lines(export.stdout).map { line in
            JSONHelpers.canonical(line.filter { !["hash", "prevHash", "batch", "recordedAt"].contains($0.key) })
        }
    }

    @Test("A log imported in two parts gives the store, the answers and the audit of one import", arguments: [1, 2, 3] as [UInt64])
    func twoPartsAsOne(seed: UInt64) throws {
        let sandbox = try Sandbox()
        let (whole, first, rest) = try Self.parts(sandbox, seed: seed)
        try sandbox.store("whole.sqlite", timezone: "America/La_Paz", importing: whole)
        try sandbox.store("parts.sqlite", timezone: "America/La_Paz", importing: first)
        try sandbox.write("rest.ndjson", rest)
        let appended = try sandbox.run("--db", "parts.sqlite", "import", "rest.ndjson")
        Expect.success(appended)
        let firstCount = first.split(separator: "\n").count
        #expect(appended.stdout == "Imported \(2400 - firstCount) events (seq \(firstCount + 1)-2400).\n")
        #expect(try Self.stripped(sandbox, "parts.sqlite") == Self.stripped(sandbox, "whole.sqlite"))
        let audits = try ["whole.sqlite", "parts.sqlite"].map { try sandbox.run("--db", $0, "audit", "--format", "json") }
        for audit in audits { #expect(audit.status == 0, "\(audit)") }
        let digests = try audits.map { audit in
            let summary = try JSONHelpers.object(audit.stdout)["summary"] as? [String: Any] ?? [:]
            let digests = summary["digests"] as? [String: String] ?? [:]
            let keys = (summary["keyIndex"] as? [String: Any])?["keys"] as? Int
            return ["directory", "positions", "retractions"].map { digests[$0] ?? "none" } + ["\(keys ?? -1)"]
        }
        #expect(digests[0] == digests[1])
        #expect(!digests[0].contains("none"))
        // Importing the rest again writes nothing: every id is found among the stored events.
        let again = try sandbox.run("--db", "parts.sqlite", "import", "rest.ndjson")
        #expect(again.stdout == "Imported 0 events; \(2400 - firstCount) already recorded, skipped.\n")
    }

    @Test("A part that reuses a stored id with other content is refused whole, and nothing is written")
    func storedIDConflict() throws {
        let sandbox = try Sandbox()
        let (_, first, rest) = try Self.parts(sandbox, seed: 1)
        try sandbox.store("s.sqlite", timezone: "America/La_Paz", importing: first)
        let before = try sandbox.snapshot("s.sqlite")
        // The rest's last line under the id of a stored event, with other content.
        var lines = rest.split(separator: "\n").map(String.init)
        let storedID = try #require(try JSONHelpers.lines(first).last?["id"] as? String)
        let last = try #require(lines.last?.firstRange(of: #""id":""#))
        let idEnd = lines[lines.count - 1][last.upperBound...].firstIndex(of: "\"")!
        lines[lines.count - 1].replaceSubrange(last.upperBound..<idEnd, with: storedID)
        try sandbox.write("rest.ndjson", lines.joined(separator: "\n") + "\n")
        let refused = try sandbox.run("--db", "s.sqlite", "import", "rest.ndjson")
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("line \(lines.count): field 'id': \(storedID) is already stored as seq"), "\(refused.stderr)")
        #expect(refused.stderr.contains("Nothing was imported."))
        #expect(try sandbox.snapshot("s.sqlite") == before)
    }
}
