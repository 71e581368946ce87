import EventStore
import Foundation
import Projections
import StanceDomain
import StanceTesting
import Testing

/// A question read through the key index must get the answer a full replay gives: every
/// answer, timeline and list of targets, for every pair, at every as-of cut of random logs
/// with roles, back-dated events and retractions of retractions.
@Suite("Answers read through the key index equal a full replay's")
struct KeyedReplayTests {
    /// A store holding the events with the keys the recorder would give them.
    static func keyedStore(_ events: [MadeEvent]) throws -> InMemoryEventStore {
        let store = InMemoryEventStore(settings: ["timezone": RandomLog.zone.identifier], clock: .fixed(1_700_000_000_000_000))
        let byID = Dictionary(events.map { ($0.id, $0.event) }, uniquingKeysWith: { first, _ in first })
        for made in events {
            var new = newEvent(made.id, made.event, in: RandomLog.zone)
            new.keys = EventKeys.keys(of: made.event) { byID[$0] }
            _ = try store.append([new])
        }
        return store
    }

    /// The lines of one pair's answers, as ``Fingerprint`` writes them. `answerAt` gives the
    /// replay that answers at a cut (a keyed question reads the signals its answer shows then).
    static func pairLines(
        _ replay: Replay, asker: String, target: String?, answerAt: (WorldCut) throws -> Replay = { _ in fatalError() }
    ) rethrows -> [String] {
        let query = replay.query
        let zone = replay.directory.zone
        guard let actor = replay.directory.actors[asker] else { return ["\(asker) unregistered"] }
        // A question toward one target reads that target's events only; asked toward everyone,
        // the list of targets must be the full replay's.
        let towardOne = target != nil
        var lines = towardOne ? [] : ["\(asker) targets \(query.targets(of: asker))"]
        for target in target.map({ [$0] }) ?? query.targets(of: asker) {
            guard let toward = replay.directory.actors[target] else {
                lines.append("\(target) unregistered")
                continue
            }
            for cut in RandomLog.cuts.map({ WorldCut($0, in: zone) }) {
                let answering = towardOne ? try answerAt(cut) : replay
                lines.append("\(target) at \(cut.time.formatted(in: zone)): " + Fingerprint.answer(answering.query.answer(actor: actor, toward: toward, cut: cut)))
            }
            lines.append("\(target) timeline: " + Fingerprint.timeline(query.timeline(actor: actor, toward: toward)))
        }
        return lines
    }

    /// A keyed question toward one target at a cut: the pair, then the signals since the
    /// answer's last change up to the cut, as `stance position` reads them.
    static func answering(_ store: any EventStore, asker: String, target: String, through: Int64?, at cut: WorldCut) throws -> Replay {
        var scope = try QueryScope(store: store, zone: RandomLog.zone, through: through)
        try scope.include(names: [asker, target])
        guard let actor = scope.replay.directory.actors[asker], let toward = scope.replay.directory.actors[target] else { return scope.replay }
        try scope.includePositions(of: asker, toward: [target])
        try scope.includeSignals(of: actor.id, toward: toward.id, at: cut)
        return scope.replay
    }

    static func scoped(_ store: any EventStore, asker: String, target: String?, through: Int64?) throws -> Replay {
        var scope = try QueryScope(store: store, zone: RandomLog.zone, through: through)
        try scope.include(names: [asker] + (target.map { [$0] } ?? []))
        guard scope.replay.directory.actors[asker] != nil, target.map({ scope.replay.directory.actors[$0] != nil }) ?? true else {
            return scope.replay
        }
        try scope.includePositions(of: asker, toward: target.map { [$0] })
        return scope.replay
    }

    @Test("every pair, every cut, every as-of moment", arguments: 1...24)
    func keyedAnswersEqualFullReplay(seed: UInt64) throws {
        let events = RandomLog.events(seed: seed, count: 60)
        let store = try Self.keyedStore(events)
        let head = try store.head().seq
        for through in [head, head / 2, head * 3 / 4] {
            let full = try Replayer.replay(store, in: RandomLog.zone, asOf: .seq(through))
            for asker in RandomLog.askers {
                for target in RandomLog.targets.map(Optional.some) + [nil] {
                    let keyed = try Self.scoped(store, asker: asker, target: target, through: through)
                    let answerAt = { (cut: WorldCut) in
                        try Self.answering(store, asker: asker, target: target!, through: through, at: cut)
                    }
                    Fingerprint.expectEqual(
                        try Self.pairLines(keyed, asker: asker, target: target, answerAt: answerAt),
                        Self.pairLines(full, asker: asker, target: target, answerAt: { _ in full }),
                        "seed \(seed), \(asker) toward \(target ?? "everyone"), as of seq \(through)")
                }
            }
        }
    }

    @Test("a log appended without keys is indexed by the catch-up, then answers the same", arguments: 1...4)
    func catchUpIndexesALogWithoutKeys(seed: UInt64) throws {
        let events = RandomLog.events(seed: seed, count: 60)
        let store = try RandomLog.store(events)
        #expect(try store.keyIndexHead() == 0)
        #expect(try KeyIndex.catchUp(store, in: RandomLog.zone) == events.count)
        #expect(try store.keyIndexHead() == Int64(events.count))
        #expect(try KeyIndex.verify(store, in: RandomLog.zone).matches)
        let full = try Replayer.replay(store, in: RandomLog.zone)
        for asker in RandomLog.askers {
            let keyed = try Self.scoped(store, asker: asker, target: nil, through: nil)
            Fingerprint.expectEqual(
                try Self.pairLines(keyed, asker: asker, target: nil), try Self.pairLines(full, asker: asker, target: nil),
                "seed \(seed), \(asker)")
        }
    }

    @Test("the index of a recorded log matches a replay's keys, and a missing key is noticed")
    func verifyComparesTheIndexWithAReplay() throws {
        let events = RandomLog.events(seed: 7, count: 60)
        let store = try Self.keyedStore(events)
        let comparison = try KeyIndex.verify(store, in: RandomLog.zone)
        #expect(comparison.matches)
        #expect(comparison.stored.count > events.count)

        let unindexed = try RandomLog.store(events)
        try unindexed.indexKeys([(seq: 1, keys: ["directory"])])
        #expect(try KeyIndex.verify(unindexed, in: RandomLog.zone).matches == false)
    }
}

/// The digest fold keeps each event's id inside its world order; reading it back must give
/// the id the order was made with.
@Suite("World order keeps its event's id")
struct WorldOrderIDTests {
    @Test("every id reads back", arguments: 1...3)
    func idReadsBack(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<200 {
            let id = RandomLog.uuid(&rng)
            let order = WorldOrder(RandomLog.time(&rng), seq: 7, in: RandomLog.zone, confidence: 0.5, id: id)
            #expect(order.eventID == id)
        }
    }
}
