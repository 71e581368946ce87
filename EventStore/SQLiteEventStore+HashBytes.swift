extension SQLiteEventStore {
    /// A 32-byte hash held inline: comparing a million of them allocates nothing.
    struct HashBytes: Equatable {
        let words: (UInt64, UInt64, UInt64, UInt64)

        init<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
            var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            withUnsafeMutableBytes(of: &words) { _ = $0.initializeMemory(as: UInt8.self, from: bytes) }
            self.words = words
        }

        var digest: ChainHash.Digest { ChainHash.Digest(bytes: withUnsafeBytes(of: words) { Array($0) })! }

        static func == (lhs: HashBytes, rhs: HashBytes) -> Bool { lhs.words == rhs.words }
    }
}
