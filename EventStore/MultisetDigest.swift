/// An order-free digest of a multiset of byte strings: how many, and the sum mod 2^128 of a
/// keyed 128-bit hash of each. Two sides digest equal when they hold the same strings, but for
/// a chance of about 2^-128; so an index read in its own order can be compared with its table
/// read in rowid order, or a key index with a replay, without holding or sorting either.
///
/// The hash is ``SipHash`` under a key drawn at random once per process: both sides of a
/// comparison are digested in one process, and one who edits the file cannot know the key, so
/// cannot choose strings whose sum comes out right. That is all the sum needs; SHA-256 would
/// cost several times more per string and add nothing here. The sum means nothing outside the
/// process that made it: compare digests, never print or store one.
///
/// ```swift
/// var fromTable = MultisetDigest(), fromIndex = MultisetDigest()
/// fromTable.add(bytes)   // … for each row, and for each index entry
/// if fromTable != fromIndex { /* the index does not hold its table's rows */ }
/// ```
public struct MultisetDigest: Sendable, Equatable {
    public private(set) var count: Int64 = 0
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    private static let hash = SipHash(key: SipHash.randomKey())

    public init() {}

    public mutating func add(_ bytes: UnsafeRawBufferPointer) {
        let (first, second) = Self.hash.hash128(bytes)
        let (sum, carried) = low.addingReportingOverflow(first)
        low = sum
        high = high &+ second &+ (carried ? 1 : 0)
        count += 1
    }

    /// Adds every string of another digest: the digests of parts sum to the digest of the whole.
    public mutating func merge(_ other: MultisetDigest) {
        let (sum, carried) = low.addingReportingOverflow(other.low)
        low = sum
        high = high &+ other.high &+ (carried ? 1 : 0)
        count += other.count
    }
}
