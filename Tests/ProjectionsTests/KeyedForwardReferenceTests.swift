import EventStore
import Foundation
import Projections
import StanceDomain
import StanceTesting
import Testing

/// A log written by another tool (appended without keys, then indexed by
/// `KeyIndex.catchUp`, whose lookups find any event of the store) in which a retraction comes
/// before an event it names. The audit reports such a reference; a full replay still honours
/// it (``Retractions`` reads the log backwards), and before schema 5 so did a keyed question,
/// which folded every event it read; `QueryScope.anchored` must not set it aside because,
/// in `seq` order, what it names is read after it.
@Suite("Keyed answers with retractions naming later events equal a full replay's")
struct KeyedForwardReferenceTests {
    static let zone = RandomLog.zone

    static func store(_ events: [MadeEvent]) throws -> InMemoryEventStore {
        let store = try RandomLog.store(events)
        #expect(try KeyIndex.catchUp(store, in: zone) == events.count)
        #expect(try KeyIndex.verify(store, in: zone).matches)
        return store
    }

    static func lines(_ store: any EventStore, asker: String, target: String) throws -> (keyed: [String], full: [String]) {
        let full = try Replayer.replay(store, in: zone)
        let keyed = try KeyedReplayTests.scoped(store, asker: asker, target: target, through: nil)
        let answerAt = { (cut: WorldCut) in try KeyedReplayTests.answering(store, asker: asker, target: target, through: nil, at: cut) }
        return (try KeyedReplayTests.pairLines(keyed, asker: asker, target: target, answerAt: answerAt),
                KeyedReplayTests.pairLines(full, asker: asker, target: target, answerAt: { _ in full }))
    }

    static func registrations(_ factory: inout Chronicle) -> [MadeEvent] {
        [
            factory.make("actor-registered", day("2000-01-01"), "i0") { $0.name = "i0"; $0.kind = .institution },
            factory.make("actor-registered", day("2000-01-01"), "t0") { $0.name = "t0"; $0.kind = .person },
            factory.make("actor-registered", day("2000-01-01"), "t1") { $0.name = "t1"; $0.kind = .person },
        ]
    }

    @Test("a correction whose retraction comes before its replacement")
    func retractionBeforeItsReplacement() throws {
        var factory = Chronicle(zone: Self.zone)
        var events = Self.registrations(&factory)
        let original = factory.make("support-declared", day("2019-11-02"), "i0", toward: "t0")
        var replacement = factory.make("support-declared", day("2019-11-02"), "i0", toward: "t1")
        replacement.event.replaces = original.id
        let retraction = factory.make("event-retracted", day("2019-11-03"), "i0") { event in
            event.retracts = original.id
            event.reason = "corrected"
            event.replacedBy = replacement.id
        }
        events += [original, retraction, replacement]
        let store = try Self.store(events)
        let (keyed, full) = try Self.lines(store, asker: "i0", target: "t1")
        #expect(full.contains { $0.hasPrefix("t1 at 2019-11-04: support") }, "\(full)")
        Fingerprint.expectEqual(keyed, full, "i0 toward t1")
    }

    @Test("a retraction recorded before the statement it names")
    func retractionBeforeItsTarget() throws {
        var factory = Chronicle(zone: Self.zone)
        var events = Self.registrations(&factory)
        let statement = factory.make("support-declared", day("2019-11-02"), "i0", toward: "t0")
        let retraction = factory.make("event-retracted", day("2019-11-03"), "i0") { event in
            event.retracts = statement.id
            event.reason = "misreported"
        }
        events += [retraction, statement]
        let store = try Self.store(events)
        let (keyed, full) = try Self.lines(store, asker: "i0", target: "t0")
        Fingerprint.expectEqual(keyed, full, "i0 toward t0")
    }
}

/// A copy table the audit cannot read is a finding: every question about an institution
/// would fail on it.
@Suite("Audit: an unreadable copy table")
struct UnreadableCopyTableTests {
    @Test("a store whose clustered_events table was dropped is not audited clean", .enabled(if: SQLiteShell.isAvailable))
    func droppedCopyTable() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("s.sqlite")
            let events = RandomLog.events(seed: 3, count: 40)
            do {
                let store = try SQLiteEventStore.create(at: path, settings: ["timezone": RandomLog.zone.identifier], clock: .fixed(1_700_000_000_000_000))
                _ = try store.append(CorrectionLog.envelopes(events))
            }
            try SQLiteShell.run(path, "DROP TABLE clustered_events;")
            let store = try SQLiteEventStore.open(at: path, clock: .fixed(1_700_000_000_000_000), readOnly: true)
            // Questions about an institution cannot be answered...
            #expect(throws: (any Error).self) { try store.events(in: [KeyWindow("roles:i0")], through: nil) }
            // ...and the audit says it could not compare the copies.
            let pass = try AuditPass.run(store, in: RandomLog.zone)
            #expect(pass.copies?.unreadable != nil && pass.copies?.isClean == false, "\(String(describing: pass.copies))")
        }
    }
}
