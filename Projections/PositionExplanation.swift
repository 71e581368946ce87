import Foundation
import StanceDomain

/// The whole derivation of a position answer: every event that could bear on it, in world
/// order, with what became of it.
public struct PositionExplanation: Sendable {
    /// What became of one event in the derivation.
    public enum Verdict: Sendable, Hashable {
        /// It set the reported position: the change that opened the current span.
        case sets
        /// It restated the reported position within the current span.
        case restates
        /// It set or restated a position that a later event replaced.
        case superseded
        /// A day-precision event on the day of an instant question: it may have come after.
        case uncertain
        /// Withdrawn by this retraction (recorded before the as-of moment).
        case retracted(by: ProjectedEvent)
        /// Recorded after the as-of moment, so the answer does not know it.
        case notYetRecorded
        /// Said by a person who did not hold a speaking role in the institution at the time.
        case notSpeakingForInstitution(reason: String)

        public var name: String {
            switch self {
            case .sets: "sets"
            case .restates: "restates"
            case .superseded: "superseded"
            case .uncertain: "uncertain"
            case .retracted: "retracted"
            case .notYetRecorded: "not-yet-recorded"
            case .notSpeakingForInstitution: "not-speaking-for-institution"
            }
        }
    }

    public struct Step: Sendable {
        public let event: ProjectedEvent
        /// The role through which the speaker spoke for the institution, if any.
        public let via: RoleSpan?
        public let verdict: Verdict
        /// Set when the event is contested by reports from other sources at the same time.
        public let contested: Bool
    }

    public let answer: PositionAnswer
    public let steps: [Step]

    /// Everyone who ever had a role event for the institution among `events`, withdrawn or
    /// not, so that a statement counted as of an earlier moment is still shown when its role
    /// was withdrawn later.
    public static func everyone(in events: [ProjectedEvent], institution: String) -> Set<String> {
        Set(events.compactMap { event -> String? in
            let stance = event.event
            switch stance.type.effect {
            case .assignsRole, .endsRole: return stance.institution == institution ? stance.actor : nil
            case .endsRolesIn: return stance.toward == institution ? stance.actor : nil
            default: return nil
            }
        })
    }

    /// Explains `answer`, computed from `known` (the log as of the question's as-of moment),
    /// against `full` (the whole log), so that events recorded later can be shown as excluded.
    public init(answer: PositionAnswer, known: Replay, full: Replay) {
        self.answer = answer
        let actor = answer.actor.id, toward = answer.toward.id
        let spans = known.directory.roleSpans().filter { $0.institution == actor }
        let everyone = Self.everyone(in: full.events, institution: actor).union([actor])
        let evidence = Set(answer.evidence.map(\.event.id))
        let current = answer.since?.entry.event.id
        let uncertain = Set(answer.uncertainBecause.map(\.event.id))
        let competing = Set(answer.competing.map(\.event.id))
        let knownIDs = Set(known.events.map(\.id))
        var steps: [Step] = []
        for event in full.events.sorted(by: { $0.order < $1.order }) {
            let stance = event.event
            guard stance.setsPosition != nil, stance.toward == toward, everyone.contains(stance.actor),
                  event.order.isIncluded(by: answer.cut) || uncertain.contains(event.id) else { continue }
            let via = stance.actor == actor ? nil : spans.first { $0.person == stance.actor && $0.role.speaksForInstitution && $0.isHeld(at: event.startMillis) }
            let verdict: Verdict
            if !knownIDs.contains(event.id) {
                verdict = .notYetRecorded
            } else if let retraction = known.retractions.withdrawnBy[event.id] {
                verdict = .retracted(by: retraction)
            } else if stance.actor != actor && via == nil {
                verdict = .notSpeakingForInstitution(reason: Self.whyNotSpeaking(stance.actor, at: event.startMillis, spans: spans))
            } else if uncertain.contains(event.id) {
                verdict = .uncertain
            } else if event.id == current {
                verdict = .sets
            } else if evidence.contains(event.id) {
                verdict = .restates
            } else {
                verdict = .superseded
            }
            steps.append(Step(event: event, via: via, verdict: verdict, contested: competing.contains(event.id)))
        }
        self.steps = steps
    }

    private static func whyNotSpeaking(_ person: String, at millis: Int64, spans: [RoleSpan]) -> String {
        let mine = spans.filter { $0.person == person }
        if mine.contains(where: { $0.isHeld(at: millis) }) {
            return "\(person) was only a member, and members speak for themselves"
        }
        if mine.contains(where: { millis < $0.start }) && !mine.contains(where: { $0.start <= millis }) {
            return "\(person)'s role had not begun"
        }
        if mine.isEmpty {
            return "\(person)'s role in it was withdrawn or not yet recorded"
        }
        return "\(person)'s role had ended"
    }
}
