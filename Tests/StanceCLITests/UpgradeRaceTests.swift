import Foundation
import StanceTesting
import Testing

/// Several processes meeting a store from an earlier schema at once, as a team's scripts do
/// after upgrading stance: each upgrades it or finds it upgraded by another, each answers as a
/// current store does, and the store ends at the current schema with a clean audit.
@Suite("Processes that upgrade one store at once")
struct UpgradeRaceTests {
    static let processes = 4
    static let rounds = 3

    static let questions: [[String]] = [
        ["position", "military", "--toward", "morales", "--on", "2019-11-10"],
        ["timeline", "military", "--toward", "morales"],
        ["position", "military", "--on", "2019-11-12"],
        ["actor", "show", "kaliman"],
    ]

    @Test("a schema-1 store opened by four processes at once", .enabled(if: RawStore.hasSQLite, "needs sqlite3"))
    func schema1() throws {
        try race { try KeyIndexUpgradeTests.downgrade($0) }
    }

    @Test("a schema-2 store opened by four processes at once", .enabled(if: RawStore.hasSQLite, "needs sqlite3"))
    func schema2() throws {
        try race { try KeyIndexUpgradeTests.downgradeToSchema2($0) }
    }

    /// Starts every question at once against a fresh downgraded copy, `rounds` times.
    private func race(downgrade: (String) throws -> Void) throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore("now.sqlite")
        let expected = try Self.questions.map { try sandbox.run(["--db", "now.sqlite"] + $0) }
        let migrations = try RawStore.query(sandbox.path("now.sqlite"), "SELECT identifier FROM grdb_migrations ORDER BY identifier")
        let current = try sandbox.audit("now.sqlite")
        for round in 0..<Self.rounds {
            let db = "old-\(round).sqlite"
            try sandbox.boliviaStore(db)
            try downgrade(sandbox.path(db))
            let hashes = try RawStore.query(sandbox.path(db), "SELECT hex(hash) AS hash FROM events ORDER BY seq")
            let asked = (0..<Self.processes).map { Self.questions[$0 % Self.questions.count] }
            let running = try asked.map { try sandbox.start(["--db", db] + $0) }
            for (index, result) in try running.map({ try $0.wait() }).enumerated() {
                let want = expected[index % Self.questions.count]
                #expect(result.status == 0 && result.stdout == want.stdout && result.stderr == want.stderr, "round \(round): \(result)")
            }
            #expect(try RawStore.query(sandbox.path(db), "SELECT identifier FROM grdb_migrations ORDER BY identifier").map { $0["identifier"] as? String }
                == migrations.map { $0["identifier"] as? String }, "round \(round)")
            #expect(try RawStore.query(sandbox.path(db), "SELECT hex(hash) AS hash FROM events ORDER BY seq").map { $0["hash"] as? String }
                == hashes.map { $0["hash"] as? String }, "round \(round): the log is untouched")
            let audit = try sandbox.audit(db)
            #expect(audit.result.status == 0 && audit.findings.isEmpty, "round \(round): \(audit)")
            #expect(audit.digests == current.digests, "round \(round)")
        }
    }
}
