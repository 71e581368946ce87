import Projections
import StanceDomain

/// `stance report`: one self-contained HTML file (inline CSS and SVG; no script, and a
/// Content-Security-Policy that forbids fetching anything) with, for each actor, the chart and
/// the table of position changes with their evidence, then the audit summary.
struct HTMLReport {
    let source: ChartSource
    let charts: [ChartRequest]
    /// The actors the sections are about, in the order of `charts`.
    let actors: [Actor]
    let summary: ReportSummary

    private func e(_ text: String) -> String { HTMLEscaping.text(text) }

    /// The whole page as one string (the tests' and small stores' way).
    var document: String {
        var out = ""
        write { out += $0 }
        return out
    }

    /// Emits the page section by section, so a report of many actors never sits whole in memory.
    func write(to emit: (String) throws -> Void) rethrows {
        let evidence = HTMLEvidence(source: source)
        var head = "<header>\n<h1>Positions over time</h1>\n"
        head += "<p>\(actors.count) actor\(actors.count == 1 ? "" : "s") from the store <code>\(e(summary.store))</code>, "
        head += "as its log stood at seq \(summary.head.seq); world time in \(e(summary.timeZone)). "
        head += "Produced \(e(summary.producedAt)). The <a href=\"#audit\">audit summary</a> says how to check every figure.</p>\n"
        head += "<nav><ul>\n"
        for (index, actor) in actors.enumerated() {
            head += "<li><a href=\"#actor-\(index + 1)\">\(evidence.actor(actor.id))</a></li>\n"
        }
        head += "<li><a href=\"#audit\">Audit summary</a></li>\n</ul></nav>\n</header>\n<main>\n"
        try emit(Self.pageStart(title: "Positions over time: \(summary.store)") + head)
        for (index, (actor, chart)) in zip(actors, charts).enumerated() {
            try emit(section(actor, chart: chart, number: index + 1, evidence: evidence))
        }
        try emit(summary.html + "</main>\n" + Self.pageEnd)
    }

    private func section(_ actor: Actor, chart: ChartRequest, number: Int, evidence: HTMLEvidence) -> String {
        var out = "<section id=\"actor-\(number)\">\n<h2>\(evidence.actor(actor.id))</h2>\n"
        out += "<figure>" + SVGChart(layout: chart.layout, idPrefix: "chart-\(number)").element + "</figure>\n"
        if chart.lanes.isEmpty { out += "<p>No recorded position toward anyone.</p>\n" }
        for lane in chart.lanes {
            out += "<h3>toward \(evidence.actor(lane.toward.id))</h3>\n"
            let timeline = lane.timeline
            if timeline.changes.isEmpty {
                out += "<p>No change of position recorded.</p>\n"
            } else {
                out += "<table>\n<thead><tr><th>when</th><th>change</th><th>evidence</th></tr></thead>\n<tbody>\n"
                for change in timeline.changes {
                    out += "<tr><td><time>\(e(change.entry.event.event.occurred.formatted(in: source.zone)))</time></td>"
                    out += "<td>\(e(change.from.rawValue)) → <strong>\(e(change.to.rawValue))</strong>"
                    if change.isReversal { out += " <span class=\"mark\">reversal</span>" }
                    if change.isContested { out += " <span class=\"mark\">contested</span>" }
                    out += "</td><td><ul>" + change.evidence.map { evidence.item($0) }.joined()
                    out += "</ul>"
                    if change.isContested {
                        out += "<p class=\"note\">Competing reports (\(e(Contest.rule))):</p><ul>"
                        out += change.competing.map { evidence.item($0) }.joined() + "</ul>"
                    }
                    out += "</td></tr>\n"
                }
                out += "</tbody>\n</table>\n"
            }
            if !lane.withdrawn.isEmpty {
                out += "<p class=\"note\">Retracted, so not counted (drawn hollow):</p>\n<ul>"
                out += lane.withdrawn.map { evidence.item($0.entry, retraction: $0.retraction) }.joined() + "</ul>\n"
            }
        }
        return out + "</section>\n"
    }

    /// A whole HTML page around `body`, with the report's stylesheet and a policy that lets the
    /// page load nothing and run nothing.
    static func page(title: String, body: String) -> String {
        pageStart(title: title) + body + pageEnd
    }

    static func pageStart(title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTMLEscaping.text(title))</title>
        <style>
        \(stylesheet)
        </style>
        </head>
        <body>

        """
    }

    static let pageEnd = "\n</body>\n</html>\n"

    static let stylesheet = """
        body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; color: #222; margin: 2em auto; max-width: 1000px; padding: 0 1em; line-height: 1.45; }
        h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; } h3 { font-size: 1.05em; }
        figure { margin: 1em 0; overflow-x: auto; } svg { max-width: 100%; height: auto; }
        table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
        td:first-child { white-space: nowrap; }
        th, td { border: 1px solid #ddd; padding: 0.4em; vertical-align: top; text-align: left; }
        td ul, ul.withdrawn { margin: 0; padding-left: 1.1em; }
        blockquote { margin: 0.2em 0 0.2em 1em; font-style: italic; }
        .mark { display: inline-block; border: 1px solid #222; border-radius: 3px; padding: 0 0.3em; font-size: 0.85em; }
        .note, .source, .retracted { color: #555; font-size: 0.92em; }
        .seq { font-weight: bold; } code, pre { font-size: 0.9em; } pre { background: #f4f4f4; padding: 0.6em; overflow-x: auto; }
        dl.audit { display: grid; grid-template-columns: max-content 1fr; gap: 0.2em 1em; } dl.audit dd { margin: 0; word-break: break-all; }
        """
}
