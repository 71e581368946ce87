import Foundation
import Testing

/// Reproducers of the faults the fuzz suites found, kept as tests now that they are fixed.
///
/// The parser takes any instant from 0001-01-01 to 9999-12-31 with an offset up to ±18:00, but
/// once converted to UTC (or to the store's zone) such an instant can fall in year 0 or year
/// 10000, which stance then writes (`0000-12-31T10:00:00Z`, `+10000-01-01T13:59:00Z`) and cannot
/// read back. What the fix should give: either such input is refused with 65 and nothing is
/// written, or it is accepted, audits clean, and its export imports whole.
@Suite("Fuzz findings")
struct FuzzFindingsTests {
    /// A role whose `until` is an instant in year 10000 UTC: `stance import` and `stance record`
    /// accept it (exit 0) and store `"until":"+10000-01-01T13:59:00Z"` in the payload; every
    /// later read skips the event as undecodable (`warning: 1 event(s) could not be decoded`),
    /// so the role is silently lost, and `stance audit` exits 1 with a `decode` finding.
    static let untilLine = Array(#"{"type":"role-assigned","occurredAt":"2019-11-13","actor":"morales","in":"bolivian-armed-forces","role":"member","until":"9999-12-31T23:59-14:00"}"#.utf8)

    @Test("An until instant past year 9999 in UTC is refused, or reads back")
    func untilPastYear9999() throws {
        let sandbox = try Sandbox()
        try sandbox.store("import.sqlite", timezone: "UTC", importing: try String(contentsOfFile: BoliviaExample.path, encoding: .utf8))
        try sandbox.store("record.sqlite", timezone: "UTC", importing: try String(contentsOfFile: BoliviaExample.path, encoding: .utf8))
        try Self.refusedOrClean(sandbox, "import.sqlite", ["import", "-"], stdin: Data(Self.untilLine + [0x0A]))
        try Self.refusedOrClean(sandbox, "record.sqlite", [
            "record", "role-assigned", "--actor", "morales", "--in", "bolivian-armed-forces", "--role", "member",
            "--on", "2019-11-13", "--until", "9999-12-31T23:59-14:00",
        ])
    }

    /// An event at an instant that is in year 0 or year 10000 UTC: accepted (exit 0), audits
    /// clean (occurredAt is stored as milliseconds), but `events --format ndjson` writes
    /// `"occurredAt":"0000-12-31T10:00:00Z"` or `"+10000-01-01T13:59:59.999Z"`, which `stance import`
    /// refuses ("is not a real date", "is not a date or time"): the export no longer imports.
    /// In a store in America/La_Paz even `0001-01-01T00:00Z` exports as year 0.
    static let instants = ["0001-01-01T00:00+14:00", "9999-12-31T23:59:59.999-14:00"]

    @Test("An event in year 0 or 10000 UTC is refused, or its export imports",
          arguments: instants)
    func occurredOutsideYears1To9999(_ instant: String) throws {
        let sandbox = try Sandbox()
        let line = #"{"type":"protest-held","occurredAt":"\#(instant)","actor":"protesters","toward":"morales"}"#
        try sandbox.store("import.sqlite", timezone: "UTC", importing: try String(contentsOfFile: BoliviaExample.path, encoding: .utf8))
        try sandbox.store("record.sqlite", timezone: "UTC", importing: try String(contentsOfFile: BoliviaExample.path, encoding: .utf8))
        try Self.refusedOrClean(sandbox, "import.sqlite", ["import", "-"], stdin: Data((line + "\n").utf8))
        try Self.refusedOrClean(sandbox, "record.sqlite", ["record", "protest-held", "--actor", "protesters", "--toward", "morales", "--at", instant])
    }

    /// Refused with 65 and nothing written, or accepted with a clean audit and an export that
    /// imports whole into a new store.
    static func refusedOrClean(_ sandbox: Sandbox, _ db: String, _ arguments: [String], stdin: Data? = nil,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try sandbox.snapshot(db)
        let result = try sandbox.run(["--db", db] + arguments, stdin: stdin)
        #expect(result.status == 0 || result.status == 65, "\(result)", sourceLocation: sourceLocation)
        guard result.status == 0 else {
            #expect(try sandbox.snapshot(db) == before, "refused, but the store changed", sourceLocation: sourceLocation)
            return
        }
        let audit = try sandbox.audit(db)
        #expect(audit.result.status == 0 && audit.clean == true, "\(audit)", sourceLocation: sourceLocation)
        let after = try sandbox.snapshot(db)
        try sandbox.write("export.ndjson", after.ndjson)
        try sandbox.store("copy-" + db, timezone: "UTC")
        let reimport = try sandbox.run(["--db", "copy-" + db, "import", "export.ndjson"])
        #expect(reimport.status == 0, "the export does not import: \(reimport)", sourceLocation: sourceLocation)
    }
}
