import Foundation

/// An event as a caller hands it to the store: everything but what the store assigns
/// (`seq`, `stream_version`, `recorded_at` and the hashes).
///
/// The payload and metadata are JSON text; the store keeps their bytes exactly as given and
/// hashes those bytes, so callers must produce them deterministically.
///
/// ```swift
/// let event = NewEvent(id: UUID(), stream: "morales", type: "statement-issued",
///                      occurredAt: 1_573_358_400_000, precision: .day,
///                      payload: #"{"actor":"morales"}"#)
/// ```
public struct NewEvent: Sendable, Hashable {
    public var id: UUID
    public var stream: String
    public var type: String
    public var schemaVersion: Int64
    /// Milliseconds since 1970-01-01T00:00:00Z (for `day` precision, the day's first instant).
    public var occurredAt: Int64
    public var precision: OccurrencePrecision
    public var payload: String
    public var metadata: String
    public var expectedVersion: ExpectedVersion
    /// Index keys the caller derives from the content (which questions the event bears on), or
    /// nil when the caller does not index. The store keeps them beside the event, never reads
    /// meaning into them, and leaves them out of the hash: they are recomputable, and an audit
    /// recomputes them.
    public var keys: [String]?

    public init(
        id: UUID,
        stream: String,
        type: String,
        schemaVersion: Int64 = 1,
        occurredAt: Int64,
        precision: OccurrencePrecision,
        payload: String,
        metadata: String = "{}",
        expectedVersion: ExpectedVersion = .any,
        keys: [String]? = nil
    ) {
        self.id = id
        self.stream = stream
        self.type = type
        self.schemaVersion = schemaVersion
        self.occurredAt = occurredAt
        self.precision = precision
        self.payload = payload
        self.metadata = metadata
        self.expectedVersion = expectedVersion
        self.keys = keys
    }

    /// Whether `other` holds the same content (see ``hasSameContent(as:)-(RecordedEvent)``).
    public func hasSameContent(as other: NewEvent) -> Bool {
        id == other.id && stream.utf8.elementsEqual(other.stream.utf8) && type.utf8.elementsEqual(other.type.utf8)
            && schemaVersion == other.schemaVersion && occurredAt == other.occurredAt
            && precision == other.precision && payload.utf8.elementsEqual(other.payload.utf8)
    }

    /// Whether `recorded` holds the same content, so that appending this event again is a no-op.
    ///
    /// Metadata (who recorded it, in which batch) is not content: a colleague re-importing the
    /// same file must not be refused.
    public func hasSameContent(as recorded: RecordedEvent) -> Bool {
        // Bytes, not `String ==`: Swift equates canonically equivalent strings (é and e + ´),
        // while SQLite and the hash see different bytes.
        id == recorded.id && stream.utf8.elementsEqual(recorded.stream.utf8)
            && type.utf8.elementsEqual(recorded.type.utf8)
            && schemaVersion == recorded.schemaVersion && occurredAt == recorded.occurredAt
            && precision == recorded.precision && payload.utf8.elementsEqual(recorded.payload.utf8)
    }
}
