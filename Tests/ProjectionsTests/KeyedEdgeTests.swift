import EventStore
import Foundation
import Projections
import StanceDomain
import StanceTesting
import Testing

/// The edges of keyed reads that a random log seldom reaches: an explanation of a withdrawn
/// role or of a role recorded after the as-of moment, and a day-precision row whose stored
/// `occurred_at` is not its day's first instant.
@Suite("Keyed reads at the edges of roles and days")
struct KeyedEdgeTests {
    static let zone = StoreTimeZone.utc

    static func store(_ events: [MadeEvent], tweak: (Int, inout NewEvent) -> Void = { _, _ in }) throws -> InMemoryEventStore {
        let store = InMemoryEventStore(settings: ["timezone": "UTC"], clock: .fixed(1_700_000_000_000_000))
        let byID = Dictionary(events.map { ($0.id, $0.event) }, uniquingKeysWith: { first, _ in first })
        for (index, made) in events.enumerated() {
            var new = newEvent(made.id, made.event, in: zone)
            new.keys = EventKeys.keys(of: made.event) { byID[$0] }
            tweak(index, &new)
            _ = try store.append([new])
        }
        return store
    }

    static func base() -> (Chronicle, [MadeEvent]) {
        var factory = Chronicle(zone: zone)
        var made: [MadeEvent] = []
        made.append(factory.make("actor-registered", day("2000-01-01"), "army") { $0.name = "Army"; $0.kind = .institution })
        for id in ["p", "t"] { made.append(factory.make("actor-registered", day("2000-01-01"), id) { $0.name = id; $0.kind = .person }) }
        return (factory, made)
    }

    @Test("an explanation lists what the holder of a withdrawn role said, as a full replay does")
    func explainWithdrawnRole() throws {
        var (factory, events) = Self.base()
        let role = factory.make("role-assigned", day("2019-11-03"), "p", in: "army", role: .spokesperson)
        events.append(role)
        events.append(factory.make("support-declared", day("2019-11-04"), "p", toward: "t"))
        events.append(factory.make("support-withdrawn", day("2019-11-05"), "army", toward: "t"))
        events.append(factory.make("event-retracted", day("2019-11-06"), "p") { $0.retracts = role.id; $0.reason = "wrong" })
        let store = try Self.store(events)
        let full = try Replayer.replay(store, in: Self.zone)
        let cut = WorldCut(day("2019-11-10"), in: Self.zone)
        let army = try #require(full.directory.actors["army"]), t = try #require(full.directory.actors["t"])
        let expected = PositionExplanation(answer: full.query.answer(actor: army, toward: t, cut: cut), known: full, full: full)
        var scope = try QueryScope(store: store, zone: Self.zone, through: nil)
        try scope.include(names: ["army", "t"])
        try scope.includePositions(of: "army", toward: ["t"], explaining: [])
        let keyed = scope.replay
        let got = PositionExplanation(answer: keyed.query.answer(actor: army, toward: t, cut: cut), known: keyed, full: keyed)
        #expect(got.steps.map(\.event.id) == expected.steps.map(\.event.id))
    }

    @Test("a day-precision row stored at noon still counts for the day its role ended in")
    func dayRowNotAtMidnight() throws {
        var (factory, events) = Self.base()
        events.append(factory.make("role-assigned", day("2019-11-03"), "p", in: "army", role: .spokesperson))
        events.append(factory.make("role-ended", instant("2019-11-05T06:00Z"), "p", in: "army", role: .spokesperson))
        events.append(factory.make("support-declared", day("2019-11-05"), "p", toward: "t"))
        let store = try Self.store(events) { index, new in
            if index == events.count - 1 { new.occurredAt += 12 * 3_600_000 }
        }
        let full = try Replayer.replay(store, in: Self.zone)
        let cut = WorldCut(day("2019-11-10"), in: Self.zone)
        let army = try #require(full.directory.actors["army"]), t = try #require(full.directory.actors["t"])
        var scope = try QueryScope(store: store, zone: Self.zone, through: nil)
        try scope.include(names: ["army", "t"])
        try scope.includePositions(of: "army", toward: ["t"])
        let keyed = scope.replay.query.answer(actor: army, toward: t, cut: cut)
        let expected = full.query.answer(actor: army, toward: t, cut: cut)
        #expect(Fingerprint.answer(keyed) == Fingerprint.answer(expected))
    }

    @Test("an explanation as of a moment before a back-dated role was recorded reads what the role's holder said")
    func explainAsOfBeforeRole() throws {
        var (factory, events) = Self.base()
        events.append(factory.make("support-declared", day("2019-11-04"), "p", toward: "t"))
        events.append(factory.make("role-assigned", day("2019-11-03"), "p", in: "army", role: .spokesperson))
        let store = try Self.store(events)
        let cut = WorldCut(day("2019-11-10"), in: Self.zone)
        let knownFull = try Replayer.replay(store, in: Self.zone, asOf: .seq(4))
        let full = try Replayer.replay(store, in: Self.zone)
        let army = try #require(full.directory.actors["army"]), t = try #require(full.directory.actors["t"])
        let expected = PositionExplanation(answer: knownFull.query.answer(actor: army, toward: t, cut: cut), known: knownFull, full: full)
        func scoped(_ through: Int64?, members: Set<String>) throws -> Replay {
            var scope = try QueryScope(store: store, zone: Self.zone, through: through, asOf: through.map { .seq($0) })
            try scope.include(names: ["army", "t"])
            try scope.includePositions(of: "army", toward: ["t"], explaining: members)
            return scope.replay
        }
        let keyedFull = try scoped(nil, members: [])
        let known = try scoped(4, members: PositionExplanation.everyone(in: keyedFull.events, institution: "army"))
        let got = PositionExplanation(answer: known.query.answer(actor: army, toward: t, cut: cut), known: known, full: keyedFull)
        #expect(got.steps.map(\.verdict.name) == expected.steps.map(\.verdict.name))
    }
}
