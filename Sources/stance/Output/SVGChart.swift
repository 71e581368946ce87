/// Writes a `ChartLayout` as a self-contained SVG document: no scripts, no fonts or images
/// fetched, presentation in attributes (not CSS, which would leak into a page that inlines
/// the chart), every number formatted by `SVGNumber`, so the same layout gives the same bytes.
struct SVGChart {
    let layout: ChartLayout
    /// Prefixes the ids in the SVG, so several charts can share one HTML page.
    var idPrefix = "stance-chart"

    private typealias L = ChartLayout

    private func n(_ value: Double) -> String { SVGNumber.format(value) }
    private func text(_ value: String) -> String { HTMLEscaping.text(value) }
    private func attr(_ value: String) -> String { HTMLEscaping.attribute(value) }

    /// The SVG element alone, for inlining in HTML.
    var element: String {
        var out = ""
        out.reserveCapacity(4096 + layout.lanes.count * 2048)
        let width = n(L.width)
        let height = n(layout.height)
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\""
        out += " role=\"img\" aria-labelledby=\"\(idPrefix)-title\" font-family=\"\(ChartPalette.fontFamily)\" font-size=\"\(n(L.labelSize))\" fill=\"\(ChartPalette.ink)\">\n"
        out += "<title id=\"\(idPrefix)-title\">\(text(layout.title))</title>\n"
        out += "<desc>\(text(layout.subtitle))</desc>\n"
        out += "<defs><pattern id=\"\(idPrefix)-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
        out += "<rect width=\"2\" height=\"6\" fill=\"#000000\" fill-opacity=\"0.45\"/></pattern></defs>\n"
        out += "<rect class=\"background\" width=\"\(width)\" height=\"\(height)\" fill=\"#FFFFFF\"/>\n"
        out += "<text x=\"16\" y=\"26\" font-size=\"16\" font-weight=\"bold\">\(text(layout.title))</text>\n"
        out += "<text x=\"16\" y=\"44\" fill=\"\(ChartPalette.muted)\">\(text(layout.subtitle))</text>\n"
        // Every other lane on a light stripe, under the grid, so a row is easy to follow.
        out += "<g class=\"stripes\" fill=\"#F4F4F4\">"
        for lane in layout.lanes.enumerated() where lane.offset % 2 == 1 {
            out += "<rect x=\"0\" y=\"\(n(lane.element.top))\" width=\"\(n(L.width))\" height=\"\(n(L.laneHeight))\"/>"
        }
        out += "</g>\n"
        axis(&out)
        out += "<g class=\"lanes\">\n"
        for (index, lane) in layout.lanes.enumerated() { self.lane(lane, index: index, into: &out) }
        out += "</g>\n"
        if let note = layout.emptyNote {
            out += "<text class=\"empty\" x=\"\(n(L.plotLeft))\" y=\"\(n(L.lanesTop + 26))\" fill=\"\(ChartPalette.muted)\">\(text(note))</text>\n"
        }
        legend(&out)
        out += "</svg>"
        return out
    }

    /// A standalone SVG file: the XML declaration, the element and a final newline.
    var document: String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + element + "\n"
    }

    private func axis(_ out: inout String) {
        let top = L.lanesTop - 8
        out += "<g class=\"axis\" text-anchor=\"middle\" fill=\"\(ChartPalette.muted)\">\n"
        for tick in layout.ticks.ticks {
            out += "<line x1=\"\(n(tick.x))\" y1=\"\(n(top))\" x2=\"\(n(tick.x))\" y2=\"\(n(layout.lanesBottom))\" stroke=\"\(ChartPalette.grid)\"/>"
            out += "<text x=\"\(n(tick.x))\" y=\"\(n(top - 6))\">\(text(tick.label))</text>\n"
        }
        out += "</g>\n"
    }

    private func lane(_ lane: ChartLayout.Lane, index: Int, into out: inout String) {
        let bandTop = lane.top + 4
        let middle = bandTop + L.bandHeight / 2
        out += "<g class=\"lane\">\n"
        out += "<text class=\"lane-label\" x=\"\(n(L.plotLeft - 10))\" y=\"\(n(middle + 4))\" text-anchor=\"end\">"
        out += "<title>\(text(lane.fullLabel))</title>"
        out += "\(text(lane.label))</text>\n"
        // The baseline shows through where nothing is known: a dashed line, no band.
        out += "<line x1=\"\(n(L.plotLeft))\" y1=\"\(n(middle))\" x2=\"\(n(L.plotRight))\" y2=\"\(n(middle))\" stroke=\"\(ChartPalette.muted)\" stroke-dasharray=\"3 3\"/>\n"
        for span in lane.spans {
            out += "<g class=\"span\" data-position=\"\(span.position.rawValue)\"\(span.contested ? " data-contested=\"true\"" : "")>"
            out += "<title>\(text(span.title))</title>"
            out += "<rect class=\"band\" x=\"\(n(span.x))\" y=\"\(n(bandTop))\" width=\"\(n(span.width))\" height=\"\(n(L.bandHeight))\" fill=\"\(ChartPalette.colour(span.position))\" stroke=\"#FFFFFF\" stroke-width=\"0.5\"/>"
            if span.contested {
                out += "<rect class=\"hatch\" x=\"\(n(span.x))\" y=\"\(n(bandTop))\" width=\"\(n(span.width))\" height=\"\(n(L.bandHeight))\" fill=\"url(#\(idPrefix)-hatch)\"/>"
            }
            if let label = span.label {
                // On a hatched band the name gets a white halo, so the hatching does not cross it.
                let halo = span.contested ? " stroke=\"#FFFFFF\" stroke-width=\"3\" paint-order=\"stroke\"" : ""
                out += "<text class=\"label\" x=\"\(n(span.x + 4))\" y=\"\(n(middle + 4))\"\(halo)>\(text(label))</text>"
            }
            out += "</g>\n"
        }
        let row = bandTop + L.bandHeight + 9
        for marker in lane.markers { self.marker(marker, y: row, into: &out) }
        out += "</g>\n"
    }

    private func marker(_ marker: ChartMarker, y: Double, into out: inout String) {
        let fill = marker.fill ?? "#FFFFFF"
        let outline = "stroke=\"\(ChartPalette.ink)\" stroke-width=\"1.2\""
        switch marker.shape {
        case .instant:
            out += "<g class=\"marker\" data-kind=\"instant\"\(marker.fill == nil ? " data-retracted=\"true\"" : "")><title>\(text(marker.title))</title>"
            out += "<circle cx=\"\(n(marker.x))\" cy=\"\(n(y))\" r=\"4\" fill=\"\(fill)\" \(outline)/></g>\n"
        case .day(let width):
            out += "<g class=\"marker\" data-kind=\"day\"\(marker.fill == nil ? " data-retracted=\"true\"" : "")><title>\(text(marker.title))</title>"
            out += "<rect x=\"\(n(marker.x - width / 2))\" y=\"\(n(y - 3.5))\" width=\"\(n(width))\" height=\"7\" rx=\"2\" fill=\"\(fill)\" \(outline)/></g>\n"
        case .cluster(let count):
            let label = String(count)
            let width = max(ChartPalette.textWidth(label, size: 9) + 6, 14)
            out += "<g class=\"marker\" data-kind=\"cluster\" data-count=\"\(count)\"\(marker.fill == nil ? " data-retracted=\"true\"" : "")><title>\(text(marker.title))</title>"
            out += "<rect x=\"\(n(marker.x - width / 2))\" y=\"\(n(y - 6))\" width=\"\(n(width))\" height=\"12\" rx=\"6\" fill=\"\(fill)\" \(outline)/>"
            out += "<text x=\"\(n(marker.x))\" y=\"\(n(y + 3))\" font-size=\"9\" text-anchor=\"middle\" fill=\"\(marker.fill == nil ? ChartPalette.ink : "#FFFFFF")\">\(label)</text></g>\n"
        }
    }

    private func legend(_ out: inout String) {
        out += "<g class=\"legend\">\n"
        for item in layout.legend.items {
            let x = item.x
            let middle = item.y
            let swatchEnd = x + ChartLegend.swatchWidth
            switch item.key {
            case .position(let position):
                out += "<rect x=\"\(n(x))\" y=\"\(n(middle - 6))\" width=\"\(n(ChartLegend.swatchWidth))\" height=\"12\" fill=\"\(ChartPalette.colour(position))\"/>"
            case .unknown:
                out += "<line x1=\"\(n(x))\" y1=\"\(n(middle))\" x2=\"\(n(swatchEnd))\" y2=\"\(n(middle))\" stroke=\"\(ChartPalette.muted)\" stroke-dasharray=\"3 3\"/>"
            case .contested:
                out += "<rect x=\"\(n(x))\" y=\"\(n(middle - 6))\" width=\"\(n(ChartLegend.swatchWidth))\" height=\"12\" fill=\"\(ChartPalette.colour(.neutral))\"/>"
                out += "<rect x=\"\(n(x))\" y=\"\(n(middle - 6))\" width=\"\(n(ChartLegend.swatchWidth))\" height=\"12\" fill=\"url(#\(idPrefix)-hatch)\"/>"
            case .instant:
                out += "<circle cx=\"\(n(x + 11))\" cy=\"\(n(middle))\" r=\"4\" fill=\"\(ChartPalette.muted)\" stroke=\"\(ChartPalette.ink)\" stroke-width=\"1.2\"/>"
            case .day:
                out += "<rect x=\"\(n(x + 1))\" y=\"\(n(middle - 3.5))\" width=\"20\" height=\"7\" rx=\"2\" fill=\"\(ChartPalette.muted)\" stroke=\"\(ChartPalette.ink)\" stroke-width=\"1.2\"/>"
            case .withdrawn:
                out += "<circle cx=\"\(n(x + 11))\" cy=\"\(n(middle))\" r=\"4\" fill=\"#FFFFFF\" stroke=\"\(ChartPalette.ink)\" stroke-width=\"1.2\"/>"
            case .cluster:
                out += "<rect x=\"\(n(x + 2))\" y=\"\(n(middle - 6))\" width=\"18\" height=\"12\" rx=\"6\" fill=\"\(ChartPalette.ink)\"/>"
                out += "<text x=\"\(n(x + 11))\" y=\"\(n(middle + 3))\" font-size=\"9\" text-anchor=\"middle\" fill=\"#FFFFFF\">12</text>"
            }
            out += "<text x=\"\(n(swatchEnd + 6))\" y=\"\(n(middle + 4))\">\(text(item.text))</text>\n"
        }
        out += "</g>\n"
    }
}
