import Foundation
import Testing

/// Wrong stores and wrong options: no store (66), a store that cannot be created or opened (1),
/// usage errors (64), each with its message, and nothing created or changed on disk.
@Suite("Bad invocations")
struct BadInvocationTests {
    static let noStore = "No store at s.sqlite; create one with `stance init` or point --db at an existing store."

    static let commandsNeedingAStore: [[String]] = [
        ["info"],
        ["events", "--format", "ndjson"],
        ["position", "military", "--toward", "morales", "--on", "2019-11-10"],
        ["timeline", "military"],
        ["record", "protest-held", "--actor", "military", "--toward", "morales", "--on", "2019-11-10"],
        ["import", BoliviaExample.path],
        ["actor", "list"],
        ["actor", "show", "military"],
        ["actor", "add", "military", "--name", "Military", "--kind", "institution"],
        ["actor", "role", "kaliman", "--in", "military", "--role", "commander", "--from", "2018-12-24"],
    ]

    @Test("Without a store, every command exits 66, suggests `stance init` and creates no file", arguments: commandsNeedingAStore)
    func noStore(_ command: [String]) throws {
        let sandbox = try Sandbox()
        Expect.failure(try sandbox.run(["--db", "s.sqlite"] + command), 66, "error: \(Self.noStore)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.directory.path).filter { !$0.hasPrefix(".") } == [])
        let fallback = try sandbox.run(command)
        Expect.failure(fallback, 66, "error: " + Self.noStore.replacingOccurrences(of: "s.sqlite", with: "stance.sqlite"))
        #expect(!sandbox.exists("stance.sqlite"))
    }

    @Test("init refuses a path where a store already is, and leaves it unchanged")
    func initOnAnExistingStore() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore("s.sqlite")
        let before = try sandbox.snapshot("s.sqlite")
        let result = try sandbox.run("--db", "s.sqlite", "init", "--timezone", "Europe/Paris")
        Expect.failure(result, 1, "error: A file already exists at s.sqlite; choose another path or use the store that is there.")
        #expect(try sandbox.snapshot("s.sqlite") == before)
    }

    @Test("init refuses a path where any file is, and leaves it unchanged")
    func initOnAnotherFile() throws {
        let sandbox = try Sandbox()
        try sandbox.write("notes.txt", "my notes\n")
        let result = try sandbox.run("--db", "notes.txt", "init")
        Expect.failure(result, 1, "error: A file already exists at notes.txt; choose another path or use the store that is there.")
        #expect(try sandbox.read("notes.txt") == Data("my notes\n".utf8))
    }

    @Test("A file that is not a store, or a folder, is refused without being touched")
    func notAStore() throws {
        let sandbox = try Sandbox()
        try sandbox.write("notes.txt", "my notes\n")
        Expect.failure(try sandbox.run("--db", "notes.txt", "info"), 1, "error: notes.txt is not a stance store: it is not an SQLite database.")
        Expect.failure(try sandbox.run("--db", "notes.txt", "import", BoliviaExample.path), 1,
                       "error: notes.txt is not a stance store: it is not an SQLite database.")
        #expect(try sandbox.read("notes.txt") == Data("my notes\n".utf8))
        #expect(!sandbox.exists("notes.txt-wal"))
        try FileManager.default.createDirectory(atPath: sandbox.path("folder"), withIntermediateDirectories: false)
        Expect.failure(try sandbox.run("--db", "folder", "info"), 1, "error: folder is a folder, not a stance store; point --db at the store's file.")
    }

    @Test("A time zone that is not an IANA name is a usage error and creates no store")
    func badTimeZone() throws {
        let sandbox = try Sandbox()
        for zone in ["Mars/Olympus", "America/La Paz", "+04:00", "GMT-4", "Nowhere"] {
            let result = try sandbox.run("--db", "s.sqlite", "init", "--timezone", zone)
            Expect.failure(result, 64, "error: --timezone: '\(zone)' is not an IANA time zone name such as America/La_Paz or UTC.")
            #expect(!sandbox.exists("s.sqlite"), "--timezone \(zone)")
        }
    }

    @Test("--on and --at: both, or neither, is a usage error (64) for position and record")
    func onAndAtTogetherOrNeither() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore("s.sqlite")
        let before = try sandbox.snapshot("s.sqlite")
        let commands: [(arguments: [String], neither: String)] = [
            (["position", "military", "--toward", "morales"], "Say when with --on YYYY-MM-DD or --at INSTANT."),
            (["record", "protest-held", "--actor", "military", "--toward", "morales"], "Give the world time with --on YYYY-MM-DD or --at INSTANT."),
        ]
        for command in commands {
            let neither = try sandbox.run(["--db", "s.sqlite"] + command.arguments)
            Expect.status(neither, 64)
            #expect(neither.stderr.contains(command.neither), "\(neither)")
            #expect(neither.stdout == "")
            let both = try sandbox.run(["--db", "s.sqlite"] + command.arguments + ["--on", "2019-11-10", "--at", "2019-11-10T12:00-04:00"])
            Expect.status(both, 64)
            #expect(both.stderr.contains("Give either --on or --at, not both."), "\(both)")
            #expect(both.stdout == "")
        }
        #expect(try sandbox.snapshot("s.sqlite") == before)
    }

    @Test("--on given an instant, or --at given a day, says which option to use")
    func onAndAtTakeTheirOwnKindOfTime() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore("s.sqlite")
        let position = ["--db", "s.sqlite", "position", "military", "--toward", "morales"]
        Expect.failure(try sandbox.run(position + ["--on", "2019-11-10T10:00Z"]), 65,
                       "error: --on takes a day such as 2019-11-10; use --at for an instant such as 2019-11-10T10:00Z.")
        Expect.failure(try sandbox.run(position + ["--at", "2019-11-10"]), 65,
                       "error: --at takes an instant such as 2019-11-10T12:00Z or 2019-11-10T12:00-04:00; use --on for a whole day.")
        Expect.failure(try sandbox.run(position + ["--on", "2019-02-30"]), 65, "error: --on: '2019-02-30' is not a real date.")
    }

    @Test("ndjson and csv are for events only: other commands refuse them with 64")
    func formatsOutsideEvents() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore("s.sqlite")
        let refused: [[String]] = [
            ["position", "military", "--toward", "morales", "--on", "2019-11-10", "--format", "ndjson"],
            ["timeline", "military", "--format", "csv"],
            ["info", "--format", "csv"],
            ["actor", "list", "--format", "ndjson"],
        ]
        for arguments in refused {
            let result = try sandbox.run(["--db", "s.sqlite"] + arguments)
            Expect.status(result, 64)
            #expect(result.stderr.contains("error: The value '\(arguments.last!)' is invalid for '--format <format>'. Please provide one of 'text' and 'json'."), "\(result)")
        }
        let record = try sandbox.run("--db", "s.sqlite", "record", "protest-held", "--actor", "military", "--toward", "morales",
                                     "--on", "2019-11-10", "--format", "csv")
        Expect.status(record, 64)
        #expect(try sandbox.snapshot("s.sqlite").events == 16)
    }

    @Test("A $STANCE_NOW that is not an instant is a usage error, and nothing is written")
    func badClock() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore("s.sqlite")
        let before = try sandbox.snapshot("s.sqlite")
        let result = try sandbox.run(["--db", "s.sqlite", "record", "protest-held", "--actor", "military", "--toward", "morales", "--on", "2019-11-10"],
                                     environment: ["STANCE_NOW": "yesterday"])
        Expect.failure(result, 64, "error: $STANCE_NOW must be an instant such as 2026-01-01T00:00:00Z, not 'yesterday'.")
        #expect(try sandbox.snapshot("s.sqlite") == before)
    }

    @Test("Importing a file that does not exist exits 66")
    func importMissingFile() throws {
        let sandbox = try Sandbox()
        try sandbox.store("s.sqlite")
        Expect.failure(try sandbox.run("--db", "s.sqlite", "import", "missing.ndjson"), 66, "error: No file at missing.ndjson to import.")
    }

    @Test("Usage errors are one line on standard error starting with `error: `, like every other error")
    func usageErrorsAreOneLine() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore("s.sqlite")
        let result = try sandbox.run("--db", "s.sqlite", "position", "military", "--toward", "morales")
        Expect.failure(result, 64, "error: Say when with --on YYYY-MM-DD or --at INSTANT.")
    }
}
