import EventStore
import Foundation
import Projections
import StanceDomain
import StanceTesting
import Testing

/// A keyed question reads raw rows and decodes them from bytes: the rows must be those the
/// general keyed read gives, and each decoded event exactly the general decoder's, display
/// text and `recordedBy` included.
@Suite("Keyed pages equal the general keyed reads")
struct KeyedPageTests {
    @Test("a page of windows holds the rows events(in:) reads, decoded the same", arguments: 1...4)
    func pageEqualsEvents(seed: UInt64) throws {
        let folder = try TemporaryDirectory()
        var events = RandomLog.events(seed: seed, count: 80)
        // Display text of every kind, with characters that need escaping.
        for index in events.indices where events[index].event.type.effect != .registersActor && events[index].event.retracts == nil {
            events[index].event.summary = "said \"no\" — \(index)\\n"
            events[index].event.quote = "«\(index)»"
        }
        let store = try PageReadTests.store(events, in: folder)
        let windows = [
            KeyWindow(EventKeys.directory), KeyWindow(EventKeys.pair("p0", "t0")),
            KeyWindow(EventKeys.signals(of: "i0"), occurred: RandomLog.zone.startOfDay(RandomLog.firstDay)...RandomLog.zone.startOfDay(RandomLog.firstDay.adding(days: 2))),
        ]
        for through in [nil, 20] as [Int64?] {
            let page = try store.eventPage(in: windows, through: through)
            let general = try store.events(in: windows, through: through)
            #expect(page.indices.map { page.recorded($0) } == general)
            #expect(!general.isEmpty)
            for index in page.indices {
                #expect(try ProjectedEvent(row: index, of: page, in: RandomLog.zone) == ProjectedEvent(general[index], in: RandomLog.zone))
            }
        }
    }

    @Test("a row the quick decoder leaves alone fails with the general decoder's error")
    func undecodableRowFailsTheSame() throws {
        let folder = try TemporaryDirectory()
        let store = try SQLiteEventStore.create(at: folder.uniqueFile(), clock: .fixed(1_700_000_000_000_000))
        var odd = makeEvent(stream: "x", type: "support-declared", payload: #"{"actor":"x","toward":"y","extra":1}"#, id: fixtureID(1))
        odd.keys = ["k"]
        _ = try store.append([odd])
        let page = try store.eventPage(in: [KeyWindow("k")], through: nil)
        #expect(page.count == 1)
        let general = #expect(throws: DomainError.self) { try ProjectedEvent(page.recorded(0), in: .utc) }
        let raw = #expect(throws: DomainError.self) { try ProjectedEvent(row: 0, of: page, in: .utc) }
        #expect(raw?.description == general?.description)
    }
}
