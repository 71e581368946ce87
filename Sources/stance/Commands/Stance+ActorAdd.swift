import ArgumentParser
import Foundation
import EventStore
import StanceDomain

extension Stance {
    struct ActorAdd: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Register an actor (an actor-registered event).",
            discussion: "Example: stance actor add bolivian-armed-forces --name \"Armed Forces of Bolivia\" --kind institution --alias military --code BOLMIL")

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The actor's id: lowercase letters, digits and hyphens.", valueName: "id"))
        var id: String

        @Option(help: "The actor's full name.")
        var name: String

        @Option(help: "person, institution, group, party, state, igo or movement.")
        var kind: String

        @Option(name: .customLong("alias"), help: "Another name the actor may be asked about by (repeatable).")
        var aliases: [String] = []

        @Option(name: .customLong("code"), help: "A code such as CAMEO's BOLMIL (repeatable).")
        var codes: [String] = []

        @Option(help: ArgumentHelp("When the actor entered the record (default: now).", valueName: "date"))
        var on: String?

        @OptionGroup var recording: RecordingOptions

        func run() throws {
            var object: JSONObject = ["type": "actor-registered", "actor": .string(id), "name": .string(name), "kind": .string(kind)]
            if !aliases.isEmpty { object["aliases"] = .array(aliases.map(JSON.string)) }
            if !codes.isEmpty { object["codes"] = .array(codes.map(JSON.string)) }
            try ActorWrite(global: global, recording: recording)
                .append(object, occurred: on)
        }
    }
}

/// The options `actor add` and `actor role` share besides the event's own fields.
struct RecordingOptions: ParsableArguments {
    @Option(help: "Where the facts come from: a URL or a citation.")
    var source: String?

    @Option(help: ArgumentHelp("The event's UUID (default: a new one).", valueName: "uuid"))
    var eventID: String?

    @Option(help: ArgumentHelp("Who records it (default: $STANCE_USER, else $USER).", valueName: "name"))
    var recordedBy: String?

    @Option(help: "Output format: text or json.")
    var format: AnswerFormat = .text
}

/// The shared path of `actor add` and `actor role`: the same validation as `record` and `import`.
struct ActorWrite {
    let global: GlobalOptions
    let recording: RecordingOptions

    func append(_ fields: JSONObject, occurred: String?) throws {
        let context = try StoreContext.open(global)
        var object = fields
        object["occurredAt"] = .string(try occurred ?? EventExport.formatMicros(SystemClock.clock().now()))
        if let id = recording.eventID { object["id"] = .string(id) }
        if let source = recording.source { object["source"] = .string(source) }
        let line: EventLine
        do { line = try EventLine.parse(object, in: context.zone) } catch {
            throw CLIError(.dataError, ActorWrite.describe(error))
        }
        let outcome = try context.record(recordedBy: recording.recordedBy, batch: nil) { recorder in
            do { return try recorder.record(line) } catch let error as DomainError {
                throw CLIError(.dataError, ActorWrite.describe(error))
            }
        }
        StandardOutput.line(RecordOutput.render(outcome, format: recording.format))
    }

    /// Errors named by option: `--kind` rather than `field 'kind'`; the actor is the argument.
    static func describe(_ error: DomainError) -> String {
        switch error.field {
        case "actor": return "ID: \(error.message)"
        case "occurredAt": return "--on/--from: \(error.message)"
        case "aliases": return "--alias: \(error.message)"
        case "codes": return "--code: \(error.message)"
        case "id": return "--event-id: \(error.message)"
        default: return EventOptions.describe(error)
        }
    }
}
