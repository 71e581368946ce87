/// One thing an audit of the log found wrong, tied to the event where it shows.
///
/// ```swift
/// ChainFinding(seq: 7, check: .hash, expected: "4f2c…", found: "90ab…")
/// ```
public struct ChainFinding: Sendable, Hashable, CustomStringConvertible {
    /// Which rule the log broke.
    public enum Check: String, Sendable, Hashable {
        /// `seq` must run 1, 2, 3… without a gap.
        case sequence
        /// `prev_hash` must equal the previous event's `hash`.
        case link
        /// `hash` must equal the hash recomputed from the row's columns.
        case hash
        /// `recorded_at` must never decrease.
        case recordedAt
        /// A column cannot be read (wrong type, not a UUID, bad precision, wrong length).
        case unreadable
        /// An append-only trigger is missing or its SQL was changed.
        case trigger
        /// A published head no longer matches the log.
        case publishedHead
        /// SQLite's own integrity check fails (a damaged page or index), whatever the rows say.
        case integrity
    }

    /// The event concerned, or nil for the store as a whole (a trigger).
    public let seq: Int64?
    public let check: Check
    public let expected: String
    public let found: String

    public init(seq: Int64?, check: Check, expected: String, found: String) {
        self.seq = seq
        self.check = check
        self.expected = expected
        self.found = found
    }

    public var description: String {
        "\(seq.map { "seq \($0)" } ?? "store"): \(check.rawValue): expected \(expected), found \(found)"
    }
}
