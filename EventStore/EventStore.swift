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
    /// Runs `body` with a writer in one transaction: everything it appends is stored if `body`
    /// returns, nothing if it throws.
    ///
    /// An event whose id is already stored with the same content is not written again; its
    /// outcome reports the stored `seq`. The same id with other content, or an expected version
    /// that does not match, throws, and so fails the whole write.
    func write<T>(_ body: (any EventWriter) throws -> T) throws -> T

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

    // MARK: Keys

    /// The events indexed under any of the windows' keys that occurred in that key's window,
    /// up to `seq` (nil: the whole log), each once, in `seq` order.
    ///
    /// Keys are what callers said an event bears on (``NewEvent/keys``); they let a question
    /// read the few events it needs instead of the whole log. Only events up to
    /// ``keyIndexHead()`` are indexed. A row whose `occurred_at` is not an integer is damage:
    /// it is returned whatever the window, never filtered out unseen.
    func events(in windows: [KeyWindow], through seq: Int64?) throws -> [RecordedEvent]

    /// ``events(in:through:)`` as one page of raw rows, which a reader can decode from bytes.
    /// A store that reads events the general way has it for free (see the extension).
    func eventPage(in windows: [KeyWindow], through seq: Int64?) throws -> RawEventPage

    /// The last `seq` whose keys are indexed; the events after it were appended without keys
    /// (or before the store had an index) and need ``indexKeys(_:)`` before keyed reads see them.
    func keyIndexHead() throws -> Int64

    /// Indexes the keys of events after ``keyIndexHead()``, in `seq` order, starting with the
    /// event just after it: how a caller catches the index up with the log. Entries at or
    /// before the head (indexed meanwhile by another writer) are skipped.
    func indexKeys(_ entries: [(seq: Int64, keys: [String])]) throws

    /// Calls `body` with every indexed (key, seq) pair and the `occurred_at` its row carries
    /// (nil when the row holds none, or the store keeps none: see
    /// ``keyRowsCarryOccurredAt``), in no particular order, for audits.
    func forEachKey(_ body: (String, Int64, Int64?) throws -> Void) throws

    /// Whether the index keeps each event's `occurred_at` beside its keys, as windowed reads
    /// need (a schema-2 SQLite store opened read-only does not).
    var keyRowsCarryOccurredAt: Bool { get }

    /// Whether every window over a timeless event's keys reads it (see
    /// ``KeyWindow/timelessKeyPrefix``): false for a SQLite store from before schema 5 opened
    /// read-only, whose key rows give such events their own `occurred_at`. A reader of such a
    /// store looks up what withdraws each event it reads through a window itself.
    var timelessEventsInEveryWindow: Bool { get }

    /// The last `seq` recorded at or before `instant` (µs since the epoch), 0 when none: one
    /// lookup per halving, since `recorded_at` never decreases with `seq`.
    func lastSeq(recordedAtOrBefore instant: Int64) throws -> Int64
}

extension EventStore {
    public func eventPage(in windows: [KeyWindow], through seq: Int64?) throws -> RawEventPage {
        RawEventPage(try events(in: windows, through: seq))
    }

    /// The events indexed under any of `keys`, up to `seq`, that occurred in `occurred`
    /// (nil: whenever they occurred), in `seq` order.
    public func events(withAnyOf keys: Set<String>, through seq: Int64?, occurred: ClosedRange<Int64>? = nil) throws -> [RecordedEvent] {
        try events(in: keys.sorted().map { KeyWindow($0, occurred: occurred) }, through: seq)
    }

    /// Appends a batch atomically and returns one outcome per event, in order.
    public func append(_ events: [NewEvent]) throws -> [AppendOutcome] {
        guard !events.isEmpty else { return [] }
        return try write { writer in try events.map { try writer.append($0) } }
    }

    /// Every event after `seq`, in `seq` order. Prefer ``forEach(after:_:)`` for large logs.
    public func events(after seq: Int64 = 0) throws -> [RecordedEvent] {
        var events = [RecordedEvent]()
        try forEach(after: seq) { events.append($0) }
        return events
    }
}
