import ArgumentParser

extension Stance {
    struct ActorCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "actor",
            abstract: "Register actors, give people roles, list and show actors.",
            subcommands: [ActorAdd.self, ActorRole.self, ActorList.self, ActorShow.self])
    }
}
