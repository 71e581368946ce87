import Foundation
import Testing

/// `stance retract EVENT-ID --reason TEXT` on the Bolivia example: it appends an
/// event-retracted, the withdrawn event stops counting from then on (but not `--as-of` an
/// earlier moment), retracting the retraction restores it, and every refusal writes nothing.
@Suite("Retracting events")
struct RetractTests {
    /// #15: the military's step back on 12 November, spoken by Kaliman.
    static let stepBack = BoliviaExample.id(15)

    @Test("retract appends an event-retracted naming the event, the reason and the clock's time")
    func retractAppendsARetraction() throws {
        var session = try StoreSession.bolivia(try Sandbox())
        session.now = Moment.t1
        let result = try session.run("retract", Self.stepBack, "--reason", "the wire report was wrong")
        Expect.success(result)
        let events = try session.events()
        #expect(events.count == 17)
        let retraction = try #require(events.last)
        let id = try #require(retraction["id"] as? String)
        #expect(result.stdout == "Recorded seq 17 (id \(id)).\n")
        #expect(retraction["type"] as? String == "event-retracted")
        #expect(retraction["retracts"] as? String == Self.stepBack)
        #expect(retraction["reason"] as? String == "the wire report was wrong")
        #expect(retraction["actor"] as? String == "kaliman", "a retraction is about the same actor as its target")
        #expect(retraction["stream"] as? String == "kaliman")
        #expect(retraction["replacedBy"] == nil, "a plain retraction is replaced by nothing")
        #expect(retraction["recordedAt"] as? String == "2026-01-05T12:00:00.000000Z")
        #expect(retraction["recordedBy"] as? String == Sandbox.user)
        // The retracted event stays in the log, unchanged.
        #expect(events[14]["id"] as? String == Self.stepBack)
        #expect(events[14]["type"] as? String == "resignation-call-withdrawn")
    }

    @Test("retract --format json prints the seq and id of the retraction")
    func retractAsJSON() throws {
        var session = try StoreSession.bolivia(try Sandbox())
        session.now = Moment.t1
        let printed = try session.json("retract", Self.stepBack, "--reason", "wrong")
        #expect(printed["seq"] as? Int == 17)
        #expect(printed["id"] as? String == (try session.id(ofSeq: 17)))
        #expect(printed["alreadyStored"] as? Bool == false)
    }

    @Test("After the retraction the event no longer counts; --as-of a moment before it still sees it")
    func retractedEventStopsCounting() throws {
        var session = try StoreSession.bolivia(try Sandbox())
        session.now = Moment.t1
        try session.ok("retract", Self.stepBack, "--reason", "the wire report was wrong")
        session.now = Moment.late

        let after = try session.json("position", "military", "--toward", "morales", "--on", "2019-11-12")
        #expect(after["position"] as? String == "calls-for-resignation")
        #expect(after["since"] as? String == "2019-11-10")
        #expect(Answer.seqs(after["evidence"]) == [12])
        #expect(after["asOf"] is NSNull)
        let timeline = try session.json("timeline", "military", "--toward", "morales")
        #expect(Answer.changes(timeline["changes"]) == ["2019-11-10  unknown->calls-for-resignation"])

        // Three ways to name a moment before the retraction: a seq, an instant, a day.
        for moment in ["@16", "2026-01-05T11:59:59Z", "2026-01-04"] {
            let before = try session.json("position", "military", "--toward", "morales", "--on", "2019-11-12", "--as-of", moment)
            #expect(before["position"] as? String == "neutral", "--as-of \(moment)")
            #expect(Answer.seqs(before["evidence"]) == [15], "--as-of \(moment)")
            let asOf = try #require(before["asOf"] as? [String: Any])
            #expect(asOf["requested"] as? String == moment)
            #expect(asOf["seq"] as? Int == 16)
            let earlier = try session.json("timeline", "military", "--toward", "morales", "--as-of", moment)
            #expect(Answer.changes(earlier["changes"]) == ["2019-11-10  unknown->calls-for-resignation", "2019-11-12  calls-for-resignation->neutral"])
        }
        // The instant of the retraction itself includes it.
        let at = try session.json("position", "military", "--toward", "morales", "--on", "2019-11-12", "--as-of", Moment.t1)
        #expect(at["position"] as? String == "calls-for-resignation")
    }

    @Test("Retracting the retraction restores the event, and every answer with it")
    func retractingARetractionRestores() throws {
        var session = try StoreSession.bolivia(try Sandbox())
        let original = try session.ok("timeline", "military", "--toward", "morales")
        let originalDay = try session.ok("position", "military", "--toward", "morales", "--on", "2019-11-12")
        session.now = Moment.t1
        try session.ok("retract", Self.stepBack, "--reason", "the wire report was wrong")
        let retraction = try session.id(ofSeq: 17)
        session.now = Moment.t2
        try session.ok("retract", retraction, "--reason", "the wire report was right after all")
        let events = try session.events()
        #expect(events.count == 18)
        #expect(events[17]["retracts"] as? String == retraction)
        #expect(events[17]["actor"] as? String == "kaliman")

        Expect.sameOutput(try session.ok("timeline", "military", "--toward", "morales"), original, "timeline after the restore")
        Expect.sameOutput(try session.ok("position", "military", "--toward", "morales", "--on", "2019-11-12"), originalDay, "position after the restore")
        session.now = Moment.late
        let between = try session.json("position", "military", "--toward", "morales", "--on", "2019-11-12", "--as-of", "@17")
        #expect(between["position"] as? String == "calls-for-resignation")

        // Restored, the event counts again and may be retracted again.
        session.now = Moment.t3
        try session.ok("retract", Self.stepBack, "--reason", "withdrawn once more")
        let again = try session.json("position", "military", "--toward", "morales", "--on", "2019-11-12")
        #expect(again["position"] as? String == "calls-for-resignation")
    }

    // MARK: Refusals: exit 65 (64 for usage), one exact line, nothing written

    @Test("A malformed id is refused")
    func malformedID() throws {
        let session = try StoreSession.bolivia(try Sandbox())
        try session.expectRefused(["retract", "b0119a00-15", "--reason", "r"], 65,
            "error: 'b0119a00-15' is not an event id; ids are UUIDs such as 0f8fad5b-d9cb-469f-a165-70867728950e (`stance events` lists them).")
    }

    @Test("An unknown id is refused")
    func unknownID() throws {
        let session = try StoreSession.bolivia(try Sandbox())
        try session.expectRefused(["retract", "00000000-0000-4000-8000-000000000099", "--reason", "r"], 65,
            "error: No event has the id 00000000-0000-4000-8000-000000000099; `stance events` lists the ids.")
    }

    @Test("An event already retracted is refused, naming the retraction and how to restore it")
    func alreadyRetracted() throws {
        var session = try StoreSession.bolivia(try Sandbox())
        session.now = Moment.t1
        try session.ok("retract", Self.stepBack, "--reason", "first")
        let retraction = try session.id(ofSeq: 17)
        session.now = Moment.t2
        try session.expectRefused(["retract", Self.stepBack, "--reason", "second"], 65,
            "error: EVENT-ID: event \(Self.stepBack) (seq 15, resignation-call-withdrawn) is already retracted by event \(retraction) (seq 17, event-retracted); retract that retraction to restore it.")
    }

    @Test("An actor registration cannot be retracted")
    func registration() throws {
        let session = try StoreSession.bolivia(try Sandbox())
        let registration = BoliviaExample.id(2)
        try session.expectRefused(["retract", registration, "--reason", "r"], 65,
            "error: EVENT-ID: event \(registration) (seq 2, actor-registered) registers an actor, and registrations cannot be retracted; retract the events about the actor instead.")
    }

    @Test("Without --reason, retract is a usage error")
    func missingReason() throws {
        let session = try StoreSession.bolivia(try Sandbox())
        try session.expectRefused(["retract", Self.stepBack], 64, "error: Missing expected argument '--reason <reason>'.")
    }

    @Test("record refuses event-retracted: retractions go through retract or correct")
    func recordRefusesRetractions() throws {
        let session = try StoreSession.bolivia(try Sandbox())
        try session.expectRefused(["record", "event-retracted", "--actor", "kaliman", "--on", "2019-11-12"], 64,
            "error: withdraw events with `stance retract` or `stance correct`, not `stance record event-retracted`.")
    }
}
