import Foundation

/// The event log in memory: the same contract as ``SQLiteEventStore``, for fast tests.
///
/// ```swift
/// let store = InMemoryEventStore(clock: .fixed(0))
/// ```
public final class InMemoryEventStore: EventStore {
    private var rows: [RecordedEvent] = []
    private var byID: [UUID: Int] = [:]
    private var versions: [StreamKey: Int64] = [:]
    private let settings: [String: String]
    private let clock: StoreClock

    public init(settings: [String: String] = [:], clock: StoreClock) {
        self.settings = settings
        self.clock = clock
    }

    public func append(_ events: [NewEvent]) throws -> [AppendOutcome] {
        guard !events.isEmpty else { return [] }
        var planner = AppendPlanner(head: try head(), now: clock.now())
        for event in events {
            try planner.add(
                event,
                storedEvent: { id in byID[id].map { rows[$0] } },
                storedVersion: { stream in versions[StreamKey(stream)] ?? 0 })
        }
        // Only now that the whole batch is planned does anything change: all or nothing.
        for row in planner.rows {
            byID[row.id] = rows.count
            rows.append(row)
            versions[StreamKey(row.stream)] = row.streamVersion
        }
        return planner.outcomes
    }

    public func forEach(after seq: Int64, _ body: (RecordedEvent) throws -> Void) throws {
        let start = Int(max(0, min(seq, Int64(rows.count))))
        for row in rows[start...] { try body(row) }
    }

    public func events(inStream stream: String) throws -> [RecordedEvent] {
        rows.filter { $0.stream.utf8.elementsEqual(stream.utf8) }
    }

    public func event(withID id: UUID) throws -> RecordedEvent? {
        byID[id].map { rows[$0] }
    }

    public func head() throws -> ChainHead {
        guard let last = rows.last else { return .empty }
        return ChainHead(seq: last.seq, hash: last.hash, recordedAt: last.recordedAt)
    }

    public func setting(_ key: String) throws -> String? {
        settings[key]
    }
}
