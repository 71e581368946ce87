import EventStore
import Foundation
import StanceDomain

/// Rebuilds every projection from the log: reads the store in `seq` order, decodes each
/// envelope and folds it into the directory and the positions.
///
/// Events that cannot be decoded (a type from a newer stance, a damaged payload) are skipped
/// and reported, never a crash: the answer from the rest is still worth having.
///
/// ```swift
/// let replay = try Replayer.replay(store, in: zone)
/// let query = replay.query
/// ```
public struct Replay: Sendable {
    public var directory: ActorDirectory
    public var positions = Positions()
    /// Every decoded event up to the as-of moment, in `seq` order, retracted ones included.
    public var events: [ProjectedEvent] = []
    /// Which of those events are withdrawn.
    public var retractions = Retractions([])
    /// The events that could not be decoded, with why.
    public var skipped: [(seq: Int64, reason: String)] = []
    /// The moment on the recording axis the replay stopped at, or nil for the whole log.
    public var asOf: AsOf?

    public init(zone: StoreTimeZone, asOf: AsOf? = nil) {
        directory = ActorDirectory(zone: zone)
        self.asOf = asOf
    }

    /// A replay of these events, in `seq` order, folded at once; the array becomes the
    /// replay's own, uncopied.
    init(zone: StoreTimeZone, asOf: AsOf?, folding events: [ProjectedEvent]) {
        self.init(zone: zone, asOf: asOf)
        self.events = events
        retractions = Retractions(events)
        fold(events[...])
    }

    /// Folds decoded events, in `seq` order, into every projection: withdrawn events and the
    /// retractions themselves do not count. When the batch changes what is withdrawn, the
    /// projections are rebuilt from the events; otherwise only the batch is folded in.
    public mutating func apply(_ batch: [ProjectedEvent]) {
        let before = retractions.excluded
        events += batch
        retractions = Retractions(events)
        let rebuild = retractions.excluded != before
        if rebuild {
            directory = ActorDirectory(zone: directory.zone)
            positions = Positions()
        }
        fold(rebuild ? events[...] : events.suffix(batch.count))
    }

    /// Folds the events that count into the directory and the positions.
    private mutating func fold(_ slice: ArraySlice<ProjectedEvent>) {
        for event in slice where counts(event) {
            directory.apply(event)
            positions.apply(event)
        }
    }

    /// Folds one event in.
    public mutating func apply(_ event: ProjectedEvent) {
        apply([event])
    }

    /// Whether an event feeds the projections: not withdrawn, and not a retraction itself.
    public func counts(_ event: ProjectedEvent) -> Bool {
        Self.counts(event, retractions)
    }

    static func counts(_ event: ProjectedEvent, _ retractions: Retractions) -> Bool {
        retractions.counts(event.id) && event.event.retracts == nil
    }

    /// The directory a replay folding these events (in `seq` order) holds, without folding
    /// the positions.
    static func directory(folding events: [ProjectedEvent], zone: StoreTimeZone) -> ActorDirectory {
        let retractions = Retractions(events)
        var directory = ActorDirectory(zone: zone)
        for event in events where counts(event, retractions) {
            directory.apply(event)
        }
        return directory
    }

    public var query: PositionQuery {
        PositionQuery(positions: positions, directory: directory)
    }
}

public enum Replayer {
    /// Replays the log, or the part of it recorded up to `asOf`, telling `progress` the seq of
    /// the last event read as it goes: after each event, or for an SQLite store after each page
    /// of them. `progress` is called inside the store's read, and must not use the store.
    public static func replay(
        _ store: any EventStore, in zone: StoreTimeZone, asOf: AsOf? = nil, progress: (Int64) -> Void = { _ in }
    ) throws -> Replay {
        try replay(store, in: zone, asOf: asOf, trimmed: false, progress: progress)
    }

    /// ``replay(_:in:asOf:progress:)`` of the whole log without what only display reads
    /// (summary, quote, source, reason, recordedBy), as ``DigestFold`` folds it: the same
    /// projections and digests in about half the memory. For the audit's full replay, which
    /// holds every event of the log at once.
    public static func replayForDigests(_ store: any EventStore, in zone: StoreTimeZone) throws -> Replay {
        try replay(store, in: zone, asOf: nil, trimmed: true) { _ in }
    }

    /// Either replay: from raw pages for an SQLite store, else the general way.
    private static func replay(
        _ store: any EventStore, in zone: StoreTimeZone, asOf: AsOf?, trimmed: Bool, progress: (Int64) -> Void
    ) throws -> Replay {
        if let store = store as? SQLiteEventStore {
            return try replay(pagesOf: store, in: zone, asOf: asOf, trimmed: trimmed, progress: progress)
        }
        return try replay(recordsOf: store, in: zone, asOf: asOf, trimmed: trimmed, progress: progress)
    }

    /// ``replay(_:in:asOf:progress:)`` the general way, one ``RecordedEvent`` at a time: for
    /// stores of any kind, and the reading the page path of an SQLite store is held to.
    static func replay(
        recordsOf store: any EventStore, in zone: StoreTimeZone, asOf: AsOf?, trimmed: Bool = false, progress: (Int64) -> Void
    ) throws -> Replay {
        var replay = Replay(zone: zone, asOf: asOf)
        var decoded: [ProjectedEvent] = []
        do {
            try store.forEach(after: 0) { recorded in
                if let asOf, asOf.isPast(recorded) { throw EndOfReplay() }
                do {
                    let event = try ProjectedEvent(recorded, in: zone)
                    decoded.append(trimmed ? DigestFold.trimmed(event, in: zone) : event)
                } catch {
                    replay.skipped.append((recorded.seq, "\(error)"))
                }
                progress(recorded.seq)
            }
        } catch is EndOfReplay {}
        replay.apply(decoded)
        return replay
    }

    /// Thrown to stop reading at the first event past the as-of moment.
    struct EndOfReplay: Error {}
}

extension Replayer {
    /// Folds the log, or the part of it recorded up to `asOf`, into a ``DigestFold``, in
    /// bounded memory: each page is decoded on every core while the next one is read, and
    /// dropped once folded.
    public static func digestFold(
        _ store: any EventStore, in zone: StoreTimeZone, asOf: AsOf? = nil, progress: (Int64) -> Void = { _ in }
    ) throws -> (fold: DigestFold, skipped: [(seq: Int64, reason: String)]) {
        if let store = store as? SQLiteEventStore {
            return try digestFold(pagesOf: store, in: zone, asOf: asOf, progress: progress)
        }
        let folding = PageFolder(zone: zone)
        var page: [RecordedEvent] = []
        func flush() {
            let recorded = page
            folding.decode(lastSeq: recorded.last?.seq, count: recorded.count, progress: progress) { index in
                Result { () throws(DecodeFailure) -> DigestFold.Item in
                    do { return DigestFold.Item(try ProjectedEvent(recorded[index], in: zone), in: zone) } catch {
                        throw DecodeFailure(seq: recorded[index].seq, reason: "\(error)")
                    }
                }
            }
            page = []
            page.reserveCapacity(pageSize)
        }
        do {
            try store.forEach(after: 0) { recorded in
                if let asOf, asOf.isPast(recorded) { throw EndOfReplay() }
                page.append(recorded)
                if page.count == pageSize { flush() }
            }
        } catch is EndOfReplay {}
        flush()
        folding.finish(progress: progress)
        return (folding.fold, folding.skipped)
    }

    /// A page handed to the other threads to decode while the reader goes on.
    final class DecodingPage<Decoded: Sendable>: @unchecked Sendable {
        let group = DispatchGroup()
        let lastSeq: Int64?
        /// Written by the decoding task before it leaves the group; read only after `wait()`.
        private(set) var results: [Result<Decoded, DecodeFailure>] = []

        init(lastSeq: Int64?, count: Int, decode: @escaping @Sendable (Int) -> Result<Decoded, DecodeFailure>) {
            self.lastSeq = lastSeq
            DispatchQueue.global().async(group: group) { [self] in
                results = Replayer.decode(count: count, decode)
            }
        }
    }

    /// How many events are decoded together, split across the cores.
    static let pageSize = 2048

    /// Why an event could not be decoded.
    struct DecodeFailure: Error {
        let seq: Int64
        let reason: String
    }

    /// Decodes a page on every core, in order.
    static func decode(_ page: [RecordedEvent], in zone: StoreTimeZone) -> [Result<ProjectedEvent, DecodeFailure>] {
        decode(count: page.count) { index in
            Result { () throws(DecodeFailure) -> ProjectedEvent in
                do { return try ProjectedEvent(page[index], in: zone) } catch {
                    throw DecodeFailure(seq: page[index].seq, reason: "\(error)")
                }
            }
        }
    }

    /// Decodes `count` events, `one` each, on every core; the results in order.
    ///
    /// Each core writes its share straight into the one array returned: joining an array per
    /// core grew the result and moved every result again, a page at a time.
    static func decode<Decoded>(count: Int, _ one: @Sendable (Int) -> Result<Decoded, DecodeFailure>) -> [Result<Decoded, DecodeFailure>] {
        guard count > 0 else { return [] }
        let parts = min(ProcessInfo.processInfo.activeProcessorCount, max(1, count / 256))
        let size = (count + parts - 1) / parts
        return Array(unsafeUninitializedCapacity: count) { buffer, initialized in
            // Each core initializes its own slice, and no other memory: the closure returns
            // only once every slice is written.
            nonisolated(unsafe) let start = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                for index in (part * size)..<min(count, (part + 1) * size) {
                    (start + index).initialize(to: one(index))
                }
            }
            initialized = count
        }
    }
}
