import Projections
import StanceDomain

/// Answers as text for people: a headline, then the evidence with dates, speakers and sources.
struct AnswerText {
    let zone: StoreTimeZone
    let directory: ActorDirectory

    func name(_ id: String) -> String {
        guard let actor = directory.actors[id], actor.name != id else { return id }
        return "\(actor.name) (\(id))"
    }

    func when(_ cut: WorldCut) -> String {
        switch cut.time {
        case .day(let date): return "on \(date)"
        case .instant: return "at \(cut.time.formatted(in: zone))"
        }
    }

    /// One event as an indented block: seq, date, type, speaker, then summary, quote, source.
    func entry(_ entry: PositionEntry, indent: String = "    ") -> String {
        let event = entry.event.event
        var head = "#\(entry.event.seq)  \(event.occurred.formatted(in: zone))  \(event.type.name)"
        if let strength = event.effectiveStrength { head += " (\(strength.rawValue))" }
        if let toward = event.toward, event.setsPosition == nil { head += " toward \(toward)" }
        if let target = event.retracts { head += " of \(target.uuidString.lowercased())" }
        if let via = entry.via {
            head += "  by \(name(event.actor)), \(via.role.rawValue) of \(via.institution)"
        } else {
            head += "  by \(name(event.actor))"
        }
        var lines = [indent + head]
        let detail = indent + String(repeating: " ", count: "#\(entry.event.seq)  ".count)
        if let reason = event.reason { lines.append(detail + "reason: \(reason)") }
        if let original = event.replaces { lines.append(detail + "replaces \(original.uuidString.lowercased())") }
        if let summary = event.summary { lines.append(detail + summary) }
        if let quote = event.quote { lines.append(detail + "\u{201C}\(quote)\u{201D}") }
        if let source = event.source { lines.append(detail + "source: \(source)") }
        return lines.joined(separator: "\n")
    }

    func answer(_ answer: PositionAnswer) -> String {
        var lines = ["\(name(answer.actor.id)) toward \(name(answer.toward.id)) \(when(answer.cut)): \(answer.position.rawValue)"]
        if let since = answer.since {
            lines.append("  since \(since.entry.event.event.occurred.formatted(in: zone))")
        } else {
            lines.append("  nothing recorded sets a position up to then")
        }
        if answer.contested {
            lines.append("  contested: reports from different sources disagree at that time; \(Contest.rule):")
            lines += answer.competing.map { entry($0) }
        }
        if !answer.certain {
            lines.append("  uncertain: these events happened that day at a time not recorded, so they may come before or after the instant asked:")
            lines += answer.uncertainBecause.map { entry($0) }
        }
        if !answer.evidence.isEmpty {
            lines.append("  evidence:")
            lines += answer.evidence.map { entry($0) }
        }
        if !answer.signals.isEmpty {
            lines.append("  signals:")
            lines += answer.signals.map { entry($0) }
        }
        if case .day(let date) = answer.cut.time, !answer.changes.isEmpty {
            lines.append("  changes during \(date):")
            for change in answer.changes {
                lines.append("    \(change.from.rawValue) -> \(change.to.rawValue)  (#\(change.entry.event.seq) \(change.entry.event.event.type.name))")
            }
        }
        return lines.joined(separator: "\n")
    }

    func timeline(_ timeline: Timeline) -> String {
        var lines = ["\(name(timeline.actor.id)) toward \(name(timeline.toward.id)):"]
        if timeline.changes.isEmpty {
            lines.append("  no change of position recorded\(timeline.before == .unknown ? "" : "; the position stays \(timeline.before.rawValue)")")
        }
        for change in timeline.changes {
            var marks = ""
            if change.isReversal { marks += "  [reversal]" }
            if change.isContested { marks += "  [contested: \(change.competing.map { "#\($0.event.seq)" }.joined(separator: ", ")) disagree]" }
            lines.append("  \(change.entry.event.event.occurred.formatted(in: zone))  \(change.from.rawValue) -> \(change.to.rawValue)\(marks)")
            lines += change.evidence.map { entry($0, indent: "      ") }
        }
        return lines.joined(separator: "\n")
    }
}
