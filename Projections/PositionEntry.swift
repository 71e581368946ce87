import StanceDomain

/// One piece of evidence in an answer: an event and, when a person spoke for an institution,
/// the role through which they did.
public struct PositionEntry: Sendable, Hashable {
    public let event: ProjectedEvent
    /// The role that made the speaker's words the institution's, or nil when the actor spoke itself.
    public let via: RoleSpan?

    /// The position the event set, or nil for a signal.
    public var position: Position? { event.event.setsPosition }
    /// Who spoke or acted.
    public var speaker: String { event.event.actor }
}

/// A change of position: from what, to what, on what evidence.
public struct PositionChange: Sendable, Hashable {
    public let from: Position
    public let to: Position
    /// The event that made the change.
    public let entry: PositionEntry
    /// Every event of the span the change opened (the change first, then restatements), up
    /// to the question's cut.
    public var evidence: [PositionEntry]
}
