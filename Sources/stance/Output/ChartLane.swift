import Projections
import StanceDomain

/// One row of a chart: an actor's timeline toward a target, and the events about that pair
/// that were withdrawn (drawn hollow, since the answers no longer count them).
struct ChartLane {
    /// A withdrawn event and the retraction that withdrew it.
    struct Withdrawn {
        let entry: PositionEntry
        let retraction: ProjectedEvent?
    }

    let timeline: Timeline
    let withdrawn: [Withdrawn]
    /// The text at the lane's left: the target's name, the actor's, or both, whichever varies.
    var label: String
    /// The same with ids, for the label's tooltip.
    var labelDetail: String

    var actor: Actor { timeline.actor }
    var toward: Actor { timeline.toward }

    /// Every event the lane marks, each once, in world order: the evidence of every change, the
    /// reports competing with them, and the withdrawn events.
    var markedEvents: [(entry: PositionEntry, retraction: ProjectedEvent?)] {
        var seen = Set<Int64>()
        var marked: [(entry: PositionEntry, retraction: ProjectedEvent?)] = []
        for change in timeline.changes {
            for entry in change.evidence + change.competing where seen.insert(entry.event.seq).inserted {
                marked.append((entry, nil))
            }
        }
        for item in withdrawn where seen.insert(item.entry.event.seq).inserted {
            marked.append((item.entry, item.retraction))
        }
        return marked.sorted { $0.entry.event.order < $1.entry.event.order }
    }
}
