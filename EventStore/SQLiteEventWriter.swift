import Foundation
import GRDB

/// The writer ``SQLiteEventStore/write(_:)`` hands out: inserts each event as it is planned,
/// inside the store's `BEGIN IMMEDIATE` transaction, with its keys when the index is current.
final class SQLiteEventWriter: EventWriter {
    let db: Database
    /// Read by a ``PipelinedEventWriter`` that takes over the planning, and handed back by
    /// ``EventPipeline`` once it has inserted every row it planned.
    var planner: AppendPlanner
    private let insertEvent: RawStatement
    private let lookups: StoredLookups
    private let insertKey: RawStatement
    private let insertKeyWithID: RawStatement
    private let insertEventKey: RawStatement
    /// ``insertEventKey`` for ``keyRowsPerInsert`` rows at once (see ``flushKeys()``).
    private let insertEventKeys: RawStatement
    private let indexStoredEvent: RawStatement
    private let copyIntoCluster: RawStatement
    /// The ids of the clustered keys met so far: each of their key rows gets a copy of its
    /// event (see ``SQLiteEventStore/clusteredKeyPrefix``).
    private var clusteredKeyIDs: Set<Int64> = []
    /// Interned key ids, so that each key costs one dictionary lookup after its first use;
    /// by the keys' bytes, as `index_keys` tells them apart.
    private var keyIDs: [ExactText: Int64] = [:]
    /// Key pairs indexed but not yet inserted, as `key id << 40 | seq`, so that they sort in
    /// the index's (key, seq) order (see ``flushKeys()``).
    private var pendingKeys: [UInt64] = []
    /// The occurred_at of each event whose pairs wait, the first at seq `pendingBase`: each
    /// key row carries its event's, for windowed reads (a few bytes an event, not a pair); nil
    /// for a timeless event (see ``KeyWindow/timelessKeyPrefix``).
    private var pendingOccurredAt: [Int64?] = []
    private var pendingBase: Int64 = 0
    /// Why waiting pairs could not be inserted: the index would lack them, so the write can
    /// never commit, even if its caller catches the error and goes on.
    private var keysFailure: (any Error)?
    /// How many pairs wait at most: 16 MB, the pairs of about a million events.
    static let pendingPairs = 1 << 21
    /// Key ids and seqs that fit the packing; larger ones (never seen in practice) go in at once.
    static let pendingKeyLimit: Int64 = 1 << 23
    static let pendingSeqLimit: Int64 = 1 << 40
    private var keyHead: Int64
    private let keyHeadAtStart: Int64
    /// The order trigger's SQL while a bulk write has set the trigger aside, to be made again
    /// before the commit (see ``setOrderTriggerAside()``).
    var orderTriggerSetAside: String?
    /// The last id looked up and what was found, so that a caller's lookup just before an
    /// append (to decide how to record it) is not repeated by the planner.
    private var lastLookup: (id: UUID, found: RecordedEvent?)?
    /// The store's file, for a pipeline's second connection (see ``EventPipeline``); nil when
    /// the writer has no file of its own to offer.
    let path: String?
    /// The log's last seq when this write began.
    let seqAtStart: Int64

    init(_ db: Database, now: Int64, path: String? = nil) throws {
        self.db = db
        self.path = path
        planner = AppendPlanner(head: try SQLiteEventStore.head(db), now: now)
        seqAtStart = planner.head.seq
        insertEvent = RawStatement(try db.cachedStatement(sql: """
            INSERT INTO events (\(SQLiteEventStore.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """), db)
        lookups = try StoredLookups(db)
        insertKey = RawStatement(try db.cachedStatement(sql: "INSERT INTO index_keys (key) VALUES (?)"), db)
        insertKeyWithID = RawStatement(try db.cachedStatement(sql: "INSERT INTO index_keys (id, key) VALUES (?, ?)"), db)
        insertEventKey = RawStatement(try db.cachedStatement(sql: "INSERT INTO event_keys (key, seq, occurred_at) VALUES (?, ?, ?)"), db)
        insertEventKeys = RawStatement(try db.cachedStatement(sql: "INSERT INTO event_keys (key, seq, occurred_at) VALUES "
            + Array(repeating: "(?, ?, ?)", count: Self.keyRowsPerInsert).joined(separator: ", ")), db)
        // Catching up indexes events already stored: their occurred_at is read where it is.
        indexStoredEvent = RawStatement(try db.cachedStatement(sql: """
            INSERT INTO event_keys (key, seq, occurred_at) SELECT ?, seq, occurred_at FROM events WHERE seq = ?
            """), db)
        copyIntoCluster = RawStatement(try db.cachedStatement(sql: SQLiteEventStore.copyIntoCluster), db)
        keyHead = try Int64.fetchOne(db, sql: "SELECT seq FROM key_index_head") ?? 0
        keyHeadAtStart = keyHead
    }

    var head: ChainHead { planner.head }

    func append(_ event: NewEvent) throws -> AppendOutcome {
        let step = try planner.add(
            event,
            storedEvent: { id in
                if let last = self.lastLookup, last.id == id { return last.found }
                return try self.event(withID: id)
            },
            storedVersion: { stream in try self.storedVersion(of: stream) })
        switch step {
        case .alreadyStored(let outcome):
            return outcome
        case .insert(let row):
            try insert(row, keys: event.keys)
            return AppendOutcome(seq: row.seq, id: row.id, alreadyStored: false)
        }
    }

    /// Inserts a row planned by an ``AppendPlanner`` that started from this writer's head (this
    /// one's, or a pipeline's), with its keys when the index is current.
    func insert(_ row: RecordedEvent, keys: [String]?) throws {
        try insert(row)
        // Keys are indexed only while the index is complete up to the row before: a gap
        // would make keyed reads silently miss events.
        if let keys, keyHead == row.seq - 1 {
            try index(keys, seq: row.seq, occurredAt: row.occurredAt)
            keyHead = row.seq
        }
    }

    /// Inserts a row with keys a pipeline interned (the pipeline runs only while the index is
    /// level with the log and `index_keys` started empty, so the ids it gave are the ones
    /// SQLite would give).
    func insert(_ row: RecordedEvent, interned: InternedKeys?) throws {
        try insert(row)
        if let interned, keyHead == row.seq - 1 {
            for (id, key) in interned.new {
                try insertKeyWithID.run { $0.bind(1, id); $0.bind(2, key) }
                if SQLiteEventStore.isClustered(key) { clusteredKeyIDs.insert(id) }
            }
            pendingOccurred(row.seq, interned.timeless ? nil : row.occurredAt)
            for id in interned.ids { try pend(id, seq: row.seq) }
            try flushKeysIfFull()
            keyHead = row.seq
        }
    }

    /// The id a pipeline gives the first key new to `index_keys` (one past the largest, as
    /// SQLite numbers a table's rows), when it may intern keys itself: the index is level with
    /// the log. Nil otherwise.
    func firstKeyIDForPipeline() throws -> Int64? {
        guard keyHead == head.seq else { return nil }
        return try (Int64.fetchOne(db, sql: "SELECT IFNULL(MAX(id), 0) FROM index_keys") ?? 0) + 1
    }

    /// Whether the store is in WAL mode, where readers on other connections never hold up
    /// this write.
    func isInWALMode() throws -> Bool {
        try String.fetchOne(db, sql: "PRAGMA journal_mode")?.lowercased() == "wal"
    }

    /// Notes which stored keys are clustered, so that rows a pipeline interned under them get
    /// their copies too (a serial write notes each as it looks it up).
    func noteStoredClusteredKeys() throws {
        let (prefix, upper) = (SQLiteEventStore.clusteredKeyPrefix, SQLiteEventStore.clusteredKeysEnd)
        let rows = try Row.fetchAll(db, sql: """
            SELECT id, key FROM index_keys
            WHERE key >= ? AND key < ? AND typeof(id) = 'integer' AND typeof(key) = 'text'
            """, arguments: [prefix, upper])
        for row in rows where SQLiteEventStore.isClustered(row[1]) { clusteredKeyIDs.insert(row[0]) }
    }

    private func insert(_ row: RecordedEvent) throws {
        lastLookup = nil
        try insertEvent.run { insert in
            insert.bind(1, row.seq)
            insert.bind(2, ChainHash.canonical(row.id))
            insert.bind(3, row.stream)
            insert.bind(4, row.streamVersion)
            insert.bind(5, row.type)
            insert.bind(6, row.schemaVersion)
            insert.bind(7, row.occurredAt)
            insert.bind(8, row.precision.rawValue)
            insert.bind(9, row.recordedAt)
            insert.bind(10, row.payload)
            insert.bind(11, row.metadata)
            insert.bind(12, row.prevHash.bytes)
            insert.bind(13, row.hash.bytes)
        }
    }

    /// The stream's last `stream_version` in the store, 0 for a new stream.
    func storedVersion(of stream: String) throws -> Int64 {
        try lookups.storedVersion(of: stream)
    }

    func event(withID id: UUID) throws -> RecordedEvent? {
        let found = try lookups.event(withID: id)
        lastLookup = (id, found)
        return found
    }

    func events(in windows: [KeyWindow]) throws -> [RecordedEvent] {
        try flushKeys()
        return try SQLiteEventStore.events(db, in: windows, through: nil)
    }

    /// Indexes the keys of one event. The pairs wait in ``pendingKeys`` until a keyed read, the
    /// commit or a full buffer; with `occurredAt` nil (a catch-up of stored events) they go in
    /// at once, with the occurred_at of the stored row. A timeless event's rows carry none.
    private func index(_ keys: [String], seq: Int64, occurredAt: Int64?) throws {
        // In the keys' own order, skipping repeats: a `Set`'s order changes from run to run
        // (Swift seeds its hashes per process), and new keys get their ids in this order.
        let distinct = keys.enumerated().filter { index, key in !keys[..<index].contains(key) }.map(\.element)
        let timeless = KeyWindow.isTimeless(distinct)
        guard let occurredAt else {
            for key in distinct {
                let id = try keyID(key)
                if timeless {
                    try insertPair(id, seq: seq, occurredAt: nil)
                } else {
                    try indexStoredEvent.run { $0.bind(1, id); $0.bind(2, seq) }
                    try copyIfClustered(id, seq: seq)
                }
            }
            return
        }
        pendingOccurred(seq, timeless ? nil : occurredAt)
        for key in distinct { try pend(try keyID(key), seq: seq) }
        try flushKeysIfFull()
    }

    /// Notes the occurred_at of an event whose pairs are about to wait: events are indexed one
    /// after another, so it goes at `seq - pendingBase`.
    private func pendingOccurred(_ seq: Int64, _ occurredAt: Int64?) {
        if pendingOccurredAt.isEmpty { pendingBase = seq }
        assert(seq == pendingBase + Int64(pendingOccurredAt.count), "events are indexed in seq order")
        pendingOccurredAt.append(occurredAt)
    }

    /// The occurred_at of a waiting event.
    private func occurredAt(ofPending seq: Int64) -> Int64? {
        pendingOccurredAt[Int(seq - pendingBase)]
    }

    /// Queues one (key, seq) pair for ``flushKeys()``; its event's occurred_at is noted already.
    private func pend(_ id: Int64, seq: Int64) throws {
        if id < Self.pendingKeyLimit && seq < Self.pendingSeqLimit {
            pendingKeys.append(UInt64(id) << 40 | UInt64(seq))
        } else {
            try insertPair(id, seq: seq, occurredAt: occurredAt(ofPending: seq))
        }
    }

    /// Inserts one key row, and the copy of its event when the key is clustered.
    private func insertPair(_ id: Int64, seq: Int64, occurredAt: Int64?) throws {
        try insertEventKey.run { $0.bind(1, id); $0.bind(2, seq); $0.bind(3, occurredAt) }
        try copyIfClustered(id, seq: seq)
    }

    /// Copies the stored event at `seq` beside the other events of key `id`, when that key is
    /// clustered.
    private func copyIfClustered(_ id: Int64, seq: Int64) throws {
        guard clusteredKeyIDs.contains(id) else { return }
        try copyIntoCluster.run { $0.bind(1, id); $0.bind(2, seq) }
    }

    /// Inserts the waiting (key, seq) pairs in the index's own order. One at a time, as the
    /// events come, each pair lands on a random page of `event_keys` (a key's rows are spread
    /// over the whole log): a million-event import visited ~1.7 million pages there, and kept
    /// them in the page cache, crowding out the id index. Sorted, each key's rows go in
    /// together at the end of its range.
    ///
    /// They go in ``keyRowsPerInsert`` to a statement: one statement a row cost ~0.76 µs a
    /// pair, much of it stepping and resetting through SQLite's API, and the 1.7 million pairs
    /// of a million-event import took 1.5 s after the last event; 64 to a statement, ~1.0 s
    /// (256 did no better).
    private func flushKeys() throws {
        if let keysFailure { throw keysFailure }
        do {
            try insertPendingKeys()
        } catch {
            keysFailure = error
            throw error
        }
    }

    private func insertPendingKeys() throws {
        defer { pendingOccurredAt.removeAll(keepingCapacity: true) }
        guard !pendingKeys.isEmpty else { return }
        pendingKeys.sort()
        var start = 0
        while pendingKeys.count - start >= Self.keyRowsPerInsert {
            let chunk = pendingKeys[start..<(start + Self.keyRowsPerInsert)]
            try insertEventKeys.run { insert in
                for (offset, pair) in chunk.enumerated() {
                    let parameter = Int32(3 * offset + 1)
                    insert.bind(parameter, Self.key(of: pair))
                    insert.bind(parameter + 1, Self.seq(of: pair))
                    insert.bind(parameter + 2, occurredAt(ofPending: Self.seq(of: pair)))
                }
            }
            for pair in chunk { try copyIfClustered(Self.key(of: pair), seq: Self.seq(of: pair)) }
            start += Self.keyRowsPerInsert
        }
        for pair in pendingKeys[start...] {
            try insertPair(Self.key(of: pair), seq: Self.seq(of: pair), occurredAt: occurredAt(ofPending: Self.seq(of: pair)))
        }
        pendingKeys.removeAll()
    }

    /// How many key rows one statement of ``flushKeys()`` inserts.
    static let keyRowsPerInsert = 64

    /// The key id of a waiting pair (see ``pendingKeys``).
    private static func key(of pair: UInt64) -> Int64 { Int64(pair >> 40) }

    /// The seq of a waiting pair.
    private static func seq(of pair: UInt64) -> Int64 { Int64(pair & UInt64(pendingSeqLimit - 1)) }

    /// Flushes once enough pairs wait; called between events, so that an event's pairs and its
    /// occurred_at wait together.
    private func flushKeysIfFull() throws {
        if pendingKeys.count >= Self.pendingPairs { try flushKeys() }
    }

    private func keyID(_ key: String) throws -> Int64 {
        if let id = keyIDs[ExactText(key)] { return id }
        let id: Int64
        if let stored = try lookups.keyID(key) {
            id = stored
        } else {
            try insertKey.run { $0.bind(1, key) }
            id = db.lastInsertedRowID
        }
        if SQLiteEventStore.isClustered(key) { clusteredKeyIDs.insert(id) }
        keyIDs[ExactText(key)] = id
        return id
    }

    /// Records how far the index now reaches; called once, just before the commit.
    func finish() throws {
        try flushKeys()
        try restoreOrderTrigger()
        if keyHead != keyHeadAtStart {
            try db.execute(sql: "UPDATE key_index_head SET seq = ?", arguments: [keyHead])
        }
    }

    /// Catches the index up: `entries` follow `seq`; those another writer indexed meanwhile
    /// are skipped, and the rest must start just after the index head.
    func catchUp(_ entries: [(seq: Int64, keys: [String])]) throws {
        for entry in entries where entry.seq > keyHead {
            guard entry.seq == keyHead + 1 else {
                throw EventStoreError(.invalidEvent, "Keys for seq \(entry.seq) cannot be indexed: the index reaches seq \(keyHead), and keys are indexed in order.")
            }
            try index(entry.keys, seq: entry.seq, occurredAt: nil)
            keyHead = entry.seq
        }
    }
}
