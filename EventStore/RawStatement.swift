import GRDB
import GRDBSQLite

/// A prepared statement driven through SQLite's C API: for the statements an import runs once
/// per event, where building GRDB's argument arrays and rows costs more than SQLite itself.
///
/// It borrows the statement of a GRDB `Statement` (which stays its owner), so SQLite errors
/// still surface as GRDB's `DatabaseError` and map to ``EventStoreError`` codes.
///
/// ```swift
/// let insert = try RawStatement(db.cachedStatement(sql: "INSERT INTO t (a, b) VALUES (?, ?)"), db)
/// try insert.run { $0.bind(1, 42); $0.bind(2, "text") }
/// ```
struct RawStatement {
    private let statement: Statement
    private let db: Database
    private var handle: OpaquePointer { statement.sqliteStatement }

    init(_ statement: Statement, _ db: Database) {
        self.statement = statement
        self.db = db
    }

    /// Binds through `bind`, steps once and resets; true when the step produced a row, which
    /// `read` may look at before the reset.
    @discardableResult
    func run(_ bind: (RawStatement) -> Void, read: (RawStatement) -> Void = { _ in }) throws -> Bool {
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        bind(self)
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW:
            read(self)
            return true
        case SQLITE_DONE:
            return false
        default:
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                sql: statement.sql)
        }
    }

    func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(handle, index, value)
    }

    /// Binds the value, or NULL.
    func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    func bind(_ index: Int32, _ value: String) {
        var value = value
        value.withUTF8 { bytes in
            _ = sqlite3_bind_text(handle, index, bytes.baseAddress, Int32(bytes.count), Self.transient)
        }
    }

    func bind(_ index: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            _ = sqlite3_bind_blob(handle, index, raw.baseAddress, Int32(raw.count), Self.transient)
        }
    }

    func int64(_ column: Int32) -> Int64 {
        sqlite3_column_int64(handle, column)
    }

    func double(_ column: Int32) -> Double {
        sqlite3_column_double(handle, column)
    }

    /// Steps once without resetting, for a query read row by row: true for a row, false once
    /// done. The caller resets (``reset()``) when it stops.
    func step() throws -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                sql: statement.sql)
        }
    }

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// The storage class of a column of the current row (`SQLITE_INTEGER`, `SQLITE_TEXT`, …).
    func storageClass(_ column: Int32) -> Int32 {
        sqlite3_column_type(handle, column)
    }

    /// The bytes of a text column of the current row, valid until the next step; no
    /// terminating NUL, and nothing converted (the caller checked the storage class).
    func text(_ column: Int32) -> UnsafeRawBufferPointer {
        // The pointer first, then the count: that order keeps SQLite from converting the value.
        let start = UnsafeRawPointer(sqlite3_column_text(handle, column))
        return UnsafeRawBufferPointer(start: start, count: Int(sqlite3_column_bytes(handle, column)))
    }

    /// The bytes of a blob column of the current row, valid until the next step.
    func blob(_ column: Int32) -> UnsafeRawBufferPointer {
        let start = sqlite3_column_blob(handle, column)
        return UnsafeRawBufferPointer(start: start, count: start == nil ? 0 : Int(sqlite3_column_bytes(handle, column)))
    }

    /// SQLite copies what is bound with this destructor, so Swift's buffers may go away.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
