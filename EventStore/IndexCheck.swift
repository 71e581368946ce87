import GRDB

/// What `PRAGMA integrity_check` checks beyond `PRAGMA quick_check`, in one read of each
/// table and each index instead of a b-tree lookup per row per index: that every index holds
/// exactly one entry for each row of its table, with the row's values, in ascending order, and
/// in a UNIQUE index no key twice. On a million events the integrity check's lookups took ~2.5 s
/// of CPU; these reads take a few tenths.
///
/// The entries are compared as multisets, through a ``MultisetDigest`` of the index read in its
/// order and one of its table read in rowid order, so that memory stays flat however long the
/// log; the order, and the keys of a UNIQUE index, are checked from one entry to the next.
///
/// ```swift
/// let findings = try IndexCheck.findings(db)   // nil: an index of a kind it does not read
/// ```
enum IndexCheck {
    /// The findings for every index in the schema; nil when some index is of a kind this check
    /// does not read (see ``Plan/all(_:)``), for the caller to run the integrity check instead.
    static func findings(_ db: Database) throws -> [ChainFinding]? {
        guard let plans = try Plan.all(db) else { return nil }
        var findings: [ChainFinding] = []
        var tables: [String] = []
        for plan in plans where !tables.contains(plan.table) { tables.append(plan.table) }
        for table in tables {
            let indexes = plans.filter { $0.table == table }
            guard let expected = try expectedDigests(db, table, indexes) else { return nil }
            for (plan, expected) in zip(indexes, expected) {
                guard try plan.readsIndexInOrder(db) else { return nil }
                findings += try Scan(db, plan).findings(plan, expected: expected)
            }
        }
        return findings
    }

    /// The digest of the entries each index should hold, from one read of the table in rowid
    /// order; nil when SQLite would not read the table itself for it.
    static func expectedDigests(_ db: Database, _ table: String, _ plans: [Plan]) throws -> [MultisetDigest]? {
        var columns: [String] = []
        for plan in plans {
            for column in plan.columns where !columns.contains(column) { columns.append(column) }
        }
        let sql = "SELECT \((columns.map(quoted) + ["rowid"]).joined(separator: ", ")) FROM \(quoted(table)) NOT INDEXED"
        let steps = try queryPlan(db, sql)
        guard steps.count == 1, steps[0].hasPrefix("SCAN"), !steps[0].contains("INDEX") else { return nil }
        // Where each index's values, then the rowid, sit in the row.
        let positions = plans.map { plan in plan.columns.map { Int32(columns.firstIndex(of: $0)!) } + [Int32(columns.count)] }
        var digests = Array(repeating: MultisetDigest(), count: plans.count)
        var entry = IndexEntry()
        let statement = RawStatement(try db.makeStatement(sql: sql), db)
        defer { statement.reset() }
        while try statement.step() {
            for index in plans.indices {
                entry.read(statement, positions[index])
                digests[index].add(entry)
            }
        }
        return digests
    }
}
