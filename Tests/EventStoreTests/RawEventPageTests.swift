@testable import EventStore
import Foundation
import StanceTesting
import Testing

/// A page keeps why each unreadable row could not be read beside its rows, which hold only
/// plain values: the reasons must follow their rows through merging and sorting.
@Suite("Raw event pages")
struct RawEventPageTests {
    static func page(_ rows: [(seq: Int64, reason: String?)]) -> RawEventPage {
        var page = RawEventPage(capacity: rows.count)
        for row in rows {
            if let reason = row.reason {
                page.appendUnreadable(seq: row.seq, reason: reason)
            } else {
                page.append(makeRecorded(seq: row.seq))
            }
        }
        return page
    }

    /// A readable row of `seq`, its columns made up: only where it sits matters here.
    static func makeRecorded(seq: Int64) -> RecordedEvent {
        let hash = ChainHash.Digest(bytes: [UInt8](repeating: UInt8(seq), count: 32))!
        return RecordedEvent(
            seq: seq, id: fixtureID(Int(seq)), stream: "s", streamVersion: seq, type: "t", schemaVersion: 1, occurredAt: 0,
            precision: .day, recordedAt: 0, payload: "{\"n\":\(seq)}", metadata: "{}", prevHash: hash, hash: hash)
    }

    @Test("reasons follow their rows when a page takes in another and sorts")
    func reasonsFollowTheirRows() {
        var page = Self.page([(3, "bad id"), (1, nil), (5, "bad hash")])
        page.absorb(Self.page([(2, "bad precision"), (4, nil), (1, nil)]))
        #expect(page.indices.map { page.unreadable($0) } == ["bad id", nil, "bad hash", "bad precision", nil, nil])
        page.sortBySeqDroppingRepeats()
        #expect(page.indices.map { page[$0].seq } == [1, 2, 3, 4, 5])
        #expect(page.indices.map { page.unreadable($0) } == [nil, "bad precision", "bad id", nil, "bad hash"])
        #expect(page.text(0, .payload) == "{\"n\":1}")
        #expect(page.text(3, .payload) == "{\"n\":4}")
    }

    @Test("a row whose stored hash is wrong gets the chain encoding's hash, whatever its length")
    func aChangedRowsHashIsTheChainEncodings() {
        var events = (1...4).map { Self.makeRecorded(seq: $0) }
        // Long and non-ASCII texts, so that the scratch buffer grows and lengths count bytes.
        var long = Self.makeRecorded(seq: 5)
        long.payload = "{\"n\":\"" + String(repeating: "é, ", count: 3_000) + "\"}"
        long.metadata = "{\"recordedBy\":\"Añez\"}"
        events.append(long)
        events.append(Self.makeRecorded(seq: 6))
        let page = RawEventPage(events)
        var scratch: [UInt8] = []
        for (index, event) in events.enumerated() {
            #expect(page.recomputedHashIfChanged(index, scratch: &scratch) == ChainHash.hash(of: event, previous: event.prevHash))
        }
        var right = events[2]
        right.hash = ChainHash.hash(of: right, previous: right.prevHash)
        #expect(RawEventPage([right]).recomputedHashIfChanged(0, scratch: &scratch) == nil)
    }
}
