import Foundation
import Testing

/// Several processes creating one store at once, as a script run twice by mistake does: one
/// makes it, the others are told a file is there, and the store is whole.
@Suite("Processes that create one store at once")
struct InitRaceTests {
    @Test("four inits at one path: one store, three refusals naming the file")
    func fourInits() throws {
        let sandbox = try Sandbox()
        for round in 0..<3 {
            let db = "s-\(round).sqlite"
            let running = try (0..<4).map { _ in try sandbox.start(["--db", db, "init", "--timezone", "America/La_Paz"]) }
            let results = try running.map { try $0.wait() }
            let made = results.filter { $0.status == 0 }
            #expect(made.count == 1, "round \(round): \(results)")
            for refused in results where refused.status != 0 {
                #expect(refused.status == 1, "\(refused)")
                #expect(refused.stdout.isEmpty)
                #expect(refused.stderr == "error: A file already exists at \(db); choose another path or use the store that is there.\n", "\(refused)")
            }
            let info = try sandbox.run("--db", db, "info", "--format", "json")
            #expect(info.status == 0, "\(info)")
            #expect((try? JSONHelpers.object(info.stdout))?["timezone"] as? String == "America/La_Paz", "\(info)")
            let audit = try sandbox.audit(db)
            #expect(audit.result.status == 0 && audit.findings.isEmpty, "\(audit)")
        }
    }
}
