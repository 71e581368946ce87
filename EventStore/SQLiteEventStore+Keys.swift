import Foundation
import GRDB
import GRDBSQLite

extension SQLiteEventStore {
    public func events(in windows: [KeyWindow], through seq: Int64?) throws -> [RecordedEvent] {
        guard !windows.isEmpty, hasKeyIndex else { return [] }
        return try read { db in try Self.events(db, in: windows, through: seq, filterInIndex: keysCarryOccurred, clustered: keysClustered) }
    }

    /// ``events(in:through:)`` as one page of raw rows, read as strictly (see
    /// ``forEachPage(after:pageSize:_:)``): what a question decodes straight from bytes.
    public func eventPage(in windows: [KeyWindow], through seq: Int64?) throws -> RawEventPage {
        guard !windows.isEmpty, hasKeyIndex else { return RawEventPage([]) }
        return try read { db in try Self.page(db, in: windows, through: seq, filterInIndex: keysCarryOccurred, clustered: keysClustered) }
    }

    /// How many windows one statement binds at most (three variables each): a wide question
    /// can name thousands of keys. Fewer when the SQLite library allows fewer variables
    /// (999 before SQLite 3.32).
    public static let windowsPerStatement = 2000

    /// ``page(_:in:through:filterInIndex:clustered:)``'s rows as events.
    static func events(
        _ db: Database, in windows: [KeyWindow], through seq: Int64?, filterInIndex: Bool = true, clustered: Bool = true
    ) throws -> [RecordedEvent] {
        let page = try page(db, in: windows, through: seq, filterInIndex: filterInIndex, clustered: clustered)
        return page.indices.map(page.recorded)
    }

    /// The events under the windows' keys that occurred in their windows, up to `seq`, each
    /// once, in `seq` order.
    ///
    /// With `filterInIndex`, a window applies to the key rows' copy of `occurred_at`, so that
    /// event rows outside it are never read (the key's index rows are scanned, a few bytes
    /// each); otherwise (a schema-2 store) to the events' rows. With `clustered`, the events of
    /// clustered keys come from their copies (see ``clusteredKeyPrefix``).
    static func page(
        _ db: Database, in windows: [KeyWindow], through seq: Int64?, filterInIndex: Bool, clustered: Bool
    ) throws -> RawEventPage {
        let fromLog = { (windows: [KeyWindow]) in try pageBySeq(db, in: windows, through: seq, filterInIndex: filterInIndex) }
        guard clustered else { return try fromLog(windows) }
        let copied = windows.filter { isClustered($0.key) }
        guard !copied.isEmpty else { return try fromLog(windows) }
        let logged = windows.filter { !isClustered($0.key) }
        // Whole keys (an institution's roles, as questions read them) need no key row per copy.
        let query = copied.allSatisfy { $0.occurred == nil } ? wholeClusteredQuery : clusteredQuery
        return RawEventPage.merged([try fromLog(logged), try page(db, in: copied, through: seq, query: query)])
    }

    /// The rows a query of `query(count)` gives for the windows, bound a statement's worth at a
    /// time.
    private static func page(
        _ db: Database, in windows: [KeyWindow], through seq: Int64?, query: (Int) -> String
    ) throws -> RawEventPage {
        guard !windows.isEmpty else { return RawEventPage([]) }
        let perStatement = windowsPerStatement(db)
        if windows.count > perStatement {
            let parts = try stride(from: 0, to: windows.count, by: perStatement).map { start in
                try Self.page(db, in: Array(windows[start..<min(start + perStatement, windows.count)]), through: seq, query: query)
            }
            return RawEventPage.merged(parts)
        }
        let sql = query(windows.count)
        // One key is what a recorder asks, once per retraction of an import: keep that
        // statement prepared.
        let statement = RawStatement(windows.count == 1 ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql), db)
        defer { statement.reset() }
        var index: Int32 = 1
        for window in windows {
            statement.bind(index, window.key)
            statement.bind(index + 1, window.occurred?.lowerBound ?? .min)
            statement.bind(index + 2, window.occurred?.upperBound ?? .max)
            index += 3
        }
        statement.bind(index, seq ?? Int64.max)
        var page = RawEventPage(capacity: 64)
        while try statement.step() {
            try appendRow(statement, to: &page, db, keepingUnreadable: false)
        }
        return page
    }

    /// The events of the windows read in two steps, each with one small statement prepared
    /// once per connection: every window's seqs from the key index, then each distinct seq's
    /// row from the log, in `seq` order. A single statement over all the windows reads the same
    /// pages, but compiling its `VALUES` list of a wide question's hundreds of windows cost more
    /// than reading their rows (6M instructions of the benchmark's 16 ms `timeline`).
    private static func pageBySeq(_ db: Database, in windows: [KeyWindow], through seq: Int64?, filterInIndex: Bool) throws -> RawEventPage {
        guard !windows.isEmpty else { return RawEventPage([]) }
        let keyed = RawStatement(try db.cachedStatement(sql: keyedSeqsQuery(filterInIndex: filterInIndex)), db)
        var seqs: [Int64] = []
        for window in windows {
            defer { keyed.reset() }
            keyed.bind(1, window.key)
            keyed.bind(2, window.occurred?.lowerBound ?? .min)
            keyed.bind(3, window.occurred?.upperBound ?? .max)
            keyed.bind(4, seq ?? .max)
            while try keyed.step() {
                // Damage aside, an integer. A seq stored as a real matches the event of that
                // number only when whole, as the join compared them; other values match none.
                switch keyed.storageClass(0) {
                case SQLITE_INTEGER: seqs.append(keyed.int64(0))
                case SQLITE_FLOAT: if let whole = Int64(exactly: keyed.double(0)) { seqs.append(whole) }
                default: break
                }
            }
        }
        seqs.sort()
        let event = RawStatement(try db.cachedStatement(sql: eventBySeqQuery), db)
        var page = RawEventPage(capacity: seqs.indices.count { $0 == 0 || seqs[$0] != seqs[$0 - 1] })
        var last: Int64?
        for next in seqs where next != last {
            last = next
            defer { event.reset() }
            event.bind(1, next)
            // A key row whose event is not in the log reads nothing, as the join would.
            if try event.step() { try appendRow(event, to: &page, db, keepingUnreadable: false) }
        }
        return page
    }

    /// The seqs of one window (key, low, high) up to the last seq: from the key index alone,
    /// or in a schema-2 store, whose key rows carry no `occurred_at`, with the events' rows.
    private static func keyedSeqsQuery(filterInIndex: Bool) -> String {
        let occurred = filterInIndex ? "event_keys.occurred_at" : "row.occurred_at"
        return """
            SELECT event_keys.seq FROM index_keys
            JOIN event_keys ON event_keys.key = index_keys.id
            \(filterInIndex ? "" : "JOIN events AS row ON row.seq = event_keys.seq")
            WHERE index_keys.key = ?1 AND event_keys.seq <= ?4
              AND (typeof(\(occurred)) <> 'integer' OR \(occurred) BETWEEN ?2 AND ?3)
            """
    }

    private static let eventBySeqQuery = "SELECT \(columns) FROM events WHERE seq = ?1"

    /// How many windows one statement can bind, three variables each.
    private static func windowsPerStatement(_ db: Database) -> Int {
        let variables = Int(sqlite3_limit(db.sqliteConnection, SQLITE_LIMIT_VARIABLE_NUMBER, -1))
        return min(windowsPerStatement, max(1, (variables - 1) / 3))
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

    public func forEachKey(_ body: (String, Int64, Int64?) throws -> Void) throws {
        guard hasKeyIndex else { return }
        try read { db in
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT index_keys.key, event_keys.seq, \(keysCarryOccurred ? "event_keys.occurred_at" : "NULL")
                FROM event_keys JOIN index_keys ON index_keys.id = event_keys.key
                """)
            // A copy of occurred_at that is not an integer is damage: it shows as one that
            // matches no event.
            while let row = try cursor.next() { try body(row[0], row[1], row[2] as? Int64 ?? (row[2] == nil ? nil : Int64.min)) }
        }
    }

    public var keyRowsCarryOccurredAt: Bool { keysCarryOccurred }

    public var timelessEventsInEveryWindow: Bool { keysTimeless }

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
