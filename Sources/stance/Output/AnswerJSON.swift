import Projections
import StanceDomain

/// The documented JSON shapes of answers (see README, "JSON shapes"). Every key is always
/// present, null when it has no value, so that consumers can rely on the shape.
struct AnswerJSON {
    let zone: StoreTimeZone
    /// The as-of moment the answers were computed at, or nil for the whole log.
    var asOf: ResolvedAsOf?

    var asOfJSON: JSON { asOf?.json ?? .null }

    func evidence(_ entry: PositionEntry) -> JSON {
        let event = entry.event.event
        var object = JSONObject()
        object["seq"] = .int(entry.event.seq)
        object["id"] = .string(entry.event.id.uuidString.lowercased())
        object["type"] = .string(event.type.name)
        object["actor"] = .string(event.actor)
        object["speakingFor"] = entry.via.map { .string($0.institution) } ?? .null
        object["role"] = entry.via.map { .string($0.role.rawValue) } ?? .null
        object["toward"] = event.toward.map(JSON.string) ?? .null
        object["occurredAt"] = .string(event.occurred.formatted(in: zone))
        object["precision"] = .string(event.occurred.precisionName)
        object["position"] = event.setsPosition.map { .string($0.rawValue) } ?? .null
        object["strength"] = event.effectiveStrength.map { .string($0.rawValue) } ?? .null
        object["summary"] = event.summary.map(JSON.string) ?? .null
        object["quote"] = event.quote.map(JSON.string) ?? .null
        object["source"] = event.source.map(JSON.string) ?? .null
        return .object(object)
    }

    func change(_ change: PositionChange, withEvidence: Bool) -> JSON {
        var object = JSONObject()
        object["occurredAt"] = .string(change.entry.event.event.occurred.formatted(in: zone))
        object["from"] = .string(change.from.rawValue)
        object["to"] = .string(change.to.rawValue)
        object["reversal"] = .bool(change.isReversal)
        object["contested"] = .bool(change.isContested)
        object["event"] = evidence(change.entry)
        object["competing"] = .array(change.competing.map(evidence))
        if withEvidence { object["evidence"] = .array(change.evidence.map(evidence)) }
        return .object(object)
    }

    func answer(_ answer: PositionAnswer) -> JSON {
        var object = JSONObject()
        object["actor"] = .string(answer.actor.id)
        object["toward"] = .string(answer.toward.id)
        object["asOf"] = asOfJSON
        object["at"] = .string(answer.cut.time.formatted(in: zone))
        object["precision"] = .string(answer.cut.time.precisionName)
        object["position"] = .string(answer.position.rawValue)
        object["since"] = answer.since.map { .string($0.entry.event.event.occurred.formatted(in: zone)) } ?? .null
        object["certain"] = .bool(answer.certain)
        object["contested"] = .bool(answer.contested)
        object["contestRule"] = answer.contested ? .string(Contest.rule) : .null
        object["competing"] = .array(answer.competing.map(evidence))
        object["uncertainBecause"] = .array(answer.uncertainBecause.map(evidence))
        object["evidence"] = .array(answer.evidence.map(evidence))
        object["signals"] = .array(answer.signals.map(evidence))
        object["changes"] = .array(answer.changes.map { change($0, withEvidence: false) })
        return .object(object)
    }

    func answers(actor: Actor, cut: WorldCut, _ answers: [PositionAnswer]) -> JSON {
        var object = JSONObject()
        object["actor"] = .string(actor.id)
        object["asOf"] = asOfJSON
        object["at"] = .string(cut.time.formatted(in: zone))
        object["precision"] = .string(cut.time.precisionName)
        object["positions"] = .array(answers.map(answer))
        return .object(object)
    }

    func timeline(_ timeline: Timeline, from: WorldTime?, until: WorldTime?) -> JSON {
        var object = JSONObject()
        object["actor"] = .string(timeline.actor.id)
        object["toward"] = .string(timeline.toward.id)
        object["asOf"] = asOfJSON
        object["from"] = from.map { .string($0.formatted(in: zone)) } ?? .null
        object["until"] = until.map { .string($0.formatted(in: zone)) } ?? .null
        object["before"] = .string(timeline.before.rawValue)
        object["changes"] = .array(timeline.changes.map { change($0, withEvidence: true) })
        return .object(object)
    }

    func actor(_ actor: Actor, roles: [RoleSpan]) -> JSON {
        var object = JSONObject()
        object["id"] = .string(actor.id)
        object["name"] = .string(actor.name)
        object["kind"] = .string(actor.kind.rawValue)
        object["asOf"] = asOfJSON
        object["aliases"] = .array(actor.aliases.map(JSON.string))
        object["codes"] = .array(actor.codes.map(JSON.string))
        object["roles"] = .array(roles.map(role))
        return .object(object)
    }

    func role(_ span: RoleSpan) -> JSON {
        var object = JSONObject()
        object["person"] = .string(span.person)
        object["in"] = .string(span.institution)
        object["role"] = .string(span.role.rawValue)
        object["from"] = .string(span.from.formatted(in: zone))
        object["until"] = span.until.map { .string($0.formatted(in: zone)) } ?? .null
        object["endedBySeq"] = span.endedBySeq.map(JSON.int) ?? .null
        object["endedAt"] = span.endedAt.map { .string($0.formatted(in: zone)) } ?? .null
        return .object(object)
    }
}
