import EventStore
import Foundation
import StanceDomain

/// The projections' digests in one pass over the log, in memory that grows by a few dozen
/// bytes per event: what `replay` and `audit` need of a million-event log, where a full
/// ``Replay`` would hold every decoded event, quotes and sources included.
///
/// It keeps registrations and withdrawals whole, role events reduced to what role spans need,
/// and of every position or signal event only its id, its world order and which list it
/// belongs to. The
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
    /// Registrations, whole (one per actor).
    private var registrations: [ProjectedEvent] = []
    /// Role events, reduced to what role spans need, with their ids for ``Retractions``.
    private var roleEvents: [(id: UUID, role: RoleEvent)] = []
    /// Of retractions and replacements, the ids they name, with their seqs: what the rule of
    /// ``Retractions`` reads.
    private(set) var withdrawing: [(seq: Int64, link: RetractionRule.Link)] = []
    private var entries = Chunks<Entry>()
    private var buckets: [Bucket] = []
    private var bucketIndex: [HashedBucket: Int32] = [:]
    /// How many events were added.
    public private(set) var count = 0

    /// The list a position or signal event belongs to.
    enum Bucket: Hashable, Sendable {
        case stated(Positions.Pair)
        case signals(String)
    }

    /// A bucket with its hash, worked out on the thread that decoded the event, so that the
    /// fold's own thread hashes an Int per event rather than two Strings.
    typealias HashedBucket = Prehashed<Bucket>

    /// What is kept of a position or signal event: its world order (which holds its seq and
    /// its id) and its list.
    struct Entry: Sendable {
        let order: WorldOrder
        let bucket: Int32
        var seq: Int64 { order.seq }
        var id: UUID { order.eventID }
    }

    public init(zone: StoreTimeZone) {
        self.zone = zone
    }

    /// Takes in the next event, in `seq` order.
    public mutating func add(_ projected: ProjectedEvent) {
        add(Item(projected, in: zone))
    }

    /// What the fold keeps of one event, worked out from the decoded event alone, so that it
    /// can be made on the thread that decoded it and handed over small.
    public struct Item: Sendable {
        let seq: Int64
        let link: RetractionRule.Link?
        let kept: Kept

        /// The rare, large cases boxed, so that the position entries that make most of a log
        /// stay small to move between threads.
        enum Kept: Sendable {
            case nothing
            indirect case registration(ProjectedEvent)
            indirect case role(UUID, RoleEvent)
            case entry(HashedBucket, WorldOrder)
        }

        public init(_ projected: borrowing ProjectedEvent, in zone: StoreTimeZone) {
            // `projected.event` each time rather than a local copy: see RetractionRule.Link.
            seq = projected.seq
            link = RetractionRule.Link(projected)
            if projected.event.retracts != nil {
                kept = .nothing
                return
            }
            switch projected.event.type.effect {
            case .registersActor: kept = .registration(DigestFold.trimmed(projected, in: zone))
            case .assignsRole, .endsRole, .endsRolesIn: kept = .role(projected.id, RoleEvent(projected))
            default: kept = Positions.bucket(of: projected.event).map { .entry(HashedBucket($0), projected.order) } ?? .nothing
            }
        }
    }

    /// Takes in the next event, already reduced to what the fold keeps, in `seq` order.
    public mutating func add(_ item: Item) {
        count += 1
        if let link = item.link { withdrawing.append((item.seq, link)) }
        switch item.kept {
        case .nothing: return
        case .registration(let projected): registrations.append(projected)
        case .role(let id, let role): roleEvents.append((id, role))
        case .entry(let bucket, let order):
            let index: Int32
            if let known = bucketIndex[bucket] {
                index = known
            } else {
                index = Int32(buckets.count)
                buckets.append(bucket.value)
                bucketIndex[bucket] = index
            }
            entries.append(Entry(order: order, bucket: index))
        }
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

    /// The digests of the log up to `seq` (nil: everything added). The three are worked out
    /// at once, on as many threads as there are cores: they share nothing but the fold. (The
    /// retractions' took ~15 ms alone after the other two on a million-event log.)
    public func digests(through seq: Int64? = nil) -> ProjectionDigests {
        let last = seq ?? .max
        let retractions = RetractionRule(withdrawing.filter { $0.seq <= last }.map(\.link))
        let slots = DigestSlots()
        DispatchQueue.concurrentPerform(iterations: 3) { part in
            switch part {
            case 0: slots.directory = ProjectionDigests.digest(of: directory(through: last, retractions))
            case 1: slots.positions = positionsDigest(through: last, retractions)
            default: slots.retractions = ProjectionDigests.digest(withdrawnBy: retractions.withdrawnBy)
            }
        }
        return ProjectionDigests(directory: slots.directory!, positions: slots.positions!, retractions: slots.retractions!)
    }

    /// Where the threads of ``digests(through:)`` leave their digest, each its own.
    private final class DigestSlots: @unchecked Sendable {
        var directory: ChainHash.Digest?
        var positions: ChainHash.Digest?
        var retractions: ChainHash.Digest?
    }

    /// The directory of the log up to `last`.
    func directory(through last: Int64, _ retractions: RetractionRule) -> ActorDirectory {
        var directory = ActorDirectory(zone: zone)
        for event in registrations where event.seq <= last && retractions.counts(event.id) {
            directory.apply(event)
        }
        for (id, role) in roleEvents where role.seq <= last && retractions.counts(id) {
            directory.apply(role: role)
        }
        return directory
    }

    /// The `positions` digest of the log up to `last`.
    private func positionsDigest(through last: Int64, _ retractions: RetractionRule) -> ChainHash.Digest {
        // Indexes into `entries`, not copies: the entries are most of the fold's memory. The
        // entries that count, grouped by list in `seq` order (a counting sort: one array, not
        // one per list).
        let excluded = ExclusionFilter(retractions.excluded)
        var kept: [Int32] = []
        kept.reserveCapacity(entries.count)
        var starts = [Int](repeating: 0, count: buckets.count + 1)
        for index in 0..<entries.count {
            let entry = entries[index]
            guard entry.seq <= last else { continue }
            let id = entry.id
            guard !excluded.mayContain(id) || retractions.counts(id) else { continue }
            kept.append(Int32(index))
            starts[Int(entry.bucket) + 1] += 1
        }
        for bucket in buckets.indices { starts[bucket + 1] += starts[bucket] }
        var grouped = [Int32](repeating: 0, count: kept.count)
        var next = starts
        for index in kept {
            let bucket = Int(entries[Int(index)].bucket)
            grouped[next[bucket]] = index
            next[bucket] += 1
        }
        kept = []
        // Each list's line straight away, as ``ProjectionDigests/digest(stated:signals:)``
        // writes it, rather than a dictionary of every list's seqs first.
        var lines: [[UInt8]] = []
        lines.reserveCapacity(buckets.count)
        // Each list's entries copied out once, then sorted: the sort then compares orders
        // side by side rather than reaching into the chunks for every comparison.
        var list: [Entry] = []
        for index in buckets.indices where starts[index] < starts[index + 1] {
            list.removeAll(keepingCapacity: true)
            for entry in grouped[starts[index]..<starts[index + 1]] { list.append(entries[Int(entry)]) }
            list.sort { $0.order < $1.order }
            let seqs = list.map(\.seq)
            switch buckets[index] {
            case .stated(let pair): lines.append(ProjectionDigests.line(["stated", .string(pair.actor), .string(pair.toward)], seqs))
            case .signals(let actor): lines.append(ProjectionDigests.line(["signals", .string(actor)], seqs))
            }
        }
        grouped = []
        return ProjectionDigests.digest(lines: lines)
    }
}

/// An append-only list in fixed-size chunks: it grows without ever copying what it holds (an
/// array doubling a million entries would hold both copies at once) and without reserving for
/// events that never join it.
struct Chunks<Element: Sendable>: Sendable {
    private var chunks: [[Element]] = []
    private(set) var count = 0
    private static var chunkSize: Int { 1 << 16 }

    mutating func append(_ element: Element) {
        if count % Self.chunkSize == 0 {
            chunks.append([])
            chunks[chunks.count - 1].reserveCapacity(Self.chunkSize)
        }
        chunks[chunks.count - 1].append(element)
        count += 1
    }

    subscript(index: Int) -> Element {
        chunks[index / Self.chunkSize][index % Self.chunkSize]
    }
}
