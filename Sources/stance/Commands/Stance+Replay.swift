import ArgumentParser
import EventStore
import Foundation
import Projections
import StanceDomain

extension Stance {
    struct ReplayCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "replay",
            abstract: "Rebuild the projections from the log and print their digests.",
            discussion: """
                The digests (SHA-256 over a documented canonical serialization of each projection's state) \
                let two machines compare state without shipping it: the same log gives the same digests \
                everywhere. --until stops at a seq or at an instant of the record. On a terminal a progress \
                bar shows on standard error; when output is piped, nothing of the kind.
                """)

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("Replay up to this seq, or up to this instant or day of the record (as --as-of).", valueName: "seq|when"))
        var until: String?

        @OptionGroup var output: FormatOption

        func run() throws {
            let context = try StoreContext.open(global)
            let moment = try until.map { try ResolvedAsOf(Int64($0) != nil ? "@\($0)" : $0, option: "--until", in: context) }
            let started = Date()
            let total = try moment?.seq ?? context.store.head().seq
            var progress = ProgressBar(total: total)
            let (fold, skippedEvents) = try Replayer.digestFold(context.store, in: context.zone, asOf: moment?.asOf) { progress.advance(to: $0) }
            progress.finish()
            let skipped = skippedEvents.map(\.seq)
            let digests = fold.digests()
            let seconds = Date().timeIntervalSince(started)
            let count = Int64(fold.count + skipped.count)
            if output.format == .json {
                var object = JSONObject()
                object["events"] = .int(count)
                object["until"] = moment.map { .int($0.seq) } ?? .null
                object["skipped"] = .array(skipped.map(JSON.int))
                var digestObject = JSONObject()
                for (name, digest) in digests.all { digestObject[name] = .string(digest.hex) }
                object["digests"] = .object(digestObject)
                object["seconds"] = .double((seconds * 1000).rounded() / 1000)
                StandardOutput.line(JSON.object(object).serialized(pretty: true))
            } else {
                var lines = ["Replayed \(count) event(s)\(moment.map { " up to seq \($0.seq)" } ?? "") in \(String(format: "%.3f", seconds)) s."]
                lines += digests.all.map { "\($0.name.padding(toLength: 12, withPad: " ", startingAt: 0)) \($0.digest.hex)" }
                if !skipped.isEmpty {
                    lines.append("\(skipped.count) event(s) could not be decoded and were skipped: seq \(skipped.map(String.init).joined(separator: ", ")).")
                }
                StandardOutput.line(lines.joined(separator: "\n"))
            }
        }
    }
}
