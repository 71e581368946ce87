import Foundation

/// Which event ids may be withdrawn, from a few bits of each: most events are not, and are
/// told so without hashing their id; the rest are looked up in ``RetractionRule``.
struct ExclusionFilter {
    private var bits: [UInt64]
    private static let mask: UInt64 = (1 << 18) - 1

    init(_ excluded: Set<UUID>) {
        bits = excluded.isEmpty ? [] : [UInt64](repeating: 0, count: (1 << 18) / 64)
        for id in excluded {
            let slot = Self.slot(id)
            bits[slot >> 6] |= 1 << UInt64(slot & 63)
        }
    }

    /// False when the event is certainly not withdrawn.
    func mayContain(_ id: UUID) -> Bool {
        guard !bits.isEmpty else { return false }
        let slot = Self.slot(id)
        return bits[slot >> 6] & (1 << UInt64(slot & 63)) != 0
    }

    private static func slot(_ id: UUID) -> Int {
        let prefix = withUnsafeBytes(of: id.uuid) { $0.loadUnaligned(as: UInt64.self) }
        return Int(truncatingIfNeeded: (prefix ^ prefix >> 29) & mask)
    }
}
