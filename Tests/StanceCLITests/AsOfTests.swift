import Foundation
import Testing

/// `--as-of WHEN` on position, timeline, events and actor show: `@N`, an instant, or a day (its
/// end in the store's time zone), compared with `recorded_at`; and the moments it refuses.
@Suite("Answering as of a moment of the record")
struct AsOfTests {
    /// The example (seq 1-16, recorded 2026-01-01T00:00Z), then Kaliman made spokesperson too
    /// (seq 17, recorded 2026-01-06T02:00Z, which is still the 5th in La Paz), then the military
    /// declaring support on 13 November (seq 18, recorded 2026-01-08T00:00Z, still the 7th in
    /// La Paz). Questions are asked
    /// at `Moment.late`.
    static func store() throws -> StoreSession {
        var session = try StoreSession.bolivia(try Sandbox())
        session.now = "2026-01-06T02:00:00Z"
        try session.ok("actor", "role", "kaliman", "--in", "military", "--role", "spokesperson", "--from", "2019-11-01")
        session.now = "2026-01-08T00:00:00Z"
        try session.ok("record", "support-declared", "--actor", "military", "--toward", "morales", "--on", "2019-11-13")
        session.now = Moment.late
        return session
    }

    /// Each way of naming a moment, and the last seq it includes.
    static let moments: [(String, Int)] = [
        ("@1", 1), ("@16", 16), ("@17", 17), ("@18", 18),
        ("2026-01-06T01:59:59.999Z", 16), ("2026-01-06T02:00:00Z", 17), ("2026-01-05T22:00-04:00", 17),
        ("2026-01-05T21:59:59", 16), ("2026-01-05T22:00", 17),
        ("2026-01-04", 16), ("2026-01-05", 17), ("2026-01-06", 17), ("2026-01-07", 18), ("2026-01-08", 18), (Moment.late, 18),
    ]

    @Test("@N, instants (an offset, Z, or the store's zone) and days (their end in La Paz) include the right events")
    func momentsResolveToSeqs() throws {
        let session = try Self.store()
        for (moment, seq) in Self.moments where seq >= 2 {
            let answer = try session.json("position", "military", "--toward", "morales", "--on", "2019-11-13", "--as-of", moment)
            let asOf = try #require(answer["asOf"] as? [String: Any], "--as-of \(moment)")
            #expect(asOf["requested"] as? String == moment)
            #expect(asOf["seq"] as? Int == seq, "--as-of \(moment)")
            if seq >= 16 {
                #expect(answer["position"] as? String == (seq >= 18 ? "supports" : "neutral"), "--as-of \(moment)")
            } else {
                #expect(answer["position"] as? String == "unknown", "--as-of \(moment)")
            }
        }
        let whole = try session.json("position", "military", "--toward", "morales", "--on", "2019-11-13")
        #expect(whole["asOf"] is NSNull)
    }

    @Test("events --as-of lists exactly the events recorded up to the moment, filters included")
    func eventsAsOf() throws {
        let session = try Self.store()
        let all = try session.ok("events", "--format", "ndjson").split(separator: "\n")
        #expect(all.count == 18)
        for (moment, seq) in Self.moments {
            let lines = try session.ok("events", "--format", "ndjson", "--as-of", moment).split(separator: "\n")
            #expect(lines.count == seq, "--as-of \(moment)")
            #expect(lines == Array(all.prefix(lines.count)), "--as-of \(moment): not a prefix of the log")
        }
        let kaliman = try JSONHelpers.array(try session.ok("events", "--actor", "kaliman", "--format", "json", "--as-of", "2026-01-05"))
        #expect(kaliman.map { $0["seq"] as? Int } == [3, 7, 12, 13, 14, 15, 17])
        let csv = CSVReader.rows(try session.ok("events", "--format", "csv", "--as-of", "@16"))
        #expect(csv.count == 16)
    }

    @Test("actor show --as-of shows the roles recorded up to the moment")
    func actorShowAsOf() throws {
        let session = try Self.store()
        let now = try session.json("actor", "show", "General Kaliman")
        #expect(now["asOf"] is NSNull)
        #expect((now["roles"] as? [[String: Any]])?.map { $0["role"] as? String } == ["commander", "spokesperson"])
        let before = try session.json("actor", "show", "General Kaliman", "--as-of", "2026-01-04")
        #expect((before["roles"] as? [[String: Any]])?.map { $0["role"] as? String } == ["commander"])
        let asOf = try #require(before["asOf"] as? [String: Any])
        #expect(asOf["requested"] as? String == "2026-01-04")
        #expect(asOf["seq"] as? Int == 16)
        let text = try session.ok("actor", "show", "kaliman", "--as-of", "@16")
        #expect(text.contains("commander in bolivian-armed-forces"))
        #expect(!text.contains("spokesperson"))
        // An actor registered after the moment is unknown then.
        Expect.failure(try session.run("actor", "show", "kaliman", "--as-of", "@2"), 65,
                       "error: no actor is called 'kaliman'; register it with `stance actor add`, or see `stance actor list`.")
    }

    @Test("timeline --as-of replays only what was recorded; its JSON carries asOf, with and without --toward")
    func timelineAsOf() throws {
        let session = try Self.store()
        let before = try session.json("timeline", "military", "--toward", "morales", "--as-of", "@17")
        #expect(Answer.changes(before["changes"]) == ["2019-11-10  unknown->calls-for-resignation", "2019-11-12  calls-for-resignation->neutral"])
        #expect((before["asOf"] as? [String: Any])?["seq"] as? Int == 17)
        let after = try session.json("timeline", "military", "--toward", "morales", "--as-of", "@18")
        #expect(Answer.changes(after["changes"]).last == "2019-11-13  neutral->supports")
        let everyone = try session.json("timeline", "military", "--as-of", "2026-01-04")
        #expect((everyone["asOf"] as? [String: Any])?["seq"] as? Int == 16)
        #expect((everyone["timelines"] as? [[String: Any]])?.count == 1)
        let answers = try session.json("position", "military", "--on", "2019-11-13", "--as-of", "@17")
        #expect((answers["asOf"] as? [String: Any])?["seq"] as? Int == 17)
        #expect((answers["positions"] as? [[String: Any]])?.map { $0["position"] as? String } == ["neutral"])
    }

    // MARK: Refusals: exit 65, one sentence naming --as-of, nothing written

    static let commands: [[String]] = [
        ["position", "military", "--toward", "morales", "--on", "2019-11-12"],
        ["position", "military", "--on", "2019-11-12", "--format", "json"],
        ["timeline", "military", "--toward", "morales"],
        ["events", "--format", "ndjson"],
        ["actor", "show", "kaliman"],
    ]

    static let refusals: [(String, String)] = [
        ("yesterday", "error: --as-of: 'yesterday' is not a date or time; use YYYY-MM-DD for a day or YYYY-MM-DDTHH:MM±HH:MM for an instant."),
        ("", "error: --as-of: '' is not a date or time; use YYYY-MM-DD for a day or YYYY-MM-DDTHH:MM±HH:MM for an instant."),
        ("2026-13-01", "error: --as-of: '2026-13-01' is not a real date."),
        ("2026-06-01T00:00:00.001Z", "error: --as-of: 2026-06-01T00:00:00.001Z is in the future; the record cannot know more than it holds now."),
        ("2027-01-01", "error: --as-of: 2027-01-01 is in the future; the record cannot know more than it holds now."),
        ("@0", "error: --as-of: @0 holds no events; seq starts at 1."),
        ("@19", "error: --as-of: @19 is past the end of the log, which ends at seq 18."),
        ("@x", "error: --as-of: '@x' is not a seq; use @N with N from 1 to 18, or an instant."),
        ("@", "error: --as-of: '@' is not a seq; use @N with N from 1 to 18, or an instant."),
        ("@-1", "error: --as-of: '@-1' is not a seq; use @N with N from 1 to 18, or an instant."),
    ]

    @Test("Unparseable, future, @0, past-the-end and non-numeric moments are refused by every command", arguments: commands)
    func refusals(_ command: [String]) throws {
        let session = try Self.store()
        let before = try session.snapshot()
        for (moment, message) in Self.refusals {
            Expect.failure(try session.run(command + ["--as-of", moment]), 65, message)
        }
        #expect(try session.snapshot() == before)
    }

    @Test("The moment of the question itself is not in the future")
    func nowIsNotFuture() throws {
        let session = try Self.store()
        let answer = try session.json("position", "military", "--toward", "morales", "--on", "2019-11-13", "--as-of", Moment.late)
        #expect((answer["asOf"] as? [String: Any])?["seq"] as? Int == 18)
    }

    @Test("A moment before anything was recorded is refused with a message about --as-of, like @0")
    func beforeTheFirstEvent() throws {
        let session = try Self.store()
        for command in Self.commands {
            let before = try session.snapshot()
            let result = try session.run(command + ["--as-of", "2025-12-31T23:59:59Z"])
            Expect.status(result, 65)
            #expect(result.stderr.hasPrefix("error: --as-of: 2025-12-31T23:59:59Z "), "\(result)")
            #expect(result.stdout == "")
            #expect(try session.snapshot() == before)
        }
    }
}
