import Foundation

/// The writer a pipelined write hands its body, on the body's own thread: it plans each row
/// here (the id check, the stream version, `seq`, `recorded_at` and the hash chain, through the
/// same ``AppendPlanner`` as ``SQLiteEventWriter``) and queues it for the connection's thread,
/// so that the caller's work and the hashing overlap SQLite's.
///
/// Reads that need the rows this writer appended go through the queue and wait for every row
/// queued before them, so they see the batch exactly as a serial writer would. Reads that
/// need no such row are answered here, without that wait: from nothing when the write started
/// on an empty log, and from ``before``, the log as the write found it, otherwise. That covers
/// the read made for every event (whether its id is used) and most of a retraction's (whether
/// its target was retracted before).
final class PipelinedEventWriter: EventWriter {
    private let pipe: RowPipe
    /// Used only on the connection's thread, through ``RowPipe/read(_:)``.
    private let store: SQLiteEventWriter
    private(set) var planner: AppendPlanner
    /// The first 64 bits of every id appended: an id not among them is new; one among them is
    /// looked up in the log (a real repeat or, about once in two million million-event imports
    /// of random v4 ids, which have 60 random bits there, two ids sharing those bits).
    private var appendedIDs = Set<UInt64>()
    /// Every key this writer appended under, with its id in `index_keys`: a stored key's id,
    /// or one given here, in the order keys are first used, as SQLite numbers a table's rows.
    /// A keyed read under none of them needs none of the queued rows. By the keys' bytes, as
    /// `index_keys` tells them apart.
    private var keyIDs: [ExactText: Int64] = [:]
    /// The id the next key new to `index_keys` gets.
    private var nextKeyID: Int64
    /// The last id looked up and what was found, so that the planner does not repeat the
    /// caller's lookup just before an append.
    private var lastLookup: (id: UUID, found: RecordedEvent?)?
    /// The log as the write found it, when it held events: set on the body's thread for the
    /// body's run (see ``EventPipeline``). Nil for an empty log.
    var before: LogSnapshot?

    /// Takes over planning from `store`, which must not append by itself meanwhile; keys new
    /// to `index_keys` get ids from `firstKeyID` on.
    init(_ store: SQLiteEventWriter, pipe: RowPipe, firstKeyID: Int64) {
        self.store = store
        self.pipe = pipe
        planner = store.planner
        nextKeyID = firstKeyID
    }

    var head: ChainHead { planner.head }

    func append(_ event: NewEvent) throws -> AppendOutcome {
        let step = try planner.add(
            event,
            storedEvent: { id in
                if let last = self.lastLookup, last.id == id { return last.found }
                return try self.event(withID: id)
            },
            // The planner asks only about streams this writer has not appended to.
            storedVersion: { stream in try self.before?.storedVersion(of: stream) ?? 0 })
        switch step {
        case .alreadyStored(let outcome):
            return outcome
        case .insert(let row):
            lastLookup = nil
            appendedIDs.insert(Self.prefix(of: row.id))
            try pipe.push(row, keys: event.keys.map { try intern($0) })
            return AppendOutcome(seq: row.seq, id: row.id, alreadyStored: false)
        }
    }

    func event(withID id: UUID) throws -> RecordedEvent? {
        // Nothing is appended between a lookup and the next append, so a repeat has the same answer.
        if let last = lastLookup, last.id == id { return last.found }
        var found: RecordedEvent?
        if appendedIDs.contains(Self.prefix(of: id)) {
            let store = self.store
            found = try pipe.read { try store.event(withID: id) }
        } else {
            found = try before?.event(withID: id)
        }
        lastLookup = (id, found)
        return found
    }

    func events(in windows: [KeyWindow]) throws -> [RecordedEvent] {
        if windows.contains(where: { keyIDs[ExactText($0.key)] != nil }) {
            let store = self.store
            return try pipe.read { try store.events(in: windows) }
        }
        return try before?.events(in: windows) ?? []
    }

    /// The keys' ids, each key once in the order given (as ``SQLiteEventWriter`` interns them).
    private func intern(_ keys: [String]) throws -> InternedKeys {
        var interned = InternedKeys()
        interned.timeless = KeyWindow.isTimeless(keys)
        for (index, key) in keys.enumerated() where !keys[..<index].contains(key) {
            if let id = keyIDs[ExactText(key)] {
                interned.ids.append(id)
            } else if let id = try before?.keyID(key) {
                keyIDs[ExactText(key)] = id
                interned.ids.append(id)
            } else {
                let id = nextKeyID
                nextKeyID += 1
                keyIDs[ExactText(key)] = id
                interned.ids.append(id)
                interned.new.append((id, key))
            }
        }
        return interned
    }

    private static func prefix(of id: UUID) -> UInt64 {
        withUnsafeBytes(of: id.uuid) { $0.loadUnaligned(as: UInt64.self) }
    }
}
