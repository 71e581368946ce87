import Foundation
import Testing
import StanceDomain

/// Shared fixtures for the vocabulary tests: a zone, a day, and for every event type a
/// minimal and a complete set of valid fields, so that each test changes exactly one thing.
enum Vocab {
    static let laPaz = StoreTimeZone(identifier: "America/La_Paz")!
    static let day = WorldTime.day(CivilDate(year: 2019, month: 11, day: 10)!)

    static func type(_ name: String) -> EventType {
        guard let type = EventType.named(name) else { fatalError("no event type \(name)") }
        return type
    }

    /// A valid value for every field; `actor-registered` gets a fresh slug as its actor.
    static func value(of field: EventField, for type: EventType) -> JSON {
        switch field {
        case .actor: return type.effect == .registersActor ? "new-actor" : "kaliman"
        case .toward: return "morales"
        case .position: return "critical"
        case .strength: return "suggested"
        case .name: return "Williams Kaliman"
        case .kind: return "person"
        case .aliases: return ["General Kaliman", "Kaliman"]
        case .codes: return ["BOLMIL"]
        case .institution: return "bolivian-armed-forces"
        case .role: return "commander"
        case .until: return "2020-01-22"
        case .summary: return "What was said, in one sentence."
        case .quote: return "the words, as reported"
        case .source: return "Seed article"
        case .confidence: return 0.75
        case .retracts: return "0f8fad5b-d9cb-469f-a165-70867728950e"
        case .reason: return "the report was wrong"
        case .replacedBy: return "1f8fad5b-d9cb-469f-a165-70867728950e"
        case .replaces: return "2f8fad5b-d9cb-469f-a165-70867728950e"
        case .coversSeq: return 16
        case .head: return .string(String(repeating: "ab", count: 32))
        case .digests: return ["directory": .string(String(repeating: "0f", count: 32))]
        case .signature: return .string(String(repeating: "c3", count: 64))
        case .publicKey: return .string(String(repeating: "d4", count: 32))
        }
    }

    /// The required fields only, plus what validation needs beyond the table (a statement's
    /// summary), in the table's order.
    static func minimalFields(_ type: EventType) -> JSONObject {
        var object = JSONObject()
        for field in type.required { object[field.rawValue] = value(of: field, for: type) }
        if type.effect == .setsGivenPosition { object[EventField.summary.rawValue] = value(of: .summary, for: type) }
        return object
    }

    /// Every field the type accepts, each with a valid value.
    static func fullFields(_ type: EventType) -> JSONObject {
        var object = JSONObject()
        for field in type.accepted { object[field.rawValue] = value(of: field, for: type) }
        return object
    }

    static func decode(_ type: EventType, _ fields: JSONObject, occurred: WorldTime = day) throws(DomainError) -> StanceEvent {
        try StanceEvent.decode(type: type, occurred: occurred, fields: fields, in: laPaz)
    }

    /// The DomainError a throwing call raised, or nil (recording an issue) when it did not throw.
    static func error<T>(
        _ body: () throws(DomainError) -> T, sourceLocation: SourceLocation = #_sourceLocation
    ) -> DomainError? {
        do {
            let value = try body()
            Issue.record("expected a DomainError, got \(value)", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    /// Parses a JSON object literal written as text.
    static func object(_ text: String) -> JSONObject {
        guard let object = try? JSON.parse(text).objectValue else { fatalError("not a JSON object: \(text)") }
        return object
    }
}

