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
            // Every figure as of one seq: a writer appending meanwhile must not make the charts
            // and the summary describe two different logs.
            let head = try context.store.head()
            let drawn = try actors.isEmpty
                ? Self.drawBusiest(context, through: head.seq, limit: all ? nil : Self.defaultActors)
                : Self.draw(naming: actors, context, through: head.seq)
            let charts = try drawn.actors.map {
                try ChartRequest(actors: [$0.id], toward: [], from: nil, until: nil, asOf: nil, source: drawn.source)
            }
            let summary = ReportSummary(
                store: context.store.path, timeZone: context.zone.identifier, head: head, digests: drawn.digests,
                producedAt: EventExport.formatMicros(try SystemClock.clock().now()))
            let report = HTMLReport(source: drawn.source, charts: charts, actors: drawn.actors, summary: summary)
            try file.write { try report.write(to: $0) }
            Replay.warn(skipped: drawn.skipped.map(\.seq))
        }

        /// What a report draws: its actors, what their charts are drawn from, the log's digests,
        /// and the events the log holds that could not be decoded.
        struct Drawn {
            let actors: [Actor]
            let source: ChartSource
            let digests: [(name: String, digest: ChainHash.Digest)]
            let skipped: [(seq: Int64, reason: String)]
        }

        /// The named actors: the digests and the directory from one pass over the log (a few dozen
        /// bytes an event kept), then only these actors' events, through the key index (a full
        /// replay when it cannot be used). On a million events, a report of one institution held
        /// them all before (1.9 GB, 5.4 s; now 459 MB, 2.5 s), of one person 152 MB and 1.1 s.
        static func draw(naming names: [String], _ context: StoreContext, through seq: Int64) throws -> Drawn {
            let (fold, skipped) = try Replayer.digestFold(context.store, in: context.zone, asOf: .seq(seq))
            let digests = fold.digests().all
            let directory = fold.directory()
            let actors = try names.map { try directory.resolve($0, option: "--actor") }
            let replay = try context.replay(drawing: actors.map(\.id), through: seq, asOf: nil)
                ?? Replayer.replay(context.store, in: context.zone, asOf: .seq(seq))
            return Drawn(actors: actors, source: ChartSource(replay), digests: digests, skipped: skipped)
        }

        /// The busiest actors, or with no limit every actor with a position: choosing them takes
        /// every actor's targets, and the twelve busiest of a large log hold much of it, so the
        /// log is replayed whole (its events read in order, faster than looked up one by one).
        static func drawBusiest(_ context: StoreContext, through seq: Int64, limit: Int?) throws -> Drawn {
            let replay = try Replayer.replay(context.store, in: context.zone, asOf: .seq(seq))
            let source = ChartSource(replay)
            return Drawn(
                actors: busiest(source, limit: limit), source: source, digests: ProjectionDigests(replay).all, skipped: replay.skipped)
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
