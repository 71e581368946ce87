import Foundation
import Testing

/// `stance events`: each filter in each format, over the Bolivia example, and CSV quoting.
@Suite("Listing events")
struct EventsTests {
    struct Filter: CustomTestStringConvertible, Sendable {
        var arguments: [String]
        var seqs: [Int]
        var testDescription: String { arguments.isEmpty ? "no filter" : arguments.joined(separator: " ") }
    }

    /// Filters over the example (see examples/bolivia-2019.ndjson for the seqs).
    static let filters: [Filter] = [
        Filter(arguments: [], seqs: Array(1...16)),
        Filter(arguments: ["--actor", "kaliman"], seqs: [3, 7, 12, 13, 14, 15]),
        Filter(arguments: ["--actor", "General Kaliman"], seqs: [3, 7, 12, 13, 14, 15]),
        Filter(arguments: ["--toward", "morales"], seqs: [9, 10, 11, 12, 15, 16]),
        Filter(arguments: ["--toward", "Evo"], seqs: [9, 10, 11, 12, 15, 16]),
        Filter(arguments: ["--type", "resignation-called-for"], seqs: [11, 12, 16]),
        Filter(arguments: ["--from", "2019-11-12"], seqs: [13, 14, 15, 16]),
        Filter(arguments: ["--until", "2019-10-20"], seqs: [1, 2, 3, 4, 5, 6, 7, 8]),
        Filter(arguments: ["--from", "2019-11-10", "--until", "2019-11-10"], seqs: [9, 10, 11, 12]),
        Filter(arguments: ["--actor", "kaliman", "--toward", "morales", "--type", "resignation-call-withdrawn"], seqs: [15]),
        Filter(arguments: ["--actor", "oas", "--from", "2019-11-11"], seqs: []),
    ]

    @Test("Each filter selects the same events in text, json, ndjson and csv", arguments: filters)
    func filterInEveryFormat(_ filter: Filter) throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore()
        func run(_ format: String) throws -> String {
            let result = try sandbox.run(["--db", "bolivia.sqlite", "events"] + filter.arguments + ["--format", format])
            Expect.success(result)
            return result.stdout
        }
        let text = try run("text")
        if filter.seqs.isEmpty {
            #expect(text == "No events match.\n")
        } else {
            let rows = text.split(separator: "\n").dropFirst()
            #expect(rows.map { Int($0.prefix { $0 != " " }) } == filter.seqs, "\(text)")
        }
        let json = try JSONHelpers.array(try run("json"))
        #expect(json.map { $0["seq"] as? Int } == filter.seqs)
        let ndjson = try JSONHelpers.lines(try run("ndjson"))
        #expect(ndjson.map { $0["seq"] as? Int } == filter.seqs)
        #expect(zip(json, ndjson).allSatisfy { JSONHelpers.equal($0, $1) }, "json and ndjson hold the same objects")
        let csv = CSVReader.rows(try run("csv"))
        #expect(csv.map { Int($0["seq"] ?? "") } == filter.seqs)
        #expect(zip(csv, ndjson).allSatisfy { $0["id"] == $1["id"] as? String && $0["hash"] == $1["hash"] as? String })
    }

    @Test("An NDJSON line is flat: envelope, fields in canonical order, then what the store assigned")
    func ndjsonLineShape() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore()
        let lines = try sandbox.run("--db", "bolivia.sqlite", "events", "--type", "resignation-called-for", "--actor", "kaliman", "--format", "ndjson").stdout
        let keys = try NSRegularExpression(pattern: #"[{,]"([A-Za-z]+)":"#)
            .matches(in: lines, range: NSRange(lines.startIndex..., in: lines))
            .compactMap { Range($0.range(at: 1), in: lines).map { String(lines[$0]) } }
        #expect(keys == [
            "seq", "id", "type", "occurredAt", "precision", "actor", "toward", "strength", "summary", "quote", "source",
            "schemaVersion", "stream", "streamVersion", "recordedAt", "recordedBy", "prevHash", "hash",
        ])
        let line = try #require(try JSONHelpers.lines(lines).first)
        #expect(line["id"] as? String == BoliviaExample.id(12))
        #expect(line["stream"] as? String == "kaliman")
        #expect(line["recordedBy"] as? String == "stance example")
        #expect(line["recordedAt"] as? String == Sandbox.recordedAt)
    }

    @Test("The hash chain is visible in the export: each prevHash is the previous hash, the last is info's head")
    func exportShowsTheChain() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore()
        let lines = try JSONHelpers.lines(try sandbox.run("--db", "bolivia.sqlite", "events", "--format", "ndjson").stdout)
        var previous = String(repeating: "0", count: 64)
        for line in lines {
            #expect(line["prevHash"] as? String == previous)
            previous = try #require(line["hash"] as? String)
        }
        let snapshot = try sandbox.snapshot("bolivia.sqlite")
        #expect(snapshot.headHash == previous)
        #expect(snapshot.headSeq == 16)
        #expect(snapshot.events == 16)
    }

    @Test("CSV quotes a field holding commas, double quotes and line breaks, and reads back exactly")
    func csvQuoting() throws {
        let sandbox = try Sandbox()
        try sandbox.store("s.sqlite", importing: """
            {"type":"actor-registered","occurredAt":"2019-10-20","actor":"a","name":"Actor, \\"A\\"","kind":"group","aliases":["first","second"]}
            {"type":"actor-registered","occurredAt":"2019-10-20","actor":"b","name":"B","kind":"person"}

            """)
        let quote = "He said \"go, now\", twice;\nthen \"left\".\r\nEnd"
        Expect.success(try sandbox.run("--db", "s.sqlite", "record", "statement-issued", "--actor", "a", "--toward", "b",
                                       "--position", "opposes", "--quote", quote, "--summary", "plain", "--on", "2019-11-10"))
        let csv = try sandbox.run("--db", "s.sqlite", "events", "--format", "csv").stdout
        let header = "seq,id,type,occurredAt,precision,actor,toward,position,strength,in,role,until,name,kind,aliases,codes,"
            + "summary,quote,source,confidence,recordedAt,recordedBy,hash\r\n"
        #expect(csv.hasPrefix(header))
        #expect(csv.contains(",\"Actor, \"\"A\"\"\",group,\"[\"\"first\"\",\"\"second\"\"]\","))
        #expect(csv.contains(",plain,\"He said \"\"go, now\"\", twice;\nthen \"\"left\"\".\r\nEnd\","))
        #expect(csv.hasSuffix("\r\n"))
        let rows = CSVReader.rows(csv)
        #expect(rows.count == 3)
        Expect.sameBytes(rows.last?["quote"], quote, "quote")
        Expect.sameBytes(rows.first?["name"], "Actor, \"A\"", "name")
        #expect(rows.last?["position"] == "opposes")
        #expect(rows.last?["recordedBy"] == Sandbox.user)
    }

    @Test("A list field read back from CSV gives the same items even when an alias holds a semicolon")
    func csvListFieldsAreUnambiguous() throws {
        let sandbox = try Sandbox()
        try sandbox.store("s.sqlite", importing: """
            {"type":"actor-registered","occurredAt":"2019-10-20","actor":"a","name":"A","kind":"group","aliases":["A;B","C"]}
            {"type":"actor-registered","occurredAt":"2019-10-20","actor":"b","name":"B","kind":"group","aliases":["A","B","C"]}

            """)
        let rows = CSVReader.rows(try sandbox.run("--db", "s.sqlite", "events", "--format", "csv").stdout)
        #expect(rows.count == 2)
        #expect(rows[0]["aliases"] != rows[1]["aliases"])
    }

    @Test("--type and --from are checked: a type not in the vocabulary or a bad date is bad input")
    func filtersAreChecked() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore()
        Expect.failure(try sandbox.run("--db", "bolivia.sqlite", "events", "--type", "coup"), 65,
                       "error: --type: 'coup' is not an event type; `stance types` lists them.")
        Expect.failure(try sandbox.run("--db", "bolivia.sqlite", "events", "--from", "2019-13-01"), 65,
                       "error: --from: '2019-13-01' is not a real date.")
        Expect.failure(try sandbox.run("--db", "bolivia.sqlite", "events", "--actor", "nobody"), 65,
                       "error: --actor: no actor is called 'nobody'; register it with `stance actor add`, or see `stance actor list`.")
    }
}
