import EventStore
import Foundation
import GRDB
import StanceTesting
import Testing

/// The clustered copies: each event under a `roles:` key copied beside the other events of that
/// key, however its key rows were written, and read in their place with the same result.
@Suite("Clustered copies")
struct ClusteredCopyTests {
    /// Events of two institutions' roles, scattered among others; some under both a clustered
    /// key and an ordinary one.
    static func events() -> [NewEvent] {
        (1...60).map { n in
            var event = makeEvent(stream: "p\(n % 5)", occurredAt: Int64(n) * 1000, payload: #"{"n":\#(n)}"#, id: fixtureID(n))
            event.keys = n % 4 == 0 ? ["roles:a", "actor:p\(n % 5)"] : n % 7 == 0 ? ["roles:b"] : ["pair:p\(n % 5)>x"]
            return event
        }
    }

    /// The copies a store holds, and what they must be: each key row under a clustered key with
    /// its event's row.
    static func copies(_ store: SQLiteEventStore) throws -> (held: [String], expected: [String]) {
        try store.read { db in
            let held = try Row.fetchAll(db, sql: "SELECT * FROM clustered_events ORDER BY key, seq").map { "\($0)" }
            let expected = try Row.fetchAll(db, sql: """
                SELECT event_keys.key AS key, events.* FROM event_keys
                JOIN index_keys ON index_keys.id = event_keys.key JOIN events ON events.seq = event_keys.seq
                WHERE index_keys.key LIKE 'roles:%' ORDER BY event_keys.key, event_keys.seq
                """).map { "\($0)" }
            return (held, expected)
        }
    }

    @Test("keys written with their events, caught up later, or by a pipelined import give the same copies")
    func everyWayOfWritingKeys() throws {
        try withTemporaryDirectory { dir in
            let events = Self.events()
            let serial = try SQLiteEventStore.create(at: dir.file("serial.sqlite"), clock: TestSupport.clock)
            _ = try serial.append(events)
            let piped = try SQLiteEventStore.create(at: dir.file("piped.sqlite"), clock: TestSupport.clock)
            _ = try piped.write { writer in try EventPipeline.run(writer) { writer in try events.map { try writer.append($0) } } }
            let caught = try SQLiteEventStore.create(at: dir.file("caught.sqlite"), clock: TestSupport.clock)
            _ = try caught.append(events.map { event in var bare = event; bare.keys = nil; return bare })
            try caught.indexKeys(events.enumerated().map { (seq: Int64($0.offset + 1), keys: $0.element.keys ?? []) })
            let (held, expected) = try Self.copies(serial)
            #expect(held.count == 15 + 6 && held == expected)
            #expect(try Self.copies(piped).held == held)
            #expect(try Self.copies(caught).held == held)
            #expect(try serial.clusteredCopyMismatches().isClean)
        }
    }

    @Test("windows over clustered and ordinary keys read each event once, in seq order, as from the log")
    func readsAsFromTheLog() throws {
        try withTemporaryDirectory { dir in
            let store = try SQLiteEventStore.create(at: dir.file("s.sqlite"), clock: TestSupport.clock)
            let memory = InMemoryEventStore(clock: TestSupport.clock)
            _ = try store.append(Self.events())
            _ = try memory.append(Self.events())
            let reads: [[KeyWindow]] = [
                [KeyWindow("roles:a")],
                [KeyWindow("roles:a"), KeyWindow("actor:p0"), KeyWindow("roles:b")],
                [KeyWindow("roles:a", occurred: 10_000...30_000), KeyWindow("pair:p1>x", occurred: 0...20_000), KeyWindow("roles:b")],
                [KeyWindow("roles:missing"), KeyWindow("pair:p2>x")],
            ]
            for windows in reads {
                for through in [nil, Int64(33)] {
                    let fromCopies = try store.eventPage(in: windows, through: through)
                    let seqs = fromCopies.indices.map { fromCopies[$0].seq }
                    #expect(seqs == seqs.sorted() && Set(seqs).count == seqs.count, "\(windows)")
                    #expect(fromCopies.indices.map(fromCopies.recorded) == (try memory.events(in: windows, through: through)), "\(windows)")
                }
            }
        }
    }

    @Test("a schema-3 store gains its copies when opened for writing; read-only, it reads the same from the log")
    func schema3Store() throws {
        try withTemporaryDirectory { dir in
            let current = try SQLiteEventStore.create(at: dir.file("now.sqlite"), clock: TestSupport.clock)
            _ = try current.append(Self.events())
            let path = dir.file("old.sqlite")
            // The same log in a store of its own, closed, then taken back to schema 3.
            _ = try SQLiteEventStore.create(at: path, clock: TestSupport.clock).append(Self.events())
            try DatabaseQueue(path: path).writeWithoutTransaction { try $0.execute(sql: OlderSchemas.schema3) }
            #expect(try DatabaseQueue(path: path).read { try $0.tableExists("clustered_events") } == false)
            let windows = [KeyWindow("roles:a"), KeyWindow("roles:b", occurred: 0...30_000), KeyWindow("actor:p0")]
            let expected = try current.events(in: windows, through: nil)
            let readOnly = try SQLiteEventStore.open(at: path, clock: TestSupport.clock, readOnly: true)
            #expect(try readOnly.events(in: windows, through: nil) == expected)
            #expect(try readOnly.clusteredCopyMismatches().isClean)
            let upgraded = try SQLiteEventStore.open(at: path, clock: TestSupport.clock)
            #expect(try Self.copies(upgraded).held == Self.copies(current).held)
            #expect(try upgraded.events(in: windows, through: nil) == expected)
        }
    }

    @Test("copies cannot be changed or deleted through SQL")
    func appendOnly() throws {
        try withTemporaryDirectory { dir in
            let store = try SQLiteEventStore.create(at: dir.file("s.sqlite"), clock: TestSupport.clock)
            _ = try store.append(Self.events())
            for edit in ["UPDATE clustered_events SET payload = '{}'", "DELETE FROM clustered_events"] {
                let error = #expect(throws: DatabaseError.self) { try DatabaseQueue(path: dir.file("s.sqlite")).write { try $0.execute(sql: edit) } }
                #expect(error?.message == "stance: the clustered copies are append-only.")
            }
            #expect(try Self.copies(store).held == Self.copies(store).expected)
        }
    }

    @Test("the clustered keys are those with the prefix, byte for byte")
    func prefixIsBytes() {
        #expect(SQLiteEventStore.isClustered("roles:bolivian-armed-forces"))
        #expect(SQLiteEventStore.isClustered("roles:"))
        #expect(!SQLiteEventStore.isClustered("role:x") && !SQLiteEventStore.isClustered("Roles:x") && !SQLiteEventStore.isClustered("pair:roles:x"))
        // A combining mark after the colon makes another character, not another prefix.
        #expect(SQLiteEventStore.isClustered("roles:\u{301}x"))
    }
}
