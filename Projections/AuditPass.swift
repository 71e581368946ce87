import EventStore
import Foundation
import StanceDomain

/// An audit's reading of the log in one pass: the chain (``SQLiteEventStore/auditChain(work:_:)``),
/// the events (``EventAudit``) and the key index (``KeyIndex/verify(_:in:)``), each event read
/// and decoded once, on every core, while the next page is read.
///
/// What it finds is what those three find run one after the other.
///
/// ```swift
/// let pass = try AuditPass.run(store, in: zone)
/// print(pass.chain.findings, pass.events.findings, pass.keys?.matches)
/// ```
public struct AuditPass {
    public var chain: SQLiteEventStore.ChainReport
    public var events: EventAudit
    /// The stored key index against the keys the log gives; nil when some row cannot be read
    /// (as ``KeyIndex/verify(_:in:)`` then throws).
    public var keys: KeyIndex.Comparison?
    /// The clustered copies against their events and key rows (unreadable when SQL could not
    /// compare them); nil when the log could not be read whole.
    public var copies: SQLiteEventStore.CopyCheck?

    public static func run(_ store: SQLiteEventStore, in zone: StoreTimeZone) throws -> AuditPass {
        let head = try store.keyIndexHead()
        // The stored index is read on a connection of its own while the log is.
        let stored = KeyIndex.StoredKeys(store)
        // So are the clustered copies compared with their events, and the retractions' keys
        // worked out as the pass finds them.
        let copies = store.clusteredCopyMismatchesAside()
        let retractionKeys = KeyIndex.RetractionKeysAside(store, in: zone)
        // Whatever happens, the reading ends before the pass does.
        defer {
            _ = try? stored.reading.result()
            _ = try? copies.result()
            _ = try? retractionKeys?.result()
        }
        var events = EventAudit(zone: zone)
        var expected = KeyDigest()
        var retractions: [KeyIndex.Retraction] = []
        let carried = store.keyRowsCarryOccurredAt
        var delivered: Int64 = 0
        let chain = try store.auditChain(work: { page in
            PreparedPage(page, in: zone, keyIndexHead: head, keyRowsCarryOccurredAt: carried)
        }) { (page: RawEventPage, index: Int, work: PreparedPage) in
            guard let prepared = work.take(index) else { return }
            delivered += 1
            switch prepared.checked {
            case .success(let checked): events.check(checked)
            case .failure(let failure): events.reportUndecodable(seq: page[index].seq, failure.reason)
            }
            switch prepared.keys {
            case .none: break
            case .digest(let digest): expected.merge(digest)
            case .retraction(let id, let event, let occurred):
                let retraction = (seq: page[index].seq, id: id, event: event, occurred: occurred)
                retractions.append(retraction)
                retractionKeys?.add(retraction)
            }
        }
        var pass = AuditPass(chain: chain, events: events, keys: nil, copies: nil)
        // A row that cannot be read would have stopped the key index's own replay.
        if delivered == chain.rows {
            // Worked out again on the store's own connection if the aside one failed.
            let aside = try? retractionKeys?.result()
            pass.keys = try? KeyIndex.compare(
                expected: expected, retractions: retractions, retractionKeys: aside, stored: stored, store: store, in: zone)
            do {
                pass.copies = try copies.result() ?? store.clusteredCopyMismatches()
            } catch {
                pass.copies = SQLiteEventStore.CopyCheck(unreadable: "\(error)")
            }
        }
        return pass
    }
}
