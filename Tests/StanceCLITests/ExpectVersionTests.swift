import Foundation
import Testing

/// `record --expect-version N`: the actor's stream must be at version N when the event is
/// appended, checked inside the write transaction; `info --stream ACTOR` shows that version.
/// Of two writers that read the same version, exactly one records and the other exits 75
/// having written nothing.
@Suite("record --expect-version")
struct ExpectVersionTests {
    /// Kaliman's stream in the Bolivia example: registered, a role, and four statements.
    static let kalimanVersion = 6

    static func protest(_ actor: String = "kaliman", expect version: Int, summary: String = "a protest") -> [String] {
        ["record", "protest-held", "--actor", actor, "--toward", "morales", "--on", "2019-11-11",
         "--summary", summary, "--expect-version", "\(version)"]
    }

    static func conflict(_ stream: String, expected: Int, current: Int) -> String {
        "error: --expect-version \(expected) does not hold: the stream of '\(stream)' is at version \(current) (something was "
            + "recorded for it since that version was read), so nothing was written; review it with `stance events --actor \(stream)`, "
            + "then retry with --expect-version \(current) if the event still stands."
    }

    @Test("info --stream shows the version, by id, alias or code, as text and JSON")
    func infoShowsTheStreamVersion() throws {
        let sandbox = try Sandbox()
        let session = try StoreSession.bolivia(sandbox)
        let text = try session.ok("info", "--stream", "General Kaliman")
        #expect(text.hasSuffix("stream kaliman  version \(Self.kalimanVersion)\n"), "\(text)")
        let object = try session.json("info", "--stream", "BOLMIL")
        let stream = object["stream"] as? [String: Any]
        #expect(stream?["actor"] as? String == "bolivian-armed-forces")
        #expect(stream?["version"] as? Int == 1, "registered only: Kaliman speaks for it from his own stream")
        #expect(try session.json("info")["stream"] == nil, "without --stream the JSON keeps its documented keys")
        Expect.failure(try session.run("info", "--stream", "nobody"), 65,
                       "error: --stream: no actor is called 'nobody'; register it with `stance actor add`, or see `stance actor list`.")
    }

    @Test("the right version records, and the stream moves on by one")
    func matchingVersionRecords() throws {
        let sandbox = try Sandbox()
        let session = try StoreSession.bolivia(sandbox)
        let result = try session.run(Self.protest(expect: Self.kalimanVersion))
        Expect.success(result)
        #expect(result.stdout.hasPrefix("Recorded seq 17 (id "), "\(result)")
        let stream = try session.json("info", "--stream", "kaliman")["stream"] as? [String: Any]
        #expect(stream?["version"] as? Int == Self.kalimanVersion + 1)
        let event = try session.events().last
        #expect(event?["stream"] as? String == "kaliman")
        #expect(event?["streamVersion"] as? Int == Self.kalimanVersion + 1)
    }

    @Test("a new actor's stream is at 0 until it is registered; an alias names the actor's stream")
    func versionZeroAndAliases() throws {
        let sandbox = try Sandbox()
        let session = try StoreSession.bolivia(sandbox)
        Expect.success(try session.run("actor", "add", "mesa", "--name", "Carlos Mesa", "--kind", "person", "--alias", "Mesa"))
        Expect.success(try session.run(Self.protest("Mesa", expect: 1)))
        try session.expectRefused(Self.protest("mesa", expect: 0), 75, Self.conflict("mesa", expected: 0, current: 2))
    }

    @Test("a stale or a future version exits 75 with the versions and writes nothing", arguments: [0, 5, 7, 1000])
    func wrongVersionIsRefused(expected: Int) throws {
        let sandbox = try Sandbox()
        let session = try StoreSession.bolivia(sandbox)
        try session.expectRefused(Self.protest(expect: expected), 75, Self.conflict("kaliman", expected: expected, current: Self.kalimanVersion))
    }

    @Test("a negative version is a usage error")
    func negativeVersionIsAUsageError() throws {
        let sandbox = try Sandbox()
        let session = try StoreSession.bolivia(sandbox)
        let result = try session.run(["record", "protest-held", "--actor", "kaliman", "--toward", "morales", "--on", "2019-11-11",
                                      "--expect-version=-1"])
        Expect.status(result, 64)
        #expect(result.stderr.hasPrefix("error: --expect-version takes a stream version, 0 or more, not -1.\n"), "\(result)")
    }

    @Test("an id already stored with the same content is still a no-op, whatever the version")
    func idempotentRecordIgnoresTheVersion() throws {
        let sandbox = try Sandbox()
        let session = try StoreSession.bolivia(sandbox)
        let id = "cccccccc-0000-4000-8000-000000000001"
        Expect.success(try session.run(Self.protest(expect: Self.kalimanVersion) + ["--id", id]))
        let again = try session.run(Self.protest(expect: Self.kalimanVersion) + ["--id", id])
        Expect.success(again)
        #expect(again.stdout == "Already recorded as seq 17 (id \(id)); nothing written.\n", "\(again)")
    }

    /// Two processes read the same version and race to record; the start order alternates and
    /// the actors differ between rounds, so neither the first started nor one stream always wins.
    @Test("two writers with the same expected version: exactly one wins, the other exits 75", arguments: 0..<6)
    func racingWritersOneWins(round: Int) throws {
        let sandbox = try Sandbox()
        let session = try StoreSession.bolivia(sandbox)
        let actor = ["kaliman", "morales", "bolivian-armed-forces"][round % 3]
        let version = try #require((try session.json("info", "--stream", actor)["stream"] as? [String: Any])?["version"] as? Int)
        let before = try session.snapshot()
        var names = ["first", "second"]
        if round % 2 == 1 { names.reverse() }
        let toward = actor == "morales" ? "kaliman" : "morales"
        let running = try names.map { name in
            try sandbox.start(["--db", session.db, "record", "statement-issued", "--actor", actor, "--toward", toward,
                               "--position", "critical", "--on", "2019-11-11", "--summary", "\(name) writer",
                               "--expect-version", "\(version)"])
        }
        let results = try running.map { try $0.wait() }
        let winners = results.filter { $0.status == 0 }
        let losers = results.filter { $0.status != 0 }
        #expect(winners.count == 1, "\(results)")
        for loser in losers {
            Expect.failure(loser, 75, Self.conflict(actor, expected: version, current: version + 1))
        }
        let events = try session.events()
        #expect(events.count == before.events + 1)
        #expect(events.last?["streamVersion"] as? Int == version + 1)
        if let winner = winners.first, let summary = events.last?["summary"] as? String {
            let name = summary.replacingOccurrences(of: " writer", with: "")
            #expect(winner.arguments.contains("\(name) writer"), "the event stored is the winner's: \(summary)")
        }
        Expect.success(try session.run(["audit"]))
    }
}
