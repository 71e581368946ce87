import StanceDomain

/// The answer to "what was this actor's position toward that one at this moment?".
public struct PositionAnswer: Sendable, Hashable {
    public let actor: Actor
    public let toward: Actor
    public let cut: WorldCut
    public let position: Position
    /// The change that opened the current span; nil while the position is unknown.
    public let since: PositionChange?
    /// The events that set or restated the position in the current span, up to the cut.
    public var evidence: [PositionEntry] { since?.evidence ?? [] }
    /// Signals (calls for dialogue, refusals of force) toward this target or toward no one,
    /// from the start of the current span's first day up to the cut.
    public let signals: [PositionEntry]
    /// For a day question: every change during that day, in order.
    public let changes: [PositionChange]
    /// False when an instant question falls inside a day that holds a day-precision event
    /// that could have come before or after it.
    public var certain: Bool { uncertainBecause.isEmpty }
    /// The day-precision events that make an instant answer uncertain.
    public let uncertainBecause: [PositionEntry]

    /// Whether reports from different sources contradict the reported position at its time.
    public var contested: Bool { since?.isContested ?? false }

    /// Every competing report, the contradicted reports of the current span included, in world
    /// order; empty when the position is not contested.
    public var competing: [PositionEntry] {
        guard let since, since.isContested else { return [] }
        return (since.contestedReports + since.competing).sorted { $0.event.order < $1.event.order }
    }
}

/// Every change of an actor's position toward a target, with evidence.
public struct Timeline: Sendable, Hashable {
    public let actor: Actor
    public let toward: Actor
    /// The position just before the first change shown (`unknown` when nothing came earlier).
    public let before: Position
    public let changes: [PositionChange]
}
