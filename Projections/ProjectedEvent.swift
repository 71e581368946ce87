import EventStore
import Foundation
import StanceDomain

/// A recorded event decoded into the vocabulary, with what projections need of its envelope.
public struct ProjectedEvent: Sendable, Hashable {
    public let seq: Int64
    public let id: UUID
    /// Microseconds since the epoch, as the store assigned it.
    public let recordedAt: Int64
    public let recordedBy: String?
    public let event: StanceEvent
    public let order: WorldOrder
    /// The first instant of the event's world time (a day's start, or the instant).
    public let startMillis: Int64

    public init(seq: Int64, id: UUID, recordedAt: Int64, recordedBy: String?, event: StanceEvent, in zone: StoreTimeZone) {
        self.seq = seq
        self.id = id
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
        self.order = WorldOrder(event.occurred, seq: seq, in: zone, confidence: event.confidence, id: id)
        self.startMillis = event.occurred.startMillis(in: zone)
        // Last, so that the event moves in rather than being copied.
        self.event = event
    }

    /// Decodes a recorded envelope: its type, schema version and payload.
    public init(_ recorded: RecordedEvent, in zone: StoreTimeZone) throws(DomainError) {
        guard let type = EventType.named(recorded.type) else {
            throw DomainError(.unknownType, field: "type", "event \(recorded.seq) has type '\(recorded.type)', which this stance does not know.")
        }
        guard recorded.schemaVersion == EventType.schemaVersion else {
            throw DomainError(.unsupportedSchema, field: "schemaVersion", "event \(recorded.seq) has schema version \(recorded.schemaVersion); this stance reads \(EventType.schemaVersion).")
        }
        let occurred: WorldTime = switch recorded.precision {
        case .day: .day(zone.civilDate(at: recorded.occurredAt))
        case .instant: .instant(recorded.occurredAt)
        }
        let payload: JSON
        do { payload = try JSON.parse(recorded.payload) } catch {
            throw DomainError(.malformedJSON, "event \(recorded.seq) has a payload that is not JSON: \(error.description)")
        }
        guard case .object(let fields) = payload else {
            throw DomainError(.malformedJSON, "event \(recorded.seq) has a payload that is not a JSON object.")
        }
        let event = try StanceEvent.decode(type: type, occurred: occurred, fields: fields, in: zone)
        let metadata = try? JSON.parse(recorded.metadata)
        self.init(
            seq: recorded.seq, id: recorded.id, recordedAt: recorded.recordedAt,
            recordedBy: metadata?["recordedBy"]?.stringValue, event: event, in: zone)
    }

    /// Decodes row `index` of a raw page for a fold: straight from the payload's bytes when
    /// ``PayloadDecoder`` can vouch for it, else as ``init(_:in:)`` decodes the row, with the
    /// same event or the same error. What only display reads (summary, quote, source, reason,
    /// recordedBy) is left out either way.
    public init(foldingRow index: Int, of page: RawEventPage, in zone: StoreTimeZone) throws(DomainError) {
        let row = page[index]
        if let event = Self.quickEvent(index, of: page, in: zone, keepText: false) {
            self.init(seq: row.seq, id: row.id, recordedAt: row.recordedAt, recordedBy: nil, event: event, in: zone)
            return
        }
        let full = try ProjectedEvent(page.recorded(index), in: zone)
        var event = full.event
        event.summary = nil
        event.quote = nil
        event.source = nil
        event.reason = nil
        self.init(seq: full.seq, id: full.id, recordedAt: full.recordedAt, recordedBy: nil, event: event, in: zone)
    }

    /// Decodes row `index` of a raw page whole, as ``init(_:in:)`` decodes the row it holds:
    /// the same event, or the same error, from bytes when ``PayloadDecoder`` can vouch for it.
    public init(row index: Int, of page: RawEventPage, in zone: StoreTimeZone) throws(DomainError) {
        let row = page[index]
        guard let event = Self.quickEvent(index, of: page, in: zone, keepText: true) else {
            self = try ProjectedEvent(page.recorded(index), in: zone)
            return
        }
        let recordedBy = page.withBytes(index, .metadata, PayloadDecoder.recordedBy(metadata:))
            ?? (try? JSON.parse(page.text(index, .metadata)))?["recordedBy"]?.stringValue
        self.init(seq: row.seq, id: row.id, recordedAt: row.recordedAt, recordedBy: recordedBy, event: event, in: zone)
    }

    /// ``init(row:of:in:)`` but for `recordedBy`, which no answer to a question shows: reading
    /// it from the metadata's JSON cost a fifth of decoding an event.
    public init(answeringRow index: Int, of page: RawEventPage, in zone: StoreTimeZone) throws(DomainError) {
        let row = page[index]
        guard let event = Self.quickEvent(index, of: page, in: zone, keepText: true) else {
            let full = try ProjectedEvent(page.recorded(index), in: zone)
            self.init(seq: full.seq, id: full.id, recordedAt: full.recordedAt, recordedBy: nil, event: full.event, in: zone)
            return
        }
        self.init(seq: row.seq, id: row.id, recordedAt: row.recordedAt, recordedBy: nil, event: event, in: zone)
    }

    /// The event of a row decoded straight from its payload's bytes, or nil when the general
    /// path must decide.
    private static func quickEvent(_ index: Int, of page: RawEventPage, in zone: StoreTimeZone, keepText: Bool) -> StanceEvent? {
        let row = page[index]
        guard row.schemaVersion == EventType.schemaVersion, let info = page.withBytes(index, .type, PayloadDecoder.type(named:)) else { return nil }
        let occurred: WorldTime = switch row.precision {
        case .day: .day(zone.civilDate(at: row.occurredAt))
        case .instant: .instant(row.occurredAt)
        }
        return page.withBytes(index, .payload) { PayloadDecoder.decode(info, occurred: occurred, payload: $0, in: zone, keepText: keepText) }
    }
}
