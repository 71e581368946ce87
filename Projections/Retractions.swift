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
    private let rule: RetractionRule

    /// - Parameter events: every event of the log (or of a prefix of it), in `seq` order.
    public init(_ events: [ProjectedEvent]) {
        rule = RetractionRule(events.compactMap(RetractionRule.Link.init))
        // Only retractions withdraw: index those alone (a decoded event is large to copy).
        let byID = Dictionary(events.lazy.filter { $0.event.retracts != nil }.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        withdrawnBy = rule.withdrawnBy.compactMapValues { byID[$0] }
    }

    /// Whether the event still counts.
    public func counts(_ id: UUID) -> Bool {
        rule.counts(id)
    }

    /// Every event that does not count, for telling whether a batch changed anything.
    var excluded: Set<UUID> {
        rule.excluded
    }
}

/// The rule of ``Retractions`` on what it reads of each event: its id and the ids it names.
/// A fold over a long log keeps these links alone (a decoded event is a hundred times larger).
struct RetractionRule: Sendable {
    /// What the rule reads of a retraction or a replacement.
    struct Link: Sendable {
        let id: UUID
        let retracts: UUID?
        let replacedBy: UUID?
        let replaces: UUID?

        /// The links of a retraction or a replacement; nil for any other event.
        init?(_ projected: borrowing ProjectedEvent) {
            // Read through `projected` rather than a local copy of its event: a copy retains
            // every field of the event, once for each of a replay's million events.
            guard projected.event.retracts != nil || projected.event.replaces != nil else { return nil }
            id = projected.id
            retracts = projected.event.retracts
            replacedBy = projected.event.replacedBy
            replaces = projected.event.replaces
        }
    }

    /// The id of the retraction that withdraws each withdrawn event.
    private(set) var withdrawnBy: [UUID: UUID] = [:]
    /// Replacements whose retraction of the original is not (or no longer) in force.
    private(set) var pendingReplacements: Set<UUID> = []

    /// - Parameter links: the retractions and replacements of the log (or of a prefix of it),
    ///   in `seq` order.
    init(_ links: [Link]) {
        for link in links.reversed() {
            guard withdrawnBy[link.id] == nil, let target = link.retracts else { continue }
            if withdrawnBy[target] == nil { withdrawnBy[target] = link.id }
        }
        var confirmed = Set<UUID>()
        for link in links where link.retracts != nil && withdrawnBy[link.id] == nil {
            if let replacement = link.replacedBy { confirmed.insert(replacement) }
        }
        for link in links where link.replaces != nil && !confirmed.contains(link.id) {
            pendingReplacements.insert(link.id)
        }
    }

    func counts(_ id: UUID) -> Bool {
        withdrawnBy[id] == nil && !pendingReplacements.contains(id)
    }

    var excluded: Set<UUID> {
        Set(withdrawnBy.keys).union(pendingReplacements)
    }
}
