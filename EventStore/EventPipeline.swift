import Foundation
import GRDB

/// Runs a large write on two threads: the caller's body (parsing, checking, planning and
/// hashing each event) on one, SQLite's inserts on the other, which is the thread that owns
/// the connection. The rows, their order, the chain and the errors are those of a serial write:
/// one ``AppendPlanner`` plans every row, and reads wait for the rows queued before them.
///
/// ```swift
/// try store.write { writer in
///     try EventPipeline.run(writer) { writer in
///         for event in events { _ = try writer.append(event) }
///     }
/// }
/// ```
public enum EventPipeline {
    /// Calls `body` with a pipelined writer when `writer` is an SQLite writer whose key index
    /// is level with the log, and with `writer` itself otherwise.
    ///
    /// On a log that already holds events, the body's thread looks up what is stored (ids,
    /// stream versions, keys) on a read-only connection of its own, which sees the log as the
    /// write found it (see ``LogSnapshot``); the pipeline then runs only when the write has
    /// appended nothing before it. On an empty log there is nothing to look up, and SQLite's
    /// order trigger is set aside while the pipeline runs (see
    /// ``SQLiteEventWriter/setOrderTriggerAside()``); it is made again when the pipeline ends,
    /// whether it succeeds or fails, and in any case before the commit.
    public static func run<T>(_ writer: any EventWriter, _ body: (any EventWriter) throws -> T) throws -> T {
        guard let store = writer as? SQLiteEventWriter, let firstKeyID = try store.firstKeyIDForPipeline() else {
            return try body(writer)
        }
        let snapshot: DatabaseQueue?
        if store.head.seq == 0 {
            // Keys already in `index_keys` (a store edited by hand) would need looking up.
            guard firstKeyID == 1 else { return try body(writer) }
            try store.setOrderTriggerAside()
            snapshot = nil
        } else {
            // The second connection reads beside the write only in WAL mode: with a rollback
            // journal its shared lock would keep the write from spilling, then from committing
            // (a store someone switched with `PRAGMA journal_mode`). Without one (a file that
            // cannot be opened twice, say), the serial way too.
            guard store.head.seq == store.seqAtStart, try store.isInWALMode(), let path = store.path,
                  path != ":memory:", !path.isEmpty, let queue = try? LogSnapshot.queue(path: path)
            else {
                return try body(writer)
            }
            try store.noteStoredClusteredKeys()
            snapshot = queue
        }
        let pipe = RowPipe()
        let piped = PipelinedEventWriter(store, pipe: pipe, firstKeyID: firstKeyID)
        return try withoutActuallyEscaping(body) { body in
            let producer = Producer {
                guard let snapshot else { return try body(piped) }
                return try LogSnapshot.read(snapshot, expecting: piped.head) { before in
                    piped.before = before
                    defer { piped.before = nil }
                    return try body(piped)
                }
            }
            let thread = Thread {
                producer.run()
                pipe.finish(discarding: producer.failed)
            }
            // As much stack as the main thread has: the body parses and checks as it would there.
            thread.stackSize = 8 << 20
            thread.start()
            pipe.drain { item in
                switch item {
                case .row(let row, let keys): try store.insert(row, interned: keys)
                case .task(let task): task()
                }
            }
            let result = producer.wait()
            // On failure too, so that a caller who catches the error and goes on writing is
            // checked again (``SQLiteEventWriter/finish()`` would remake it before the commit
            // anyway); a transaction SQLite rolled back itself has it already.
            if pipe.failure != nil || producer.failed { try? store.restoreOrderTrigger() }
            // The connection's error comes first: the body only saw it second-hand.
            if let failure = pipe.failure { throw failure }
            let value = try result.get()
            // Made again here, not only before the commit, so that appends the caller makes
            // after the pipeline, in the same write, are checked again; and those appends are
            // planned from where the pipeline ended.
            try store.restoreOrderTrigger(expecting: piped.head)
            store.planner = piped.planner
            return value
        }
    }

    /// The body, run once on its own thread, and its result for the thread that waits.
    private final class Producer<T>: @unchecked Sendable {
        /// Dropped once run, so that nothing holds it after ``EventPipeline/run(_:_:)`` returns.
        private var body: (() throws -> T)?
        private var result: Result<T, any Error>?
        private let done = DispatchSemaphore(value: 0)

        init(_ body: @escaping () throws -> T) {
            self.body = body
        }

        var failed: Bool {
            if case .failure? = result { return true }
            return false
        }

        func run() {
            result = Result { try body!() }
            body = nil
            done.signal()
        }

        func wait() -> Result<T, any Error> {
            done.wait()
            return result!
        }
    }
}
