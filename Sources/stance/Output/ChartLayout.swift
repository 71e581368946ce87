import Projections
import StanceDomain

/// Where everything of a chart goes: the scale, the ticks, and for each lane its bands and
/// markers, in pixels. Pure geometry; `SVGChart` writes it out.
///
/// Thousands of events stay readable: ticks thin to the step that fits, band labels are written
/// only where they fit (short names on narrow bands), and markers closer than a few pixels
/// merge into one cluster marker that says how many events it holds.
struct ChartLayout {
    /// A lane placed: its label, its top edge, its bands and markers.
    struct Lane {
        let label: String
        /// The label in full, with ids, for its tooltip.
        let fullLabel: String
        let top: Double
        let spans: [ChartSpan]
        let markers: [ChartMarker]
    }

    static let width = 960.0
    static let plotLeft = 240.0
    static let plotRight = 935.0
    static let lanesTop = 74.0
    static let laneHeight = 44.0
    static let bandHeight = 20.0
    /// Markers whose centres are closer than this many pixels become one cluster.
    static let clusterDistance = 9.0
    static let labelSize = 11.0

    let title: String
    let subtitle: String
    let scale: ChartScale
    let ticks: ChartTicks
    let lanes: [Lane]
    /// Said in place of lanes when there are none.
    let emptyNote: String?
    let legend: ChartLegend
    let height: Double

    var lanesBottom: Double { Self.lanesTop + Double(max(lanes.count, 1)) * Self.laneHeight }

    init(title: String, subtitle: String, lanes: [ChartLane], from: WorldTime?, until: WorldTime?, source: ChartSource) {
        let zone = source.zone
        let marked = lanes.map(\.markedEvents)
        let starts = marked.flatMap { $0.map(\.entry.event.startMillis) }
        let ends = marked.flatMap { $0.map { $0.entry.event.event.occurred.endMillis(in: zone) } }
        let first = from?.startMillis(in: zone) ?? starts.min() ?? until?.startMillis(in: zone) ?? 0
        let last = until?.endMillis(in: zone) ?? ends.max() ?? first
        let scale = ChartScale(first: first, last: last, left: Self.plotLeft, right: Self.plotRight,
                               fixedStart: from != nil, fixedEnd: until != nil)
        self.scale = scale
        ticks = ChartTicks(scale: scale, zone: zone)
        self.title = title
        self.subtitle = subtitle
        let tooltips = ChartTooltips(source: source)
        self.lanes = zip(lanes, marked).enumerated().map { index, pair in
            let top = Self.lanesTop + Double(index) * Self.laneHeight
            let label = Self.shortened(pair.0.label, to: Self.plotLeft - 16)
            return Lane(label: label, fullLabel: pair.0.labelDetail, top: top,
                        spans: Self.spans(pair.0.timeline, scale: scale, tooltips: tooltips),
                        markers: Self.markers(pair.1, scale: scale, zone: zone, tooltips: tooltips))
        }
        emptyNote = lanes.isEmpty ? "No recorded position to draw." : nil
        legend = ChartLegend(top: Self.lanesTop + Double(max(lanes.count, 1)) * Self.laneHeight + 26)
        height = legend.bottom + 14
    }

    /// The bands of a timeline: the position held before the range, then one per change.
    static func spans(_ timeline: Timeline, scale: ChartScale, tooltips: ChartTooltips) -> [ChartSpan] {
        var spans: [ChartSpan] = []
        let changes = timeline.changes
        func band(_ start: Int64, _ end: Int64, _ position: Position, contested: Bool, title: String) {
            let x = scale.x(start)
            let width = max(scale.x(end) - x, 1)
            spans.append(ChartSpan(x: x, width: width, position: position, contested: contested,
                                   label: label(position, width: width), title: title))
        }
        if timeline.before != .unknown {
            band(scale.start, changes.first?.entry.event.startMillis ?? scale.end, timeline.before, contested: false,
                 title: tooltips.span(timeline.before, change: nil, until: changes.first))
        }
        for (index, change) in changes.enumerated() {
            let next = index + 1 < changes.count ? changes[index + 1] : nil
            band(change.entry.event.startMillis, next?.entry.event.startMillis ?? scale.end, change.to,
                 contested: change.isContested, title: tooltips.span(change.to, change: change, until: next))
        }
        return spans
    }

    /// The name that fits on a band of this width: full, short, or none.
    static func label(_ position: Position, width: Double) -> String? {
        let room = width - 8
        for text in [position.rawValue, ChartPalette.shortName(position)]
        where ChartPalette.textWidth(text, size: labelSize) <= room {
            return text
        }
        return nil
    }

    /// Markers for a lane's events (in world order), neighbours closer than
    /// `clusterDistance` merged into clusters.
    static func markers(
        _ events: [(entry: PositionEntry, retraction: ProjectedEvent?)], scale: ChartScale, zone: StoreTimeZone,
        tooltips: ChartTooltips
    ) -> [ChartMarker] {
        let placed = events.map { item -> (x: Double, width: Double?) in
            let event = item.entry.event
            let left = scale.x(event.startMillis)
            guard event.event.occurred.precisionName == "day" else { return (left, nil) }
            let right = scale.x(event.event.occurred.endMillis(in: zone))
            return ((left + right) / 2, right - left)
        }
        // World order sorts a day after the instants of its day, while a day's marker sits at
        // the day's middle: cluster in order of position on the page.
        let order = placed.indices.sorted { (placed[$0].x, $0) < (placed[$1].x, $1) }
        var markers: [ChartMarker] = []
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && placed[order[end]].x - placed[order[start]].x < clusterDistance { end += 1 }
            let group = order[start..<end].map { events[$0] }
            if group.count == 1, let item = group.first {
                let spot = placed[order[start]]
                markers.append(ChartMarker(
                    x: spot.x, shape: spot.width.map { .day(width: max($0 - 2, 6)) } ?? .instant,
                    fill: item.retraction == nil ? item.entry.position.map(ChartPalette.colour) ?? ChartPalette.muted : nil,
                    title: tooltips.event(item.entry, retraction: item.retraction)))
            } else {
                let x = (placed[order[start]].x + placed[order[end - 1]].x) / 2
                let allWithdrawn = group.allSatisfy { $0.retraction != nil }
                markers.append(ChartMarker(
                    x: x, shape: .cluster(count: group.count), fill: allWithdrawn ? nil : ChartPalette.ink,
                    title: tooltips.cluster(group)))
            }
            start = end
        }
        return markers
    }

    /// The text cut to fit `width` pixels, with an ellipsis when cut.
    static func shortened(_ text: String, to width: Double) -> String {
        guard ChartPalette.textWidth(text, size: labelSize) > width else { return text }
        let keep = max(Int(width / (labelSize * 0.62)) - 1, 1)
        return String(text.prefix(keep)) + "…"
    }
}
