import EventStore
import Foundation
import StanceDomain

extension KeyIndex {
    /// One event's part of the keys a replay expects, worked out on the thread that decoded it.
    public enum Share: Sendable {
        /// Past the index head: not indexed yet, which is not damage.
        case none
        /// The digest of the event's keys: any event but a decoded retraction.
        case digest(KeyDigest)
        /// A retraction, whose keys take in those of the events it names: looked up once the
        /// whole log is read. Boxed: an event is large, retractions are few, and every other
        /// share stays small to move.
        indirect case retraction(UUID, StanceEvent, occurred: Int64?)
    }

    /// The share of an event (nil: it could not be decoded) at `seq`, for an index whose head
    /// is `head`: its keys as ``keys(of:id:in:known:store:)`` gives them.
    static func share(of event: StanceEvent?, id: UUID, seq: Int64, occurred: Int64?, head: Int64) -> Share {
        guard seq <= head else { return .none }
        if let event, event.retracts != nil { return .retraction(id, event, occurred: occurred) }
        var digest = KeyDigest()
        if let event, quickShare(of: event, seq: seq, occurred: occurred, into: &digest) { return .digest(digest) }
        // No lookup: only a retraction's keys need other events.
        let keys = event.map { EventKeys.keys(of: $0) { _ in nil } } ?? [EventKeys.undecodable]
        for key in Set(keys) { digest.add(key, seq, occurred) }
        return .digest(digest)
    }

    /// The digest of the keys of a position or signal event, most of a log, written straight
    /// into a buffer rather than as Strings: the keys ``EventKeys/own(_:)`` gives it, which are
    /// distinct (their prefixes differ). False, with nothing added, for any other event.
    static func quickShare(of event: StanceEvent, seq: Int64, occurred: Int64?, into digest: inout KeyDigest) -> Bool {
        switch event.type.effect {
        case .sets, .setsGivenPosition, .signal: break
        default: return false
        }
        if event.isSignal {
            add("signal:", event.actor, nil, seq, occurred, into: &digest)
            add("signal:", event.actor, event.toward ?? "", seq, occurred, into: &digest)
        } else if event.setsPosition != nil, let toward = event.toward {
            add("pair:", event.actor, toward, seq, occurred, into: &digest)
            add("from:", event.actor, nil, seq, occurred, into: &digest)
        }
        return true
    }

    /// Adds the key `prefix + actor`, or `prefix + actor + ">" + toward`, to the digest.
    private static func add(_ prefix: StaticString, _ actor: String, _ toward: String?, _ seq: Int64, _ occurred: Int64?, into digest: inout KeyDigest) {
        var actor = actor, toward = toward
        let count = prefix.utf8CodeUnitCount + actor.utf8.count + (toward.map { $0.utf8.count + 1 } ?? 0)
        withUnsafeTemporaryAllocation(byteCount: count, alignment: 1) { key in
            // Offsets worked out piece by piece rather than one shared by a nested function,
            // which boxed it and checked every write for exclusive access at run time.
            let base = key.baseAddress!
            let prefixCount = prefix.utf8CodeUnitCount
            base.copyMemory(from: prefix.utf8Start, byteCount: prefixCount)
            let actorEnd = actor.withUTF8 { bytes in
                if let source = bytes.baseAddress { (base + prefixCount).copyMemory(from: source, byteCount: bytes.count) }
                return prefixCount + bytes.count
            }
            if toward != nil {
                base.storeBytes(of: UInt8(ascii: ">"), toByteOffset: actorEnd, as: UInt8.self)
                toward!.withUTF8 { bytes in
                    if let source = bytes.baseAddress { (base + actorEnd + 1).copyMemory(from: source, byteCount: bytes.count) }
                }
            }
            digest.add(UnsafeRawBufferPointer(key), seq, occurred)
        }
    }

    /// ``verify(_:in:)`` from the shares of a pass over the log: `expected` sums every share
    /// but the retractions', whose keys are `retractionKeys` when worked out already, and are
    /// worked out here otherwise, with the events they name looked up in the store.
    static func compare(
        expected: KeyDigest, retractions: [Retraction], retractionKeys: KeyDigest?, stored aside: StoredKeys,
        store: SQLiteEventStore, in zone: StoreTimeZone
    ) throws -> Comparison {
        var expected = expected
        if let retractionKeys {
            expected.merge(retractionKeys)
        } else {
            var keys = RetractionKeys(zone: zone, timeless: store.timelessEventsInEveryWindow)
            try store.withEventPageLookup { lookup in try keys.add(retractions, lookup: lookup) }
            expected.merge(keys.digest)
        }
        let readAside = try aside.reading.result()
        var stored = aside.digest
        let plain = try readAside ?? store.forEachKeyBytes { key, seq, occurred in stored.add(key, seq, occurred) }
        if !plain {
            stored = KeyDigest()
            try store.forEachKey { key, seq, occurred in stored.add(key, seq, occurred) }
        }
        return Comparison(expected: expected, stored: stored)
    }

    /// The digest of the stored index, read beside an audit's pass (see
    /// ``SQLiteEventStore/forEachKeyBytesAside(_:)``).
    final class StoredKeys: @unchecked Sendable {
        /// Written by the reading thread alone until ``reading``'s result is in.
        private(set) var digest = KeyDigest()
        private(set) var reading: SQLiteEventStore.AsideRead<Bool>!

        init(_ store: SQLiteEventStore) {
            // Held by the reading task until it ends: `result()` is always waited for.
            reading = store.forEachKeyBytesAside { [self] key, seq, occurred in digest.add(key, seq, occurred) }
        }
    }
}
