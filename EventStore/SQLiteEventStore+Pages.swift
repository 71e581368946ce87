import Foundation
import GRDB
import GRDBSQLite

extension SQLiteEventStore {
    /// Reads every event after `seq`, in `seq` order, in pages of raw rows (see
    /// ``RawEventPage``): what a replay or an audit of the whole log reads, without building a
    /// GRDB row and a dozen Strings per event.
    ///
    /// Rows are read as strictly as ``forEach(after:_:)`` reads them, with the same errors: a
    /// column of the wrong storage class, an id not in the store's spelling, an unknown
    /// precision or a hash that is not 32 bytes is damage, thrown as it is found. The whole
    /// read is one transaction, so `body` must not use the store; it returns false to stop.
    ///
    /// A page holds `pageSize` rows, or fewer when its bytes reach ``pageByteBudget`` (events
    /// with long texts); it then ends early, and the next ends where it would have, so that
    /// every multiple of `pageSize` rows read is still the end of a page. `pageSize` must be
    /// at least 1.
    public func forEachPage(after seq: Int64, pageSize: Int, _ body: (RawEventPage) throws -> Bool) throws {
        try forEachPage(after: seq, pageSize: pageSize, keepingUnreadable: false, body)
    }

    /// The bytes after which a page ends before its `pageSize` rows: a page of the benchmark's
    /// 2,048 events holds ~1.3 MB, one of 2,048 events of a megabyte each would hold 2 GiB,
    /// and a replay keeps dozens of pages in flight.
    public static let pageByteBudget = 8 << 20

    /// ``forEachPage(after:pageSize:_:)``, or with `keepingUnreadable`, as an audit reads: a
    /// damaged row joins its page marked ``RawEventPage/Row/unreadable``, and the read goes on.
    func forEachPage(
        after seq: Int64, pageSize: Int, byteBudget: Int = pageByteBudget, keepingUnreadable: Bool, _ body: (RawEventPage) throws -> Bool
    ) throws {
        precondition(pageSize > 0, "forEachPage reads pages of at least one row, not \(pageSize)")
        var callerError: (any Error)?
        try read { db in
            let statement = RawStatement(try db.makeStatement(sql: "SELECT \(Self.columns) FROM events WHERE seq > ? ORDER BY seq"), db)
            defer { statement.reset() }
            statement.bind(1, seq)
            var page = RawEventPage(capacity: pageSize)
            var rows = 0
            while try statement.step() {
                try Self.appendRow(statement, to: &page, db, keepingUnreadable: keepingUnreadable)
                rows += 1
                guard rows % pageSize == 0 || page.byteCount >= byteBudget else { continue }
                do {
                    guard try body(page) else { return }
                } catch {
                    callerError = error
                    return
                }
                page = RawEventPage(capacity: pageSize)
            }
            if !page.isEmpty {
                do { _ = try body(page) } catch { callerError = error }
            }
        }
        if let callerError { throw callerError }
    }

    /// The storage class each column must hold, in ``columns`` order.
    private static let storageClasses: [Int32] = [
        SQLITE_INTEGER, SQLITE_TEXT, SQLITE_TEXT, SQLITE_INTEGER, SQLITE_TEXT, SQLITE_INTEGER, SQLITE_INTEGER,
        SQLITE_TEXT, SQLITE_INTEGER, SQLITE_TEXT, SQLITE_TEXT, SQLITE_BLOB, SQLITE_BLOB,
    ]

    /// Copies the statement's current row into the page. A row that is anything but plain (a
    /// column of another storage class, text that GRDB would read differently, a bad id,
    /// precision or hash) is read again through ``decode(_:)``, which throws the damage
    /// ``forEach(after:_:)`` throws, or gives the Strings it would give.
    static func appendRow(_ statement: RawStatement, to page: inout RawEventPage, _ db: Database, keepingUnreadable: Bool) throws {
        let seq = statement.int64(0)
        var plain = true
        for column in 0..<13 where statement.storageClass(Int32(column)) != storageClasses[column] {
            plain = false
            break
        }
        if plain {
            // Each byte column fetched once; the pointers stay valid until the next step.
            let id = statement.text(1), stream = statement.text(2), type = statement.text(4)
            let payload = statement.text(9), metadata = statement.text(10)
            let prevHash = statement.blob(11), hash = statement.blob(12)
            if let uuid = UUID(canonicalBytes: id), let precision = precision(statement.text(7)),
               prevHash.count == 32, hash.count == 32,
               readsBack(stream), readsBack(type), readsBack(payload), readsBack(metadata) {
                page.append(
                    seq: seq, id: uuid, streamVersion: statement.int64(3), schemaVersion: statement.int64(5),
                    occurredAt: statement.int64(6), precision: precision, recordedAt: statement.int64(8),
                    columns: (id, stream, type, payload, metadata, prevHash, hash))
                return
            }
        }
        // seq is the rowid, always an integer: the row can be read again by it.
        guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.columns) FROM events WHERE seq = ?", arguments: [seq]) else {
            throw EventStoreError(.damaged, "The event at seq \(seq) could not be read again.")
        }
        let event: RecordedEvent
        do {
            event = try decode(row)
        } catch where keepingUnreadable {
            page.appendUnreadable(seq: seq, reason: "\(error)")
            return
        }
        page.append(event)
    }

    private static func precision(_ bytes: UnsafeRawBufferPointer) -> OccurrencePrecision? {
        // By length, then memcmp: `elementsEqual` over a String's UTF-8 walked it byte by byte,
        // ~2% of the time of a replay's reading thread, which is its critical path.
        switch bytes.count {
        case 7: return same(bytes, "instant") ? .instant : nil
        case 3: return same(bytes, "day") ? .day : nil
        default: return nil
        }
    }

    private static func same(_ bytes: UnsafeRawBufferPointer, _ text: StaticString) -> Bool {
        bytes.count == text.utf8CodeUnitCount && memcmp(bytes.baseAddress!, text.utf8Start, bytes.count) == 0
    }

    /// Whether text reads back as these very bytes through GRDB, which stops at a NUL and
    /// repairs ill-formed UTF-8: true for valid UTF-8 without NUL.
    static func readsBack(_ text: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        let count = text.count
        // Sixteen bytes at a time while they are ASCII without NUL, nearly every byte: a byte
        // is in 1...127 exactly when one less is below 127 (0 wraps round to 255).
        let one = SIMD16<UInt8>(repeating: 1), limit = SIMD16<UInt8>(repeating: 0x7F)
        while index + 16 <= count {
            let block = text.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
            if any(block &- one .>= limit) { break }
            index += 16
        }
        while index + 8 <= count {
            let word = text.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
            if word & high != 0 || (word &- ones) & ~word & high != 0 { break }
            index += 8
        }
        let rest = UnsafeRawBufferPointer(rebasing: text[index...])
        if !rest.contains(where: { $0 == 0 || $0 >= 0x80 }) { return true }
        return !rest.contains(0) && String(validating: rest, as: UTF8.self) != nil
    }
}

extension UUID {
    /// Parses the store's spelling from bytes, as ``init(canonicalText:)`` does from a String.
    init?(canonicalBytes text: UnsafeRawBufferPointer) {
        guard text.count == 36, text[8] == 0x2D, text[13] == 0x2D, text[18] == 0x2D, text[23] == 0x2D else { return nil }
        var bytes: (UInt64, UInt64) = (0, 0)
        var invalid: UInt8 = 0
        // The table's buffer once, not the global's accessor and a bounds check per digit.
        Self.nibbles.withUnsafeBufferPointer { nibbles in
            withUnsafeMutableBytes(of: &bytes) { out in
                var index = 0
                for written in 0..<16 {
                    if index == 8 || index == 13 || index == 18 || index == 23 { index += 1 }
                    let high = nibbles[Int(text[index])], low = nibbles[Int(text[index + 1])]
                    invalid |= high | low
                    out[written] = high << 4 | (low & 0x0F)
                    index += 2
                }
            }
        }
        guard invalid & 0x80 == 0 else { return nil }
        self = withUnsafeBytes(of: bytes) { UUID(uuid: $0.loadUnaligned(as: uuid_t.self)) }
    }

    /// Each byte's value as a lowercase hex digit, or 0xFF.
    private static let nibbles: [UInt8] = (0...255).map { char in
        switch char {
        case 0x30...0x39: UInt8(char - 0x30)
        case 0x61...0x66: UInt8(char - 0x61 + 10)
        default: 0xFF
        }
    }
}
