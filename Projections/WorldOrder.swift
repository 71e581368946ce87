import StanceDomain

/// Where an event falls in world time: by occurred time, a day-precision event after the
/// instants of its day, ties by `seq`.
///
/// Recording order never decides world order: a statement recorded a week late sorts where it
/// happened.
public struct WorldOrder: Sendable, Hashable, Comparable {
    /// The instant the event sorts at, in ms: the instant itself, or the first instant of the
    /// next day for a day-precision event.
    public let millis: Int64
    /// 0 for a day event, 1 for an instant, so that a day sorts before an instant at exactly
    /// the next midnight.
    public let rank: Int8
    public let seq: Int64

    public init(_ occurred: WorldTime, seq: Int64, in zone: StoreTimeZone) {
        (millis, rank) = Self.key(occurred, in: zone)
        self.seq = seq
    }

    /// Where a world time sorts: a day at its end (rank 0), an instant at itself (rank 1).
    static func key(_ time: WorldTime, in zone: StoreTimeZone) -> (millis: Int64, rank: Int8) {
        switch time {
        case .day(let date): return (zone.startOfNextDay(date), 0)
        case .instant(let ms): return (ms, 1)
        }
    }

    public static func < (lhs: WorldOrder, rhs: WorldOrder) -> Bool {
        (lhs.millis, lhs.rank, lhs.seq) < (rhs.millis, rhs.rank, rhs.seq)
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
