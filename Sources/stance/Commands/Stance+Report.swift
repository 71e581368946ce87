import ArgumentParser
import EventStore
import Projections
import StanceDomain

extension Stance {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Write a self-contained HTML report: charts, changes with evidence, and an audit summary.",
            discussion: """
                For each actor: its chart, and a table of its changes of position with their evidence and \
                sources. Last, the figures a reader checks the report with: the event count, the chain head \
                (for `stance audit --expect-head`), the projections' digests and when it was produced. One \
                file, inline CSS and SVG, no scripts, nothing fetched.

                Example: stance report --actor military --actor opposition --output report.html
                """)

        @OptionGroup var global: GlobalOptions

        @Option(name: .customLong("actor"), help: ArgumentHelp("An actor to report on (repeatable; default: the \(Report.defaultActors) actors with positions toward the most others).", valueName: "actor"))
        var actors: [String] = []

        @Flag(help: "Report on every actor with a recorded position, however many.")
        var all = false

        /// How many actors a report holds when none is named: a store of a whole crisis can have
        /// hundreds, and a report of all of them (250 MB for 200) is more than anyone reads.
        static let defaultActors = 12

        func validate() throws {
            if all && !actors.isEmpty { throw ValidationError("Give --all or --actor, not both.") }
        }

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
                ? Self.busiest(source, limit: all ? nil : Self.defaultActors)
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

        /// Every actor with a position, or the `limit` with positions toward the most others (in
        /// id order), saying on standard error which were left out.
        static func busiest(_ source: ChartSource, limit: Int?) -> [Actor] {
            let all = source.directory.sortedActors.map { ($0, source.targets(of: $0).count) }.filter { $0.1 > 0 }
            guard let limit, all.count > limit else { return all.map(\.0) }
            let chosen = Set(all.sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0.id < $1.0.id) }.prefix(limit).map(\.0.id))
            StandardOutput.error("note: \(all.count) actors have positions; the report holds the \(limit) with positions toward the most others. Name actors with --actor, or give --all.")
            return all.map(\.0).filter { chosen.contains($0.id) }
        }
    }
}
