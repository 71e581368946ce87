@testable import EventStore
import Foundation
import StanceTesting
import Testing

/// A page of long events ends before its row count, at a byte budget, and the pages after it
/// line up again on multiples of the page size: replay's as-of cut counts on that.
@Suite("Pages end at a byte budget")
struct PageBudgetTests {
    /// A store of `count` events whose payloads run from a few bytes to ~3 KB.
    static func store(count: Int, in folder: TemporaryDirectory) throws -> SQLiteEventStore {
        let store = try SQLiteEventStore.create(at: folder.uniqueFile(), clock: TestSupport.clock)
        _ = try store.append((0..<count).map { index in
            // Lengths scattered over 0..<3,000 by a fixed multiplier: the same every run.
            let text = String(repeating: "x", count: index * 1_237 % 3_000)
            return makeEvent(stream: "s\(index % 3)", payload: #"{"n":\#(index),"text":"\#(text)"}"#, id: fixtureID(index + 1))
        })
        return store
    }

    /// What a row takes in its page's buffer: its seven byte columns.
    static func bytes(_ row: RecordedEvent) -> Int {
        36 + row.stream.utf8.count + row.type.utf8.count + row.payload.utf8.count + row.metadata.utf8.count + 64
    }

    @Test("pages end at the budget, every multiple of the page size ends one, and every row is read once in order")
    func pagesEndAtTheBudget() throws {
        let folder = try TemporaryDirectory()
        let store = try Self.store(count: 100, in: folder)
        var expected: [RecordedEvent] = []
        try store.forEach(after: 0) { expected.append($0) }
        let pageSize = 8, budget = 4_000
        var found: [RecordedEvent] = []
        var ends: [Int] = []
        var short = 0
        try store.forEachPage(after: 0, pageSize: pageSize, byteBudget: budget, keepingUnreadable: false) { page in
            #expect(page.count <= pageSize)
            let rows = page.indices.map(page.recorded)
            #expect(rows.map(Self.bytes).reduce(0, +) == page.byteCount)
            // Over the budget by its last row at most.
            #expect(page.byteCount - Self.bytes(rows[rows.count - 1]) < budget)
            if page.count < pageSize { short += 1 }
            found += rows
            ends.append(found.count)
            return true
        }
        #expect(found == expected)
        #expect(short > 10, "the budget should cut pages short: \(ends)")
        for multiple in stride(from: pageSize, through: expected.count, by: pageSize) {
            #expect(ends.contains(multiple), "no page ends at \(multiple): \(ends)")
        }
    }

    @Test("with the default budget a page of ordinary events holds its page size")
    func ordinaryPagesAreFull() throws {
        let folder = try TemporaryDirectory()
        let store = try Self.store(count: 100, in: folder)
        var counts: [Int] = []
        try store.forEachPage(after: 0, pageSize: 16) { page in
            counts.append(page.count)
            return true
        }
        #expect(counts == [16, 16, 16, 16, 16, 16, 4])
    }
}
