import Foundation
import Testing

/// Creating a store, registering actors, recording every type of the vocabulary, and reading
/// it all back with `actor list`, `actor show`, `events` and `info`.
@Suite("Recording events and reading them back")
struct RecordingTests {
    /// A store "s.sqlite" in UTC with four actors registered through `actor add` and a role.
    private func actorsStore() throws -> Sandbox {
        let sandbox = try Sandbox()
        Expect.success(try sandbox.run("--db", "s.sqlite", "init"))
        let adds: [[String]] = [
            ["morales", "--name", "Evo Morales", "--kind", "person", "--alias", "Evo", "--alias", "President Morales", "--on", "2019-10-20"],
            ["bolivian-armed-forces", "--name", "Armed Forces of Bolivia", "--kind", "institution", "--alias", "military", "--code", "BOLMIL", "--on", "2019-10-20"],
            ["kaliman", "--name", "Williams Kaliman", "--kind", "person", "--alias", "General Kaliman", "--on", "2019-10-20"],
            ["oas", "--name", "Organization of American States", "--kind", "igo", "--code", "OEA", "--on", "2019-10-20"],
        ]
        for (index, add) in adds.enumerated() {
            let result = try sandbox.run(["--db", "s.sqlite", "actor", "add"] + add)
            Expect.success(result)
            #expect(result.stdout.hasPrefix("Recorded seq \(index + 1) (id "), "\(result)")
        }
        let role = try sandbox.run("--db", "s.sqlite", "actor", "role", "General Kaliman", "--in", "BOLMIL", "--role", "commander", "--from", "2018-12-24")
        Expect.success(role)
        #expect(role.stdout.hasPrefix("Recorded seq 5 (id "))
        return sandbox
    }

    @Test("init creates an empty store in the given time zone, and info describes it")
    func initAndInfo() throws {
        let sandbox = try Sandbox()
        let created = try sandbox.run("init", "--db", "s.sqlite", "--timezone", "America/La_Paz")
        Expect.success(created)
        #expect(created.stdout == "Created an empty store at s.sqlite (time zone America/La_Paz).\n")
        let zeros = String(repeating: "0", count: 64)
        #expect(try sandbox.run("--db", "s.sqlite", "info").stdout == """
            path            s.sqlite
            schema version  5
            events          0
            chain head      (empty) \(zeros)
            time zone       America/La_Paz

            """)
        let info = try JSONHelpers.object(try sandbox.run("info", "--db", "s.sqlite", "--format", "json").stdout)
        #expect(info["path"] as? String == "s.sqlite")
        #expect(info["schemaVersion"] as? Int == 5)
        #expect(info["events"] as? Int == 0)
        #expect(info["timezone"] as? String == "America/La_Paz")
        #expect((info["head"] as? [String: Any])?["hash"] as? String == zeros)
        #expect(try sandbox.run("--db", "s.sqlite", "events").stdout == "No events match.\n")
        #expect(try sandbox.run("--db", "s.sqlite", "events", "--format", "json").stdout == "[]\n")
        #expect(try sandbox.run("--db", "s.sqlite", "events", "--format", "ndjson").stdout == "")
        #expect(try sandbox.run("--db", "s.sqlite", "actor", "list").stdout == "No actors registered yet; add one with `stance actor add`.\n")
    }

    @Test("The store is --db (before or after the command), else $STANCE_DB, else ./stance.sqlite")
    func storeLocation() throws {
        let sandbox = try Sandbox()
        Expect.success(try sandbox.run("init"))
        #expect(sandbox.exists("stance.sqlite"))
        Expect.success(try sandbox.run(["init"], environment: ["STANCE_DB": sandbox.path("env.sqlite")]))
        #expect(sandbox.exists("env.sqlite"))
        Expect.success(try sandbox.run("--db", "before.sqlite", "init", "--timezone", "Europe/Paris"))
        Expect.success(try sandbox.run("init", "--db", "after.sqlite", "--timezone", "Asia/Tokyo"))
        let zone = { (arguments: [String], environment: [String: String?]) throws -> String? in
            try JSONHelpers.object(try sandbox.run(arguments + ["info", "--format", "json"], environment: environment).stdout)["timezone"] as? String
        }
        #expect(try zone([], [:]) == "UTC")
        #expect(try zone(["--db", "before.sqlite"], [:]) == "Europe/Paris")
        #expect(try zone([], ["STANCE_DB": "after.sqlite"]) == "Asia/Tokyo")
        #expect(try zone(["--db", "before.sqlite"], ["STANCE_DB": "after.sqlite"]) == "Europe/Paris")
    }

    @Test("actor add registers names, aliases and codes; actor list and show print them")
    func actorsAreListedAndShown() throws {
        let sandbox = try actorsStore()
        #expect(try sandbox.run("--db", "s.sqlite", "actor", "list").stdout == """
            ID                     NAME                             KIND         ALIASES                 CODES
            bolivian-armed-forces  Armed Forces of Bolivia          institution  military                BOLMIL
            kaliman                Williams Kaliman                 person       General Kaliman
            morales                Evo Morales                      person       Evo, President Morales
            oas                    Organization of American States  igo                                  OEA

            """)
        for name in ["bolivian-armed-forces", "military", "BOLMIL", "bolmil", "Armed Forces of Bolivia"] {
            let shown = try sandbox.run("--db", "s.sqlite", "actor", "show", name)
            Expect.success(shown)
            #expect(shown.stdout == """
                Armed Forces of Bolivia (bolivian-armed-forces), institution
                  aliases: military
                  codes: BOLMIL
                  registered at seq 2
                  roles:
                    kaliman commander in bolivian-armed-forces, 2018-12-24 to now

                """, "actor show \(name)")
        }
        let list = try JSONHelpers.array(try sandbox.run("--db", "s.sqlite", "actor", "list", "--format", "json").stdout)
        #expect(list.map { $0["id"] as? String } == ["bolivian-armed-forces", "kaliman", "morales", "oas"])
        #expect(list[2]["aliases"] as? [String] == ["Evo", "President Morales"])
        #expect(list[3]["codes"] as? [String] == ["OEA"])
        let kaliman = try JSONHelpers.object(try sandbox.run("--db", "s.sqlite", "actor", "show", "kaliman", "--format", "json").stdout)
        #expect(kaliman["kind"] as? String == "person")
        let roles = try #require(kaliman["roles"] as? [[String: Any]])
        #expect(roles.count == 1)
        #expect(roles.first?["in"] as? String == "bolivian-armed-forces")
        #expect(roles.first?["role"] as? String == "commander")
        #expect(roles.first?["from"] as? String == "2018-12-24")
        #expect(roles.first?["until"] is NSNull)
        #expect(roles.first?["endedBySeq"] is NSNull)
    }

    /// One `record` per type of the vocabulary (actor-registered goes through `actor add`),
    /// with what the stored line must then hold.
    static let recordings: [(arguments: [String], stored: [String: String])] = [
        (["role-assigned", "--actor", "Evo", "--in", "OEA", "--role", "member", "--on", "2019-01-01", "--until", "2019-12-31"],
         ["actor": "morales", "in": "oas", "role": "member", "until": "2019-12-31"]),
        (["role-ended", "--actor", "morales", "--in", "oas", "--role", "member", "--on", "2019-06-30"],
         ["actor": "morales", "in": "oas", "role": "member", "occurredAt": "2019-06-30"]),
        (["statement-issued", "--actor", "Evo", "--toward", "OEA", "--position", "critical", "--quote", "a coup", "--on", "2019-11-10"],
         ["actor": "morales", "toward": "oas", "position": "critical", "quote": "a coup"]),
        (["support-declared", "--actor", "oas", "--toward", "morales", "--on", "2019-10-21", "--source", "https://example.org/1"],
         ["toward": "morales", "source": "https://example.org/1"]),
        (["support-withdrawn", "--actor", "oas", "--toward", "morales", "--on", "2019-10-25"], ["actor": "oas"]),
        (["resignation-called-for", "--actor", "military", "--toward", "Evo", "--strength", "suggested", "--on", "2019-11-10"],
         ["actor": "bolivian-armed-forces", "toward": "morales", "strength": "suggested"]),
        (["resignation-call-withdrawn", "--actor", "BOLMIL", "--toward", "morales", "--on", "2019-11-12"],
         ["actor": "bolivian-armed-forces", "precision": "day"]),
        (["dialogue-called-for", "--actor", "kaliman", "--at", "2019-11-12T10:00-04:00", "--summary", "calls for dialogue"],
         ["occurredAt": "2019-11-12T14:00:00Z", "precision": "instant", "summary": "calls for dialogue"]),
        (["force-refused", "--actor", "kaliman", "--toward", "Evo", "--on", "2019-11-12", "--confidence", "0.75"],
         ["toward": "morales", "confidence": "0.75"]),
        (["allegation-made", "--actor", "oas", "--toward", "morales", "--summary", "serious irregularities", "--on", "2019-11-10"],
         ["summary": "serious irregularities"]),
        (["protest-held", "--actor", "oas", "--toward", "President Morales", "--on", "2019-11-11"], ["toward": "morales"]),
        (["resigned", "--actor", "kaliman", "--toward", "military", "--on", "2019-11-14"],
         ["actor": "kaliman", "toward": "bolivian-armed-forces"]),
    ]

    @Test("record accepts every type of the vocabulary with its required fields, and stores ids for names")
    func recordEveryType() throws {
        let sandbox = try actorsStore()
        for (index, recording) in Self.recordings.enumerated() {
            let result = try sandbox.run(["--db", "s.sqlite", "record"] + recording.arguments)
            try #require(result.status == 0, "\(result)")
            #expect(result.stdout.hasPrefix("Recorded seq \(index + 6) (id "), "\(result)")
        }
        let lines = try JSONHelpers.lines(try sandbox.run("--db", "s.sqlite", "events", "--format", "ndjson").stdout)
        #expect(lines.count == 5 + Self.recordings.count)
        for (line, recording) in zip(lines.dropFirst(5), Self.recordings) {
            #expect(line["type"] as? String == recording.arguments[0])
            #expect(line["recordedBy"] as? String == Sandbox.user)
            #expect(line["recordedAt"] as? String == Sandbox.recordedAt)
            for (key, value) in recording.stored {
                #expect(line[key].map { "\($0)" } == value, "\(recording.arguments[0]) \(key)")
            }
        }
        let types = try JSONHelpers.array(try sandbox.run("types", "--format", "json").stdout).compactMap { $0["name"] as? String }
        // Actors are registered with `actor add` and events withdrawn with `retract`, each tested on its own.
        #expect(Set(types) == Set(["actor-registered", "event-retracted", "checkpoint-recorded"] + Self.recordings.map { $0.arguments[0] }),
                "every type of the vocabulary needs a recording here")
    }

    @Test("record actor-registered points to `actor add` (record has no --name or --kind to give)")
    func recordActorRegisteredPointsToActorAdd() throws {
        let sandbox = try actorsStore()
        let register = try sandbox.run("--db", "s.sqlite", "record", "actor-registered", "--actor", "x", "--on", "2019-01-01")
        Expect.failure(register, 64, "error: register actors with `stance actor add`, not `stance record actor-registered`.")
    }

    @Test("actor show tells when a role given --until was ended early by role-ended")
    func roleEndedEarlyIsShown() throws {
        let sandbox = try actorsStore()
        Expect.success(try sandbox.run(["--db", "s.sqlite", "record"] + Self.recordings[0].arguments))
        Expect.success(try sandbox.run(["--db", "s.sqlite", "record"] + Self.recordings[1].arguments))
        let shown = try sandbox.run("--db", "s.sqlite", "actor", "show", "morales")
        let line = try #require(shown.stdout.split(separator: "\n").first { $0.contains("member in oas") })
        #expect(line.contains("2019-06-30") || line.contains("ended by #7"), "\(line)")
        #expect(!line.hasSuffix("to 2019-12-31"), "\(line)")
    }

    @Test("Recording an id again with the same content says so, exits 0 and writes nothing")
    func sameIDSameContentIsANoOp() throws {
        let sandbox = try actorsStore()
        let id = "11111111-1111-4111-8111-111111111111"
        let first = try sandbox.run("--db", "s.sqlite", "record", "protest-held", "--actor", "oas", "--toward", "morales", "--on", "2019-11-11", "--id", id)
        #expect(first.stdout == "Recorded seq 6 (id \(id)).\n")
        let before = try sandbox.snapshot("s.sqlite")
        // The same event, its actors named by alias and code, recorded by someone else.
        let again = try sandbox.run(
            ["--db", "s.sqlite", "record", "protest-held", "--actor", "OEA", "--toward", "Evo", "--on", "2019-11-11", "--id", id],
            environment: ["STANCE_USER": "someone-else"])
        Expect.success(again)
        #expect(again.stdout == "Already recorded as seq 6 (id \(id)); nothing written.\n")
        let json = try sandbox.run("--db", "s.sqlite", "record", "protest-held", "--actor", "oas", "--toward", "morales", "--on", "2019-11-11", "--id", id, "--format", "json")
        #expect(json.stdout == "{\n  \"seq\": 6,\n  \"id\": \"\(id)\",\n  \"alreadyStored\": true\n}\n")
        #expect(try sandbox.snapshot("s.sqlite") == before)
    }

    @Test("recordedBy is --recorded-by, else $STANCE_USER; recordedAt is $STANCE_NOW")
    func whoAndWhenRecorded() throws {
        let sandbox = try actorsStore()
        Expect.success(try sandbox.run("--db", "s.sqlite", "record", "protest-held", "--actor", "oas", "--toward", "morales", "--on", "2019-11-11", "--recorded-by", "ana"))
        Expect.success(try sandbox.run(["--db", "s.sqlite", "record", "protest-held", "--actor", "oas", "--toward", "morales", "--on", "2019-11-12"],
                                       environment: ["STANCE_USER": "bea", "STANCE_NOW": "2026-02-03T04:05:06Z"]))
        let lines = try JSONHelpers.lines(try sandbox.run("--db", "s.sqlite", "events", "--format", "ndjson").stdout)
        #expect(lines.suffix(2).map { $0["recordedBy"] as? String } == ["ana", "bea"])
        #expect(lines.suffix(2).map { $0["recordedAt"] as? String } == [Sandbox.recordedAt, "2026-02-03T04:05:06.000000Z"])
    }
}
