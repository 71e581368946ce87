import ArgumentParser
import Foundation

extension Stance {
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Write a realistic, seeded NDJSON log for benchmarks and tests.",
            discussion: """
                Registered actors with aliases and codes, people taking and leaving roles, every type of the \
                vocabulary in plausible proportions, back-dated and retracted events, sources and quotes of \
                realistic length. The same arguments give the same bytes. The log imports with `stance import`.

                Example: stance generate --events 100000 --actors 200 --seed 7 --output big.ndjson
                """)

        @Option(help: "How many events (lines) to write, registrations included.")
        var events: Int = 10_000

        @Option(help: "How many actors to register.")
        var actors: Int = 100

        @Option(help: "The seed: the same seed gives the same file.")
        var seed: UInt64 = 1

        @Option(help: ArgumentHelp("Where to write the log (default: standard output).", valueName: "file"))
        var output: String?

        func validate() throws {
            guard actors >= 2 else { throw ValidationError("--actors must be at least 2, so that someone has a position toward someone.") }
            let minimum = LogGenerator.minimumEvents(actors: actors)
            guard events >= minimum else {
                throw ValidationError("--events must be at least \(minimum) for \(actors) actors: the registrations come first.")
            }
        }

        func run() throws {
            var sink = try LineSink(path: output)
            var generator = LogGenerator(events: events, actors: actors, seed: seed)
            try generator.write { sink.write($0) }
            try sink.close()
        }
    }
}

/// Buffered lines to a file or standard output: a large log is not one write per line.
struct LineSink {
    private let handle: FileHandle
    private let path: String?
    private var buffer: [UInt8] = []

    init(path: String?) throws {
        self.path = path
        guard let path else {
            handle = FileHandle.standardOutput
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
            throw CLIError(.failure, "Cannot write \(path); check that its folder exists and is writable.")
        }
        handle = file
    }

    mutating func write(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 { flush() }
    }

    mutating func close() throws {
        flush()
        if path != nil { try handle.close() }
    }

    private mutating func flush() {
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
