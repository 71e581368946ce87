import EventStore
import Foundation
import Projections
import StanceDomain

/// A recorded event in the flat shape of an NDJSON line: envelope keys first, then the event's
/// fields, then what the store assigned. `stance import` reads this shape back.
struct EventExport {
    let zone: StoreTimeZone

    func object(_ recorded: RecordedEvent, _ projected: ProjectedEvent) -> JSONObject {
        let event = projected.event
        var object = JSONObject()
        object["seq"] = .int(recorded.seq)
        object["id"] = .string(recorded.id.uuidString.lowercased())
        object["type"] = .string(recorded.type)
        object["occurredAt"] = .string(event.occurred.formatted(in: zone))
        object["precision"] = .string(recorded.precision.rawValue)
        for (key, value) in event.payload(in: zone) { object[key] = value }
        object["schemaVersion"] = .int(recorded.schemaVersion)
        object["stream"] = .string(recorded.stream)
        object["streamVersion"] = .int(recorded.streamVersion)
        object["recordedAt"] = .string(Self.formatMicros(recorded.recordedAt))
        object["recordedBy"] = projected.recordedBy.map(JSON.string) ?? .null
        object["prevHash"] = .string(recorded.prevHash.hex)
        object["hash"] = .string(recorded.hash.hex)
        return object
    }

    /// The CSV columns, in order.
    static let csvHeader = [
        "seq", "id", "type", "occurredAt", "precision", "actor", "toward", "position", "strength",
        "in", "role", "until", "name", "kind", "aliases", "codes", "summary", "quote", "source",
        "confidence", "recordedAt", "recordedBy", "hash",
    ]

    func csvFields(_ recorded: RecordedEvent, _ projected: ProjectedEvent) -> [String] {
        let object = object(recorded, projected)
        return Self.csvHeader.map { key in
            switch object[key] {
            case nil, .null?: return ""
            case .string(let text)?: return text
            case let .array(items)?: return JSON.array(items).serialized()
            case let value?: return value.serialized()
            }
        }
    }

    /// `recorded_at` as an ISO 8601 instant in UTC with microseconds.
    static func formatMicros(_ micros: Int64) -> String {
        let millis = micros.floorDiv(1000)
        let base = StoreTimeZone.utc.formatInstant(millis - millis.floorMod(1000))
        let fraction = micros.floorMod(1_000_000)
        let digits = String(fraction)
        return base.dropLast() + "." + String(repeating: "0", count: 6 - digits.count) + digits + "Z"
    }
}

extension Int64 {
    func floorDiv(_ divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    func floorMod(_ divisor: Int64) -> Int64 {
        self - floorDiv(divisor) * divisor
    }
}
