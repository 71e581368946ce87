import EventStore
import Foundation
@testable import Projections
import StanceDomain
import StanceTesting
import Testing

/// A question's scope folds what it read only when asked, the directory alone for the rounds
/// that need no more: each fold must still be that of everything read, the directory the full
/// fold's, the skipped events current, and a copy of a scope its own.
@Suite("A question's scope folds when asked")
struct QueryScopeFoldTests {
    static let zone = StoreTimeZone.utc

    /// The army, two people and a target; a spokesperson's statements; an event this stance
    /// cannot decode, which every scope reads.
    static func store() throws -> InMemoryEventStore {
        var (factory, events) = KeyedEdgeTests.base()
        events.append(factory.make("role-assigned", day("2019-11-03"), "p", in: "army", role: .spokesperson))
        events.append(factory.make("support-declared", day("2019-11-04"), "p", toward: "t"))
        events.append(factory.make("support-withdrawn", day("2019-11-05"), "army", toward: "t"))
        let store = try KeyedEdgeTests.store(events)
        var future = NewEvent(
            id: UUID(), stream: "army", type: "treaty-signed", schemaVersion: 1, occurredAt: 0, precision: .day,
            payload: "{}", metadata: "{}")
        future.keys = [EventKeys.undecodable]
        _ = try store.append([future])
        return store
    }

    static func same(_ a: ActorDirectory, _ b: ActorDirectory) -> Bool {
        a.actors == b.actors && a.roleSpans() == b.roleSpans()
    }

    @Test("at every round the directory is the full fold's, and the skipped event is reported")
    func directoryAndSkippedAtEveryRound() throws {
        let store = try Self.store()
        var scope = try QueryScope(store: store, zone: Self.zone, through: nil)
        #expect(scope.replay.skipped.count == 1)
        #expect(scope.directory.actors.isEmpty)
        try scope.include(names: ["army", "t"])
        // The directory first, then the full fold: each made on its own.
        let early = scope.directory
        #expect(Set(early.actors.keys) == ["army", "t"])
        #expect(Self.same(early, scope.replay.directory))
        #expect(scope.replay.skipped.count == 1)
        try scope.includePositions(of: "army", toward: ["t"])
        #expect(Self.same(scope.directory, scope.replay.directory))
        #expect(scope.directory.roleSpans().map(\.person) == ["p"])
        let full = try Replayer.replay(store, in: Self.zone)
        #expect(Self.same(scope.replay.directory, full.directory))
        #expect(scope.replay.skipped.map(\.seq) == full.skipped.map(\.seq))
    }

    @Test("a copy widened on its own leaves the original's folds as they were")
    func copiesFoldTheirOwnEvents() throws {
        let store = try Self.store()
        var original = try QueryScope(store: store, zone: Self.zone, through: nil)
        try original.include(names: ["army", "t"])
        // Folded before the copy, and not: both must stay the original's.
        for foldFirst in [true, false] {
            let scope = original
            if foldFirst { _ = scope.replay }
            let before = scope.replay.events.map(\.seq)
            var copy = scope
            try copy.includePositions(of: "army", toward: ["t"])
            #expect(copy.replay.events.count > before.count)
            #expect(scope.replay.events.map(\.seq) == before)
            #expect(Set(scope.directory.actors.keys) == ["army", "t"])
            #expect(Set(copy.directory.actors.keys) == ["army", "p", "t"])
        }
    }

    @Test("a copy that only finds an undecodable event reports it, and the original does not")
    func copiesKeepTheirOwnSkippedEvents() throws {
        let store = try Self.store()
        var stray = NewEvent(
            id: UUID(), stream: "army", type: "treaty-signed", schemaVersion: 1, occurredAt: 0, precision: .day,
            payload: "{}", metadata: "{}")
        stray.keys = [EventKeys.name("zzz")]
        _ = try store.append([stray])
        var original = try QueryScope(store: store, zone: Self.zone, through: nil)
        try original.include(names: ["army"])
        _ = original.directory
        var copy = original
        try copy.include(names: ["zzz"])
        #expect(copy.replay.skipped.count == 2)
        #expect(original.replay.skipped.count == 1)
    }

    @Test("merging in place gives every event once, in seq order, whatever the sizes", arguments: 1...20)
    func mergeInPlace(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let event = StanceEvent(type: EventType.named("protest-held")!, occurred: day("2019-11-10"), actor: "a")
        let seqs = Array(Set((0..<Int(rng.next() % 300)).map { _ in Int64(rng.next() % 1_000) }))
        let split = seqs.isEmpty ? 0 : Int(rng.next() % UInt64(seqs.count + 1))
        func made(_ seq: Int64) -> ProjectedEvent {
            ProjectedEvent(seq: seq, id: UUID(), recordedAt: seq, recordedBy: nil, event: event, in: Self.zone)
        }
        var events = seqs[..<split].sorted().map(made)
        if rng.next() % 2 == 0 { events.reserveCapacity(seqs.count) }
        let fresh = seqs[split...].shuffled(using: &rng).map(made)
        let ids = Dictionary(uniqueKeysWithValues: (events + fresh).map { ($0.seq, $0.id) })
        QueryScope.merge(fresh, into: &events)
        #expect(events.map(\.seq) == seqs.sorted())
        #expect(events.allSatisfy { ids[$0.seq] == $0.id })
    }
}
