import Foundation
import Testing

/// `stance correct EVENT-ID [changes] [--reason]` on the Bolivia example: one batch holding the
/// replacement (`replaces`) and then the retraction of the original (`replacedBy`); answers
/// follow the replacement, `--as-of` before it shows the original, and refusals write nothing.
@Suite("Correcting events")
struct CorrectTests {
    /// #15: the military's step back, dated 12 November.
    static let stepBack = BoliviaExample.id(15)

    @Test("correct appends the replacement then the retraction, linked both ways, at one recording moment")
    func correctionIsLinkedBothWays() throws {
        var session = try StoreSession.bolivia(try Sandbox())
        session.now = Moment.t1
        let result = try session.run("correct", Self.stepBack, "--on", "2019-11-13", "--reason", "misdated")
        Expect.success(result)
        let events = try session.events()
        #expect(events.count == 18)
        let original = events[14], replacement = events[16], retraction = events[17]
        let replacementID = try #require(replacement["id"] as? String)
        let retractionID = try #require(retraction["id"] as? String)
        #expect(result.stdout == "Corrected seq 15: the replacement is seq 17 (id \(replacementID)), the retraction seq 18.\n")

        #expect(replacement["seq"] as? Int == 17)
        #expect(replacement["replaces"] as? String == Self.stepBack)
        #expect(replacement["occurredAt"] as? String == "2019-11-13")
        // The replacement keeps every field it was not told to change.
        for key in ["type", "actor", "toward", "summary", "quote", "source", "precision", "stream"] {
            #expect(JSONHelpers.equal(replacement[key] as Any, original[key] as Any), "\(key)")
        }
        #expect(retraction["seq"] as? Int == 18)
        #expect(retraction["type"] as? String == "event-retracted")
        #expect(retraction["retracts"] as? String == Self.stepBack)
        #expect(retraction["replacedBy"] as? String == replacementID)
        #expect(retraction["reason"] as? String == "misdated")
        #expect(retraction["actor"] as? String == "kaliman")
        #expect(retractionID != replacementID)
        for event in [replacement, retraction] {
            #expect(event["recordedAt"] as? String == "2026-01-05T12:00:00.000000Z")
        }
        // The original stays in the log as it was.
        #expect(original["occurredAt"] as? String == "2019-11-12")
        #expect(original["replacedBy"] == nil)
    }

    @Test("The pair is one batch: an export cut between them is refused on import, the whole export is not")
    func thePairIsOneBatch() throws {
        let sandbox = try Sandbox()
        var session = try StoreSession.bolivia(sandbox)
        session.now = Moment.t1
        try session.ok("correct", Self.stepBack, "--on", "2019-11-13")
        let lines = try session.ok("events", "--format", "ndjson").split(separator: "\n")
        try sandbox.write("cut.ndjson", lines.prefix(17).joined(separator: "\n") + "\n")
        try sandbox.write("whole.ndjson", lines.joined(separator: "\n") + "\n")
        let copy = StoreSession(sandbox, db: "copy.sqlite")
        try sandbox.store("copy.sqlite", timezone: "America/La_Paz")
        let cut = try copy.run("import", "cut.ndjson")
        Expect.status(cut, 65)
        #expect(cut.stderr.contains("no retraction of it in the same batch names it with 'replacedBy'"), "\(cut)")
        #expect(try copy.snapshot().events == 0)
        #expect(try copy.ok("import", "whole.ndjson") == "Imported 18 events (seq 1-18).\n")
    }

    @Test("An import holding a replacement without its retraction names the line at fault")
    func unpairedReplacementNamesTheLine() throws {
        let sandbox = try Sandbox()
        var session = try StoreSession.bolivia(sandbox)
        session.now = Moment.t1
        try session.ok("correct", Self.stepBack, "--on", "2019-11-13")
        let replacement = try session.id(ofSeq: 17)
        let lines = try session.ok("events", "--format", "ndjson").split(separator: "\n")
        try sandbox.write("cut.ndjson", lines.prefix(17).joined(separator: "\n") + "\n")
        try sandbox.store("copy.sqlite", timezone: "America/La_Paz")
        try StoreSession(sandbox, db: "copy.sqlite").expectRefused(["import", "cut.ndjson"], 65,
            BadInputTests.importMessage(line: 17, "field 'replaces': event \(replacement) (seq 17, resignation-call-withdrawn) replaces \(Self.stepBack), but no retraction of it in the same batch names it with 'replacedBy'; use `stance correct`."))
    }

    @Test("correct --format json names the replacement, the retraction and the original")
    func correctAsJSON() throws {
        var session = try StoreSession.bolivia(try Sandbox())
        session.now = Moment.t1
        let printed = try session.json("correct", Self.stepBack, "--on", "2019-11-13")
        #expect(printed["replaces"] as? String == Self.stepBack)
        let replacement = try #require(printed["replacement"] as? [String: Any])
        let retraction = try #require(printed["retraction"] as? [String: Any])
        #expect(replacement["seq"] as? Int == 17)
        #expect(retraction["seq"] as? Int == 18)
        #expect(replacement["id"] as? String == (try session.id(ofSeq: 17)))
        #expect(retraction["id"] as? String == (try session.id(ofSeq: 18)))
        // Without --reason the retraction still says why.
        #expect(try session.events()[17]["reason"] as? String == "corrected")
    }

    @Test("Answers follow the correction; --as-of before it shows the original")
    func answersFollowTheCorrection() throws {
        var session = try StoreSession.bolivia(try Sandbox())
        session.now = Moment.t1
        try session.ok("correct", Self.stepBack, "--on", "2019-11-13", "--reason", "misdated")
        session.now = Moment.late
        let twelfth = try session.json("position", "military", "--toward", "morales", "--on", "2019-11-12")
        #expect(twelfth["position"] as? String == "calls-for-resignation")
        let thirteenth = try session.json("position", "military", "--toward", "morales", "--on", "2019-11-13")
        #expect(thirteenth["position"] as? String == "neutral")
        #expect(thirteenth["since"] as? String == "2019-11-13")
        #expect(Answer.seqs(thirteenth["evidence"]) == [17])
        let timeline = try session.json("timeline", "military", "--toward", "morales")
        #expect(Answer.changes(timeline["changes"]) == ["2019-11-10  unknown->calls-for-resignation", "2019-11-13  calls-for-resignation->neutral"])

        for moment in ["@16", "2026-01-05T11:59:59.999Z", "2026-01-04"] {
            let before = try session.json("position", "military", "--toward", "morales", "--on", "2019-11-12", "--as-of", moment)
            #expect(before["position"] as? String == "neutral", "--as-of \(moment)")
            #expect(Answer.seqs(before["evidence"]) == [15], "--as-of \(moment)")
            let timeline = try session.json("timeline", "military", "--toward", "morales", "--as-of", moment)
            #expect(Answer.changes(timeline["changes"]).last == "2019-11-12  calls-for-resignation->neutral", "--as-of \(moment)")
        }
    }

    @Test("Correcting a role's start moves who speaks for the institution")
    func correctingARole() throws {
        var session = try StoreSession.bolivia(try Sandbox())
        session.now = Moment.t1
        try session.ok("correct", BoliviaExample.id(7), "--on", "2019-11-11", "--reason", "appointed later")
        let tenth = try session.json("position", "military", "--toward", "morales", "--on", "2019-11-10")
        #expect(tenth["position"] as? String == "unknown", "Kaliman was not yet commander on the 10th")
        let show = try session.json("actor", "show", "kaliman")
        let roles = try #require(show["roles"] as? [[String: Any]])
        #expect(roles.map { $0["from"] as? String } == ["2019-11-11"])
    }

    // MARK: Refusals: exit 65, one exact line, nothing written

    @Test("A correction that changes nothing is refused")
    func changesNothing() throws {
        let session = try StoreSession.bolivia(try Sandbox())
        let message = "error: The correction changes nothing; give the fields to change, such as --on or --toward."
        try session.expectRefused([
            (["correct", Self.stepBack], 65,
             message),
            (["correct", Self.stepBack, "--on", "2019-11-12", "--toward", "morales", "--reason", "same"], 65,
             message),
            (["correct", BoliviaExample.id(12), "--strength", "suggested"], 65,
             message),
        ])
    }

    @Test("A correction naming the same actor by an alias changes nothing and is refused")
    func aliasChangesNothing() throws {
        let session = try StoreSession.bolivia(try Sandbox())
        try session.expectRefused(["correct", Self.stepBack, "--toward", "Evo"], 65,
            "error: The correction changes nothing; give the fields to change, such as --on or --toward.")
        try session.expectRefused(["correct", Self.stepBack, "--actor", "General Kaliman"], 65,
            "error: The correction changes nothing; give the fields to change, such as --on or --toward.")
    }

    @Test("A malformed or unknown id is refused")
    func unknownID() throws {
        let session = try StoreSession.bolivia(try Sandbox())
        try session.expectRefused([
            (["correct", "seq-15", "--on", "2019-11-13"], 65,
             "error: 'seq-15' is not an event id; ids are UUIDs such as 0f8fad5b-d9cb-469f-a165-70867728950e (`stance events` lists them)."),
            (["correct", "00000000-0000-4000-8000-000000000099", "--on", "2019-11-13"], 65,
             "error: No event has the id 00000000-0000-4000-8000-000000000099; `stance events` lists the ids."),
        ])
    }

    @Test("An event already retracted, or already corrected, is not corrected")
    func alreadyRetracted() throws {
        var session = try StoreSession.bolivia(try Sandbox())
        session.now = Moment.t1
        try session.ok("correct", Self.stepBack, "--on", "2019-11-13")
        try session.ok("retract", BoliviaExample.id(14), "--reason", "no such call")
        let correction = try session.id(ofSeq: 18), retraction = try session.id(ofSeq: 19)
        session.now = Moment.t2
        try session.expectRefused(["correct", Self.stepBack, "--on", "2019-11-14"], 65,
            "error: EVENT-ID: event \(Self.stepBack) (seq 15, resignation-call-withdrawn) is already retracted by event \(correction) (seq 18, event-retracted); a retracted event is not corrected again.")
        try session.expectRefused(["correct", BoliviaExample.id(14), "--on", "2019-11-13"], 65,
            "error: EVENT-ID: event \(BoliviaExample.id(14)) (seq 14, dialogue-called-for) is already retracted by event \(retraction) (seq 19, event-retracted); a retracted event is not corrected again.")
    }

    @Test("A registration or a retraction cannot be corrected (exit 65, nothing written)")
    func registrationOrRetraction() throws {
        var session = try StoreSession.bolivia(try Sandbox())
        session.now = Moment.t1
        try session.ok("retract", BoliviaExample.id(14), "--reason", "no such call")
        let retraction = try session.id(ofSeq: 17)
        for arguments in [["correct", BoliviaExample.id(1), "--summary", "President of Bolivia"],
                          ["correct", retraction, "--reason", "why", "--summary", "another reason"]] {
            let before = try session.snapshot()
            let result = try session.run(arguments)
            Expect.status(result, 65)
            #expect(result.stderr.hasPrefix("error: EVENT-ID: ") && result.stderr.hasSuffix(".\n"), "\(result)")
            #expect(try session.snapshot() == before)
        }
    }

    @Test("A registration or a retraction cannot be corrected: the message says why")
    func registrationOrRetractionMessage() throws {
        var session = try StoreSession.bolivia(try Sandbox())
        session.now = Moment.t1
        try session.ok("retract", BoliviaExample.id(14), "--reason", "no such call")
        let retraction = try session.id(ofSeq: 17)
        try session.expectRefused(["correct", BoliviaExample.id(1), "--summary", "President of Bolivia"], 65,
            "error: EVENT-ID: event \(BoliviaExample.id(1)) (seq 1, actor-registered) cannot be replaced: registrations stay, and a retraction is undone by retracting it.")
        try session.expectRefused(["correct", retraction, "--summary", "another reason"], 65,
            "error: EVENT-ID: event \(retraction) (seq 17, event-retracted) cannot be replaced: registrations stay, and a retraction is undone by retracting it.")
    }

    @Test("--on and --at are checked as in record: both is a usage error, an instant given to --on is refused")
    func onAndAt() throws {
        let session = try StoreSession.bolivia(try Sandbox())
        try session.expectRefused([
            (["correct", Self.stepBack, "--on", "2019-11-13", "--at", "2019-11-13T10:00"], 64,
             "error: Give either --on or --at, not both."),
            (["correct", Self.stepBack, "--on", "2019-11-13T10:00"], 65,
             "error: --on takes a day such as 2019-11-10; use --at for an instant such as 2019-11-13T10:00."),
        ])
    }

    @Test("A day given to --at is refused, as in record")
    func dayGivenToAt() throws {
        let session = try StoreSession.bolivia(try Sandbox())
        try session.expectRefused(["correct", Self.stepBack, "--at", "2019-11-13"], 65,
            "error: --at takes an instant such as 2019-11-13T12:00Z or 2019-11-13T12:00-04:00; use --on for a whole day.")
    }
}
