import EventStore
import Foundation
import StanceTesting
import Testing

/// The key rows a write leaves are those of the in-memory store, whether they went in one
/// statement a row or many rows to a statement (a write flushes its pairs in chunks of 64 and
/// the rest one by one), serial or pipelined.
@Suite("Key rows flushed in chunks")
struct KeyFlushTests {
    /// `count` events whose keys make pairs that straddle the chunks: one to four keys each,
    /// some shared, some clustered, some timeless.
    static func events(_ count: Int) -> [NewEvent] {
        (1...count).map { n in
            var event = makeEvent(stream: "s\(n % 5)", id: fixtureID(n))
            event.occurredAt = Int64(n * 1_000)
            event.keys = ["all", "k\(n % 7)"] + (n % 3 == 0 ? ["roles:r\(n % 2)"] : []) + (n % 10 == 0 ? ["retracts:t\(n)"] : [])
            return event
        }
    }

    static func keyRows(_ store: any EventStore) throws -> [String] {
        var rows: [String] = []
        try store.forEachKey { key, seq, occurred in rows.append("\(key) \(seq) \(occurred.map(String.init) ?? "-")") }
        return rows.sorted()
    }

    @Test("match the in-memory store's", arguments: [1, 31, 32, 33, 100, 200])
    func matchMemory(count: Int) throws {
        let events = Self.events(count)
        let memory = InMemoryEventStore(clock: TestSupport.clock)
        _ = try memory.append(events)
        for pipelined in [false, true] {
            try withTemporaryDirectory { dir in
                let store = try SQLiteEventStore.create(at: dir.file("s.sqlite"), clock: TestSupport.clock)
                _ = try store.write { writer in
                    let body = { (writer: any EventWriter) throws in try events.forEach { _ = try writer.append($0) } }
                    return pipelined ? try EventPipeline.run(writer, body) : try body(writer)
                }
                #expect(try Self.keyRows(store) == Self.keyRows(memory), "\(count) events, pipelined: \(pipelined)")
                #expect(try store.clusteredCopyMismatches().isClean)
            }
        }
    }

    @Test("a flush that fails fails the write, even when the caller catches the error and goes on")
    func failedFlushNeverCommits() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("s.sqlite")
            let store = try SQLiteEventStore.create(at: path, clock: TestSupport.clock)
            // A rule the writer does not know, so that SQLite refuses one key row.
            try TestSupport.rawQueue(path).write { db in
                try db.execute(sql: """
                    CREATE TRIGGER test_refuses BEFORE INSERT ON event_keys WHEN NEW.seq = 30
                    BEGIN SELECT RAISE(ABORT, 'test: refused'); END
                    """)
            }
            let events = Self.events(100)
            var caught = 0
            let error = #expect(throws: EventStoreError.self) {
                try store.write { writer in
                    for (index, event) in events.enumerated() {
                        _ = try writer.append(event)
                        // A keyed read flushes the waiting pairs; the caller shrugs off its error.
                        if index % 40 == 39 {
                            do { _ = try writer.events(in: [KeyWindow("all")]) } catch { caught += 1 }
                        }
                    }
                }
            }
            #expect(caught == 2, "the second read fails as the first did")
            #expect(error?.message.contains("test: refused") == true, "\(String(describing: error))")
            #expect(try store.head().seq == 0)
            #expect(try store.keyIndexHead() == 0)
        }
    }
}
