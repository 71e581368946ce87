import Foundation
import Testing

/// The property behind `--as-of @N`: an answer asked of the whole store as of seq N is the
/// answer a fresh store holding only the first N events gives (the log exported with
/// `events --format ndjson`, cut after N lines, imported). Checked on the built binary, for the
/// Bolivia example plus extra events, a correction, a retraction and the retraction's retraction.
@Suite("--as-of @N equals a store holding the first N events")
struct AsOfPrefixTests {
    /// seq 17-19 new reports (one on a wrong day, one at an instant), 20-21 the correction of
    /// seq 18, 22 the retraction of seq 17, 23 a new report, 24 the retraction of seq 22.
    static func store(_ sandbox: Sandbox) throws -> StoreSession {
        var session = try StoreSession.bolivia(sandbox)
        session.now = Moment.t1
        try session.ok("record", "statement-issued", "--actor", "military", "--toward", "morales", "--position", "critical",
                       "--summary", "The military criticises the count", "--source", "radio", "--on", "2019-11-09")
        try session.ok("record", "resignation-call-withdrawn", "--actor", "kaliman", "--toward", "morales",
                       "--source", "wire report", "--on", "2019-11-11")
        try session.ok("record", "protest-held", "--actor", "protesters", "--toward", "morales", "--at", "2019-11-11T15:00-04:00")
        session.now = Moment.t2
        try session.ok("correct", try session.id(ofSeq: 18), "--on", "2019-11-12", "--reason", "misdated")
        session.now = Moment.t3
        try session.ok("retract", try session.id(ofSeq: 17), "--reason", "the radio misquoted")
        try session.ok("record", "support-declared", "--actor", "General Kaliman", "--toward", "morales", "--on", "2019-11-13")
        session.now = Moment.t4
        try session.ok("retract", try session.id(ofSeq: 22), "--reason", "the radio was right")
        session.now = Moment.late
        #expect(try session.snapshot().events == 24)
        return session
    }

    static let questions: [[String]] = [
        ["position", "military", "--toward", "morales", "--on", "2019-11-09"],
        ["position", "military", "--toward", "morales", "--on", "2019-11-11"],
        ["position", "military", "--toward", "morales", "--at", "2019-11-11T12:00-04:00"],
        ["position", "military", "--on", "2019-11-13"],
        ["position", "protesters", "--toward", "morales", "--on", "2019-11-12"],
        ["timeline", "military", "--toward", "morales"],
    ]

    /// From the first N with both actors to the end, every N after the example, except 20: the
    /// replacement of the correction without its retraction is no state the log was ever in
    /// (see the disabled test).
    static let cuts = [2, 12, 16, 17, 18, 19, 21, 22, 23, 24]

    @Test("position and timeline --as-of @N (minus asOf) equal the same question on the first N events")
    func asOfEqualsPrefixStore() throws {
        let sandbox = try Sandbox()
        let session = try Self.store(sandbox)
        let lines = try session.ok("events", "--format", "ndjson").split(separator: "\n")
        for n in Self.cuts {
            try sandbox.write("first-\(n).ndjson", lines.prefix(n).joined(separator: "\n") + "\n")
            try sandbox.store("first-\(n).sqlite", timezone: "America/La_Paz")
            let prefix = StoreSession(sandbox, db: "first-\(n).sqlite", now: Moment.late)
            Expect.success(try prefix.run("import", "first-\(n).ndjson"))
            for question in Self.questions {
                let asked = question + ["--format", "json"]
                let whole = try session.run(asked + ["--as-of", "@\(n)"])
                let fresh = try prefix.run(asked)
                // Refusals too must agree (an actor not yet registered at seq N).
                #expect(whole.status == fresh.status && whole.stderr == fresh.stderr, "@\(n)\n\(whole)\n\(fresh)")
                guard whole.status == 0 else { continue }
                let wholeObject = try JSONHelpers.object(whole.stdout)
                #expect((wholeObject["asOf"] as? [String: Any])?["seq"] as? Int == n)
                #expect(try JSONHelpers.object(fresh.stdout)["asOf"] is NSNull)
                #expect(try Answer.withoutAsOf(whole.stdout) == Answer.withoutAsOf(fresh.stdout),
                        "@\(n): stance \(question.joined(separator: " "))\n\(Golden.firstDifference(whole.stdout, fresh.stdout))")
            }
        }
    }

    @Test("The cuts see what each step changed: the wrong day, its correction, the retraction and its undoing")
    func theStepsShow() throws {
        let session = try Self.store(try Sandbox())
        func position(_ day: String, _ n: Int) throws -> String? {
            try session.json("position", "military", "--toward", "morales", "--on", day, "--as-of", "@\(n)")["position"] as? String
        }
        #expect(try position("2019-11-09", 16) == "unknown")
        #expect(try position("2019-11-09", 17) == "critical")
        #expect(try position("2019-11-11", 17) == "calls-for-resignation")
        #expect(try position("2019-11-11", 18) == "neutral", "the step back on the wrong day")
        #expect(try position("2019-11-11", 21) == "calls-for-resignation", "corrected to the 12th")
        #expect(try position("2019-11-09", 22) == "unknown", "the radio report retracted")
        #expect(try position("2019-11-09", 24) == "critical", "the retraction retracted")
        #expect(try position("2019-11-13", 23) == "supports")
    }

    @Test("--as-of @N inside a correction never shows the replacement beside the original")
    func asOfInsideACorrection() throws {
        let session = try Self.store(try Sandbox())
        let question = ["position", "military", "--toward", "morales", "--on", "2019-11-12", "--format", "json", "--as-of"]
        let inside = try session.run(question + ["@20"])
        guard inside.status == 0 else {
            Expect.status(inside, 65)
            return
        }
        // Either the log before the correction or the log after it, as an answer.
        let before = try Answer.withoutAsOf(try session.run(question + ["@19"]).stdout)
        let after = try Answer.withoutAsOf(try session.run(question + ["@21"]).stdout)
        let answer = try Answer.withoutAsOf(inside.stdout)
        #expect(answer == before || answer == after, "\(inside.stdout)")
    }
}
