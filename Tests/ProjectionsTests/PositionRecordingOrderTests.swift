import EventStore
import Foundation
import Projections
import StanceDomain
import StanceTesting
import Testing

/// The same events recorded in any order give the same answers, ties and retractions
/// included: at the same world time the confidence and then the event id decide, never `seq`,
/// and what a retraction withdraws does not depend on when it was recorded (as long as it
/// follows its target, as a retraction always does).
@Suite("Position: any recording order, with ties and retractions")
struct PositionRecordingOrderTests {
    @Test(arguments: 0..<40)
    func anyRecordingOrderGivesTheSameAnswersAndTimelines(seed: UInt64) throws {
        let events = RandomLog.events(seed: seed)
        let reference = Fingerprint.replay(RandomLog.chronicle(events).replay)

        var rng = SplitMix64(seed: seed &* 0x9E37_79B9 &+ 1)
        for round in 0..<4 {
            let order = RandomLog.recordingOrder(events, using: &rng)
            Fingerprint.expectEqual(Fingerprint.replay(RandomLog.chronicle(order).replay), reference, "seed \(seed), round \(round)")
        }

        // End to end: appended to a store in batches of random sizes and replayed in one go.
        let order = RandomLog.recordingOrder(events, using: &rng)
        let batches = (0..<events.count).map { _ in Int.random(in: 1...6, using: &rng) }
        let replay = try Replayer.replay(RandomLog.store(order, batches: batches), in: RandomLog.zone)
        #expect(replay.skipped.isEmpty)
        #expect(replay.events.map(\.id) == order.map(\.id))
        Fingerprint.expectEqual(Fingerprint.replay(replay), reference, "seed \(seed), from a store")
    }

    /// The random logs exercise what the property is about, so that it is not passing vacuously.
    @Test func theRandomLogsHoldTiesContestsReversalsAndRetractions() {
        var ties = 0, mixed = 0, contested = 0, reversals = 0, withdrawn = 0, restored = 0, rolesWithdrawn = 0, spokenFor = 0
        for seed in 0..<60 as Range<UInt64> {
            let events = RandomLog.events(seed: seed)
            let replay = RandomLog.chronicle(events).replay
            let setting = replay.events.filter { $0.event.setsPosition != nil && replay.counts($0) }
            let pairs = Dictionary(grouping: setting) { "\($0.event.actor)->\($0.event.toward ?? "")" }
            for list in pairs.values {
                if list.contains(where: { a in list.contains { b in a.id != b.id && a.order.isSimultaneous(with: b.order) } }) { ties += 1 }
                if list.contains(where: { a in a.event.occurred.precisionName == "day" && list.contains { b in b.event.occurred.precisionName == "instant" && RandomLog.zone.civilDate(at: b.startMillis) == RandomLog.zone.civilDate(at: a.startMillis) } }) { mixed += 1 }
            }
            let lines = Fingerprint.replay(replay)
            contested += lines.filter { $0.contains("| contested ") }.count
            reversals += lines.filter { $0.contains(" reversal") }.count
            spokenFor += lines.filter { $0.contains("/commander/") || $0.contains("/leader/") || $0.contains("/spokesperson/") }.count
            withdrawn += replay.retractions.withdrawnBy.count
            let byID = Dictionary(uniqueKeysWithValues: replay.events.map { ($0.id, $0) })
            restored += replay.retractions.withdrawnBy.keys.filter { byID[$0]?.event.retracts != nil }.count
            rolesWithdrawn += replay.retractions.withdrawnBy.keys.filter { byID[$0]?.event.type.name == "role-assigned" }.count
        }
        #expect(ties > 30)
        #expect(mixed > 30)
        #expect(contested > 100)
        #expect(reversals > 100)
        #expect(withdrawn > 100)
        #expect(restored > 20, "retractions of retractions")
        #expect(rolesWithdrawn > 10)
        #expect(spokenFor > 100)
    }

    /// Every order of five reports of one pair on one day (two sources, no source, several
    /// confidences) and of a retraction of one of them, the retraction after its target.
    @Test func everyOrderOfSimultaneousReportsAndARetractionAgrees() throws {
        var log = Chronicle(zone: laPaz)
        log.register("oas", "morales")
        let time = day("2019-11-10")
        let reports = [
            log.make("support-declared", time, "oas", toward: "morales") { $0.source = "a"; $0.confidence = 0.9 },
            log.make("protest-held", time, "oas", toward: "morales") { $0.source = "b"; $0.confidence = 0.9 },
            log.make("allegation-made", instant("2019-11-10T12:00", in: laPaz), "oas", toward: "morales") { $0.source = "b" },
            log.make("resignation-called-for", time, "oas", toward: "morales"),
        ]
        let retraction = log.make("event-retracted", time, "oas") { $0.retracts = reports[3].id; $0.reason = "wrong actor" }
        let all = reports + [retraction]

        var reference: [String]?
        var orders = 0
        for permutation in permutations(Array(all.indices)) {
            guard permutation.firstIndex(of: 3)! < permutation.firstIndex(of: 4)! else { continue }
            var ordered = log
            for index in permutation { ordered.record(all[index]) }
            let query = ordered.query
            let answer = try query.answer("oas", "morales", time)
            let lines = [
                Fingerprint.answer(answer),
                Fingerprint.answer(try query.answer("oas", "morales", instant("2019-11-10T12:00", in: laPaz))),
                Fingerprint.timeline(try query.timeline("oas", "morales")),
            ]
            if let reference {
                #expect(lines == reference, "order \(permutation)")
            } else {
                reference = lines
                // Both 0.9 reports beat the others; of those two the lower id (made first) is last.
                #expect(answer.position == .supports)
                #expect(answer.since?.entry.event.id == reports[0].id)
                #expect(answer.contested)
                #expect(Set(answer.competing.map(\.event.id)) == [reports[0].id, reports[1].id, reports[2].id])
                #expect(answer.competing.last?.event.id == reports[0].id)
            }
            orders += 1
        }
        #expect(orders == 60)
    }

    private func permutations(_ items: [Int]) -> [[Int]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { index in
            var rest = items
            let first = rest.remove(at: index)
            return permutations(rest).map { [first] + $0 }
        }
    }
}
