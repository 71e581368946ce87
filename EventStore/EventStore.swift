import Foundation

/// The append-only log of events: envelopes in, envelopes out, in `seq` order.
///
/// A store knows nothing about what the events mean. It assigns `seq`, `stream_version` and
/// `recorded_at`, seals each event in the hash chain and guarantees that a batch is stored
/// whole or not at all. ``SQLiteEventStore`` keeps the log in a file;
/// ``InMemoryEventStore`` keeps it in memory for tests. Both pass the same contract suite.
///
/// ```swift
/// let outcomes = try store.append([event])
/// try store.forEach(after: 0) { recorded in print(recorded.seq, recorded.type) }
/// ```
public protocol EventStore: AnyObject {
    /// Appends a batch atomically and returns one outcome per event, in order.
    ///
    /// An event whose id is already stored with the same content is not written again; its
    /// outcome reports the stored `seq`. The same id with other content, or an expected version
    /// that does not match, fails the whole batch and writes nothing.
    func append(_ events: [NewEvent]) throws -> [AppendOutcome]

    /// Calls `body` with every event whose `seq` is greater than `seq`, in `seq` order,
    /// without holding the whole log in memory.
    func forEach(after seq: Int64, _ body: (RecordedEvent) throws -> Void) throws

    /// The events of one stream, in `stream_version` order.
    func events(inStream stream: String) throws -> [RecordedEvent]

    /// The event with this id, if any.
    func event(withID id: UUID) throws -> RecordedEvent?

    /// The last event's `seq` and hash.
    func head() throws -> ChainHead

    /// A store-wide setting written when the store was created (such as its time zone).
    func setting(_ key: String) throws -> String?
}

extension EventStore {
    /// Every event after `seq`, in `seq` order. Prefer ``forEach(after:_:)`` for large logs.
    public func events(after seq: Int64 = 0) throws -> [RecordedEvent] {
        var events = [RecordedEvent]()
        try forEach(after: seq) { events.append($0) }
        return events
    }
}
