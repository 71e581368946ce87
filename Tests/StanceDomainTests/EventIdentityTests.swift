import Testing
@testable import StanceDomain

/// Types compare by their entry in the vocabulary, and an event toward its own actor is refused
/// whatever the case of either id: the shortcuts a replay takes must decide as the long way did.
@Suite("Event identity")
struct EventIdentityTests {
    @Test("a type equals itself and no other, and hashes as its name")
    func typesCompareByName() {
        for (index, type) in EventType.all.enumerated() {
            #expect(EventType.named(type.name) == type)
            #expect(EventType.named(type.name)?.hashValue == type.hashValue)
            for other in EventType.all[(index + 1)...] {
                #expect(type != other, "\(type.name) and \(other.name)")
            }
        }
        #expect(Set(EventType.all).count == EventType.all.count)
    }

    @Test("ids equal once lowercased, as lowercased() decides", arguments: [
        ("morales", "morales", true),
        ("Morales", "mORALES", true),
        ("actor-01", "ACTOR-01", true),
        ("morales", "morale", false),
        ("a-b", "a_b", false),
        ("@", "`", false),           // 0x40 and 0x60: folding must stop at letters
        ("[", "{", false),           // 0x5B and 0x7B
        ("Évo", "évo", true),        // not ASCII: lowercased() decides
        ("Évo", "evo", false),
        ("STRASSE", "straße", false),
        ("", "", true),
    ])
    func sameIgnoringCase(a: String, b: String, same: Bool) {
        #expect(StanceEvent.sameIgnoringCase(a, b) == same)
        #expect(StanceEvent.sameIgnoringCase(b, a) == same)
        #expect(StanceEvent.sameIgnoringCase(a, b) == (a.lowercased() == b.lowercased()))
    }

    @Test("an event toward its own actor in another case is refused")
    func towardItselfInAnotherCase() throws {
        var event = StanceEvent(type: EventType.named("support-declared")!, occurred: .instant(0), actor: "morales")
        event.toward = "MORALES"
        #expect(throws: DomainError.self) { try event.validate(in: .utc) }
        event.toward = "mesa"
        try event.validate(in: .utc)
    }
}
