import StanceDomain

/// One piece of evidence in an answer: an event and, when a person spoke for an institution,
/// the role through which they did.
public struct PositionEntry: Sendable, Hashable {
    public let event: ProjectedEvent
    /// The role that made the speaker's words the institution's, or nil when the actor spoke itself.
    public let via: RoleSpan?

    public init(event: ProjectedEvent, via: RoleSpan?) {
        self.event = event
        self.via = via
    }

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
    /// The reports that contradict a report of the span at the same world time (see ``Contest``);
    /// empty when the change is not contested.
    public var competing: [PositionEntry] = []
    /// The span's own reports that something contradicts.
    public var contestedReports: [PositionEntry] = []

    public var isContested: Bool { !competing.isEmpty }

    /// Whether the change turns back across `neutral`: from support to neutral or beyond, or
    /// from criticism (or worse) to neutral or support.
    public var isReversal: Bool {
        from.side != 0 && to.side != from.side
    }
}
