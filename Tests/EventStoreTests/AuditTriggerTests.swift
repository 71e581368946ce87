import EventStore
import Foundation
import GRDB
import StanceTesting
import Testing

/// The audit expects the append-only triggers of every migration a store has: the log's and
/// the settings' (v1), the key index's (v2) and the clustered copies' (v4); a store from
/// before a migration is not faulted for lacking its triggers.
@Suite("The audit's trigger check")
struct AuditTriggerTests {
    static func triggerFindings(_ store: SQLiteEventStore) throws -> [String] {
        try store.auditChain().findings.filter { $0.check == .trigger }.map(\.expected)
    }

    static func store(in dir: TemporaryDirectory, schema script: String? = nil) throws -> String {
        let path = dir.file("s.sqlite")
        _ = try SQLiteEventStore.create(at: path, clock: TestSupport.clock)
            .append((1...30).map { makeEvent(stream: "s\($0 % 3)", id: fixtureID($0)) })
        if let script { try DatabaseQueue(path: path).writeWithoutTransaction { try $0.execute(sql: script) } }
        return path
    }

    @Test("a current store, and stores of schemas 4, 3 and 2 read as they are, have every trigger they should")
    func everySchemaClean() throws {
        for script in [nil, OlderSchemas.schema4, OlderSchemas.schema3, OlderSchemas.schema2] {
            try withTemporaryDirectory { dir in
                let path = try Self.store(in: dir, schema: script)
                let store = try SQLiteEventStore.open(at: path, clock: TestSupport.clock, readOnly: true)
                #expect(try Self.triggerFindings(store) == [], "\(script ?? "current")")
            }
        }
    }

    @Test("a dropped copy trigger is a finding even when the copies' migration row is deleted too")
    func migrationRowDeleted() throws {
        try withTemporaryDirectory { dir in
            let path = try Self.store(in: dir, schema: """
                DROP TRIGGER clustered_events_are_never_deleted;
                DELETE FROM grdb_migrations WHERE identifier = 'v4-clustered-copies';
                """)
            let store = try SQLiteEventStore.open(at: path, clock: TestSupport.clock, readOnly: true)
            #expect(try Self.triggerFindings(store) == ["trigger clustered_events_are_never_deleted"])
        }
    }

    @Test("a key-index or copy trigger dropped or weakened is a finding", arguments: [
        "event_keys_are_never_updated", "event_keys_are_never_deleted", "key_index_head_only_moves_forward",
        "clustered_events_are_never_updated", "clustered_events_are_never_deleted",
    ])
    func keyTriggerTampered(_ name: String) throws {
        try withTemporaryDirectory { dir in
            let path = try Self.store(in: dir, schema: "DROP TRIGGER \(name);")
            let store = try SQLiteEventStore.open(at: path, clock: TestSupport.clock, readOnly: true)
            #expect(try Self.triggerFindings(store) == ["trigger \(name)"])
        }
        try withTemporaryDirectory { dir in
            let table = name.hasPrefix("clustered") ? "clustered_events" : name.hasPrefix("key_index") ? "key_index_head" : "event_keys"
            let path = try Self.store(in: dir, schema: """
                DROP TRIGGER \(name);
                CREATE TRIGGER \(name) BEFORE UPDATE ON \(table) WHEN 0 BEGIN SELECT RAISE(ABORT, 'no'); END;
                """)
            let store = try SQLiteEventStore.open(at: path, clock: TestSupport.clock, readOnly: true)
            #expect(try Self.triggerFindings(store) == ["trigger \(name) with its original SQL"])
        }
    }
}
