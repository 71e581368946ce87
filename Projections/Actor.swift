import StanceDomain

/// A registered actor: who it is and every name it may be asked about by.
public struct Actor: Sendable, Hashable {
    public let id: String
    public let name: String
    public let kind: ActorKind
    public let aliases: [String]
    public let codes: [String]
    /// The `seq` of the event that registered it.
    public let registeredSeq: Int64
}

/// A role a person held in an institution over a stretch of world time.
public struct RoleSpan: Sendable, Hashable {
    public let person: String
    public let institution: String
    public let role: Role
    /// The role's first instant, in ms.
    public let start: Int64
    /// The first instant after the role, in ms, or nil while it lasts.
    public var end: Int64?
    public let from: WorldTime
    public var until: WorldTime?
    /// The event that assigned the role.
    public let assignedSeq: Int64
    /// The event that ended it early (`role-ended` or `resigned`), if any, and when.
    public var endedBySeq: Int64?
    public var endedAt: WorldTime?

    /// Whether the role was held at this instant.
    public func isHeld(at millis: Int64) -> Bool {
        start <= millis && (end.map { millis < $0 } ?? true)
    }
}
