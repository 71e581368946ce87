import Foundation
import GRDB

extension SQLiteEventWriter {
    /// The trigger that makes SQLite refuse an event out of order (see
    /// ``SQLiteEventStore/schemaV1``).
    static let orderTrigger = "events_are_appended_in_order"

    /// Drops the order trigger for the rest of this transaction, keeping its SQL to make it again
    /// (``restoreOrderTrigger()``, at the latest in ``finish()``, before the commit).
    ///
    /// Only a pipelined write into an empty log does this. Its rows are planned by the same
    /// ``AppendPlanner`` that plans every serial append, which the trigger checks; nothing else
    /// can write meanwhile (the write holds SQLite's write lock), and no other connection ever
    /// sees the log without the trigger, since the drop and the remake commit or roll back
    /// together. The five lookups the trigger makes for each row (the last seq, hash and
    /// recorded_at, the stream's last version, the id) were ~3 µs of the ~15 µs an imported
    /// event cost SQLite's thread. The UNIQUE constraints on ids and stream versions stay.
    func setOrderTriggerAside() throws {
        guard orderTriggerSetAside == nil else { return }
        guard let sql = try String.fetchOne(
            db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", arguments: [Self.orderTrigger])
        else {
            // A store without it is reported by the audit; a write must not remake it unasked.
            return
        }
        try db.execute(sql: "DROP TRIGGER \(Self.orderTrigger)")
        orderTriggerSetAside = sql
    }

    /// Makes the order trigger again, with the very SQL it had. With `head`, the head of the
    /// planner that planned the rows, the log's last row is first checked to be the one
    /// planned last.
    func restoreOrderTrigger(expecting head: ChainHead? = nil) throws {
        guard let sql = orderTriggerSetAside else { return }
        if let head {
            let last = try Row.fetchOne(db, sql: "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")
            let lastSeq: Int64 = last?[0] ?? 0
            let lastHash: [UInt8] = (last?[1] as Data?).map(Array.init) ?? ChainHash.genesis.bytes
            guard lastSeq == head.seq, lastHash == head.hash.bytes else {
                throw EventStoreError(
                    .appendOnly,
                    "events are appended in order, but the log ends at seq \(lastSeq), not at seq \(head.seq) with the hash planned for it; nothing was written.")
            }
        }
        // As one statement: text in sqlite_master edited to carry more would fail here rather
        // than run, and the audit reports an edited trigger.
        try db.makeStatement(sql: sql).execute()
        orderTriggerSetAside = nil
    }
}
