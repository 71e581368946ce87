import Foundation
import Testing

/// The Bolivia 2019 example, imported into a store in America/La_Paz: the answers the project
/// promises, pinned byte for byte in Fixtures/ and checked for what they mean.
@Suite("Answers about the Bolivia 2019 example")
struct ExampleAnswersTests {
    /// A question about the example and the golden file holding its exact answer.
    struct Question: CustomTestStringConvertible, Sendable {
        var arguments: [String]
        var golden: String
        var testDescription: String { "stance " + arguments.joined(separator: " ") }
    }

    static let questions: [Question] = [
        Question(arguments: ["position", "military", "--toward", "morales", "--on", "2019-11-09", "--format", "json"],
                 golden: "position-military-morales-2019-11-09.json"),
        Question(arguments: ["position", "military", "--toward", "morales", "--on", "2019-11-10", "--format", "json"],
                 golden: "position-military-morales-2019-11-10.json"),
        Question(arguments: ["position", "military", "--toward", "morales", "--on", "2019-11-12", "--format", "json"],
                 golden: "position-military-morales-2019-11-12.json"),
        Question(arguments: ["position", "BOLMIL", "--toward", "Evo Morales", "--at", "2019-11-10T16:50-04:00", "--format", "json"],
                 golden: "position-BOLMIL-evo-2019-11-10T16-50.json"),
        Question(arguments: ["timeline", "military", "--toward", "morales", "--format", "json"],
                 golden: "timeline-military-morales.json"),
        Question(arguments: ["position", "military", "--on", "2019-11-12", "--format", "json"],
                 golden: "position-military-2019-11-12.json"),
    ]

    @Test("Answers equal their golden files byte for byte", arguments: questions)
    func answerMatchesGolden(_ question: Question) throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore()
        let result = try sandbox.run(["--db", "bolivia.sqlite"] + question.arguments)
        Expect.success(result)
        try Golden.expect(result.stdout, matches: question.golden)
    }

    @Test("demo --format json equals its golden file")
    func demoJSONMatchesGolden() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run("demo", "--format", "json")
        Expect.success(result)
        try Golden.expect(result.stdout, matches: "demo.json")
    }

    @Test("demo --db PATH keeps the demo store at PATH")
    func demoKeepsItsStoreWhereAsked() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run("demo", "--db", "kept.sqlite")
        Expect.success(result)
        #expect(result.stdout.hasPrefix("Loaded 16 events from the Bolivia 2019 example into kept.sqlite (time zone America/La_Paz)."))
        #expect(sandbox.exists("kept.sqlite"))
        #expect(try sandbox.snapshot("kept.sqlite").events == 16)
    }

    @Test("The demo gives the same answers as asking a store holding the example file")
    func demoAgreesWithTheExampleFile() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore()
        let demo = try JSONHelpers.object(try sandbox.run("demo", "--format", "json").stdout)
        #expect(demo["events"] as? Int == 16)
        #expect(demo["store"] is NSNull)
        let positions = try #require(demo["positions"] as? [Any])
        for (index, day) in ["2019-11-09", "2019-11-10", "2019-11-12"].enumerated() {
            let asked = try sandbox.run("--db", "bolivia.sqlite", "position", "military", "--toward", "morales", "--on", day, "--format", "json")
            #expect(JSONHelpers.equal(positions[index], try JSONHelpers.parse(asked.stdout)), "position on \(day)")
        }
        let timeline = try sandbox.run("--db", "bolivia.sqlite", "timeline", "military", "--toward", "morales", "--format", "json")
        #expect(JSONHelpers.equal(demo["timeline"] as Any, try JSONHelpers.parse(timeline.stdout)))
    }

    // MARK: What the answers mean (the review behind the goldens)

    private func answer(_ arguments: String...) throws -> [String: Any] {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore()
        let result = try sandbox.run(["--db", "bolivia.sqlite"] + arguments + ["--format", "json"])
        Expect.success(result)
        return try JSONHelpers.object(result.stdout)
    }

    @Test("On 9 November nothing recorded sets the military's position: unknown, and certain")
    func ninthNovemberIsUnknown() throws {
        let answer = try answer("position", "military", "--toward", "morales", "--on", "2019-11-09")
        #expect(answer["actor"] as? String == "bolivian-armed-forces")
        #expect(answer["toward"] as? String == "morales")
        #expect(answer["position"] as? String == "unknown")
        #expect(answer["since"] is NSNull)
        #expect(answer["certain"] as? Bool == true)
        for key in ["evidence", "signals", "changes", "uncertainBecause"] {
            #expect((answer[key] as? [Any])?.isEmpty == true, "\(key)")
        }
    }

    @Test("On 10 November the military calls for resignation (suggested), spoken by Kaliman as its commander")
    func tenthNovemberCallsForResignation() throws {
        let answer = try answer("position", "military", "--toward", "morales", "--on", "2019-11-10")
        #expect(answer["position"] as? String == "calls-for-resignation")
        #expect(answer["since"] as? String == "2019-11-10")
        #expect(answer["certain"] as? Bool == true)
        let evidence = try #require(answer["evidence"] as? [[String: Any]])
        #expect(evidence.map { $0["seq"] as? Int } == [12])
        let statement = try #require(evidence.first)
        #expect(statement["id"] as? String == BoliviaExample.id(12))
        #expect(statement["type"] as? String == "resignation-called-for")
        #expect(statement["actor"] as? String == "kaliman")
        #expect(statement["speakingFor"] as? String == "bolivian-armed-forces")
        #expect(statement["role"] as? String == "commander")
        #expect(statement["strength"] as? String == "suggested")
        let changes = try #require(answer["changes"] as? [[String: Any]])
        #expect(changes.map { "\($0["from"] ?? "")->\($0["to"] ?? "")" } == ["unknown->calls-for-resignation"])
    }

    @Test("On 12 November the military is neutral after withdrawing the call, with the call for dialogue as a signal")
    func twelfthNovemberIsNeutral() throws {
        let answer = try answer("position", "military", "--toward", "morales", "--on", "2019-11-12")
        #expect(answer["position"] as? String == "neutral")
        #expect(answer["since"] as? String == "2019-11-12")
        let evidence = try #require(answer["evidence"] as? [[String: Any]])
        #expect(evidence.map { $0["seq"] as? Int } == [15])
        #expect(evidence.first?["type"] as? String == "resignation-call-withdrawn")
        let signals = try #require(answer["signals"] as? [[String: Any]])
        // The refusal of force (seq 13) is toward the protesters, not Morales: not a signal here.
        #expect(signals.map { $0["seq"] as? Int } == [14])
        #expect(signals.first?["type"] as? String == "dialogue-called-for")
        #expect(signals.first?["speakingFor"] as? String == "bolivian-armed-forces")
        let changes = try #require(answer["changes"] as? [[String: Any]])
        #expect(changes.map { "\($0["from"] ?? "")->\($0["to"] ?? "")" } == ["calls-for-resignation->neutral"])
    }

    @Test("At 16:50 on 10 November the answer is not certain: the day-dated statement (seq 12) may come before or after")
    func instantOnTheTenthIsUncertain() throws {
        let answer = try answer("position", "BOLMIL", "--toward", "Evo Morales", "--at", "2019-11-10T16:50-04:00")
        #expect(answer["actor"] as? String == "bolivian-armed-forces")
        #expect(answer["toward"] as? String == "morales")
        #expect(answer["at"] as? String == "2019-11-10T16:50:00-04:00")
        #expect(answer["precision"] as? String == "instant")
        #expect(answer["certain"] as? Bool == false)
        #expect(answer["position"] as? String == "unknown")
        let uncertain = try #require(answer["uncertainBecause"] as? [[String: Any]])
        #expect(uncertain.map { $0["seq"] as? Int } == [12])
    }

    @Test("An instant given in UTC is read as the same moment: 02:00Z on the 11th is still the 10th in La Paz")
    func instantInAnotherOffsetIsTheSameMoment() throws {
        let answer = try answer("position", "military", "--toward", "morales", "--at", "2019-11-11T02:00Z")
        #expect(answer["at"] as? String == "2019-11-10T22:00:00-04:00")
        #expect(answer["certain"] as? Bool == false)
        let next = try self.answer("position", "military", "--toward", "morales", "--at", "2019-11-11T04:00Z")
        #expect(next["certain"] as? Bool == true)
        #expect(next["position"] as? String == "calls-for-resignation")
    }

    @Test("The timeline has exactly two changes: to calls-for-resignation on the 10th, to neutral on the 12th")
    func timelineHasTwoChanges() throws {
        let timeline = try answer("timeline", "military", "--toward", "morales")
        #expect(timeline["before"] as? String == "unknown")
        let changes = try #require(timeline["changes"] as? [[String: Any]])
        #expect(changes.map { $0["occurredAt"] as? String } == ["2019-11-10", "2019-11-12"])
        #expect(changes.map { $0["to"] as? String } == ["calls-for-resignation", "neutral"])
        #expect(changes.map { ($0["event"] as? [String: Any])?["seq"] as? Int } == [12, 15])
    }

    @Test("Without --toward, the military's positions on 12 November are toward Morales only")
    func positionsTowardEveryone() throws {
        let answer = try answer("position", "military", "--on", "2019-11-12")
        #expect(answer["actor"] as? String == "bolivian-armed-forces")
        let positions = try #require(answer["positions"] as? [[String: Any]])
        #expect(positions.map { $0["toward"] as? String } == ["morales"])
        #expect(positions.first?["position"] as? String == "neutral")
    }

    @Test("The text answers say the same as the JSON ones")
    func textAnswers() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore()
        let tenth = try sandbox.run("--db", "bolivia.sqlite", "position", "military", "--toward", "morales", "--on", "2019-11-10")
        Expect.success(tenth)
        let lines = tenth.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "Armed Forces of Bolivia (bolivian-armed-forces) toward Evo Morales (morales) on 2019-11-10: calls-for-resignation")
        #expect(lines.contains("    #12  2019-11-10  resignation-called-for (suggested)  by Williams Kaliman (kaliman), commander of bolivian-armed-forces"))
        let ninth = try sandbox.run("--db", "bolivia.sqlite", "position", "military", "--toward", "morales", "--on", "2019-11-09")
        #expect(ninth.stdout == "Armed Forces of Bolivia (bolivian-armed-forces) toward Evo Morales (morales) on 2019-11-09: unknown\n  nothing recorded sets a position up to then\n")
    }

    @Test("Answers do not depend on the system time zone")
    func answersIgnoreTheSystemTimeZone() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore()
        let arguments = ["--db", "bolivia.sqlite", "position", "military", "--toward", "morales", "--at", "2019-11-10T16:50", "--format", "json"]
        let outputs = try ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kathmandu"].map { zone in
            try sandbox.run(arguments, environment: ["TZ": zone]).stdout
        }
        #expect(Set(outputs).count == 1)
        try Golden.expect(outputs[0], matches: "position-BOLMIL-evo-2019-11-10T16-50.json")
    }
}
