import StanceDomain

/// When two reports contradict each other, so that an answer must say it is contested rather
/// than silently pick one.
///
/// Two events contest a pair's position when they set different positions at the same world
/// time (the same instant, or the same day when either is known only to the day) and do not
/// come from the same named source: a source revising itself within a day is a revision, not
/// a contest. The answer still reports one position, by the world-order rule (a day-precision
/// report sorts after the instants of its day; at the same time the higher `confidence`, then
/// the lower event id, comes last and decides), and lists every competing event.
public struct Contest: Sendable {
    public let zone: StoreTimeZone

    /// How the reported position of a contested answer is chosen, for readers of the JSON.
    public static let rule = "the last report in world order decides: a day-precision report sorts after the instants of its day, and at the same time the report with the higher confidence, then the lower event id, comes last"

    public init(zone: StoreTimeZone) {
        self.zone = zone
    }

    public func conflicts(_ a: PositionEntry, _ b: PositionEntry) -> Bool {
        guard a.event.id != b.event.id, let first = a.position, let second = b.position, first != second else { return false }
        if let source = a.event.event.source, source == b.event.event.source { return false }
        let bothInstants = a.event.order.rank == 1 && b.event.order.rank == 1
        if bothInstants { return a.event.startMillis == b.event.startMillis }
        return zone.civilDate(at: a.event.startMillis) == zone.civilDate(at: b.event.startMillis)
    }

    /// The entries among `entries` that contest `entry`.
    public func competitors(of entry: PositionEntry, among entries: [PositionEntry]) -> [PositionEntry] {
        entries.filter { conflicts(entry, $0) }
    }

    /// Entries grouped by the civil day they start on, in their order: only entries of the same
    /// day can contest each other, so a long history is compared day by day, not all pairs.
    public func byDay(_ entries: [PositionEntry]) -> [CivilDate: [PositionEntry]] {
        Dictionary(grouping: entries) { zone.civilDate(at: $0.event.startMillis) }
    }

    /// The entries of `days` (see ``byDay(_:)``) that contest `entry`.
    public func competitors(of entry: PositionEntry, amongDays days: [CivilDate: [PositionEntry]]) -> [PositionEntry] {
        competitors(of: entry, among: days[zone.civilDate(at: entry.event.startMillis)] ?? [])
    }
}
