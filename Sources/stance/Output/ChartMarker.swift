/// One mark on a lane's event row: an event, or a cluster of events too close to tell apart.
struct ChartMarker {
    enum Shape {
        /// An event at a known instant: a circle.
        case instant
        /// An event known only to the day: a bar as wide as the day (at least a few pixels).
        case day(width: Double)
        /// Several events within a few pixels: a box with their count.
        case cluster(count: Int)
    }

    let x: Double
    let shape: Shape
    /// The fill; nil draws the marker hollow (a withdrawn event, or a cluster of them).
    let fill: String?
    /// The tooltip: type, who spoke, date and source, for each event.
    let title: String
}
