import Foundation
import StanceDomain

/// Which events are withdrawn: a pure function of the events in the log.
///
/// A retraction withdraws its target; retracting a retraction withdraws the retraction, so its
/// target counts again. An event is withdrawn when a retraction that itself still counts names
/// it. Since a retraction always names an earlier event, reading the log backwards settles every
/// retraction before its target is looked at, whatever tools wrote the log.
///
/// A replacement (`replaces`) counts only while the retraction of its original that names it
/// (`replacedBy`) counts: so a log cut between the two (`--as-of` inside a correction) never
/// counts both versions, and retracting a correction's retraction undoes the whole correction.
public struct Retractions: Sendable {
    /// The retraction that withdraws each withdrawn event.
    public private(set) var withdrawnBy: [UUID: ProjectedEvent] = [:]
    /// Replacements whose retraction of the original is not (or no longer) in force.
    public private(set) var pendingReplacements: Set<UUID> = []

    /// - Parameter events: every event of the log (or of a prefix of it), in `seq` order.
    public init(_ events: [ProjectedEvent]) {
        for event in events.reversed() {
            guard withdrawnBy[event.id] == nil, let target = event.event.retracts else { continue }
            if withdrawnBy[target] == nil { withdrawnBy[target] = event }
        }
        var confirmed = Set<UUID>()
        for event in events where event.event.retracts != nil && withdrawnBy[event.id] == nil {
            if let replacement = event.event.replacedBy { confirmed.insert(replacement) }
        }
        for event in events where event.event.replaces != nil && !confirmed.contains(event.id) {
            pendingReplacements.insert(event.id)
        }
    }

    /// Whether the event still counts.
    public func counts(_ id: UUID) -> Bool {
        withdrawnBy[id] == nil && !pendingReplacements.contains(id)
    }

    /// Every event that does not count, for telling whether a batch changed anything.
    var excluded: Set<UUID> {
        Set(withdrawnBy.keys).union(pendingReplacements)
    }
}
