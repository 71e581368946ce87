import Foundation
import Testing

/// `stance report`: one self-contained HTML file with each actor's chart and changes, and an
/// audit summary a reader can check the store against; every recorded string escaped.
@Suite("Reports")
struct ReportTests {
    @Test("The example's report equals its snapshot byte for byte")
    func boliviaSnapshot() throws {
        let sandbox = try Sandbox()
        // The demo's store, not an import: an import's batch id is random, and it is hashed
        // into the chain head the report prints.
        Expect.success(try sandbox.run("demo", "--db", "bolivia.sqlite"))
        let result = try sandbox.run("--db", "bolivia.sqlite", "report")
        Expect.success(result)
        try Golden.expect(result.stdout, matches: "report-bolivia.html")
    }

    @Test("The audit summary holds the head, the digests and the time the report was produced")
    func auditSummary() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore()
        let html = try sandbox.run("--db", "bolivia.sqlite", "report", "--actor", "military").stdout
        let info = try JSONHelpers.object(try sandbox.run("--db", "bolivia.sqlite", "info", "--format", "json").stdout)
        let head = try #require(info["head"] as? [String: Any])
        let headText = "\(head["seq"] as? Int ?? 0):\(head["hash"] as? String ?? "")"
        #expect(html.contains("<dt>chain head</dt><dd><code>\(headText)</code></dd>"))
        #expect(html.contains("stance audit --db bolivia.sqlite --expect-head \(headText)"))
        #expect(html.contains("<dt>produced</dt><dd><time>\(Sandbox.recordedAt)</time></dd>"))
        let replay = try sandbox.run("--db", "bolivia.sqlite", "replay").stdout
        for line in replay.split(separator: "\n") {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count == 2, ["directory", "positions", "retractions"].contains(String(words[0])) else { continue }
            #expect(html.contains("<dt>\(words[0]) digest</dt><dd><code>\(words[1])</code></dd>"), "\(line)")
        }
        // The published head checks out with audit, as the report says.
        Expect.status(try sandbox.run("--db", "bolivia.sqlite", "audit", "--expect-head", headText), 0)
        // Only the chosen actor has a section.
        #expect(html.contains("<section id=\"actor-1\">") && !html.contains("<section id=\"actor-2\">"))
    }

    @Test("Self-contained: no script, nothing fetched, a policy that forbids both, well-formed charts")
    func selfContained() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore()
        let html = try sandbox.run("--db", "bolivia.sqlite", "report").stdout
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"))
        for forbidden in ["<script", "src=", "<link", "@import", "<iframe", "<object"] {
            #expect(!html.lowercased().contains(forbidden), "the report holds \(forbidden)")
        }
        var charts: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "<svg "), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
            charts.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        #expect(charts.count == 5, "one chart per actor with a position")
        for chart in charts { _ = try XMLOutline.parse(chart) }
    }

    /// Names, quotes, summaries and sources written to attack the page.
    static let hostile = [
        #"{"type":"actor-registered","occurredAt":"2019-11-01","actor":"hostile","name":"<b>\"Bold\" & 'co'</b>","kind":"group"}"#,
        #"{"type":"statement-issued","occurredAt":"2019-11-11","actor":"hostile","toward":"morales","position":"opposes","quote":"</blockquote><script>alert(\"x\")</script>","summary":"\u202Eevil\u202C and مرحبا بالعالم","source":"javascript:alert(1)"}"#,
        #"{"type":"support-declared","occurredAt":"2019-11-12T10:00:00Z","actor":"hostile","toward":"morales","source":"https://example.org/a?b=1&c=\"><script>x</script>"}"#,
    ]

    @Test("Hostile strings (markup, quotes, <script>, right-to-left text) show as text")
    func escaping() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore()
        let imported = try sandbox.run(["--db", "bolivia.sqlite", "import", "-"], stdin: Data((Self.hostile.joined(separator: "\n") + "\n").utf8))
        Expect.success(imported)
        let html = try sandbox.run("--db", "bolivia.sqlite", "report", "--actor", "hostile").stdout
        #expect(!html.lowercased().contains("<script"), "a script got through")
        #expect(!html.contains("<b>"))
        #expect(html.contains("<bdi>&lt;b&gt;\"Bold\" &amp; 'co'&lt;/b&gt;</bdi>"))
        #expect(html.contains("<blockquote><bdi>&lt;/blockquote&gt;&lt;script&gt;alert(\"x\")&lt;/script&gt;</bdi></blockquote>"))
        #expect(html.contains("<bdi>\u{202E}evil\u{202C} and مرحبا بالعالم</bdi>"), "right-to-left text is kept, isolated")
        #expect(!html.contains("href=\"javascript:"), "a javascript: source is not a link")
        #expect(html.contains("source: <bdi>javascript:alert(1)</bdi>"))
        // A URL with quotes in it is text, never an attribute it could break out of.
        #expect(!html.contains("href=\"https://example.org/a?b=1"))
        // In the SVG too: the chart parses, and the tooltip holds the quote as text.
        let start = try #require(html.range(of: "<svg "))
        let end = try #require(html.range(of: "</svg>", range: start.upperBound..<html.endIndex))
        let svg = try XMLOutline.parse(String(html[start.lowerBound..<end.upperBound]))
        #expect(svg.elements("text", class: "lane-label").first?.text == "Evo Morales")
        let titles = svg.elements("g", class: "marker").compactMap(\.title)
        #expect(titles.contains { $0.contains("by <b>\"Bold\" & 'co'</b> (hostile)") }, "\(titles)")
    }

    @Test("A report that cannot be written is one clear error, and nothing is written")
    func unwritableOutput() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore()
        Expect.failure(try sandbox.run("--db", "bolivia.sqlite", "report", "--output", "nowhere/report.html"),
                       1, "error: Cannot write nowhere/report.html: there is no folder nowhere.")
        #expect(!sandbox.exists("nowhere"))
        Expect.success(try sandbox.run("--db", "bolivia.sqlite", "report", "--output", "report.html"))
        #expect(String(decoding: try sandbox.read("report.html"), as: UTF8.self).hasPrefix("<!DOCTYPE html>\n"))
        // Written beside the target and renamed into place: no temporary file is left behind.
        let left = try FileManager.default.contentsOfDirectory(atPath: sandbox.directory.path).filter { $0.hasSuffix(".tmp") }
        #expect(left.isEmpty, "\(left)")
    }
}
