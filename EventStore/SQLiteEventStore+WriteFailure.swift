import Foundation
import GRDB

extension SQLiteEventStore {
    /// The I/O errors SQLite reports when a write runs out of room. A full disk gives
    /// SQLITE_FULL, but a file that reaches the process's size limit (`ulimit -f`, `prlimit
    /// --fsize`) fails with EFBIG, which SQLite reports as one of these; so can a failing disk.
    static let writeFailures: [ResultCode] = [
        .SQLITE_IOERR_WRITE, .SQLITE_IOERR_FSYNC, .SQLITE_IOERR_TRUNCATE, .SQLITE_IOERR_SHMSIZE,
    ]

    /// The sentence for a write that failed: the size limit when the process has one (the
    /// likely cause), else the disk. The transaction was rolled back either way: SQLite
    /// commits by writing the commit record last, so a failed write leaves the batch out.
    static func writeFailure(path: String, detail: String) -> String {
        if let limit = fileSizeLimit() {
            return "Writing to \(path) failed at this process's file size limit of \(limit) bytes (ulimit -f), "
                + "so nothing from this batch was written; raise the limit, or free some space, and retry."
        }
        return "Writing to \(path) failed (\(detail)): the disk is full or failing, so nothing from this batch was written; "
            + "free some space, check the disk, and retry."
    }

    /// The soft RLIMIT_FSIZE in bytes, nil when unlimited (RLIM_INFINITY, all bits set).
    static func fileSizeLimit() -> UInt64? {
        var limit = rlimit()
        #if os(Linux)
        let resource = __rlimit_resource_t(RLIMIT_FSIZE.rawValue)
        #else
        let resource = RLIMIT_FSIZE
        #endif
        guard getrlimit(resource, &limit) == 0, limit.rlim_cur != rlim_t.max else { return nil }
        return UInt64(limit.rlim_cur)
    }
}
