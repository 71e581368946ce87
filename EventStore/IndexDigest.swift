/// An order-free digest of a multiset of index entries, so that an index read in its own order
/// and its table read in rowid order can be compared without holding either: how many entries,
/// and the sum mod 2^128 of a 128-bit keyed hash of each. Two sides digest equal when they hold
/// the same entries, but for a chance of about 2^-128.
///
/// The hash is Swift's `Hasher` (SipHash, keyed at random for each process unless
/// `SWIFT_DETERMINISTIC_HASHING` is set): both sides are digested in one process, and one who
/// edits the file cannot know the key, so cannot choose entries whose sum comes out right. A
/// keyed hash is all the sum needs; SHA-256 would cost more per entry and add nothing here.
///
/// ```swift
/// var fromTable = IndexDigest(), fromIndex = IndexDigest()
/// fromTable.add(entry)   // … for each row, and for each index entry
/// if fromTable != fromIndex { /* the index does not hold its table's rows */ }
/// ```
struct IndexDigest: Equatable {
    private(set) var count: Int64 = 0
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    mutating func add(_ entry: IndexEntry) {
        let (first, second) = entry.withBytes { raw in
            // One key, two inputs told apart by their first byte: two independent halves.
            var first = Hasher(), second = Hasher()
            first.combine(0 as UInt8)
            first.combine(bytes: raw)
            second.combine(1 as UInt8)
            second.combine(bytes: raw)
            return (UInt64(UInt(bitPattern: first.finalize())), UInt64(UInt(bitPattern: second.finalize())))
        }
        let (sum, carried) = low.addingReportingOverflow(first)
        low = sum
        high = high &+ second &+ (carried ? 1 : 0)
        count += 1
    }
}
