import Foundation

/// Rows of the log copied out of SQLite as bytes: every text and blob column of a page in one
/// buffer, so that reading a million rows costs a few allocations per page, not a dozen per
/// row, and a page can be handed to other threads to decode and hash.
///
/// Each text column holds exactly the String a ``RecordedEvent`` would: for the rare row whose
/// text holds a NUL or ill-formed UTF-8, the bytes are those of GRDB's reading of it.
///
/// ```swift
/// try store.forEachPage(after: 0, pageSize: 2048) { page in
///     for row in page.indices { page.withBytes(row, .payload) { bytes in … } }
///     return true
/// }
/// ```
public struct RawEventPage: Sendable {
    /// A row's integer columns, and where its other columns sit in ``bytes``.
    public struct Row: Sendable {
        public let seq: Int64
        public let id: UUID
        public let streamVersion: Int64
        public let schemaVersion: Int64
        public let occurredAt: Int64
        public let precision: OccurrencePrecision
        public let recordedAt: Int64
        /// Where the page keeps why the row could not be read (see ``RawEventPage/unreadable(_:)``),
        /// or -1. An index rather than the String, so that a row holds no reference and copies
        /// as plain bytes: a replay copies each row several times.
        let reason: Int32
        /// Offsets into the page's bytes: id text, stream, type, payload, metadata, prev_hash
        /// and hash, in that order, then the end.
        let bounds: Bounds
    }

    /// Eight offsets: the start of each of the seven byte columns, and the end of the last.
    /// Full-width: a page of 2,048 events of a megabyte each (the longest line an import
    /// takes) passes 2 GiB, where 32-bit offsets trapped.
    struct Bounds: Sendable {
        var offsets: (Int, Int, Int, Int, Int, Int, Int, Int)

        subscript(_ index: Int) -> Int {
            withUnsafeBytes(of: offsets) { $0.load(fromByteOffset: index * MemoryLayout<Int>.stride, as: Int.self) }
        }
    }

    /// The byte columns, in the order ``Bounds`` counts them.
    public enum Column: Int, Sendable {
        case id = 0, stream, type, payload, metadata, prevHash, hash
    }

    public private(set) var rows: [Row] = []
    private var bytes: PageBytes
    /// Why each unreadable row could not be read, in the order they came.
    private var reasons: [String] = []

    init(capacity: Int) {
        rows.reserveCapacity(capacity)
        bytes = PageBytes(capacity: capacity * 768)
    }

    public var count: Int { rows.count }
    /// The bytes the page holds in its buffer: what bounds a page besides its rows.
    public var byteCount: Int { bytes.count }
    public var isEmpty: Bool { rows.isEmpty }
    public var indices: Range<Int> { rows.indices }
    public subscript(index: Int) -> Row { rows[index] }

    /// Why row `index` could not be read, for an audit's page (other readers throw instead);
    /// nil for a row read whole. An unreadable row's other columns are empty.
    public func unreadable(_ index: Int) -> String? {
        let reason = rows[index].reason
        return reason < 0 ? nil : reasons[Int(reason)]
    }

    /// The seven byte columns of a row, in ``Column`` order.
    typealias Columns = (
        UnsafeRawBufferPointer, UnsafeRawBufferPointer, UnsafeRawBufferPointer, UnsafeRawBufferPointer,
        UnsafeRawBufferPointer, UnsafeRawBufferPointer, UnsafeRawBufferPointer)

    /// Appends a row: its integer columns, and its byte columns copied into the buffer.
    mutating func append(
        seq: Int64, id: UUID, streamVersion: Int64, schemaVersion: Int64, occurredAt: Int64,
        precision: OccurrencePrecision, recordedAt: Int64, columns: Columns
    ) {
        makeBytesUnique()
        bytes.reserve(
            columns.0.count + columns.1.count + columns.2.count + columns.3.count + columns.4.count
                + columns.5.count + columns.6.count)
        let start = bytes.count
        bytes.append(columns.0)
        let stream = bytes.count
        bytes.append(columns.1)
        let type = bytes.count
        bytes.append(columns.2)
        let payload = bytes.count
        bytes.append(columns.3)
        let metadata = bytes.count
        bytes.append(columns.4)
        let prevHash = bytes.count
        bytes.append(columns.5)
        let hash = bytes.count
        bytes.append(columns.6)
        rows.append(Row(
            seq: seq, id: id, streamVersion: streamVersion, schemaVersion: schemaVersion, occurredAt: occurredAt,
            precision: precision, recordedAt: recordedAt, reason: -1,
            bounds: Bounds(offsets: (start, stream, type, payload, metadata, prevHash, hash, bytes.count))))
    }

    /// Gives this page a buffer of its own before it writes, if a copy of it shares this one:
    /// pages are values.
    private mutating func makeBytesUnique() {
        if !isKnownUniquelyReferenced(&bytes) { bytes = bytes.copy() }
    }

    /// Appends a row read the general way, as its ``RecordedEvent``.
    mutating func append(_ event: RecordedEvent) {
        let texts = [Array(event.id.canonicalText.utf8), Array(event.stream.utf8), Array(event.type.utf8),
                     Array(event.payload.utf8), Array(event.metadata.utf8), event.prevHash.bytes, event.hash.bytes]
        let joined = texts.flatMap { $0 }
        var starts = [0]
        for text in texts { starts.append(starts.last! + text.count) }
        joined.withUnsafeBytes { buffer in
            let column = { (index: Int) in UnsafeRawBufferPointer(rebasing: buffer[starts[index]..<starts[index + 1]]) }
            append(
                seq: event.seq, id: event.id, streamVersion: event.streamVersion, schemaVersion: event.schemaVersion,
                occurredAt: event.occurredAt, precision: event.precision, recordedAt: event.recordedAt,
                columns: (column(0), column(1), column(2), column(3), column(4), column(5), column(6)))
        }
    }

    /// A page of these events, in the order given: for stores and writers that read events
    /// the general way.
    public init(_ events: [RecordedEvent]) {
        self.init(capacity: events.count)
        for event in events { append(event) }
    }

    /// Takes in every row of another page: its bytes in one copy, its rows after this one's.
    mutating func absorb(_ other: RawEventPage) {
        let shift = bytes.count
        let reasonShift = Int32(reasons.count)
        makeBytesUnique()
        other.bytes.withBuffer { theirs in
            bytes.reserve(theirs.count)
            bytes.append(UnsafeRawBufferPointer(theirs))
        }
        reasons.append(contentsOf: other.reasons)
        rows.append(contentsOf: other.rows.map { row in
            var bounds = row.bounds
            withUnsafeMutableBytes(of: &bounds.offsets) { offsets in
                let stride = MemoryLayout<Int>.stride
                for index in 0..<8 {
                    offsets.storeBytes(of: offsets.load(fromByteOffset: index * stride, as: Int.self) + shift, toByteOffset: index * stride, as: Int.self)
                }
            }
            return Row(
                seq: row.seq, id: row.id, streamVersion: row.streamVersion, schemaVersion: row.schemaVersion,
                occurredAt: row.occurredAt, precision: row.precision, recordedAt: row.recordedAt,
                reason: row.reason < 0 ? -1 : row.reason + reasonShift, bounds: bounds)
        })
    }

    /// Puts the rows in `seq` order, each seq once (rows of one seq hold the same event).
    mutating func sortBySeqDroppingRepeats() {
        let order = rows.indices.sorted { (rows[$0].seq, $0) < (rows[$1].seq, $1) }
        rows = order.map { rows[$0] }
        dropRepeatedSeqs()
    }

    /// Keeps the first of rows of one seq side by side (rows of one seq hold the same event).
    mutating func dropRepeatedSeqs() {
        var last: Int64?
        rows.removeAll { row in
            defer { last = row.seq }
            return row.seq == last
        }
    }

    /// Appends a row that could not be read, with why.
    mutating func appendUnreadable(seq: Int64, reason: String) {
        defer { reasons.append(reason) }
        let end = bytes.count
        rows.append(Row(
            seq: seq, id: UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)), streamVersion: 0, schemaVersion: 0,
            occurredAt: 0, precision: .instant, recordedAt: 0, reason: Int32(reasons.count),
            bounds: Bounds(offsets: (end, end, end, end, end, end, end, end))))
    }

    /// Calls `body` with the bytes of one column of a row, valid only during the call.
    public func withBytes<R>(_ index: Int, _ column: Column, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let bounds = rows[index].bounds
        let start = bounds[column.rawValue], end = bounds[column.rawValue + 1]
        return try bytes.withBuffer { buffer in
            try body(UnsafeBufferPointer(rebasing: buffer[start..<end]))
        }
    }

    /// Calls `body` with the whole buffer and the row's column offsets, for a reader that
    /// takes several columns of many rows (a hash of every row) without a call per column.
    func withRow<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>, Bounds) throws -> R) rethrows -> R {
        try bytes.withBuffer { try body($0, rows[index].bounds) }
    }

    /// A column's text, as the String a ``RecordedEvent`` holds.
    public func text(_ index: Int, _ column: Column) -> String {
        withBytes(index, column) { String(decoding: $0, as: UTF8.self) }
    }

    /// The row as a ``RecordedEvent``, for readers that need Strings (and for rows that the
    /// quick paths leave to the general ones).
    public func recorded(_ index: Int) -> RecordedEvent {
        let row = rows[index]
        return RecordedEvent(
            seq: row.seq, id: row.id, stream: text(index, .stream), streamVersion: row.streamVersion,
            type: text(index, .type), schemaVersion: row.schemaVersion, occurredAt: row.occurredAt,
            precision: row.precision, recordedAt: row.recordedAt, payload: text(index, .payload),
            metadata: text(index, .metadata),
            prevHash: ChainHash.Digest(bytes: withBytes(index, .prevHash) { Array($0) })!,
            hash: ChainHash.Digest(bytes: withBytes(index, .hash) { Array($0) })!)
    }
}
