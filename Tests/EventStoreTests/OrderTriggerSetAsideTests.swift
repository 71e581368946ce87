@testable import EventStore
import Foundation
import GRDB
import StanceTesting
import Testing

/// A pipelined write drops SQLite's order trigger while it runs and makes it again, with the
/// same SQL, before anything commits; a failed write rolls the drop back with the rest.
@Suite("The order trigger set aside by a pipelined write")
struct OrderTriggerSetAsideTests {
    static func triggerSQL(_ path: String) throws -> String? {
        try TestSupport.rawQueue(path).read { db in
            try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'events_are_appended_in_order'")
        }
    }

    static func triggerSQL(_ db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'events_are_appended_in_order'")
    }

    @Test("is there again, with its SQL, after a pipelined write, and refuses a row out of order")
    func remadeAfterWrite() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("s.sqlite")
            let store = try SQLiteEventStore.create(at: path, clock: TestSupport.clock)
            let before = try #require(try Self.triggerSQL(path))
            _ = try EventPipelineTests.write(EventPipelineTests.batch(), to: store, pipelined: true)
            #expect(try Self.triggerSQL(path) == before)
            #expect(try store.auditChain().findings.isEmpty)
            let head = try store.head()
            let error = #expect(throws: DatabaseError.self) {
                try TestSupport.rawQueue(path).write { db in
                    try db.execute(sql: """
                        INSERT INTO events (seq, id, stream, stream_version, type, schema_version, occurred_at, precision,
                            recorded_at, payload, metadata, prev_hash, hash)
                        SELECT seq + 5, '00000000-0000-4000-8000-00000000ffff', stream, stream_version + 1, type, schema_version,
                            occurred_at, precision, recorded_at, payload, metadata, hash, hash
                        FROM events ORDER BY seq DESC LIMIT 1
                        """)
                }
            }
            #expect(error?.message?.contains("events are appended in order") == true)
            #expect(try store.head() == head)
        }
    }

    @Test("is back before the pipeline returns, inside the same write")
    func remadeBeforeReturn() throws {
        try withTemporaryDirectory { dir in
            let store = try SQLiteEventStore.create(at: dir.file("s.sqlite"), clock: TestSupport.clock)
            let (during, after) = try store.write { writer in
                let sqlite = try #require(writer as? SQLiteEventWriter)
                let during = try EventPipeline.run(writer) { piped in
                    for event in EventPipelineTests.batch().prefix(20) { _ = try piped.append(event) }
                    return try piped.events(in: [KeyWindow("all")]).count
                }
                return (during, try Self.triggerSQL(sqlite.db))
            }
            #expect(during == 20)
            #expect(after != nil)
        }
    }

    @Test("is still there, unchanged, after a pipelined write that fails")
    func keptWhenWriteFails() throws {
        struct Stop: Error, Equatable {}
        try withTemporaryDirectory { dir in
            let path = dir.file("s.sqlite")
            let store = try SQLiteEventStore.create(at: path, clock: TestSupport.clock)
            let before = try #require(try Self.triggerSQL(path))
            #expect(throws: Stop()) {
                try store.write { writer in
                    try EventPipeline.run(writer) { writer in
                        for event in EventPipelineTests.batch() { _ = try writer.append(event) }
                        throw Stop()
                    }
                }
            }
            #expect(try Self.triggerSQL(path) == before)
            #expect(try store.head().seq == 0)
        }
    }

    @Test("is not made again over a log that does not end where the planner says, and nothing is written")
    func checkedBeforeRemaking() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("s.sqlite")
            let store = try SQLiteEventStore.create(at: path, clock: TestSupport.clock)
            let before = try #require(try Self.triggerSQL(path))
            let error = #expect(throws: EventStoreError.self) {
                try store.write { writer in
                    let sqlite = try #require(writer as? SQLiteEventWriter)
                    try sqlite.setOrderTriggerAside()
                    _ = try writer.append(makeEvent(stream: "s", id: fixtureID(1)))
                    try sqlite.restoreOrderTrigger(expecting: .empty)
                }
            }
            #expect(error?.code == .appendOnly)
            #expect(error?.message == "events are appended in order, but the log ends at seq 1, not at seq 0 with the hash planned for it; nothing was written.")
            #expect(try Self.triggerSQL(path) == before)
            #expect(try store.head().seq == 0)
        }
    }

    @Test("is left absent by a write when the store has none: the audit reports it, a write does not invent it")
    func absentStaysAbsent() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("s.sqlite")
            let store = try SQLiteEventStore.create(at: path, clock: TestSupport.clock)
            try TestSupport.rawQueue(path).write { db in try db.execute(sql: "DROP TRIGGER events_are_appended_in_order") }
            _ = try EventPipelineTests.write(EventPipelineTests.batch(), to: store, pipelined: true)
            #expect(try Self.triggerSQL(path) == nil)
            #expect(try store.auditChain().findings.contains { $0.check == .trigger })
        }
    }

    @Test("is made again as one statement: trigger text edited to carry another fails the write, and runs nothing")
    func editedTextRunsNothing() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("s.sqlite")
            let store = try SQLiteEventStore.create(at: path, clock: TestSupport.clock)
            let sql = try #require(try Self.triggerSQL(path))
            try TestSupport.rawQueue(path).writeWithoutTransaction { db in
                try db.execute(sql: "CREATE TABLE victim (x)")
                try db.execute(sql: "PRAGMA writable_schema = ON")
                try db.execute(
                    sql: "UPDATE sqlite_master SET sql = ? WHERE type = 'trigger' AND name = 'events_are_appended_in_order'",
                    arguments: [sql + "; DROP TABLE victim"])
                try db.execute(sql: "PRAGMA writable_schema = OFF")
            }
            let error = #expect(throws: (any Error).self) {
                _ = try EventPipelineTests.write(EventPipelineTests.batch(), to: store, pipelined: true)
            }
            #expect("\(String(describing: error))".contains("Multiple statements found"), "\(String(describing: error))")
            #expect(try store.head().seq == 0)
            #expect(try TestSupport.rawQueue(path).read { try $0.tableExists("victim") })
        }
    }
}
