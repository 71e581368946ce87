import ArgumentParser
import Projections
import StanceDomain

extension Stance {
    struct TimelineCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "timeline",
            abstract: "Every change of an actor's position, with evidence, in world-time order.",
            discussion: "Without --toward, one timeline per actor the position is toward.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The actor: id, alias or code.", valueName: "actor"))
        var actor: String

        @Option(help: "Only the position toward this actor.")
        var toward: String?

        @Option(help: ArgumentHelp("Only changes from this day or instant on.", valueName: "date"))
        var from: String?

        @Option(help: ArgumentHelp("Only changes up to this day or instant.", valueName: "date"))
        var until: String?

        @OptionGroup var asOf: AsOfOption
        @OptionGroup var output: FormatOption

        func run() throws {
            ProcessMemory.keepFreedMemory()
            let context = try StoreContext.open(global)
            let moment = try asOf.resolve(in: context)
            let replay = try context.replay(about: actor, toward: toward.map { [$0] }, asOf: moment)
            let query = replay.query
            let subject = try replay.directory.resolve(actor, option: nil)
            let lower = try from.map { try context.time($0, option: "from") }
            let upper = try until.map { try context.time($0, option: "until") }
            let targets = try toward.map { [try replay.directory.resolve($0, option: "--toward")] }
                ?? query.targets(of: subject.id).compactMap { replay.directory.actors[$0] }
            let timelines = targets.map { query.timeline(actor: subject, toward: $0, from: lower, until: upper) }
                .filter { toward != nil || !$0.changes.isEmpty || $0.before != .unknown }
            if output.format == .json {
                let json = AnswerJSON(zone: context.zone, asOf: moment)
                let value: JSON = toward != nil
                    ? json.timeline(timelines[0], from: lower, until: upper)
                    : .object(["actor": .string(subject.id), "asOf": json.asOfJSON, "timelines": .array(timelines.map { json.timeline($0, from: lower, until: upper) })])
                StandardOutput.line(value.serialized(pretty: true))
            } else {
                let text = AnswerText(zone: context.zone, directory: replay.directory)
                StandardOutput.line(timelines.isEmpty
                    ? "\(text.name(subject.id)) has no recorded position toward anyone."
                    : timelines.map(text.timeline).joined(separator: "\n\n"))
            }
            replay.warnIfSkipped()
        }
    }
}
