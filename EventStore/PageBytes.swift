import Foundation

/// The bytes of a ``RawEventPage``: one buffer that doubles when full, into which a row's
/// columns are copied with `memcpy` after one check for room.
///
/// `Array.append(contentsOf:)` cost ~80 instructions a call besides the copy (uniqueness,
/// capacity, the generic copy), seven calls a row, ~8% of the time of the thread that reads a
/// replay's pages, which is the replay's critical path.
///
/// ```swift
/// let bytes = PageBytes(capacity: 4096)
/// bytes.reserve(payload.count)
/// bytes.append(payload)
/// bytes.withBuffer { all in … }
/// ```
///
/// A page is written by one thread and only read once handed over; ``RawEventPage`` copies
/// the buffer before changing one that another page shares.
final class PageBytes: @unchecked Sendable {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    /// Another buffer holding the same bytes.
    func copy() -> PageBytes {
        let copy = PageBytes(capacity: max(count, 64))
        copy.base.initialize(from: base, count: count)
        copy.count = count
        return copy
    }

    /// Makes room for `extra` more bytes, so that the appends that follow need not check.
    func reserve(_ extra: Int) {
        guard extra > capacity - count else { return }
        var grown = capacity * 2
        while grown - count < extra { grown *= 2 }
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        larger.initialize(from: base, count: count)
        base.deallocate()
        (base, capacity) = (larger, grown)
    }

    /// Appends bytes for which ``reserve(_:)`` made room.
    func append(_ bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count <= capacity - count, "PageBytes.append without room reserved")
        if let source = bytes.baseAddress, !bytes.isEmpty {
            memcpy(base + count, source, bytes.count)
        }
        count += bytes.count
    }

    /// Calls `body` with every byte appended, valid only during the call.
    func withBuffer<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try withExtendedLifetime(self) { try body(UnsafeBufferPointer(start: base, count: count)) }
    }
}
