import GRDB

extension SQLiteEventStore {
    /// Maps SQLite's result codes to the store's typed codes, keeping the original error.
    static func map(_ error: any Error, path: String) -> EventStoreError {
        if let error = error as? EventStoreError {
            var error = error
            if error.path == nil { error.path = path }
            // A damaged row is found while reading; say which file it is in.
            if error.code == .damaged && !error.message.contains(path) {
                error.message = "\(path) is damaged: " + error.message
            }
            return error
        }
        guard let error = error as? DatabaseError else {
            return EventStoreError(.io, "Could not use the store at \(path): \(error)", path: path)
        }
        let detail = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return EventStoreError(
                .busy,
                "The store at \(path) stayed busy with another writer for more than \(Int(busyTimeout)) seconds; try again.",
                path: path, underlying: error)
        case .SQLITE_NOTADB:
            return EventStoreError(.notAStore, "\(path) is not a stance store: it is not an SQLite database.", path: path, underlying: error)
        case .SQLITE_CORRUPT:
            return EventStoreError(
                .damaged,
                "The store at \(path) is damaged (\(detail)); it was left as it is. Restore it from a copy, or run `stance audit` to see what can still be verified.",
                path: path, underlying: error)
        case .SQLITE_READONLY:
            return EventStoreError(
                .readOnly,
                "The store at \(path) is read-only, so nothing was written; it still answers questions, and to record, make the file and its folder writable or work on a writable copy.",
                path: path, underlying: error)
        case .SQLITE_FULL:
            return EventStoreError(
                .full, "The disk holding \(path) is full, so nothing from this batch was written; free some space and retry.",
                path: path, underlying: error)
        case .SQLITE_CANTOPEN:
            return EventStoreError(.io, "Cannot open the store at \(path): \(detail).", path: path, underlying: error)
        case .SQLITE_CONSTRAINT:
            if detail.contains("append-only") || detail.contains("appended in order") || detail.contains("fixed when") {
                return EventStoreError(.appendOnly, detail.replacingOccurrences(of: "stance: ", with: ""), path: path, underlying: error)
            }
            return EventStoreError(.io, "The store at \(path) refused a write: \(detail).", path: path, underlying: error)
        case .SQLITE_IOERR:
            if writeFailures.contains(error.extendedResultCode) {
                return EventStoreError(.full, writeFailure(path: path, detail: detail), path: path, underlying: error)
            }
            return EventStoreError(.io, "Reading or writing \(path) failed: \(detail).", path: path, underlying: error)
        default:
            return EventStoreError(.io, "The store at \(path) failed: \(detail).", path: path, underlying: error)
        }
    }
}
