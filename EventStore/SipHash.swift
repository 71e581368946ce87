/// SipHash-2-4 with its 128-bit output (Aumasson and Bernstein): a keyed hash of a short
/// input, fast enough for millions of audit entries, that no one who does not know the key can
/// steer.
///
/// Written here rather than taken from Swift's `Hasher`, which gives 64 bits: a 128-bit sum
/// then took two passes over each input, and `Hasher.combine(bytes:)` buffers its input a
/// byte at a time. This one reads eight bytes at a time and gives both halves from one pass.
///
/// ```swift
/// let hash = SipHash(key: (0x0706050403020100, 0x0f0e0d0c0b0a0908))
/// let (low, high) = bytes.withUnsafeBytes { hash.hash128($0) }
/// ```
struct SipHash: Sendable {
    let key: (UInt64, UInt64)

    init(key: (UInt64, UInt64)) {
        self.key = key
    }

    /// A key drawn from the system's random source, for a digest compared within one process.
    static func randomKey() -> (UInt64, UInt64) {
        var generator = SystemRandomNumberGenerator()
        return (generator.next(), generator.next())
    }

    /// The 128-bit hash of `bytes`, as its first and second 8 bytes read little-endian.
    func hash128(_ bytes: UnsafeRawBufferPointer) -> (low: UInt64, high: UInt64) {
        var state = State(key)
        let whole = bytes.count & ~7
        var offset = 0
        while offset < whole {
            state.absorb(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian)
            offset += 8
        }
        var last = UInt64(truncatingIfNeeded: bytes.count) << 56
        var shift: UInt64 = 0
        while offset < bytes.count {
            last |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        state.absorb(last)
        return state.finish()
    }

    private struct State {
        var v0: UInt64, v1: UInt64, v2: UInt64, v3: UInt64

        init(_ key: (UInt64, UInt64)) {
            v0 = 0x736f_6d65_7073_6575 ^ key.0
            v1 = 0x646f_7261_6e64_6f6d ^ key.1 ^ 0xee
            v2 = 0x6c79_6765_6e65_7261 ^ key.0
            v3 = 0x7465_6462_7974_6573 ^ key.1
        }

        mutating func absorb(_ word: UInt64) {
            v3 ^= word
            round()
            round()
            v0 ^= word
        }

        mutating func finish() -> (low: UInt64, high: UInt64) {
            v2 ^= 0xee
            round(); round(); round(); round()
            let low = v0 ^ v1 ^ v2 ^ v3
            v1 ^= 0xdd
            round(); round(); round(); round()
            return (low, v0 ^ v1 ^ v2 ^ v3)
        }

        mutating func round() {
            v0 &+= v1; v1 = v1.rotated(13); v1 ^= v0; v0 = v0.rotated(32)
            v2 &+= v3; v3 = v3.rotated(16); v3 ^= v2
            v0 &+= v3; v3 = v3.rotated(21); v3 ^= v0
            v2 &+= v1; v1 = v1.rotated(17); v1 ^= v2; v2 = v2.rotated(32)
        }
    }
}

private extension UInt64 {
    func rotated(_ bits: UInt64) -> UInt64 {
        (self << bits) | (self >> (64 - bits))
    }
}
