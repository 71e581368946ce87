import StanceDomain

/// The key under a chart: each position's colour and name, and what each kind of mark means,
/// flowed into rows that fit the chart's width.
struct ChartLegend {
    enum Key {
        case position(Position)
        case unknown
        case contested
        case instant
        case day
        case withdrawn
        case cluster
    }

    struct Item {
        let key: Key
        let text: String
        let x: Double
        let y: Double
    }

    static let keys: [(Key, String)] = Position.recordable.map { (.position($0), $0.rawValue) } + [
        (.unknown, "unknown (nothing recorded)"),
        (.contested, "contested (hatched)"),
        (.instant, "event at an instant"),
        (.day, "event known to the day"),
        (.withdrawn, "retracted event (hollow)"),
        (.cluster, "events too close to draw apart"),
    ]

    static let size = 11.0
    static let rowHeight = 20.0
    static let swatchWidth = 22.0

    let items: [Item]
    let bottom: Double

    init(top: Double, left: Double = 16, right: Double = ChartLayout.width - 16) {
        var items: [Item] = []
        var x = left
        var y = top
        for (key, text) in Self.keys {
            let width = Self.swatchWidth + 6 + ChartPalette.textWidth(text, size: Self.size)
            if x + width > right && x > left {
                x = left
                y += Self.rowHeight
            }
            items.append(Item(key: key, text: text, x: x, y: y))
            x += width + 18
        }
        self.items = items
        bottom = y + Self.rowHeight / 2
    }
}
