import Foundation
import Testing

/// `events --format ndjson` and `import`: an export imports into a fresh store with every
/// answer unchanged, importing is idempotent, and text survives every format exactly.
@Suite("Export and import")
struct ExportImportTests {
    /// The example plus events that exercise instants, roles with an end and the other
    /// actors' positions, so that the answers compared below are not all alike.
    private func richStore(_ sandbox: Sandbox) throws {
        try sandbox.boliviaStore("original.sqlite")
        let records: [[String]] = [
            ["support-declared", "--actor", "OAS", "--toward", "morales", "--on", "2019-10-21"],
            ["statement-issued", "--actor", "opposition", "--toward", "morales", "--position", "critical",
             "--summary", "Fraud alleged", "--at", "2019-10-22T09:30-04:00"],
            ["support-withdrawn", "--actor", "oas", "--toward", "Evo", "--at", "2019-11-10T07:00-04:00"],
            ["protest-held", "--actor", "protesters", "--toward", "morales", "--at", "2019-11-10T18:00-04:00"],
        ]
        for record in records {
            Expect.success(try sandbox.run(["--db", "original.sqlite", "record"] + record))
        }
    }

    /// Questions asked of both stores; each answer must be byte-identical.
    static let questions: [[String]] = {
        var questions: [[String]] = []
        for actor in ["military", "opposition", "protesters", "oas"] {
            for day in ["2019-10-20", "2019-10-22", "2019-11-10", "2019-11-11", "2019-11-12"] {
                questions.append(["position", actor, "--toward", "morales", "--on", day])
            }
            questions.append(["position", actor, "--toward", "morales", "--at", "2019-11-10T12:00-04:00"])
            questions.append(["timeline", actor, "--format", "json"])
            questions.append(["position", actor, "--on", "2019-11-12"])
        }
        return questions.map { $0 + ["--format", "json"] }
    }()

    @Test("An NDJSON export imported into a fresh store gives identical answers and an identical export")
    func exportThenImportKeepsEveryAnswer() throws {
        let sandbox = try Sandbox()
        try richStore(sandbox)
        let export = try sandbox.run("--db", "original.sqlite", "events", "--format", "ndjson")
        Expect.success(export)
        try sandbox.write("export.ndjson", export.stdout)
        try sandbox.store("copy.sqlite", timezone: "America/La_Paz")
        let imported = try sandbox.run("--db", "copy.sqlite", "import", "export.ndjson")
        Expect.success(imported)
        #expect(imported.stdout == "Imported 20 events (seq 1-20).\n")

        for question in Self.questions {
            let original = try sandbox.run(["--db", "original.sqlite"] + question)
            let copy = try sandbox.run(["--db", "copy.sqlite"] + question)
            Expect.success(original)
            Expect.sameOutput(copy.stdout, original.stdout, "stance \(question.joined(separator: " "))")
        }
        // Everything but the chain itself (the copy's batch is new) is the same, line for line.
        let stripped = { (db: String) throws -> [Data?] in
            try JSONHelpers.lines(try sandbox.run("--db", db, "events", "--format", "ndjson").stdout).map { line in
                JSONHelpers.canonical(line.filter { $0.key != "hash" && $0.key != "prevHash" })
            }
        }
        #expect(try stripped("copy.sqlite") == stripped("original.sqlite"))
    }

    @Test("Importing the same file twice writes nothing the second time")
    func importIsIdempotent() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore()
        let before = try sandbox.snapshot("bolivia.sqlite")
        let again = try sandbox.run("--db", "bolivia.sqlite", "import", BoliviaExample.path)
        Expect.success(again)
        #expect(again.stdout == "Imported 0 events; 16 already recorded, skipped.\n")
        #expect(try sandbox.snapshot("bolivia.sqlite") == before)
        // A store's own export is also already recorded.
        let own = try sandbox.run(["--db", "bolivia.sqlite", "import", "-"], stdin: Data(before.ndjson.utf8))
        #expect(own.stdout == "Imported 0 events; 16 already recorded, skipped.\n")
        #expect(try sandbox.snapshot("bolivia.sqlite") == before)
    }

    @Test("A file partly imported before imports only its new lines")
    func importSkipsWhatIsStored() throws {
        let sandbox = try Sandbox()
        let lines = try String(contentsOfFile: BoliviaExample.path, encoding: .utf8).split(separator: "\n")
        try sandbox.store("s.sqlite", timezone: "America/La_Paz", importing: lines.prefix(10).joined(separator: "\n"))
        let rest = try sandbox.run("--db", "s.sqlite", "import", BoliviaExample.path)
        #expect(rest.stdout == "Imported 6 events (seq 11-16); 10 already recorded, skipped.\n")
    }

    @Test("import - reads standard input; blank lines and CRLF line ends are accepted")
    func importFromStandardInput() throws {
        let sandbox = try Sandbox()
        try sandbox.store("s.sqlite", timezone: "America/La_Paz")
        let example = try String(contentsOfFile: BoliviaExample.path, encoding: .utf8)
        let crlf = "\r\n" + example.split(separator: "\n").joined(separator: "\r\n\r\n") // no final line end
        let result = try sandbox.run(["--db", "s.sqlite", "import", "-"], stdin: Data(crlf.utf8))
        Expect.success(result)
        #expect(result.stdout == "Imported 16 events (seq 1-16).\n")
        let answer = try sandbox.run("--db", "s.sqlite", "position", "military", "--toward", "morales", "--on", "2019-11-10", "--format", "json")
        try Golden.expect(answer.stdout, matches: "position-military-morales-2019-11-10.json")
        let empty = try sandbox.run(["--db", "s.sqlite", "import", "-"], stdin: Data())
        #expect(empty.stdout == "Imported 0 events.\n")
    }

    /// Text that breaks naive quoting, splitting or normalising.
    static let awkwardTexts: [String] = [
        "He said \"no\"; then: \"yes, maybe\"",
        "line one\nline two\r\nline three\ttabbed",
        "Emoji 🇧🇴 👩🏽‍⚖️ and a decomposed e\u{301} beside a composed \u{e9}",
        "\u{200F}بيان القوات المسلحة",
        "\u{200F}بيان القوات المسلحة; \"quoted\", 2019\n🇧🇴",
        "back\\slash and \u{1F}control and \u{2028}separator",
    ]

    @Test("Awkward text round-trips exactly through record, ndjson, json, csv, import and answers", arguments: awkwardTexts)
    func awkwardTextRoundTrips(_ text: String) throws {
        let sandbox = try Sandbox()
        try sandbox.store("s.sqlite")
        let alias = text.replacingOccurrences(of: "\n", with: " ")
        Expect.success(try sandbox.run("--db", "s.sqlite", "actor", "add", "speaker", "--name", text, "--kind", "group",
                                       "--alias", alias, "--source", text, "--on", "2019-01-01"))
        Expect.success(try sandbox.run("--db", "s.sqlite", "actor", "add", "target", "--name", "Target", "--kind", "person", "--on", "2019-01-01"))
        Expect.success(try sandbox.run("--db", "s.sqlite", "record", "statement-issued", "--actor", alias, "--toward", "target",
                                       "--position", "supports", "--quote", text, "--summary", text, "--source", text, "--on", "2019-11-10"))

        func checkFields(_ object: [String: Any]?, _ keys: [String], _ format: String) {
            for key in keys { Expect.sameBytes(object?[key] as? String, text, "\(format) \(key)") }
        }
        let ndjson = try sandbox.run("--db", "s.sqlite", "events", "--format", "ndjson").stdout
        let lines = try JSONHelpers.lines(ndjson)
        checkFields(lines.first, ["name", "source"], "ndjson")
        Expect.sameBytes((lines.first?["aliases"] as? [String])?.first, alias, "ndjson alias")
        checkFields(lines.last, ["quote", "summary", "source"], "ndjson")
        let json = try JSONHelpers.array(try sandbox.run("--db", "s.sqlite", "events", "--format", "json").stdout)
        checkFields(json.last, ["quote", "summary", "source"], "json")
        let csv = CSVReader.rows(try sandbox.run("--db", "s.sqlite", "events", "--format", "csv").stdout)
        checkFields(csv.first, ["name", "source"], "csv")
        checkFields(csv.last, ["quote", "summary", "source"], "csv")

        try sandbox.store("copy.sqlite")
        Expect.success(try sandbox.run(["--db", "copy.sqlite", "import", "-"], stdin: Data(ndjson.utf8)))
        let copied = try JSONHelpers.lines(try sandbox.run("--db", "copy.sqlite", "events", "--format", "ndjson").stdout)
        checkFields(copied.first, ["name", "source"], "re-exported ndjson")
        checkFields(copied.last, ["quote", "summary", "source"], "re-exported ndjson")
        let answer = try JSONHelpers.object(try sandbox.run("--db", "copy.sqlite", "position", alias, "--toward", "target",
                                                            "--on", "2019-11-10", "--format", "json").stdout)
        checkFields((answer["evidence"] as? [[String: Any]])?.first, ["quote", "summary", "source"], "answer evidence")
        let shown = try JSONHelpers.object(try sandbox.run("--db", "copy.sqlite", "actor", "show", alias, "--format", "json").stdout)
        checkFields(shown, ["name"], "actor show")
    }
}
