import Foundation
import Testing

/// An event this stance cannot read (a type from a newer stance, a newer schema, a damaged
/// payload), appended properly chained so that only its content is strange: answers skip it
/// and say so in one line on standard error, and the audit reports it as a decode finding.
@Suite("Quarantine", .enabled(if: RawStore.hasPython, "needs python3 to append a chained row"))
struct QuarantineTests {
    /// What is appended after the example's 16 events: seq 17.
    struct Unreadable: Sendable, CustomStringConvertible {
        var type: String
        var schemaVersion: Int
        var payload: String
        var description: String { "\(type) v\(schemaVersion) \(payload)" }
    }

    static let unreadable = [
        Unreadable(type: "future-type", schemaVersion: 1, payload: #"{"actor":"bolivian-armed-forces","toward":"morales"}"#),
        Unreadable(type: "support-declared", schemaVersion: 2, payload: #"{"actor":"bolivian-armed-forces","toward":"morales"}"#),
        Unreadable(type: "support-declared", schemaVersion: 1, payload: #"{"actor":"bolivian-armed-forces","toward":"#),
    ]

    static let warning = "warning: 1 event(s) could not be decoded and were skipped: seq 17.\n"
    static let id = "f0f0f0f0-0000-4000-8000-000000000017"

    /// The questions asked before and after: each answer must be the same, with the warning.
    static let questions: [[String]] = [
        ["position", "military", "--toward", "morales", "--on", "2019-11-10"],
        ["position", "military", "--toward", "morales", "--on", "2019-11-12", "--format", "json"],
        ["position", "military", "--toward", "morales", "--on", "2019-11-12", "--explain"],
        ["position", "military", "--on", "2019-11-12"],
        ["timeline", "military", "--toward", "morales"],
        ["timeline", "military", "--format", "json"],
    ]

    private func quarantined(_ event: Unreadable) throws -> (Sandbox, [StanceResult]) {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore("b.sqlite")
        let before = try Self.questions.map { try sandbox.run(["--db", "b.sqlite"] + $0) }
        let seq = try RawStore.appendRaw(sandbox.path("b.sqlite"), id: Self.id, type: event.type, schemaVersion: event.schemaVersion,
                                         stream: "bolivian-armed-forces", payload: event.payload)
        #expect(seq == 17)
        return (sandbox, before)
    }

    @Test("position and timeline still answer, exit 0, with one warning line naming the seq", arguments: unreadable)
    func answersSkipAndSaySo(_ event: Unreadable) throws {
        let (sandbox, before) = try quarantined(event)
        #expect(try sandbox.snapshot("b.sqlite").events == 17)
        for (question, answer) in zip(Self.questions, before) {
            Expect.success(answer)
            let result = try sandbox.run(["--db", "b.sqlite"] + question)
            #expect(result.status == 0, "\(result)")
            Expect.sameBytes(result.stderr, Self.warning, question.joined(separator: " "))
            Expect.sameOutput(result.stdout, answer.stdout, question.joined(separator: " "))
        }
    }

    @Test("audit reports a decode finding at that seq, and nothing else", arguments: unreadable)
    func auditFindsIt(_ event: Unreadable) throws {
        let (sandbox, _) = try quarantined(event)
        let report = try sandbox.audit("b.sqlite")
        #expect(report.result.status == 1 && report.findings == ["17:decode"], "\(report)")
        #expect(report.summary["events"] as? Int == 17)
        // The chain itself is intact: the row was appended as the store would append it.
        let verify = try RawStore.execute(RawStore.python3!, [AuditCleanStoreTests.verifyChain, sandbox.path("b.sqlite")])
        #expect(verify.status == 0, "\(verify)")
        // The digests are those of the rest of the log.
        #expect(report.digests == (try sandbox.replayDigests("b.sqlite")))
    }

    @Test("replay and events skip it and say which seq")
    func replayAndEventsSayWhich() throws {
        let (sandbox, _) = try quarantined(Self.unreadable[0])
        let replay = try sandbox.run("--db", "b.sqlite", "replay")
        #expect(replay.status == 0, "\(replay)")
        #expect(replay.stdout.hasPrefix("Replayed 17 event(s) in "), "\(replay)")
        #expect(replay.stdout.hasSuffix("\n1 event(s) could not be decoded and were skipped: seq 17.\n"), "\(replay)")
        let json = try JSONHelpers.object(try sandbox.run("--db", "b.sqlite", "replay", "--format", "json").stdout)
        #expect(json["skipped"] as? [Int] == [17] && json["events"] as? Int == 17)

        let events = try sandbox.run("--db", "b.sqlite", "events", "--format", "ndjson")
        #expect(events.status == 0, "\(events)")
        #expect(events.stderr == Self.warning, "\(events)")
        #expect(events.stdout.split(separator: "\n").count == 16)
        // --actor reads that actor's stream: it names the undecodable event of that stream only.
        let military = try sandbox.run("--db", "b.sqlite", "events", "--actor", "military", "--format", "ndjson")
        #expect(military.status == 0 && military.stderr == Self.warning, "\(military)")
        let kaliman = try sandbox.run("--db", "b.sqlite", "events", "--actor", "kaliman")
        #expect(kaliman.status == 0 && kaliman.stderr.isEmpty && !kaliman.stdout.isEmpty, "\(kaliman)")
    }

    @Test("Appending still works after it, and the audit still names only it")
    func appendingGoesOn() throws {
        let (sandbox, _) = try quarantined(Self.unreadable[0])
        let record = try sandbox.run("--db", "b.sqlite", "record", "support-declared", "--actor", "oas", "--toward", "morales", "--on", "2019-11-13")
        Expect.success(record)
        #expect(record.stdout.hasPrefix("Recorded seq 18 "), "\(record)")
        #expect(try sandbox.audit("b.sqlite").findings == ["17:decode"])
    }

    @Test("diff, actor show and actor list say so too")
    func otherReadersSaySo() throws {
        let (sandbox, _) = try quarantined(Self.unreadable[0])
        for question in [["diff", "military", "--from-as-of", "@1", "--to-as-of", "@17"], ["actor", "show", "military"], ["actor", "list"]] {
            let result = try sandbox.run(["--db", "b.sqlite"] + question)
            #expect(result.status == 0, "\(result)")
            #expect(result.stderr == Self.warning, "\(result)")
        }
    }
}
