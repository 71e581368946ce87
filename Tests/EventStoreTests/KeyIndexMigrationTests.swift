import EventStore
import Foundation
import GRDB
import StanceTesting
import Testing

/// Schema 3 copies each event's `occurred_at` into its key rows, so that windowed reads filter
/// in the index. A schema-2 store gains the column when opened for writing, and is still read
/// through its index, filtering on the events' rows, when opened read-only.
@Suite("The key index's occurred_at column (schema 3)")
struct KeyIndexMigrationTests {
    /// A store with four keyed events, turned back into the schema-2 store an earlier stance wrote.
    static func schema2Store(at path: String) throws {
        let store = try SQLiteEventStore.create(at: path, clock: TestSupport.clock)
        var events = (1...4).map { n in makeEvent(occurredAt: Int64(n) * 1000, id: fixtureID(n)) }
        for index in events.indices { events[index].keys = ["a"] }
        events[3].keys = ["b"]
        _ = try store.append(events)
        try TestSupport.rawQueue(path).writeWithoutTransaction { db in try db.execute(sql: OlderSchemas.schema2) }
    }

    static let window = [KeyWindow("a", occurred: 1500...3000)]

    @Test("a schema-2 store opened read-only answers windowed reads from its index, unchanged")
    func readOnlySchema2() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("s.sqlite")
            try Self.schema2Store(at: path)
            let before = try TestSupport.bytes(path)
            let store = try SQLiteEventStore.open(at: path, clock: TestSupport.clock, readOnly: true)
            #expect(store.hasKeyIndex)
            #expect(try store.events(in: Self.window, through: nil).map(\.seq) == [2, 3])
            #expect(try store.events(withAnyOf: ["a", "b"], through: nil).map(\.seq) == [1, 2, 3, 4])
            #expect(try TestSupport.bytes(path) == before)
        }
    }

    @Test("a schema-2 store opened for writing gets occurred_at in every key row, its log untouched")
    func upgradeSchema2() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("s.sqlite")
            try Self.schema2Store(at: path)
            let hashes = try TestSupport.rawQueue(path).read { try Data.fetchAll($0, sql: "SELECT hash FROM events ORDER BY seq") }
            let store = try SQLiteEventStore.open(at: path, clock: TestSupport.clock)
            #expect(try store.events(in: Self.window, through: nil).map(\.seq) == [2, 3])
            var next = makeEvent(occurredAt: 2500, id: fixtureID(5))
            next.keys = ["a"]
            _ = try store.append([next])
            #expect(try store.events(in: Self.window, through: nil).map(\.seq) == [2, 3, 5])

            let raw = try TestSupport.rawQueue(path)
            let mismatched = try raw.read { db in
                try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM event_keys JOIN events ON events.seq = event_keys.seq
                    WHERE event_keys.occurred_at IS NOT events.occurred_at
                    """)
            }
            #expect(mismatched == 0)
            #expect(try raw.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM event_keys") } == 5)
            #expect(try raw.read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == SQLiteEventStore.schemaVersion)
            #expect(try raw.read { try Data.fetchAll($0, sql: "SELECT hash FROM events ORDER BY seq").prefix(4) } == hashes[...])
            // The append-only triggers came back with the table.
            #expect(throws: (any Error).self) { try raw.write { try $0.execute(sql: "DELETE FROM event_keys") } }
            #expect(throws: (any Error).self) { try raw.write { try $0.execute(sql: "UPDATE event_keys SET occurred_at = 0") } }
        }
    }

    @Test("a catch-up copies occurred_at from the stored rows")
    func catchUpCopiesOccurredAt() throws {
        try withTemporaryDirectory { dir in
            let store = try SQLiteEventStore.create(at: dir.file("s.sqlite"), clock: TestSupport.clock)
            _ = try store.append((1...4).map { n in makeEvent(occurredAt: Int64(n) * 1000, id: fixtureID(n)) })
            try store.indexKeys((1...4).map { (seq: Int64($0), keys: ["a"]) })
            #expect(try store.events(in: Self.window, through: nil).map(\.seq) == [2, 3])
        }
    }
}
