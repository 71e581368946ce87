import Foundation
import Testing

/// `stance generate` writes the benchmark's logs: they must be the same for the same seed and
/// import and audit clean, or the benchmark would measure errors.
@Suite("Generating logs")
struct GeneratorTests {
    @Test("The same seed gives the same bytes; another seed another log")
    func deterministic() throws {
        let sandbox = try Sandbox()
        let first = try sandbox.run("generate", "--events", "600", "--actors", "30", "--seed", "7")
        let again = try sandbox.run("generate", "--events", "600", "--actors", "30", "--seed", "7")
        let other = try sandbox.run("generate", "--events", "600", "--actors", "30", "--seed", "8")
        Expect.success(first)
        #expect(first.stdout == again.stdout)
        #expect(first.stdout != other.stdout)
        #expect(first.stdout.split(separator: "\n").count == 600)
    }

    @Test("--output writes the same log as standard output")
    func toAFile() throws {
        let sandbox = try Sandbox()
        Expect.success(try sandbox.run("generate", "--events", "300", "--actors", "20", "--seed", "3", "--output", "log.ndjson"))
        let printed = try sandbox.run("generate", "--events", "300", "--actors", "20", "--seed", "3")
        #expect(String(decoding: try sandbox.read("log.ndjson"), as: UTF8.self) == printed.stdout)
    }

    @Test("A generated log holds every type, imports whole and audits clean", arguments: [1, 2, 3] as [UInt64])
    func importsAndAuditsClean(seed: UInt64) throws {
        let sandbox = try Sandbox()
        let log = try sandbox.run("generate", "--events", "2000", "--actors", "40", "--seed", String(seed))
        Expect.success(log)
        let types = Set(try JSONHelpers.lines(log.stdout).compactMap { $0["type"] as? String })
        let vocabulary = try JSONHelpers.array(try sandbox.run("types", "--format", "json").stdout).compactMap { $0["name"] as? String }
        #expect(types == Set(vocabulary).subtracting(["checkpoint-recorded"]), "\(Set(vocabulary).subtracting(types))")
        try sandbox.store("g.sqlite", timezone: "America/La_Paz", importing: log.stdout)
        #expect(try sandbox.snapshot("g.sqlite").events == 2000)
        let audit = try sandbox.audit("g.sqlite")
        #expect(audit.result.status == 0 && audit.clean == true, "\(audit)")
    }

    @Test("Too few events or actors is a usage error")
    func bounds() throws {
        let sandbox = try Sandbox()
        Expect.failure(try sandbox.run("generate", "--events", "20", "--actors", "30"), 64,
                       "error: --events must be at least 40 for 30 actors: the registrations come first.")
        Expect.failure(try sandbox.run("generate", "--actors", "1"), 64,
                       "error: --actors must be at least 2, so that someone has a position toward someone.")
    }
}
