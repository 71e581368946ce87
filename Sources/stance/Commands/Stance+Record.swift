import ArgumentParser
import EventStore
import Foundation
import Projections
import StanceDomain

extension Stance {
    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "record",
            abstract: "Record one event: what an actor said or did, when, on what evidence.",
            discussion: """
                TYPE is one of the vocabulary (`stance types` lists them with their fields). Actors may be \
                named by id, alias or code. Give the world time with --on DAY (in the store's time zone) \
                or --at INSTANT. Prints the appended event's seq and id.

                Example:
                  stance record resignation-called-for --actor military --toward morales \\
                    --on 2019-11-10 --strength suggested --source "https://…"
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The event type, such as statement-issued.", valueName: "type"))
        var type: String

        @OptionGroup var fields: EventOptions

        @Option(name: [.customLong("id"), .customLong("event-id")],
                help: ArgumentHelp("The event's UUID, to keep its identity across stores (default: a new one).", valueName: "uuid"))
        var id: String?

        @Option(help: ArgumentHelp("Who records the event (default: $STANCE_USER, else $USER).", valueName: "name"))
        var recordedBy: String?

        @Option(name: .customLong("expect-version"),
                help: ArgumentHelp("Record only if the actor's stream is at this version (0: no events yet; `stance info --stream ACTOR` prints it); else exit 75 and write nothing.", valueName: "n"))
        var expectedVersion: Int64?

        @Option(help: "Output format: text or json.")
        var format: AnswerFormat = .text

        func validate() throws {
            if type == "actor-registered" {
                throw ValidationError("register actors with `stance actor add`, not `stance record actor-registered`.")
            }
            if type == "checkpoint-recorded" {
                throw ValidationError("record checkpoints with `stance checkpoint`, not `stance record checkpoint-recorded`.")
            }
            if let expectedVersion, expectedVersion < 0 {
                throw ValidationError("--expect-version takes a stream version, 0 or more, not \(expectedVersion).")
            }
            if type == "event-retracted" {
                throw ValidationError("withdraw events with `stance retract` or `stance correct`, not `stance record event-retracted`.")
            }
        }

        func run() throws {
            let context = try StoreContext.open(global)
            var object = try fields.object(type: type)
            if let id { object["id"] = .string(id) }
            if let recordedBy { object["recordedBy"] = .string(recordedBy) }
            let line: EventLine
            do { line = try EventLine.parse(object, in: context.zone) } catch {
                throw CLIError(.dataError, EventOptions.describe(error))
            }
            let expected: ExpectedVersion = expectedVersion.map { .exactly($0) } ?? .any
            let outcome = try StreamVersionConflict.reword(in: context.store) {
                try context.record(recordedBy: recordedBy, batch: nil) { recorder in
                    do { return try recorder.record(line, expectedVersion: expected) } catch let error as DomainError {
                        throw CLIError(.dataError, EventOptions.describe(error))
                    }
                }
            }
            StandardOutput.line(RecordOutput.render(outcome, format: format))
        }
    }
}

/// How `record`, `actor add` and `actor role` report what they appended.
enum RecordOutput {
    static func render(_ outcome: AppendOutcome, format: AnswerFormat) -> String {
        let id = outcome.id.uuidString.lowercased()
        if format == .json {
            let object: JSONObject = ["seq": .int(outcome.seq), "id": .string(id), "alreadyStored": .bool(outcome.alreadyStored)]
            return JSON.object(object).serialized(pretty: true)
        }
        return outcome.alreadyStored
            ? "Already recorded as seq \(outcome.seq) (id \(id)); nothing written."
            : "Recorded seq \(outcome.seq) (id \(id))."
    }
}
