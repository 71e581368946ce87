import GRDB

extension SQLiteEventStore {
    /// The last `stream_version` of `stream`, 0 when it has no events: what an append with
    /// ``ExpectedVersion/exactly(_:)`` is checked against.
    ///
    /// One indexed lookup (the `UNIQUE (stream, stream_version)` index), so a writer can ask
    /// before an append and again after a conflict without replaying the log.
    public func streamVersion(_ stream: String) throws -> Int64 {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT IFNULL(MAX(stream_version), 0) FROM events WHERE stream = ?", arguments: [stream]) ?? 0
        }
    }
}
