import Foundation

/// A bounded queue from the thread that plans rows to the thread that owns the SQLite
/// connection: rows to insert, and reads that must see every row queued before them.
///
/// The consumer takes everything queued at once, so the lock is taken about once per batch
/// on its side; the producer wakes a waiting consumer only once a few rows are ready, so that
/// a consumer that keeps up is not woken for every row.
///
/// ```swift
/// // producer thread                        // connection's thread
/// try pipe.push(row, keys: keys)            pipe.drain { item in try handle(item) }
/// let n = try pipe.read { try count() }
/// pipe.finish()
/// ```
final class RowPipe: @unchecked Sendable {
    /// What the producer hands over.
    enum Item {
        /// A planned row and its index keys.
        case row(RecordedEvent, keys: InternedKeys?)
        /// Work to run on the connection's thread, in order with the rows.
        case task(() -> Void)
    }

    /// How many items may wait: enough to smooth out uneven lines, little enough to stay small
    /// in memory (a row is about a kilobyte).
    static let capacity = 4096
    /// How many rows wake a waiting consumer.
    static let wakeCount = 1

    private let condition = NSCondition()
    private var items: [Item] = []
    private var consumerWaiting = false
    private var producerWaiting = false
    private var finished = false
    /// The consumer's error: the pipe stops, and the producer gets it from its next call.
    private(set) var failure: (any Error)?

    // MARK: - Producer

    /// Queues a row, waiting while the queue is full.
    func push(_ row: RecordedEvent, keys: InternedKeys?) throws {
        condition.lock()
        defer { condition.unlock() }
        if let failure { throw failure }
        items.append(.row(row, keys: keys))
        if consumerWaiting && items.count >= Self.wakeCount { condition.broadcast() }
        while items.count >= Self.capacity && failure == nil {
            producerWaiting = true
            condition.wait()
            producerWaiting = false
        }
    }

    /// Runs `body` on the connection's thread once every row queued before has been handled,
    /// and returns its result (or throws its error).
    func read<T>(_ body: @escaping () throws -> T) throws -> T {
        var result: Result<T, any Error>?
        condition.lock()
        defer { condition.unlock() }
        if let failure { throw failure }
        items.append(.task {
            let outcome = Result { try body() }
            self.condition.lock()
            result = outcome
            self.condition.broadcast()
            self.condition.unlock()
        })
        condition.broadcast()
        while result == nil && failure == nil {
            producerWaiting = true
            condition.wait()
            producerWaiting = false
        }
        if let result { return try result.get() }
        throw failure!
    }

    /// Says that nothing more comes; with `discarding`, what is queued is dropped (the write
    /// is failing and will be rolled back anyway).
    func finish(discarding: Bool) {
        condition.lock()
        finished = true
        if discarding { items.removeAll() }
        condition.broadcast()
        condition.unlock()
    }

    // MARK: - Consumer

    /// Hands every item to `handle`, in order, until the producer finishes; stops at the first
    /// error, which the producer then receives.
    func drain(_ handle: (Item) throws -> Void) {
        var batch: [Item] = []
        batch.reserveCapacity(Self.capacity)
        while true {
            condition.lock()
            while items.isEmpty && !finished {
                consumerWaiting = true
                condition.wait()
                consumerWaiting = false
            }
            if items.isEmpty {
                condition.unlock()
                return
            }
            swap(&batch, &items)
            if producerWaiting { condition.broadcast() }
            condition.unlock()
            for item in batch {
                do {
                    try handle(item)
                } catch {
                    stop(error)
                    return
                }
            }
            batch.removeAll(keepingCapacity: true)
        }
    }

    private func stop(_ error: any Error) {
        condition.lock()
        failure = error
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
