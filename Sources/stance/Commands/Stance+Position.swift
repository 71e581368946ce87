import ArgumentParser
import Projections
import StanceDomain

extension Stance {
    struct PositionCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "position",
            abstract: "What was an actor's position toward another at a moment, and on what evidence?",
            discussion: """
                The answer is a replay of the log up to the end of the day (--on) or the instant (--at). \
                People holding a leader, commander or spokesperson role speak for their institution while \
                they hold it. Without --toward, the actor's positions toward everyone it has one for.

                Example: stance position military --toward morales --on 2019-11-10
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The actor: id, alias or code.", valueName: "actor"))
        var actor: String

        @Option(help: "The actor the position is toward.")
        var toward: String?

        @OptionGroup var when: WhenOptions
        @OptionGroup var asOf: AsOfOption

        @Flag(help: "Show the whole derivation: every event considered and what became of it (needs --toward).")
        var explain = false

        @OptionGroup var output: FormatOption

        func validate() throws {
            if explain && toward == nil { throw ValidationError("--explain explains one answer; give --toward.") }
        }

        func run() throws {
            ProcessMemory.keepFreedMemory()
            let context = try StoreContext.open(global)
            let moment = try asOf.resolve(in: context)
            let cut = try when.cut(in: context)
            // An explanation as of a moment sets what was known against the whole log, and lists
            // what everyone the whole log names as a member said: read the whole log's first.
            let full = try toward.flatMap { explain && moment != nil ? try context.replay(about: actor, toward: $0, at: cut, asOf: nil, explaining: []) : nil }
            let members = full.flatMap { full in (try? full.directory.resolve(actor)).map { PositionExplanation.everyone(in: full.events, institution: $0.id) } }
            let replay = try toward.map { try context.replay(about: actor, toward: $0, at: cut, asOf: moment, explaining: explain ? members ?? [] : nil) }
                ?? context.replay(about: actor, toward: nil, asOf: moment)
            let query = replay.query
            let subject = try replay.directory.resolve(actor, option: nil)
            let json = AnswerJSON(zone: context.zone, asOf: moment)
            let text = AnswerText(zone: context.zone, directory: replay.directory)
            if let toward {
                let target = try replay.directory.resolve(toward, option: "--toward")
                let answer = query.answer(actor: subject, toward: target, cut: cut)
                if explain {
                    let explanation = PositionExplanation(answer: answer, known: replay, full: full ?? replay)
                    StandardOutput.line(output.format == .json
                        ? json.explanation(explanation).serialized(pretty: true) : text.explanation(explanation))
                } else {
                    StandardOutput.line(output.format == .json ? json.answer(answer).serialized(pretty: true) : text.answer(answer))
                }
            } else {
                let answers = query.targets(of: subject.id).compactMap { replay.directory.actors[$0] }
                    .map { query.answer(actor: subject, toward: $0, cut: cut) }
                    .filter { $0.position != .unknown || !$0.certain }
                if output.format == .json {
                    StandardOutput.line(json.answers(actor: subject, cut: cut, answers).serialized(pretty: true))
                } else if answers.isEmpty {
                    StandardOutput.line("\(text.name(subject.id)) has no recorded position toward anyone \(text.when(cut)).")
                } else {
                    StandardOutput.line(answers.map(text.answer).joined(separator: "\n\n"))
                }
            }
            replay.warnIfSkipped()
        }
    }
}
