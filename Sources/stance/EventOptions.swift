import ArgumentParser
import StanceDomain

/// The options that describe an event's content, shared by `record` and turned into the same
/// JSON object an NDJSON line holds, so that both go through one validation path.
struct EventOptions: ParsableArguments {
    @Option(help: "Who said or did it: an actor id, alias or code.")
    var actor: String

    @Option(help: "Whom it is about: an actor id, alias or code.")
    var toward: String?

    @Option(help: ArgumentHelp("The calendar day it happened, in the store's time zone.", valueName: "YYYY-MM-DD"))
    var on: String?

    @Option(help: ArgumentHelp("The instant it happened, such as 2019-11-10T16:50-04:00.", valueName: "instant"))
    var at: String?

    @Option(help: "Where it was reported: a URL or a citation.")
    var source: String?

    @Option(help: "The words as reported.")
    var quote: String?

    @Option(help: "What happened, in a sentence.")
    var summary: String?

    @Option(help: "For resignation-called-for: suggested or demanded (the default).")
    var strength: String?

    @Option(help: "For statement-issued: the position it takes toward --toward.")
    var position: String?

    @Option(help: ArgumentHelp("How sure the report is, from 0 to 1.", valueName: "number"))
    var confidence: Double?

    @Option(name: .customLong("in"), help: ArgumentHelp("For role-assigned and role-ended: the institution.", valueName: "institution"))
    var institution: String?

    @Option(help: "For role-assigned and role-ended: leader, commander, spokesperson or member.")
    var role: String?

    @Option(help: ArgumentHelp("For role-assigned: the last day of the role.", valueName: "date"))
    var until: String?

    func validate() throws {
        switch (on, at) {
        case (nil, nil): throw ValidationError("Give the world time with --on YYYY-MM-DD or --at INSTANT.")
        case (.some, .some): throw ValidationError("Give either --on or --at, not both.")
        default: break
        }
    }

    /// The event as the object an NDJSON line would hold.
    func object(type: String) throws -> JSONObject {
        var object = JSONObject()
        object["type"] = .string(type)
        object["occurredAt"] = .string(on ?? at ?? "")
        if let on, on.contains("T") || on.contains(" ") {
            throw CLIError(.dataError, "--on takes a day such as 2019-11-10; use --at for an instant such as \(on).")
        }
        if let at, !at.contains("T") && !at.contains(" ") {
            throw CLIError(.dataError, "--at takes an instant such as \(at)T12:00Z or \(at)T12:00-04:00; use --on for a whole day.")
        }
        object["actor"] = .string(actor)
        let optional: [(String, String?)] = [
            ("toward", toward), ("position", position), ("strength", strength), ("in", institution),
            ("role", role), ("until", until), ("summary", summary), ("quote", quote), ("source", source),
        ]
        for (key, value) in optional {
            if let value { object[key] = .string(value) }
        }
        if let confidence { object["confidence"] = .double(confidence) }
        return object
    }

    /// A domain error reworded for the command line: `--toward` rather than `field 'toward'`.
    static func describe(_ error: DomainError) -> String {
        guard let field = error.field else { return error.message }
        let option = switch field {
        case "occurredAt": "--on/--at"
        case "type": "TYPE"
        case "recordedBy": "--recorded-by"
        case "retracts", "replaces": "EVENT-ID"
        default: "--\(field)"
        }
        return "\(option): \(error.message)"
    }
}
