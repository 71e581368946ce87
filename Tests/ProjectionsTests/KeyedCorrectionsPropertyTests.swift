import EventStore
import Foundation
import Projections
import StanceDomain
import StanceTesting
import Testing

/// Random logs richer than ``RandomLog``'s (corrections that move an event in
/// time, to another target, speaker or institution; retractions of corrections; corrections of
/// corrections; more retractions of retractions), with keys given as the recorder gives them
/// (lookups of earlier events only), asked through the key index and by a full replay, with
/// `--explain` and as-of cuts between a correction's replacement and its retraction.
enum CorrectionLog {
    static let zone = RandomLog.zone

    /// RandomLog's events, then corrections and retractions mixed with more statements.
    static func events(seed: UInt64, count: Int = 60) -> [MadeEvent] {
        var rng = SplitMix64(seed: seed &+ 0x5EED)
        var made = RandomLog.events(seed: seed, count: count)
        var factory = Chronicle(zone: zone)
        func id() -> UUID { RandomLog.uuid(&rng) }
        let setting = ["support-declared", "support-withdrawn", "allegation-made", "statement-issued"]
        for _ in 0..<count {
            let roll = Int.random(in: 0..<100, using: &rng)
            let time = RandomLog.time(&rng)
            let withdrawn = Retractions(RandomLog.projected(made))
            switch roll {
            case 0..<30:
                // A correction of an event that still counts (now and then of any).
                let candidates = made.filter { $0.event.type.canBeReplaced }
                let counting = candidates.filter { withdrawn.counts($0.id) }
                let pool = counting.isEmpty || Int.random(in: 0..<6, using: &rng) == 0 ? candidates : counting
                guard let original = pool.randomElement(using: &rng) else { continue }
                var replacement = original.event
                replacement.replaces = original.id
                switch Int.random(in: 0..<4, using: &rng) {
                case 0:
                    replacement.occurred = time
                case 1:
                    if replacement.institution != nil {
                        replacement.institution = RandomLog.institutions.randomElement(using: &rng)!
                    } else if replacement.type.effect == .endsRolesIn {
                        replacement.toward = RandomLog.institutions.randomElement(using: &rng)!
                    } else if replacement.toward != nil {
                        replacement.toward = RandomLog.targets.randomElement(using: &rng)!
                    } else {
                        replacement.occurred = time
                    }
                case 2:
                    let effect = replacement.type.effect
                    if effect == .assignsRole || effect == .endsRole || effect == .endsRolesIn {
                        replacement.actor = RandomLog.persons.randomElement(using: &rng)!
                    } else {
                        replacement.actor = RandomLog.speakers.randomElement(using: &rng)!
                    }
                default:
                    replacement.occurred = time
                    replacement.confidence = [0.5, 0.9].randomElement(using: &rng)!
                }
                guard (try? replacement.validate(in: zone)) != nil else { continue }
                let replacementID = id()
                made.append((replacementID, replacement))
                var retraction = factory.make("event-retracted", RandomLog.time(&rng), original.event.actor) { event in
                    event.retracts = original.id
                    event.reason = "corrected"
                }.event
                retraction.replacedBy = replacementID
                made.append((id(), retraction))
            case 30..<50:
                // A retraction of a retraction (or of a correction's retraction), or of anything.
                let retractions = made.filter { $0.event.retracts != nil }
                let candidates = Int.random(in: 0..<3, using: &rng) > 0 && !retractions.isEmpty
                    ? retractions : made.filter { $0.event.type.effect != .registersActor }
                guard let target = candidates.randomElement(using: &rng) else { continue }
                made.append((id(), factory.make("event-retracted", time, target.event.actor) { event in
                    event.retracts = target.id
                    event.reason = "misreported"
                }.event))
            case 50..<62:
                let person = RandomLog.persons.randomElement(using: &rng)!
                let institution = RandomLog.institutions.randomElement(using: &rng)!
                let role = [Role.leader, .commander, .spokesperson, .member].randomElement(using: &rng)!
                made.append((id(), factory.make("role-assigned", time, person, in: institution, role: role).event))
            default:
                let actor = RandomLog.speakers.randomElement(using: &rng)!
                let toward = RandomLog.targets.randomElement(using: &rng)!
                let type = setting.randomElement(using: &rng)!
                let position = type == "statement-issued" ? Position.recordable.randomElement(using: &rng) : nil
                made.append((id(), factory.make(type, time, actor, toward: toward, position: position).event))
            }
        }
        return made
    }

    /// The envelopes with the keys the recorder gives: a retraction's lookups see only the
    /// events before it.
    static func envelopes(_ events: [MadeEvent]) -> [NewEvent] {
        var byID: [UUID: StanceEvent] = [:]
        return events.map { made in
            var new = newEvent(made.id, made.event, in: zone)
            new.keys = EventKeys.keys(of: made.event) { byID[$0] }
            byID[made.id] = made.event
            return new
        }
    }

    /// The seqs to cut at: the head, halves, and each correction's replacement alone.
    static func throughs(_ events: [MadeEvent]) -> [Int64] {
        let head = Int64(events.count)
        var cuts = [head, head / 2, head * 3 / 4]
        for (index, made) in events.enumerated() where made.event.replaces != nil { cuts.append(Int64(index + 1)) }
        return Array(Set(cuts)).sorted().suffix(8)
    }

    static func explanationLines(_ explanation: PositionExplanation) -> [String] {
        explanation.steps.map { step in
            var line = "\(Fingerprint.id(step.event.id)) \(step.verdict.name)"
            if case .retracted(let by) = step.verdict { line += " by \(Fingerprint.id(by.id))" }
            if case .notSpeakingForInstitution(let reason) = step.verdict { line += " (\(reason))" }
            if let via = step.via { line += " via \(via.person)/\(via.role.rawValue)/\(via.start)" }
            if step.contested { line += " contested" }
            return line
        }
    }

    /// Every comparison of keyed and full answers for one store; returns the first difference.
    static func check(_ store: any EventStore, events: [MadeEvent], label: String, explain: Bool = true) throws {
        let fullAll = try Replayer.replay(store, in: zone)
        let cuts = RandomLog.cuts.enumerated().filter { $0.offset % 5 == 1 }.map { WorldCut($0.element, in: zone) }
        for through in throughs(events) {
            let full = try Replayer.replay(store, in: zone, asOf: .seq(through))
            for asker in RandomLog.askers {
                for target in RandomLog.targets.map(Optional.some) + [nil] {
                    let keyed = try KeyedReplayTests.scoped(store, asker: asker, target: target, through: through)
                    let answerAt = { (cut: WorldCut) in
                        try KeyedReplayTests.answering(store, asker: asker, target: target!, through: through, at: cut)
                    }
                    Fingerprint.expectEqual(
                        try KeyedReplayTests.pairLines(keyed, asker: asker, target: target, answerAt: answerAt),
                        KeyedReplayTests.pairLines(full, asker: asker, target: target, answerAt: { _ in full }),
                        "\(label), \(asker) toward \(target ?? "everyone"), through \(through)")
                    guard explain, let target, let actor = full.directory.actors[asker], let toward = full.directory.actors[target] else { continue }
                    // `position --explain --as-of`: the whole log's scope names the members,
                    // the as-of scope explains with them.
                    for cut in cuts {
                        let keyedFull = try explaining(store, asker: asker, target: target, through: nil, members: [], at: cut)
                        let members = PositionExplanation.everyone(in: keyedFull.events, institution: asker)
                        let keyedKnown = try explaining(store, asker: asker, target: target, through: through, members: members, at: cut)
                        let keyedLines = explanationLines(PositionExplanation(
                            answer: keyedKnown.query.answer(actor: actor, toward: toward, cut: cut), known: keyedKnown, full: keyedFull))
                        let fullLines = explanationLines(PositionExplanation(
                            answer: full.query.answer(actor: actor, toward: toward, cut: cut), known: full, full: fullAll))
                        Fingerprint.expectEqual(keyedLines, fullLines, "\(label) explain, \(asker) toward \(target) at \(cut.time.formatted(in: zone)), through \(through)")
                    }
                }
            }
        }
    }

    static func explaining(_ store: any EventStore, asker: String, target: String, through: Int64?, members: Set<String>, at cut: WorldCut) throws -> Replay {
        var scope = try QueryScope(store: store, zone: zone, through: through)
        try scope.include(names: [asker, target])
        guard scope.replay.directory.actors[asker] != nil, scope.replay.directory.actors[target] != nil else { return scope.replay }
        try scope.includePositions(of: asker, toward: [target], explaining: members)
        try scope.includeSignals(of: asker, toward: target, at: cut)
        return scope.replay
    }

}

@Suite("Keyed answers with corrections equal a full replay's")
struct KeyedCorrectionsPropertyTests {
    /// How many seeds each test runs: 3 by default, to keep `swift test` quick (each costs
    /// ~10 s in a debug build); `STANCE_PROPERTY_SEEDS=10 swift test --filter KeyedCorrections`
    /// for a longer hunt.
    static let seeds = UInt64(ProcessInfo.processInfo.environment["STANCE_PROPERTY_SEEDS"].flatMap(Int.init) ?? 3)

    @Test("in memory: corrections, retractions of retractions, explain, as-of", arguments: 1...seeds)
    func inMemory(seed: UInt64) throws {
        let events = CorrectionLog.events(seed: seed)
        let store = InMemoryEventStore(settings: ["timezone": CorrectionLog.zone.identifier], clock: .fixed(1_700_000_000_000_000))
        for new in CorrectionLog.envelopes(events) { _ = try store.append([new]) }
        #expect(try KeyIndex.verify(store, in: CorrectionLog.zone).matches)
        try CorrectionLog.check(store, events: events, label: "memory seed \(seed)")
    }

    @Test("SQLite at schema 5, and read-only at 4 (3 and 2 in a longer hunt)", .enabled(if: SQLiteShell.isAvailable), arguments: 1...max(1, seeds / 2))
    func sqlite(seed: UInt64) throws {
        try withTemporaryDirectory { dir in
            let events = CorrectionLog.events(seed: seed)
            func made(_ path: String) throws -> SQLiteEventStore {
                let store = try SQLiteEventStore.create(at: path, settings: ["timezone": CorrectionLog.zone.identifier], clock: .fixed(1_700_000_000_000_000))
                for new in CorrectionLog.envelopes(events) { _ = try store.append([new]) }
                return store
            }
            let store = try made(dir.file("s.sqlite"))
            #expect(try KeyIndex.verify(store, in: CorrectionLog.zone).matches)
            #expect(try store.clusteredCopyMismatches().isClean)
            try CorrectionLog.check(store, events: events, label: "schema5 seed \(seed)", explain: seed <= 2)
            // Schema 4 by default (retractions looked up, copies read); 3 and 2 in a longer hunt
            // (KeyedReplaySQLiteTests covers schema 2, ClusteredCopyTests schema 3).
            let older = [(OlderSchemas.schema4, "schema4"), (OlderSchemas.schema3, "schema3"), (OlderSchemas.schema2, "schema2")]
            for (script, label) in older.prefix(Self.seeds > 3 ? 3 : 1) {
                let copy = dir.file("\(label).sqlite")
                _ = try made(copy)
                try SQLiteShell.run(copy, script)
                let old = try SQLiteEventStore.open(at: copy, clock: .fixed(1_700_000_000_000_000), readOnly: true)
                #expect(try KeyIndex.verify(old, in: CorrectionLog.zone).matches, "\(label)")
                #expect(try AuditPass.run(old, in: CorrectionLog.zone).keys?.matches == true, "\(label)")
                #expect(try old.clusteredCopyMismatches().isClean, "\(label)")
                try CorrectionLog.check(old, events: events, label: "\(label) seed \(seed)", explain: false)
            }
        }
    }
}
