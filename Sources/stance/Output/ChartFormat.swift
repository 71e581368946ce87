import ArgumentParser

/// What `stance chart` writes: the SVG itself, or a small HTML page holding it.
enum ChartFormat: String, ExpressibleByArgument, CaseIterable {
    case svg, html
}
