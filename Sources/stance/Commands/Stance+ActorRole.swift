import ArgumentParser
import StanceDomain

extension Stance {
    struct ActorRole: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "role",
            abstract: "Give a person a role in an institution (a role-assigned event).",
            discussion: """
                A leader, commander or spokesperson speaks for the institution while the role lasts: \
                from --from until --until (inclusive), a role-ended event, or the person's resignation.

                Example: stance actor role kaliman --in military --role commander --from 2018-12-24
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The person: id, alias or code.", valueName: "person"))
        var person: String

        @Option(name: .customLong("in"), help: ArgumentHelp("The institution or group.", valueName: "institution"))
        var institution: String

        @Option(help: "leader, commander, spokesperson or member.")
        var role: String

        @Option(help: ArgumentHelp("The first day (or instant) of the role.", valueName: "date"))
        var from: String

        @Option(help: ArgumentHelp("The last day of the role, if known.", valueName: "date"))
        var until: String?

        @OptionGroup var recording: RecordingOptions

        func run() throws {
            var object: JSONObject = ["type": "role-assigned", "actor": .string(person), "in": .string(institution), "role": .string(role)]
            if let until { object["until"] = .string(until) }
            try ActorWrite(global: global, recording: recording)
                .append(object, occurred: from)
        }
    }
}
