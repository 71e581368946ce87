import ArgumentParser
import StanceDomain

extension Stance {
    struct ActorShow: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show an actor: names, codes and roles over time.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The actor: id, alias or code.", valueName: "actor"))
        var actor: String

        @OptionGroup var asOf: AsOfOption
        @OptionGroup var output: FormatOption

        func run() throws {
            ProcessMemory.keepFreedMemory()
            let context = try StoreContext.open(global)
            let moment = try asOf.resolve(in: context)
            let replay = try context.replay(about: actor, toward: nil, asOf: moment, positions: false)
            let found = try replay.directory.resolve(actor, option: nil)
            let roles = replay.directory.roleSpans().filter { $0.person == found.id || $0.institution == found.id }
            if output.format == .json {
                StandardOutput.line(AnswerJSON(zone: context.zone, asOf: moment).actor(found, roles: roles).serialized(pretty: true))
                replay.warnIfSkipped()
                return
            }
            var lines = ["\(found.name) (\(found.id)), \(found.kind.rawValue)"]
            if !found.aliases.isEmpty { lines.append("  aliases: \(found.aliases.joined(separator: ", "))") }
            if !found.codes.isEmpty { lines.append("  codes: \(found.codes.joined(separator: ", "))") }
            lines.append("  registered at seq \(found.registeredSeq)")
            if !roles.isEmpty {
                lines.append("  roles:")
                for span in roles {
                    let until: String
                    if let seq = span.endedBySeq, let endedAt = span.endedAt {
                        until = "\(endedAt.formatted(in: context.zone)) (ended by #\(seq))"
                    } else {
                        until = span.until.map { $0.formatted(in: context.zone) } ?? "now"
                    }
                    lines.append("    \(span.person) \(span.role.rawValue) in \(span.institution), \(span.from.formatted(in: context.zone)) to \(until)")
                }
            }
            StandardOutput.line(lines.joined(separator: "\n"))
            replay.warnIfSkipped()
        }
    }
}
