import EventStore
import Foundation
import GRDB
import StanceTesting
import Testing

/// Timeless events (those with a `retracts:` key): their key rows carry no occurred_at, and
/// every window over any of their keys reads them, in both stores and after an upgrade.
@Suite("Timeless key rows")
struct TimelessKeyTests {
    /// A statement at 1 s, another at 5 s, and a retraction of the first at 9 s carrying its key.
    static func events() -> [NewEvent] {
        var events = [1, 5, 9].enumerated().map { index, second in
            makeEvent(stream: "a", occurredAt: Int64(second) * 1000, payload: #"{"n":\#(index)}"#, id: fixtureID(index + 1))
        }
        events[0].keys = ["pair:a>b"]
        events[1].keys = ["pair:a>b"]
        events[2].keys = ["retracts:\(fixtureID(1))", "pair:a>b"]
        return events
    }

    @Test("every window over a timeless event's keys reads it, and its rows carry no occurred_at")
    func windowsReadTimelessEvents() throws {
        try KeyIndexStoreTests.withBothStores { store in
            _ = try store.append(Self.events())
            #expect(store.timelessEventsInEveryWindow)
            #expect(try store.events(in: [KeyWindow("pair:a>b", occurred: 0...2000)], through: nil).map(\.seq) == [1, 3])
            #expect(try store.events(in: [KeyWindow("pair:a>b", occurred: 4000...6000)], through: nil).map(\.seq) == [2, 3])
            #expect(try store.events(in: [KeyWindow("pair:a>b", occurred: 0...2000)], through: 2).map(\.seq) == [1])
            var rows: [String] = []
            try store.forEachKey { key, seq, occurred in rows.append("\(key)@\(seq)@\(occurred.map(String.init) ?? "-")") }
            #expect(rows.sorted() == ["pair:a>b@1@1000", "pair:a>b@2@5000", "pair:a>b@3@-", "retracts:\(fixtureID(1))@3@-"])
        }
    }

    @Test("a caught-up index gives timeless rows as a written one does")
    func catchUp() throws {
        try KeyIndexStoreTests.withBothStores { store in
            _ = try store.append(Self.events().map { event in var bare = event; bare.keys = nil; return bare })
            try store.indexKeys(Self.events().enumerated().map { (seq: Int64($0.offset + 1), keys: $0.element.keys ?? []) })
            #expect(try store.events(in: [KeyWindow("pair:a>b", occurred: 0...2000)], through: nil).map(\.seq) == [1, 3])
        }
    }

    @Test("a schema-4 store loses its retractions' occurred_at when opened for writing; read-only, windows miss them")
    func schema4Store() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("s.sqlite")
            _ = try SQLiteEventStore.create(at: path, clock: TestSupport.clock).append(Self.events())
            try DatabaseQueue(path: path).writeWithoutTransaction { try $0.execute(sql: OlderSchemas.schema4) }
            let window = [KeyWindow("pair:a>b", occurred: 0...2000)]
            let readOnly = try SQLiteEventStore.open(at: path, clock: TestSupport.clock, readOnly: true)
            #expect(!readOnly.timelessEventsInEveryWindow)
            #expect(try readOnly.events(in: window, through: nil).map(\.seq) == [1])
            let upgraded = try SQLiteEventStore.open(at: path, clock: TestSupport.clock)
            #expect(upgraded.timelessEventsInEveryWindow)
            #expect(try upgraded.events(in: window, through: nil).map(\.seq) == [1, 3])
            let nulls = try upgraded.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM event_keys WHERE occurred_at IS NULL") }
            #expect(nulls == 2)
            // The append-only triggers are back.
            #expect(throws: DatabaseError.self) { try DatabaseQueue(path: path).write { try $0.execute(sql: "UPDATE event_keys SET occurred_at = 0") } }
        }
    }

    @Test("the timeless and clustered prefixes are byte prefixes")
    func prefixes() {
        #expect(KeyWindow.isTimeless(["pair:a>b", "retracts:x"]))
        #expect(!KeyWindow.isTimeless(["pair:retracts:x", "Retracts:x"]) && !KeyWindow.isTimeless([]))
    }
}
