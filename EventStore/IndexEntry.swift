import Foundation
import GRDBSQLite

/// One index entry's values (the indexed columns, then the rowid) as bytes, read alike from a
/// row of the index or of its table: so that both sides hash to the same ``MultisetDigest``, and
/// so that entries read in the index's order can be compared in SQLite's own order.
///
/// Each value is a ``Tag``, then for an integer its 8 bytes, for a real its bit pattern, for
/// text and blobs a 4-byte length and the bytes. Nothing is converted: a value stored with
/// another type in the index than in its row reads as a different value.
///
/// ```swift
/// var entry = IndexEntry()
/// while try statement.step() { entry.read(statement, [0, 1]); digest.add(entry) }
/// ```
struct IndexEntry {
    /// A value's storage class, first in its bytes.
    enum Tag: UInt8 {
        case null = 0, integer, real, text, blob
    }

    /// The entry is the first `count` bytes of `storage`, which only grows: an audit reads
    /// millions of entries, and appending each value to an array cost more than writing it
    /// in place (`Array.append(contentsOf:)`, two or three calls a value).
    private var storage = [UInt8](repeating: 0, count: 256)
    private var count = 0

    init() {}

    /// The entry's bytes, as an array (for messages and tests; readers use ``withBytes(_:)``).
    var bytes: [UInt8] { Array(storage[..<count]) }

    /// Calls `body` with the entry's bytes, valid only during the call.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storage.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
    }

    /// Replaces the entry with these columns of the statement's current row.
    mutating func read(_ statement: RawStatement, _ columns: [Int32]) {
        count = 0
        for column in columns {
            switch statement.storageClass(column) {
            case SQLITE_INTEGER: put(.integer, statement.int64(column))
            case SQLITE_FLOAT: put(.real, Int64(bitPattern: statement.double(column).bitPattern))
            case SQLITE_TEXT: put(.text, statement.text(column))
            case SQLITE_BLOB: put(.blob, statement.blob(column))
            default: put(.null)
            }
        }
    }

    private mutating func reserve(_ extra: Int) {
        guard count + extra > storage.count else { return }
        storage += [UInt8](repeating: 0, count: max(extra, storage.count))
    }

    private mutating func put(_ tag: Tag) {
        reserve(1)
        storage[count] = tag.rawValue
        count += 1
    }

    private mutating func put(_ tag: Tag, _ value: Int64) {
        reserve(9)
        storage.withUnsafeMutableBytes { out in
            out[count] = tag.rawValue
            out.storeBytes(of: value.littleEndian, toByteOffset: count + 1, as: Int64.self)
        }
        count += 9
    }

    private mutating func put(_ tag: Tag, _ value: UnsafeRawBufferPointer) {
        reserve(5 + value.count)
        storage.withUnsafeMutableBytes { out in
            out[count] = tag.rawValue
            out.storeBytes(of: UInt32(value.count).littleEndian, toByteOffset: count + 1, as: UInt32.self)
            if let source = value.baseAddress, !value.isEmpty {
                (out.baseAddress! + count + 5).copyMemory(from: source, byteCount: value.count)
            }
        }
        count += 5 + value.count
    }

    /// How this entry sorts against `other` in SQLite's order (BINARY collation, ascending):
    /// the sign of the first difference, and which value it is in (the count when none).
    func compare(to other: IndexEntry) -> (order: Int, at: Int) {
        withBytes { mine in
            other.withBytes { theirs in
                var (a, b, at) = (0, 0, 0)
                while a < mine.count && b < theirs.count {
                    let order = Self.compareValue(mine, &a, theirs, &b)
                    if order != 0 { return (order, at) }
                    at += 1
                }
                return (0, at)
            }
        }
    }

    /// Whether one of the first `count` values is NULL: a UNIQUE index holds any number of
    /// such keys.
    func hasNull(inFirst count: Int) -> Bool {
        withBytes { raw in
            var offset = 0
            for _ in 0..<count where offset < raw.count {
                let tag = Tag(rawValue: raw[offset]) ?? .null
                if tag == .null { return true }
                offset += tag == .text || tag == .blob ? 5 + Int(Self.length(raw, offset)) : 9
            }
            return false
        }
    }

    /// Compares the values at `a` and `b` and moves both offsets past them.
    private static func compareValue(_ x: UnsafeRawBufferPointer, _ a: inout Int, _ y: UnsafeRawBufferPointer, _ b: inout Int) -> Int {
        let tagX = Tag(rawValue: x[a]) ?? .null, tagY = Tag(rawValue: y[b]) ?? .null
        let rankX = rank(tagX), rankY = rank(tagY)
        defer {
            a += width(tagX, x, a)
            b += width(tagY, y, b)
        }
        if rankX != rankY { return rankX < rankY ? -1 : 1 }
        switch tagX {
        case .null:
            return 0
        case .integer, .real:
            let valueX = x.loadUnaligned(fromByteOffset: a + 1, as: Int64.self).littleEndian
            let valueY = y.loadUnaligned(fromByteOffset: b + 1, as: Int64.self).littleEndian
            switch (tagX, tagY) {
            case (.integer, .integer): return valueX < valueY ? -1 : valueX > valueY ? 1 : 0
            case (.real, .real):
                let (realX, realY) = (Double(bitPattern: UInt64(bitPattern: valueX)), Double(bitPattern: UInt64(bitPattern: valueY)))
                return realX < realY ? -1 : realX > realY ? 1 : 0
            case (.integer, _): return compare(valueX, Double(bitPattern: UInt64(bitPattern: valueY)))
            default: return -compare(valueY, Double(bitPattern: UInt64(bitPattern: valueX)))
            }
        case .text, .blob:
            let countX = Int(length(x, a)), countY = Int(length(y, b))
            let common = memcmp(x.baseAddress! + a + 5, y.baseAddress! + b + 5, min(countX, countY))
            if common != 0 { return common < 0 ? -1 : 1 }
            return countX < countY ? -1 : countX > countY ? 1 : 0
        }
    }

    /// An integer against a real, as SQLite compares them (`sqlite3IntFloatCompare`): exactly,
    /// even where the integer has no exact Double.
    private static func compare(_ integer: Int64, _ real: Double) -> Int {
        if real.isNaN { return 1 }
        if real < -9_223_372_036_854_775_808.0 { return 1 }
        if real >= 9_223_372_036_854_775_808.0 { return -1 }
        let truncated = Int64(real)
        if integer != truncated { return integer < truncated ? -1 : 1 }
        let widened = Double(integer)
        return widened < real ? -1 : widened > real ? 1 : 0
    }

    /// NULL first, then numbers, text and blobs, as SQLite sorts storage classes.
    private static func rank(_ tag: Tag) -> Int {
        switch tag {
        case .null: 0
        case .integer, .real: 1
        case .text: 2
        case .blob: 3
        }
    }

    private static func width(_ tag: Tag, _ raw: UnsafeRawBufferPointer, _ offset: Int) -> Int {
        switch tag {
        case .null: 1
        case .integer, .real: 9
        case .text, .blob: 5 + Int(length(raw, offset))
        }
    }

    private static func length(_ raw: UnsafeRawBufferPointer, _ offset: Int) -> UInt32 {
        raw.loadUnaligned(fromByteOffset: offset + 1, as: UInt32.self).littleEndian
    }
}

extension MultisetDigest {
    /// Adds an entry's bytes.
    mutating func add(_ entry: IndexEntry) {
        entry.withBytes { add($0) }
    }
}
