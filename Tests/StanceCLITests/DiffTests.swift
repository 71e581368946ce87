import Foundation
import Testing

/// `stance diff ACTOR [--toward T] --from-as-of A --to-as-of B` on the correction walk-through:
/// the military's step back recorded on 11 November (seq 6), corrected to the 12th or the 13th
/// (seq 7, the replacement, and seq 8, the retraction).
@Suite("Diffing the record between two moments")
struct DiffTests {
    static let header = "Armed Forces of Bolivia (bolivian-armed-forces) as recorded at @6 (seq 6) and at @8 (seq 8):"

    @Test("The text names the changed span with its old and new positions, and the events recorded in between")
    func diffAsText() throws {
        let walk = try CorrectionWalkthrough()
        let output = try walk.session.ok("diff", "military", "--toward", "morales", "--from-as-of", "@6", "--to-as-of", "@8")
        Expect.sameOutput(output, """
            \(Self.header)
              toward Evo Morales (morales):
                from 2019-11-11 until 2019-11-12: neutral -> calls-for-resignation
                changed by events recorded in between:
                  #7  2019-11-12  resignation-call-withdrawn  by Williams Kaliman (kaliman)
                      replaces \(walk.wrongDayID)
                      source: wire report
                  #8  2026-01-05T10:30:00-04:00  event-retracted of \(walk.wrongDayID)  by Williams Kaliman (kaliman)
                      reason: the step back came on 2019-11-12

            """, "diff text")
    }

    @Test("The JSON holds both moments, the spans and the events recorded in between")
    func diffAsJSON() throws {
        let walk = try CorrectionWalkthrough()
        let diff = try walk.session.json("diff", "military", "--toward", "morales", "--from-as-of", "@6", "--to-as-of", "@8")
        #expect(diff["actor"] as? String == "bolivian-armed-forces")
        #expect(JSONHelpers.equal(diff["fromAsOf"] as Any, ["requested": "@6", "seq": 6]))
        #expect(JSONHelpers.equal(diff["toAsOf"] as Any, ["requested": "@8", "seq": 8]))
        let diffs = try #require(diff["diffs"] as? [[String: Any]])
        #expect(diffs.map { $0["toward"] as? String } == ["morales"])
        let spans = try #require(diffs.first?["spans"] as? [[String: Any]])
        #expect(JSONHelpers.equal(spans, [["from": "2019-11-11", "until": "2019-11-12", "old": "neutral", "new": "calls-for-resignation"]]))
        let events = try #require(diffs.first?["events"] as? [[String: Any]])
        #expect(events.map { $0["seq"] as? Int } == [7, 8])
        #expect(events.map { $0["type"] as? String } == ["resignation-call-withdrawn", "event-retracted"])
        #expect(events.first?["id"] as? String == walk.replacementID)
        #expect(events.first?["occurredAt"] as? String == "2019-11-12")
        #expect(events.first?["position"] as? String == "neutral")
        // What each one withdrew or replaced, and why.
        #expect(events.map { $0["replaces"] as? String } == [walk.wrongDayID, nil])
        #expect(events.map { $0["retracts"] as? String } == [nil, walk.wrongDayID])
        #expect(events.map { $0["reason"] as? String } == [nil, "the step back came on 2019-11-12"])
        #expect(events.first?["retracts"] is NSNull && events.last?["replaces"] is NSNull)
    }

    @Test("The whole walk-through, every command and its text, equals its golden file")
    func walkthroughMatchesGolden() throws {
        let walk = try CorrectionWalkthrough(questions: true)
        try Golden.expect(walk.transcript, matches: "correction-walkthrough-military.txt")
    }

    @Test("The walk-through tells the story: neutral on the 11th before the correction, calls-for-resignation after")
    func theStory() throws {
        let walk = try CorrectionWalkthrough(questions: true)
        let blocks = walk.transcript.components(separatedBy: "\n$ stance ")
        func output(of command: String) -> [String] {
            blocks.filter { $0.hasPrefix(command + "\n") }.map { String($0.dropFirst(command.count + 1)) }
        }
        let asked = output(of: "position military --toward morales --on 2019-11-11")
        #expect(asked.count == 2)
        #expect(asked.first?.hasPrefix("Armed Forces of Bolivia (bolivian-armed-forces) toward Evo Morales (morales) on 2019-11-11: neutral\n") == true)
        #expect(asked.last?.hasPrefix("Armed Forces of Bolivia (bolivian-armed-forces) toward Evo Morales (morales) on 2019-11-11: calls-for-resignation\n") == true)
        #expect(output(of: "position military --toward morales --on 2019-11-11 --as-of @6") == [asked.first ?? ""],
                "as of @6 the answer is the one given before the correction")
        #expect(output(of: "correct <id-6> --on 2019-11-12 --reason \"the step back came on 2019-11-12\"")
                == ["Corrected seq 6: the replacement is seq 7 (id <id-7>), the retraction seq 8.\n"])
        let timeline = output(of: "timeline military --toward morales").first ?? ""
        #expect(timeline.contains("\n  2019-11-10  unknown -> calls-for-resignation\n"))
        #expect(timeline.contains("\n  2019-11-12  calls-for-resignation -> neutral  [reversal]\n"))
        #expect(!timeline.contains("2019-11-11"))
    }

    @Test("Instants and days name the same two moments as @6 and @8")
    func diffBetweenInstantsAndDays() throws {
        let walk = try CorrectionWalkthrough()
        let bySeq = try walk.session.json("diff", "military", "--toward", "morales", "--from-as-of", "@6", "--to-as-of", "@8")
        for (from, to) in [("2026-01-02T09:00Z", "2026-01-05T14:30Z"), ("2026-01-04", "2026-01-05"), ("@6", Moment.late)] {
            let diff = try walk.session.json("diff", "military", "--toward", "morales", "--from-as-of", from, "--to-as-of", to)
            #expect((diff["fromAsOf"] as? [String: Any])?["seq"] as? Int == 6, "\(from)")
            #expect((diff["toAsOf"] as? [String: Any])?["seq"] as? Int == 8, "\(to)")
            #expect(JSONHelpers.equal(diff["diffs"] as Any, bySeq["diffs"] as Any), "\(from) \(to)")
        }
    }

    @Test("Corrected to the 13th instead, the span runs from the 11th to the 13th")
    func correctedToTheThirteenth() throws {
        let walk = try CorrectionWalkthrough(correctedDay: "2019-11-13")
        let output = try walk.session.ok("diff", "military", "--toward", "morales", "--from-as-of", "@6", "--to-as-of", "@8")
        #expect(output.contains("\n    from 2019-11-11 until 2019-11-13: neutral -> calls-for-resignation\n"), "\(output)")
    }

    @Test("Before the call and after the wrong day: two spans, the last one running on")
    func spanThatRunsOn() throws {
        let walk = try CorrectionWalkthrough()
        let diff = try walk.session.json("diff", "military", "--toward", "morales", "--from-as-of", "@4", "--to-as-of", "@6")
        let first = try #require((diff["diffs"] as? [[String: Any]])?.first)
        #expect(JSONHelpers.equal(first["spans"] as Any, [
            ["from": "2019-11-10", "until": "2019-11-11", "old": "unknown", "new": "calls-for-resignation"],
            ["from": "2019-11-11", "until": NSNull(), "old": "unknown", "new": "neutral"],
        ]))
        #expect(Answer.seqs(first["events"]) == [5, 6])
        let text = try walk.session.ok("diff", "military", "--toward", "morales", "--from-as-of", "@4", "--to-as-of", "@6")
        #expect(text.contains("\n    from 2019-11-11 onwards: unknown -> neutral\n"), "\(text)")
    }

    @Test("Without --toward, the diff covers every target whose answers changed")
    func everyTarget() throws {
        let walk = try CorrectionWalkthrough()
        let diff = try walk.session.json("diff", "military", "--from-as-of", "@6", "--to-as-of", "@8")
        #expect((diff["diffs"] as? [[String: Any]])?.map { $0["toward"] as? String } == ["morales"])
        let text = try walk.session.ok("diff", "BOLMIL", "--from-as-of", "@6", "--to-as-of", "@8")
        #expect(text.hasPrefix(Self.header + "\n  toward Evo Morales (morales):\n"), "\(text)")
    }

    @Test("The events in between include retractions of retractions and the institution's role events")
    func eventsThatBearOnThePair() throws {
        var session = try CorrectionWalkthrough().session
        session.now = "2026-01-06T00:00:00Z"
        try session.ok("retract", try session.id(ofSeq: 5), "--reason", "misreported")
        session.now = "2026-01-07T00:00:00Z"
        try session.ok("retract", try session.id(ofSeq: 9), "--reason", "the report stands")
        session.now = "2026-01-08T00:00:00Z"
        try session.ok("actor", "role", "kaliman", "--in", "military", "--role", "spokesperson", "--from", "2019-11-01")
        session.now = Moment.late
        let withdrawn = try session.json("diff", "military", "--toward", "morales", "--from-as-of", "@8", "--to-as-of", "@9")
        let first = try #require((withdrawn["diffs"] as? [[String: Any]])?.first)
        #expect(JSONHelpers.equal(first["spans"] as Any, [["from": "2019-11-10", "until": "2019-11-12", "old": "calls-for-resignation", "new": "unknown"]]))
        #expect(Answer.seqs(first["events"]) == [9])
        let restored = try session.json("diff", "military", "--toward", "morales", "--from-as-of", "@9", "--to-as-of", "@11")
        let second = try #require((restored["diffs"] as? [[String: Any]])?.first)
        #expect(JSONHelpers.equal(second["spans"] as Any, [["from": "2019-11-10", "until": "2019-11-12", "old": "unknown", "new": "calls-for-resignation"]]))
        #expect(Answer.seqs(second["events"]) == [10, 11])
        #expect((second["events"] as? [[String: Any]])?.first?["retracts"] as? String == (try session.id(ofSeq: 9)))
        // Over the whole stretch the answers are back where they were; the events are still listed.
        let round = try session.json("diff", "military", "--toward", "morales", "--from-as-of", "@8", "--to-as-of", "@11")
        let third = try #require((round["diffs"] as? [[String: Any]])?.first)
        #expect((third["spans"] as? [Any])?.isEmpty == true)
        #expect(Answer.seqs(third["events"]) == [9, 10, 11])
    }

    @Test("Retracting a correction's retraction never leaves the original standing beside its replacement")
    func undoingACorrection() throws {
        let walk = try CorrectionWalkthrough()
        var session = walk.session
        session.now = "2026-01-06T00:00:00Z"
        let result = try session.run("retract", try session.id(ofSeq: 8), "--reason", "undo the correction")
        guard result.status == 0 else {
            Expect.status(result, 65)
            return
        }
        session.now = Moment.late
        let timeline = try session.json("timeline", "military", "--toward", "morales")
        let evidence = (timeline["changes"] as? [[String: Any]] ?? []).flatMap { Answer.seqs($0["evidence"]) }
        #expect(!(evidence.contains(6) && evidence.contains(7)), "\(Answer.changes(timeline["changes"]))")
    }

    @Test("The same moment twice, or two moments with nothing between them: no answer changed")
    func nothingChanged() throws {
        let walk = try CorrectionWalkthrough()
        let session = walk.session
        for (from, to) in [("@8", "@8"), ("@6", "@6"), ("2026-01-05T14:30Z", "@8")] {
            let text = try session.ok("diff", "military", "--from-as-of", from, "--to-as-of", to)
            Expect.sameOutput(text, "Armed Forces of Bolivia (bolivian-armed-forces) as recorded at \(from) (seq \(to == "@6" ? 6 : 8)) and at \(to) (seq \(to == "@6" ? 6 : 8)):\n  no answer changed\n", "\(from) \(to)")
            let json = try session.json("diff", "military", "--from-as-of", from, "--to-as-of", to)
            #expect((json["diffs"] as? [Any])?.isEmpty == true)
            let toward = try session.json("diff", "military", "--toward", "morales", "--from-as-of", from, "--to-as-of", to)
            let spans = (toward["diffs"] as? [[String: Any]])?.first?["spans"] as? [Any]
            #expect(spans?.isEmpty == true)
            let towardText = try session.ok("diff", "military", "--toward", "morales", "--from-as-of", from, "--to-as-of", to)
            #expect(towardText.contains("no answer changed") && !towardText.contains(" -> "), "\(towardText)")
        }
        // The setup (seq 1-5) and the questions asked since change nothing either.
        let setup = try session.ok("diff", "military", "--toward", "morales", "--from-as-of", "@8", "--to-as-of", Moment.late)
        #expect(setup.contains("no answer changed"))
    }

    // MARK: Refusals: exit 65 (64 for usage), one line, nothing written

    @Test("A first moment after the second is refused, naming both")
    func fromAfterTo() throws {
        let walk = try CorrectionWalkthrough()
        try walk.session.expectRefused([
            (["diff", "military", "--toward", "morales", "--from-as-of", "@8", "--to-as-of", "@6"], 65,
             "error: --from-as-of (@8, up to seq 8) comes after --to-as-of (@6, up to seq 6); give the earlier moment first."),
            (["diff", "military", "--from-as-of", "2026-01-05", "--to-as-of", "2026-01-02T12:00Z"], 65,
             "error: --from-as-of (2026-01-05, up to seq 8) comes after --to-as-of (2026-01-02T12:00Z, up to seq 6); give the earlier moment first."),
        ])
    }

    @Test("Bad moments are refused with the option named; a missing moment is a usage error")
    func badMoments() throws {
        let session = try CorrectionWalkthrough().session
        try session.expectRefused([
            (["diff", "military", "--from-as-of", "@0", "--to-as-of", "@8"], 65,
             "error: --from-as-of: @0 holds no events; seq starts at 1."),
            (["diff", "military", "--from-as-of", "@6", "--to-as-of", "@9"], 65,
             "error: --to-as-of: @9 is past the end of the log, which ends at seq 8."),
            (["diff", "military", "--from-as-of", "last week", "--to-as-of", "@8"], 65,
             "error: --from-as-of: 'last week' is not a date or time; use YYYY-MM-DD for a day or YYYY-MM-DDTHH:MM±HH:MM for an instant."),
            (["diff", "military", "--from-as-of", "@6", "--to-as-of", "2026-06-02"], 65,
             "error: --to-as-of: 2026-06-02 is in the future; the record cannot know more than it holds now."),
            (["diff", "military", "--from-as-of", "@6"], 64,
             "error: Missing expected argument '--to-as-of <when>'."),
            (["diff", "nobody", "--from-as-of", "@6", "--to-as-of", "@8"], 65,
             "error: no actor is called 'nobody'; register it with `stance actor add`, or see `stance actor list`."),
        ])
    }
}
