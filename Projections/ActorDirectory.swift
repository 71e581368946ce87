import Foundation
import StanceDomain

/// Who is who: registered actors, the names they answer to and the roles that let a person
/// speak for an institution. A pure fold over `actor-registered`, `role-assigned`,
/// `role-ended` and `resigned` events.
///
/// ```swift
/// var directory = ActorDirectory(zone: zone)
/// for event in events { directory.apply(event) }
/// let military = try directory.resolve("military")
/// ```
public struct ActorDirectory: Sendable {
    public private(set) var actors: [String: Actor] = [:]
    /// Every lowercased id, alias and code, with the ids it names.
    var names: [String: [String]] = [:]
    private var roleEvents: [RoleEvent] = [] {
        // A copy that shares the memo must not see spans of the other's events.
        didSet { if !isKnownUniquelyReferenced(&spansMemo) || !spansMemo.isEmpty { spansMemo = SpansMemo() } }
    }
    /// ``roleSpans()`` of the role events as they are: a question asks for them several
    /// times between two folds (who holds roles, who spoke when, each answer).
    private var spansMemo = SpansMemo()
    /// The store's time zone, which says when a role given `until` a day ends.
    public let zone: StoreTimeZone

    public init(zone: StoreTimeZone) {
        self.zone = zone
    }

    /// Folds one event in; events that are not about actors or roles are ignored.
    public mutating func apply(_ projected: ProjectedEvent) {
        let event = projected.event
        switch event.type.effect {
        case .registersActor:
            guard actors[event.actor] == nil, let kind = event.kind else { return }
            let actor = Actor(
                id: event.actor, name: event.name ?? event.actor, kind: kind,
                aliases: event.aliases, codes: event.codes, registeredSeq: projected.seq)
            actors[actor.id] = actor
            for name in Set(([actor.id, actor.name] + actor.aliases + actor.codes).map { $0.lowercased() }) {
                names[name, default: []].append(actor.id)
            }
        case .assignsRole, .endsRole, .endsRolesIn:
            roleEvents.append(RoleEvent(projected))
        default:
            break
        }
    }

    /// Folds in a role event already reduced to what role spans need.
    mutating func apply(role: RoleEvent) {
        roleEvents.append(role)
    }

    /// Every role span, computed from the role events in world order, so that a role recorded
    /// late still covers the statements made while it was held.
    public func roleSpans() -> [RoleSpan] {
        spansMemo.spans(computeRoleSpans)
    }

    private func computeRoleSpans() -> [RoleSpan] {
        var spans: [RoleSpan] = []
        // Each person's spans, as indexes into `spans` in order: an ending looks at its
        // actor's spans alone, not at every span of the log.
        var byPerson: [String: [Int]] = [:]
        for event in roleEvents.sorted(by: { $0.order < $1.order }) {
            switch event.effect {
            case .assignsRole:
                guard let institution = event.institution, let role = event.role else { continue }
                byPerson[event.actor, default: []].append(spans.count)
                spans.append(RoleSpan(
                    person: event.actor, institution: institution, role: role,
                    start: event.startMillis, end: event.until.map { $0.endMillis(in: zone) },
                    from: event.occurred, until: event.until,
                    assignedSeq: event.seq, endedBySeq: nil, endedAt: nil))
            case .endsRole, .endsRolesIn:
                // A day-precision ending lets the role cover its whole last day.
                let end = event.order.millis
                for index in (byPerson[event.actor] ?? []).reversed() {
                    let span = spans[index]
                    guard span.start < end,
                          span.end.map({ end < $0 }) ?? true else { continue }
                    let matches = event.effect == .endsRole
                        ? span.institution == event.institution && span.role == event.role
                        : span.institution == event.toward
                    guard matches else { continue }
                    spans[index].end = end
                    spans[index].endedBySeq = event.seq
                    spans[index].endedAt = event.occurred
                    if event.effect == .endsRole { break }
                }
            default:
                continue
            }
        }
        return spans
    }
}

/// The role spans of one state of a directory, computed once, whichever copy asks first.
final class SpansMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var spans: [RoleSpan]?

    var isEmpty: Bool { lock.withLock { spans == nil } }

    func spans(_ make: () -> [RoleSpan]) -> [RoleSpan] {
        lock.withLock {
            if let spans { return spans }
            let made = make()
            spans = made
            return made
        }
    }
}
