import Projections
import StanceDomain

/// One event as an HTML list item for the report's tables: seq, date, type, who spoke (and
/// for whom), summary, quote and source, every recorded string escaped and isolated with
/// `<bdi>` so that right-to-left text cannot reorder what surrounds it.
struct HTMLEvidence {
    let source: ChartSource

    private func e(_ text: String) -> String { HTMLEscaping.text(text) }

    /// A recorded string: escaped, and isolated from the text around it.
    func quoted(_ text: String) -> String {
        "<bdi>\(e(text))</bdi>"
    }

    func actor(_ id: String) -> String {
        guard let actor = source.directory.actors[id], actor.name != id else { return quoted(id) }
        return "\(quoted(actor.name)) (\(quoted(id)))"
    }

    func item(_ entry: PositionEntry, retraction: ProjectedEvent? = nil) -> String {
        let event = entry.event.event
        var out = "<li><span class=\"seq\">#\(entry.event.seq)</span> <time>\(e(event.occurred.formatted(in: source.zone)))</time>"
        if event.occurred.precisionName == "day" { out += " <span class=\"note\">(day)</span>" }
        out += " <span class=\"type\">\(e(event.type.name))</span>"
        if let strength = event.effectiveStrength { out += " (\(e(strength.rawValue)))" }
        out += " by \(actor(event.actor))"
        if let via = entry.via { out += ", \(e(via.role.rawValue)) of \(actor(via.institution))" }
        if let summary = event.summary { out += "<div class=\"summary\">\(quoted(summary))</div>" }
        if let quote = event.quote { out += "<blockquote>\(quoted(quote))</blockquote>" }
        if let text = event.source { out += "<div class=\"source\">source: \(link(text))</div>" }
        if let retraction {
            out += "<div class=\"retracted\">retracted by #\(retraction.seq)"
            if let reason = retraction.event.reason { out += ": \(quoted(reason))" }
            out += "</div>"
        }
        return out + "</li>"
    }

    /// A source as a link when it is a plain http(s) URL; otherwise (a citation, or anything
    /// that might be a `javascript:` URL in disguise) as text.
    func link(_ text: String) -> String {
        let lower = text.lowercased()
        let isURL = (lower.hasPrefix("https://") || lower.hasPrefix("http://"))
            && !text.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "<" || $0 == ">" })
        guard isURL else { return quoted(text) }
        return "<a href=\"\(HTMLEscaping.attribute(text))\" rel=\"noopener noreferrer\">\(quoted(text))</a>"
    }
}
