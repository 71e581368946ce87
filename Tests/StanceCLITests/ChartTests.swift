import Foundation
import Testing

/// `stance chart`: SVG timelines of the Bolivia example and of a generated log, pinned byte for
/// byte in Fixtures/ and checked for structure (well-formed XML, one band per span, labels,
/// tooltips, hollow retracted events, hatched contested spans).
@Suite("Charts")
struct ChartTests {
    static let towardMorales = ["chart", "--actor", "military", "--actor", "opposition", "--actor", "protesters", "--actor", "oas", "--toward", "morales"]

    /// Runs `chart` on the example's store and returns the SVG it wrote to standard output.
    private func chart(_ sandbox: Sandbox, _ arguments: [String], db: String = "bolivia.sqlite") throws -> String {
        let result = try sandbox.run(["--db", db] + arguments)
        Expect.success(result)
        return result.stdout
    }

    @Test("The example's charts equal their snapshots byte for byte")
    func boliviaSnapshots() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore()
        try Golden.expect(try chart(sandbox, Self.towardMorales), matches: "chart-bolivia-toward-morales.svg")
        try Golden.expect(try chart(sandbox, ["chart", "military"]), matches: "chart-bolivia-military.svg")
    }

    @Test("A generated log of 2,000 events charts to its snapshot, ticks thinned and markers clustered")
    func generatedSnapshot() throws {
        let sandbox = try Sandbox()
        Expect.success(try sandbox.run("generate", "--events", "2000", "--actors", "20", "--seed", "7", "--output", "g.ndjson"))
        try sandbox.store("g.sqlite", importing: String(decoding: try sandbox.read("g.ndjson"), as: UTF8.self))
        let svg = try chart(sandbox, ["chart", "actor-00001"], db: "g.sqlite")
        try Golden.expect(svg, matches: "chart-generated-actor-00001.svg")
        let root = try XMLOutline.parse(svg)
        let ticks = root.elements("g", class: "axis").flatMap { $0.elements("text") }
        #expect(ticks.count >= 3 && ticks.count <= 10, "ticks: \(ticks.map(\.allText))")
        let markers = root.elements("g", class: "marker")
        #expect(markers.contains { $0.attributes["data-kind"] == "cluster" }, "a dense log needs clusters")
        #expect(markers.allSatisfy { $0.title?.isEmpty == false })
        // Band labels never overflow their band: a label is only written where it fits.
        for span in root.elements("g", class: "span") {
            guard let label = span.elements("text", class: "label").first, let band = span.elements("rect", class: "band").first,
                  let width = Double(band.attributes["width"] ?? "") else { continue }
            #expect(Double(label.allText.count) * 11 * 0.62 <= width - 8, "\(label.allText) on a band \(width) wide")
        }
    }

    @Test("One band per span, the position written on it, one marker per event with its tooltip")
    func boliviaStructure() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore()
        let root = try XMLOutline.parse(try chart(sandbox, Self.towardMorales))
        #expect(root.name == "svg")
        let lanes = root.elements("g", class: "lane")
        #expect(lanes.map { $0.elements("text", class: "lane-label").first?.text } == [
            "Armed Forces of Bolivia", "Bolivian opposition leaders", "Protesters in Bolivia", "Organization of American States",
        ])
        for (lane, actor) in zip(lanes, ["military", "opposition", "protesters", "oas"]) {
            let timeline = try JSONHelpers.object(try sandbox.run("--db", "bolivia.sqlite", "timeline", actor, "--toward", "morales", "--format", "json").stdout)
            let changes = try #require(timeline["changes"] as? [[String: Any]])
            let spans = lane.elements("g", class: "span")
            #expect(spans.count == changes.count, "\(actor)")
            #expect(spans.flatMap { $0.elements("rect", class: "band") }.count == changes.count)
            #expect(spans.map { $0.attributes["data-position"] } == changes.map { $0["to"] as? String })
            #expect(spans.map { $0.elements("text", class: "label").first?.allText } == changes.map { $0["to"] as? String })
            let evidence = Set(changes.flatMap { ($0["evidence"] as? [[String: Any]] ?? []).compactMap { $0["seq"] as? Int } })
            let markers = lane.elements("g", class: "marker")
            #expect(markers.count == evidence.count)
            #expect(markers.allSatisfy { $0.attributes["data-kind"] == "day" }, "the example's events are known to the day")
        }
        let military = try #require(lanes.first)
        let tooltip = try #require(military.elements("g", class: "marker").first?.title)
        Expect.sameOutput(tooltip, """
            #12 resignation-called-for (suggested)
            2019-11-10 (known to the day)
            by Williams Kaliman (kaliman), commander of Armed Forces of Bolivia (bolivian-armed-forces)
            sets calls-for-resignation
            source: Seed article "Bolivian General and Military Supporters Withdraw After Apparent Coup Attempt" (shared/seed/bolivia-2019-article.txt)
            """, "the marker's tooltip")
        let legend = try #require(root.elements("g", class: "legend").first).elements("text").map(\.allText)
        for name in ["supports", "neutral", "critical", "opposes", "calls-for-resignation", "retracted event (hollow)", "contested (hatched)"] {
            #expect(legend.contains(name), "legend lacks \(name)")
        }
        let ticks = root.elements("g", class: "axis").flatMap { $0.elements("text") }.map(\.allText)
        #expect(ticks.contains("10 Nov") && ticks.contains { $0.hasSuffix(" 2019") }, "\(ticks)")
    }

    @Test("Retracted events are hollow, contested spans hatched; as of before the retraction the event is filled")
    func retractedAndContested() throws {
        var session = try ContestedReversalTests.store(ContestedReversalTests.stateTV)
        session.now = Moment.t2
        Expect.success(try session.run(["retract", BoliviaExample.id(15), "--reason", "the step back was a rumour"]))
        let svg = try session.ok("chart", "military", "--toward", "morales")
        let root = try XMLOutline.parse(svg)
        let spans = root.elements("g", class: "span")
        #expect(spans.contains { $0.attributes["data-contested"] == "true" && !$0.elements("rect", class: "hatch").isEmpty })
        let hollow = root.elements("g", class: "marker").filter { $0.attributes["data-retracted"] == "true" }
        #expect(hollow.count == 1)
        #expect(hollow.first?.title?.contains("#15 resignation-call-withdrawn") == true)
        #expect(hollow.first?.title?.contains("retracted by #18: the step back was a rumour") == true, "\(hollow.first?.title ?? "")")
        #expect(hollow.first?.elements("rect").first?.attributes["fill"] == "#FFFFFF")
        let before = try XMLOutline.parse(try session.ok("chart", "military", "--toward", "morales", "--as-of", "@17"))
        #expect(before.elements("g", class: "marker").allSatisfy { $0.attributes["data-retracted"] == nil })
    }

    @Test("The same store and arguments give the same bytes, whatever the system time zone")
    func deterministic() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore()
        let first = try sandbox.run(["--db", "bolivia.sqlite"] + Self.towardMorales)
        let second = try sandbox.run(["--db", "bolivia.sqlite"] + Self.towardMorales, environment: ["TZ": "Asia/Kathmandu", "LANG": "de_DE.UTF-8"])
        #expect(first.stdoutData == second.stdoutData)
    }

    @Test("--output writes the file; .html or --format html writes a page holding the chart")
    func outputAndFormat() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore()
        let svg = try chart(sandbox, ["chart", "military"])
        Expect.success(try sandbox.run("--db", "bolivia.sqlite", "chart", "military", "--output", "m.svg"))
        #expect(try sandbox.read("m.svg") == Data(svg.utf8))
        Expect.success(try sandbox.run("--db", "bolivia.sqlite", "chart", "military", "--output", "m.html"))
        let page = String(decoding: try sandbox.read("m.html"), as: UTF8.self)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        let forced = try chart(sandbox, ["chart", "military", "--format", "html"])
        #expect(forced == page)
    }

    @Test("An output path that cannot be written is one clear error, and nothing is written")
    func unwritableOutput() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore()
        Expect.failure(try sandbox.run("--db", "bolivia.sqlite", "chart", "military", "--output", "missing/chart.svg"),
                       1, "error: Cannot write missing/chart.svg: there is no folder missing.")
        #expect(!sandbox.exists("missing"))
        try FileManager.default.createDirectory(atPath: sandbox.path("folder.svg"), withIntermediateDirectories: false)
        Expect.failure(try sandbox.run("--db", "bolivia.sqlite", "chart", "military", "--output", "folder.svg"),
                       1, "error: Cannot write folder.svg: it is a folder.")
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.path("folder.svg")).isEmpty)
    }

    @Test("Usage: an actor is required; unknown actors are data errors naming the option")
    func usage() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore()
        let none = try sandbox.run("--db", "bolivia.sqlite", "chart")
        Expect.status(none, 64)
        #expect(none.stderr.contains("Name the actor to chart"))
        let unknown = try sandbox.run("--db", "bolivia.sqlite", "chart", "military", "--toward", "nobody")
        Expect.status(unknown, 65)
        #expect(unknown.stderr.hasPrefix("error: --toward: "), "\(unknown)")
        #expect(!sandbox.exists("chart.svg"))
    }
}
