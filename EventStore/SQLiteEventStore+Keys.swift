import Foundation
import GRDB

extension SQLiteEventStore {
    public func events(withAnyOf keys: Set<String>, through seq: Int64?, occurred: ClosedRange<Int64>?) throws -> [RecordedEvent] {
        guard !keys.isEmpty, hasKeyIndex else { return [] }
        return try read { db in try Self.events(db, withAnyOf: keys, through: seq, occurred: occurred) }
    }

    static func events(_ db: Database, withAnyOf keys: Set<String>, through seq: Int64?, occurred: ClosedRange<Int64>? = nil) throws -> [RecordedEvent] {
        guard !keys.isEmpty else { return [] }
        let sorted = keys.sorted()
        let lower = occurred?.lowerBound ?? .min
        let upper = occurred?.upperBound ?? .max
        // A row whose occurred_at is not an integer is damage: it is read (and refused by the
        // strict decoder), never filtered out unseen.
        let occurredFilter = "AND (typeof(occurred_at) <> 'integer' OR occurred_at BETWEEN ? AND ?)"
        if sorted.count == 1 {
            // One key is what a recorder asks, once per retraction of an import: keep its
            // statement prepared.
            let statement = try db.cachedStatement(sql: """
                SELECT \(columns) FROM events WHERE seq IN (
                    SELECT event_keys.seq FROM event_keys JOIN index_keys ON index_keys.id = event_keys.key
                    WHERE index_keys.key = ? AND event_keys.seq <= ?
                ) \(occurredFilter) ORDER BY seq
                """)
            return try Row.fetchAll(statement, arguments: [sorted[0], seq ?? Int64.max, lower, upper]).map(decode)
        }
        let marks = Array(repeating: "?", count: sorted.count).joined(separator: ", ")
        let sql = """
            SELECT \(columns) FROM events WHERE seq IN (
                SELECT event_keys.seq FROM event_keys JOIN index_keys ON index_keys.id = event_keys.key
                WHERE index_keys.key IN (\(marks)) AND event_keys.seq <= ?
            ) \(occurredFilter) ORDER BY seq
            """
        let arguments = StatementArguments(sorted) + [seq ?? Int64.max, lower, upper]
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map(decode)
    }

    /// How far the key index reaches and where the log ends, read in one transaction, so that a
    /// writer committing between two reads cannot make a current index look behind.
    public func keyIndexState() throws -> (indexed: Int64, head: Int64) {
        guard hasKeyIndex else { return (0, try head().seq) }
        return try read { db in
            (try Int64.fetchOne(db, sql: "SELECT seq FROM key_index_head") ?? 0, try Self.head(db).seq)
        }
    }

    public func keyIndexHead() throws -> Int64 {
        guard hasKeyIndex else { return 0 }
        return try read { db in try Int64.fetchOne(db, sql: "SELECT seq FROM key_index_head") ?? 0 }
    }

    public func indexKeys(_ entries: [(seq: Int64, keys: [String])]) throws {
        guard !entries.isEmpty else { return }
        do {
            try dbQueue.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    let writer = try SQLiteEventWriter(db, now: 0)
                    try writer.catchUp(entries)
                    try writer.finish()
                    return .commit
                }
            }
        } catch {
            throw Self.map(error, path: path)
        }
    }

    public func forEachKey(_ body: (String, Int64) throws -> Void) throws {
        guard hasKeyIndex else { return }
        try read { db in
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT index_keys.key, event_keys.seq FROM event_keys JOIN index_keys ON index_keys.id = event_keys.key
                """)
            while let row = try cursor.next() { try body(row[0], row[1]) }
        }
    }

    /// When the event at `seq` was recorded (µs since the epoch), if there is one.
    public func recordedAt(seq: Int64) throws -> Int64? {
        try read { db in try Int64.fetchOne(db, sql: "SELECT recorded_at FROM events WHERE seq = ?", arguments: [seq]) }
    }

    public func lastSeq(recordedAtOrBefore instant: Int64) throws -> Int64 {
        try read { db in
            let statement = try db.makeStatement(sql: "SELECT recorded_at FROM events WHERE seq = ?")
            var low: Int64 = 0  // recorded at or before the instant (0: nothing)
            var high = try Self.head(db).seq + 1  // after it
            while high - low > 1 {
                let middle = low + (high - low) / 2
                let recordedAt = try Int64.fetchOne(statement, arguments: [middle]) ?? Int64.max
                if recordedAt <= instant { low = middle } else { high = middle }
            }
            return low
        }
    }
}
