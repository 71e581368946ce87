import EventStore
import Foundation
import Projections
import StanceDomain
import StanceTesting
import Testing

/// `--as-of`: the answer from the log as it stood at a moment of the recording axis is the
/// answer a store holding only the events recorded by then would give.
@Suite("Position: as of a moment of the record")
struct PositionAsOfTests {
    static let zone = RandomLog.zone
    static let start: Int64 = 1_700_000_000_000_000
    static let step: Int64 = 1_000

    /// The cuts asked in the as-of properties: each day, and two instants of each day (one at
    /// the instant events fall at, one between), fewer than the full set since every prefix is asked.
    static let cuts: [WorldTime] = (-1...RandomLog.days).flatMap { offset -> [WorldTime] in
        let date = RandomLog.firstDay.adding(days: offset)
        let start = zone.startOfDay(date)
        return [.day(date), .instant(start + 10 * 3_600_000), .instant(start + 14 * 3_600_000)]
    }

    static func fingerprint(_ replay: Replay) -> [String] {
        Fingerprint.replay(replay, cuts: cuts)
    }

    @Test(arguments: 0..<10)
    func asOfSeqNEqualsAFreshStoreHoldingTheFirstNEvents(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed &+ 0xA5_0F)
        let events = RandomLog.recordingOrder(RandomLog.events(seed: seed, count: 36), using: &rng)
        let store = try RandomLog.store(events)
        for n in 0...events.count {
            let asOf = try Replayer.replay(store, in: Self.zone, asOf: .seq(Int64(n)))
            #expect(asOf.asOf == .seq(Int64(n)))
            #expect(asOf.events.map(\.id) == events.prefix(n).map(\.id))
            let fresh = try Replayer.replay(RandomLog.store(Array(events.prefix(n))), in: Self.zone)
            let expected = Self.fingerprint(fresh)
            Fingerprint.expectEqual(Self.fingerprint(asOf), expected, "seed \(seed), @\(n)")
            // Folded one event at a time, as the projections are kept up to date, too (checked
            // after each retraction, where the projections are rebuilt, and now and then).
            guard n > 0 && (events[n - 1].event.retracts != nil || n % 4 == 0) else { continue }
            Fingerprint.expectEqual(Self.fingerprint(RandomLog.chronicle(Array(events.prefix(n))).replay), expected, "seed \(seed), @\(n), one at a time")
        }
        // Past the end, the whole log.
        let past = try Replayer.replay(store, in: Self.zone, asOf: .seq(Int64(events.count + 5)))
        Fingerprint.expectEqual(Self.fingerprint(past), Self.fingerprint(try Replayer.replay(store, in: Self.zone)), "seed \(seed), past the end")
    }

    /// With a clock that advances per append, and batches of several events sharing a
    /// `recorded_at`: as of an instant is as of the last batch recorded by then.
    @Test(arguments: 0..<8)
    func asOfAnInstantEqualsAFreshStoreHoldingWhatWasRecordedByThen(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed &+ 0x7E_C0)
        let events = RandomLog.recordingOrder(RandomLog.events(seed: seed, count: 36), using: &rng)
        var batches: [Int] = []
        while batches.reduce(0, +) < events.count { batches.append(Int.random(in: 1...4, using: &rng)) }
        let clock = ManualClock(Self.start, step: Self.step)
        let store = try RandomLog.store(events, clock: clock.storeClock, batches: batches)

        var recorded: [Int64] = []
        try store.forEach(after: 0) { recorded.append($0.recordedAt) }
        #expect(recorded.count == events.count)
        #expect(Set(recorded).count == batches.filter { $0 > 0 }.count)

        var end = 0
        for (index, size) in batches.enumerated() {
            let instant = Self.start + Int64(index) * Self.step
            // Just before the batch: only the batches before it.
            let before = try Replayer.replay(store, in: Self.zone, asOf: .recordedAt(instant - 1))
            #expect(before.events.count == end)
            Fingerprint.expectEqual(Self.fingerprint(before), Self.fingerprint(try Replayer.replay(RandomLog.store(Array(events.prefix(end))), in: Self.zone)), "seed \(seed), just before batch \(index)")
            end = min(end + size, events.count)
            // At the batch's instant, and just after it: the whole batch.
            for moment in [instant, instant + Self.step / 2] {
                let asOf = try Replayer.replay(store, in: Self.zone, asOf: .recordedAt(moment))
                #expect(asOf.events.map(\.id) == events.prefix(end).map(\.id))
                Fingerprint.expectEqual(Self.fingerprint(asOf), Self.fingerprint(try Replayer.replay(store, in: Self.zone, asOf: .seq(Int64(end)))), "seed \(seed), as of batch \(index)")
            }
        }
    }

    /// Retractions work backwards in time on the recording axis only from when they are
    /// recorded: a retraction, wherever it is recorded, leaves every answer asked as of a
    /// moment before it as it was.
    @Test(arguments: 0..<12)
    func aRetractionNeverChangesAnAnswerAskedAsOfBeforeIt(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed &+ 0x2E_72)
        let events = RandomLog.recordingOrder(RandomLog.events(seed: seed, count: 30), using: &rng)
        // Each event at its own recording instant, so that removing one moves nothing else.
        let times = events.indices.map { Self.start + Int64($0) * Self.step * 10 }
        let baseline = try Self.store(events, times: times)
        var cache: [Int: [String]] = [:]
        func answers(_ n: Int) throws -> [String] {
            if let known = cache[n] { return known }
            let answers = Self.fingerprint(try Replayer.replay(baseline, in: Self.zone, asOf: .seq(Int64(n))))
            cache[n] = answers
            return answers
        }

        var changedSomething = 0
        let withdrawable = events.indices.filter { events[$0].event.type.effect != .registersActor }
        for trial in 0..<6 {
            // A new retraction of a random event, recorded at a random moment after it.
            let target = withdrawable.randomElement(using: &rng)!
            let position = Int.random(in: (target + 1)...events.count, using: &rng)
            var factory = Chronicle(zone: Self.zone)
            let made = factory.make("event-retracted", RandomLog.time(&rng), events[target].event.actor) {
                $0.retracts = events[target].id
                $0.reason = "misreported"
            }
            let retraction = (id: RandomLog.uuid(&rng), event: made.event)
            var log = events
            log.insert(retraction, at: position)
            var logTimes = times
            logTimes.insert(times[position - 1] + Self.step, at: position)
            let store = try Self.store(log, times: logTimes)

            // Every moment before it is a prefix of the log without it; the last few are the ones
            // a retraction could reach by mistake.
            for n in Set([0, position / 2, max(0, position - 2), position - 1, position]) {
                Fingerprint.expectEqual(Self.fingerprint(try Replayer.replay(store, in: Self.zone, asOf: .seq(Int64(n)))), try answers(n), "seed \(seed), trial \(trial), @\(n)")
            }
            let justBefore = try Replayer.replay(store, in: Self.zone, asOf: .recordedAt(logTimes[position] - 1))
            #expect(!justBefore.events.contains { $0.id == retraction.id })
            Fingerprint.expectEqual(Self.fingerprint(justBefore), try answers(position), "seed \(seed), trial \(trial), just before it")

            let now = try Replayer.replay(store, in: Self.zone, asOf: .recordedAt(logTimes[position]))
            if try Self.fingerprint(now) != answers(position) { changedSomething += 1 }
        }
        // The retractions are not idle: most of them change some answer once recorded.
        #expect(changedSomething > 0, "seed \(seed)")
    }

    /// A store whose events are recorded one by one at the given instants.
    static func store(_ events: [MadeEvent], times: [Int64]) throws -> InMemoryEventStore {
        let clock = ManualClock(0)
        let store = InMemoryEventStore(settings: ["timezone": zone.identifier], clock: clock.storeClock)
        for (event, time) in zip(events, times) {
            clock.set(time)
            _ = try store.append([newEvent(event.id, event.event, in: zone)])
        }
        return store
    }

    // MARK: examples

    @Test func anAnswerAsOfBeforeALateReportDoesNotKnowIt() throws {
        var log = Chronicle()
        log.register("oas", "morales")
        let support = log.record("support-declared", day("2019-11-01"), "oas", toward: "morales")
        let protest = log.record("protest-held", day("2019-11-10"), "oas", toward: "morales")
        // Recorded last, but happened first.
        let allegation = log.record("allegation-made", day("2019-10-20"), "oas", toward: "morales")
        let store = try RandomLog.store(log.recorded.map { ($0.id, $0.event) }, clock: ManualClock(Self.start, step: Self.step).storeClock)

        let then = try Replayer.replay(store, in: .utc, asOf: .seq(protest.seq))
        let now = try Replayer.replay(store, in: .utc)
        let military = try #require(now.directory.actors["oas"]), morales = try #require(now.directory.actors["morales"])
        let october = WorldCut(day("2019-10-25"), in: .utc)
        #expect(then.query.answer(actor: military, toward: morales, cut: october).position == .unknown)
        #expect(now.query.answer(actor: military, toward: morales, cut: october).position == .critical)
        #expect(now.query.answer(actor: military, toward: morales, cut: october).since?.entry.event.id == allegation.id)
        // The timeline as of then has two changes; now three.
        #expect(then.query.timeline(actor: military, toward: morales).changes.map(\.entry.event.id) == [support.id, protest.id])
        #expect(now.query.timeline(actor: military, toward: morales).changes.map(\.entry.event.id) == [allegation.id, support.id, protest.id])
        // The same, as of the recording instant of the protest (the clock moves per append).
        let byTime = try Replayer.replay(store, in: .utc, asOf: .recordedAt(Self.start + Int64(protest.seq - 1) * Self.step))
        #expect(byTime.events.map(\.id) == then.events.map(\.id))
    }

    @Test func asOfBeforeAnythingKnowsNothing() throws {
        var log = Chronicle()
        log.register("oas", "morales")
        log.record("support-declared", day("2019-11-01"), "oas", toward: "morales")
        let store = try RandomLog.store(log.recorded.map { ($0.id, $0.event) }, clock: .fixed(Self.start))
        for asOf in [AsOf.seq(0), .recordedAt(Self.start - 1)] {
            let replay = try Replayer.replay(store, in: .utc, asOf: asOf)
            #expect(replay.events.isEmpty)
            #expect(replay.directory.actors.isEmpty)
            #expect(replay.asOf == asOf)
        }
        #expect(try Replayer.replay(store, in: .utc, asOf: .recordedAt(Self.start)).events.count == 3)
    }

    @Test func asOfIncludesExactlyTheEventsAtOrBeforeTheMoment() {
        #expect(AsOf.seq(3).includes(seq: 3, recordedAt: .max))
        #expect(!AsOf.seq(3).includes(seq: 4, recordedAt: 0))
        #expect(AsOf.recordedAt(100).includes(seq: 99, recordedAt: 100))
        #expect(!AsOf.recordedAt(100).includes(seq: 1, recordedAt: 101))
    }
}
