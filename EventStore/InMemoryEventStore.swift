import Foundation

/// The event log in memory: the same contract as ``SQLiteEventStore``, for fast tests.
///
/// ```swift
/// let store = InMemoryEventStore(clock: .fixed(0))
/// ```
public final class InMemoryEventStore: EventStore {
    fileprivate var log = Log()
    private let settings: [String: String]
    private let clock: StoreClock

    /// Everything the store holds, as one value, so that a write can work on a copy and
    /// replace the original only when it succeeds: all or nothing.
    fileprivate struct Log {
        var rows: [RecordedEvent] = []
        var byID: [UUID: Int] = [:]
        var versions: [ExactText: Int64] = [:]
        /// Keyed by the keys' bytes, as SQLite compares them.
        var keys: [ExactText: [Int64]] = [:]
        /// The timeless events indexed: every window over their keys reads them.
        var timeless: Set<Int64> = []
        var keyHead: Int64 = 0

        var head: ChainHead {
            guard let last = rows.last else { return .empty }
            return ChainHead(seq: last.seq, hash: last.hash, recordedAt: last.recordedAt)
        }

        func events(in windows: [KeyWindow], through seq: Int64?) -> [RecordedEvent] {
            var seqs = Set<Int64>()
            for window in windows {
                for found in self.keys[ExactText(window.key)] ?? [] where found <= (seq ?? .max) && (timeless.contains(found) || window.contains(rows[Int(found) - 1].occurredAt)) {
                    seqs.insert(found)
                }
            }
            return seqs.sorted().map { rows[Int($0) - 1] }
        }

        mutating func index(_ keys: [String], seq: Int64) {
            for key in Set(keys) { self.keys[ExactText(key), default: []].append(seq) }
            if KeyWindow.isTimeless(keys) { timeless.insert(seq) }
            keyHead = seq
        }
    }

    public init(settings: [String: String] = [:], clock: StoreClock) {
        self.settings = settings
        self.clock = clock
    }

    public func write<T>(_ body: (any EventWriter) throws -> T) throws -> T {
        let writer = InMemoryEventWriter(log: log, now: clock.now())
        let result = try body(writer)
        log = writer.log
        return result
    }

    public func forEach(after seq: Int64, _ body: (RecordedEvent) throws -> Void) throws {
        let start = Int(max(0, min(seq, Int64(log.rows.count))))
        for row in log.rows[start...] { try body(row) }
    }

    public func events(inStream stream: String) throws -> [RecordedEvent] {
        log.rows.filter { $0.stream.utf8.elementsEqual(stream.utf8) }
    }

    public func event(withID id: UUID) throws -> RecordedEvent? {
        log.byID[id].map { log.rows[$0] }
    }

    public func head() throws -> ChainHead {
        log.head
    }

    public func setting(_ key: String) throws -> String? {
        settings[key]
    }

    public func events(in windows: [KeyWindow], through seq: Int64?) throws -> [RecordedEvent] {
        log.events(in: windows, through: seq)
    }

    public func keyIndexHead() throws -> Int64 {
        log.keyHead
    }

    public func indexKeys(_ entries: [(seq: Int64, keys: [String])]) throws {
        var copy = log
        for entry in entries where entry.seq > copy.keyHead {
            guard entry.seq == copy.keyHead + 1, entry.seq <= Int64(copy.rows.count) else {
                throw EventStoreError(.invalidEvent, "Keys for seq \(entry.seq) cannot be indexed: the index reaches seq \(copy.keyHead), and keys are indexed in order.")
            }
            copy.index(entry.keys, seq: entry.seq)
        }
        log = copy
    }

    public func forEachKey(_ body: (String, Int64, Int64?) throws -> Void) throws {
        for (key, seqs) in log.keys {
            for seq in seqs { try body(String(decoding: key.bytes, as: UTF8.self), seq, log.timeless.contains(seq) ? nil : log.rows[Int(seq) - 1].occurredAt) }
        }
    }

    public var keyRowsCarryOccurredAt: Bool { true }

    public var timelessEventsInEveryWindow: Bool { true }

    public func lastSeq(recordedAtOrBefore instant: Int64) throws -> Int64 {
        log.rows.last { $0.recordedAt <= instant }?.seq ?? 0
    }
}

/// The writer of ``InMemoryEventStore``: works on a copy of the log, which the store keeps
/// only if the write's body returns.
private final class InMemoryEventWriter: EventWriter {
    var log: InMemoryEventStore.Log
    private var planner: AppendPlanner

    init(log: InMemoryEventStore.Log, now: Int64) {
        self.log = log
        self.planner = AppendPlanner(head: log.head, now: now)
    }

    var head: ChainHead { planner.head }

    func append(_ event: NewEvent) throws -> AppendOutcome {
        let step = try planner.add(
            event,
            storedEvent: { id in log.byID[id].map { log.rows[$0] } },
            storedVersion: { stream in log.versions[ExactText(stream)] ?? 0 })
        switch step {
        case .alreadyStored(let outcome):
            return outcome
        case .insert(let row):
            log.byID[row.id] = log.rows.count
            log.rows.append(row)
            log.versions[ExactText(row.stream)] = row.streamVersion
            if let keys = event.keys, log.keyHead == row.seq - 1 { log.index(keys, seq: row.seq) }
            return AppendOutcome(seq: row.seq, id: row.id, alreadyStored: false)
        }
    }

    func event(withID id: UUID) throws -> RecordedEvent? {
        log.byID[id].map { log.rows[$0] }
    }

    func events(in windows: [KeyWindow]) throws -> [RecordedEvent] {
        log.events(in: windows, through: nil)
    }
}
