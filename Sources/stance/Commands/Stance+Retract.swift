import ArgumentParser
import EventStore
import Foundation
import Projections
import StanceDomain

extension Stance {
    struct Retract: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retract",
            abstract: "Withdraw an event: from now on it no longer counts (an event-retracted event).",
            discussion: """
                The retracted event stays in the log: answers asked --as-of a moment before the retraction \
                still see it. Retracting a retraction restores the event it withdrew. An unknown event, an \
                event already retracted, and an actor registration cannot be retracted (exit 65).

                Example: stance retract 0f8fad5b-d9cb-469f-a165-70867728950e --reason "the wire report was wrong"
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The id of the event to withdraw (`stance events` lists ids).", valueName: "event-id"))
        var eventID: String

        @Option(help: "Why the event is withdrawn.")
        var reason: String

        @Option(help: ArgumentHelp("Who records the retraction (default: $STANCE_USER, else $USER).", valueName: "name"))
        var recordedBy: String?

        @Option(help: "Output format: text or json.")
        var format: AnswerFormat = .text

        func run() throws {
            let context = try StoreContext.open(global)
            let targetID = try Self.eventID(eventID)
            let outcome = try context.record(recordedBy: recordedBy, batch: nil) { recorder in
                try Self.retract(targetID, reason: reason, replacedBy: nil, recorder: &recorder, context: context)
            }
            StandardOutput.line(RecordOutput.render(outcome, format: format))
        }

        /// Parses an EVENT-ID argument.
        static func eventID(_ text: String) throws -> UUID {
            guard let id = UUID(parsing: text) else {
                throw CLIError(.dataError, "'\(text)' is not an event id; ids are UUIDs such as 0f8fad5b-d9cb-469f-a165-70867728950e (`stance events` lists them).")
            }
            return id
        }

        /// Records the retraction of `targetID`, recorded now, about the same actor as its target.
        static func retract(
            _ targetID: UUID, reason: String, replacedBy: UUID?, recorder: inout Recorder, context: StoreContext
        ) throws -> AppendOutcome {
            guard let target = try recorder.event(withID: targetID) else {
                throw CLIError(.dataError, "No event has the id \(targetID.uuidString.lowercased()); `stance events` lists the ids.")
            }
            if target.event.type.effect == .recordsCheckpoint {
                throw CLIError(.dataError, "EVENT-ID: \(Recorder.name(target)) is a checkpoint, which vouches for the log as it was and cannot be retracted.")
            }
            var object: JSONObject = [
                "type": "event-retracted",
                "occurredAt": .string(EventExport.formatMicros(try SystemClock.clock().now())),
                "actor": .string(target.event.actor),
                "retracts": .string(targetID.uuidString.lowercased()),
                "reason": .string(reason),
            ]
            if let replacedBy { object["replacedBy"] = .string(replacedBy.uuidString.lowercased()) }
            do {
                return try recorder.record(try EventLine.parse(object, in: context.zone))
            } catch let error as DomainError {
                throw CLIError(.dataError, EventOptions.describe(error))
            }
        }
    }
}
