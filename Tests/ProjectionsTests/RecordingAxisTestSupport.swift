import EventStore
import Foundation
import Projections
import StanceDomain
import StanceTesting
import Testing

/// An event made for a test, with its id.
typealias MadeEvent = (id: UUID, event: StanceEvent)

/// Random logs for the properties of the recording axis (ties, retractions, as-of): few days
/// and few instants per day, so that events often share a world time; several sources and
/// confidences; roles of every kind; retractions of anything but registrations, retractions
/// included. The events come in a valid recording order: a retraction after its target.
enum RandomLog {
    static let zone = laPaz
    static let institutions = ["i0", "i1"]
    static let persons = ["p0", "p1", "p2"]
    static let targets = ["t0", "t1"]
    /// Everyone whose position is asked about.
    static let askers = institutions + persons
    static let speakers = institutions + persons
    static let firstDay = CivilDate(year: 2019, month: 11, day: 1)!
    static let days = 5
    static let sources: [String?] = [nil, "s1", "s2"]
    static let confidences: [Double?] = [nil, 0.5, 0.9]
    /// The instants an event may fall at, as offsets from the start of its day.
    static let hours: [Int64] = [0, 10, 18]

    static func time(_ rng: inout SplitMix64) -> WorldTime {
        let date = firstDay.adding(days: Int.random(in: 0..<days, using: &rng))
        let choice = Int.random(in: 0...hours.count, using: &rng)
        return choice == hours.count ? .day(date) : .instant(zone.startOfDay(date) + hours[choice] * 3_600_000)
    }

    static func uuid(_ rng: inout SplitMix64) -> UUID {
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &rng) }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// Registrations, then `count` random events in a valid recording order.
    static func events(seed: UInt64, count: Int = 45) -> [MadeEvent] {
        var rng = SplitMix64(seed: seed)
        var factory = Chronicle(zone: zone)
        var made: [MadeEvent] = []
        func add(_ event: MadeEvent) { made.append((uuid(&rng), event.event)) }
        for id in institutions { add(factory.make("actor-registered", day("2000-01-01"), id) { $0.name = id; $0.kind = .institution }) }
        for id in persons + targets { add(factory.make("actor-registered", day("2000-01-01"), id) { $0.name = id; $0.kind = .person }) }

        let setting = ["support-declared", "support-withdrawn", "resignation-called-for", "resignation-call-withdrawn", "allegation-made", "protest-held", "statement-issued"]
        var assignments: [StanceEvent] = []
        for _ in 0..<count {
            let roll = Int.random(in: 0..<100, using: &rng)
            let time = time(&rng)
            let source = sources.randomElement(using: &rng)!
            let confidence = confidences.randomElement(using: &rng)!
            func describe(_ event: inout StanceEvent) {
                event.source = source
                event.confidence = confidence
            }
            switch roll {
            case 0..<12:
                let person = persons.randomElement(using: &rng)!
                let institution = institutions.randomElement(using: &rng)!
                // Mostly speaking roles, sometimes a member.
                let role = [Role.leader, .commander, .spokesperson, .member, .commander].randomElement(using: &rng)!
                // Now and then until a day: the same day or one of the next two.
                let until: WorldTime? = Int.random(in: 0..<4, using: &rng) == 0
                    ? .day(zone.civilDate(at: time.startMillis(in: zone)).adding(days: Int.random(in: 0...2, using: &rng)))
                    : nil
                add(factory.make("role-assigned", time, person, in: institution, role: role, until: until, configure: describe))
                assignments.append(made.last!.event)
            case 12..<18 where !assignments.isEmpty:
                let assignment = assignments.randomElement(using: &rng)!
                add(Bool.random(using: &rng)
                    ? factory.make("role-ended", time, assignment.actor, in: assignment.institution, role: assignment.role, configure: describe)
                    : factory.make("resigned", time, assignment.actor, toward: assignment.institution, configure: describe))
            case 18..<28:
                let actor = speakers.randomElement(using: &rng)!
                let toward = targets.randomElement(using: &rng)!
                add(Bool.random(using: &rng)
                    ? factory.make("dialogue-called-for", time, actor, toward: Bool.random(using: &rng) ? toward : nil, configure: describe)
                    : factory.make("force-refused", time, actor, toward: toward, configure: describe))
            case 28..<46:
                // Mostly events that still count, as the recorder requires; now and then one
                // already withdrawn, which the projections must take in their stride as well.
                let candidates = made.filter { $0.event.type.effect != .registersActor }
                guard !candidates.isEmpty else { continue }
                let withdrawn = Retractions(projected(made))
                let counting = candidates.filter { withdrawn.counts($0.id) }
                let pool = counting.isEmpty || Int.random(in: 0..<5, using: &rng) == 0 ? candidates : counting
                let target = pool.randomElement(using: &rng)!
                add(factory.make("event-retracted", time, target.event.actor) { event in
                    event.retracts = target.id
                    event.reason = "misreported"
                })
            default:
                let actor = speakers.randomElement(using: &rng)!
                let toward = targets.randomElement(using: &rng)!
                let type = setting.randomElement(using: &rng)!
                let position = type == "statement-issued" && Int.random(in: 0..<4, using: &rng) > 0
                    ? Position.recordable.randomElement(using: &rng) : nil
                add(factory.make(type, time, actor, toward: toward, position: position, configure: describe))
            }
        }
        return made
    }

    /// A random recording order in which every retraction still comes after its target.
    static func recordingOrder(_ events: [MadeEvent], using rng: inout SplitMix64) -> [MadeEvent] {
        var pending = events
        var placed = Set<UUID>()
        var order: [MadeEvent] = []
        while !pending.isEmpty {
            let ready = pending.indices.filter { pending[$0].event.retracts.map(placed.contains) ?? true }
            let index = ready.randomElement(using: &rng)!
            let event = pending.remove(at: index)
            placed.insert(event.id)
            order.append(event)
        }
        return order
    }

    /// The events as a replay would see them, recorded in this order.
    static func projected(_ events: [MadeEvent]) -> [ProjectedEvent] {
        events.enumerated().map { index, made in
            ProjectedEvent(seq: Int64(index + 1), id: made.id, recordedAt: Int64(index + 1), recordedBy: nil, event: made.event, in: zone)
        }
    }

    static func chronicle(_ events: [MadeEvent]) -> Chronicle {
        var log = Chronicle(zone: zone)
        for event in events { log.record(event) }
        return log
    }

    /// A store holding the events, appended in batches of the given sizes (one by one by default).
    static func store(_ events: [MadeEvent], clock: StoreClock = .fixed(1_700_000_000_000_000), batches: [Int]? = nil) throws -> InMemoryEventStore {
        let store = InMemoryEventStore(settings: ["timezone": zone.identifier], clock: clock)
        var start = 0
        for size in batches ?? Array(repeating: 1, count: events.count) where start < events.count {
            let end = min(start + size, events.count)
            _ = try store.append(events[start..<end].map { newEvent($0.id, $0.event, in: zone) })
            start = end
        }
        if start < events.count {
            _ = try store.append(events[start...].map { newEvent($0.id, $0.event, in: zone) })
        }
        return store
    }

    /// The questions asked of every log: each day, and instants on, between and around the
    /// instants events fall at.
    static let cuts: [WorldTime] = {
        var cuts: [WorldTime] = []
        for offset in -1...days {
            let date = firstDay.adding(days: offset)
            let start = zone.startOfDay(date)
            cuts.append(.day(date))
            for hour in hours { cuts.append(.instant(start + hour * 3_600_000)) }
            cuts.append(.instant(start + 10 * 3_600_000 - 1))
            cuts.append(.instant(start + 14 * 3_600_000))
        }
        return cuts
    }()
}

/// Everything the recording axis may not change, written out so that two replays can be
/// compared line by line: no `seq`, no `recorded_at`, roles by their content.
enum Fingerprint {
    static func id(_ id: UUID) -> String { String(id.uuidString.prefix(8)) }

    static func entry(_ entry: PositionEntry) -> String {
        let via = entry.via.map { "\($0.person)/\($0.institution)/\($0.role.rawValue)/\($0.start)/\($0.end.map(String.init) ?? "-")" } ?? "self"
        return "\(id(entry.event.id)):\(via)"
    }

    static func change(_ change: PositionChange) -> String {
        var text = "\(change.transition)@\(entry(change.entry))"
        if change.isReversal { text += " reversal" }
        if change.isContested { text += " contested{\(change.competing.map(entry).joined(separator: ","))}" }
        return text + "[\(change.evidence.map(entry).joined(separator: ","))]"
    }

    static func answer(_ answer: PositionAnswer) -> String {
        [
            answer.position.rawValue,
            answer.since.map(change) ?? "none",
            "evidence " + answer.evidence.map(entry).joined(separator: ","),
            answer.contested ? "contested " + answer.competing.map(entry).joined(separator: ",") : "uncontested",
            "signals " + answer.signals.map(entry).joined(separator: ","),
            "changes " + answer.changes.map(change).joined(separator: ";"),
            "uncertain " + answer.uncertainBecause.map(entry).joined(separator: ","),
        ].joined(separator: " | ")
    }

    static func timeline(_ timeline: Timeline) -> String {
        "\(timeline.before.rawValue) " + timeline.changes.map(change).joined(separator: ";")
    }

    /// Every answer, timeline, role and withdrawal of a replay. Actors not registered (yet)
    /// are said to be so.
    static func replay(_ replay: Replay, cuts: [WorldTime] = RandomLog.cuts) -> [String] {
        let query = replay.query
        let zone = replay.directory.zone
        var lines = [
            "actors " + replay.directory.sortedActors.map { "\($0.id)=\($0.name)/\($0.kind.rawValue)" }.joined(separator: ","),
            "withdrawn " + replay.retractions.withdrawnBy.keys.map(id).sorted().joined(separator: ","),
            "roles " + replay.directory.roleSpans()
                .map { "\($0.person)/\($0.institution)/\($0.role.rawValue)/\($0.start)/\($0.end.map(String.init) ?? "-")" }
                .sorted().joined(separator: ","),
        ]
        for asker in RandomLog.askers {
            guard let actor = replay.directory.actors[asker] else {
                lines.append("\(asker) unregistered")
                continue
            }
            lines.append("\(asker) targets \(query.targets(of: asker))")
            for target in RandomLog.targets {
                guard let toward = replay.directory.actors[target] else {
                    lines.append("\(target) unregistered")
                    continue
                }
                for cut in cuts {
                    lines.append("\(asker)->\(target) at \(cut.formatted(in: zone)): " + answer(query.answer(actor: actor, toward: toward, cut: WorldCut(cut, in: zone))))
                }
                lines.append("\(asker)->\(target) timeline: " + timeline(query.timeline(actor: actor, toward: toward)))
                lines.append("\(asker)->\(target) timeline from: " + timeline(query.timeline(actor: actor, toward: toward, from: cuts[8], until: cuts[20])))
            }
        }
        return lines
    }

    /// Records the first difference between two fingerprints, if any.
    static func expectEqual(_ got: [String], _ expected: [String], _ context: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(got.count == expected.count, "\(context()): \(got.count) lines, expected \(expected.count)", sourceLocation: sourceLocation)
        for (got, expected) in zip(got, expected) where got != expected {
            Issue.record("\(context()):\n  got      \(got)\n  expected \(expected)", sourceLocation: sourceLocation)
            return
        }
    }
}
