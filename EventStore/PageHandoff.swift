import Foundation

/// A bounded queue of pages from a thread that reads them to the thread that checks them, in
/// order: the reader waits while `depth` pages are queued, the checker while none is.
///
/// Either side may stop the other: the reader closes the queue when it is done (with its
/// error, if any, which the checker gets once it has taken every page before it); the
/// checker cancels, and the reader's next ``push(_:)`` returns false.
///
/// ```swift
/// // reading thread                              // checking thread
/// while let page = read() {                      while let page = try pages.next() { check(page) }
///     guard pages.push(page) else { break }
/// }
/// pages.close(failure: nil)
/// ```
final class PageHandoff<Page: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var queued: [Page] = []
    private let depth: Int
    private var closed = false
    private var cancelled = false
    private var failure: (any Error)?

    init(depth: Int) {
        precondition(depth > 0, "a handoff holds at least one page")
        self.depth = depth
    }

    /// Queues a page, waiting while the queue is full; false once the checker has cancelled.
    func push(_ page: Page) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queued.count >= depth && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        queued.append(page)
        condition.broadcast()
        return true
    }

    /// The reader is done: no more pages, and why it stopped early, if it did.
    func close(failure: (any Error)?) {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        self.failure = failure
        condition.broadcast()
    }

    /// The next page, waiting for one; nil once the reader closed and every page is taken,
    /// or the reader's error then.
    func next() throws -> Page? {
        condition.lock()
        defer { condition.unlock() }
        while queued.isEmpty && !closed { condition.wait() }
        if !queued.isEmpty {
            condition.broadcast()
            return queued.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    /// The checker stops taking pages: the reader's next push returns false. Waits until the
    /// reader has closed, so that nothing reads on after the checker returns, and gives back
    /// the pages still queued, for the checker to see them finished.
    @discardableResult
    func cancelAndWait() -> [Page] {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        condition.broadcast()
        while !closed { condition.wait() }
        defer { queued.removeAll() }
        return queued
    }
}
