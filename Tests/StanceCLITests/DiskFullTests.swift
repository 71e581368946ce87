import Foundation
import Testing

/// A write that runs out of room leaves the store as it was before that batch: exit 74, one
/// sentence naming the file, the same events, head and bytes, a clean audit, and the same
/// import going through once there is room. Tried both ways room runs out: the file size limit
/// (`prlimit --fsize`, EFBIG; stance ignores SIGXFSZ so that the write fails rather than the
/// process dying) and a full filesystem (a 1 MiB tmpfs, ENOSPC).
@Suite("Disk full")
struct DiskFullTests {
    static let prlimit = "/usr/bin/prlimit"
    /// Big enough that its write-ahead log far exceeds the limits below (about 2 MB).
    static let events = 3000

    /// The Bolivia example (about 45 KB) and a generated log of `events` events beside it.
    static func store() throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore()
        Expect.success(try sandbox.run(["generate", "--events", "\(events)", "--actors", "20", "--seed", "7", "--output", "big.ndjson"]))
        return sandbox
    }

    @Test("an import past the file size limit exits 74, writes nothing, and goes through without the limit",
          .enabled(if: FileManager.default.isExecutableFile(atPath: prlimit), "skipped: needs prlimit (util-linux)"))
    func fileSizeLimit() throws {
        let sandbox = try Self.store()
        let session = StoreSession(sandbox, db: "bolivia.sqlite")
        let before = try session.snapshot()
        let limit = 400_000
        let result = try sandbox.run(["--db", "bolivia.sqlite", "import", "big.ndjson"], wrapper: [Self.prlimit, "--fsize=\(limit)"])
        Expect.failure(result, 74, "error: Writing to bolivia.sqlite failed at this process's file size limit of \(limit) bytes "
            + "(ulimit -f), so nothing from this batch was written; raise the limit, or free some space, and retry.")
        #expect(!sandbox.exists("bolivia.sqlite-wal") && !sandbox.exists("bolivia.sqlite-shm"))
        #expect(try session.snapshot() == before)
        #expect(try sandbox.audit("bolivia.sqlite").clean == true)

        let retried = try sandbox.run(["--db", "bolivia.sqlite", "import", "big.ndjson"])
        Expect.success(retried)
        #expect(retried.stdout == "Imported \(Self.events) events (seq 17-\(16 + Self.events)).\n", "\(retried)")
        #expect(try sandbox.audit("bolivia.sqlite").clean == true)
    }

    @Test("an import onto a full filesystem exits 74, leaves the store's bytes as they were, and goes through with room",
          .enabled(if: ReadOnlyFolder.available, "skipped: needs root with `unshare -m` to mount a small tmpfs"))
    func fullFilesystem() throws {
        let sandbox = try Self.store()
        try FileManager.default.createDirectory(atPath: sandbox.path("small"), withIntermediateDirectories: true)
        let original = try sandbox.read("bolivia.sqlite")
        // In a mount namespace of its own: a 1 MiB tmpfs on small/, the store copied in, the
        // import, then the store and the list of files copied out before the tmpfs vanishes.
        let script = #"mount -t tmpfs -o size=1m tmpfs "$0" && cp bolivia.sqlite "$0/" && "$@"; rc=$?; "#
            + #"cp "$0/bolivia.sqlite" after.sqlite; ls "$0" > after.files; exit $rc"#
        let result = try sandbox.run(["--db", "small/bolivia.sqlite", "import", "big.ndjson"],
                                     wrapper: [ReadOnlyFolder.unshare, "-m", "--", "/bin/sh", "-c", script, "small"])
        Expect.failure(result, 74, "error: The disk holding small/bolivia.sqlite is full, so nothing from this batch was written; "
            + "free some space and retry.")
        #expect(try sandbox.read("after.sqlite") == original, "the store's bytes changed")
        #expect(String(decoding: try sandbox.read("after.files"), as: UTF8.self) == "bolivia.sqlite\n", "files left beside the store")
        #expect(try sandbox.audit("after.sqlite").clean == true)
        Expect.success(try sandbox.run(["--db", "after.sqlite", "import", "big.ndjson"]))
        #expect(try sandbox.snapshot("after.sqlite").events == 16 + Self.events)
    }
}
