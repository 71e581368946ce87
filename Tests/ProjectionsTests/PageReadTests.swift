import EventStore
import Foundation
@testable import Projections
import StanceDomain
import StanceTesting
import Testing

/// The raw page reads of an SQLite store (replay's fold, the audit's single pass) must give
/// what the general paths give: the same rows, the same digests at every cut, the same
/// findings and the same key index comparison.
@Suite("Raw page reads equal the general reads")
struct PageReadTests {
    /// An SQLite store holding the events with the keys the recorder would give them, and a
    /// retraction whose target is not in the log, so that the audit has something to find.
    static func store(_ events: [MadeEvent], in folder: TemporaryDirectory) throws -> SQLiteEventStore {
        let store = try SQLiteEventStore.create(
            at: folder.uniqueFile(), settings: ["timezone": RandomLog.zone.identifier], clock: .fixed(1_700_000_000_000_000))
        let byID = Dictionary(events.map { ($0.id, $0.event) }, uniquingKeysWith: { first, _ in first })
        var batch: [NewEvent] = []
        for made in events {
            var new = newEvent(made.id, made.event, in: RandomLog.zone)
            new.keys = EventKeys.keys(of: made.event) { byID[$0] }
            batch.append(new)
        }
        _ = try store.append(batch)
        return store
    }

    @Test("pages hold the rows forEach reads", arguments: 1...4)
    func pagesHoldTheRows(seed: UInt64) throws {
        let folder = try TemporaryDirectory()
        let store = try Self.store(RandomLog.events(seed: seed, count: 80), in: folder)
        var expected: [RecordedEvent] = []
        try store.forEach(after: 0) { expected.append($0) }
        for after in [0, 7] as [Int64] {
            var found: [RecordedEvent] = []
            var scratch: [UInt8] = []
            try store.forEachPage(after: after, pageSize: 16) { page in
                for index in page.indices {
                    found.append(page.recorded(index))
                    #expect(page.recomputedHashIfChanged(index, scratch: &scratch) == nil)
                }
                return true
            }
            #expect(found == Array(expected.dropFirst(Int(after))))
        }
    }

    @Test("replay's fold from pages equals a full replay, at every cut", arguments: 1...8)
    func foldFromPagesEqualsReplay(seed: UInt64) throws {
        let folder = try TemporaryDirectory()
        let store = try Self.store(RandomLog.events(seed: seed, count: 120), in: folder)
        let head = try store.head().seq
        for through in [head, head / 2, head * 3 / 4, 1] {
            // The general reading, one RecordedEvent at a time: both replays of an SQLite store
            // read raw pages now, so this is what keeps the check independent.
            let full = try Replayer.replay(recordsOf: store, in: RandomLog.zone, asOf: .seq(through)) { _ in }
            let folded = try Replayer.digestFold(store, in: RandomLog.zone, asOf: .seq(through))
            #expect(folded.fold.digests() == ProjectionDigests(full))
            #expect(folded.fold.count == full.events.count)
            #expect(folded.skipped.isEmpty)
        }
    }

    @Test("a full replay from pages equals the general reading, event for event, at every cut", arguments: 1...6)
    func replayFromPagesEqualsTheGeneralReading(seed: UInt64) throws {
        let folder = try TemporaryDirectory()
        let store = try Self.store(RandomLog.events(seed: seed, count: 150), in: folder)
        // Rows no stance of this version decodes, which both readings must skip alike.
        var rng = SplitMix64(seed: seed &+ 77)
        let odd = [("a-type-from-later", EventType.schemaVersion, "{\"actor\":\"p0\"}"),
                   ("statement-issued", EventType.schemaVersion, "{\"actor\": p0}"),
                   ("statement-issued", EventType.schemaVersion + 1, "{\"actor\":\"p0\",\"summary\":\"s\"}")]
        _ = try store.append(odd.map { type, version, payload in
            NewEvent(id: RandomLog.uuid(&rng), stream: "p0", type: type, schemaVersion: version, occurredAt: 0, precision: .day, payload: payload)
        })
        let head = try store.head().seq
        for through in [head, head - 2, head / 2, head * 3 / 4, 1, 0] {
            var seen: [Int64] = []
            let pages = try Replayer.replay(store, in: RandomLog.zone, asOf: .seq(through)) { seen.append($0) }
            let general = try Replayer.replay(recordsOf: store, in: RandomLog.zone, asOf: .seq(through)) { _ in }
            #expect(pages.events == general.events)
            #expect(pages.skipped.map(\.seq) == general.skipped.map(\.seq))
            #expect(pages.skipped.map(\.reason) == general.skipped.map(\.reason))
            #expect(ProjectionDigests(pages) == ProjectionDigests(general))
            #expect(pages.events.count + pages.skipped.count == Int(through))
            #expect(pages.skipped.count == max(0, 3 - Int(head - through)))
            #expect(seen.last == (through > 0 ? through : nil), "progress reaches the cut")
        }
        // The audit's full replay leaves out what only display reads, with the same digests.
        let trimmed = try Replayer.replayForDigests(store, in: RandomLog.zone)
        let whole = try Replayer.replay(recordsOf: store, in: RandomLog.zone, asOf: nil) { _ in }
        #expect(ProjectionDigests(trimmed) == ProjectionDigests(whole))
        #expect(trimmed.events.map(\.seq) == whole.events.map(\.seq))
        #expect(trimmed.skipped.map(\.reason) == whole.skipped.map(\.reason))
        #expect(whole.events.contains { $0.event.summary != nil })
        #expect(trimmed.events.allSatisfy { $0.event.summary == nil && $0.event.quote == nil && $0.recordedBy == nil })
    }

    @Test("the audit's single pass finds what the chain audit, the event audit and the key check find", arguments: 1...6)
    func auditPassEqualsTheSeparateChecks(seed: UInt64) throws {
        let folder = try TemporaryDirectory()
        var events = RandomLog.events(seed: seed, count: 100)
        var rng = SplitMix64(seed: seed &+ 1_000)
        // A retraction naming no event of the log: a reference finding, and keys for an
        // event the store cannot look up.
        var stray = StanceEvent(type: EventType.named("event-retracted")!, occurred: events[0].event.occurred, actor: "p0")
        stray.retracts = RandomLog.uuid(&rng)
        stray.reason = "no such event"
        events.append((RandomLog.uuid(&rng), stray))
        let store = try Self.store(events, in: folder)

        var separate = EventAudit(zone: RandomLog.zone)
        let chain = try store.auditChain { separate.check($0) }
        try separate.checkReferences { try store.seq(ofEventWithID: $0) }
        let keys = try KeyIndex.verify(store, in: RandomLog.zone)

        var pass = try AuditPass.run(store, in: RandomLog.zone)
        try store.withSeqLookup { try pass.events.checkReferences($0) }
        #expect(pass.chain.findings == chain.findings)
        #expect(pass.chain.rows == chain.rows && pass.chain.head == chain.head && pass.chain.lastSeq == chain.lastSeq)
        #expect(pass.events.findings == separate.findings)
        #expect(!pass.events.findings.isEmpty)
        #expect(pass.events.fold.digests() == separate.fold.digests())
        #expect(pass.keys == keys)
        #expect(keys.matches)
    }
}
