import Foundation
import GRDB

/// The log as it stood when a write began, read on a connection of its own: what a pipelined
/// write into a log that already holds events asks of the stored events (whether an id is
/// used, a stream's last version, a key's id, a key's events) without waiting on the rows it
/// has queued for the writer's connection.
///
/// The write holds SQLite's write lock before the snapshot's first read, so no commit can
/// come between: the snapshot is the log the write started from, which ``read(_:expecting:_:)``
/// checks against the writer's head. It is used on one thread, inside that call.
///
/// ```swift
/// try LogSnapshot.read(queue, expecting: writer.head) { before in
///     try before.event(withID: id)        // stored before the write, or nil
/// }
/// ```
final class LogSnapshot {
    private let db: Database
    private let lookups: StoredLookups

    private init(_ db: Database) throws {
        self.db = db
        lookups = try StoredLookups(db)
    }

    /// The page cache of the snapshot's connection: a write looks up every event's id at a
    /// random place in the id index, and with a reader's cache each lookup read its pages
    /// from the file again.
    static let cacheKiB = 4096

    /// A read-only connection to the store at `path`, for ``read(_:expecting:_:)``.
    static func queue(path: String) throws -> DatabaseQueue {
        try DatabaseQueue(path: path, configuration: SQLiteEventStore.configuration(readOnly: true))
    }

    /// Runs `body` with the snapshot, in one read transaction on `queue`; throws when the log
    /// it reads does not end at `head` (the writer had appended before, or is not this store's).
    static func read<T>(_ queue: DatabaseQueue, expecting head: ChainHead, _ body: (LogSnapshot) throws -> T) throws -> T {
        try queue.read { db in
            let found = try SQLiteEventStore.head(db)
            guard found.seq == head.seq, found.hash == head.hash else {
                throw EventStoreError(
                    .appendOnly,
                    "a pipelined write expected the stored log to end at seq \(head.seq), but it ends at seq \(found.seq); nothing was written.")
            }
            try db.execute(sql: "PRAGMA cache_size = -\(cacheKiB)")
            return try body(LogSnapshot(db))
        }
    }

    /// The stored event with this id.
    func event(withID id: UUID) throws -> RecordedEvent? {
        try lookups.event(withID: id)
    }

    /// The stream's last stored `stream_version`, 0 for a stream with no event.
    func storedVersion(of stream: String) throws -> Int64 {
        try lookups.storedVersion(of: stream)
    }

    /// The id `index_keys` gives `key`, nil for a key no stored event has.
    func keyID(_ key: String) throws -> Int64? {
        try lookups.keyID(key)
    }

    /// The stored events in these windows of the index, each once, in `seq` order.
    func events(in windows: [KeyWindow]) throws -> [RecordedEvent] {
        guard !windows.isEmpty else { return [] }
        return try SQLiteEventStore.events(db, in: windows, through: nil)
    }
}
