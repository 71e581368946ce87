import GRDB

extension IndexCheck {
    /// One index as the check reads it: which table, which columns, whether UNIQUE.
    struct Plan {
        let name: String
        let table: String
        /// The indexed columns, in the index's order; the rowid follows them in every entry.
        let columns: [String]
        let unique: Bool

        /// Every index in the schema; nil when one is of a kind this check does not read in
        /// its order value for value (partial, on an expression, descending, with another
        /// collation than BINARY, on a table without rowid or with a column named rowid): the
        /// caller then runs SQLite's integrity check instead. A stance store has none.
        static func all(_ db: Database) throws -> [Plan]? {
            let indexes = try Row.fetchAll(db, sql: """
                SELECT s.name, s.tbl_name, l."unique", l.partial FROM sqlite_schema AS s
                JOIN pragma_index_list(s.tbl_name) AS l ON l.name = s.name
                WHERE s.type = 'index' ORDER BY s.tbl_name, s.name
                """)
            let listed = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_schema WHERE type = 'index'") ?? 0
            guard indexes.count == listed else { return nil }
            var plans: [Plan] = []
            for index in indexes {
                let name: String = index[0], table: String = index[1]
                guard index[3] as Int == 0 else { return nil }
                let shadowed = try Int.fetchOne(db, sql: "SELECT count(*) FROM pragma_table_xinfo(?) WHERE lower(name) IN ('rowid', '_rowid_', 'oid')", arguments: [table]) ?? 0
                guard shadowed == 0 else { return nil }
                let parts = try Row.fetchAll(db, sql: "SELECT cid, name, \"desc\", coll, \"key\" FROM pragma_index_xinfo(?) ORDER BY seqno", arguments: [name])
                let keys = parts.filter { $0[4] as Int == 1 }, rest = parts.filter { $0[4] as Int != 1 }
                // A table with rowid: the entry ends with the rowid, and that alone.
                guard !keys.isEmpty, rest.count == 1, rest[0][0] as Int == -1 else { return nil }
                guard keys.allSatisfy({ ($0[0] as Int) >= 0 && $0[2] as Int == 0 && ($0[3] as String?)?.uppercased() == "BINARY" })
                else { return nil }
                plans.append(Plan(name: name, table: table, columns: keys.map { $0[1] as String }, unique: index[2] as Int == 1))
            }
            return plans
        }

        /// The entries in the index's order, read from the index alone.
        var indexQuery: String {
            let order = (columns.map(IndexCheck.quoted) + ["rowid"]).joined(separator: ", ")
            return "SELECT \(order) FROM \(IndexCheck.quoted(table)) INDEXED BY \(IndexCheck.quoted(name)) ORDER BY \(order)"
        }

        /// The entries as the index and nothing else can give them: a covering scan of it, in
        /// its order, with no sort of SQLite's own that would hide an index out of order.
        func readsIndexInOrder(_ db: Database) throws -> Bool {
            let steps = try IndexCheck.queryPlan(db, indexQuery)
            return steps.contains { $0.contains("COVERING INDEX \(name)") } && !steps.contains { $0.contains("TEMP B-TREE") }
        }

        /// How this index appears in a finding: `sqlite_autoindex_events_1 on events(id)`.
        var label: String { "\(name) on \(table)(\(columns.joined(separator: ", ")))" }
    }

    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The details of `EXPLAIN QUERY PLAN`, one a step.
    static func queryPlan(_ db: Database, _ sql: String) throws -> [String] {
        try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String? ?? "" }
    }
}
