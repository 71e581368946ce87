import EventStore
import Foundation
import Projections
import StanceDomain
import StanceTesting
import Testing

/// The property of ``KeyedReplayTests`` on the SQLite store, whose windows filter in SQL: on
/// schema 5 (the key rows' `occurred_at`, none for retractions, role events from their
/// clustered copies), on a schema-4 store opened read-only (retractions looked up) and on a
/// schema-2 one (the events' rows).
@Suite("Answers read through SQLite's key index equal a full replay's, on schemas 5, 4 and 2")
struct KeyedReplaySQLiteTests {
    @Test("every pair at two as-of cuts", .enabled(if: SQLiteShell.isAvailable, "needs sqlite3"), arguments: 1...8)
    func sqliteProperty(seed: UInt64) throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("s.sqlite")
            let events = RandomLog.events(seed: seed, count: 60)
            let store = try SQLiteEventStore.create(at: path, settings: ["timezone": RandomLog.zone.identifier], clock: .fixed(1_700_000_000_000_000))
            let byID = Dictionary(events.map { ($0.id, $0.event) }, uniquingKeysWith: { first, _ in first })
            for made in events {
                var new = newEvent(made.id, made.event, in: RandomLog.zone)
                new.keys = EventKeys.keys(of: made.event) { byID[$0] }
                _ = try store.append([new])
            }
            func check(_ store: any EventStore, _ label: String) throws {
                let head = try store.head().seq
                for through in [head, head / 2] {
                    let full = try Replayer.replay(store, in: RandomLog.zone, asOf: .seq(through))
                    for asker in RandomLog.askers {
                        for target in RandomLog.targets.map(Optional.some) + [nil] {
                            let keyed = try KeyedReplayTests.scoped(store, asker: asker, target: target, through: through)
                            let answerAt = { (cut: WorldCut) in try KeyedReplayTests.answering(store, asker: asker, target: target!, through: through, at: cut) }
                            Fingerprint.expectEqual(
                                try KeyedReplayTests.pairLines(keyed, asker: asker, target: target, answerAt: answerAt),
                                KeyedReplayTests.pairLines(full, asker: asker, target: target, answerAt: { _ in full }),
                                "\(label) seed \(seed), \(asker) toward \(target ?? "everyone"), through \(through)")
                        }
                    }
                }
            }
            try check(store, "schema5")
            for (script, label) in [(OlderSchemas.schema4, "schema4-readonly"), (OlderSchemas.schema2, "schema2-readonly")] {
                try SQLiteShell.run(path, script)
                let old = try SQLiteEventStore.open(at: path, clock: .fixed(1_700_000_000_000_000), readOnly: true)
                #expect(!old.timelessEventsInEveryWindow)
                try check(old, label)
            }
        }
    }

    @Test("the audit notices a key row whose occurred_at is not its event's", .enabled(if: SQLiteShell.isAvailable, "needs sqlite3"))
    func auditNoticesMovedOccurredAt() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("s.sqlite")
            do {
                let store = try Self.store(at: path, seed: 3)
                #expect(try KeyIndex.verify(store, in: RandomLog.zone).matches)
                #expect(try AuditPass.run(store, in: RandomLog.zone).keys?.matches == true)
            }
            // Moved a day later, the row would hide its event from a window ending that day.
            try SQLiteShell.run(path, """
                DROP TRIGGER event_keys_are_never_updated;
                UPDATE event_keys SET occurred_at = occurred_at + 86400000 WHERE seq = 20;
                """)
            let store = try SQLiteEventStore.open(at: path, clock: .fixed(1_700_000_000_000_000), readOnly: true)
            #expect(try KeyIndex.verify(store, in: RandomLog.zone).matches == false)
            #expect(try AuditPass.run(store, in: RandomLog.zone).keys?.matches == false)
        }
    }

    @Test("the audit notices a retraction's key row given an occurred_at, and a statement's row left without one", .enabled(if: SQLiteShell.isAvailable, "needs sqlite3"))
    func auditNoticesTimelessRows() throws {
        let edits = [
            "UPDATE event_keys SET occurred_at = 0 WHERE seq = (SELECT MIN(seq) FROM event_keys WHERE occurred_at IS NULL);",
            "UPDATE event_keys SET occurred_at = NULL WHERE seq = (SELECT MIN(seq) FROM event_keys WHERE occurred_at IS NOT NULL);",
        ]
        for edit in edits {
            try withTemporaryDirectory { dir in
                let path = dir.file("s.sqlite")
                let events = RandomLog.events(seed: 3, count: 40)
                do {
                    let store = try Self.store(at: path, seed: 3)
                    // The log has retractions, and their rows, and only theirs, carry no occurred_at.
                    let timeless = try store.read { db in
                        try Int.fetchOne(db, sql: "SELECT count(*) FROM event_keys WHERE occurred_at IS NULL") ?? 0
                    }
                    let retractions = events.filter { $0.event.retracts != nil }.count
                    #expect(retractions > 0 && timeless >= retractions)
                    #expect(try AuditPass.run(store, in: RandomLog.zone).keys?.matches == true)
                }
                try SQLiteShell.run(path, "DROP TRIGGER event_keys_are_never_updated;\n" + edit)
                let store = try SQLiteEventStore.open(at: path, clock: .fixed(1_700_000_000_000_000), readOnly: true)
                #expect(try KeyIndex.verify(store, in: RandomLog.zone).matches == false, "\(edit)")
                #expect(try AuditPass.run(store, in: RandomLog.zone).keys?.matches == false, "\(edit)")
            }
        }
    }

    /// A store holding a random log of 40 events, each with its keys.
    static func store(at path: String, seed: UInt64) throws -> SQLiteEventStore {
        let events = RandomLog.events(seed: seed, count: 40)
        let store = try SQLiteEventStore.create(at: path, settings: ["timezone": RandomLog.zone.identifier], clock: .fixed(1_700_000_000_000_000))
        let byID = Dictionary(events.map { ($0.id, $0.event) }, uniquingKeysWith: { first, _ in first })
        _ = try store.append(events.map { made in
            var new = newEvent(made.id, made.event, in: RandomLog.zone)
            new.keys = EventKeys.keys(of: made.event) { byID[$0] }
            return new
        })
        return store
    }
}
