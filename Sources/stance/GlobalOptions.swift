import ArgumentParser
import Foundation

/// The options every command shares: which store to use.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store's file (default: $STANCE_DB, else ./stance.sqlite).", valueName: "path"))
    var db: String?

    /// The store path: `--db`, else `$STANCE_DB`, else `./stance.sqlite`.
    var storePath: String {
        if let db, !db.isEmpty { return db }
        if let env = ProcessInfo.processInfo.environment["STANCE_DB"], !env.isEmpty { return env }
        return "stance.sqlite"
    }
}

/// How a command prints its answer: text for people, JSON for programs.
enum AnswerFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// How `stance events` prints events: also NDJSON (the import format) and CSV.
enum EventFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, ndjson, csv
}

/// `--format text|json`, for every read command but `events`.
struct FormatOption: ParsableArguments {
    @Option(help: "Output format: text (for people) or json (stable, documented).")
    var format: AnswerFormat = .text
}
