import Projections
import StanceDomain

/// A chart as asked for on the command line: the actors and targets resolved, one lane per
/// pair, and the title and subtitle that say what is drawn.
struct ChartRequest {
    let title: String
    let subtitle: String
    let lanes: [ChartLane]
    let from: WorldTime?
    let until: WorldTime?
    let source: ChartSource

    /// - Parameters:
    ///   - actors: the actors' names as given; the first is the command's ACTOR argument when
    ///     `firstIsArgument`, so errors name the right option.
    ///   - toward: the targets as given; empty for every target of each actor.
    init(actors: [String], firstIsArgument: Bool = true, toward: [String], from: WorldTime?, until: WorldTime?,
         asOf: ResolvedAsOf?, source: ChartSource) throws {
        var subjects: [Actor] = []
        for (index, name) in actors.enumerated() {
            let actor = try source.directory.resolve(name, option: index == 0 && firstIsArgument ? nil : "--actor")
            if !subjects.contains(where: { $0.id == actor.id }) { subjects.append(actor) }
        }
        var targets: [Actor] = []
        for name in toward {
            let target = try source.directory.resolve(name, option: "--toward")
            if !targets.contains(where: { $0.id == target.id }) { targets.append(target) }
        }
        var lanes: [ChartLane] = []
        for subject in subjects {
            for target in targets.isEmpty ? source.targets(of: subject) : targets where target.id != subject.id {
                func label(_ name: (String) -> String) -> String {
                    subjects.count == 1 ? name(target.id) : targets.count == 1 ? name(subject.id) : "\(name(subject.id)) → \(name(target.id))"
                }
                let lane = source.lane(actor: subject, toward: target, from: from, until: until,
                                       label: label(source.shortName), labelDetail: label(source.name))
                // Asked-for targets always get a lane; found ones only when there is something to draw.
                if targets.isEmpty && lane.timeline.changes.isEmpty && lane.timeline.before == .unknown && lane.withdrawn.isEmpty { continue }
                lanes.append(lane)
            }
        }
        self.lanes = lanes
        self.from = from
        self.until = until
        self.source = source
        if subjects.count == 1 {
            title = "\(source.name(subjects[0].id)): positions over time"
        } else if targets.count == 1 {
            title = "Positions toward \(source.name(targets[0].id))"
        } else {
            title = "Positions of \(subjects.map { source.name($0.id) }.joined(separator: ", "))"
        }
        let zone = source.zone
        var parts = ["World time in \(zone.identifier)"]
        if let from { parts.append("from \(from.formatted(in: zone))") }
        if let until { parts.append("until \(until.formatted(in: zone))") }
        if let asOf { parts.append("as recorded at \(asOf.requested) (seq \(asOf.seq))") }
        let changes = lanes.reduce(0) { $0 + $1.timeline.changes.count }
        let events = lanes.reduce(0) { $0 + $1.markedEvents.count }
        parts.append("\(changes) change\(changes == 1 ? "" : "s"), \(events) event\(events == 1 ? "" : "s")")
        subtitle = parts.joined(separator: " · ")
    }

    var layout: ChartLayout {
        ChartLayout(title: title, subtitle: subtitle, lanes: lanes, from: from, until: until, source: source)
    }
}
