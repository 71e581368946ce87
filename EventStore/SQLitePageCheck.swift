import Foundation

/// The check SQLite leaves out: a database file holds a whole number of pages.
///
/// A store cut short inside its last page still opens, and `info` and `position` answer from
/// the rows that remain readable; only `PRAGMA integrity_check` (run by `stance audit`) notices.
/// Refusing such a file when it is opened means no command answers from, or writes to, a file
/// that lost bytes.
enum SQLitePageCheck {
    /// The first 16 bytes of every SQLite database file.
    static let magic = Array("SQLite format 3\u{0}".utf8)

    /// The page size declared by a database header, or nil when `header` is not one.
    ///
    /// Bytes 16 and 17 hold the size big-endian; the value 1 stands for 65536, which does not
    /// fit in two bytes.
    static func pageSize(header: [UInt8]) -> Int? {
        guard header.count >= 18, Array(header[0..<16]) == magic else { return nil }
        let raw = Int(header[16]) << 8 | Int(header[17])
        return raw == 1 ? 65536 : raw
    }

    /// Throws `.damaged` when the file at `path`, `size` bytes long, is an SQLite database
    /// whose size is not a multiple of its page size.
    ///
    /// Files that are not SQLite, or whose header gives an impossible page size, are left to
    /// SQLite, which already refuses them. So is a file with a write-ahead log beside it: a
    /// checkpoint cut off by a full disk can leave a partial page at the end, and the log, which
    /// still holds every committed page, is what SQLite recovers from.
    static func check(_ path: String, size: Int) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 18)).map { Array($0) } ?? []
        guard let page = pageSize(header: header), page >= 512, page & (page - 1) == 0 else { return }
        guard size % page != 0 else { return }
        let walSize = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? NSNumber)?.intValue ?? 0
        guard walSize == 0 else { return }
        throw EventStoreError(
            .damaged,
            "\(path) is damaged: it is \(size) bytes long, not a whole number of its \(page)-byte pages, so it was cut short "
                + "or written past its end; it was left as it is. Restore it from a copy.",
            path: path)
    }
}
