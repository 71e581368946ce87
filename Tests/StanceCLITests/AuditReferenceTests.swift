import Foundation
import Testing

/// Events that decode but point at nothing earlier in the log, appended properly chained (as a
/// buggy or foreign writer would), so that only the audit's reference check can tell.
@Suite("Audit: references", .enabled(if: RawStore.hasPython, "needs python3 to append a chained row"))
struct AuditReferenceTests {
    struct Case: Sendable, CustomStringConvertible {
        var type: String
        var stream: String
        var payload: String
        var expected: String
        var description: String { "\(type) in \(stream): \(payload)" }
    }

    static let cases = [
        Case(type: "support-declared", stream: "oas", payload: #"{"actor":"oas","toward":"nobody"}"#,
             expected: "toward naming an actor registered earlier"),
        Case(type: "support-declared", stream: "nobody", payload: #"{"actor":"nobody","toward":"morales"}"#,
             expected: "actor naming an actor registered earlier"),
        Case(type: "support-declared", stream: "morales", payload: #"{"actor":"oas","toward":"morales"}"#,
             expected: "stream 'oas' (the event's actor)"),
        Case(type: "event-retracted", stream: "oas", payload: #"{"actor":"oas","retracts":"f0f0f0f0-0000-4000-8000-000000000099","reason":"x"}"#,
             expected: "retracts naming an earlier event"),
        Case(type: "actor-registered", stream: "morales", payload: #"{"actor":"morales","name":"Evo again","kind":"person"}"#,
             expected: "a new actor id"),
    ]

    @Test("A dangling reference is a reference finding at its seq, and answers still come", arguments: cases)
    func danglingReference(_ reference: Case) throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore("b.sqlite")
        let seq = try RawStore.appendRaw(sandbox.path("b.sqlite"), id: "f0f0f0f0-0000-4000-8000-000000000017",
                                         type: reference.type, stream: reference.stream, payload: reference.payload)
        #expect(seq == 17)
        let report = try sandbox.audit("b.sqlite")
        #expect(report.result.status == 1 && report.findings == ["17:reference"], "\(report)")
        #expect(report.findingObjects.first?["expected"] as? String == reference.expected, "\(report)")
        let answer = try sandbox.run("--db", "b.sqlite", "position", "military", "--toward", "morales", "--on", "2019-11-10")
        #expect(answer.status == 0, "\(answer)")
    }

    @Test("A retraction of an event recorded after it is a reference finding")
    func retractionOfALaterEvent() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore("b.sqlite")
        let later = "f0f0f0f0-0000-4000-8000-000000000018"
        try RawStore.appendRaw(sandbox.path("b.sqlite"), id: "f0f0f0f0-0000-4000-8000-000000000017", type: "event-retracted", stream: "oas",
                               payload: #"{"actor":"oas","retracts":"\#(later)","reason":"x"}"#)
        try RawStore.appendRaw(sandbox.path("b.sqlite"), id: later, type: "support-declared", stream: "oas",
                               payload: #"{"actor":"oas","toward":"morales"}"#)
        let report = try sandbox.audit("b.sqlite")
        #expect(report.findings == ["17:reference"], "\(report)")
    }
}
