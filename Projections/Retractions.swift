import Foundation
import StanceDomain

/// Which events are withdrawn: a pure function of the events in the log.
///
/// A retraction withdraws its target; retracting a retraction withdraws the retraction, so its
/// target counts again. An event is withdrawn when a retraction that itself still counts names
/// it. Since a retraction always names an earlier event, reading the log backwards settles every
/// retraction before its target is looked at, whatever tools wrote the log.
public struct Retractions: Sendable {
    /// The retraction that withdraws each withdrawn event.
    public private(set) var withdrawnBy: [UUID: ProjectedEvent] = [:]

    /// - Parameter events: every event of the log (or of a prefix of it), in `seq` order.
    public init(_ events: [ProjectedEvent]) {
        for event in events.reversed() {
            guard withdrawnBy[event.id] == nil, let target = event.event.retracts else { continue }
            if withdrawnBy[target] == nil { withdrawnBy[target] = event }
        }
    }

    /// Whether the event still counts.
    public func counts(_ id: UUID) -> Bool {
        withdrawnBy[id] == nil
    }
}
