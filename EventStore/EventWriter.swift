import Foundation

/// Appends inside one transaction, one event at a time, so that a million-event import never
/// holds its batch in memory and can look up what it appended a moment ago.
///
/// A writer exists only inside ``EventStore/write(_:)``: everything it appends commits when
/// the body returns, and nothing does if the body throws.
///
/// ```swift
/// try store.write { writer in
///     for event in events { _ = try writer.append(event) }
/// }
/// ```
public protocol EventWriter: AnyObject {
    /// Appends one event: a new `seq`, or the stored `seq` when an identical event with this
    /// id is already in the log (or was appended earlier in this write).
    func append(_ event: NewEvent) throws -> AppendOutcome

    /// The event with this id, stored or appended earlier in this write.
    func event(withID id: UUID) throws -> RecordedEvent?

    /// The events in these windows of the index (see ``EventStore/events(in:through:)``),
    /// stored or appended earlier in this write, each once, in `seq` order.
    func events(in windows: [KeyWindow]) throws -> [RecordedEvent]

    /// The log's end, including what this write appended so far.
    var head: ChainHead { get }
}

extension EventWriter {
    /// The events indexed under any of `keys`, whenever they occurred, in `seq` order.
    public func events(withAnyOf keys: Set<String>) throws -> [RecordedEvent] {
        try events(in: keys.sorted().map { KeyWindow($0) })
    }
}
