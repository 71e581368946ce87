import ArgumentParser
import EventStore
import Foundation
import Projections
import StanceDomain

extension Stance {
    struct Events: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "events",
            abstract: "List recorded events, optionally filtered; export them as NDJSON or CSV.",
            discussion: """
                Events are listed in recording order (seq). --actor matches the actor who said or did it, \
                --toward the actor it was about; --from and --until bound the world time (inclusive). \
                `--format ndjson` writes the shape `stance import` reads.
                """)

        @OptionGroup var global: GlobalOptions

        @Option(help: "Only events by this actor (id, alias or code).")
        var actor: String?

        @Option(help: "Only events toward this actor.")
        var toward: String?

        @Option(help: ArgumentHelp("Only events of this type.", valueName: "type"))
        var type: String?

        @Option(help: ArgumentHelp("Only events from this day or instant on.", valueName: "date"))
        var from: String?

        @Option(help: ArgumentHelp("Only events up to this day or instant.", valueName: "date"))
        var until: String?

        @OptionGroup var asOf: AsOfOption

        @Option(help: "Output format: text, json, ndjson or csv.")
        var format: EventFormat = .text

        func run() throws {
            let context = try StoreContext.open(global)
            let moment = try asOf.resolve(in: context)
            let directory = try context.directoryReplay(asOf: moment).directory
            let actorID = try actor.map { try directory.resolve($0, option: "--actor").id }
            let towardID = try toward.map { try directory.resolve($0, option: "--toward").id }
            if let type, EventType.named(type) == nil {
                throw CLIError(.dataError, "--type: '\(type)' is not an event type; `stance types` lists them.")
            }
            let lower = try from.map { try context.time($0, option: "from").startMillis(in: context.zone) }
            let upper = try until.map { WorldCut(try context.time($0, option: "until"), in: context.zone) }
            let export = EventExport(zone: context.zone)
            var writer = EventListWriter(format: format, export: export, directory: directory)
            var skipped: [Int64] = []
            func consider(_ recorded: RecordedEvent) {
                if let moment, moment.asOf.isPast(recorded) { return }
                guard let projected = try? ProjectedEvent(recorded, in: context.zone) else {
                    skipped.append(recorded.seq)
                    return
                }
                let event = projected.event
                if let actorID, event.actor != actorID { return }
                if let towardID, event.toward != towardID { return }
                if let type, event.type.name != type { return }
                if let lower, projected.startMillis < lower { return }
                if let upper, !projected.order.isIncluded(by: upper) { return }
                writer.add(recorded, projected)
            }
            if let actorID {
                // An actor's events are its stream (the audit reports any event whose stream is
                // not its actor), read through the stream's index rather than the whole log.
                for recorded in try context.store.events(inStream: actorID).sorted(by: { $0.seq < $1.seq }) { consider(recorded) }
            } else {
                try context.store.forEach(after: 0, consider)
            }
            writer.finish()
            Replay.warn(skipped: skipped)
        }
    }
}

/// Writes events in the chosen format, buffering so that a large export is not a write per line.
struct EventListWriter {
    let format: EventFormat
    let export: EventExport
    let directory: ActorDirectory
    private var buffer = ""
    private var table = TextTable(header: ["SEQ", "OCCURRED", "TYPE", "ACTOR", "TOWARD", "POSITION", "SUMMARY"])
    private var count = 0

    init(format: EventFormat, export: EventExport, directory: ActorDirectory) {
        self.format = format
        self.export = export
        self.directory = directory
        switch format {
        case .json: buffer = "["
        case .csv: buffer = CSV.line(EventExport.csvHeader)
        default: break
        }
    }

    mutating func add(_ recorded: RecordedEvent, _ projected: ProjectedEvent) {
        switch format {
        case .text:
            let event = projected.event
            table.append([
                "\(recorded.seq)", event.occurred.formatted(in: export.zone), event.type.name, event.actor,
                event.toward ?? "", event.setsPosition?.rawValue ?? "", event.summary ?? event.name ?? "",
            ])
        case .ndjson:
            buffer += JSON.object(export.object(recorded, projected)).serialized() + "\n"
        case .json:
            buffer += (count == 0 ? "\n" : ",\n") + JSON.object(export.object(recorded, projected)).serialized(pretty: true)
                .split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
        case .csv:
            buffer += CSV.line(export.csvFields(recorded, projected))
        }
        count += 1
        if buffer.utf8.count > 1 << 16 { flush() }
    }

    mutating func finish() {
        switch format {
        case .text: buffer = count == 0 ? "No events match.\n" : table.rendered() + "\n"
        case .json: buffer += count == 0 ? "]\n" : "\n]\n"
        default: break
        }
        flush()
    }

    private mutating func flush() {
        StandardOutput.write(buffer)
        buffer = ""
    }
}
