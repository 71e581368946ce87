/// A role a person holds in an institution or group.
///
/// `leader`, `commander` and `spokesperson` speak for the institution: what such a person says
/// while holding the role also sets the institution's position. A `member` speaks for themself.
public enum Role: String, CaseIterable, Sendable, Hashable {
    case leader, commander, spokesperson, member

    /// Whether an event by the holder also counts as the institution's.
    public var speaksForInstitution: Bool { self != .member }
}
