import ArgumentParser
import Projections
import StanceDomain

/// `--on DAY | --at INSTANT`: the moment a question asks about.
struct WhenOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Ask about the end of this day, in the store's time zone; the answer lists the day's changes.", valueName: "YYYY-MM-DD"))
    var on: String?

    @Option(help: ArgumentHelp("Ask about this instant, such as 2019-11-10T16:50-04:00.", valueName: "instant"))
    var at: String?

    func validate() throws {
        switch (on, at) {
        case (nil, nil): throw ValidationError("Say when with --on YYYY-MM-DD or --at INSTANT.")
        case (.some, .some): throw ValidationError("Give either --on or --at, not both.")
        default: break
        }
    }

    func cut(in context: StoreContext) throws -> WorldCut {
        if let on {
            let time = try context.time(on, option: "on")
            guard case .day = time else {
                throw CLIError(.dataError, "--on takes a day such as 2019-11-10; use --at for an instant such as \(on).")
            }
            return WorldCut(time, in: context.zone)
        }
        let text = at ?? ""
        let time = try context.time(text, option: "at")
        guard case .instant = time else {
            throw CLIError(.dataError, "--at takes an instant such as \(text)T12:00Z or \(text)T12:00-04:00; use --on for a whole day.")
        }
        return WorldCut(time, in: context.zone)
    }
}
