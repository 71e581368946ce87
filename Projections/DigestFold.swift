import EventStore
import Foundation
import StanceDomain

/// The projections' digests in one pass over the log, in memory that grows by a few dozen
/// bytes per event: what `replay` and `audit` need of a million-event log, where a full
/// ``Replay`` would hold every decoded event, quotes and sources included.
///
/// It keeps the few events that shape the directory and the withdrawals whole, and of every
/// position or signal event only its id, its world order and which list it belongs to. The
/// rules are those of ``Replay``: the events that count (``Retractions``) are folded in `seq`
/// order, so the digests equal ``ProjectionDigests`` of a full replay of the same log.
///
/// ```swift
/// var fold = DigestFold(zone: zone)
/// for event in events { fold.add(event) }
/// let digests = fold.digests()
/// ```
public struct DigestFold: Sendable {
    public let zone: StoreTimeZone
    /// Registrations and role events, whole.
    private var directoryEvents: [ProjectedEvent] = []
    /// Retractions and replacements, whole: what ``Retractions`` reads.
    private var withdrawing: [ProjectedEvent] = []
    private var entries: [Entry] = []
    private var buckets: [Bucket] = []
    private var bucketIndex: [Bucket: Int32] = [:]
    /// How many events were added.
    public private(set) var count = 0

    /// The list a position or signal event belongs to.
    enum Bucket: Hashable, Sendable {
        case stated(Positions.Pair)
        case signals(String)
    }

    /// What is kept of a position or signal event: its world order (which holds its seq),
    /// its id and its list.
    struct Entry: Sendable {
        let order: WorldOrder
        let id: UUID
        let bucket: Int32
        var seq: Int64 { order.seq }
    }

    /// - Parameter expected: how many events will be added, if known, so that the kept entries
    ///   are allocated once rather than copied as they grow.
    public init(zone: StoreTimeZone, expected: Int = 0) {
        self.zone = zone
        entries.reserveCapacity(expected)
    }

    /// Takes in the next event, in `seq` order.
    public mutating func add(_ projected: ProjectedEvent) {
        count += 1
        let event = projected.event
        if event.retracts != nil || event.replaces != nil { withdrawing.append(Self.trimmed(projected, in: zone)) }
        if event.retracts != nil { return }
        switch event.type.effect {
        case .registersActor, .assignsRole, .endsRole, .endsRolesIn: directoryEvents.append(Self.trimmed(projected, in: zone))
        default: break
        }
        guard let bucket = Positions.bucket(of: event) else { return }
        let index: Int32
        if let known = bucketIndex[bucket] {
            index = known
        } else {
            index = Int32(buckets.count)
            buckets.append(bucket)
            bucketIndex[bucket] = index
        }
        entries.append(Entry(order: projected.order, id: projected.id, bucket: index))
    }

    /// The event without what only display reads (summary, quote, source, reason), which
    /// would otherwise be most of what a large log's fold keeps.
    static func trimmed(_ projected: ProjectedEvent, in zone: StoreTimeZone) -> ProjectedEvent {
        var event = projected.event
        event.summary = nil
        event.quote = nil
        event.source = nil
        event.reason = nil
        return ProjectedEvent(seq: projected.seq, id: projected.id, recordedAt: projected.recordedAt, recordedBy: nil, event: event, in: zone)
    }

    /// The digests of the log up to `seq` (nil: everything added).
    public func digests(through seq: Int64? = nil) -> ProjectionDigests {
        let last = seq ?? .max
        let retractions = Retractions(withdrawing.filter { $0.seq <= last })
        var directory = ActorDirectory(zone: zone)
        for event in directoryEvents where event.seq <= last && retractions.counts(event.id) {
            directory.apply(event)
        }
        // Indexes into `entries`, not copies: the entries are most of the fold's memory.
        var lists = [[Int32]](repeating: [], count: buckets.count)
        for (index, entry) in entries.enumerated() where entry.seq <= last && retractions.counts(entry.id) {
            lists[Int(entry.bucket)].append(Int32(index))
        }
        var stated: [Positions.Pair: [Int64]] = [:]
        var signals: [String: [Int64]] = [:]
        for (index, list) in lists.enumerated() where !list.isEmpty {
            let seqs = list.sorted { entries[Int($0)].order < entries[Int($1)].order }.map { entries[Int($0)].seq }
            switch buckets[index] {
            case .stated(let pair): stated[pair] = seqs
            case .signals(let actor): signals[actor] = seqs
            }
        }
        return ProjectionDigests(directory: directory, stated: stated, signals: signals, retractions: retractions)
    }
}
