import Foundation
import GRDB

extension SQLiteEventStore {
    /// A read started now on a connection and a thread of its own, so that it overlaps what
    /// the caller reads meanwhile (an audit's pass over the log); ``result()`` waits for it.
    ///
    /// ```swift
    /// let count = store.readAside { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM event_keys") ?? 0 }
    /// // … the caller's own reading …
    /// let rows = try count.result() ?? store.read { … }   // nil: no second connection
    /// ```
    public func readAside<Value: Sendable>(_ body: @escaping @Sendable (Database) throws -> Value) -> AsideRead<Value> {
        AsideRead(path: path, readOnly: dbQueue.configuration.readonly, body)
    }

    /// See ``readAside(_:)``.
    public final class AsideRead<Value: Sendable>: @unchecked Sendable {
        private let group = DispatchGroup()
        /// Set by the task before it leaves the group; nil when no second connection opened.
        private var outcome: Result<Value, any Error>?

        /// `readOnly` as the store's own connection: SQLite checks CHECK constraints only on a
        /// connection that may write.
        init(path: String, readOnly: Bool, _ body: @escaping @Sendable (Database) throws -> Value) {
            DispatchQueue.global().async(group: group) { [self] in
                guard let queue = try? SQLiteEventStore.openQueue(path: path, readOnly: readOnly) else { return }
                outcome = Result { try queue.read(body) }
            }
        }

        /// What the read gave, once done; nil when no second connection could be opened, for
        /// the caller to read on the store's own.
        public func result() throws -> Value? {
            group.wait()
            return try outcome?.get()
        }
    }
}
