import Foundation
import StanceDomain
import Testing

/// The quick payload decoder may leave any payload to the general path, but whatever it does
/// decode must be exactly what the general path decodes, and it must never accept a payload the
/// general path refuses.
@Suite("PayloadDecoder agrees with the general decoder")
struct PayloadDecoderTests {
    let zone = Vocab.laPaz

    /// The general path's event, or nil when it refuses the payload.
    func general(_ type: EventType, _ payload: String) -> StanceEvent? {
        guard let object = try? JSON.parse(payload).objectValue else { return nil }
        return try? StanceEvent.decode(type: type, occurred: Vocab.day, fields: object, in: zone)
    }

    func quick(_ type: EventType, _ payload: String, keepText: Bool = true) -> StanceEvent? {
        var payload = payload
        let name = Array(type.name.utf8)
        guard let info = name.withUnsafeBufferPointer(PayloadDecoder.type(named:)) else { return nil }
        return payload.withUTF8 { PayloadDecoder.decode(info, occurred: Vocab.day, payload: $0, in: zone, keepText: keepText) }
    }

    func expectAgreement(_ type: EventType, _ payload: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = general(type, payload)
        let found = quick(type, payload)
        if expected == nil {
            #expect(found == nil, "quick path accepted what the general path refuses: \(type.name) \(payload)", sourceLocation: sourceLocation)
        } else if let found {
            #expect(found == expected, "\(type.name) \(payload)", sourceLocation: sourceLocation)
        }
    }

    /// The canonical payload of every type the quick path takes decodes on it.
    @Test(arguments: EventType.all.map(\.name))
    func canonicalPayloadsTakeTheQuickPath(name: String) throws {
        let type = Vocab.type(name)
        let event = try Vocab.decode(type, Vocab.fullFields(type))
        let payload = JSON.object(event.payload(in: zone)).serialized()
        expectAgreement(type, payload)
        let quick = quick(type, payload)
        if type.effect == .registersActor || type.effect == .recordsCheckpoint {
            #expect(quick == nil, "registrations and checkpoints are left to the general path")
        } else {
            #expect(quick == event)
            // Without the display text, the rest is the same.
            var trimmed = event
            (trimmed.summary, trimmed.quote, trimmed.source, trimmed.reason) = (nil, nil, nil, nil)
            #expect(self.quick(type, payload, keepText: false) == trimmed)
        }
    }

    static let protest = #"{"actor":"a-1","toward":"b-2""#

    /// Payloads at every edge of the rules: each must get the general path's answer.
    static let edges: [(type: String, payload: String)] = [
        ("protest-held", protest + "}"),
        ("protest-held", protest + #","summary":"s"}"#),
        ("protest-held", " { \"actor\" : \"a-1\" , \"toward\" : \"b-2\" } "),
        ("protest-held", #"{"actor":"a\u002d1","toward":"b-2"}"#),
        ("protest-held", protest + #","summary":"   "}"#),
        ("protest-held", protest + #","summary":"\t"}"#),
        ("protest-held", protest + #","summary":"\u00a0"}"#),
        ("protest-held", protest + #","summary":"\u0000"}"#),
        ("protest-held", protest + #","summary":"é"}"#),
        ("protest-held", protest + #","summary":"e\u0301"}"#),
        ("protest-held", protest + #","summary":"a\/b \"q\" \n"}"#),
        ("protest-held", protest + #","summary":null}"#),
        ("protest-held", protest + #","summary":"a","summary":"b"}"#),
        ("protest-held", protest + #","Summary":"a"}"#),
        ("protest-held", protest + #","summary":"a",}"#),
        ("protest-held", protest + #","summary":"a"} x"#),
        ("protest-held", protest + #","summary":"a""#),
        ("protest-held", protest + #","confidence":0.5}"#),
        ("protest-held", protest + #","confidence":5e-1}"#),
        ("protest-held", protest + #","confidence":1}"#),
        ("protest-held", protest + #","confidence":-0}"#),
        ("protest-held", protest + #","confidence":1.5}"#),
        ("protest-held", protest + #","confidence":01}"#),
        ("protest-held", protest + #","confidence":1e400}"#),
        ("protest-held", protest + #","confidence":"0.5"}"#),
        ("protest-held", protest + #","confidence":true}"#),
        ("protest-held", protest + #","aliases":["x"]}"#),
        ("protest-held", #"{"actor":"a-1","toward":"A-1"}"#),
        ("protest-held", #"{"actor":"a-1","toward":null}"#),
        ("protest-held", #"{"actor":"a-1"}"#),
        ("protest-held", #"[1,2]"#),
        ("protest-held", ""),
        ("resignation-called-for", protest + #","strength":"suggested"}"#),
        ("resignation-called-for", protest + #","strength":"polite"}"#),
        ("support-declared", protest + #","strength":"suggested"}"#),
        ("statement-issued", #"{"actor":"a-1","position":"supports","summary":"a"}"#),
        ("statement-issued", #"{"actor":"a-1","toward":"b-2","position":"neutral","quote":"a"}"#),
        ("statement-issued", #"{"actor":"a-1","toward":"b-2","position":"neutral"}"#),
        ("statement-issued", #"{"actor":"a-1","toward":"b-2","position":"unknown","quote":"a"}"#),
        ("statement-issued", #"{"actor":"a-1","toward":"b-2","position":"bogus","quote":"a"}"#),
        ("dialogue-called-for", #"{"actor":"a-1"}"#),
        ("role-assigned", #"{"actor":"a-1","in":"i-1","role":"member","until":"2020-01-01"}"#),
        ("role-assigned", #"{"actor":"a-1","in":"i-1","role":"member","until":"2001-01-01"}"#),
        ("role-assigned", #"{"actor":"a-1","in":"i-1","role":"member","until":"2020-01-01T10:00:00Z"}"#),
        ("role-assigned", #"{"actor":"a-1","in":"i-1","role":"boss"}"#),
        ("role-ended", #"{"actor":"a-1","in":"i-1","role":"leader"}"#),
        ("resigned", #"{"actor":"a-1","toward":"i-1"}"#),
        ("event-retracted", #"{"actor":"a-1","retracts":"3c33f9c5-572e-4aa8-8fcf-d4c7c4792bf8","reason":"r"}"#),
        ("event-retracted", #"{"actor":"a-1","retracts":"3C33F9C5-572E-4AA8-8FCF-D4C7C4792BF8","reason":"r"}"#),
        ("event-retracted", #"{"actor":"a-1","retracts":"not-a-uuid","reason":"r"}"#),
        ("event-retracted", #"{"actor":"a-1","retracts":"3c33f9c5-572e-4aa8-8fcf-d4c7c4792bf8","reason":"r","replacedBy":"4c33f9c5-572e-4aa8-8fcf-d4c7c4792bf8"}"#),
        ("support-declared", protest + #","replaces":"3c33f9c5-572e-4aa8-8fcf-d4c7c4792bf8"}"#),
        ("event-retracted", #"{"actor":"a-1","retracts":"3c33f9c5-572e-4aa8-8fcf-d4c7c4792bf8"}"#),
        ("actor-registered", #"{"actor":"a-1","name":"A","kind":"person"}"#),
    ]

    @Test(arguments: Self.edges.indices)
    func edgesGetTheGeneralAnswer(index: Int) {
        let (name, payload) = Self.edges[index]
        expectAgreement(Vocab.type(name), payload)
    }

    @Test("text longer than the limit is refused on both paths")
    func longText() {
        let long = String(repeating: "x", count: EventField.maximumTextBytes + 1)
        expectAgreement(Vocab.type("protest-held"), Self.protest + #","summary":"\#(long)"}"#)
        expectAgreement(Vocab.type("protest-held"), Self.protest + #","summary":"\#(long.dropLast())"}"#)
    }

    @Test("a type is found by its exact bytes only")
    func typeByName() {
        for name in ["protest-held", "Protest-held", "protest-held ", ""] {
            let bytes = Array(name.utf8)
            let found = bytes.withUnsafeBufferPointer(PayloadDecoder.type(named:))
            #expect(found?.type.name == EventType.named(name)?.name)
        }
    }
}
