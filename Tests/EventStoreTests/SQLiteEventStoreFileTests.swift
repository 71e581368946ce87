import EventStore
import Foundation
import GRDB
import StanceTesting
import Testing

/// What only the SQLite file can prove: the triggers hold against raw SQL from another
/// connection, and `create`/`open` refuse the wrong files without touching them.
@Suite("SQLiteEventStore file")
struct SQLiteEventStoreFileTests {
    // MARK: - Triggers

    @Test("raw UPDATE and DELETE of events abort with 'append-only'", arguments: [
        "UPDATE events SET payload = '{\"n\":99}' WHERE seq = 1",
        "UPDATE events SET hash = zeroblob(32) WHERE seq = 3",
        "UPDATE events SET recorded_at = recorded_at",
        "DELETE FROM events WHERE seq = 3",
        "DELETE FROM events",
    ])
    func eventsCannotBeChanged(sql: String) throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("stance.sqlite")
            try TestSupport.makeStore(at: path)
            let store = try SQLiteEventStore.open(at: path, clock: TestSupport.clock)
            let before = try store.events()
            let raw = try TestSupport.rawQueue(path)
            let error = #expect(throws: DatabaseError.self) { try raw.write { try $0.execute(sql: sql) } }
            #expect(error?.resultCode == .SQLITE_CONSTRAINT)
            #expect(error?.message?.contains("append-only") == true, "message: \(error?.message ?? "none")")
            #expect(try store.events() == before)
        }
    }

    /// One way a raw INSERT can break the log; each must be refused by the insert trigger.
    enum InsertDefect: String, CaseIterable, Sendable {
        case skippedSeq, repeatedSeq, wrongPrevHash, genesisPrevHash, earlierRecordedAt, skippedStreamVersion, repeatedStreamVersion
    }

    @Test("a raw INSERT out of order is refused", arguments: InsertDefect.allCases)
    func outOfOrderInsertIsRefused(defect: InsertDefect) throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("stance.sqlite")
            try TestSupport.makeStore(at: path)
            let store = try SQLiteEventStore.open(at: path, clock: TestSupport.clock)
            let before = try store.events()
            var row = try TestSupport.nextRow(after: before, stream: "s0")
            switch defect {
            case .skippedSeq: row.seq += 1
            case .repeatedSeq: row.seq -= 1
            case .wrongPrevHash: row.prevHash = before[0].hash
            case .genesisPrevHash: row.prevHash = ChainHash.genesis
            case .earlierRecordedAt: row.recordedAt -= 1
            case .skippedStreamVersion: row.streamVersion += 1
            case .repeatedStreamVersion: row.streamVersion -= 1
            }
            let error = #expect(throws: DatabaseError.self) { try TestSupport.insert(row, into: path) }
            #expect(error?.message?.contains("appended in order") == true, "message: \(error?.message ?? "none")")
            #expect(try store.events() == before)
        }
    }

    @Test("a well-formed raw INSERT is accepted, and the store chains on from it")
    func wellFormedInsertIsAccepted() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("stance.sqlite")
            try TestSupport.makeStore(at: path)
            let store = try SQLiteEventStore.open(at: path, clock: TestSupport.clock)
            let row = try TestSupport.nextRow(after: try store.events(), stream: "s0")
            try TestSupport.insert(row, into: path)
            #expect(try store.head() == ChainHead(seq: 4, hash: row.hash, recordedAt: row.recordedAt))
            #expect(try store.append([makeEvent(stream: "s0", expected: .exactly(2))]).map(\.seq) == [5])
            try EventStoreContract.verifyChain(of: store)
        }
    }

    @Test("store_settings cannot be updated or deleted", arguments: [
        "UPDATE store_settings SET value = 'Europe/Paris' WHERE key = 'timezone'",
        "DELETE FROM store_settings WHERE key = 'timezone'",
        "DELETE FROM store_settings",
    ])
    func settingsCannotBeChanged(sql: String) throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("stance.sqlite")
            try TestSupport.makeStore(at: path, settings: ["timezone": "America/La_Paz"])
            let error = #expect(throws: DatabaseError.self) { try TestSupport.rawQueue(path).write { try $0.execute(sql: sql) } }
            #expect(error?.message?.contains("fixed when the store is created") == true, "message: \(error?.message ?? "none")")
            #expect(try SQLiteEventStore.open(at: path, clock: TestSupport.clock).setting("timezone") == "America/La_Paz")
        }
    }

    @Test("INSERT OR REPLACE cannot rewrite a setting")
    func replaceCannotRewriteASetting() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("stance.sqlite")
            try TestSupport.makeStore(at: path, settings: ["timezone": "America/La_Paz"])
            #expect(throws: DatabaseError.self) {
                try TestSupport.rawQueue(path).write {
                    try $0.execute(sql: "INSERT OR REPLACE INTO store_settings (key, value) VALUES ('timezone', 'Europe/Paris')")
                }
            }
            #expect(try SQLiteEventStore.open(at: path, clock: TestSupport.clock).setting("timezone") == "America/La_Paz")
        }
    }

    @Test("INSERT OR REPLACE cannot delete an event by reusing its id")
    func replaceCannotDeleteAnEvent() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("stance.sqlite")
            try TestSupport.makeStore(at: path)
            let store = try SQLiteEventStore.open(at: path, clock: TestSupport.clock)
            let before = try store.events()
            var row = try TestSupport.nextRow(after: before, stream: "other")
            row.id = before[0].id
            #expect(throws: DatabaseError.self) { try TestSupport.insert(row, into: path, verb: "INSERT OR REPLACE") }
            #expect(try store.events().map(\.seq) == [1, 2, 3])
        }
    }

    // MARK: - Create and open

    @Test("settings given at create are stored and read back after reopening")
    func settingsSurviveReopening() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("stance.sqlite")
            try TestSupport.makeStore(at: path, settings: ["timezone": "America/La_Paz", "language": "es"])
            let store = try SQLiteEventStore.open(at: path, clock: TestSupport.clock)
            #expect(try store.setting("timezone") == "America/La_Paz")
            #expect(try store.setting("language") == "es")
            #expect(try store.setting("missing") == nil)
        }
    }

    @Test("create on an existing path fails .storeExists and leaves the file alone", arguments: [false, true])
    func createOnExistingPath(existingIsStore: Bool) throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("stance.sqlite")
            if existingIsStore {
                try TestSupport.makeStore(at: path)
            } else {
                try Data("not a store\n".utf8).write(to: URL(fileURLWithPath: path))
            }
            let before = try TestSupport.bytes(path)
            let error = #expect(throws: EventStoreError.self) { try SQLiteEventStore.create(at: path, clock: TestSupport.clock) }
            #expect(error?.code == .storeExists)
            #expect(error?.path == path)
            #expect(try TestSupport.bytes(path) == before)
        }
    }

    @Test("open on a missing path fails .storeNotFound, suggests `stance init` and creates nothing")
    func openMissing() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("missing.sqlite")
            let error = #expect(throws: EventStoreError.self) { try SQLiteEventStore.open(at: path, clock: TestSupport.clock) }
            #expect(error?.code == .storeNotFound)
            #expect(error?.message.contains("stance init") == true, "message: \(error?.message ?? "none")")
            let listing = try dir.contents()
            #expect(listing == [])
        }
    }

    /// A file that is not a stance store, and how to make it.
    enum NotAStore: String, CaseIterable, Sendable {
        case emptyFile, textFile, binaryFile, foreignSQLite, eventsTableOnly, noMigrationRecorded, folder
    }

    @Test("open refuses what is not a store with .notAStore and leaves it byte for byte", arguments: NotAStore.allCases)
    func openNotAStore(kind: NotAStore) throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("stance.sqlite")
            try Self.make(kind, at: path)
            let before = kind == .folder ? Data() : try TestSupport.bytes(path)
            let listing = try dir.contents()
            // Read-write first: it must leave no file behind. A read-only connection to a WAL
            // file (the .noMigrationRecorded case) cannot remove the -wal and -shm files it
            // creates, as SQLite documents, so only the store file's bytes are compared after it.
            for readOnly in [false, true] {
                let error = #expect(throws: EventStoreError.self) {
                    try SQLiteEventStore.open(at: path, clock: TestSupport.clock, readOnly: readOnly)
                }
                #expect(error?.code == .notAStore, "\(kind), readOnly \(readOnly): \(String(describing: error))")
                #expect(error?.path == path)
                #expect(try (kind == .folder ? Data() : TestSupport.bytes(path)) == before)
                if !readOnly { #expect(try dir.contents() == listing) }
            }
        }
    }

    @Test("open refuses a store with an unknown migration as .newerSchema, asking to upgrade")
    func openNewerSchema() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("stance.sqlite")
            try TestSupport.makeStore(at: path)
            try TestSupport.rawQueue(path).write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')") }
            let before = try TestSupport.bytes(path)
            for readOnly in [false, true] {
                let error = #expect(throws: EventStoreError.self) {
                    try SQLiteEventStore.open(at: path, clock: TestSupport.clock, readOnly: readOnly)
                }
                #expect(error?.code == .newerSchema)
                #expect(error?.message.contains("upgrade") == true, "message: \(error?.message ?? "none")")
            }
            #expect(try TestSupport.bytes(path) == before)
        }
    }

    @Test("create leaves the file in WAL mode at the current user_version, every migration applied")
    func createUsesWAL() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("stance.sqlite")
            let store = try SQLiteEventStore.create(at: path, clock: TestSupport.clock)
            #expect(try store.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
            let raw = try TestSupport.rawQueue(path)
            #expect(try raw.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
            #expect(try raw.read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == SQLiteEventStore.schemaVersion)
            #expect(try raw.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier") } == ["v1", "v2-keys", "v3-keys-occurred", "v4-clustered-copies", "v5-timeless-retractions"])
        }
    }

    @Test("opening a store and reading it does not change the file")
    func openAndReadLeavesFileAlone() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("stance.sqlite")
            try TestSupport.makeStore(at: path)
            let before = try TestSupport.bytes(path)
            do {
                let store = try SQLiteEventStore.open(at: path, clock: TestSupport.clock)
                #expect(try store.events().count == 3)
                #expect(try store.head().seq == 3)
            }
            #expect(try TestSupport.bytes(path) == before)
        }
    }

    @Test("a read-only store reads but refuses to append with .readOnly")
    func readOnlyStore() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("stance.sqlite")
            try TestSupport.makeStore(at: path)
            let store = try SQLiteEventStore.open(at: path, clock: TestSupport.clock, readOnly: true)
            #expect(try store.events().count == 3)
            let error = #expect(throws: EventStoreError.self) { try store.append([makeEvent()]) }
            #expect(error?.code == .readOnly)
            #expect(try store.head().seq == 3)
        }
    }

    @Test("recorded_at never goes below the stored head, even when a reopened store's clock is behind")
    func recordedAtSurvivesReopening() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("stance.sqlite")
            _ = try SQLiteEventStore.create(at: path, clock: .fixed(9_000)).append([makeEvent()])
            let store = try SQLiteEventStore.open(at: path, clock: .fixed(1_000))
            _ = try store.append([makeEvent()])
            #expect(try store.events().map(\.recordedAt) == [9_000, 9_000])
        }
    }

    // MARK: - Helpers

    /// Puts a file (or folder) of the given kind at `path`.
    static func make(_ kind: NotAStore, at path: String) throws {
        let url = URL(fileURLWithPath: path)
        switch kind {
        case .emptyFile:
            try Data().write(to: url)
        case .textFile:
            try Data("Morales, 2019-11-10: resigned.\nThis is a note, not a store.\n".utf8).write(to: url)
        case .binaryFile:
            try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }).write(to: url)
        case .foreignSQLite:
            try DatabaseQueue(path: path).write { db in
                try db.execute(sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('hello')")
            }
        case .eventsTableOnly:
            try DatabaseQueue(path: path).write { db in
                try db.execute(sql: "CREATE TABLE events (seq INTEGER PRIMARY KEY, payload TEXT); INSERT INTO events (payload) VALUES ('{}')")
            }
        case .noMigrationRecorded:
            try TestSupport.makeStore(at: path)
            try TestSupport.rawQueue(path).write { try $0.execute(sql: "DELETE FROM grdb_migrations") }
        case .folder:
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        }
    }
}
