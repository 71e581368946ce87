import Foundation
import Testing

/// `position --explain`: every event that bears on one answer, in world order, with its verdict.
@Suite("Explaining an answer")
struct ExplainTests {
    /// The example, then: a soldier who is only a member (seq 17-18) protesting on the 11th (19);
    /// Kaliman's command ending on the 13th (20) and his support after it on the 14th (21); the
    /// military restating its neutrality on the 13th (22), all recorded at t1/t2; and at t3 the
    /// retraction of Kaliman's call of the 10th (23).
    static func store() throws -> StoreSession {
        var session = try StoreSession.bolivia(try Sandbox())
        session.now = Moment.t1
        try session.ok("actor", "add", "soldier", "--name", "A Soldier", "--kind", "person")
        try session.ok("actor", "role", "soldier", "--in", "military", "--role", "member", "--from", "2019-01-01")
        try session.ok("record", "protest-held", "--actor", "soldier", "--toward", "morales", "--on", "2019-11-11")
        session.now = Moment.t2
        try session.ok("record", "role-ended", "--actor", "kaliman", "--in", "military", "--role", "commander", "--on", "2019-11-13")
        try session.ok("record", "support-declared", "--actor", "kaliman", "--toward", "morales", "--on", "2019-11-14")
        try session.ok("record", "statement-issued", "--actor", "military", "--toward", "morales", "--position", "neutral",
                       "--summary", "The military restates its neutrality", "--on", "2019-11-13")
        session.now = Moment.t3
        try session.ok("retract", BoliviaExample.id(12), "--reason", "misattributed")
        session.now = Moment.late
        return session
    }

    /// The derivation of a text explanation: (seq, verdict) per event, in the order shown.
    static func derivation(_ text: String) -> [String] {
        guard let start = text.range(of: "\n  derivation, in world-time order:\n") else { return [] }
        var steps: [String] = []
        var seq = ""
        for line in text[start.upperBound...].split(separator: "\n") {
            if line.hasPrefix("    #") {
                seq = String(line.dropFirst(4).prefix { $0 != " " })
            } else if let arrow = line.range(of: "         -> "), line.hasPrefix("         -> ") {
                steps.append("\(seq) \(line[arrow.upperBound...])")
            }
        }
        return steps
    }

    @Test("Text: every event in world order with its verdict, after the answer itself")
    func explainAsText() throws {
        let session = try Self.store()
        let text = try session.ok("position", "military", "--toward", "morales", "--on", "2019-11-15", "--explain")
        let plain = try session.ok("position", "military", "--toward", "morales", "--on", "2019-11-15")
        #expect(text.hasPrefix(plain + "\n  derivation, in world-time order:\n"), "\(text)")
        #expect(Self.derivation(text) == [
            "#12 retracted by #23, recorded 2026-01-15T12:00:00.000000Z (misattributed)",
            "#19 does not speak for the institution: soldier was only a member, and members speak for themselves",
            "#15 sets the position",
            "#22 restates the position",
            "#21 does not speak for the institution: kaliman's role had ended",
        ])
    }

    @Test("JSON: the answer, then one step per event with its verdict, the retraction or the reason")
    func explainAsJSON() throws {
        let session = try Self.store()
        let explained = try session.json("position", "military", "--toward", "morales", "--on", "2019-11-15", "--explain")
        let plain = try session.json("position", "military", "--toward", "morales", "--on", "2019-11-15")
        #expect(JSONHelpers.equal(explained["answer"] as Any, plain))
        let steps = try #require(explained["steps"] as? [[String: Any]])
        #expect(steps.map { ($0["event"] as? [String: Any])?["seq"] as? Int } == [12, 19, 15, 22, 21])
        #expect(steps.map { $0["verdict"] as? String } == ["retracted", "not-speaking-for-institution", "sets", "restates", "not-speaking-for-institution"])
        #expect(steps.allSatisfy { $0["contested"] as? Bool == false })
        #expect(steps.map { $0["recordedAt"] as? String } == [Sandbox.recordedAt, "2026-01-05T12:00:00.000000Z", Sandbox.recordedAt,
                                                             "2026-01-10T12:00:00.000000Z", "2026-01-10T12:00:00.000000Z"])
        let retractedBy = try #require(steps[0]["retractedBy"] as? [String: Any])
        #expect(retractedBy["seq"] as? Int == 23)
        #expect(retractedBy["id"] as? String == (try session.id(ofSeq: 23)))
        #expect(retractedBy["recordedAt"] as? String == "2026-01-15T12:00:00.000000Z")
        #expect(retractedBy["reason"] as? String == "misattributed")
        #expect(steps[1]["why"] as? String == "soldier was only a member, and members speak for themselves")
        #expect(steps[4]["why"] as? String == "kaliman's role had ended")
        // The speaker is named as in evidence: speaking for the institution, or not.
        #expect((steps[2]["event"] as? [String: Any])?["speakingFor"] as? String == "bolivian-armed-forces")
        #expect((steps[4]["event"] as? [String: Any])?["speakingFor"] is NSNull)
    }

    @Test("--as-of: events recorded later are not yet recorded, a later retraction does not count yet")
    func explainAsOf() throws {
        let session = try Self.store()
        let before = try session.ok("position", "military", "--toward", "morales", "--on", "2019-11-15", "--explain", "--as-of", "@19")
        #expect(Self.derivation(before) == [
            "#12 superseded by a later change",
            "#19 does not speak for the institution: soldier was only a member, and members speak for themselves",
            "#15 sets the position",
            "#22 not yet recorded at the as-of moment (recorded 2026-01-10T12:00:00.000000Z)",
            "#21 not yet recorded at the as-of moment (recorded 2026-01-10T12:00:00.000000Z)",
        ])
        let json = try session.json("position", "military", "--toward", "morales", "--on", "2019-11-15", "--explain", "--as-of", "2026-01-12")
        let steps = try #require(json["steps"] as? [[String: Any]])
        #expect(steps.map { $0["verdict"] as? String } == ["superseded", "not-speaking-for-institution", "sets", "restates", "not-speaking-for-institution"])
        #expect(((json["answer"] as? [String: Any])?["asOf"] as? [String: Any])?["seq"] as? Int == 22)
    }

    @Test("At an instant inside a day-dated event's day, that event is uncertain")
    func explainUncertain() throws {
        let session = try Self.store()
        let text = try session.ok("position", "military", "--toward", "morales", "--at", "2019-11-12T10:00", "--explain", "--as-of", "@22")
        #expect(Self.derivation(text) == [
            "#12 sets the position",
            "#19 does not speak for the institution: soldier was only a member, and members speak for themselves",
            "#15 not counted: known only to the day, which may be after the instant asked",
        ])
        let json = try session.json("position", "military", "--toward", "morales", "--at", "2019-11-12T10:00", "--explain", "--as-of", "@22")
        #expect((json["steps"] as? [[String: Any]])?.map { $0["verdict"] as? String } == ["sets", "not-speaking-for-institution", "uncertain"])
    }

    @Test("--explain without --toward is a usage error, and writes nothing")
    func explainNeedsToward() throws {
        let session = try StoreSession.bolivia(try Sandbox())
        try session.expectRefused([
            (["position", "military", "--on", "2019-11-12", "--explain"], 64,
             "error: --explain explains one answer; give --toward."),
            (["position", "military", "--on", "2019-11-12", "--explain", "--format", "json"], 64,
             "error: --explain explains one answer; give --toward."),
        ])
    }

    @Test("Every step has the same keys, null when empty, as every other JSON shape")
    func stepsHaveOneShape() throws {
        let session = try Self.store()
        let json = try session.json("position", "military", "--toward", "morales", "--on", "2019-11-15", "--explain")
        let steps = try #require(json["steps"] as? [[String: Any]])
        let shapes = Set(steps.map { $0.keys.sorted() })
        #expect(shapes.count == 1, "\(shapes)")
        #expect(shapes.first.map { Set($0).isSuperset(of: ["verdict", "contested", "event", "retractedBy", "why", "recordedAt"]) } == true)
    }
}
