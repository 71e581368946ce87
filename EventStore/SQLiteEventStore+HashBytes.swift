extension SQLiteEventStore {
    /// A 32-byte hash held inline: comparing a million of them allocates nothing.
    struct HashBytes: Equatable {
        let words: (UInt64, UInt64, UInt64, UInt64)

        /// The first 32 bytes, zeros after bytes that are fewer: one copy, where a generic
        /// collection was read a byte at a time (~470 instructions a hash, twice a row).
        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            withUnsafeMutableBytes(of: &words) { words in
                if let source = bytes.baseAddress { words.baseAddress!.copyMemory(from: source, byteCount: min(bytes.count, 32)) }
            }
            self.words = words
        }

        init(_ bytes: [UInt8]) {
            self = bytes.withUnsafeBufferPointer(HashBytes.init)
        }

        var digest: ChainHash.Digest { ChainHash.Digest(bytes: withUnsafeBytes(of: words) { Array($0) })! }

        static func == (lhs: HashBytes, rhs: HashBytes) -> Bool { lhs.words == rhs.words }
    }
}
