import EventStore
import Foundation
import StanceTesting
import Testing

/// The key index as both stores keep it: keys written with their event while the index is
/// level with the log, caught up in order otherwise, and never out of order.
@Suite("The key index in both stores")
struct KeyIndexStoreTests {
    /// Runs `body` with an in-memory store and with a file store.
    static func withBothStores(_ body: (any EventStore) throws -> Void) throws {
        try body(InMemoryEventStore(clock: TestSupport.clock))
        try withTemporaryDirectory { dir in
            try body(SQLiteEventStore.create(at: dir.file("s.sqlite"), clock: TestSupport.clock))
        }
    }

    @Test("keys given with their events are read back by key, up to a seq and in an occurred range")
    func keysAreReadBack() throws {
        try Self.withBothStores { store throws in
            var events = (1...3).map { n in makeEvent(occurredAt: Int64(n) * 1000, id: fixtureID(n)) }
            events[0].keys = ["a"]
            events[1].keys = ["a", "b"]
            events[2].keys = ["b"]
            _ = try store.append(events)
            #expect(try store.keyIndexHead() == 3)
            #expect(try store.events(withAnyOf: ["a"], through: nil).map(\.seq) == [1, 2])
            #expect(try store.events(withAnyOf: ["a", "b"], through: 2).map(\.seq) == [1, 2])
            #expect(try store.events(withAnyOf: ["b"], through: nil, occurred: 2500...3000).map(\.seq) == [3])
            var pairs: [String] = []
            try store.forEachKey { key, seq, occurred in pairs.append("\(key)@\(seq)@\(occurred ?? -1)") }
            #expect(pairs.sorted() == ["a@1@1000", "a@2@2000", "b@2@2000", "b@3@3000"])
        }
    }

    @Test("windows read each key's events in its own span of occurred_at, each event once")
    func windowsReadTheirSpans() throws {
        try Self.withBothStores { store throws in
            var events = (1...5).map { n in makeEvent(occurredAt: Int64(n) * 1000, id: fixtureID(n)) }
            for index in events.indices { events[index].keys = ["a"] }
            events[1].keys = ["a", "b"]
            events[3].keys = ["b"]
            _ = try store.append(events)
            let windows = [KeyWindow("a", occurred: 1000...1500), KeyWindow("a", occurred: 4500...9000), KeyWindow("b", occurred: 0...2000)]
            #expect(try store.events(in: windows, through: nil).map(\.seq) == [1, 2, 5])
            #expect(try store.events(in: windows, through: 4).map(\.seq) == [1, 2])
            #expect(try store.events(in: [KeyWindow("b"), KeyWindow("a", occurred: 3000...3000)], through: nil).map(\.seq) == [2, 3, 4])
            #expect(try store.events(in: [KeyWindow("missing")], through: nil).isEmpty)
        }
    }

    @Test("a question naming more windows than one statement binds reads them all")
    func manyWindows() throws {
        try withTemporaryDirectory { dir in
            let store = try SQLiteEventStore.create(at: dir.file("s.sqlite"), clock: TestSupport.clock)
            var events = (1...3).map { n in makeEvent(occurredAt: Int64(n) * 1000, id: fixtureID(n)) }
            events[0].keys = ["k0"]
            events[1].keys = []
            events[2].keys = ["k\(SQLiteEventStore.windowsPerStatement + 7)"]
            _ = try store.append(events)
            let windows = (0...(2 * SQLiteEventStore.windowsPerStatement)).map { KeyWindow("k\($0)") }
            #expect(try store.events(in: windows, through: nil).map(\.seq) == [1, 3])
        }
    }

    /// A store of events keyed as given (nil: none), with `damage` then written into its key
    /// index by another tool, opened again.
    static func damagedIndex(_ keys: [[String]], damage: [String], _ body: (SQLiteEventStore) throws -> Void) throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("s.sqlite")
            let store = try SQLiteEventStore.create(at: path, clock: TestSupport.clock)
            var events = keys.indices.map { n in makeEvent(occurredAt: Int64(n + 1) * 1000, id: fixtureID(n + 1)) }
            for index in events.indices { events[index].keys = keys[index] }
            _ = try store.append(events)
            try TestSupport.rawQueue(path).write { db in
                for sql in damage { try db.execute(sql: sql) }
            }
            try body(try SQLiteEventStore.open(at: path, clock: TestSupport.clock))
        }
    }

    @Test("a key row whose event is not in the log reads nothing, and a window named twice reads its events once")
    func keyRowWithoutEvent() throws {
        // Damage a reader may meet: a key row for a seq the log does not hold.
        try Self.damagedIndex([["a"], ["a"]], damage: ["INSERT INTO event_keys SELECT id, 9, 1500 FROM index_keys WHERE key = 'a'"]) { store throws in
            #expect(try store.events(in: [KeyWindow("a")], through: nil).map(\.seq) == [1, 2])
            #expect(try store.events(in: [KeyWindow("a"), KeyWindow("a", occurred: 0...1500)], through: nil).map(\.seq) == [1, 2])
            #expect(try store.eventPage(in: [KeyWindow("a", occurred: 1500...2500)], through: nil).count == 1)
        }
    }

    @Test("a key row whose seq is stored as a real that is not whole reads no event")
    func keyRowWithRealSeq() throws {
        // Damage: a seq written as a real that is not whole (SQLite stores a whole one, 2.0,
        // as the integer 2: the column's affinity).
        let damage = [
            "INSERT INTO event_keys SELECT id, 2.0, 2000 FROM index_keys WHERE key = 'a'",
            "INSERT INTO event_keys SELECT id, 1.5, 1500 FROM index_keys WHERE key = 'b'",
        ]
        try Self.damagedIndex([["a"], [], ["b"]], damage: damage) { store throws in
            #expect(try store.events(in: [KeyWindow("a")], through: nil).map(\.seq) == [1, 2])
            #expect(try store.events(in: [KeyWindow("b")], through: nil).map(\.seq) == [3])
        }
    }

    @Test("keys with quotes, backslashes, other scripts and control characters are read as they were written")
    func keysOfAnyText() throws {
        try withTemporaryDirectory { dir in
            let store = try SQLiteEventStore.create(at: dir.file("s.sqlite"), clock: TestSupport.clock)
            let keys = [#"pair:"quoted">b"#, #"back\slash\"#, "roles:Añez–ü", "tab\tkey", "nul\u{0}key", "line\nbreak", "plain", #"\""#]
            var events = keys.indices.map { n in makeEvent(occurredAt: Int64(n + 1) * 1000, id: fixtureID(n + 1)) }
            for index in events.indices { events[index].keys = [keys[index]] }
            _ = try store.append(events)
            for (index, key) in keys.enumerated() {
                #expect(try store.events(in: [KeyWindow(key)], through: nil).map(\.seq) == [Int64(index + 1)], "\(key.debugDescription)")
                #expect(try store.events(in: [KeyWindow(key, occurred: 0...Int64(index) * 1000)], through: nil).isEmpty, "\(key.debugDescription)")
            }
            #expect(try store.events(in: keys.map { KeyWindow($0) }, through: nil).map(\.seq) == Array(1...Int64(keys.count)))
            #expect(try store.events(in: keys.map { KeyWindow($0) }, through: 3).map(\.seq) == [1, 2, 3])
        }
    }

    @Test("events appended without keys leave the index behind; a catch-up out of order is refused and changes nothing")
    func catchUpGoesInOrder() throws {
        try Self.withBothStores { store throws in
            _ = try store.append((1...3).map { makeEvent(id: fixtureID($0)) })
            #expect(try store.keyIndexHead() == 0)
            #expect(throws: EventStoreError.self) { try store.indexKeys([(seq: 2, keys: ["k"])]) }
            #expect(try store.keyIndexHead() == 0)
            #expect(try store.events(withAnyOf: ["k"], through: nil).isEmpty)

            try store.indexKeys([(seq: 1, keys: ["k"]), (seq: 2, keys: ["k"])])
            // An entry another writer indexed meanwhile is skipped, not refused.
            try store.indexKeys([(seq: 2, keys: ["other"]), (seq: 3, keys: ["k"])])
            #expect(try store.keyIndexHead() == 3)
            #expect(try store.events(withAnyOf: ["k"], through: nil).map(\.seq) == [1, 2, 3])
            #expect(try store.events(withAnyOf: ["other"], through: nil).isEmpty)
            // With the index level again, keys come with their events.
            var next = makeEvent(id: fixtureID(4))
            next.keys = ["k"]
            _ = try store.append([next])
            #expect(try store.events(withAnyOf: ["k"], through: nil).map(\.seq) == [1, 2, 3, 4])
        }
    }

    @Test("lastSeq(recordedAtOrBefore:) bisects the recording axis")
    func lastSeqBisects() throws {
        try withTemporaryDirectory { dir in
            let clock = ManualClock(EventStoreContract.startMicros)
            let store = try SQLiteEventStore.create(at: dir.file("s.sqlite"), clock: clock.storeClock)
            for n in 1...5 {
                clock.set(EventStoreContract.startMicros + Int64(n) * 10)
                _ = try store.append([makeEvent(id: fixtureID(n))])
            }
            let start = EventStoreContract.startMicros
            #expect(try store.lastSeq(recordedAtOrBefore: start) == 0)
            #expect(try store.lastSeq(recordedAtOrBefore: start + 10) == 1)
            #expect(try store.lastSeq(recordedAtOrBefore: start + 35) == 3)
            #expect(try store.lastSeq(recordedAtOrBefore: start + 1000) == 5)
            #expect(try store.recordedAt(seq: 2) == start + 20)
            #expect(try store.recordedAt(seq: 9) == nil)
        }
    }
}
