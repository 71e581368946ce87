@testable import EventStore
import Foundation
import StanceTesting
import Testing

/// The queue between an audit's reading thread and its checking thread: pages in order, the
/// reader's error after the pages before it, and a checker that stops leaves no reader behind.
@Suite("Page handoff")
struct PageHandoffTests {
    private struct ReadFailed: Error, Equatable {}

    /// Starts a reader that pushes 0..<count, then closes with `failure`; returns how many it
    /// pushed, once it is done.
    private func reader(_ pages: PageHandoff<Int>, count: Int, failure: (any Error)? = nil) -> () -> Int {
        nonisolated(unsafe) var pushed = 0
        let done = DispatchSemaphore(value: 0)
        Thread {
            for page in 0..<count {
                guard pages.push(page) else { break }
                pushed += 1
            }
            pages.close(failure: failure)
            done.signal()
        }.start()
        return { done.wait(); return pushed }
    }

    @Test("Every page, in order, then the end", arguments: [1, 3])
    func inOrder(depth: Int) throws {
        let pages = PageHandoff<Int>(depth: depth)
        let pushed = reader(pages, count: 1000)
        var taken: [Int] = []
        while let page = try pages.next() { taken.append(page) }
        #expect(taken == Array(0..<1000))
        #expect(pushed() == 1000)
        #expect(try pages.next() == nil)
    }

    @Test("The reader's error comes after the pages it read")
    func readerError() throws {
        let pages = PageHandoff<Int>(depth: 2)
        _ = reader(pages, count: 5, failure: ReadFailed())
        var taken: [Int] = []
        #expect(throws: ReadFailed.self) {
            while let page = try pages.next() { taken.append(page) }
        }
        #expect(taken == [0, 1, 2, 3, 4])
    }

    @Test("A checker that stops stops the reader, and waits for it")
    func cancelled() throws {
        let pages = PageHandoff<Int>(depth: 3)
        let pushed = reader(pages, count: 1_000_000)
        #expect(try pages.next() == 0)
        #expect(try pages.next() == 1)
        pages.cancelAndWait()
        // At most the two taken, the queue's depth, and one pushed as the checker cancelled.
        #expect(pushed() <= 2 + 3 + 1)
    }
}

/// An audit pass whose caller throws: it rethrows, reads no further, and no page's work runs
/// on after it returns.
@Suite("Audit pass that stops early")
struct AuditPassStopTests {
    private struct Stop: Error {}

    /// A store of `events` events in a fresh folder, opened.
    private func withStore(events: Int, _ body: (SQLiteEventStore) throws -> Void) throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("stance.sqlite")
            try TestSupport.makeStore(at: path, events: events)
            try body(try SQLiteEventStore.open(at: path, clock: TestSupport.clock))
        }
    }

    @Test("An audit whose caller throws stops reading and rethrows")
    func bodyThrows() throws {
        try withStore(events: 5000) { store in
            var seen = 0
            #expect(throws: Stop.self) {
                _ = try store.auditChain(work: { _ in IdleAuditWork() }) { _, _, _ in
                    seen += 1
                    if seen == 2100 { throw Stop() }
                }
            }
            #expect(seen == 2100)
            // The store is free again: a read after the audit is not held up by its reader.
            let again = try store.auditChain()
            #expect(again.rows == 5000)
        }
    }

    @Test("No page's work runs on after the pass throws")
    func noWorkAfterThrow() throws {
        try withStore(events: 30_000) { store in
            let counter = Counter()
            #expect(throws: Stop.self) {
                _ = try store.auditChain(work: { _ in Counting(counter) }) { _, index, _ in
                    if index == 5 { throw Stop() }
                }
            }
            let atReturn = counter.value
            Thread.sleep(forTimeInterval: 0.2)
            #expect(counter.value == atReturn, "prepare ran \(counter.value - atReturn) times after the pass returned")
        }
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func add() { lock.withLock { count += 1 } }
}

private final class Counting: AuditPageWork {
    let counter: Counter
    init(_ counter: Counter) { self.counter = counter }
    func prepare(_ index: Int) {
        // Slow enough that pages are still preparing when the first one is checked.
        Thread.sleep(forTimeInterval: 0.00002)
        counter.add()
    }
}
