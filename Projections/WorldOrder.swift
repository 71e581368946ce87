import Foundation
import StanceDomain

/// Where an event falls in world time: by occurred time, a day-precision event after the
/// instants of its day.
///
/// Recording order never decides world order: a statement recorded a week late sorts where it
/// happened, and events at the same time are ordered by the contested rule (higher
/// `confidence` later, then the lower event id later), so that the last one, which decides
/// the position, is the same whatever order the events were recorded in.
public struct WorldOrder: Sendable, Hashable, Comparable {
    /// The instant the event sorts at, in ms: the instant itself, or the first instant of the
    /// next day for a day-precision event.
    public let millis: Int64
    /// 0 for a day event, 1 for an instant, so that a day sorts before an instant at exactly
    /// the next midnight.
    public let rank: Int8
    public let seq: Int64
    /// The event's confidence, -1 when it gives none: a report without a confidence ranks below
    /// any report with one.
    private let precedence: Double
    /// The event id's bytes, inverted so that the lower id sorts later; `seq` when no id is given.
    private let tie: (UInt64, UInt64)

    public init(_ occurred: WorldTime, seq: Int64, in zone: StoreTimeZone, confidence: Double? = nil, id: UUID? = nil) {
        (millis, rank) = Self.key(occurred, in: zone)
        self.seq = seq
        precedence = confidence ?? -1
        if let id {
            let (high, low) = withUnsafeBytes(of: id.uuid) {
                ($0.loadUnaligned(as: UInt64.self).bigEndian, $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self).bigEndian)
            }
            tie = (~high, ~low)
        } else {
            tie = (0, UInt64(bitPattern: seq))
        }
    }

    /// The id the order was made with, read back from `tie`: so that a fold keeping millions of
    /// orders need not keep each id beside its order. Meaningless for an order made without one.
    public var eventID: UUID {
        withUnsafeBytes(of: ((~tie.0).bigEndian, (~tie.1).bigEndian)) { UUID(uuid: $0.loadUnaligned(as: uuid_t.self)) }
    }

    /// Whether two events happened at the same world time (same instant, or both on one day).
    public func isSimultaneous(with other: WorldOrder) -> Bool {
        millis == other.millis && rank == other.rank
    }

    public static func == (lhs: WorldOrder, rhs: WorldOrder) -> Bool {
        lhs.millis == rhs.millis && lhs.rank == rhs.rank && lhs.precedence == rhs.precedence
            && lhs.tie == rhs.tie && lhs.seq == rhs.seq
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(millis)
        hasher.combine(rank)
        hasher.combine(precedence)
        hasher.combine(tie.0)
        hasher.combine(tie.1)
        hasher.combine(seq)
    }

    /// Where a world time sorts: a day at its end (rank 0), an instant at itself (rank 1).
    static func key(_ time: WorldTime, in zone: StoreTimeZone) -> (millis: Int64, rank: Int8) {
        switch time {
        case .day(let date): return (zone.startOfNextDay(date), 0)
        case .instant(let ms): return (ms, 1)
        }
    }

    public static func < (lhs: WorldOrder, rhs: WorldOrder) -> Bool {
        (lhs.millis, lhs.rank, lhs.precedence, lhs.tie.0, lhs.tie.1, lhs.seq)
            < (rhs.millis, rhs.rank, rhs.precedence, rhs.tie.0, rhs.tie.1, rhs.seq)
    }

    /// Whether the event falls at or before the cut.
    public func isIncluded(by cut: WorldCut) -> Bool {
        (millis, rank) <= (cut.millis, cut.rank)
    }
}

/// A moment of world time that a question asks about: the end of a day, or an instant.
public struct WorldCut: Sendable, Hashable {
    public let millis: Int64
    public let rank: Int8
    /// The question as asked, for the answer's `at`.
    public let time: WorldTime

    /// `--on DAY` asks about the end of the day; `--at INSTANT` about the instant.
    public init(_ time: WorldTime, in zone: StoreTimeZone) {
        self.time = time
        (millis, rank) = WorldOrder.key(time, in: zone)
    }
}
