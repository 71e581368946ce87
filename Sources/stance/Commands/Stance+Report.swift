import ArgumentParser
import EventStore
import Projections
import StanceDomain

extension Stance {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a self-contained HTML report: charts, changes with evidence, and an audit summary.",
            discussion: """
                For each actor: its chart, and a table of its changes of position with their evidence and \
                sources. Last, the figures a reader checks the report with: the event count, the chain head \
                (for `stance audit --expect-head`), the projections' digests and when it was produced. One \
                file, inline CSS and SVG, no scripts, nothing fetched.

                Example: stance report --actor military --actor opposition --output report.html
                """)

        @OptionGroup var global: GlobalOptions

        @Option(name: .customLong("actor"), help: ArgumentHelp("An actor to report on (repeatable; default: every actor with a recorded position).", valueName: "actor"))
        var actors: [String] = []

        @Option(help: ArgumentHelp("Where to write the report (default: standard output).", valueName: "file"))
        var output: String?

        func run() throws {
            let file = try OutputFile(output)
            let context = try StoreContext.open(global)
            let replay = try context.replay()
            let source = ChartSource(replay)
            let digests = ProjectionDigests(replay).all
            let head = try context.store.head()
            let chosen = try actors.isEmpty
                ? source.directory.sortedActors.filter { !source.targets(of: $0).isEmpty }
                : actors.map { try source.directory.resolve($0, option: "--actor") }
            let charts = try chosen.map {
                try ChartRequest(actors: [$0.id], toward: [], from: nil, until: nil, asOf: nil, source: source)
            }
            let summary = ReportSummary(
                store: context.store.path, timeZone: context.zone.identifier, head: head, digests: digests,
                producedAt: EventExport.formatMicros(try SystemClock.clock().now()))
            let report = HTMLReport(source: source, charts: charts, actors: chosen, summary: summary)
            try file.write { try report.write(to: $0) }
            replay.warnIfSkipped()
        }
    }
}
