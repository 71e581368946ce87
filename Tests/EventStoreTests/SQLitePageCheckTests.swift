@testable import EventStore
import Foundation
import StanceTesting
import Testing

/// The whole-page check `SQLiteEventStore.open` makes before SQLite reads anything.
@Suite("SQLite page check")
struct SQLitePageCheckTests {
    static func header(pageSize bytes: (UInt8, UInt8)) -> [UInt8] {
        SQLitePageCheck.magic + [bytes.0, bytes.1]
    }

    @Test("the header's page size is read big-endian, 1 meaning 65536")
    func pageSizeFromHeader() {
        #expect(SQLitePageCheck.pageSize(header: Self.header(pageSize: (0x10, 0x00))) == 4096)
        #expect(SQLitePageCheck.pageSize(header: Self.header(pageSize: (0x02, 0x00))) == 512)
        #expect(SQLitePageCheck.pageSize(header: Self.header(pageSize: (0x80, 0x00))) == 32768)
        #expect(SQLitePageCheck.pageSize(header: Self.header(pageSize: (0x00, 0x01))) == 65536)
        #expect(SQLitePageCheck.pageSize(header: Array(Self.header(pageSize: (0x10, 0x00)).prefix(17))) == nil, "too short")
        #expect(SQLitePageCheck.pageSize(header: Array("not an SQLite file at all".utf8)) == nil)
    }

    @Test("open refuses a store one byte short as damaged, naming it, and leaves it as it was")
    func openRefusesAPartialPage() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("stance.sqlite")
            try TestSupport.makeStore(at: path)
            let size = try TestSupport.bytes(path).count
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.truncate(atOffset: UInt64(size - 1))
            try handle.close()
            let before = try TestSupport.bytes(path)
            let error = #expect(throws: EventStoreError.self) { try SQLiteEventStore.open(at: path, clock: TestSupport.clock) }
            #expect(error?.code == .damaged)
            #expect(error?.path == path)
            #expect(error?.message.hasPrefix("\(path) is damaged: it is \(size - 1) bytes long, not a whole number of its 4096-byte pages") == true)
            #expect(try TestSupport.bytes(path) == before)
            #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        }
    }

    /// A checkpoint cut off by a full disk can leave a partial page while the log still holds
    /// every commit; that file is SQLite's to recover, not the check's to refuse.
    @Test("a partial page with a -wal beside it is left to SQLite")
    func partialPageWithLogIsLeftToSQLite() throws {
        try withTemporaryDirectory { dir in
            let path = dir.file("stance.sqlite")
            try TestSupport.makeStore(at: path)
            let size = try TestSupport.bytes(path).count
            try Data([0]).write(to: URL(fileURLWithPath: path + "-wal"))
            #expect(throws: Never.self) { try SQLitePageCheck.check(path, size: size + 1) }
            try FileManager.default.removeItem(atPath: path + "-wal")
            #expect(throws: EventStoreError.self) { try SQLitePageCheck.check(path, size: size + 1) }
        }
    }
}
