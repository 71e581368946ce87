import Foundation

/// An event as the log holds it: the caller's content plus what the store assigned.
public struct RecordedEvent: Sendable, Hashable {
    /// The global sequence number: gap-free, 1-based.
    public var seq: Int64
    public var id: UUID
    public var stream: String
    /// 1-based, gap-free within the stream.
    public var streamVersion: Int64
    public var type: String
    public var schemaVersion: Int64
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var occurredAt: Int64
    public var precision: OccurrencePrecision
    /// Microseconds since 1970-01-01T00:00:00Z, assigned by the store, never decreasing with `seq`.
    public var recordedAt: Int64
    public var payload: String
    public var metadata: String
    public var prevHash: ChainHash.Digest
    public var hash: ChainHash.Digest

    public init(
        seq: Int64, id: UUID, stream: String, streamVersion: Int64, type: String,
        schemaVersion: Int64, occurredAt: Int64, precision: OccurrencePrecision,
        recordedAt: Int64, payload: String, metadata: String,
        prevHash: ChainHash.Digest, hash: ChainHash.Digest
    ) {
        self.seq = seq
        self.id = id
        self.stream = stream
        self.streamVersion = streamVersion
        self.type = type
        self.schemaVersion = schemaVersion
        self.occurredAt = occurredAt
        self.precision = precision
        self.recordedAt = recordedAt
        self.payload = payload
        self.metadata = metadata
        self.prevHash = prevHash
        self.hash = hash
    }

    /// Recomputes the hash from the row's columns; equal to `hash` on an untouched row.
    public func computedHash() -> ChainHash.Digest {
        ChainHash.hash(of: self, previous: prevHash)
    }
}
