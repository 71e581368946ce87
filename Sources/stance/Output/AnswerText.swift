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
        var text = ""
        write(entry, indent: indent, to: &text)
        return text
    }

    /// ``entry(_:indent:)`` written onto the end of `text`: a timeline shows hundreds of
    /// entries, and building each as lines joined cost ~22k instructions an entry.
    func write(_ entry: PositionEntry, indent: String = "    ", to text: inout String) {
        let event = entry.event.event
        let seq = "#\(entry.event.seq)  "
        text += indent
        text += seq
        text += event.occurred.formatted(in: zone)
        text += "  "
        text += event.type.name
        if let strength = event.effectiveStrength { text += " (\(strength.rawValue))" }
        if let toward = event.toward, event.setsPosition == nil { text += " toward \(toward)" }
        if let target = event.retracts { text += " of \(target.uuidString.lowercased())" }
        text += "  by "
        text += name(event.actor)
        if let via = entry.via { text += ", \(via.role.rawValue) of \(via.institution)" }
        let margin = "\n" + indent + String(repeating: " ", count: seq.utf8.count)
        func line(_ parts: String...) {
            text += margin
            for part in parts { text += part }
        }
        if let reason = event.reason { line("reason: ", reason) }
        if let original = event.replaces { line("replaces ", original.uuidString.lowercased()) }
        if let summary = event.summary { line(summary) }
        if let quote = event.quote { line("\u{201C}", quote, "\u{201D}") }
        if let source = event.source { line("source: ", source) }
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
        var text = "\(name(timeline.actor.id)) toward \(name(timeline.toward.id)):"
        if timeline.changes.isEmpty {
            text += "\n  no change of position recorded\(timeline.before == .unknown ? "" : "; the position stays \(timeline.before.rawValue)")"
        }
        for change in timeline.changes {
            text += "\n  \(change.entry.event.event.occurred.formatted(in: zone))  \(change.from.rawValue) -> \(change.to.rawValue)"
            if change.isReversal { text += "  [reversal]" }
            if change.isContested { text += "  [contested: \(change.competing.map { "#\($0.event.seq)" }.joined(separator: ", ")) disagree]" }
            for evidence in change.evidence {
                text += "\n"
                write(evidence, indent: "      ", to: &text)
            }
        }
        return text
    }
}
