import EventStore
import Foundation
import Projections
import StanceDomain
import StanceTesting
import Testing

/// Recording order never decides world order: the same events recorded in any order give the
/// same answers. Events get distinct world times here, which the independent model below relies
/// on; ties, sources and retractions are shuffled in PositionRecordingOrderTests.
@Suite("Position: recording order does not matter")
struct PositionShuffleTests {
    static let zone = laPaz
    static let institutions = ["i0", "i1"]
    static let persons = ["p0", "p1", "p2", "p3"]
    static let targets = ["t0", "t1", "t2"]
    static let speakers = institutions + persons
    static let firstDay = CivilDate(year: 2019, month: 10, day: 1)!
    static let days = 30

    /// A world time for a slot: four per day, all distinct in world order: the day's midnight,
    /// a morning and an evening instant, and the day itself.
    static func time(slot: Int, rng: inout SplitMix64) -> WorldTime {
        let date = firstDay.adding(days: slot / 4)
        let start = zone.startOfDay(date)
        switch slot % 4 {
        case 0: return .instant(start)
        case 1: return .instant(start + Int64.random(in: 1...11 * 3_600_000, using: &rng))
        case 2: return .instant(start + Int64.random(in: 12 * 3_600_000..<24 * 3_600_000, using: &rng))
        default: return .day(date)
        }
    }

    /// Actors, roles (one assignment at most per person and institution, some ended later
    /// by role-ended, resigned or until) and position and signal events, each at its own slot.
    static func events(seed: UInt64) -> [(id: UUID, event: StanceEvent)] {
        var rng = SplitMix64(seed: seed)
        var log = Chronicle(zone: zone)
        var made: [(id: UUID, event: StanceEvent)] = []
        for id in institutions { made.append(log.make("actor-registered", day("2000-01-01"), id) { $0.name = id; $0.kind = .institution }) }
        for id in persons + targets { made.append(log.make("actor-registered", day("2000-01-01"), id) { $0.name = id; $0.kind = .person }) }

        var slots = Array(0..<(days * 4)).shuffled(using: &rng)
        func nextSlot() -> Int { slots.removeLast() }

        for person in persons {
            for institution in institutions where Int.random(in: 0..<3, using: &rng) > 0 {
                let role = Role.allCases.randomElement(using: &rng)!
                // Assignments fall in the first 20 days, endings on a later day.
                guard let start = slots.last(where: { $0 < 80 }) else { continue }
                slots.removeAll { $0 == start }
                let startTime = time(slot: start, rng: &rng)
                let ending = Int.random(in: 0..<4, using: &rng)
                var until: WorldTime? = nil
                if ending == 1 {
                    until = .day(firstDay.adding(days: start / 4 + Int.random(in: 1...10, using: &rng)))
                }
                made.append(log.make("role-assigned", startTime, person, in: institution, role: role, until: until))
                if ending >= 2, let end = slots.last(where: { $0 / 4 > start / 4 }) {
                    slots.removeAll { $0 == end }
                    let endTime = time(slot: end, rng: &rng)
                    made.append(ending == 2
                        ? log.make("role-ended", endTime, person, in: institution, role: role)
                        : log.make("resigned", endTime, person, toward: institution))
                }
            }
        }

        let setting = ["support-declared", "support-withdrawn", "resignation-called-for", "resignation-call-withdrawn", "allegation-made", "protest-held", "statement-issued"]
        for _ in 0..<50 where !slots.isEmpty {
            let time = time(slot: nextSlot(), rng: &rng)
            let actor = speakers.randomElement(using: &rng)!
            let toward = targets.randomElement(using: &rng)!
            switch Int.random(in: 0..<10, using: &rng) {
            case 0:
                made.append(log.make("dialogue-called-for", time, actor, toward: Bool.random(using: &rng) ? toward : nil))
            case 1:
                made.append(log.make("force-refused", time, actor, toward: toward))
            default:
                let type = setting.randomElement(using: &rng)!
                let position = type == "statement-issued" && Int.random(in: 0..<4, using: &rng) > 0
                    ? Position.recordable.randomElement(using: &rng) : nil
                made.append(log.make(type, time, actor, toward: toward, position: position))
            }
        }
        return made
    }

    /// Records the events in the given order, with `seq` following that order.
    static func chronicle(_ events: [(id: UUID, event: StanceEvent)]) -> Chronicle {
        var log = Chronicle(zone: zone)
        for event in events { log.record(event) }
        return log
    }

    /// The questions asked of every ordering: day and instant cuts, and timelines.
    static func cuts(seed: UInt64) -> [WorldTime] {
        var rng = SplitMix64(seed: seed ^ 0x5EED)
        var cuts: [WorldTime] = []
        for offset in stride(from: 0, through: days + 1, by: 3) {
            cuts.append(.day(firstDay.adding(days: offset)))
        }
        for _ in 0..<8 {
            var slotRNG = SplitMix64(seed: rng.next())
            cuts.append(time(slot: Int.random(in: 0..<(days * 4), using: &rng), rng: &slotRNG))
        }
        cuts.append(.instant(zone.startOfDay(firstDay.adding(days: 12))))
        cuts.append(.instant(zone.startOfDay(firstDay.adding(days: 12)) + 7 * 3_600_000))
        return cuts
    }

    /// Everything an answer says, with roles named by their content rather than by `seq`.
    static func fingerprint(_ entry: PositionEntry) -> String {
        let via = entry.via.map { "\($0.person)/\($0.institution)/\($0.role.rawValue)/\($0.start)/\($0.end.map(String.init) ?? "-")" } ?? "self"
        return "\(entry.event.id.uuidString.suffix(4)):\(via)"
    }

    static func fingerprint(_ change: PositionChange) -> String {
        "\(change.transition)@\(fingerprint(change.entry))[\(change.evidence.map(fingerprint).joined(separator: ","))]"
    }

    static func fingerprint(_ answer: PositionAnswer) -> String {
        [
            answer.position.rawValue,
            answer.since.map(fingerprint) ?? "none",
            answer.evidence.map(fingerprint).joined(separator: ","),
            "signals " + answer.signals.map(fingerprint).joined(separator: ","),
            "changes " + answer.changes.map(fingerprint).joined(separator: ";"),
            "uncertain " + answer.uncertainBecause.map(fingerprint).joined(separator: ","),
        ].joined(separator: " | ")
    }

    static func fingerprint(_ timeline: Timeline) -> String {
        "\(timeline.before.rawValue) " + timeline.changes.map(fingerprint).joined(separator: ";")
    }

    static func answers(_ query: PositionQuery, cuts: [WorldTime]) throws -> [String] {
        var lines: [String] = []
        for actor in speakers {
            for toward in targets {
                for cut in cuts {
                    lines.append("\(actor)->\(toward) at \(cut.formatted(in: zone)): " + fingerprint(try query.answer(actor, toward, cut)))
                }
                lines.append("\(actor)->\(toward) timeline: " + fingerprint(try query.timeline(actor, toward)))
                lines.append("\(actor)->\(toward) timeline from: " + fingerprint(try query.timeline(actor, toward, from: cuts[3], until: cuts[8])))
            }
            lines.append("\(actor) targets \(query.targets(of: actor))")
        }
        return lines
    }

    @Test(arguments: 0..<40)
    func shufflingTheRecordingOrderChangesNoAnswer(seed: UInt64) throws {
        let events = Self.events(seed: seed)
        let cuts = Self.cuts(seed: seed)
        let reference = try Self.answers(Self.chronicle(events).query, cuts: cuts)
        // The set is not trivial: some answers are known, some come through roles.
        #expect(reference.contains { $0.contains("self") })

        var rng = SplitMix64(seed: seed &* 31 &+ 7)
        for round in 0..<6 {
            let order = round == 0 ? events.reversed() : events.shuffled(using: &rng)
            let answers = try Self.answers(Self.chronicle(order).query, cuts: cuts)
            #expect(answers.count == reference.count)
            for (got, expected) in zip(answers, reference) where got != expected {
                Issue.record("seed \(seed), round \(round):\n  got      \(got)\n  expected \(expected)")
                break
            }
        }
    }

    /// The same, end to end: appended to a store in a shuffled order and replayed from it.
    @Test(arguments: 0..<10)
    func aStoreReplayedInAnyRecordingOrderGivesTheSameAnswers(seed: UInt64) throws {
        let events = Self.events(seed: seed)
        let cuts = Self.cuts(seed: seed)
        let reference = try Self.answers(Self.chronicle(events).query, cuts: cuts)
        var rng = SplitMix64(seed: seed &+ 99)
        let store = InMemoryEventStore(clock: .fixed(1_700_000_000_000_000))
        // In small batches, as several imports would.
        let shuffled = events.shuffled(using: &rng)
        for start in stride(from: 0, to: shuffled.count, by: 7) {
            let batch = shuffled[start..<min(start + 7, shuffled.count)].map { newEvent($0.id, $0.event, in: Self.zone) }
            _ = try store.append(batch)
        }
        let replay = try Replayer.replay(store, in: Self.zone)
        #expect(replay.skipped.isEmpty)
        #expect(replay.events.count == events.count)
        #expect(replay.events.map(\.id) == shuffled.map(\.id))
        #expect(replay.events.map(\.event) == shuffled.map(\.event))
        let answers = try Self.answers(replay.query, cuts: cuts)
        #expect(answers == reference)
    }

    // MARK: an independent model of the rules

    /// The position at a cut computed the slow, obvious way from the rules: the latest event in
    /// world time by the actor, or by a person holding a speaking role in it at the event's
    /// first instant.
    struct Model {
        struct Span {
            let person: String
            let institution: String
            let start: Int64
            let end: Int64
        }

        let events: [StanceEvent]
        let spans: [Span]

        static func key(_ time: WorldTime) -> (Int64, Int8) {
            switch time {
            case .day: return (time.endMillis(in: zone), 0)
            case .instant(let ms): return (ms, 1)
            }
        }

        init(_ made: [(id: UUID, event: StanceEvent)]) {
            events = made.map(\.event)
            var spans: [Span] = []
            for assignment in events where assignment.type.name == "role-assigned" && assignment.role != .member {
                var end = assignment.until?.endMillis(in: zone) ?? Int64.max
                for ending in events where ending.actor == assignment.actor && Self.key(ending.occurred) > Self.key(assignment.occurred) {
                    let ends = (ending.type.name == "role-ended" && ending.institution == assignment.institution && ending.role == assignment.role)
                        || (ending.type.name == "resigned" && ending.toward == assignment.institution)
                    if ends { end = min(end, Self.key(ending.occurred).0) }
                }
                spans.append(Span(person: assignment.actor, institution: assignment.institution!, start: assignment.occurred.startMillis(in: zone), end: end))
            }
            self.spans = spans
        }

        func position(actor: String, toward: String, cut: WorldTime) -> Position {
            let cutKey = Self.key(cut)
            let relevant = events.filter { event in
                guard event.toward == toward, event.setsPosition != nil, Self.key(event.occurred) <= cutKey else { return false }
                if event.actor == actor { return true }
                let at = event.occurred.startMillis(in: zone)
                return spans.contains { $0.person == event.actor && $0.institution == actor && $0.start <= at && at < $0.end }
            }
            return relevant.max { Self.key($0.occurred) < Self.key($1.occurred) }?.setsPosition ?? .unknown
        }
    }

    @Test(arguments: 0..<40)
    func answersAgreeWithAnIndependentModel(seed: UInt64) throws {
        let events = Self.events(seed: seed)
        var rng = SplitMix64(seed: seed)
        let query = Self.chronicle(events.shuffled(using: &rng)).query
        let model = Model(events)
        let cuts = Self.cuts(seed: seed)
        for actor in Self.speakers {
            for toward in Self.targets {
                for cut in cuts {
                    let expected = model.position(actor: actor, toward: toward, cut: cut)
                    #expect(try query.position(actor, toward, cut) == expected, "seed \(seed): \(actor)->\(toward) at \(cut.formatted(in: Self.zone))")
                }
            }
        }
    }
}
