import Foundation
import GRDB

extension SQLiteEventStore {
    /// A connection of its own for looking up events by id, for a thread beside the caller's
    /// (an audit works out its retractions' keys while it reads the log); nil when no second
    /// connection can be opened, for the caller to look up on the store's own afterwards.
    ///
    /// ```swift
    /// if let aside = store.eventLookupAside() {
    ///     DispatchQueue.global().async { try? aside.withEventLookup { lookup in _ = try lookup(id) } }
    /// }
    /// ```
    public func eventLookupAside() -> EventLookupAside? {
        (try? Self.openQueue(path: path, readOnly: dbQueue.configuration.readonly)).map(EventLookupAside.init)
    }

    /// See ``eventLookupAside()``: one thread at a time uses it.
    public final class EventLookupAside: @unchecked Sendable {
        private let queue: DatabaseQueue

        init(_ queue: DatabaseQueue) {
            self.queue = queue
        }

        /// ``SQLiteEventStore/withEventLookup(_:)`` on this connection: one read, one statement.
        public func withEventLookup<T>(_ body: ((UUID) throws -> RecordedEvent?) throws -> T) throws -> T {
            try queue.read { db in try SQLiteEventStore.withEventLookup(db, body) }
        }
    }

    static func withEventLookup<T>(_ db: Database, _ body: ((UUID) throws -> RecordedEvent?) throws -> T) throws -> T {
        let statement = try db.cachedStatement(sql: "SELECT \(columns) FROM events WHERE id = ?")
        return try body { id in try Row.fetchOne(statement, arguments: [ChainHash.canonical(id)]).map(decode) }
    }
}
