import ArgumentParser
import EventStore
import Foundation
import Projections
import StanceDomain

extension Stance {
    struct Correct: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "correct",
            abstract: "Replace an event with a corrected copy: its retraction and the replacement, in one batch.",
            discussion: """
                Give only the fields to change; the replacement keeps the rest. The replacement says which \
                event it `replaces` and the retraction says which event replaced it (`replacedBy`). Answers \
                asked --as-of a moment before the correction still see the original.

                Example: stance correct 0f8fad5b-d9cb-469f-a165-70867728950e --on 2019-11-10 --reason "misdated"
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The id of the event to correct.", valueName: "event-id"))
        var eventID: String

        @OptionGroup var changes: CorrectionOptions

        @Option(help: "Why the event is corrected.")
        var reason: String = "corrected"

        @Option(help: ArgumentHelp("Who records the correction (default: $STANCE_USER, else $USER).", valueName: "name"))
        var recordedBy: String?

        @Option(help: "Output format: text or json.")
        var format: AnswerFormat = .text

        func run() throws {
            let context = try StoreContext.open(global)
            let targetID = try Retract.eventID(eventID)
            let (target, outcomes) = try context.record(recordedBy: recordedBy, batch: UUID()) { recorder in
                try Self.correct(targetID, changes: changes, reason: reason, recorder: &recorder, context: context)
            }
            if format == .json {
                let json: JSONObject = [
                    "replacement": .object(["seq": .int(outcomes[0].seq), "id": .string(outcomes[0].id.uuidString.lowercased())]),
                    "retraction": .object(["seq": .int(outcomes[1].seq), "id": .string(outcomes[1].id.uuidString.lowercased())]),
                    "replaces": .string(targetID.uuidString.lowercased()),
                ]
                StandardOutput.line(JSON.object(json).serialized(pretty: true))
            } else {
                StandardOutput.line("Corrected seq \(target.seq): the replacement is seq \(outcomes[0].seq) (id \(outcomes[0].id.uuidString.lowercased())), the retraction seq \(outcomes[1].seq).")
            }
        }

        /// Records the replacement, then the retraction naming it, in the recorder's write.
        static func correct(
            _ targetID: UUID, changes: CorrectionOptions, reason: String, recorder: inout Recorder, context: StoreContext
        ) throws -> (ProjectedEvent, [AppendOutcome]) {
            guard let target = try recorder.event(withID: targetID) else {
                throw CLIError(.dataError, "No event has the id \(targetID.uuidString.lowercased()); `stance events` lists the ids.")
            }
            guard target.event.type.canBeReplaced else {
                throw CLIError(.dataError, "EVENT-ID: \(Recorder.name(target)) cannot be replaced: registrations stay, and a retraction is undone by retracting it.")
            }
            var object = target.event.payload(in: context.zone)
            object["type"] = .string(target.event.type.name)
            object["occurredAt"] = .string(target.event.occurred.formatted(in: context.zone))
            try changes.apply(to: &object)
            let replacementID = UUID()
            object["id"] = .string(replacementID.uuidString.lowercased())
            object["replaces"] = .string(targetID.uuidString.lowercased())
            let replacement: AppendOutcome
            do {
                replacement = try recorder.record(try EventLine.parse(object, in: context.zone))
            } catch let error as DomainError {
                throw CLIError(.dataError, EventOptions.describe(error))
            }
            // Compared once names are resolved: `--toward Evo` for `morales` changes nothing.
            // Throwing here abandons the write, replacement included.
            if var corrected = try recorder.event(withID: replacementID)?.event {
                corrected.replaces = nil
                guard corrected != target.event else {
                    throw CLIError(.dataError, "The correction changes nothing; give the fields to change, such as --on or --toward.")
                }
            }
            let retraction = try Retract.retract(
                targetID, reason: reason, replacedBy: replacementID, recorder: &recorder, context: context)
            return (target, [replacement, retraction])
        }
    }
}

/// The fields `stance correct` may change; each one given replaces the original's.
struct CorrectionOptions: ParsableArguments {
    @Option(help: "Who said or did it.") var actor: String?
    @Option(help: "Whom it is about.") var toward: String?
    @Option(help: ArgumentHelp("The corrected day.", valueName: "YYYY-MM-DD")) var on: String?
    @Option(help: ArgumentHelp("The corrected instant.", valueName: "instant")) var at: String?
    @Option(help: "Where it was reported.") var source: String?
    @Option(help: "The words as reported.") var quote: String?
    @Option(help: "What happened, in a sentence.") var summary: String?
    @Option(help: "suggested or demanded.") var strength: String?
    @Option(help: "For statement-issued: the position taken.") var position: String?
    @Option(help: ArgumentHelp("How sure the report is, from 0 to 1.", valueName: "number")) var confidence: Double?
    @Option(name: .customLong("in"), help: ArgumentHelp("The institution of a role.", valueName: "institution")) var institution: String?
    @Option(help: "The role.") var role: String?
    @Option(help: ArgumentHelp("The last day of a role.", valueName: "date")) var until: String?

    func validate() throws {
        if on != nil && at != nil { throw ValidationError("Give either --on or --at, not both.") }
    }

    func apply(to object: inout JSONObject) throws {
        if let on {
            if on.contains("T") || on.contains(" ") {
                throw CLIError(.dataError, "--on takes a day such as 2019-11-10; use --at for an instant such as \(on).")
            }
            object["occurredAt"] = .string(on)
        }
        if let at {
            if !at.contains("T") && !at.contains(" ") {
                throw CLIError(.dataError, "--at takes an instant such as \(at)T12:00Z or \(at)T12:00-04:00; use --on for a whole day.")
            }
            object["occurredAt"] = .string(at)
        }
        let fields: [(String, String?)] = [
            ("actor", actor), ("toward", toward), ("position", position), ("strength", strength), ("in", institution),
            ("role", role), ("until", until), ("summary", summary), ("quote", quote), ("source", source),
        ]
        for (key, value) in fields {
            if let value { object[key] = .string(value) }
        }
        if let confidence { object["confidence"] = .double(confidence) }
    }
}
