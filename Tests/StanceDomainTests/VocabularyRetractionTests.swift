import Foundation
import StanceDomain
import StanceTesting
import Testing

/// `event-retracted` and the event references of corrections: `retracts`, `replacedBy` and
/// `replaces`.
@Suite("Vocabulary: retractions and replacements")
struct VocabularyRetractionTests {
    static let retraction = Vocab.type("event-retracted")

    @Test func aRetractionWithdrawsAndSetsNothing() throws {
        let type = Self.retraction
        #expect(type.effect == .retracts)
        #expect(type.required == [.actor, .retracts, .reason])
        #expect(type.optional == [.replacedBy])
        #expect(!type.canBeReplaced, "a retraction is undone by retracting it")
        let event = try Vocab.decode(type, Vocab.fullFields(type))
        #expect(event.setsPosition == nil)
        #expect(!event.isSignal)
        #expect(event.references.isEmpty)
        #expect(event.retracts == UUID(uuidString: "0f8fad5b-d9cb-469f-a165-70867728950e"))
        #expect(event.replacedBy == UUID(uuidString: "1f8fad5b-d9cb-469f-a165-70867728950e"))
    }

    /// Only registrations, retractions and checkpoints cannot be replaced; every other type accepts `replaces`.
    @Test(arguments: EventType.all.map(\.name))
    func everyTypeButRegistrationsAndRetractionsAcceptsReplaces(name: String) throws {
        let type = Vocab.type(name)
        let replaceable = name != "actor-registered" && name != "event-retracted" && name != "checkpoint-recorded"
        #expect(type.canBeReplaced == replaceable)
        #expect(type.accepted.contains(.replaces) == replaceable)
        var fields = Vocab.minimalFields(type)
        fields["replaces"] = "2f8fad5b-d9cb-469f-a165-70867728950e"
        if replaceable {
            #expect(try Vocab.decode(type, fields).replaces == UUID(uuidString: "2f8fad5b-d9cb-469f-a165-70867728950e"))
        } else {
            #expect(Vocab.error { () throws(DomainError) in try Vocab.decode(type, fields) }?.code == .unknownField)
        }
        // `retracts`, `reason` and `replacedBy` belong to retractions only.
        for field in ["retracts", "reason", "replacedBy"] where name != "event-retracted" {
            var fields = Vocab.minimalFields(type)
            fields[field] = Vocab.value(of: EventField(rawValue: field)!, for: type)
            #expect(Vocab.error { () throws(DomainError) in try Vocab.decode(type, fields) }?.code == .unknownField, "\(name) with \(field)")
        }
    }

    @Test(arguments: ["retracts", "replacedBy"])
    func anEventReferenceMustBeAUUID(field: String) {
        for bad in [JSON.string("seq 12"), .string(""), .string("0f8fad5b-d9cb-469f-a165-70867728950"), .int(12), .array([]), .bool(true)] {
            var fields = Vocab.fullFields(Self.retraction)
            fields[field] = bad
            let error = Vocab.error { () throws(DomainError) in try Vocab.decode(Self.retraction, fields) }
            #expect(error?.code == .invalidValue, "\(field): \(bad.serialized())")
            #expect(error?.field == field)
        }
    }

    /// Upper-case ids are read; the payload always writes them lower-case, so that the stored
    /// bytes of an event do not depend on how its references were typed.
    @Test func eventReferencesAreWrittenLowerCase() throws {
        var fields = Vocab.fullFields(Self.retraction)
        fields["retracts"] = "0F8FAD5B-D9CB-469F-A165-70867728950E"
        let event = try Vocab.decode(Self.retraction, fields)
        let payload = event.payload(in: Vocab.laPaz)
        #expect(payload["retracts"] == "0f8fad5b-d9cb-469f-a165-70867728950e")
        let again = try Vocab.decode(Self.retraction, payload)
        #expect(again == event)
        #expect(JSON.object(again.payload(in: Vocab.laPaz)).serialized() == JSON.object(payload).serialized())
    }

    @Test func aReplacementKeepsItsReferenceThroughTheRoundTrip() throws {
        let type = Vocab.type("resignation-called-for")
        var fields = Vocab.minimalFields(type)
        fields["replaces"] = "2F8FAD5B-D9CB-469F-A165-70867728950E"
        let event = try Vocab.decode(type, fields)
        let payload = event.payload(in: Vocab.laPaz)
        #expect(payload["replaces"] == "2f8fad5b-d9cb-469f-a165-70867728950e")
        #expect(try Vocab.decode(type, payload) == event)
    }
}
