import Foundation
import Testing

/// Contested answers (reports from different sources disagreeing at the same time) and
/// reversals (a change that turns back across neutral), in position and timeline answers.
@Suite("Contested reports and reversals")
struct ContestedReversalTests {
    static let rule = "the last report in world order decides: a day-precision report sorts after the instants of its day, and at the same time the report with the higher confidence, then the lower event id, comes last"
    static let exampleSource = #"Seed article \"Bolivian General and Military Supporters Withdraw After Apparent Coup Attempt\" (shared/seed/bolivia-2019-article.txt)"#

    /// The example plus the NDJSON lines, imported at t1 (fixed ids, so the tie-break is fixed).
    static func store(_ lines: String...) throws -> StoreSession {
        var session = try StoreSession.bolivia(try Sandbox())
        session.now = Moment.t1
        Expect.success(try session.run(["import", "-"], stdin: Data((lines.joined(separator: "\n") + "\n").utf8)))
        return session
    }

    /// State TV reports the military supporting Morales on 10 November, the day of Kaliman's call (#12).
    static let stateTV = #"{"id":"c0000000-0000-4000-8000-000000000017","type":"support-declared","occurredAt":"2019-11-10","actor":"military","toward":"morales","source":"state TV"}"#

    @Test("Two sources, two positions, one day: the answer is contested, names the rule and every competing event")
    func contestedAnswer() throws {
        let session = try Self.store(Self.stateTV)
        let answer = try session.json("position", "military", "--toward", "morales", "--on", "2019-11-10")
        // Same day, no confidence: the lower id (#12's b0119a00-…) comes last and decides.
        #expect(answer["position"] as? String == "calls-for-resignation")
        #expect(answer["contested"] as? Bool == true)
        #expect(answer["contestRule"] as? String == Self.rule)
        #expect(Answer.seqs(answer["competing"]) == [17, 12])
        #expect(Answer.seqs(answer["evidence"]) == [12])
        let text = try session.ok("position", "military", "--toward", "morales", "--on", "2019-11-10")
        #expect(text.contains("\n  contested: reports from different sources disagree at that time; \(Self.rule):\n    #17  2019-11-10  support-declared  by Armed Forces of Bolivia (bolivian-armed-forces)\n         source: state TV\n    #12  2019-11-10  resignation-called-for (suggested)"), "\(text)")
        // Two days later the military's position is no longer contested.
        let later = try session.json("position", "military", "--toward", "morales", "--on", "2019-11-12")
        #expect(later["contested"] as? Bool == false)
        #expect(later["contestRule"] is NSNull)
        #expect((later["competing"] as? [Any])?.isEmpty == true)
    }

    @Test("timeline marks the contested changes: [contested: …] in text, \"contested\": true in JSON")
    func contestedTimeline() throws {
        let session = try Self.store(Self.stateTV)
        let text = try session.ok("timeline", "military", "--toward", "morales")
        let marks = text.split(separator: "\n").filter { $0.hasPrefix("  2019") }
        #expect(marks == [
            "  2019-11-10  unknown -> supports  [contested: #12 disagree]",
            "  2019-11-10  supports -> calls-for-resignation  [reversal]  [contested: #17 disagree]",
            "  2019-11-12  calls-for-resignation -> neutral  [reversal]",
        ])
        let json = try session.json("timeline", "military", "--toward", "morales")
        let changes = try #require(json["changes"] as? [[String: Any]])
        #expect(changes.map { $0["contested"] as? Bool } == [true, true, false])
        #expect(changes.map { Answer.seqs($0["competing"]) } == [[12], [17], []])
        let explained = try session.json("position", "military", "--toward", "morales", "--on", "2019-11-10", "--explain")
        let steps = try #require(explained["steps"] as? [[String: Any]])
        #expect(steps.map { ($0["event"] as? [String: Any])?["seq"] as? Int } == [17, 12])
        #expect(steps.map { $0["verdict"] as? String } == ["superseded", "sets"])
        #expect(steps.map { $0["contested"] as? Bool } == [true, true])
    }

    @Test("The same source revising itself within a day is not contested")
    func sameSourceIsNotContested() throws {
        let sameSource = #"{"id":"c0000000-0000-4000-8000-000000000017","type":"support-declared","occurredAt":"2019-11-10","actor":"military","toward":"morales","source":"\#(Self.exampleSource)"}"#
        let session = try Self.store(sameSource)
        let answer = try session.json("position", "military", "--toward", "morales", "--on", "2019-11-10")
        #expect(answer["contested"] as? Bool == false)
        #expect(answer["contestRule"] is NSNull)
        #expect((answer["competing"] as? [Any])?.isEmpty == true)
        let text = try session.ok("timeline", "military", "--toward", "morales")
        #expect(!text.contains("contested"), "\(text)")
        let changes = try #require(try session.json("timeline", "military", "--toward", "morales")["changes"] as? [[String: Any]])
        #expect(changes.allSatisfy { $0["contested"] as? Bool == false })
    }

    @Test("At the same time the higher confidence decides, before the event id; different instants do not contest")
    func confidenceAndInstants() throws {
        let session = try Self.store(
            #"{"id":"c0000000-0000-4000-8000-000000000001","type":"support-declared","occurredAt":"2019-11-13","actor":"military","toward":"morales","source":"radio","confidence":0.5}"#,
            #"{"id":"c0000000-0000-4000-8000-000000000002","type":"protest-held","occurredAt":"2019-11-13","actor":"military","toward":"morales","source":"wire","confidence":0.9}"#,
            #"{"id":"c0000000-0000-4000-8000-000000000003","type":"support-declared","occurredAt":"2019-11-14T09:00-04:00","actor":"military","toward":"morales","source":"radio"}"#,
            #"{"id":"c0000000-0000-4000-8000-000000000004","type":"protest-held","occurredAt":"2019-11-14T18:00-04:00","actor":"military","toward":"morales","source":"wire"}"#)
        let thirteenth = try session.json("position", "military", "--toward", "morales", "--on", "2019-11-13")
        #expect(thirteenth["position"] as? String == "opposes")
        #expect(thirteenth["contested"] as? Bool == true)
        #expect(Answer.seqs(thirteenth["competing"]) == [17, 18])
        let fourteenth = try session.json("position", "military", "--toward", "morales", "--on", "2019-11-14")
        #expect(fourteenth["position"] as? String == "opposes")
        #expect(fourteenth["contested"] as? Bool == false)
    }

    // MARK: Reversals

    @Test("The example's timeline: the step back on the 12th is a reversal, the first change is not")
    func exampleReversal() throws {
        let session = try StoreSession.bolivia(try Sandbox())
        let text = try session.ok("timeline", "military", "--toward", "morales")
        #expect(text.split(separator: "\n").filter { $0.hasPrefix("  2019") } == [
            "  2019-11-10  unknown -> calls-for-resignation",
            "  2019-11-12  calls-for-resignation -> neutral  [reversal]",
        ])
        let json = try session.json("timeline", "military", "--toward", "morales")
        let changes = try #require(json["changes"] as? [[String: Any]])
        #expect(changes.map { $0["reversal"] as? Bool } == [false, true])
        #expect(changes.map { $0["contested"] as? Bool } == [false, false])
        let twelfth = try session.json("position", "military", "--toward", "morales", "--on", "2019-11-12")
        #expect((twelfth["changes"] as? [[String: Any]])?.map { $0["reversal"] as? Bool } == [true])
        let tenth = try session.json("position", "military", "--toward", "morales", "--on", "2019-11-10")
        #expect((tenth["changes"] as? [[String: Any]])?.map { $0["reversal"] as? Bool } == [false])
    }

    @Test("A reversal turns back across neutral; moving within a side, or away from neutral, is not one")
    func whatIsAReversal() throws {
        var session = try StoreSession.bolivia(try Sandbox())
        session.now = Moment.t1
        for (type, day) in [("support-declared", "2019-10-21"), ("protest-held", "2019-11-11"), ("support-withdrawn", "2019-11-12"),
                            ("support-declared", "2019-11-13"), ("support-withdrawn", "2019-11-14")] {
            try session.ok("record", type, "--actor", "OAS", "--toward", "morales", "--on", day)
        }
        let json = try session.json("timeline", "OAS", "--toward", "morales")
        let changes = try #require(json["changes"] as? [[String: Any]])
        #expect(Answer.changes(changes) == [
            "2019-10-21  unknown->supports", "2019-11-10  supports->critical", "2019-11-11  critical->opposes",
            "2019-11-12  opposes->neutral", "2019-11-13  neutral->supports", "2019-11-14  supports->neutral",
        ])
        #expect(changes.map { $0["reversal"] as? Bool } == [false, true, false, true, false, true])
    }
}
