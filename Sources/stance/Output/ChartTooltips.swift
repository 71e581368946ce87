import Projections
import StanceDomain

/// The tooltip texts of a chart (SVG `<title>`): for an event its seq, type, date, who spoke and
/// source; for a band the position and the dates it held. Plain text; the SVG escapes it.
struct ChartTooltips {
    let source: ChartSource

    var zone: StoreTimeZone { source.zone }

    func date(_ event: ProjectedEvent) -> String {
        let text = event.event.occurred.formatted(in: zone)
        return event.event.occurred.precisionName == "day" ? "\(text) (known to the day)" : text
    }

    /// "#12 resignation-called-for (suggested)", the one-line name of an event.
    func headline(_ entry: PositionEntry) -> String {
        let event = entry.event.event
        var text = "#\(entry.event.seq) \(event.type.name)"
        if let strength = event.effectiveStrength { text += " (\(strength.rawValue))" }
        return text
    }

    func speaker(_ entry: PositionEntry) -> String {
        var text = "by \(source.name(entry.speaker))"
        if let via = entry.via { text += ", \(via.role.rawValue) of \(source.name(via.institution))" }
        return text
    }

    func event(_ entry: PositionEntry, retraction: ProjectedEvent?) -> String {
        var lines = [headline(entry), date(entry.event), speaker(entry)]
        if let position = entry.position { lines.append("sets \(position.rawValue)") }
        if let source = entry.event.event.source { lines.append("source: \(source)") }
        if let retraction {
            var line = "retracted by #\(retraction.seq)"
            if let reason = retraction.event.reason { line += ": \(reason)" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// A cluster's tooltip: how many, over which dates, then the first few events.
    func cluster(_ items: [(entry: PositionEntry, retraction: ProjectedEvent?)]) -> String {
        let shown = 8
        let first = items[0].entry.event.event.occurred.formatted(in: zone)
        let last = items[items.count - 1].entry.event.event.occurred.formatted(in: zone)
        var lines = ["\(items.count) events, \(first) to \(last):"]
        for item in items.prefix(shown) {
            var line = "\(headline(item.entry)) \(item.entry.event.event.occurred.formatted(in: zone)) \(speaker(item.entry))"
            if item.retraction != nil { line += " (retracted)" }
            lines.append(line)
        }
        if items.count > shown { lines.append("… and \(items.count - shown) more") }
        return lines.joined(separator: "\n")
    }

    func span(_ position: Position, change: PositionChange?, until next: PositionChange?) -> String {
        guard let change else {
            return "\(position.rawValue), from before the range shown" + (next.map { " until \($0.entry.event.event.occurred.formatted(in: zone))" } ?? "")
        }
        var text = "\(position.rawValue) from \(change.entry.event.event.occurred.formatted(in: zone))"
        text += next.map { " until \($0.entry.event.event.occurred.formatted(in: zone))" } ?? " onward"
        text += "\nset by \(headline(change.entry)) \(speaker(change.entry))"
        if change.isReversal { text += "\nreversal: turns back across neutral from \(change.from.rawValue)" }
        if change.isContested {
            text += "\ncontested: \(change.competing.map { "#\($0.event.seq)" }.joined(separator: ", ")) disagree; \(Contest.rule)"
        }
        return text
    }
}
