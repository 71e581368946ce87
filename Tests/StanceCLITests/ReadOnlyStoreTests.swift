import Foundation
import Testing

/// A store that cannot be written (a read-only mount, an immutable file) still answers every
/// question, and every write is refused with exit 73 and one sentence naming the file, writing
/// nothing. Both a checkpointed store and one whose write-ahead log still holds commits.
@Suite("Read-only stores", .enabled(if: ReadOnlyFolder.available, "skipped: \(ReadOnlyFolder.unavailable)"))
struct ReadOnlyStoreTests {
    static let db = "ro/s.sqlite"
    static let refusal = "error: The store at ro/s.sqlite is read-only, so nothing was written; it still answers questions, "
        + "and to record, make the file and its folder writable or work on a writable copy."

    /// The questions the issue names, each with output that must match the writable store's.
    static let questions: [[String]] = [
        ["info"],
        ["position", "military", "--toward", "morales", "--on", "2019-11-10"],
        ["timeline", "military", "--toward", "morales"],
        ["events", "--format", "ndjson"],
        ["audit"],
        ["actor", "show", "kaliman"],
    ]

    /// One of each kind of write; the import's event is new, so it would have to be written.
    static let writes: [[String]] = [
        ["record", "protest-held", "--actor", "kaliman", "--toward", "morales", "--on", "2019-11-11"],
        ["import", "new.ndjson"],
        ["retract", BoliviaExample.id(12), "--reason", "read-only test"],
        ["actor", "add", "mesa", "--name", "Carlos Mesa", "--kind", "person"],
    ]

    static let newEvent = #"{"type":"protest-held","occurredAt":"2019-11-12","actor":"kaliman","toward":"morales"}"# + "\n"

    /// The Bolivia example in `ro/`, checkpointed (no -wal, no -shm), and the import file.
    static func store() throws -> Sandbox {
        let sandbox = try Sandbox()
        try FileManager.default.createDirectory(atPath: sandbox.path("ro"), withIntermediateDirectories: true)
        try sandbox.boliviaStore(db)
        try sandbox.write("new.ndjson", newEvent)
        return sandbox
    }

    /// Every file in `ro/` with its bytes: the store and anything SQLite put beside it.
    static func files(_ sandbox: Sandbox) throws -> [String: Data] {
        let names = try FileManager.default.contentsOfDirectory(atPath: sandbox.path("ro"))
        return try Dictionary(uniqueKeysWithValues: names.map { ($0, try sandbox.read("ro/" + $0)) })
    }

    static func readOnly(_ sandbox: Sandbox, _ arguments: [String]) throws -> StanceResult {
        try sandbox.run(["--db", db] + arguments, environment: ["STANCE_NOW": Moment.late], wrapper: ReadOnlyFolder.wrapper(sandbox.path("ro")))
    }

    @Test("a checkpointed store on a read-only mount answers every question as the writable one does, and gains no files")
    func questionsAnswer() throws {
        let sandbox = try Self.store()
        let before = try Self.files(sandbox)
        #expect(before.keys.sorted() == ["s.sqlite"])
        var readOnlyAnswers: [StanceResult] = []
        for question in Self.questions {
            let answer = try Self.readOnly(sandbox, question)
            Expect.success(answer)
            readOnlyAnswers.append(answer)
        }
        #expect(try Self.files(sandbox) == before)
        for (question, readOnly) in zip(Self.questions, readOnlyAnswers) {
            let writable = try sandbox.run(["--db", Self.db] + question, environment: ["STANCE_NOW": Moment.late])
            Expect.sameOutput(readOnly.stdout.replacingOccurrences(of: #"time taken +\S+ s"#, with: "", options: .regularExpression),
                              writable.stdout.replacingOccurrences(of: #"time taken +\S+ s"#, with: "", options: .regularExpression),
                              question.joined(separator: " "))
        }
    }

    @Test("record, import, retract and actor add on a read-only mount exit 73 naming the file, and write nothing")
    func writesAreRefused() throws {
        let sandbox = try Self.store()
        let before = try Self.files(sandbox)
        for write in Self.writes {
            Expect.failure(try Self.readOnly(sandbox, write), 73, Self.refusal)
        }
        #expect(try Self.files(sandbox) == before)
        let snapshot = try sandbox.snapshot(Self.db)
        #expect(snapshot.events == 16)
        // Once writable again, the same import goes through.
        Expect.success(try sandbox.run(["--db", Self.db, "import", "new.ndjson"]))
    }

    @Test("a store whose write-ahead log holds a commit is read through its -shm on a read-only mount, and refuses writes",
          .enabled(if: RawStore.hasPython, "skipped: needs python3 to hold the store open"))
    func liveWriteAheadLog() throws {
        let sandbox = try Self.store()
        try LiveLog.leave(in: sandbox, db: Self.db) {
            Expect.success(try sandbox.run(["--db", Self.db, "import", "new.ndjson"]))
        }
        let before = try Self.files(sandbox)
        #expect(before.keys.sorted() == ["s.sqlite", "s.sqlite-shm", "s.sqlite-wal"])
        #expect((before["s.sqlite-wal"]?.count ?? 0) > 0)

        let info = try JSONHelpers.object(try Self.readOnly(sandbox, ["info", "--format", "json"]).stdout)
        #expect(info["events"] as? Int == 17, "the event in the log is read, not just the checkpointed file")
        Expect.success(try Self.readOnly(sandbox, ["audit"]))
        let position = try Self.readOnly(sandbox, ["position", "military", "--toward", "morales", "--on", "2019-11-10"])
        Expect.success(position)
        for write in Self.writes {
            Expect.failure(try Self.readOnly(sandbox, write), 73, Self.refusal)
        }
        #expect(try Self.files(sandbox) == before)
    }

    @Test("a live log without its -shm on a read-only mount is refused with a message, not read without its commits",
          .enabled(if: RawStore.hasPython, "skipped: needs python3 to hold the store open"))
    func liveLogWithoutSharedMemory() throws {
        let sandbox = try Self.store()
        try LiveLog.leave(in: sandbox, db: Self.db) {
            Expect.success(try sandbox.run(["--db", Self.db, "import", "new.ndjson"]))
        }
        try FileManager.default.removeItem(atPath: sandbox.path(Self.db + "-shm"))
        let before = try Self.files(sandbox)
        let message = "error: The store at ro/s.sqlite is read-only and its write-ahead log ro/s.sqlite-wal holds events that "
            + "cannot be read without a ro/s.sqlite-shm file, which its folder does not allow; open it once where the folder "
            + "can be written, which folds the log into the store."
        Expect.failure(try Self.readOnly(sandbox, ["info"]), 73, message)
        Expect.failure(try Self.readOnly(sandbox, Self.writes[0]), 73, message)
        #expect(try Self.files(sandbox) == before)
        // Opened where it can be written, the log is recovered: the import is there.
        #expect(try sandbox.snapshot(Self.db).events == 17)
    }

    @Test("an immutable file (chattr +i) in a writable folder answers and refuses writes; its bytes stay the same")
    func immutableFile() throws {
        let sandbox = try Self.store()
        let path = sandbox.path(Self.db)
        guard (try? RawStore.execute("/usr/bin/chattr", ["+i", path]))?.status == 0 else {
            print("ReadOnlyStoreTests.immutableFile: skipped, chattr +i does not work on \(path)")
            return
        }
        defer { _ = try? RawStore.execute("/usr/bin/chattr", ["-i", path]) }
        let bytes = try sandbox.read(Self.db)
        let session = StoreSession(sandbox, db: Self.db, now: Moment.late)
        #expect(try session.json("info")["events"] as? Int == 16)
        Expect.success(try session.run("audit"))
        for write in Self.writes {
            Expect.failure(try session.run(write), 73, Self.refusal)
        }
        #expect(try sandbox.read(Self.db) == bytes)
        // SQLite still coordinates with possible writers through -shm, and leaves an empty -wal.
        let wal = try? sandbox.read(Self.db + "-wal")
        #expect(wal == nil || wal?.isEmpty == true)
    }
}
