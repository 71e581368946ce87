/// What a writer believes about a stream before it appends, so that two writers of the
/// same stream cannot both win.
///
/// ```swift
/// let event = NewEvent(..., expectedVersion: .exactly(3)) // fails if the stream moved on
/// ```
public enum ExpectedVersion: Sendable, Hashable {
    /// Append whatever the stream holds.
    case any
    /// The stream must be empty: the first event of a new stream.
    case noStream
    /// The stream's last `stream_version` must be exactly this number.
    case exactly(Int64)

    /// Whether a stream whose last version is `current` (0 when empty) satisfies the expectation.
    public func isSatisfied(byCurrentVersion current: Int64) -> Bool {
        switch self {
        case .any: return true
        case .noStream: return current == 0
        case .exactly(let version): return current == version
        }
    }
}

extension ExpectedVersion: CustomStringConvertible {
    public var description: String {
        switch self {
        case .any: return "any"
        case .noStream: return "no stream"
        case .exactly(let version): return "version \(version)"
        }
    }
}
