import Foundation
import GRDB

extension SQLiteEventStore {
    /// Opens the connection `open` uses: read-write when allowed, else read-only, in a way that
    /// also reads a store whose folder cannot be written.
    ///
    /// SQLite reads a WAL-mode file through its shared-memory file (`-shm`), which it creates
    /// beside the store, even for a read-only connection. Where the folder cannot be written
    /// (a read-only mount, a backup volume) and the store was checkpointed (no `-wal` with
    /// content), there is nothing besides the file to read, so it is opened `immutable`,
    /// without the shared memory. A store whose `-wal` still holds commits can only be read
    /// with its `-shm`; without one it is refused with a message rather than read without its
    /// latest events.
    static func openQueue(path: String, readOnly: Bool) throws -> DatabaseQueue {
        guard readOnly else { return try DatabaseQueue(path: path, configuration: configuration(readOnly: false)) }
        do {
            // GRDB reads the schema as it opens, which is what makes SQLite open -wal and -shm;
            // read it again to be sure the connection can read at all.
            let queue = try DatabaseQueue(path: path, configuration: configuration(readOnly: true))
            try queue.read { db in _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            return queue
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CANTOPEN {
            if fileSize(path + "-wal") > 0 {
                throw EventStoreError(
                    .readOnly,
                    "The store at \(path) is read-only and its write-ahead log \(path)-wal holds events that cannot be read "
                        + "without a \(path)-shm file, which its folder does not allow; open it once where the folder can be "
                        + "written, which folds the log into the store.",
                    path: path, underlying: error)
            }
            return try DatabaseQueue(path: immutableURI(path), configuration: configuration(readOnly: true))
        }
    }

    /// An SQLite URI naming `path` with `immutable=1`: no locks, no shared memory, no `-wal`.
    /// The library is built with SQLITE_USE_URI (Debian's is), so a `file:` name is read as one.
    static func immutableURI(_ path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var encoded = ""
        for character in absolute {
            switch character {
            case "%": encoded += "%25"
            case "?": encoded += "%3f"
            case "#": encoded += "%23"
            default: encoded.append(character)
            }
        }
        return "file:\(encoded)?immutable=1"
    }

    /// The size of the file at `path` in bytes, 0 when there is none.
    static func fileSize(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
    }
}
