@testable import EventStore
import Foundation
import GRDB
import StanceTesting
import Testing

/// The lookup by id an audit runs for each retraction's targets gives, as a page of one row,
/// what ``SQLiteEventStore/event(withID:)`` gives: the event, nothing, or the same error.
@Suite("Event lookup by page")
struct EventPageLookupTests {
    @Test("Every event, an unknown id and a damaged row, as event(withID:) reads them")
    func sameAsEventWithID() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("stance.sqlite")
            try TestSupport.makeStore(at: path, events: 40)
            try DatabaseQueue(path: path).write { db in
                try db.execute(sql: """
                    PRAGMA ignore_check_constraints = ON;
                    DROP TRIGGER events_are_never_updated;
                    UPDATE events SET precision = 'week' WHERE seq = 7;
                    UPDATE events SET payload = CAST(payload AS BLOB) WHERE seq = 9;
                    """)
            }
            let store = try SQLiteEventStore.open(at: path, clock: TestSupport.clock)
            // Ids 1...40, then one no event has, each looked up as the store's own read gives
            // it (an error thrown out of the lookup is told with the store's path).
            for n in 1...41 {
                let general = Result { try store.event(withID: fixtureID(n)) }
                let paged = Result { try store.withEventPageLookup { lookup in try lookup(fixtureID(n)).map { $0.recorded(0) } } }
                switch (general, paged) {
                case (.success(let event), .success(let fromPage)):
                    #expect(fromPage == event, "event \(n)")
                    #expect((fromPage == nil) == (n == 41), "event \(n)")
                case (.failure(let error), .failure(let fromPage)):
                    #expect("\(fromPage)" == "\(error)", "event \(n)")
                    #expect([7, 9].contains(n), "event \(n)")
                default:
                    Issue.record("event \(n): \(general) against \(paged)")
                }
            }
            // One lookup's error does not spoil the next.
            let after: [Bool] = try store.withEventPageLookup { lookup in
                [7, 8, 9, 10].map { n in (try? lookup(fixtureID(n))) != nil }
            }
            #expect(after == [false, true, false, true])
        }
    }
}
