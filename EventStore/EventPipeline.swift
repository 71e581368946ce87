import Foundation

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
    /// Calls `body` with a pipelined writer when `writer` is an SQLite writer on an empty log
    /// (and an empty key index), and with `writer` itself otherwise. A log that already holds
    /// events is written serially: each event's id would have to be looked up in it, on the
    /// connection's thread. While the pipeline runs, SQLite's order trigger is set aside (see
    /// ``SQLiteEventWriter/setOrderTriggerAside()``); it is made again when the pipeline ends,
    /// whether it succeeds or fails, and in any case before the commit.
    public static func run<T>(_ writer: any EventWriter, _ body: (any EventWriter) throws -> T) throws -> T {
        guard let store = writer as? SQLiteEventWriter, store.head.seq == 0, try store.keysCanBeInternedElsewhere() else {
            return try body(writer)
        }
        try store.setOrderTriggerAside()
        let pipe = RowPipe()
        let piped = PipelinedEventWriter(store, pipe: pipe)
        return try withoutActuallyEscaping(body) { body in
            let producer = Producer { try body(piped) }
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
