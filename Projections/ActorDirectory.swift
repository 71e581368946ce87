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
        // The spans an ending may close, as indexes into `spans` in order: a `role-ended` looks
        // at its person's spans of that role in that institution, a `resigned` at those in that
        // institution, rather than at every span the person ever held (the benchmark's people
        // hold hundreds, which made the spans of a million-event log ~80 ms).
        var byRole: [RoleKey: [Int]] = [:]
        var byInstitution: [RoleKey: [Int]] = [:]
        // World order, sorted as (order, position) pairs: a role event is ~180 bytes, which
        // every move of a sort of the events themselves copied.
        var sorted = roleEvents.indices.map { (order: roleEvents[$0].order, position: $0) }
        sorted.sort { $0.order < $1.order }
        for (_, position) in sorted {
            let event = roleEvents[position]
            let candidates: [Int]
            switch event.effect {
            case .assignsRole:
                guard let institution = event.institution, let role = event.role else { continue }
                byRole[RoleKey(event.actor, institution, role), default: []].append(spans.count)
                byInstitution[RoleKey(event.actor, institution, nil), default: []].append(spans.count)
                spans.append(RoleSpan(
                    person: event.actor, institution: institution, role: role,
                    start: event.startMillis, end: event.until.map { $0.endMillis(in: zone) },
                    from: event.occurred, until: event.until,
                    assignedSeq: event.seq, endedBySeq: nil, endedAt: nil))
                continue
            case .endsRole:
                guard let institution = event.institution, let role = event.role else { continue }
                candidates = byRole[RoleKey(event.actor, institution, role)] ?? []
            case .endsRolesIn:
                guard let institution = event.toward else { continue }
                candidates = byInstitution[RoleKey(event.actor, institution, nil)] ?? []
            default:
                continue
            }
            // A day-precision ending lets the role cover its whole last day.
            let end = event.order.millis
            for index in candidates.reversed() {
                guard spans[index].start < end, spans[index].end.map({ end < $0 }) ?? true else { continue }
                spans[index].end = end
                spans[index].endedBySeq = event.seq
                spans[index].endedAt = event.occurred
                // `role-ended` ends the latest such span; `resigned` every one it finds.
                if event.effect == .endsRole { break }
            }
        }
        return spans
    }

    /// Which spans an ending can close: a person's in an institution, of one role or of any.
    private struct RoleKey: Hashable {
        let person: String
        let institution: String
        let role: Role?

        init(_ person: String, _ institution: String, _ role: Role?) {
            (self.person, self.institution, self.role) = (person, institution, role)
        }
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
