import Foundation
import StanceTesting
import Testing
import StanceDomain

/// The stored payload is canonical (the same event gives the same bytes, keys in
/// `EventField` order) and decodes back to the same event.
@Suite("StanceEvent payload coding")
struct StanceEventCodingTests {
    static let names = EventType.all.map(\.name)
    let zone = Vocab.laPaz

    func bytes(_ event: StanceEvent) -> String {
        JSON.object(event.payload(in: zone)).serialized()
    }

    func roundTrip(_ event: StanceEvent, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let payload = event.payload(in: zone)
        let decoded = try StanceEvent.decode(type: event.type, occurred: event.occurred, fields: payload, in: zone)
        #expect(decoded == event, sourceLocation: sourceLocation)
        // Through the bytes, as the store keeps them.
        let text = bytes(event)
        let reparsed = try #require(try JSON.parse(text).objectValue, sourceLocation: sourceLocation)
        let fromText = try StanceEvent.decode(type: event.type, occurred: event.occurred, fields: reparsed, in: zone)
        #expect(fromText == event, sourceLocation: sourceLocation)
        #expect(bytes(fromText) == text, "re-encoding changed the bytes", sourceLocation: sourceLocation)
    }

    @Test(arguments: names)
    func keysFollowTheEventFieldOrder(name: String) throws {
        let type = Vocab.type(name)
        let event = try Vocab.decode(type, Vocab.fullFields(type))
        let keys = event.payload(in: zone).keys
        let canonical = EventField.allCases.map(\.rawValue).filter(keys.contains)
        #expect(keys == canonical)
        #expect(Set(keys) == Set(type.accepted.map(\.rawValue)))
    }

    @Test(arguments: names)
    func theSameEventGivesTheSameBytesWhateverTheInputOrder(name: String) throws {
        let type = Vocab.type(name)
        let fields = Vocab.fullFields(type)
        let reference = bytes(try Vocab.decode(type, fields))
        var generator = SplitMix64(seed: UInt64(name.utf8.count) &* 7919)
        for _ in 0..<20 {
            let shuffled = JSONObject(fields.map { ($0.key, $0.value) }.shuffled(using: &generator))
            #expect(bytes(try Vocab.decode(type, shuffled)) == reference)
        }
        // And the same event built twice in code.
        #expect(bytes(try Vocab.decode(type, fields)) == reference)
    }

    @Test(arguments: names)
    func decodeOfEncodeIsTheEvent(name: String) throws {
        let type = Vocab.type(name)
        try roundTrip(try Vocab.decode(type, Vocab.fullFields(type)))
        try roundTrip(try Vocab.decode(type, Vocab.minimalFields(type)))
    }

    @Test func absentFieldsAreLeftOutNotWrittenAsNull() throws {
        let type = Vocab.type("actor-registered")
        var event = StanceEvent(type: type, occurred: Vocab.day, actor: "evo")
        event.name = "Evo Morales"
        event.kind = .person
        #expect(bytes(event) == #"{"actor":"evo","name":"Evo Morales","kind":"person"}"#)
        event.aliases = ["Evo", "Evo Morales"]
        #expect(bytes(event) == #"{"actor":"evo","name":"Evo Morales","kind":"person","aliases":["Evo","Evo Morales"]}"#)
    }

    @Test func aKnownEventHasKnownBytes() throws {
        var event = StanceEvent(type: Vocab.type("resignation-called-for"), occurred: Vocab.day, actor: "kaliman")
        // Set in an order unlike the canonical one.
        event.confidence = 0.5
        event.source = "Seed article"
        event.strength = .suggested
        event.toward = "morales"
        event.quote = "\"resign\"\n— Kaliman"
        #expect(bytes(event) == #"{"actor":"kaliman","toward":"morales","strength":"suggested","quote":"\"resign\"\n— Kaliman","source":"Seed article","confidence":0.5}"#)
        try roundTrip(event)

        var role = StanceEvent(type: Vocab.type("role-assigned"), occurred: Vocab.day, actor: "kaliman")
        role.until = .instant(1_573_419_000_123)
        role.role = .commander
        role.institution = "bolivian-armed-forces"
        #expect(bytes(role) == #"{"actor":"kaliman","in":"bolivian-armed-forces","role":"commander","until":"2019-11-10T16:50:00.123-04:00"}"#)
        try roundTrip(role)
    }

    @Test func confidenceWrittenAsAnIntegerReadsAsTheSameNumber() throws {
        let type = Vocab.type("support-declared")
        for (value, expected) in [(JSON.int(1), 1.0), (.int(0), 0.0), (.double(1.0), 1.0), (.double(0.25), 0.25)] {
            var fields = Vocab.minimalFields(type)
            fields["confidence"] = value
            let event = try Vocab.decode(type, fields)
            #expect(event.confidence == expected)
            try roundTrip(event)
        }
    }

    /// Random events of every type, built in code, survive the round trip byte for byte.
    @Test(arguments: 0..<25)
    func randomEventsRoundTrip(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed &+ 0xC0FFEE)
        let texts = [
            "Evo", "Morales \"Evo\"", "línea\nnueva", "tab\there", "back\\slash", "emoji 🇧🇴✊🏽", "مرحبا",
            "\u{2028}sep", "a", "  padded  ", "Zoë", "日本語のテキスト",
        ]
        func text() -> String { texts.randomElement(using: &rng)! }
        func maybe() -> Bool { Bool.random(using: &rng) }
        for _ in 0..<40 {
            let type = EventType.all.randomElement(using: &rng)!
            let start = Int64.random(in: 1_500_000_000_000...1_700_000_000_000, using: &rng)
            let occurred: WorldTime = maybe()
                ? .instant(start)
                : .day(zone.civilDate(at: start))
            let actor = type.effect == .registersActor ? "actor-\(rng.next() % 1000)"
                : type.required.contains(.actor) ? text() : StanceEvent.storeStream
            var event = StanceEvent(type: type, occurred: occurred, actor: actor)
            for field in type.accepted where field != .actor && (type.required.contains(field) || maybe()) {
                switch field {
                case .toward: event.toward = "target-\(rng.next() % 100)"
                case .position: event.position = Position.recordable.randomElement(using: &rng)
                case .strength: event.strength = ResignationStrength.allCases.randomElement(using: &rng)
                case .name: event.name = text()
                case .kind: event.kind = ActorKind.allCases.randomElement(using: &rng)
                case .aliases: event.aliases = (0..<Int.random(in: 1...3, using: &rng)).map { _ in text() }
                case .codes: event.codes = ["BOL\(rng.next() % 100)"]
                case .institution: event.institution = "institution-\(rng.next() % 10)"
                case .role: event.role = Role.allCases.randomElement(using: &rng)
                case .until:
                    let end = occurred.endMillis(in: zone) + Int64.random(in: 1...400_000_000_000, using: &rng)
                    event.until = maybe() ? .instant(end) : .day(zone.civilDate(at: end))
                case .summary: event.summary = text()
                case .quote: event.quote = text()
                case .source: event.source = text()
                case .confidence: event.confidence = Double.random(in: 0...1, using: &rng)
                case .retracts: event.retracts = fixtureID(Int(rng.next() >> 16))
                case .reason: event.reason = text()
                case .replacedBy: event.replacedBy = fixtureID(Int(rng.next() >> 16))
                case .replaces: event.replaces = fixtureID(Int(rng.next() >> 16))
                case .coversSeq: event.coversSeq = Int64.random(in: 1...1_000_000, using: &rng)
                case .head: event.head = String(repeating: "ab", count: 32)
                case .digests: event.digests = ["directory": String(repeating: "0f", count: 32), "positions": String(repeating: "1e", count: 32)]
                case .signature: event.signature = String(repeating: "c3", count: 64)
                case .publicKey: event.publicKey = String(repeating: "d4", count: 32)
                case .actor: break
                }
            }
            if event.signature != nil || event.publicKey != nil {
                event.signature = String(repeating: "c3", count: 64)
                event.publicKey = String(repeating: "d4", count: 32)
            }
            if event.position != nil && event.toward == nil { event.toward = "target-x" }
            if type.effect == .setsGivenPosition && event.summary == nil && event.quote == nil { event.summary = text() }
            try event.validate(in: zone)
            try roundTrip(event)
        }
    }
}
