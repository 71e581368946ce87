import Foundation
import StanceDomain

/// How an actor's recorded position history toward a target differs between two moments on
/// the recording axis: each stretch of world time whose answer changed, and the events recorded
/// in between that changed it.
///
/// ```swift
/// let diff = PositionDiff(actor: military, toward: morales, before: replayAtA, after: replayAtB, recordedAfter: seqA)
/// for span in diff.spans { print(span.start, span.old, span.new) }
/// ```
public struct PositionDiff: Sendable {
    /// A stretch of world time, from one change to the next, whose answer differs.
    public struct Span: Sendable {
        /// When the stretch begins: the world time of the change that begins it.
        public let start: WorldTime
        /// When it ends (the next change in either history), or nil when it runs on.
        public let end: WorldTime?
        public let old: Position
        public let new: Position
    }

    public let actor: Actor
    public let toward: Actor
    public let spans: [Span]
    /// The events recorded after the first moment and up to the second that bear on this pair:
    /// its reports (and those of its speakers), retractions of them, and role events.
    public let events: [ProjectedEvent]

    /// `before` and `after` hold what the log said at two moments, each as a full replay or as a
    /// question's scope (``QueryScope``) of this pair; `recordedAfter` is the earlier moment's
    /// last seq: the events after it are those recorded in between. (A scope at the later
    /// moment may read events recorded before the earlier one that the scope then did not: a
    /// role recorded in between reaches back over what a member said.)
    public init(actor: Actor, toward: Actor, before: Replay, after: Replay, recordedAfter: Int64) {
        self = Self.diffs(actor: actor, toward: [toward], before: before, after: after, recordedAfter: recordedAfter)[0]
    }

    private init(actor: Actor, toward: Actor, spans: [Span], events: [ProjectedEvent]) {
        self.actor = actor
        self.toward = toward
        self.spans = spans
        self.events = events
    }

    /// The diffs toward each of `targets`, as ``init(actor:toward:before:after:recordedAfter:)``
    /// makes each, finding once what was recorded in between: made anew for each target, the
    /// index of the later moment's events made a diff toward every target of a million-event
    /// log take minutes.
    public static func diffs(actor: Actor, toward targets: [Actor], before: Replay, after: Replay, recordedAfter: Int64) -> [PositionDiff] {
        let (old, new) = (before.query, after.query)
        let all = after.events
        let recent = all.indices.filter { all[$0].seq > recordedAfter }
        // Where each event sits, for a retraction's target; only needed when one was recorded
        // in between.
        let position: [UUID: Int] = recent.contains { all[$0].event.retracts != nil }
            ? Dictionary(all.indices.map { (all[$0].id, $0) }, uniquingKeysWith: { first, _ in first })
            : [:]
        return targets.map { toward in
            let before = old.changes(in: old.entries(actor: actor.id, toward: toward.id))
            let after = new.changes(in: new.entries(actor: actor.id, toward: toward.id))
            let reports = Set((before + after).flatMap { $0.evidence.map(\.event.id) })
            /// Whether an event bears on the pair: one of its reports, a role event of the actor's
            /// institution, or a retraction (of a retraction…) of either.
            func bears(_ index: Int, depth: Int = 0) -> Bool {
                if reports.contains(all[index].id) { return true }
                switch all[index].event.type.effect {
                case .assignsRole, .endsRole: return all[index].event.institution == actor.id
                case .endsRolesIn: return all[index].event.toward == actor.id
                case .retracts:
                    guard depth < 64, let target = all[index].event.retracts.flatMap({ position[$0] }) else { return false }
                    return bears(target, depth: depth + 1)
                default: return false
                }
            }
            return PositionDiff(
                actor: actor, toward: toward, spans: spans(old: before, new: after), events: recent.filter { bears($0) }.map { all[$0] })
        }
    }

    /// Walks both step functions over the union of their change points and keeps the stretches
    /// where they disagree, merging neighbours that disagree the same way.
    static func spans(old: [PositionChange], new: [PositionChange]) -> [Span] {
        let points = (old + new).map(\.entry.event).sorted { $0.order < $1.order }
        var spans: [Span] = []
        var open: (start: WorldTime, old: Position, new: Position)?
        func value(_ history: [PositionChange], at point: ProjectedEvent) -> Position {
            history.last { !(point.order < $0.entry.event.order) }?.to ?? .unknown
        }
        for point in points {
            let pair = (value(old, at: point), value(new, at: point))
            if let current = open, (current.old, current.new) == pair { continue }
            if let current = open {
                spans.append(Span(start: current.start, end: point.event.occurred, old: current.old, new: current.new))
                open = nil
            }
            if pair.0 != pair.1 { open = (point.event.occurred, pair.0, pair.1) }
        }
        if let current = open {
            spans.append(Span(start: current.start, end: nil, old: current.old, new: current.new))
        }
        return spans
    }
}
