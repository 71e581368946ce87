import ArgumentParser
import StanceDomain

extension Stance {
    struct ActorList: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the registered actors.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOption

        func run() throws {
            let context = try StoreContext.open(global)
            let replay = try context.directoryReplay(asOf: nil)
            let spans = replay.directory.roleSpans()
            let actors = replay.directory.sortedActors
            defer { replay.warnIfSkipped() }
            if output.format == .json {
                let json = AnswerJSON(zone: context.zone)
                StandardOutput.line(JSON.array(actors.map { actor in
                    json.actor(actor, roles: spans.filter { $0.person == actor.id || $0.institution == actor.id })
                }).serialized(pretty: true))
                return
            }
            guard !actors.isEmpty else {
                StandardOutput.line("No actors registered yet; add one with `stance actor add`.")
                return
            }
            var table = TextTable(header: ["ID", "NAME", "KIND", "ALIASES", "CODES"])
            for actor in actors {
                table.append([actor.id, actor.name, actor.kind.rawValue, actor.aliases.joined(separator: ", "), actor.codes.joined(separator: ", ")])
            }
            StandardOutput.line(table.rendered())
        }
    }
}
