import Foundation
import Testing

/// Hostile strings through `stance record`'s arguments: every run answers 0 or 65, a refusal
/// writes nothing, and every accepted string comes back byte for byte from
/// `events --format ndjson`, `--format json` and `--format csv`.
///
/// A raw NUL cannot be passed at all: arguments reach a process as C strings, and Foundation's
/// `Process` cuts an argument at its first NUL. NUL is fuzzed through import instead (raw and
/// as `\u0000`); here the six characters `\u0000` are text like any other.
@Suite("Fuzz: hostile strings through stance record")
struct FuzzRecordTests {
    struct Specimen: Sendable, CustomStringConvertible {
        var name: String
        var text: String
        /// true: must be accepted; false: must be refused with 65; nil: either.
        var accepted: Bool?
        var description: String { name }
    }

    static let specimens: [Specimen] = [
        Specimen(name: "SQL with a single quote", text: "'); DROP TABLE events; --", accepted: true),
        Specimen(name: "SQL with a double quote", text: "\" OR 1=1", accepted: true),
        Specimen(name: "SQL, classic", text: "' OR '1'='1'; DELETE FROM events WHERE '1'='1", accepted: true),
        Specimen(name: "semicolons", text: "a;b;;c; PRAGMA writable_schema=1;", accepted: true),
        Specimen(name: "newlines of every kind", text: "one\ntwo\r\nthree\rfour\u{85}five\u{2028}six\u{2029}", accepted: true),
        Specimen(name: "CSV breakers", text: "a,\"b\",c\r\n\"\",\"", accepted: true),
        Specimen(name: "JSON breakers", text: #"{"type":"actor-registered","x":[1,2]} \" \\ \/ \u0000 \n"#, accepted: true),
        Specimen(name: "emoji and flags", text: "👍🏽 👨‍👩‍👧 🇧🇴 🏳️‍🌈", accepted: true),
        Specimen(name: "right-to-left text", text: "مرحبا بالعالم — שלום עולם", accepted: true),
        Specimen(name: "bidi override", text: "\u{202E}fdp.exe\u{202C} and \u{2067}isolate\u{2069}", accepted: true),
        Specimen(name: "decomposed accents (not normalised)", text: "Mora\u{301}les e\u{301}", accepted: true),
        Specimen(name: "zero-width and BOM", text: "a\u{200B}b\u{200D}c\u{FEFF}d", accepted: true),
        Specimen(name: "control characters", text: "tab\there\u{1}\u{8}\u{1B}[31mred\u{1B}[0m\u{7F}", accepted: true),
        Specimen(name: "last scalars", text: "\u{10FFFF}\u{E000}\u{FFFD}\u{FFFE}\u{FFFF}", accepted: true),
        Specimen(name: "format strings", text: "%s%n%x%@ {0} ${HOME} $(rm -rf /) `id`", accepted: true),
        Specimen(name: "looks like an option", text: "--db=/etc/passwd -h --help", accepted: true),
        Specimen(name: "64 KiB exactly", text: String(repeating: "a", count: 65_536), accepted: true),
        Specimen(name: "64 KiB of two-byte characters", text: String(repeating: "é", count: 32_768), accepted: true),
        Specimen(name: "one byte over 64 KiB", text: String(repeating: "a", count: 65_537), accepted: false),
        Specimen(name: "over 64 KiB of emoji", text: String(repeating: "😀", count: 16_385), accepted: false),
        Specimen(name: "empty", text: "", accepted: false),
        Specimen(name: "only whitespace", text: " \t\n\r ", accepted: false),
        Specimen(name: "only Unicode spaces", text: "\u{A0}\u{3000}\u{2003}", accepted: nil),
        Specimen(name: "a lone combining mark", text: "\u{301}", accepted: true),
        Specimen(name: "the NUL escape as text", text: #"\u0000"#, accepted: true),
    ]

    @Test("Hostile text in --summary, --quote, --source and --recorded-by: 0 or 65, and an exact round trip")
    func textRoundTrips() throws {
        let started = Date()
        let session = try StoreSession.bolivia(try Sandbox())
        var stored: [(seq: Int, specimen: Specimen)] = []
        var runs = 0
        for specimen in Self.specimens {
            let before = try session.sandbox.read(session.db)
            let result = try session.run(
                ["record", "statement-issued", "--actor", "military", "--toward", "morales", "--on", "2019-11-13", "--format", "json"]
                    + Self.option("summary", specimen.text) + Self.option("quote", specimen.text)
                    + Self.option("source", specimen.text) + Self.option("recorded-by", specimen.text))
            runs += 1
            try Self.judge(result, specimen.name, before: before, session)
            if let accepted = specimen.accepted {
                #expect((result.status == 0) == accepted, "\(specimen.name): \(result)")
            }
            if result.status == 0, let seq = try JSONHelpers.object(result.stdout)["seq"] as? Int {
                stored.append((seq, specimen))
            }
        }

        let fields = ["summary", "quote", "source", "recordedBy"]
        let ndjson = try JSONHelpers.lines(try session.ok("events", "--format", "ndjson"))
        let json = try JSONHelpers.array(try session.ok("events", "--format", "json"))
        let csv = CSVReader.rows(try session.ok("events", "--format", "csv"))
        for (seq, specimen) in stored {
            for (format, rows) in [("ndjson", ndjson.map { $0.mapValues { $0 as? String ?? "\($0)" } }), ("json", json.map { $0.mapValues { $0 as? String ?? "\($0)" } }), ("csv", csv)] {
                let row = rows.first { $0["seq"] == String(seq) }
                for field in fields {
                    Expect.sameBytes(row?[field], specimen.text, "\(specimen.name): \(field) in \(format)")
                }
            }
        }
        let audit = try session.sandbox.audit(session.db)
        #expect(audit.result.status == 0 && audit.clean == true, "\(audit)")
        print("[fuzz] record text: \(Self.specimens.count) strings × 4 options in \(runs) runs, \(stored.count) accepted and read back in 3 formats; \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }

    /// Hostile values where record expects an actor, a day or a number: refused with 65
    /// (or accepted, for the values that are valid after all), never a crash.
    @Test("Hostile actors, days and numbers in record's arguments answer 0 or 65")
    func hostileArguments() throws {
        let session = try StoreSession.bolivia(try Sandbox())
        let texts = Self.specimens.map(\.text) + FuzzMutator.sqlFragments + FuzzMutator.unicodeSpecimens
        var cases: [[String]] = []
        for (index, text) in texts.enumerated() {
            cases.append(["record", "protest-held"] + Self.option(index % 2 == 0 ? "actor" : "toward", text)
                         + (index % 2 == 0 ? ["--toward", "morales"] : ["--actor", "military"]) + ["--on", "2019-11-13"])
        }
        for date in FuzzMutator.hostileDates where !date.contains("\u{0}") {
            cases.append(["record", "protest-held", "--actor", "military", "--toward", "morales"] + Self.option(date.contains("T") ? "at" : "on", date))
            cases.append(["record", "role-assigned", "--actor", "kaliman", "--in", "bolivian-armed-forces", "--role", "member", "--on", "2019-11-13"]
                         + Self.option("until", date))
        }
        for number in ["1e400", "-1e400", "1e-400", "-0", "nan", "-nan", "inf", "0x1p-2", "4.9e-324", "99999999999999999999", "1.0000000000000002"] {
            cases.append(["record", "protest-held", "--actor", "military", "--toward", "morales", "--on", "2019-11-13"] + Self.option("confidence", number))
        }
        for arguments in cases {
            let before = try session.sandbox.read(session.db)
            let result = try session.run(arguments)
            try Self.judge(result, arguments.joined(separator: " ").prefix(200).description, before: before, session)
        }
        let audit = try session.sandbox.audit(session.db)
        #expect(audit.result.status == 0 && audit.clean == true, "\(audit)")
        print("[fuzz] record arguments: \(cases.count) runs")
    }

    /// An option and its value as two arguments, or as `--name=value` when the value starts
    /// with `-` (it would read as an option). Not always `--name=value`: ArgumentParser splits
    /// at a `=` Character, and a value starting with a combining mark joins the `=` into one
    /// Character, so `--summary=\u{301}` is refused as an unknown option (exit 64).
    static func option(_ name: String, _ value: String) -> [String] {
        value.hasPrefix("-") ? ["--\(name)=\(value)"] : ["--\(name)", value]
    }

    /// 0 or 65, no trap, and nothing written on a refusal.
    static func judge(_ result: StanceResult, _ name: String, before: Data, _ session: StoreSession) throws {
        #expect(FuzzRunner.crash(result, hung: false) == nil, "\(name): \(result)")
        if result.status != 0 {
            #expect(try session.sandbox.read(session.db) == before, "\(name): refused, but the store changed")
        }
    }
}
