import Foundation
import GRDB

/// The lookups of the stored log a write makes as it plans each event (is this id stored,
/// the stream's last version, a key's id), prepared once on one connection: the writer's
/// own (``SQLiteEventWriter``), or a ``LogSnapshot``'s beside it.
///
/// ```swift
/// let lookups = try StoredLookups(db)
/// let stored = try lookups.event(withID: id)    // nil for a new id
/// ```
struct StoredLookups {
    private let idExists: RawStatement
    private let eventByID: Statement
    private let streamVersion: Statement
    private let keyIDByKey: RawStatement

    init(_ db: Database) throws {
        idExists = RawStatement(try db.cachedStatement(sql: "SELECT 1 FROM events WHERE id = ?"), db)
        eventByID = try db.cachedStatement(sql: "SELECT \(SQLiteEventStore.columns) FROM events WHERE id = ?")
        streamVersion = try db.cachedStatement(sql: "SELECT IFNULL(MAX(stream_version), 0) FROM events WHERE stream = ?")
        keyIDByKey = RawStatement(try db.cachedStatement(sql: "SELECT id FROM index_keys WHERE key = ?"), db)
    }

    /// The stored event with this id. Most ids a write looks up are new: whether one is stored
    /// is a lookup in the id index alone, cheaper than preparing a row that will not be there.
    func event(withID id: UUID) throws -> RecordedEvent? {
        let text = ChainHash.canonical(id)
        guard try idExists.run({ $0.bind(1, text) }) else { return nil }
        return try Row.fetchOne(eventByID, arguments: [text]).map(SQLiteEventStore.decode)
    }

    /// The stream's last stored `stream_version`, 0 for a stream with no event.
    func storedVersion(of stream: String) throws -> Int64 {
        try Int64.fetchOne(streamVersion, arguments: [stream]) ?? 0
    }

    /// The id `index_keys` gives `key`, nil for a key no stored event has.
    func keyID(_ key: String) throws -> Int64? {
        var id: Int64?
        _ = try keyIDByKey.run({ $0.bind(1, key) }, read: { id = $0.int64(0) })
        return id
    }
}
