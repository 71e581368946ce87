@testable import EventStore
import Foundation
import GRDB
import StanceTesting
import Testing

/// Stores a pipelined write meets rarely, each written as a serial write writes it.
@Suite("The pipelined writer on unusual stores")
struct PipelinedAppendEdgeTests {
    /// Events large enough, with a small page cache, that the write spills pages before it commits.
    static func large() -> [NewEvent] {
        (1001...2500).map { n in
            var event = makeEvent(stream: "s\(n % 7)", payload: #"{"m":\#(n),"pad":"\#(String(repeating: "x", count: 800))"}"#, id: fixtureID(n))
            event.keys = ["all", "k\(n % 8)"]
            return event
        }
    }

    static func write(_ events: [NewEvent], to store: SQLiteEventStore, pipelined: Bool, cachePages: Int? = nil) throws -> [Int64] {
        try store.write { writer in
            if let cachePages { try (writer as! SQLiteEventWriter).db.execute(sql: "PRAGMA cache_size = \(cachePages)") }
            let body = { (writer: any EventWriter) throws -> [Int64] in try events.map { try writer.append($0).seq } }
            return pipelined ? try EventPipeline.run(writer, body) : try body(writer)
        }
    }

    @Test("a store switched to a rollback journal is written the serial way, spilling or not", .timeLimit(.minutes(1)))
    func rollbackJournal() throws {
        try withTemporaryDirectory { dir in
            var contents: [[String]] = []
            for pipelined in [false, true] {
                let path = dir.file("s-\(pipelined).sqlite")
                _ = try PipelinedAppendTests.filled(dir, "s-\(pipelined).sqlite")
                let mode = try DatabaseQueue(path: path).writeWithoutTransaction { db in
                    try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")
                }
                #expect(mode == "delete")
                let store = try SQLiteEventStore.open(at: path, clock: TestSupport.clock)
                // A reader's shared lock beside it would hold the spill up until the busy timeout.
                let started = Date()
                #expect(try Self.write(Self.large(), to: store, pipelined: pipelined, cachePages: 50) == Array(501...2000))
                #expect(Date().timeIntervalSince(started) < 5)
                contents.append(try EventPipelineTests.contents(store))
            }
            #expect(contents[0] == contents[1])
        }
    }

    @Test("an empty log whose index already names a key is written as a serial write writes it")
    func emptyLogWithStoredKey() throws {
        try withTemporaryDirectory { dir in
            var contents: [[String]] = []
            for pipelined in [false, true] {
                let path = dir.file("e-\(pipelined).sqlite")
                _ = try SQLiteEventStore.create(at: path, clock: TestSupport.clock)
                try DatabaseQueue(path: path).write { db in try db.execute(sql: "INSERT INTO index_keys (id, key) VALUES (1, 'all')") }
                let store = try SQLiteEventStore.open(at: path, clock: TestSupport.clock)
                #expect(try Self.write(Array(EventPipelineTests.batch().prefix(20)), to: store, pipelined: pipelined) == Array(1...20))
                contents.append(try EventPipelineTests.contents(store))
            }
            #expect(contents[0] == contents[1])
        }
    }

    /// Two events under keys that differ only in how é is written: Swift's `==` holds them
    /// equal, SQLite's `=` and the audit do not.
    static func spellings(_ first: Int) -> [NewEvent] {
        [("name:caf\u{E9}", first), ("name:cafe\u{301}", first + 1)].map { key, n in
            var event = makeEvent(stream: "s\(n % 7)", id: UUID(uuidString: String(format: "%08x-0000-4000-8000-%012x", n * 7919, n))!)
            event.keys = [key]
            return event
        }
    }

    @Test("keys that differ only in their Unicode spelling are two keys, serial or pipelined, on an empty log or not")
    func keySpellings() throws {
        try withTemporaryDirectory { dir in
            var contents: [[String]] = []
            for (index, (pipelined, filled)) in [(false, false), (true, false), (false, true), (true, true)].enumerated() {
                let store = filled
                    ? try PipelinedAppendTests.filled(dir, "k\(index).sqlite")
                    : try SQLiteEventStore.create(at: dir.file("k\(index).sqlite"), clock: TestSupport.clock)
                // The first spelling stored before the write, when the log holds events.
                if filled { _ = try Self.write([Self.spellings(3000)[0]], to: store, pipelined: false) }
                let batch = filled ? [Self.spellings(3000)[1]] : Self.spellings(3000)
                _ = try Self.write(batch, to: store, pipelined: pipelined)
                let interned = try store.read { db in
                    try String.fetchAll(db, sql: "SELECT hex(key) FROM index_keys WHERE key LIKE 'name:%' ORDER BY id")
                }
                #expect(interned == ["6E616D653A636166C3A9", "6E616D653A63616665CC81"], "pipelined \(pipelined), filled \(filled)")
                let nfd = try store.events(in: [KeyWindow("name:cafe\u{301}")], through: nil)
                #expect(nfd.map(\.id) == [Self.spellings(3000)[1].id])
                contents.append(try EventPipelineTests.contents(store))
            }
            #expect(contents[0] == contents[1])
            #expect(contents[2] == contents[3])
        }
    }

    /// An id whose first 64 bits differ from every other's, so that a pipelined writer looks
    /// it up among the stored events rather than among its own (``fixtureID(_:)``'s ids all
    /// share those bits).
    static func spread(_ n: Int) -> UUID {
        UUID(uuidString: String(format: "%08x-%04x-4000-8000-%012x", n &* 2_654_435_761 & 0xFFFF_FFFF, n & 0xFFFF, n))!
    }

    @Test("stored ids are found on the snapshot: a repeat is the store's no-op, other content is refused")
    func storedIDsThroughTheSnapshot() throws {
        try withTemporaryDirectory { dir in
            let store = try SQLiteEventStore.create(at: dir.file("s.sqlite"), clock: TestSupport.clock)
            let stored = (1...50).map { makeEvent(stream: "s\($0 % 3)", payload: #"{"n":\#($0)}"#, id: Self.spread($0)) }
            _ = try Self.write(stored, to: store, pipelined: false)
            let outcomes = try store.write { writer in
                try EventPipeline.run(writer) { writer in
                    [try writer.append(makeEvent(stream: "s1", id: Self.spread(51))), try writer.append(stored[9])]
                        .map { "\($0.seq) \($0.alreadyStored)" } + ["\(try writer.event(withID: Self.spread(20))?.seq ?? -1)"]
                }
            }
            #expect(outcomes == ["51 false", "10 true", "20"])
            let before = try EventPipelineTests.contents(store)
            let error = #expect(throws: EventStoreError.self) {
                try store.write { writer in
                    try EventPipeline.run(writer) { writer in
                        _ = try writer.append(makeEvent(stream: "s2", id: Self.spread(52)))
                        _ = try writer.append(makeEvent(stream: "s2", payload: #"{"other":true}"#, id: Self.spread(30)))
                    }
                }
            }
            #expect(error?.code == .duplicateID)
            #expect(error?.message.contains("already stored as seq 30") == true)
            #expect(try EventPipelineTests.contents(store) == before)
        }
    }

    @Test("a snapshot that does not end where the writer's log does is refused, and nothing is read or written")
    func snapshotHeadMismatch() throws {
        try withTemporaryDirectory { dir in
            let store = try PipelinedAppendTests.filled(dir, "s.sqlite")
            let before = try EventPipelineTests.contents(store)
            let head = try store.head()
            let queue = try LogSnapshot.queue(path: dir.file("s.sqlite"))
            var ran = false
            let error = #expect(throws: EventStoreError.self) {
                try LogSnapshot.read(queue, expecting: ChainHead(seq: head.seq - 1, hash: head.hash, recordedAt: head.recordedAt)) { _ in ran = true }
            }
            #expect(error?.code == .appendOnly)
            #expect(error?.message == "a pipelined write expected the stored log to end at seq 499, but it ends at seq 500; nothing was written.")
            #expect(!ran)
            #expect(try EventPipelineTests.contents(store) == before)
        }
    }
}

