import Foundation
import Projections
import StanceDomain

/// What charts and reports are drawn from: the position query, and the withdrawn events the
/// query no longer counts, queryable the same way (so a person's withdrawn words still show
/// on their institution's lane), each with the retraction that withdrew it.
///
/// Only `init(_:)` knows how the projections were loaded; everything drawn depends on the
/// value types alone.
struct ChartSource {
    let query: PositionQuery
    let withdrawn: PositionQuery
    let retractedBy: [UUID: ProjectedEvent]

    var directory: ActorDirectory { query.directory }
    var zone: StoreTimeZone { directory.zone }

    init(query: PositionQuery, withdrawn: PositionQuery, retractedBy: [UUID: ProjectedEvent]) {
        self.query = query
        self.withdrawn = withdrawn
        self.retractedBy = retractedBy
    }

    init(_ replay: Replay) {
        var positions = Positions()
        for event in replay.events where replay.retractions.withdrawnBy[event.id] != nil {
            positions.apply(event)
        }
        self.init(
            query: replay.query, withdrawn: PositionQuery(positions: positions, directory: replay.directory),
            retractedBy: replay.retractions.withdrawnBy)
    }

    /// The lane of `actor` toward `toward`, limited to world times between `from` and `until`.
    func lane(actor: Actor, toward: Actor, from: WorldTime?, until: WorldTime?, label: String, labelDetail: String) -> ChartLane {
        let timeline = query.timeline(actor: actor, toward: toward, from: from, until: until)
        let lower = from.map { $0.startMillis(in: zone) } ?? Int64.min
        let upper = until.map { $0.endMillis(in: zone) } ?? Int64.max
        let withdrawn = withdrawn.entries(actor: actor.id, toward: toward.id)
            .filter { $0.event.startMillis >= lower && $0.event.startMillis < upper }
            .map { ChartLane.Withdrawn(entry: $0, retraction: retractedBy[$0.event.id]) }
        return ChartLane(timeline: timeline, withdrawn: withdrawn, label: label, labelDetail: labelDetail)
    }

    /// Every target `actor` has a position toward, by id.
    func targets(of actor: Actor) -> [Actor] {
        query.targets(of: actor.id).compactMap { directory.actors[$0] }
    }

    /// The actor's name, or its id when it has no other.
    func shortName(_ id: String) -> String {
        directory.actors[id]?.name ?? id
    }

    /// "Name (id)", or the id alone when the actor has no other name.
    func name(_ id: String) -> String {
        guard let actor = directory.actors[id], actor.name != id else { return id }
        return "\(actor.name) (\(id))"
    }
}
