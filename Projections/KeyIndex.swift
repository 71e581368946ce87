import EventStore
import Foundation
import StanceDomain

/// Keeps the store's key index (see ``EventKeys``) level with the log, and checks it.
///
/// Events appended by this program carry their keys in the same transaction. A store from
/// before the index, or events appended by a tool that does not compute keys, leave the index
/// behind the log; ``catchUp(_:in:)`` indexes what is missing before keyed reads are trusted.
public enum KeyIndex {
    /// Indexes every event after the index head; returns how many it indexed.
    @discardableResult
    public static func catchUp(_ store: any EventStore, in zone: StoreTimeZone) throws -> Int {
        let from = try store.keyIndexHead()
        guard from < (try store.head()).seq else { return 0 }
        var entries: [(seq: Int64, keys: [String])] = []
        var decoded: [UUID: StanceEvent] = [:]
        try store.forEach(after: from) { recorded in
            entries.append((recorded.seq, try keys(of: recorded, in: zone, known: &decoded, store: store)))
            if entries.count == 4096 {
                try store.indexKeys(entries)
                entries.removeAll(keepingCapacity: true)
            }
        }
        try store.indexKeys(entries)
        return Int(try store.keyIndexHead() - from)
    }

    /// An event's keys; an event that cannot be decoded is indexed as such, so that every
    /// keyed read reports it.
    static func keys(
        of recorded: RecordedEvent, in zone: StoreTimeZone, known: inout [UUID: StanceEvent], store: any EventStore
    ) throws -> [String] {
        try keys(of: try? ProjectedEvent(recorded, in: zone).event, id: recorded.id, in: zone, known: &known, store: store)
    }

    /// The keys of an event already decoded (nil: it could not be).
    static func keys(
        of event: StanceEvent?, id: UUID, in zone: StoreTimeZone, known: inout [UUID: StanceEvent], store: any EventStore
    ) throws -> [String] {
        guard let event else { return [EventKeys.undecodable] }
        if event.retracts != nil { known[id] = event }
        return try EventKeys.keys(of: event) { id in
            if let event = known[id] { return event }
            return try store.event(withID: id).flatMap { try? ProjectedEvent($0, in: zone).event }
        }
    }

    /// The keys a full replay gives each event, as one order-independent digest, beside the
    /// same digest of what the store holds: equal when the index is exactly what the log says.
    public struct Comparison: Sendable, Equatable {
        public var expected: KeyDigest
        public var stored: KeyDigest
        public var matches: Bool { expected == stored }

        /// The pairs the store holds, said against the replay's: the digests' sums are keyed
        /// afresh in each process, so a message says how the pairs differ, never what they
        /// sum to.
        /// `place`, if given, follows the count: "61 pairs in the store, as many but not the
        /// same ones".
        public func storedDescription(_ place: String = "") -> String {
            let pairs = "\(stored.count) pairs" + (place.isEmpty ? "" : " " + place)
            return !matches && stored.count == expected.count ? pairs + ", as many but not the same ones" : pairs
        }
    }

    /// Recomputes every event's keys from the log and compares them with the stored index, up
    /// to the index head (events after it are not indexed yet, which is not damage).
    public static func verify(_ store: any EventStore, in zone: StoreTimeZone) throws -> Comparison {
        let head = try store.keyIndexHead()
        let carried = store.keyRowsCarryOccurredAt
        let timeless = store.timelessEventsInEveryWindow
        var expected = KeyDigest()
        var decoded: [UUID: StanceEvent] = [:]
        var page: [RecordedEvent] = []
        // Pages are decoded on every core; the keys, which may look up a retraction's target,
        // are taken on this thread.
        func process() throws {
            for (recorded, result) in zip(page, Replayer.decode(page, in: zone)) {
                let event = try? result.get().event
                let found = try keys(of: event, id: recorded.id, in: zone, known: &decoded, store: store)
                let occurred = carried && !(timeless && KeyWindow.isTimeless(found)) ? recorded.occurredAt : nil
                for key in Set(found) { expected.add(key, recorded.seq, occurred) }
            }
            page.removeAll(keepingCapacity: true)
        }
        try store.forEach(after: 0) { recorded in
            guard recorded.seq <= head else { return }
            page.append(recorded)
            if page.count == Replayer.pageSize { try process() }
        }
        try process()
        var stored = KeyDigest()
        try store.forEachKey { key, seq, occurred in stored.add(key, seq, occurred) }
        return Comparison(expected: expected, stored: stored)
    }
}

/// An order-independent digest of (key, seq, occurred_at) rows (a ``MultisetDigest``), so that
/// the stored index can be compared with a replay without sorting millions of rows. The
/// `occurred_at` a row carries is what windowed reads filter on: a wrong copy would hide its
/// event from them. Like its base, it is only compared within the process that made it.
public struct KeyDigest: Sendable, Equatable {
    private var rows = MultisetDigest()

    /// How many rows were added.
    public var count: Int { Int(rows.count) }

    public init() {}

    mutating func add(_ key: String, _ seq: Int64, _ occurred: Int64?) {
        var key = key
        key.withUTF8 { add(UnsafeRawBufferPointer($0), seq, occurred) }
    }

    /// Adds a row whose key is given as its UTF-8 bytes: the key, a 0 byte, the seq (8 bytes,
    /// big-endian), then 1 and `occurred` (8 bytes) or a lone 0 when there is none, in a
    /// buffer on the stack.
    mutating func add(_ key: UnsafeRawBufferPointer, _ seq: Int64, _ occurred: Int64?) {
        withUnsafeTemporaryAllocation(byteCount: key.count + 18, alignment: 8) { buffer in
            buffer.copyMemory(from: key)
            buffer[key.count] = 0
            buffer.storeBytes(of: seq.bigEndian, toByteOffset: key.count + 1, as: Int64.self)
            guard let occurred else {
                buffer[key.count + 9] = 0
                return rows.add(UnsafeRawBufferPointer(rebasing: buffer[..<(key.count + 10)]))
            }
            buffer[key.count + 9] = 1
            buffer.storeBytes(of: occurred.bigEndian, toByteOffset: key.count + 10, as: Int64.self)
            rows.add(UnsafeRawBufferPointer(buffer))
        }
    }

    /// Adds every row of another digest: the digests of parts sum to the digest of the whole.
    mutating func merge(_ other: KeyDigest) {
        rows.merge(other.rows)
    }
}
