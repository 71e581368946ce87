import ArgumentParser
import StanceDomain

extension Stance {
    struct Types: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "types",
            abstract: "List the event vocabulary: fields, effect on positions, CAMEO codes and PLOVER category.")

        @OptionGroup var output: FormatOption

        func run() throws {
            if output.format == .json {
                StandardOutput.line(JSON.array(EventType.all.map(Self.json)).serialized(pretty: true))
                return
            }
            var table = TextTable(header: ["TYPE", "REQUIRED", "OPTIONAL", "EFFECT", "CAMEO", "PLOVER"])
            for type in EventType.all {
                table.append([
                    type.name,
                    type.required.map(\.rawValue).joined(separator: ", "),
                    type.optional.map(\.rawValue).joined(separator: ", "),
                    type.effect.summary,
                    type.cameo.map { "\($0.code) (\($0.goldstein))" }.joined(separator: ", "),
                    type.plover ?? "",
                ])
            }
            StandardOutput.line(table.rendered())
            StandardOutput.line("\nEvery type also accepts: \(EventField.common.map(\.rawValue).joined(separator: ", ")).")
            StandardOutput.line("Positions, in order: \(Position.recordable.map(\.rawValue).joined(separator: ", ")); unknown when nothing is recorded.")
        }

        static func json(_ type: EventType) -> JSON {
            var object = JSONObject()
            object["name"] = .string(type.name)
            object["required"] = .array(type.required.map { .string($0.rawValue) })
            object["optional"] = .array(type.optional.map { .string($0.rawValue) })
            object["common"] = .array(EventField.common.map { .string($0.rawValue) })
            object["effect"] = .string(type.effect.summary)
            if case .sets(let position) = type.effect { object["sets"] = .string(position.rawValue) } else { object["sets"] = .null }
            object["cameo"] = .array(type.cameo.map { .object(["code": .string($0.code), "goldstein": .double($0.goldstein)]) })
            object["plover"] = type.plover.map(JSON.string) ?? .null
            object["summary"] = .string(type.summary)
            return .object(object)
        }
    }
}
