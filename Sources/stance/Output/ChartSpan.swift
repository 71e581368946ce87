import StanceDomain

/// One band of a lane: a stretch of world time during which the position held, placed.
struct ChartSpan {
    let x: Double
    let width: Double
    let position: Position
    /// Reports from different sources disagree about the change that opened it: drawn hatched.
    let contested: Bool
    /// The position's name (or short name) written on the band, when it fits.
    let label: String?
    /// The tooltip: the position, its dates and the event that set it.
    let title: String
}
