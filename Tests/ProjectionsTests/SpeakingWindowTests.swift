import EventStore
import Foundation
import Projections
import StanceDomain
import StanceTesting
import Testing

/// A member's words count for an institution only while a speaking role lasts, so a question
/// about the institution reads only those: what the member said before or after is left in
/// the store, and the answer is still the full replay's.
@Suite("A question about an institution reads its members' events only while they spoke for it")
struct SpeakingWindowTests {
    static let zone = StoreTimeZone.utc

    /// Army, with p its spokesperson from 3 to 6 November; p speaks toward t before, during
    /// and after, and signals after.
    static func log() -> [MadeEvent] {
        var factory = Chronicle(zone: zone)
        var made: [MadeEvent] = []
        made.append(factory.make("actor-registered", day("2000-01-01"), "army") { $0.name = "Army"; $0.kind = .institution })
        for id in ["p", "t"] { made.append(factory.make("actor-registered", day("2000-01-01"), id) { $0.name = id; $0.kind = .person }) }
        made.append(factory.make("support-declared", day("2019-11-01"), "p", toward: "t"))
        made.append(factory.make("role-assigned", day("2019-11-03"), "p", in: "army", role: .spokesperson))
        made.append(factory.make("support-withdrawn", day("2019-11-04"), "p", toward: "t"))
        made.append(factory.make("role-ended", day("2019-11-06"), "p", in: "army", role: .spokesperson))
        made.append(factory.make("dialogue-called-for", day("2019-11-09"), "p", toward: nil))
        made.append(factory.make("support-declared", day("2019-11-09"), "p", toward: "t"))
        return made
    }

    static func store(_ events: [MadeEvent]) throws -> InMemoryEventStore {
        let store = InMemoryEventStore(settings: ["timezone": "UTC"], clock: .fixed(1_700_000_000_000_000))
        let byID = Dictionary(events.map { ($0.id, $0.event) }, uniquingKeysWith: { first, _ in first })
        for made in events {
            var new = newEvent(made.id, made.event, in: zone)
            new.keys = EventKeys.keys(of: made.event) { byID[$0] }
            _ = try store.append([new])
        }
        return store
    }

    @Test("the institution's question skips the member's words outside the role, and answers as a full replay")
    func institutionReadsTheSpan() throws {
        let events = Self.log()
        let store = try Self.store(events)
        let full = try Replayer.replay(store, in: Self.zone)
        var scope = try QueryScope(store: store, zone: Self.zone, through: nil)
        try scope.include(names: ["army", "t"])
        try scope.includePositions(of: "army", toward: ["t"])
        let cut = WorldCut(day("2019-11-10"), in: Self.zone)
        let army = try #require(full.directory.actors["army"]), t = try #require(full.directory.actors["t"])
        try scope.includeSignals(shownWith: scope.replay.query.answer(actor: army, toward: t, cut: cut))

        let read = Set(scope.replay.events.map(\.id))
        #expect(read.contains(events[5].id), "the statement made while speaking for the army")
        #expect(!read.contains(events[3].id) && !read.contains(events[8].id), "the statements before and after the role")
        #expect(!read.contains(events[7].id), "a signal after the role")
        let keyed = scope.replay.query.answer(actor: army, toward: t, cut: cut)
        let expected = full.query.answer(actor: army, toward: t, cut: cut)
        #expect(Fingerprint.answer(keyed) == Fingerprint.answer(expected))
        #expect(Fingerprint.timeline(scope.replay.query.timeline(actor: army, toward: t)) == Fingerprint.timeline(full.query.timeline(actor: army, toward: t)))
        #expect(keyed.position != .unknown, "the statement made while speaking for the army counts")
    }

    @Test("toward everyone, a target the member spoke toward only outside the role is not the institution's")
    func targetsFollowTheSpan() throws {
        var events = Self.log()
        var factory = Chronicle(zone: Self.zone)
        events.append(factory.make("actor-registered", day("2000-01-01"), "u") { $0.name = "u"; $0.kind = .person })
        events[events.count - 1].id = fixtureID(900)
        var late = factory.make("support-declared", day("2019-11-10"), "p", toward: "u")
        late.id = fixtureID(901)
        events.append(late)
        let store = try Self.store(events)
        let full = try Replayer.replay(store, in: Self.zone)
        #expect(full.query.targets(of: "army") == ["t"])
        #expect(full.query.targets(of: "p") == ["t", "u"])
        var scope = try QueryScope(store: store, zone: Self.zone, through: nil)
        try scope.include(names: ["army"])
        try scope.includePositions(of: "army", toward: nil)
        #expect(scope.replay.query.targets(of: "army") == ["t"])
    }

    @Test("across random logs, the windows leave members' words out, and the property test sees it")
    func windowsExcludeInRandomLogs() throws {
        var excluded = 0
        for seed in UInt64(1)...24 {
            let store = try KeyedReplayTests.keyedStore(RandomLog.events(seed: seed, count: 60))
            for asker in RandomLog.institutions {
                for target in RandomLog.targets {
                    var windowed = try QueryScope(store: store, zone: RandomLog.zone, through: nil)
                    try windowed.include(names: [asker, target])
                    try windowed.includePositions(of: asker, toward: [target])
                    var whole = try QueryScope(store: store, zone: RandomLog.zone, through: nil)
                    try whole.include(names: [asker, target])
                    try whole.includePositions(of: asker, toward: [target], explaining: [])
                    let read = Set(windowed.replay.events.map(\.seq))
                    #expect(read.isSubset(of: Set(whole.replay.events.map(\.seq))))
                    excluded += whole.replay.events.count - read.count
                }
            }
        }
        // A regression to whole-key reads would leave nothing out and still pass the property.
        #expect(excluded > 50, "windows left out \(excluded) events")
    }
}
