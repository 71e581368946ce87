import ArgumentParser
import EventStore
import StanceDomain

extension Stance {
    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the store's path, schema version, event count, chain head and time zone.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: FormatOption

        func run() throws {
            let context = try StoreContext.open(global)
            let head = try context.store.head()
            switch output.format {
            case .json:
                var object = JSONObject()
                object["path"] = .string(context.store.path)
                object["schemaVersion"] = .int(Int64(SQLiteEventStore.schemaVersion))
                object["events"] = .int(head.seq)
                object["head"] = .object(["seq": .int(head.seq), "hash": .string(head.hash.hex)])
                object["timezone"] = .string(context.zone.identifier)
                StandardOutput.line(JSON.object(object).serialized(pretty: true))
            default:
                var table = TextTable(header: ["", ""])
                table.append(["path", context.store.path])
                table.append(["schema version", "\(SQLiteEventStore.schemaVersion)"])
                table.append(["events", "\(head.seq)"])
                table.append(["chain head", head.seq == 0 ? "(empty) \(head.hash.hex)" : "\(head.seq):\(head.hash.hex)"])
                table.append(["time zone", context.zone.identifier])
                StandardOutput.line(table.rendered().split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n"))
            }
        }
    }
}
