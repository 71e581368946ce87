import Foundation
import GRDB

extension SQLiteEventStore {
    /// The keys whose events the store also keeps as clustered copies, in key order (see
    /// ``schemaV4ClusteredCopies``): those beginning with these bytes. The store reads no
    /// meaning into them; Projections' `EventKeys.roles(in:)` (who speaks for an institution,
    /// which every question about it reads whole) gives keys of this form. Part of the schema:
    /// changing it needs a migration that copies the rows of the new keys.
    public static let clusteredKeyPrefix = "roles:"

    /// Whether `key` is one whose events are kept clustered; a byte prefix, as the migration's
    /// SQL compares (a String's `hasPrefix` compares characters, and a combining mark just
    /// after the prefix would make it disagree).
    public static func isClustered(_ key: String) -> Bool {
        key.utf8.starts(with: clusteredKeyPrefix.utf8)
    }

    /// The first text after every clustered key, in SQLite's order: the prefix with its last
    /// byte one more, so that `key >= prefix AND key < this` is the clustered keys' range.
    static var clusteredKeysEnd: String {
        let prefix = clusteredKeyPrefix.utf8
        return String(decoding: prefix.dropLast() + [prefix.last! + 1], as: UTF8.self)
    }

    /// The copy of the event at `seq` under key `id`, made with its key row: the statement
    /// that writes it (see ``SQLiteEventWriter``).
    static let copyIntoCluster = """
        INSERT INTO clustered_events
            SELECT ?1, seq, id, stream, stream_version, type, schema_version, occurred_at, precision,
                   recorded_at, payload, metadata, prev_hash, hash
            FROM events WHERE seq = ?2
        """

    /// ``clusteredQuery(_:)`` for windows that take their keys whole: the copies alone, in
    /// key order, without a look at each one's key row (which only a bounded window needs).
    static func wholeClusteredQuery(_ count: Int) -> String {
        """
        \(windowsClause(count))
        SELECT \(copyColumns)
        FROM windows
        JOIN index_keys ON index_keys.key = windows.key
        JOIN clustered_events AS copy ON copy.key = index_keys.id
        WHERE copy.seq <= ?
        ORDER BY copy.seq
        """
    }

    /// The statement that reads the copies of `count` windows (key, low, high) of clustered
    /// keys, then the last seq, in `seq` order; a copy under two of the keys comes twice, and
    /// ``RawEventPage/merged(_:)`` keeps it once. A window applies to the key rows, as for
    /// events read from the log (a timeless event's rows carry no occurred_at).
    static func clusteredQuery(_ count: Int) -> String {
        """
        \(windowsClause(count))
        SELECT \(copyColumns)
        FROM windows
        JOIN index_keys ON index_keys.key = windows.key
        JOIN event_keys ON event_keys.key = index_keys.id
        JOIN clustered_events AS copy ON copy.key = event_keys.key AND copy.seq = event_keys.seq
        WHERE event_keys.seq <= ?
          AND (typeof(event_keys.occurred_at) <> 'integer' OR event_keys.occurred_at BETWEEN windows.low AND windows.high)
        ORDER BY copy.seq
        """
    }

    /// A copy's columns, in the order of ``columns``, so that a copy reads as its event's row.
    private static let copyColumns = columns.split(separator: ",").map { "copy." + $0.trimmingCharacters(in: .whitespaces) }
        .joined(separator: ", ")

    /// The `windows(key, low, high)` table of `count` bound windows, which every keyed read
    /// starts from.
    static func windowsClause(_ count: Int) -> String {
        "WITH windows(key, low, high) AS (VALUES \(Array(repeating: "(?, ?, ?)", count: count).joined(separator: ", ")))"
    }
}
