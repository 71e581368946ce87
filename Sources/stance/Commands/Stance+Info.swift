import ArgumentParser
import EventStore
import StanceDomain

extension Stance {
    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "info",
            abstract: "Show the store's path, schema version, event count, chain head and time zone.",
            discussion: """
                With --stream ACTOR, also the version of that actor's stream: the number \
                `stance record --actor ACTOR --expect-version N` checks before it writes.
                """)

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("Also show this actor's stream version (id, alias or code), for `record --expect-version`.", valueName: "actor"))
        var stream: String?

        @OptionGroup var output: FormatOption

        func run() throws {
            let context = try StoreContext.open(global)
            let head = try context.store.head()
            let stream = try self.stream.map { try StreamVersion.read($0, in: context) }
            switch output.format {
            case .json:
                var object = JSONObject()
                object["path"] = .string(context.store.path)
                object["schemaVersion"] = .int(Int64(SQLiteEventStore.schemaVersion))
                object["events"] = .int(head.seq)
                object["head"] = .object(["seq": .int(head.seq), "hash": .string(head.hash.hex)])
                object["timezone"] = .string(context.zone.identifier)
                if let stream { object["stream"] = .object(["actor": .string(stream.actor), "version": .int(stream.version)]) }
                StandardOutput.line(JSON.object(object).serialized(pretty: true))
            default:
                var table = TextTable(header: ["", ""])
                table.append(["path", context.store.path])
                table.append(["schema version", "\(SQLiteEventStore.schemaVersion)"])
                table.append(["events", "\(head.seq)"])
                table.append(["chain head", head.seq == 0 ? "(empty) \(head.hash.hex)" : "\(head.seq):\(head.hash.hex)"])
                table.append(["time zone", context.zone.identifier])
                if let stream { table.append(["stream \(stream.actor)", "version \(stream.version)"]) }
                StandardOutput.line(table.rendered().split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n"))
            }
        }
    }
}
