import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// The event log in one SQLite file, through GRDB.
///
/// Writes run in `BEGIN IMMEDIATE` transactions in WAL mode with a busy timeout, so that
/// several `stance` processes can append to one file at once; each batch commits whole or
/// not at all. Triggers make SQLite refuse any UPDATE or DELETE of an event.
///
/// ```swift
/// let store = try SQLiteEventStore.create(at: "stance.sqlite", settings: ["timezone": "UTC"], clock: clock)
/// try store.append([event])
/// ```
public final class SQLiteEventStore: EventStore, Sendable {
    public let path: String
    let dbQueue: DatabaseQueue
    private let clock: StoreClock
    /// False for a schema-1 store opened read-only: it has no key index, and cannot be given one.
    public let hasKeyIndex: Bool
    /// Whether each key row carries its event's `occurred_at` (schema 3); a schema-2 store
    /// opened read-only still answers through its index, filtering on the events' rows.
    let keysCarryOccurred: Bool
    /// Whether the store keeps clustered copies (schema 4; a read-only older store does not):
    /// else keyed reads take every event from the log.
    let keysClustered: Bool
    /// Whether timeless events' key rows carry no occurred_at (schema 5).
    let keysTimeless: Bool

    private init(
        path: String, dbQueue: DatabaseQueue, clock: StoreClock,
        hasKeyIndex: Bool = true, keysCarryOccurred: Bool = true, keysClustered: Bool = true, keysTimeless: Bool = true
    ) {
        self.path = path
        self.dbQueue = dbQueue
        self.clock = clock
        self.hasKeyIndex = hasKeyIndex
        self.keysCarryOccurred = keysCarryOccurred
        self.keysClustered = keysClustered
        self.keysTimeless = keysTimeless
    }

    /// The page cache of a writing connection, in KiB: SQLite's default (2 MB) makes a large
    /// import spill pages to the WAL and read them back, while the id and key indexes of a
    /// million events fit in this one.
    static let writerCacheKiB = 65536
    /// The page cache of a connection that only reads, in KiB. Readers scan in order or look
    /// up scattered rows once each, so a page is seldom wanted twice; a larger cache only made
    /// every page read land in fresh memory: a question about a busy institution on a million
    /// events reads ~1,700 pages and took 3,500 page faults (~4 ms) with 8 MiB, 1,700 with this.
    static let readerCacheKiB = 256

    /// How long a writer waits for another process's transaction before giving up.
    public static let busyTimeout: TimeInterval = 10

    /// Creates a new store at `path`; fails if any file is already there.
    public static func create(
        at path: String, settings: [String: String] = [:], clock: StoreClock
    ) throws -> SQLiteEventStore {
        // The file is made here, exclusively, so that of two processes creating one store at
        // once exactly one goes on; the other never opens a store half made. Any other reason
        // it cannot be made (no such folder, no permission) is left to SQLite to report.
        let file = Glibc.open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if file >= 0 {
            Glibc.close(file)
        } else if errno == EEXIST {
            throw EventStoreError(.storeExists, "A file already exists at \(path); choose another path or use the store that is there.", path: path)
        }
        var config = configuration(readOnly: false)
        config.journalMode = .wal
        do {
            let dbQueue = try DatabaseQueue(path: path, configuration: config)
            try migrator.migrate(dbQueue)
            try dbQueue.write { db in
                try db.execute(sql: "PRAGMA user_version = \(schemaVersion)")
                for (key, value) in settings.sorted(by: { $0.key < $1.key }) {
                    try db.execute(sql: "INSERT INTO store_settings (key, value) VALUES (?, ?)", arguments: [key, value])
                }
            }
            return SQLiteEventStore(path: path, dbQueue: dbQueue, clock: clock)
        } catch {
            throw map(error, path: path)
        }
    }

    /// Opens an existing store, refusing a missing file, a file that is not a stance store
    /// and a store written by a newer schema. Opening changes nothing in the file, except that a
    /// writable store from an earlier schema is upgraded: a schema-1 store gets the (empty)
    /// tables of the key index, a schema-2 one the `occurred_at` of every key row, a schema-3
    /// one the clustered copies, a schema-4 one no occurred_at in its retractions' key rows.
    public static func open(at path: String, clock: StoreClock, readOnly: Bool = false) throws -> SQLiteEventStore {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw EventStoreError(.storeNotFound, "No store at \(path); create one with `stance init` or point --db at an existing store.", path: path)
        }
        if isDirectory.boolValue {
            throw EventStoreError(.notAStore, "\(path) is a folder, not a stance store; point --db at the store's file.", path: path)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        if size == 0 {
            throw EventStoreError(.notAStore, "\(path) is an empty file, not a stance store; create a store with `stance init` at another path.", path: path)
        }
        try SQLitePageCheck.check(path, size: size)
        let writable = !readOnly && FileManager.default.isWritableFile(atPath: path)
        do {
            let dbQueue = try openQueue(path: path, readOnly: !writable)
            let applied = try dbQueue.read { db in try checkSchema(db, path: path) }
            let upToDate = Set(migrator.migrations).isSubset(of: applied)
            if !upToDate && writable {
                // Upgrading only touches the key index (derived data, outside the hash chain):
                // the log itself, and its hashes, are untouched.
                try upgrade(dbQueue)
                try dbQueue.write { db in try db.execute(sql: "PRAGMA user_version = \(schemaVersion)") }
            }
            return SQLiteEventStore(
                path: path, dbQueue: dbQueue, clock: clock,
                hasKeyIndex: writable || applied.contains("v2-keys"),
                keysCarryOccurred: writable || applied.contains("v3-keys-occurred"),
                keysClustered: writable || applied.contains("v4-clustered-copies"),
                keysTimeless: writable || applied.contains("v5-timeless-retractions"))
        } catch {
            throw map(error, path: path)
        }
    }

    static func configuration(readOnly: Bool) -> Configuration {
        var config = Configuration()
        config.readonly = readOnly
        config.busyMode = .timeout(busyTimeout)
        // Readers scan in order and need little cache; writers get more (see `write`).
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -\(readerCacheKiB)") }
        config.label = "stance.events"
        return config
    }

    /// Checks that the file is a stance store this build can read; returns the migrations it
    /// has (an older store lacks the later ones).
    private static func checkSchema(_ db: Database, path: String) throws -> Set<String> {
        guard try db.tableExists("grdb_migrations"), try db.tableExists("events"),
              try db.tableExists("store_settings")
        else {
            throw EventStoreError(.notAStore, "\(path) is an SQLite database but not a stance store (it has no events table).", path: path)
        }
        if try migrator.hasBeenSuperseded(db) {
            let known = Set(migrator.migrations)
            let unknown = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
                .filter { !known.contains($0) }
            throw EventStoreError(
                .newerSchema,
                "\(path) was written by a newer version of stance (it has schema migrations \(unknown.joined(separator: ", ")), which this build, reading schema \(schemaVersion), does not know); upgrade stance to open it.",
                path: path)
        }
        let applied = try migrator.appliedIdentifiers(db)
        guard applied.contains("v1") else {
            throw EventStoreError(.notAStore, "\(path) has an incomplete stance schema; it was not created by `stance init`.", path: path)
        }
        return Set(applied)
    }

    // MARK: - EventStore

    public func write<T>(_ body: (any EventWriter) throws -> T) throws -> T {
        do {
            return try dbQueue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA cache_size = -\(Self.writerCacheKiB)")
                // The append trigger makes each insert a statement that may need undoing, so
                // SQLite copies every page it changes to a statement journal. Once one statement
                // outgrows 64 KiB that journal becomes a temporary file, and a large import then
                // wrote ~13 KB per event to it (13 GB for a million). Kept in memory, it costs a
                // copy. SQLite reads this when the transaction begins, so it is set before.
                try db.execute(sql: "PRAGMA temp_store = MEMORY")
                var result: T?
                try db.inTransaction(.immediate) {
                    let writer = try SQLiteEventWriter(db, now: clock.now(), path: path)
                    do {
                        result = try body(writer)
                    } catch let error as EventStoreError {
                        throw error
                    } catch let error as DatabaseError {
                        throw error
                    } catch {
                        throw CallerError(error: error)
                    }
                    try writer.finish()
                    return .commit
                }
                return result!
            }
        } catch let error as CallerError {
            throw error.error
        } catch {
            throw Self.map(error, path: path)
        }
    }

    /// An error of the write's body, carried through GRDB unchanged so that the caller gets
    /// back its own error (a validation failure, say), not an I/O error.
    private struct CallerError: Error {
        let error: any Error
    }

    /// Reads in pages and calls `body` between reads, so the body may itself use the store
    /// (GRDB connections are not reentrant) and its own errors reach the caller unchanged.
    public func forEach(after seq: Int64, _ body: (RecordedEvent) throws -> Void) throws {
        var last = seq
        while true {
            let page = try read { db in
                try Row.fetchAll(
                    db, sql: "SELECT \(Self.columns) FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
                    arguments: [last, Self.pageSize]
                ).map(Self.decode)
            }
            for event in page { try body(event) }
            guard let next = page.last?.seq, page.count == Self.pageSize else { return }
            last = next
        }
    }

    /// How many events `forEach` reads at a time: large enough that paging costs little,
    /// small enough that a million-event log never sits in memory. A reader that stops early
    /// has still read (and refused, if damaged) the rest of its page.
    public static let pageSize = 4096

    public func events(inStream stream: String) throws -> [RecordedEvent] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.columns) FROM events WHERE stream = ? ORDER BY stream_version", arguments: [stream])
                .map(Self.decode)
        }
    }

    public func event(withID id: UUID) throws -> RecordedEvent? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.columns) FROM events WHERE id = ?", arguments: [ChainHash.canonical(id)])
                .map(Self.decode)
        }
    }

    public func head() throws -> ChainHead {
        try read { db in try Self.head(db) }
    }

    public func setting(_ key: String) throws -> String? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT value FROM store_settings WHERE key = ?", arguments: [key])
        }
    }

    /// Runs SQL against the store's connection, for audits and tests that must see the raw file.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try dbQueue.read(body)
        } catch {
            throw Self.map(error, path: path)
        }
    }

    // MARK: - Rows

    static let columns = "seq, id, stream, stream_version, type, schema_version, occurred_at, precision, recorded_at, payload, metadata, prev_hash, hash"

    static func head(_ db: Database) throws -> ChainHead {
        guard let row = try Row.fetchOne(db, sql: "SELECT seq, hash, recorded_at FROM events ORDER BY seq DESC LIMIT 1") else {
            return .empty
        }
        let hash: Data = row[1]
        return ChainHead(seq: row[0], hash: try digest(hash, column: "hash", seq: row[0]), recordedAt: row[2])
    }

    /// Decodes a row strictly: each column must hold the SQLite type the schema gives it. SQLite
    /// would let a text `recorded_at` or a blob `id` through (type affinity is advisory), and
    /// GRDB's lenient conversions would then read a different value than the bytes hashed, so
    /// a wrong type is damage, reported, never converted.
    static func decode(_ row: Row) throws -> RecordedEvent {
        var columns = StrictColumns(row: row)
        let seq = try columns.integer(0, "seq")
        columns.seq = seq
        let idText = try columns.text(1, "id")
        guard let id = UUID(canonicalText: idText) else {
            throw EventStoreError(.damaged, "The event at seq \(seq) has an id that is not a lowercase UUID: \(idText); run `stance audit` to see what can still be verified.")
        }
        let precisionText = try columns.text(7, "precision")
        guard let precision = OccurrencePrecision(rawValue: precisionText) else {
            throw EventStoreError(.damaged, "The event at seq \(seq) has an unknown precision '\(precisionText)'.")
        }
        return RecordedEvent(
            seq: seq, id: id, stream: try columns.text(2, "stream"), streamVersion: try columns.integer(3, "stream_version"),
            type: try columns.text(4, "type"), schemaVersion: try columns.integer(5, "schema_version"),
            occurredAt: try columns.integer(6, "occurred_at"), precision: precision,
            recordedAt: try columns.integer(8, "recorded_at"), payload: try columns.text(9, "payload"),
            metadata: try columns.text(10, "metadata"),
            prevHash: try digest(try columns.blob(11, "prev_hash"), column: "prev_hash", seq: seq),
            hash: try digest(try columns.blob(12, "hash"), column: "hash", seq: seq))
    }

    private static func digest(_ data: Data, column: String, seq: Int64) throws -> ChainHash.Digest {
        guard let digest = ChainHash.Digest(bytes: Array(data)) else {
            throw EventStoreError(.damaged, "The event at seq \(seq) has a \(column) of \(data.count) bytes instead of 32.")
        }
        return digest
    }
}
