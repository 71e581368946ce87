import Foundation

/// One line of NDJSON, as `stance import` reads it and `stance events --format ndjson` writes it:
/// the envelope's keys and the event's fields side by side in one flat object.
///
/// ```json
/// {"id":"…","type":"resignation-called-for","occurredAt":"2019-11-10","precision":"day",
///  "actor":"kaliman","toward":"morales","strength":"suggested","source":"…"}
/// ```
///
/// On import only `type`, `occurredAt` and the event's fields are needed; `id` keeps an event's
/// identity across stores, `recordedBy` says who recorded it, and the keys the store assigns
/// (`seq`, `stream`, `streamVersion`, `recordedAt`, `batch`, `prevHash`, `hash`) are ignored,
/// so an export imports as it is.
public struct EventLine: Sendable, Hashable {
    public var id: UUID?
    public var event: StanceEvent
    public var recordedBy: String?

    public init(id: UUID?, event: StanceEvent, recordedBy: String?) {
        self.id = id
        self.event = event
        self.recordedBy = recordedBy
    }

    /// The keys the store assigns: written on export, ignored on import.
    public static let assignedKeys: Set<String> = ["seq", "stream", "streamVersion", "recordedAt", "batch", "prevHash", "hash"]

    /// The envelope keys a line may carry besides the event's fields.
    public static let envelopeKeys: Set<String> = assignedKeys.union(["id", "type", "occurredAt", "precision", "schemaVersion", "recordedBy"])

    /// Parses one line. The line's actor fields are left as written (ids, aliases or codes).
    public static func parse(_ object: JSONObject, in zone: StoreTimeZone) throws(DomainError) -> EventLine {
        guard let typeValue = object["type"] else {
            throw DomainError(.missingField, field: "type", "every event needs a 'type'; `stance types` lists them.")
        }
        guard case .string(let typeName) = typeValue else {
            throw DomainError(.invalidValue, field: "type", "expected a string, found \(typeValue.typeName).")
        }
        guard let type = EventType.named(typeName) else {
            throw DomainError(.unknownType, field: "type", "'\(typeName)' is not an event type; `stance types` lists them.")
        }
        if let version = object["schemaVersion"], version != .int(EventType.schemaVersion) {
            throw DomainError(.unsupportedSchema, field: "schemaVersion", "schema version \(version.serialized()) is not one this stance reads (it reads \(EventType.schemaVersion)).")
        }
        let occurred = try occurredTime(object, in: zone)
        let id = try uuid(object["id"])
        var recordedBy: String?
        if let value = object["recordedBy"], value != .null {
            guard case .string(let text) = value else {
                throw DomainError(.invalidValue, field: "recordedBy", "expected a string, found \(value.typeName).")
            }
            try StanceEvent.checkText(text, field: "recordedBy")
            recordedBy = text
        }
        let event = try StanceEvent.decode(type: type, occurred: occurred, fields: object, ignoring: envelopeKeys, in: zone)
        return EventLine(id: id, event: event, recordedBy: recordedBy)
    }

    private static func occurredTime(_ object: JSONObject, in zone: StoreTimeZone) throws(DomainError) -> WorldTime {
        guard let value = object["occurredAt"] else {
            throw DomainError(.missingField, field: "occurredAt", "every event needs 'occurredAt': a day (2019-11-10) or an instant (2019-11-10T16:50-04:00).")
        }
        guard case .string(let text) = value else {
            throw DomainError(.invalidValue, field: "occurredAt", "expected a date string, found \(value.typeName).")
        }
        let occurred: WorldTime
        do { occurred = try WorldTime.parse(text, in: zone) } catch {
            throw DomainError(.invalidTime, field: "occurredAt", error.description)
        }
        if let precision = object["precision"], precision != .null {
            guard case .string(let name) = precision, name == "day" || name == "instant" else {
                throw DomainError(.invalidValue, field: "precision", "expected \"day\" or \"instant\", found \(precision.serialized()).")
            }
            guard name == occurred.precisionName else {
                throw DomainError(.invalidValue, field: "precision", "'\(text)' is \(occurred.precisionName == "day" ? "a day" : "an instant"), but precision says \(name).")
            }
        }
        return occurred
    }

    private static func uuid(_ value: JSON?) throws(DomainError) -> UUID? {
        guard let value, value != .null else { return nil }
        guard case .string(let text) = value, let id = UUID(parsing: text) else {
            throw DomainError(.invalidValue, field: "id", "\(value.serialized()) is not a UUID such as 0f8fad5b-d9cb-469f-a165-70867728950e.")
        }
        return id
    }
}
