import ArgumentParser
import Projections
import StanceDomain

extension Stance {
    struct Chart: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "chart",
            abstract: "Draw an actor's positions over world time as an SVG timeline.",
            discussion: """
                One lane per target (or, with several actors and one --toward, one lane per actor): each \
                span of a position is a band in its colour with its name written on it; each event is a \
                marker with a tooltip (type, who spoke, date, source). Retracted events are hollow, \
                contested spans hatched, events known only to the day drawn as bars as wide as the day. \
                The same store and arguments give the same bytes.

                Example: stance chart military --toward morales --output military.svg
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The actor: id, alias or code (or give --actor).", valueName: "actor"))
        var actor: String?

        @Option(name: .customLong("actor"), help: ArgumentHelp("Another actor, one lane each (repeatable; with one --toward).", valueName: "actor"))
        var actors: [String] = []

        @Option(help: ArgumentHelp("Only the position toward this actor (repeatable).", valueName: "actor"))
        var toward: [String] = []

        @Option(help: ArgumentHelp("Start the chart at this day or instant.", valueName: "date"))
        var from: String?

        @Option(help: ArgumentHelp("End the chart at this day or instant.", valueName: "date"))
        var until: String?

        @OptionGroup var asOf: AsOfOption

        @Option(help: "svg, or html for a page holding the chart (default: from the --output extension, else svg).")
        var format: ChartFormat?

        @Option(help: ArgumentHelp("Where to write the chart (default: standard output).", valueName: "file"))
        var output: String?

        func validate() throws {
            if actor == nil && actors.isEmpty { throw ValidationError("Name the actor to chart: stance chart ACTOR, or --actor A.") }
        }

        func run() throws {
            let file = try OutputFile(output)
            let context = try StoreContext.open(global)
            let moment = try asOf.resolve(in: context)
            let names = (actor.map { [$0] } ?? []) + actors
            // Only the actors' events, through the key index: one actor's toward the targets
            // asked about, several actors' toward everyone.
            let replay = names.count == 1
                ? try context.replay(about: names[0], toward: toward.isEmpty ? nil : toward, asOf: moment)
                : try context.replay(drawing: names, alsoNaming: toward, through: moment?.seq, asOf: moment?.asOf)
                    ?? context.replay(asOf: moment)
            let source = ChartSource(replay)
            let lower = try from.map { try context.time($0, option: "from") }
            let upper = try until.map { try context.time($0, option: "until") }
            let request = try ChartRequest(
                actors: (actor.map { [$0] } ?? []) + actors, firstIsArgument: actor != nil, toward: toward, from: lower, until: upper,
                asOf: moment, source: source)
            let chart = SVGChart(layout: request.layout)
            let chosen = format ?? (["html", "htm"].contains(file.pathExtension) ? .html : .svg)
            try file.write(chosen == .svg ? chart.document : HTMLReport.page(title: request.title, body: chart.element))
            replay.warnIfSkipped()
        }
    }
}
