import Foundation
import StanceDomain

/// How an actor's recorded position history toward a target differs between two moments on
/// the recording axis: each stretch of world time whose answer changed, and the events recorded
/// in between that changed it.
///
/// ```swift
/// let diff = PositionDiff(actor: military, toward: morales, before: replayAtA, after: replayAtB)
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

    public init(actor: Actor, toward: Actor, before: Replay, after: Replay) {
        self.actor = actor
        self.toward = toward
        let old = before.query.changes(in: before.query.entries(actor: actor.id, toward: toward.id))
        let new = after.query.changes(in: after.query.entries(actor: actor.id, toward: toward.id))
        spans = Self.spans(old: old, new: new)

        let known = Set(before.events.map(\.id))
        let reports = Set((old + new).flatMap { $0.evidence.map(\.event.id) })
        let byID = Dictionary(after.events.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        /// Whether an event bears on the pair: one of its reports, a role event of the actor's
        /// institution, or a retraction (of a retraction…) of either.
        func bears(_ event: ProjectedEvent, depth: Int = 0) -> Bool {
            let stance = event.event
            if reports.contains(event.id) { return true }
            switch stance.type.effect {
            case .assignsRole, .endsRole: return stance.institution == actor.id
            case .endsRolesIn: return stance.toward == actor.id
            case .retracts:
                guard depth < 64, let target = stance.retracts.flatMap({ byID[$0] }) else { return false }
                return bears(target, depth: depth + 1)
            default: return false
            }
        }
        events = after.events.filter { !known.contains($0.id) && bears($0) }
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
