@testable import EventStore
import Foundation
import GRDB
import Testing

/// ``IndexEntry`` orders values as SQLite does, or the index check would call a sound index
/// out of order (or miss one that is); and its digest tells entries apart by type as well as value.
@Suite("Index entry")
struct IndexEntryTests {
    /// Values of every storage class, with the edges where SQLite's order is subtle: integers
    /// beyond a Double's precision against reals, text that is a prefix of other text, NULs
    /// inside text, blobs against text with the same bytes.
    static let values = """
        (NULL), (0), (-1), (1), (1.5), (-0.5), (9223372036854775807), (-9223372036854775808),
        (9223372036854775807.0), (-9223372036854775808.0), (9007199254740993), (9007199254740992.0),
        (1e300), (-1e300), (''), ('a'), ('ab'), ('a' || char(0) || 'b'), ('b'), ('B'), (X''),
        (X'00'), (CAST('a' AS BLOB)), (CAST('ab' AS BLOB)), (2), (2.0), (1.0000000001)
        """

    @Test("entries read in SQLite's ORDER BY never sort before the one ahead, and equal where SQLite says equal")
    func orderIsSQLites() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (v); INSERT INTO t (v) VALUES \(Self.values)")
            let statement = RawStatement(try db.makeStatement(sql: "SELECT v, (SELECT count(*) FROM t AS u WHERE u.v < t.v OR (u.v IS NULL AND t.v IS NOT NULL)) FROM t ORDER BY v"), db)
            defer { statement.reset() }
            var previous = IndexEntry(), current = IndexEntry()
            var previousBelow: Int64?
            var compared = 0
            while try statement.step() {
                current.read(statement, [0])
                let below = statement.int64(1)
                if let previousBelow {
                    // SQLite's own count of smaller values says whether the two are equal.
                    let expected = below == previousBelow ? 0 : 1
                    #expect(current.compare(to: previous).order == expected, "\(current.bytes) after \(previous.bytes)")
                    #expect(previous.compare(to: current).order == -expected)
                    compared += 1
                }
                swap(&previous, &current)
                previousBelow = below
            }
            #expect(compared == 26)
        }
    }

    @Test("the first difference is placed at its value, and NULL keys are told apart")
    func firstDifferenceAndNulls() throws {
        try DatabaseQueue().read { db in
            let statement = RawStatement(try db.makeStatement(sql: "SELECT 'x', 5, 1 UNION ALL SELECT 'x', 5, 2 UNION ALL SELECT NULL, 5, 3"), db)
            defer { statement.reset() }
            var entries: [IndexEntry] = []
            while try statement.step() {
                var entry = IndexEntry()
                entry.read(statement, [0, 1, 2])
                entries.append(entry)
            }
            #expect(entries[1].compare(to: entries[0]) == (1, 2))
            #expect(entries[2].compare(to: entries[0]) == (-1, 0))
            #expect(!entries[0].hasNull(inFirst: 2) && entries[2].hasNull(inFirst: 2))
        }
    }

    @Test("the digest counts entries, ignores their order and tells a value's type apart")
    func digest() throws {
        try DatabaseQueue().read { db in
            func digest(_ sql: String) throws -> MultisetDigest {
                let statement = RawStatement(try db.makeStatement(sql: sql), db)
                defer { statement.reset() }
                var digest = MultisetDigest(), entry = IndexEntry()
                while try statement.step() {
                    entry.read(statement, [0, 1])
                    digest.add(entry)
                }
                return digest
            }
            let forward = try digest("SELECT 'a', 1 UNION ALL SELECT 'b', 2")
            #expect(forward.count == 2)
            #expect(try digest("SELECT 'b', 2 UNION ALL SELECT 'a', 1") == forward)
            #expect(try digest("SELECT 'a', 1 UNION ALL SELECT 'b', 3") != forward)
            #expect(try digest("SELECT 'a', 1 UNION ALL SELECT CAST('b' AS BLOB), 2") != forward)
            #expect(try digest("SELECT 'a', 1 UNION ALL SELECT 'b', 2.0") != forward)
            #expect(try digest("SELECT 'a', 1") != forward)
        }
    }
}
