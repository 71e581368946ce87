/// What an event type does to the projections.
public enum EventEffect: Sendable, Hashable {
    /// Registers the actor named by `actor`.
    case registersActor
    /// Gives `actor` a role in `in`, from the event's date until `until`.
    case assignsRole
    /// Ends `actor`'s matching role in `in`.
    case endsRole
    /// Ends all of `actor`'s open roles in the institution `toward`.
    case endsRolesIn
    /// Sets `actor`'s position toward `toward` to this position.
    case sets(Position)
    /// Sets the position given in the event's `position` field, if any.
    case setsGivenPosition
    /// Withdraws the event named by `retracts`: from then on it no longer counts. Retracting a
    /// retraction restores the event it withdrew.
    case retracts
    /// Records the chain head and the projections' digests at a moment, optionally signed.
    case recordsCheckpoint
    /// Shown beside the position as a signal; does not change it.
    case signal
    /// No effect on positions.
    case none

    /// The wording used by `stance types`.
    public var summary: String {
        switch self {
        case .registersActor: return "registers the actor"
        case .assignsRole: return "starts a role (who speaks for whom)"
        case .endsRole: return "ends a role"
        case .endsRolesIn: return "ends the actor's open roles in `toward`"
        case .sets(let position): return position.rawValue
        case .setsGivenPosition: return "sets `position` when given"
        case .retracts: return "withdraws the event `retracts`"
        case .recordsCheckpoint: return "records a checkpoint (head and digests)"
        case .signal: return "signal beside the position"
        case .none: return "none"
        }
    }
}
