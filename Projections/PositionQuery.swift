import StanceDomain

/// Answers position questions from the projections: merges what an actor said itself with
/// what the people holding its speaking roles said at the time, then folds up to the cut.
///
/// ```swift
/// let query = PositionQuery(positions: replay.positions, directory: replay.directory)
/// let answer = query.answer(actor: military, toward: morales, cut: WorldCut(.day(date), in: zone))
/// ```
public struct PositionQuery: Sendable {
    public let positions: Positions
    public let directory: ActorDirectory
    private let spans: [RoleSpan]

    public init(positions: Positions, directory: ActorDirectory) {
        self.positions = positions
        self.directory = directory
        self.spans = directory.roleSpans()
    }

    /// Every position-setting event for the pair, including those spoken for the actor
    /// through a role held at the event's time, in world order.
    public func entries(actor: String, toward: String) -> [PositionEntry] {
        merged(own: positions.stated[.init(actor: actor, toward: toward)] ?? [], institution: actor) { person in
            person == toward ? [] : positions.stated[.init(actor: person, toward: toward)] ?? []
        }
    }

    /// The actor's signals and those spoken for it, in world order.
    public func signals(actor: String) -> [PositionEntry] {
        merged(own: positions.signals[actor] ?? [], institution: actor) { person in
            positions.signals[person] ?? []
        }
    }

    /// The actor's own events and those of the people speaking for it while they held the role,
    /// each event once even when its speaker held two speaking roles at the time.
    private func merged(
        own: [ProjectedEvent], institution: String, spokenBy: (String) -> [ProjectedEvent]
    ) -> [PositionEntry] {
        var entries = own.map { PositionEntry(event: $0, via: nil) }
        var seen = Set(own.map(\.seq))
        for span in directory.speakingRoles(for: institution, in: spans) {
            for event in spokenBy(span.person) where span.isHeld(at: event.startMillis) && !seen.contains(event.seq) {
                entries.append(PositionEntry(event: event, via: span))
                seen.insert(event.seq)
            }
        }
        // In world order through indices: an entry holds a decoded event, large to move.
        let order = entries.indices.sorted { entries[$0].event.order < entries[$1].event.order }
        return order.map { entries[$0] }
    }

    /// Everyone the actor has a position toward, itself or through its speakers: a speaker's
    /// target counts when it stated a position toward it while speaking for the actor, as
    /// ``entries(actor:toward:)`` counts it.
    public func targets(of actor: String) -> [String] {
        var targets = positions.targets[actor] ?? []
        for span in directory.speakingRoles(for: actor, in: spans) {
            for target in positions.targets[span.person] ?? [] where !targets.contains(target) {
                let said = positions.stated[.init(actor: span.person, toward: target)] ?? []
                if said.contains(where: { span.isHeld(at: $0.startMillis) }) { targets.insert(target) }
            }
        }
        targets.remove(actor)
        return targets.sorted()
    }

    /// The changes of position in a list of entries, each with the evidence of its span and
    /// the reports that contest it.
    public func changes(in entries: [PositionEntry]) -> [PositionChange] {
        let contest = Contest(zone: directory.zone)
        let days = contest.byDay(entries)
        return Self.changes(in: entries).map { change in
            var change = change
            // Any report of the span may be contested, not only the one that opened it.
            var seen = Set<Int64>()
            change.competing = change.evidence.flatMap { contest.competitors(of: $0, amongDays: days) }
                .filter { seen.insert($0.event.seq).inserted }
                .sorted { $0.event.order < $1.event.order }
            change.contestedReports = change.evidence.filter { !contest.competitors(of: $0, amongDays: days).isEmpty }
            return change
        }
    }

    /// The changes of position in a list of entries, each with the evidence of its span.
    public static func changes(in entries: [PositionEntry], from start: Position = .unknown) -> [PositionChange] {
        var changes: [PositionChange] = []
        var current = start
        for entry in entries {
            guard let position = entry.position else { continue }
            if position != current || changes.isEmpty {
                changes.append(PositionChange(from: current, to: position, entry: entry, evidence: [entry]))
                current = position
            } else if !changes.isEmpty {
                changes[changes.count - 1].evidence.append(entry)
            }
        }
        return changes
    }

    /// The change the answer at the cut stands on (its ``PositionAnswer/since``), without the
    /// rest of the answer: the reports that contest it, the signals.
    public func lastChange(actor: String, toward: String, cut: WorldCut) -> PositionChange? {
        Self.changes(in: entries(actor: actor, toward: toward).filter { $0.event.order.isIncluded(by: cut) }).last
    }

    /// The actor's position toward `toward` at the cut.
    public func answer(actor: Actor, toward: Actor, cut: WorldCut) -> PositionAnswer {
        let zone = directory.zone
        let all = entries(actor: actor.id, toward: toward.id)
        let included = all.filter { $0.event.order.isIncluded(by: cut) }
        let history = changes(in: included)
        let since = history.last
        var dayChanges: [PositionChange] = []
        var uncertain: [PositionEntry] = []
        switch cut.time {
        case .day(let date):
            let dayStart = zone.startOfDay(date)
            dayChanges = history.filter { $0.entry.event.order.millis > dayStart || ($0.entry.event.order.millis == dayStart && $0.entry.event.order.rank == 1) }
        case .instant(let ms):
            uncertain = all.filter { $0.event.event.occurred.precisionName == "day" && $0.event.startMillis <= ms && ms < $0.event.order.millis }
        }
        let signalStart = Self.signalStart(since: since, in: zone)
        let signals = signals(actor: actor.id).filter {
            ($0.event.event.toward == nil || $0.event.event.toward == toward.id)
                && $0.event.order.isIncluded(by: cut) && $0.event.startMillis >= signalStart
        }
        return PositionAnswer(
            actor: actor, toward: toward, cut: cut, position: since?.to ?? .unknown, since: since,
            signals: signals, changes: dayChanges, uncertainBecause: uncertain)
    }

    /// The first instant whose signals an answer shows: the start of the day its position was
    /// taken (the change `since`), or the beginning of time when it has none.
    static func signalStart(since: PositionChange?, in zone: StoreTimeZone) -> Int64 {
        since.map { zone.startOfDay(zone.civilDate(at: $0.entry.event.startMillis)) } ?? Int64.min
    }

    /// Every change of the actor's position toward `toward` whose world time falls between
    /// `from` and `until` (inclusive; nil for open ends), each with its evidence up to `until`.
    ///
    /// Bounds compare in world order, so a day-precision change on the day of an instant
    /// `from` is shown: it may have happened after that instant.
    public func timeline(actor: Actor, toward: Actor, from: WorldTime? = nil, until: WorldTime? = nil) -> Timeline {
        let zone = directory.zone
        let all = changes(in: entries(actor: actor.id, toward: toward.id))
        let lower = from.map { $0.startMillis(in: zone) }
        let upper = until.map { WorldCut($0, in: zone) }
        func isAfterLower(_ order: WorldOrder) -> Bool {
            lower.map { (order.millis, order.rank) > ($0, 0) } ?? true
        }
        func isBeforeUpper(_ order: WorldOrder) -> Bool {
            upper.map { order.isIncluded(by: $0) } ?? true
        }
        var shown: [PositionChange] = []
        for var change in all where isAfterLower(change.entry.event.order) && isBeforeUpper(change.entry.event.order) {
            change.evidence = change.evidence.filter { isBeforeUpper($0.event.order) }
            shown.append(change)
        }
        let before = all.last { !isAfterLower($0.entry.event.order) }?.to ?? .unknown
        return Timeline(actor: actor, toward: toward, before: before, changes: shown)
    }
}
