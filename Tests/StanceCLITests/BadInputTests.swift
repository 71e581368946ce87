import Foundation
import Testing

/// Bad event data, through `record` and through `import` of a file whose bad line is the
/// third: exit 65, one exact line on standard error naming the option or the line and the
/// field, and a store left exactly as it was.
@Suite("Bad input is refused and writes nothing")
struct BadInputTests {
    /// A store with Morales, the military (alias military, code BOLMIL), an institution and a
    /// group sharing the alias "forces", and one protest with a fixed id.
    static let base = """
        {"id":"aaaaaaaa-0000-4000-8000-000000000001","type":"actor-registered","occurredAt":"2019-10-20","actor":"morales","name":"Evo Morales","kind":"person","aliases":["Evo"]}
        {"id":"aaaaaaaa-0000-4000-8000-000000000002","type":"actor-registered","occurredAt":"2019-10-20","actor":"bolivian-armed-forces","name":"Armed Forces of Bolivia","kind":"institution","aliases":["military"],"codes":["BOLMIL"]}
        {"id":"aaaaaaaa-0000-4000-8000-000000000003","type":"actor-registered","occurredAt":"2019-10-20","actor":"army","name":"Army","kind":"institution","aliases":["forces"]}
        {"id":"aaaaaaaa-0000-4000-8000-000000000004","type":"actor-registered","occurredAt":"2019-10-20","actor":"navy","name":"Navy","kind":"group","aliases":["Forces"]}
        {"id":"11111111-1111-4111-8111-111111111111","type":"protest-held","occurredAt":"2019-11-10","actor":"military","toward":"morales"}

        """

    static let storedID = "11111111-1111-4111-8111-111111111111"

    /// Two good lines before the bad one and one after: none of them may be imported.
    static func file(badLine: String) -> String {
        """
        {"type":"protest-held","occurredAt":"2019-11-11","actor":"military","toward":"morales"}
        {"type":"support-declared","occurredAt":"2019-11-12","actor":"BOLMIL","toward":"Evo"}
        \(badLine)
        {"type":"protest-held","occurredAt":"2019-11-13","actor":"military","toward":"morales"}

        """
    }

    /// The message `import` prints for a bad line. Its tail is `; nothing was imported.`
    /// after a message that already ends with a full stop (see `importMessagesAreOneSentence`).
    static func importMessage(line: Int, _ body: String) -> String {
        "error: line \(line): \(body.hasSuffix(".") ? body : body + ".") Nothing was imported."
    }

    struct BadEvent: CustomTestStringConvertible, Sendable {
        var name: String
        /// `stance record` arguments and the message, when `record` can express the mistake.
        var record: [String]?
        var recordMessage: String?
        /// The third line of an imported file, and the message after `error: line 3: `.
        var line: String
        var importBody: String
        var testDescription: String { name }
    }

    static let cases: [BadEvent] = [
        BadEvent(name: "unknown type",
                 record: ["made-up", "--actor", "military", "--toward", "morales", "--on", "2019-11-10"],
                 recordMessage: "error: TYPE: 'made-up' is not an event type; `stance types` lists them.",
                 line: #"{"type":"made-up","occurredAt":"2019-11-10","actor":"military","toward":"morales"}"#,
                 importBody: "field 'type': 'made-up' is not an event type; `stance types` lists them."),
        BadEvent(name: "unknown actor",
                 record: ["protest-held", "--actor", "nobody", "--toward", "morales", "--on", "2019-11-10"],
                 recordMessage: "error: --actor: no actor is called 'nobody'; register it with `stance actor add`, or see `stance actor list`.",
                 line: #"{"type":"protest-held","occurredAt":"2019-11-10","actor":"nobody","toward":"morales"}"#,
                 importBody: "field 'actor': no actor is called 'nobody'; register it with `stance actor add`, or see `stance actor list`."),
        BadEvent(name: "unknown alias",
                 record: ["protest-held", "--actor", "military", "--toward", "Evo Moralez", "--on", "2019-11-10"],
                 recordMessage: "error: --toward: no actor is called 'Evo Moralez'; register it with `stance actor add`, or see `stance actor list`.",
                 line: #"{"type":"protest-held","occurredAt":"2019-11-10","actor":"military","toward":"Evo Moralez"}"#,
                 importBody: "field 'toward': no actor is called 'Evo Moralez'; register it with `stance actor add`, or see `stance actor list`."),
        BadEvent(name: "ambiguous alias (two actors share it)",
                 record: ["protest-held", "--actor", "forces", "--toward", "morales", "--on", "2019-11-10"],
                 recordMessage: "error: --actor: 'forces' could mean army (Army), navy (Navy); use the id.",
                 line: #"{"type":"protest-held","occurredAt":"2019-11-10","actor":"FORCES","toward":"morales"}"#,
                 importBody: "field 'actor': 'FORCES' could mean army (Army), navy (Navy); use the id."),
        BadEvent(name: "missing required toward",
                 record: ["protest-held", "--actor", "military", "--on", "2019-11-10"],
                 recordMessage: "error: --toward: protest-held requires 'toward'.",
                 line: #"{"type":"protest-held","occurredAt":"2019-11-10","actor":"military"}"#,
                 importBody: "field 'toward': protest-held requires 'toward'."),
        BadEvent(name: "missing required summary",
                 record: ["allegation-made", "--actor", "military", "--toward", "morales", "--on", "2019-11-10"],
                 recordMessage: "error: --summary: allegation-made requires 'summary'.",
                 line: #"{"type":"allegation-made","occurredAt":"2019-11-10","actor":"military","toward":"morales"}"#,
                 importBody: "field 'summary': allegation-made requires 'summary'."),
        BadEvent(name: "missing occurredAt",
                 line: #"{"type":"protest-held","actor":"military","toward":"morales"}"#,
                 importBody: "field 'occurredAt': every event needs 'occurredAt': a day (2019-11-10) or an instant (2019-11-10T16:50-04:00)."),
        BadEvent(name: "unparseable date",
                 record: ["protest-held", "--actor", "military", "--toward", "morales", "--on", "10/11/2019"],
                 recordMessage: "error: --on/--at: '10/11/2019' is not a date or time; use YYYY-MM-DD for a day or YYYY-MM-DDTHH:MM±HH:MM for an instant.",
                 line: #"{"type":"protest-held","occurredAt":"10/11/2019","actor":"military","toward":"morales"}"#,
                 importBody: "field 'occurredAt': '10/11/2019' is not a date or time; use YYYY-MM-DD for a day or YYYY-MM-DDTHH:MM±HH:MM for an instant"),
        BadEvent(name: "impossible date",
                 record: ["protest-held", "--actor", "military", "--toward", "morales", "--on", "2019-02-30"],
                 recordMessage: "error: --on/--at: '2019-02-30' is not a real date.",
                 line: #"{"type":"protest-held","occurredAt":"2019-02-30","actor":"military","toward":"morales"}"#,
                 importBody: "field 'occurredAt': '2019-02-30' is not a real date"),
        BadEvent(name: "impossible time of day",
                 record: ["protest-held", "--actor", "military", "--toward", "morales", "--at", "2019-11-10T25:00-04:00"],
                 recordMessage: "error: --on/--at: '2019-11-10T25:00-04:00' has a time of day out of range; use hours 00-23, minutes 00-59 and seconds 00-59.",
                 line: #"{"type":"protest-held","occurredAt":"2019-11-10T25:00-04:00","actor":"military","toward":"morales"}"#,
                 importBody: "field 'occurredAt': '2019-11-10T25:00-04:00' has a time of day out of range; use hours 00-23, minutes 00-59 and seconds 00-59"),
        BadEvent(name: "position outside the set",
                 record: ["statement-issued", "--actor", "military", "--toward", "morales", "--position", "hostile", "--summary", "x", "--on", "2019-11-10"],
                 recordMessage: "error: --position: 'hostile' is not a position; use one of supports, neutral, critical, opposes, calls-for-resignation.",
                 line: #"{"type":"statement-issued","occurredAt":"2019-11-10","actor":"military","toward":"morales","position":"hostile","summary":"x"}"#,
                 importBody: "field 'position': 'hostile' is not a position; use one of supports, neutral, critical, opposes, calls-for-resignation."),
        BadEvent(name: "strength outside the set",
                 record: ["resignation-called-for", "--actor", "military", "--toward", "morales", "--strength", "maybe", "--on", "2019-11-10"],
                 recordMessage: "error: --strength: 'maybe' is not a strength; use one of suggested, demanded.",
                 line: #"{"type":"resignation-called-for","occurredAt":"2019-11-10","actor":"military","toward":"morales","strength":"maybe"}"#,
                 importBody: "field 'strength': 'maybe' is not a strength; use one of suggested, demanded."),
        BadEvent(name: "confidence above 1",
                 record: ["protest-held", "--actor", "military", "--toward", "morales", "--confidence", "1.5", "--on", "2019-11-10"],
                 recordMessage: "error: --confidence: expected a number from 0 to 1, found 1.5.",
                 line: #"{"type":"protest-held","occurredAt":"2019-11-10","actor":"military","toward":"morales","confidence":1.5}"#,
                 importBody: "field 'confidence': expected a number from 0 to 1, found 1.5."),
        BadEvent(name: "a position toward itself",
                 record: ["protest-held", "--actor", "military", "--toward", "BOLMIL", "--on", "2019-11-10"],
                 recordMessage: "error: --toward: an actor cannot take a position toward itself ('bolivian-armed-forces').",
                 line: #"{"type":"protest-held","occurredAt":"2019-11-10","actor":"military","toward":"BOLMIL"}"#,
                 importBody: "field 'toward': an actor cannot take a position toward itself ('bolivian-armed-forces')."),
        BadEvent(name: "a role held by a group",
                 record: ["role-assigned", "--actor", "navy", "--in", "military", "--role", "member", "--on", "2019-01-01"],
                 recordMessage: "error: --actor: 'navy' is a group; only a person holds a role.",
                 line: #"{"type":"role-assigned","occurredAt":"2019-01-01","actor":"navy","in":"BOLMIL","role":"member"}"#,
                 importBody: "field 'actor': 'navy' is a group; only a person holds a role."),
        BadEvent(name: "a field the type does not have",
                 line: #"{"type":"protest-held","occurredAt":"2019-11-10","actor":"military","towards":"morales"}"#,
                 importBody: "field 'towards': protest-held has no field 'towards'; it accepts actor, toward, summary, quote, source, confidence, replaces."),
        BadEvent(name: "malformed JSON",
                 line: #"{"type":"protest-held","occurredAt":"2019-11-10","actor":"military","toward":"morales""#,
                 importBody: "not valid JSON: unexpected end of input at byte 86; expected ',' or '}'"),
        BadEvent(name: "a JSON value that is not an object",
                 line: #"["protest-held"]"#,
                 importBody: "expected a JSON object, found array"),
        BadEvent(name: "a line over 1 MiB",
                 line: #"{"type":"protest-held","occurredAt":"2019-11-10","actor":"military","toward":"morales","summary":""#
                     + String(repeating: "x", count: 1 << 20) + #""}"#,
                 importBody: "the line is 1048676 bytes long; the limit is 1048576 (1 MiB)"),
    ]

    @Test("Bad event data exits 65 with one exact message and leaves the store unchanged", arguments: cases)
    func badEventIsRefused(_ bad: BadEvent) throws {
        let sandbox = try Sandbox()
        try sandbox.store("s.sqlite", importing: Self.base)
        let before = try sandbox.snapshot("s.sqlite")
        if let record = bad.record, let message = bad.recordMessage {
            Expect.failure(try sandbox.run(["--db", "s.sqlite", "record"] + record), 65, message)
            #expect(try sandbox.snapshot("s.sqlite") == before, "record wrote something")
        }
        try sandbox.write("bad.ndjson", Self.file(badLine: bad.line))
        Expect.failure(try sandbox.run("--db", "s.sqlite", "import", "bad.ndjson"), 65, Self.importMessage(line: 3, bad.importBody))
        #expect(try sandbox.snapshot("s.sqlite") == before, "import wrote something")
    }

    @Test("Line numbers count every physical line, blank ones included, with CRLF ends")
    func lineNumbersCountBlankLines() throws {
        let sandbox = try Sandbox()
        try sandbox.store("s.sqlite", importing: Self.base)
        let before = try sandbox.snapshot("s.sqlite")
        let text = Self.file(badLine: "\n" + #"{"type":"made-up","occurredAt":"2019-11-10","actor":"military"}"#)
            .replacingOccurrences(of: "\n", with: "\r\n")
        let result = try sandbox.run(["--db", "s.sqlite", "import", "-"], stdin: Data(text.utf8))
        Expect.failure(result, 65, Self.importMessage(line: 4, "field 'type': 'made-up' is not an event type; `stance types` lists them."))
        #expect(try sandbox.snapshot("s.sqlite") == before)
    }

    @Test("Recording a stored id with other content is refused")
    func recordReusedIDWithOtherContent() throws {
        let sandbox = try Sandbox()
        try sandbox.store("s.sqlite", importing: Self.base)
        let before = try sandbox.snapshot("s.sqlite")
        let result = try sandbox.run("--db", "s.sqlite", "record", "protest-held", "--actor", "military", "--toward", "morales",
                                     "--on", "2019-11-11", "--id", Self.storedID)
        Expect.failure(result, 65, "error: --id: \(Self.storedID) is already stored as seq 5 with different content; "
                       + "an id names one event forever: use a new id, or record a correction.")
        #expect(try sandbox.snapshot("s.sqlite") == before)
    }

    @Test("Importing a stored id with other content is refused and writes nothing")
    func importReusedIDWithOtherContent() throws {
        let sandbox = try Sandbox()
        try sandbox.store("s.sqlite", importing: Self.base)
        let before = try sandbox.snapshot("s.sqlite")
        let line = #"{"id":"\#(Self.storedID)","type":"protest-held","occurredAt":"2019-11-11","actor":"military","toward":"morales"}"#
        try sandbox.write("bad.ndjson", Self.file(badLine: line))
        let result = try sandbox.run("--db", "s.sqlite", "import", "bad.ndjson")
        Expect.status(result, 65)
        #expect(result.stderr.hasPrefix("error: "))
        #expect(result.stderr.contains(Self.storedID) && result.stderr.contains("different content"), "\(result)")
        #expect(try sandbox.snapshot("s.sqlite") == before)
    }

    @Test("An import error about a reused id names the line and the field")
    func importReusedIDNamesTheLine() throws {
        let sandbox = try Sandbox()
        try sandbox.store("s.sqlite", importing: Self.base)
        let line = #"{"id":"\#(Self.storedID)","type":"protest-held","occurredAt":"2019-11-11","actor":"military","toward":"morales"}"#
        try sandbox.write("bad.ndjson", Self.file(badLine: line))
        let result = try sandbox.run("--db", "s.sqlite", "import", "bad.ndjson")
        #expect(result.stderr.hasPrefix("error: line 3: field 'id': "), "\(result)")
    }

    @Test("Two lines of one file with the same id and different content: the error names the second line and stores nothing")
    func duplicateIDWithinAFile() throws {
        let sandbox = try Sandbox()
        try sandbox.store("s.sqlite", importing: Self.base)
        let before = try sandbox.snapshot("s.sqlite")
        let id = "22222222-2222-4222-8222-222222222222"
        let text = #"""
            {"id":"\#(id)","type":"protest-held","occurredAt":"2019-11-11","actor":"military","toward":"morales"}
            {"id":"\#(id)","type":"protest-held","occurredAt":"2019-11-12","actor":"military","toward":"morales"}
            """#
        let result = try sandbox.run(["--db", "s.sqlite", "import", "-"], stdin: Data(text.utf8))
        Expect.status(result, 65)
        #expect(result.stderr.hasPrefix("error: line 2: field 'id': "), "\(result)")
        #expect(!result.stderr.contains("already stored"), "\(result)")
        #expect(try sandbox.snapshot("s.sqlite") == before)
    }

    @Test("A role held by an institution is refused with \"an institution\"")
    func roleHeldByAnInstitution() throws {
        let sandbox = try Sandbox()
        try sandbox.store("s.sqlite", importing: Self.base)
        let result = try sandbox.run("--db", "s.sqlite", "record", "role-assigned", "--actor", "military", "--in", "army",
                                     "--role", "member", "--on", "2019-01-01")
        Expect.failure(result, 65, "error: --actor: 'bolivian-armed-forces' is an institution; only a person holds a role.")
    }

    @Test("Import messages are one sentence: no '.;' where the message meets its tail")
    func importMessagesAreOneSentence() throws {
        let sandbox = try Sandbox()
        try sandbox.store("s.sqlite", importing: Self.base)
        try sandbox.write("bad.ndjson", Self.file(badLine: Self.cases[0].line))
        let result = try sandbox.run("--db", "s.sqlite", "import", "bad.ndjson")
        #expect(!result.stderr.contains(".;"), "\(result)")
    }
}
