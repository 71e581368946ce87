import Foundation

/// The writer a pipelined write hands its body, on the body's own thread: it plans each row
/// here (the id check, the stream version, `seq`, `recorded_at` and the hash chain, through the
/// same ``AppendPlanner`` as ``SQLiteEventWriter``) and queues it for the connection's thread,
/// so that the caller's work and the hashing overlap SQLite's.
///
/// Reads that need the log go through the queue and wait for every row queued before them,
/// so they see the batch exactly as a serial writer would. Reads this writer can answer alone
/// are answered here, without that wait: the write starts on an empty log (see
/// ``EventPipeline``), so only ids and keys appended by this writer can be in it. That covers
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
    /// Every key appended, with its id in `index_keys`: ids are given here, in the order the
    /// keys are first used, as SQLite numbers rows of a table that starts empty (see
    /// ``EventPipeline``), and a keyed read under keys nobody used costs nothing.
    private var keyIDs: [String: Int64] = [:]
    /// The last id looked up and what was found, so that the planner does not repeat the
    /// caller's lookup just before an append.
    private var lastLookup: (id: UUID, found: RecordedEvent?)?

    /// Takes over planning from `store`, which must not append by itself meanwhile.
    init(_ store: SQLiteEventWriter, pipe: RowPipe) {
        self.store = store
        self.pipe = pipe
        planner = store.planner
    }

    var head: ChainHead { planner.head }

    func append(_ event: NewEvent) throws -> AppendOutcome {
        let step = try planner.add(
            event,
            storedEvent: { id in
                if let last = self.lastLookup, last.id == id { return last.found }
                return try self.event(withID: id)
            },
            storedVersion: { stream in
                let store = self.store
                return try self.pipe.read { try store.storedVersion(of: stream) }
            })
        switch step {
        case .alreadyStored(let outcome):
            return outcome
        case .insert(let row):
            lastLookup = nil
            appendedIDs.insert(Self.prefix(of: row.id))
            try pipe.push(row, keys: event.keys.map(intern))
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
        }
        lastLookup = (id, found)
        return found
    }

    func events(in windows: [KeyWindow]) throws -> [RecordedEvent] {
        if !windows.contains(where: { keyIDs[$0.key] != nil }) { return [] }
        let store = self.store
        return try pipe.read { try store.events(in: windows) }
    }

    /// The keys' ids, each key once in the order given (as ``SQLiteEventWriter`` interns them).
    private func intern(_ keys: [String]) -> InternedKeys {
        var interned = InternedKeys()
        interned.timeless = KeyWindow.isTimeless(keys)
        for (index, key) in keys.enumerated() where !keys[..<index].contains(key) {
            if let id = keyIDs[key] {
                interned.ids.append(id)
            } else {
                let id = Int64(keyIDs.count + 1)
                keyIDs[key] = id
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
