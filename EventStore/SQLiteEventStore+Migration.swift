import GRDB

extension SQLiteEventStore {
    /// Thrown inside a migration's transaction when another process applied it after this one
    /// read which migrations had run: the transaction ends unchanged, and ``upgrade(_:)`` reads
    /// again and goes on from there.
    struct MigratedMeanwhile: Error {
        let identifier: String
    }

    /// Registers a migration that first checks, under the write lock its transaction holds,
    /// that no other process has applied it meanwhile. GRDB reads which migrations ran before
    /// it takes that lock, so two processes opening an older store at once could both set out
    /// to apply the same one: the second used to fail on `grdb_migrations`' unique identifier
    /// (after redoing the migration's work, all of it then rolled back).
    static func register(_ identifier: String, _ sql: String, in migrator: inout DatabaseMigrator) {
        migrator.registerMigration(identifier) { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM grdb_migrations WHERE identifier = ?", arguments: [identifier]) == true {
                throw MigratedMeanwhile(identifier: identifier)
            }
            try db.execute(sql: sql)
        }
    }

    /// Applies the migrations `dbQueue`'s store lacks, with other processes maybe doing the
    /// same: whenever one of them got to a migration first, the migrations still missing are
    /// read again and applied, until none is. A failure that is not that race is thrown.
    static func upgrade(_ dbQueue: DatabaseQueue) throws {
        let all = Set(migrator.migrations)
        var applied = try dbQueue.read { db in try migrator.appliedIdentifiers(db) }
        while true {
            do {
                try migrator.migrate(dbQueue)
                return
            } catch {
                let now = try dbQueue.read { db in try migrator.appliedIdentifiers(db) }
                if all.isSubset(of: now) { return }
                // Each retry follows another process's progress, so this ends.
                guard now.isStrictSuperset(of: applied) else { throw error }
                applied = now
            }
        }
    }
}
