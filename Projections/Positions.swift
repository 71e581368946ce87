import StanceDomain

/// What every actor said toward every other, in world order: the events that set a position
/// and the signals shown beside positions. A pure fold; ``PositionQuery`` answers questions
/// from it together with the ``ActorDirectory``'s roles.
public struct Positions: Projection {
    /// Two actors: whose position, toward whom.
    public struct Pair: Sendable, Hashable {
        public let actor: String
        public let toward: String
    }

    /// Events that set a position, per pair, in world order.
    public private(set) var stated: [Pair: [ProjectedEvent]] = [:]
    /// Signal events (`dialogue-called-for`, `force-refused`), per actor, in world order.
    public private(set) var signals: [String: [ProjectedEvent]] = [:]
    /// The targets each actor has stated a position toward.
    public private(set) var targets: [String: Set<String>] = [:]

    public init() {}

    public mutating func apply(_ projected: ProjectedEvent) {
        switch Self.bucket(of: projected.event) {
        case .stated(let pair)?:
            Self.insert(projected, into: &stated[pair, default: []])
            targets[pair.actor, default: []].insert(pair.toward)
        case .signals(let actor)?:
            Self.insert(projected, into: &signals[actor, default: []])
        case nil:
            break
        }
    }

    /// Which list an event joins, if any: the one rule ``DigestFold`` shares.
    static func bucket(of event: StanceEvent) -> DigestFold.Bucket? {
        if event.setsPosition != nil, let toward = event.toward {
            return .stated(Pair(actor: event.actor, toward: toward))
        }
        return event.isSignal ? .signals(event.actor) : nil
    }

    /// Keeps the list in world order; nearly always an append, since most events are recorded
    /// in the order they happen.
    private static func insert(_ event: ProjectedEvent, into list: inout [ProjectedEvent]) {
        var index = list.count
        while index > 0 && event.order < list[index - 1].order { index -= 1 }
        list.insert(event, at: index)
    }
}
