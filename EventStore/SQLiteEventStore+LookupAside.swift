import Foundation
import GRDB

extension SQLiteEventStore {
    /// A connection of its own for looking up events by id, for a thread beside the caller's
    /// (an audit works out its retractions' keys while it reads the log); nil when no second
    /// connection can be opened, for the caller to look up on the store's own afterwards.
    ///
    /// ```swift
    /// if let aside = store.eventLookupAside() {
    ///     DispatchQueue.global().async { try? aside.withEventPageLookup { lookup in _ = try lookup(id) } }
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

        /// ``SQLiteEventStore/withEventPageLookup(_:)`` on this connection: one read, one statement.
        public func withEventPageLookup<T>(_ body: ((UUID) throws -> RawEventPage?) throws -> T) throws -> T {
            try queue.read { db in try SQLiteEventStore.withEventPageLookup(db, body) }
        }
    }

    /// Runs `body` with a lookup of events by id, each found event as a page of one row read
    /// as ``forEachPage(after:pageSize:_:)`` reads (a damaged row throws what ``event(withID:)``
    /// throws): one statement for thousands of lookups, and no GRDB row or String per column,
    /// which cost a retraction's lookup ~100,000 instructions with its general decoding.
    static func withEventPageLookup<T>(_ db: Database, _ body: ((UUID) throws -> RawEventPage?) throws -> T) throws -> T {
        let statement = RawStatement(try db.cachedStatement(sql: "SELECT \(columns) FROM events WHERE id = ?"), db)
        return try body { id in
            defer { statement.reset() }
            statement.bind(1, ChainHash.canonical(id))
            guard try statement.step() else { return nil }
            var page = RawEventPage(capacity: 1)
            try appendRow(statement, to: &page, db, keepingUnreadable: false)
            return page
        }
    }
}
