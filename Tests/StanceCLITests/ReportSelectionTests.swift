import Foundation
import Testing

/// Which actors a report holds when none is named: the busiest twelve, saying so, unless
/// `--all` asks for every one.
@Suite("Report: the actors it holds")
struct ReportSelectionTests {
    /// A store of a generated log with 30 actors, most of them with positions.
    private func generatedStore() throws -> Sandbox {
        let sandbox = try Sandbox()
        Expect.success(try sandbox.run("generate", "--events", "600", "--actors", "30", "--seed", "3", "--output", "g.ndjson"))
        try sandbox.store("g.sqlite", importing: String(decoding: try sandbox.read("g.ndjson"), as: UTF8.self))
        return sandbox
    }

    private func sections(_ html: String) -> Int {
        html.components(separatedBy: "<section id=\"actor-").count - 1
    }

    @Test("without --actor, the twelve actors with positions toward the most others, and a note")
    func defaultIsTheBusiestTwelve() throws {
        let sandbox = try generatedStore()
        let report = try sandbox.run("--db", "g.sqlite", "report")
        #expect(report.status == 0, "\(report)")
        #expect(sections(report.stdout) == 12)
        #expect(report.stderr.hasPrefix("note: "), "\(report)")
        #expect(report.stderr.contains("the report holds the 12 with positions toward the most others. Name actors with --actor, or give --all."))
    }

    @Test("--all holds every actor with a position, without a note")
    func allHoldsEveryActor() throws {
        let sandbox = try generatedStore()
        let report = try sandbox.run("--db", "g.sqlite", "report", "--all")
        #expect(report.status == 0 && report.stderr.isEmpty, "\(report)")
        #expect(sections(report.stdout) > 12)
        let note = try sandbox.run("--db", "g.sqlite", "report").stderr
        #expect(note.hasPrefix("note: \(sections(report.stdout)) actors have positions;"), "\(note)")
    }

    /// Named actors are read through the key index; `--all` replays the whole log. Named in
    /// the order `--all` holds them, the two reports are one file, byte for byte.
    @Test("naming every actor gives the report of --all, byte for byte")
    func namedActorsDrawWhatAFullReplayDraws() throws {
        let sandbox = try generatedStore()
        let all = try sandbox.run("--db", "g.sqlite", "report", "--all")
        Expect.success(all)
        let ids = all.stdout.components(separatedBy: "<li><a href=\"#actor-").dropFirst().compactMap { item in
            item.components(separatedBy: "</a></li>").first?.components(separatedBy: "<bdi>").last?.components(separatedBy: "</bdi>").first
        }
        #expect(ids.count == sections(all.stdout) && ids.allSatisfy { $0.hasPrefix("actor-") }, "\(ids)")
        let named = try sandbox.run(["--db", "g.sqlite", "report"] + ids.flatMap { ["--actor", $0] })
        Expect.success(named)
        #expect(named.stdout == all.stdout)
        // One actor alone: its section as in the report of everyone.
        let one = try sandbox.run("--db", "g.sqlite", "report", "--actor", ids[0]).stdout
        let section = { (html: String) in html.components(separatedBy: "<section id=\"actor-1\">").dropFirst().first?.components(separatedBy: "</section>").first }
        #expect(section(one) != nil && section(one) == section(all.stdout))
    }

    @Test("--all with --actor is a usage error that writes nothing")
    func allWithActorIsRefused() throws {
        let sandbox = try generatedStore()
        let result = try sandbox.run("--db", "g.sqlite", "report", "--all", "--actor", "actor-00001", "--output", "r.html")
        Expect.failure(result, 64, "error: Give --all or --actor, not both.")
        #expect(!FileManager.default.fileExists(atPath: sandbox.path("r.html")))
    }
}
