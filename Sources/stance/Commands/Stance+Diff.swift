import ArgumentParser
import Projections
import StanceDomain

extension Stance {
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff",
            abstract: "How an actor's recorded position history changed between two moments of the record.",
            discussion: """
                Compares what the log said at --from-as-of with what it said at --to-as-of (each an instant, a \
                day, or @N): every stretch of world time whose answer changed, the old and new position, and \
                the events recorded in between that changed it.

                Example: stance diff military --toward morales --from-as-of 2019-11-11 --to-as-of @20
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The actor: id, alias or code.", valueName: "actor"))
        var actor: String

        @Option(help: "Only the position toward this actor (default: every target).")
        var toward: String?

        @Option(help: ArgumentHelp("The earlier moment of the record.", valueName: "when"))
        var fromAsOf: String

        @Option(help: ArgumentHelp("The later moment of the record.", valueName: "when"))
        var toAsOf: String

        @OptionGroup var output: FormatOption

        func run() throws {
            let context = try StoreContext.open(global)
            let from = try ResolvedAsOf(fromAsOf, option: "--from-as-of", in: context)
            let to = try ResolvedAsOf(toAsOf, option: "--to-as-of", in: context)
            guard from.seq <= to.seq else {
                throw CLIError(.dataError, "--from-as-of (\(fromAsOf), up to seq \(from.seq)) comes after --to-as-of (\(toAsOf), up to seq \(to.seq)); give the earlier moment first.")
            }
            let (before, after) = try context.replays(about: actor, toward: toward, from: from, to: to)
            let subject = try after.directory.resolve(actor, option: nil)
            let target = try toward.map { try after.directory.resolve($0, option: "--toward") }
            let targets = target.map { [$0] }
                ?? Set(before.query.targets(of: subject.id) + after.query.targets(of: subject.id)).sorted()
                    .compactMap { after.directory.actors[$0] }
            let diffs = PositionDiff.diffs(actor: subject, toward: targets, before: before, after: after, recordedAfter: from.seq)
                .filter { toward != nil || !$0.spans.isEmpty }
            let rendering = DiffOutput(zone: context.zone, from: from, to: to, directory: after.directory)
            StandardOutput.line(output.format == .json ? rendering.json(actor: subject, diffs).serialized(pretty: true) : rendering.text(actor: subject, diffs))
            after.warnIfSkipped()
        }
    }
}

/// `stance diff` as text and JSON.
struct DiffOutput {
    let zone: StoreTimeZone
    let from: ResolvedAsOf
    let to: ResolvedAsOf
    let directory: ActorDirectory

    func json(actor: Actor, _ diffs: [PositionDiff]) -> JSON {
        return .object([
            "actor": .string(actor.id),
            "fromAsOf": from.json,
            "toAsOf": to.json,
            "diffs": .array(diffs.map { diff in
                .object([
                    "toward": .string(diff.toward.id),
                    "spans": .array(diff.spans.map { span in
                        .object([
                            "from": .string(span.start.formatted(in: zone)),
                            "until": span.end.map { .string($0.formatted(in: zone)) } ?? .null,
                            "old": .string(span.old.rawValue),
                            "new": .string(span.new.rawValue),
                        ])
                    }),
                    "events": .array(diff.events.map(event)),
                ])
            }),
        ])
    }

    /// An event recorded in between: the evidence shape, plus what a retraction withdrew and why.
    private func event(_ event: ProjectedEvent) -> JSON {
        guard case .object(var object) = AnswerJSON(zone: zone).evidence(PositionEntry(event: event, via: nil)) else { return .null }
        object["retracts"] = event.event.retracts.map { .string($0.uuidString.lowercased()) } ?? .null
        object["replaces"] = event.event.replaces.map { .string($0.uuidString.lowercased()) } ?? .null
        object["reason"] = event.event.reason.map(JSON.string) ?? .null
        return .object(object)
    }

    func text(actor: Actor, _ diffs: [PositionDiff]) -> String {
        let names = AnswerText(zone: zone, directory: directory)
        var lines = ["\(names.name(actor.id)) as recorded at \(from.requested) (seq \(from.seq)) and at \(to.requested) (seq \(to.seq)):"]
        if diffs.isEmpty {
            lines.append("  no answer changed")
        }
        for diff in diffs {
            lines.append("  toward \(names.name(diff.toward.id)):")
            if diff.spans.isEmpty { lines.append("    no answer changed") }
            for span in diff.spans {
                let end = span.end.map { "until \($0.formatted(in: zone))" } ?? "onwards"
                lines.append("    from \(span.start.formatted(in: zone)) \(end): \(span.old.rawValue) -> \(span.new.rawValue)")
            }
            if !diff.events.isEmpty {
                lines.append(diff.spans.isEmpty ? "    recorded in between, without changing an answer:" : "    changed by events recorded in between:")
                lines += diff.events.map { names.entry(PositionEntry(event: $0, via: nil), indent: "      ") }
            }
        }
        return lines.joined(separator: "\n")
    }
}
