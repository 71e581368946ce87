import Foundation

/// Turns new events, one at a time, into the rows to insert: the rules every store shares
/// (idempotent ids, expected versions, `seq`, `recorded_at` and the chain), kept in one place
/// so that the SQLite and in-memory stores cannot drift apart.
///
/// It keeps no rows: a million-event import streams through it. The lookups it is handed must
/// see the rows planned earlier in the same batch.
struct AppendPlanner {
    /// What to do with one event.
    enum Step {
        /// Insert this row.
        case insert(RecordedEvent)
        /// Nothing to write: an identical event with this id is stored (or planned) already.
        case alreadyStored(AppendOutcome)
    }

    private(set) var head: ChainHead
    private let recordedAt: Int64
    /// Keyed by the stream's bytes: two spellings of "café" are two streams, as in SQLite.
    private var versions: [ExactText: Int64] = [:]

    /// - Parameters:
    ///   - head: the log's end before the batch.
    ///   - now: the clock's reading; `recorded_at` never goes below the head's.
    init(head: ChainHead, now: Int64) {
        self.head = head
        self.recordedAt = max(now, head.recordedAt ?? now)
    }

    /// Plans one event, looking up what is already stored, or planned earlier in the batch,
    /// through the two closures.
    mutating func add(
        _ event: NewEvent,
        storedEvent: (UUID) throws -> RecordedEvent?,
        storedVersion: (String) throws -> Int64
    ) throws -> Step {
        try Self.validate(event)
        if let stored = try storedEvent(event.id) {
            return .alreadyStored(try accept(duplicate: event, of: stored))
        }
        let current = try versions[ExactText(event.stream)] ?? storedVersion(event.stream)
        guard event.expectedVersion.isSatisfied(byCurrentVersion: current) else {
            throw EventStoreError(
                .versionConflict,
                "Stream '\(event.stream)' is at version \(current), but the writer expected \(event.expectedVersion); "
                    + "someone else recorded first. Read the stream again and retry.")
        }
        let seq = head.seq + 1
        let version = current + 1
        let hash = ChainHash.hash(
            previous: head.hash, seq: seq, id: event.id, stream: event.stream,
            streamVersion: version, type: event.type, schemaVersion: event.schemaVersion,
            occurredAt: event.occurredAt, precision: event.precision, recordedAt: recordedAt,
            payload: event.payload, metadata: event.metadata)
        let row = RecordedEvent(
            seq: seq, id: event.id, stream: event.stream, streamVersion: version,
            type: event.type, schemaVersion: event.schemaVersion, occurredAt: event.occurredAt,
            precision: event.precision, recordedAt: recordedAt, payload: event.payload,
            metadata: event.metadata, prevHash: head.hash, hash: hash)
        versions[ExactText(event.stream)] = version
        head = ChainHead(seq: seq, hash: hash, recordedAt: recordedAt)
        return .insert(row)
    }

    private func accept(duplicate event: NewEvent, of stored: RecordedEvent) throws -> AppendOutcome {
        guard event.hasSameContent(as: stored) else {
            throw EventStoreError(
                .duplicateID,
                "Event id \(ChainHash.canonical(event.id)) is already stored as seq \(stored.seq) with different content; "
                    + "an id names one event forever. Use a new id, or record a correction.")
        }
        return AppendOutcome(seq: stored.seq, id: stored.id, alreadyStored: true)
    }

    private static func validate(_ event: NewEvent) throws {
        if event.stream.isEmpty {
            throw EventStoreError(.invalidEvent, "An event's stream must not be empty.")
        }
        if event.type.isEmpty {
            throw EventStoreError(.invalidEvent, "An event's type must not be empty.")
        }
        if event.schemaVersion < 1 {
            throw EventStoreError(.invalidEvent, "An event's schema version must be 1 or more, not \(event.schemaVersion).")
        }
    }
}
