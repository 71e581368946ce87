import EventStore
import Foundation
import GRDB
import StanceTesting
import Testing

/// A pipelined write stores exactly what a serial one does, reads see the rows queued before
/// them, and a failure anywhere leaves the store as it was.
@Suite("The pipelined writer")
struct EventPipelineTests {
    /// A batch with a bit of everything a writer plans: several streams, keys, a repeated id
    /// with the same content and lookups in between.
    static func batch() -> [NewEvent] {
        (1...500).map { n in
            var event = makeEvent(stream: "s\(n % 7)", payload: #"{"n":\#(n)}"#, id: fixtureID(n))
            event.keys = (n % 3 == 0 ? ["k\(n % 5)", "all"] : ["all"]) + (n % 4 == 0 ? ["roles:r\(n % 3)"] : [])
                + (n % 11 == 0 ? ["retracts:e\(n)"] : [])
            return event
        }
    }

    /// Every row, every key and the index head of a store, to compare two stores whole.
    static func contents(_ store: SQLiteEventStore) throws -> [String] {
        var rows: [String] = []
        try store.forEach(after: 0) { rows.append("\($0)") }
        try store.forEachKey { key, seq, occurred in rows.append("key \(key)@\(seq)@\(occurred ?? -1)") }
        rows += try store.read { db in
            try Row.fetchAll(db, sql: "SELECT id, key FROM index_keys ORDER BY id").map { "interned \($0[0] as Int64) \($0[1] as String)" }
        }
        rows += try store.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM clustered_events ORDER BY key, seq").map { "copy \($0)" }
        }
        rows.append("index head \(try store.keyIndexHead())")
        return rows
    }

    /// Appends `events` in one write, pipelined or not, and reads back through the writer on the way.
    static func write(_ events: [NewEvent], to store: SQLiteEventStore, pipelined: Bool) throws -> [String] {
        try store.write { writer in
            let body = { (writer: any EventWriter) throws -> [String] in
                var seen: [String] = []
                for (index, event) in events.enumerated() {
                    let outcome = try writer.append(event)
                    seen.append("\(outcome.seq) \(outcome.alreadyStored)")
                    if index % 97 == 0 {
                        seen.append("\(try writer.event(withID: event.id)?.seq ?? -1)")
                        seen.append("\(try writer.events(withAnyOf: ["k1"]).map(\.seq))")
                    }
                }
                // The same event again is the store's no-op, answered from the batch.
                seen.append("\(try writer.append(events[10]))")
                seen.append("\(writer.head.seq)")
                return seen
            }
            return pipelined ? try EventPipeline.run(writer, body) : try body(writer)
        }
    }

    @Test("stores the same rows, keys and chain as a serial write, and answers reads the same")
    func sameAsSerial() throws {
        try withTemporaryDirectory { dir in
            let serial = try SQLiteEventStore.create(at: dir.file("serial.sqlite"), clock: TestSupport.clock)
            let piped = try SQLiteEventStore.create(at: dir.file("piped.sqlite"), clock: TestSupport.clock)
            let events = Self.batch()
            let serialSeen = try Self.write(events, to: serial, pipelined: false)
            let pipedSeen = try Self.write(events, to: piped, pipelined: true)
            #expect(pipedSeen == serialSeen)
            #expect(try Self.contents(piped) == Self.contents(serial))
            #expect(try piped.auditChain().findings.isEmpty)
            // A second batch, onto a log that holds events, agrees too (see PipelinedAppendTests).
            let more = (501...520).map { makeEvent(stream: "s\($0 % 7)", id: fixtureID($0)) }
            #expect(try Self.write(more, to: piped, pipelined: true) == Self.write(more, to: serial, pipelined: false))
            #expect(try Self.contents(piped) == Self.contents(serial))
        }
    }

    @Test("a reused id with other content is refused as in a serial write, and nothing is stored")
    func conflictStoresNothing() throws {
        try withTemporaryDirectory { dir in
            let store = try SQLiteEventStore.create(at: dir.file("s.sqlite"), clock: TestSupport.clock)
            var events = Self.batch()
            events.append(makeEvent(stream: "other", payload: #"{"changed":true}"#, id: fixtureID(42)))
            let error = #expect(throws: EventStoreError.self) { try Self.write(events, to: store, pipelined: true) }
            #expect(error?.code == .duplicateID)
            #expect(try store.head().seq == 0)
            #expect(try store.keyIndexHead() == 0)
        }
    }

    @Test("an error of the body ends the write with that error, and nothing is stored")
    func bodyErrorStoresNothing() throws {
        struct Stop: Error, Equatable {}
        try withTemporaryDirectory { dir in
            let store = try SQLiteEventStore.create(at: dir.file("s.sqlite"), clock: TestSupport.clock)
            #expect(throws: Stop()) {
                try store.write { writer in
                    try EventPipeline.run(writer) { writer in
                        for event in Self.batch() { _ = try writer.append(event) }
                        throw Stop()
                    }
                }
            }
            #expect(try store.head().seq == 0)
        }
    }

    @Test("an error of SQLite reaches the body, and the write ends with it")
    func sqliteErrorStopsTheBody() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("s.sqlite")
            let store = try SQLiteEventStore.create(at: path, clock: TestSupport.clock)
            // A rule the planner does not know, so that only SQLite refuses the 300th row.
            try TestSupport.rawQueue(path).write { db in
                try db.execute(sql: """
                    CREATE TRIGGER test_refuses BEFORE INSERT ON events WHEN NEW.seq = 300
                    BEGIN SELECT RAISE(ABORT, 'test: refused'); END
                    """)
            }
            // Whether the body has finished when SQLite refuses depends on timing; either way the
            // write ends with SQLite's error.
            #expect(throws: EventStoreError.self) {
                try store.write { writer in
                    try EventPipeline.run(writer) { writer in
                        for event in Self.batch() { _ = try writer.append(event) }
                    }
                }
            }
            #expect(try store.head().seq == 0)
        }
    }

    @Test("appends after a pipeline, in the same write, continue where it ended")
    func appendsAfterThePipeline() throws {
        try withTemporaryDirectory { dir in
            let serial = try SQLiteEventStore.create(at: dir.file("serial.sqlite"), clock: TestSupport.clock)
            let piped = try SQLiteEventStore.create(at: dir.file("piped.sqlite"), clock: TestSupport.clock)
            let events = Self.batch()
            let more = (501...520).map { n in
                var event = makeEvent(stream: "s\(n % 7)", id: fixtureID(n))
                event.keys = ["all", "k\(n % 5)"]
                return event
            }
            _ = try serial.write { writer in try (events + more).map { try writer.append($0) } }
            let outcomes = try piped.write { writer in
                _ = try EventPipeline.run(writer) { writer in try events.map { try writer.append($0) } }
                // A repeat of an event the pipeline stored is still the store's no-op.
                return try more.map { try writer.append($0) } + [try writer.append(events[3])]
            }
            #expect(outcomes.map(\.seq) == Array(501...520) + [4])
            #expect(outcomes.last?.alreadyStored == true)
            #expect(try Self.contents(piped) == Self.contents(serial))
            #expect(try piped.auditChain().findings.isEmpty)
        }
    }
}
