import Projections
import StanceDomain

extension AnswerJSON {
    /// `position --explain --format json`: the answer, then every step of its derivation.
    func explanation(_ explanation: PositionExplanation) -> JSON {
        var object = JSONObject()
        object["answer"] = answer(explanation.answer)
        object["steps"] = .array(explanation.steps.map { step in
            var item = JSONObject()
            item["verdict"] = .string(step.verdict.name)
            item["contested"] = .bool(step.contested)
            item["event"] = evidence(PositionEntry(event: step.event, via: step.via))
            item["retractedBy"] = .null
            item["why"] = .null
            switch step.verdict {
            case .retracted(let retraction):
                item["retractedBy"] = .object([
                    "seq": .int(retraction.seq), "id": .string(retraction.id.uuidString.lowercased()),
                    "recordedAt": .string(EventExport.formatMicros(retraction.recordedAt)),
                    "reason": retraction.event.reason.map(JSON.string) ?? .null,
                ])
            case .notSpeakingForInstitution(let reason):
                item["why"] = .string(reason)
            default:
                break
            }
            item["recordedAt"] = .string(EventExport.formatMicros(step.event.recordedAt))
            return .object(item)
        })
        return .object(object)
    }
}

extension AnswerText {
    /// `position --explain`: the answer, then one line per event considered, in world order.
    func explanation(_ explanation: PositionExplanation) -> String {
        var lines = [answer(explanation.answer), "", "  derivation, in world-time order:"]
        if explanation.steps.isEmpty { lines.append("    no event bears on this position") }
        for step in explanation.steps {
            var verdict: String
            switch step.verdict {
            case .sets: verdict = "sets the position"
            case .restates: verdict = "restates the position"
            case .superseded: verdict = "superseded by a later change"
            case .uncertain: verdict = "not counted: known only to the day, which may be after the instant asked"
            case .retracted(let retraction):
                verdict = "retracted by #\(retraction.seq), recorded \(EventExport.formatMicros(retraction.recordedAt))"
                if let reason = retraction.event.reason { verdict += " (\(reason))" }
            case .notYetRecorded: verdict = "not yet recorded at the as-of moment (recorded \(EventExport.formatMicros(step.event.recordedAt)))"
            case .notSpeakingForInstitution(let reason): verdict = "does not speak for the institution: \(reason)"
            }
            if step.contested { verdict += "; contested" }
            lines.append(entry(PositionEntry(event: step.event, via: step.via)))
            lines.append("         -> \(verdict)")
        }
        return lines.joined(separator: "\n")
    }
}
