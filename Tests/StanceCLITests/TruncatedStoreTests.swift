import Foundation
import Testing

/// A store whose size is not a whole number of pages lost bytes (or gained some): every command
/// refuses it on opening, exit 1, with one sentence naming the file, and leaves it untouched.
/// Before this check, a cut inside the last page still let `info` and `position` answer.
@Suite("Stores cut inside a page")
struct TruncatedStoreTests {
    enum Cut: String, CaseIterable, Sendable {
        /// One byte short: page size - 1 bytes of the last page left.
        case lastByte
        /// One byte of the last page left.
        case oneByteLeft
        /// Half of the last page left.
        case midPage
        /// One byte too many.
        case oneByteMore

        func size(_ size: Int, page: Int) -> Int {
            switch self {
            case .lastByte: size - 1
            case .oneByteLeft: size - page + 1
            case .midPage: size - page / 2
            case .oneByteMore: size + 1
            }
        }
    }

    static let commands: [[String]] = [
        ["info"],
        ["position", "military", "--toward", "morales", "--on", "2019-11-10"],
        ["audit"],
        ["record", "protest-held", "--actor", "kaliman", "--toward", "morales", "--on", "2019-11-11"],
    ]

    static func message(_ db: String, size: Int, page: Int) -> String {
        "error: \(db) is damaged: it is \(size) bytes long, not a whole number of its \(page)-byte pages, so it was cut short "
            + "or written past its end; it was left as it is. Restore it from a copy."
    }

    /// Cuts (or grows) the store to the size `cut` gives and checks every command refuses it.
    static func expectRefused(_ sandbox: Sandbox, _ db: String, cut: Cut, page: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = sandbox.path(db)
        let size = try sandbox.read(db).count
        #expect(size % page == 0, "the valid store is whole pages", sourceLocation: sourceLocation)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(cut.size(size, page: page)))
        try handle.close()
        let bytes = try sandbox.read(db)
        for command in commands {
            Expect.failure(try sandbox.run(["--db", db] + command), 1, message(db, size: bytes.count, page: page),
                           sourceLocation: sourceLocation)
        }
        #expect(try sandbox.read(db) == bytes, "the file was changed", sourceLocation: sourceLocation)
        #expect(!sandbox.exists(db + "-wal") && !sandbox.exists(db + "-shm"), sourceLocation: sourceLocation)
    }

    @Test("a store of 4096-byte pages cut or grown inside its last page is refused", arguments: Cut.allCases)
    func refused(cut: Cut) throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore()
        try Self.expectRefused(sandbox, "bolivia.sqlite", cut: cut, page: 4096)
    }

    /// The header stores 65536 as 1 (it does not fit in two bytes); the check must read it so.
    @Test("a store of 65536-byte pages is read right and refused when cut", .enabled(if: RawStore.hasSQLite, "skipped: needs the sqlite3 shell"))
    func largePages() throws {
        let sandbox = try Sandbox()
        try sandbox.boliviaStore()
        try RawStore.sql(sandbox.path("bolivia.sqlite"), "PRAGMA journal_mode = DELETE; PRAGMA page_size = 65536; VACUUM; PRAGMA journal_mode = WAL;")
        let header = try sandbox.read("bolivia.sqlite").prefix(18)
        #expect(Array(header.suffix(2)) == [0, 1])
        Expect.success(try sandbox.run("--db", "bolivia.sqlite", "audit"))
        try Self.expectRefused(sandbox, "bolivia.sqlite", cut: .midPage, page: 65536)
    }
}
