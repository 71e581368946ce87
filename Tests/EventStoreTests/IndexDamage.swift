import Foundation
import GRDB

/// Damage to an index that leaves every page well formed, so that `PRAGMA quick_check` passes
/// while `PRAGMA integrity_check` does not: the index is pointed at a b-tree SQLite built from
/// other rows, a whole, valid b-tree whose entries are not its table's.
///
/// The b-tree is that of an index on a scratch table holding the rows `select` gives (rowid
/// first, then the indexed columns); the index's own b-tree goes to the scratch index, and is
/// freed with it, so that no page is left unaccounted for.
enum IndexDamage {
    /// Points `index` (on `columns`, as `"id TEXT"`) at a b-tree of the rows `select` gives;
    /// `descending` builds it in the opposite order, with the same entries.
    static func replace(_ index: String, in path: String, columns: [String], rows select: String, descending: Bool = false) throws {
        let names = columns.map { String($0.split(separator: " ")[0]) }
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "CREATE TABLE scratch (\(columns.joined(separator: ", ")))")
            try db.execute(sql: "INSERT INTO scratch (rowid, \(names.joined(separator: ", "))) \(select)")
            try db.execute(sql: "CREATE INDEX scratch_index ON scratch (\(names.map { descending ? "\($0) DESC" : $0 }.joined(separator: ", ")))")
        }
        try swapRoots(index, "scratch_index", in: path)
        // A new connection, which reads the schema as it now is.
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "DROP TABLE scratch") }
    }

    /// Swaps the root pages of two indexes in the schema, so that each reads the other's b-tree.
    static func swapRoots(_ first: String, _ second: String, in path: String) throws {
        try DatabaseQueue(path: path).writeWithoutTransaction { db in
            let roots = try Dictionary(uniqueKeysWithValues: Row.fetchAll(
                db, sql: "SELECT name, rootpage FROM sqlite_schema WHERE name IN (?, ?)", arguments: [first, second]
            ).map { ($0[0] as String, $0[1] as Int) })
            guard let a = roots[first], let b = roots[second] else { throw DamageError.noSuchIndex }
            try db.execute(sql: "PRAGMA writable_schema = ON")
            try db.execute(
                sql: "UPDATE sqlite_schema SET rootpage = CASE name WHEN ? THEN ? ELSE ? END WHERE name IN (?, ?)",
                arguments: [first, b, a, first, second])
            try db.execute(sql: "PRAGMA writable_schema = OFF")
        }
    }

    /// What SQLite's two checks say of the file, read as another tool would.
    static func checks(_ path: String) throws -> (quick: [String], full: [String]) {
        try DatabaseQueue(path: path).read { db in
            (try String.fetchAll(db, sql: "PRAGMA quick_check"), try String.fetchAll(db, sql: "PRAGMA integrity_check"))
        }
    }

    enum DamageError: Error {
        case noSuchIndex
    }
}
