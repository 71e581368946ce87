import EventStore
import Foundation
import GRDB
import StanceTesting

/// Helpers shared by the SQLite file tests: raw connections, file bytes, filled stores.
enum TestSupport {
    /// The clock reading the file tests record at.
    static let clock = StoreClock.fixed(EventStoreContract.startMicros)

    /// The file's bytes, to prove that an operation left it untouched.
    static func bytes(_ path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path))
    }

    /// A plain GRDB connection to `path`, as another tool would open the file.
    static func rawQueue(_ path: String) throws -> DatabaseQueue {
        try DatabaseQueue(path: path)
    }

    /// Creates a store at `path` holding `count` events (streams "s0", "s1", "s2" in turn) and
    /// closes it again, so that the file is complete on disk.
    static func makeStore(at path: String, events count: Int = 3, settings: [String: String] = [:]) throws {
        let store = try SQLiteEventStore.create(at: path, settings: settings, clock: clock)
        if count > 0 {
            _ = try store.append((0..<count).map { makeEvent(stream: "s\($0 % 3)", payload: #"{"n":\#($0)}"#, id: fixtureID($0 + 1)) })
        }
    }

    /// The next row a correct writer would insert after `events`, in `stream`.
    static func nextRow(after events: [RecordedEvent], stream: String) throws -> RecordedEvent {
        guard let last = events.last else { throw EventStoreError(.invalidEvent, "nextRow needs a stored event") }
        let seq = last.seq + 1
        let version = Int64(events.filter { $0.stream == stream }.count + 1)
        let id = fixtureID(1_000)
        let hash = ChainHash.hash(
            previous: last.hash, seq: seq, id: id, stream: stream, streamVersion: version, type: "raw",
            schemaVersion: 1, occurredAt: 0, precision: .day, recordedAt: last.recordedAt, payload: "{}", metadata: "{}")
        return RecordedEvent(
            seq: seq, id: id, stream: stream, streamVersion: version, type: "raw", schemaVersion: 1, occurredAt: 0,
            precision: .day, recordedAt: last.recordedAt, payload: "{}", metadata: "{}", prevHash: last.hash, hash: hash)
    }

    /// Inserts `row` through a separate raw connection, bypassing the store.
    static func insert(_ row: RecordedEvent, into path: String, verb: String = "INSERT") throws {
        try TestSupport.rawQueue(path).write { db in
            try db.execute(
                sql: """
                    \(verb) INTO events (seq, id, stream, stream_version, type, schema_version, occurred_at, precision,
                        recorded_at, payload, metadata, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    row.seq, ChainHash.canonical(row.id), row.stream, row.streamVersion, row.type, row.schemaVersion,
                    row.occurredAt, row.precision.rawValue, row.recordedAt, row.payload, row.metadata,
                    Data(row.prevHash.bytes), Data(row.hash.bytes),
                ])
        }
    }
}

/// An audit pass's work that does nothing: the pass alone, for tests of its reading.
final class IdleAuditWork: AuditPageWork {
    func prepare(_ index: Int) {}
}
