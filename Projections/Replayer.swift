import EventStore
import StanceDomain

/// Rebuilds every projection from the log: reads the store in `seq` order, decodes each
/// envelope and folds it into the directory and the positions.
///
/// Events that cannot be decoded (a type from a newer stance, a damaged payload) are skipped
/// and reported, never a crash: the answer from the rest is still worth having.
///
/// ```swift
/// let replay = try Replayer.replay(store, in: zone)
/// let query = replay.query
/// ```
public struct Replay: Sendable {
    public var directory: ActorDirectory
    public var positions = Positions()
    /// Every decoded event, in `seq` order.
    public var events: [ProjectedEvent] = []
    /// The events that could not be decoded, with why.
    public var skipped: [(seq: Int64, reason: String)] = []

    public init(zone: StoreTimeZone) {
        directory = ActorDirectory(zone: zone)
    }

    /// Folds one decoded event into every projection.
    public mutating func apply(_ event: ProjectedEvent) {
        directory.apply(event)
        positions.apply(event)
        events.append(event)
    }

    public var query: PositionQuery {
        PositionQuery(positions: positions, directory: directory)
    }
}

public enum Replayer {
    /// Replays the whole log.
    public static func replay(_ store: any EventStore, in zone: StoreTimeZone) throws -> Replay {
        var replay = Replay(zone: zone)
        try store.forEach(after: 0) { recorded in
            do {
                replay.apply(try ProjectedEvent(recorded, in: zone))
            } catch {
                replay.skipped.append((recorded.seq, "\(error)"))
            }
        }
        return replay
    }
}
