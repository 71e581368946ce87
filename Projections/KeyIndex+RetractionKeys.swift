import EventStore
import Foundation
import StanceDomain

extension KeyIndex {
    /// A retraction found by an audit's pass, with what its key rows carry.
    typealias Retraction = (seq: Int64, id: UUID, event: StanceEvent, occurred: Int64?)

    /// The key rows of retractions, summed: a retraction carries the keys of the events it
    /// names (``EventKeys/keys(of:lookup:)``), which are looked up by id.
    struct RetractionKeys {
        private(set) var digest = KeyDigest()
        let zone: StoreTimeZone
        /// Whether a retraction's rows carry no occurred_at (schema 5 on).
        let timeless: Bool

        init(zone: StoreTimeZone, timeless: Bool) {
            self.zone = zone
            self.timeless = timeless
        }

        /// Each event a retraction names is looked up whenever it is named (nearly always once):
        /// keeping the named events, or the retractions, decoded beside an audit's pass added
        /// up to ~40 MB to a million-event audit's peak. What the store gives is what a lookup
        /// at the time would have given, so the order of lookups does not matter.
        mutating func add(_ retractions: [Retraction], lookup: (UUID) throws -> RawEventPage?) throws {
            for retraction in retractions {
                let keys = try EventKeys.keys(of: retraction.event) { id -> StanceEvent? in
                    try lookup(id).flatMap { try? ProjectedEvent(row: 0, of: $0, in: zone).event }
                }
                let occurred = timeless && KeyWindow.isTimeless(keys) ? nil : retraction.occurred
                for key in Set(keys) { digest.add(key, retraction.seq, occurred) }
            }
        }
    }

    /// ``RetractionKeys`` worked out on a connection and a thread of their own, a batch at a
    /// time, while the pass goes on reading: the lookups (~22,000 random ones on a million
    /// events, ~0.3 s) otherwise waited for the end of the pass.
    final class RetractionKeysAside: @unchecked Sendable {
        private let queue = DispatchQueue(label: "stance.audit.retraction-keys")
        private let lookup: SQLiteEventStore.EventLookupAside
        /// Used on `queue` alone.
        private var keys: RetractionKeys
        private var failure: (any Error)?
        /// Used on the caller's thread alone.
        private var pending: [Retraction] = []
        static let batchSize = 1024

        /// Nil when no second connection can be opened.
        init?(_ store: SQLiteEventStore, in zone: StoreTimeZone) {
            guard let lookup = store.eventLookupAside() else { return nil }
            self.lookup = lookup
            keys = RetractionKeys(zone: zone, timeless: store.timelessEventsInEveryWindow)
        }

        func add(_ retraction: Retraction) {
            pending.append(retraction)
            if pending.count >= Self.batchSize { send() }
        }

        /// The digest of every retraction added, once worked out.
        func result() throws -> KeyDigest {
            send()
            return try queue.sync {
                if let failure { throw failure }
                return keys.digest
            }
        }

        private func send() {
            guard !pending.isEmpty else { return }
            let batch = pending
            pending = []
            queue.async { [self] in
                guard failure == nil else { return }
                do {
                    try lookup.withEventPageLookup { lookup in try keys.add(batch, lookup: lookup) }
                } catch {
                    failure = error
                }
            }
        }
    }
}
