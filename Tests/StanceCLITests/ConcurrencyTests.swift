import Foundation
import Testing

/// Several `stance` processes writing one store at once: every write lands, the log stays one
/// gap-free hash chain, and an import stays one contiguous, all-or-nothing batch.
@Suite("Concurrent writers")
struct ConcurrencyTests {
    static let writers = 4
    static let perWriter = 25

    static let actors = """
        {"type":"actor-registered","occurredAt":"2019-10-20","actor":"a","name":"A","kind":"group"}
        {"type":"actor-registered","occurredAt":"2019-10-20","actor":"b","name":"B","kind":"person"}

        """

    /// Checks seq 1...N without gaps and each prevHash equal to the previous line's hash.
    @discardableResult
    static func expectOneChain(_ ndjson: String, count: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        let lines = try JSONHelpers.lines(ndjson)
        if let count { #expect(lines.count == count, sourceLocation: sourceLocation) }
        var previous = String(repeating: "0", count: 64)
        for (index, line) in lines.enumerated() {
            #expect(line["seq"] as? Int == index + 1, "seq at line \(index + 1)", sourceLocation: sourceLocation)
            #expect(line["prevHash"] as? String == previous, "prevHash of seq \(index + 1)", sourceLocation: sourceLocation)
            previous = line["hash"] as? String ?? ""
        }
        return lines
    }

    static func summary(writer: Int, item: Int) -> String { "writer \(writer) item \(item)" }

    @Test("Four imports at once: all succeed, each a contiguous batch, one gap-free chain")
    func concurrentImports() throws {
        let sandbox = try Sandbox()
        try sandbox.store("s.sqlite", importing: Self.actors)
        for writer in 0..<Self.writers {
            let lines = (0..<Self.perWriter).map { item in
                #"{"type":"protest-held","occurredAt":"2019-11-10","actor":"a","toward":"b","summary":"\#(Self.summary(writer: writer, item: item))"}"#
            }
            try sandbox.write("writer-\(writer).ndjson", lines.joined(separator: "\n") + "\n")
        }
        let running = try (0..<Self.writers).map { writer in
            try sandbox.start(["--db", "s.sqlite", "import", "writer-\(writer).ndjson"], environment: ["STANCE_USER": "writer-\(writer)"])
        }
        let results = try running.map { try $0.wait() }
        var ranges: [ClosedRange<Int>] = []
        for result in results {
            Expect.success(result)
            let numbers = result.stdout.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            #expect(numbers.count == 3 && numbers[0] == Self.perWriter, "\(result)")
            if numbers.count == 3 { ranges.append(numbers[1]...numbers[2]) }
        }
        #expect(ranges.map(\.count) == Array(repeating: Self.perWriter, count: Self.writers))
        #expect(ranges.sorted { $0.lowerBound < $1.lowerBound }.map(\.lowerBound) == [3, 28, 53, 78])

        let total = 2 + Self.writers * Self.perWriter
        let lines = try Self.expectOneChain(try sandbox.run("--db", "s.sqlite", "events", "--format", "ndjson").stdout, count: total)
        for (writer, result) in results.enumerated() {
            // The batch the import reported holds exactly this writer's lines, in file order.
            guard let range = ranges.first(where: { range in
                (lines[range.lowerBound - 1]["recordedBy"] as? String) == "writer-\(writer)"
            }) else {
                Issue.record("no batch found for writer \(writer): \(result)")
                continue
            }
            let summaries = range.map { lines[$0 - 1]["summary"] as? String }
            #expect(summaries == (0..<Self.perWriter).map { Self.summary(writer: writer, item: $0) })
        }
        let info = try sandbox.snapshot("s.sqlite")
        #expect(info.events == total && info.headSeq == total)
        #expect(info.headHash == lines.last?["hash"] as? String)
    }

    @Test("Four writers recording 25 events each at once: every event lands once, in each writer's order")
    func concurrentRecords() throws {
        let sandbox = try Sandbox()
        try sandbox.store("s.sqlite", importing: Self.actors)
        for item in 0..<Self.perWriter {
            let running = try (0..<Self.writers).map { writer in
                try sandbox.start(["--db", "s.sqlite", "record", "statement-issued", "--actor", "a", "--toward", "b",
                                   "--position", "critical", "--summary", Self.summary(writer: writer, item: item),
                                   "--on", "2019-11-10", "--recorded-by", "writer-\(writer)"])
            }
            for result in try running.map({ try $0.wait() }) {
                Expect.success(result)
                #expect(result.stdout.hasPrefix("Recorded seq "), "\(result)")
            }
        }
        let total = 2 + Self.writers * Self.perWriter
        let lines = try Self.expectOneChain(try sandbox.run("--db", "s.sqlite", "events", "--format", "ndjson").stdout, count: total)
        for writer in 0..<Self.writers {
            let mine = lines.filter { $0["recordedBy"] as? String == "writer-\(writer)" }.map { $0["summary"] as? String }
            #expect(mine == (0..<Self.perWriter).map { Self.summary(writer: writer, item: $0) })
        }
        let streamVersions = lines.dropFirst(2).map { $0["streamVersion"] as? Int }
        #expect(streamVersions == (2...(1 + Self.writers * Self.perWriter)).map { $0 }, "stream a's versions have no gaps either")
    }

    @Test("Readers during concurrent imports see a valid chain ending on a batch boundary")
    func readersSeeWholeBatches() throws {
        let sandbox = try Sandbox()
        try sandbox.store("s.sqlite", importing: Self.actors)
        for writer in 0..<Self.writers {
            let lines = (0..<Self.perWriter).map { item in
                #"{"type":"support-declared","occurredAt":"2019-11-1\#(writer)","actor":"b","toward":"a","summary":"\#(Self.summary(writer: writer, item: item))"}"#
            }
            try sandbox.write("writer-\(writer).ndjson", lines.joined(separator: "\n"))
        }
        var running = try (0..<Self.writers).map { try sandbox.start(["--db", "s.sqlite", "import", "writer-\($0).ndjson"]) }
        running += try (0..<Self.writers).map { _ in try sandbox.start(["--db", "s.sqlite", "events", "--format", "ndjson"]) }
        let results = try running.map { try $0.wait() }
        for result in results { Expect.success(result) }
        let boundaries = Set((0...Self.writers).map { 2 + $0 * Self.perWriter })
        for reader in results.suffix(Self.writers) {
            let lines = try Self.expectOneChain(reader.stdout)
            #expect(boundaries.contains(lines.count), "a reader saw \(lines.count) events, part of a batch")
        }
        try Self.expectOneChain(try sandbox.run("--db", "s.sqlite", "events", "--format", "ndjson").stdout, count: 2 + Self.writers * Self.perWriter)
    }
}
