import EventStore

/// A moment on the recording axis: what the log held then. Answers asked `--as-of` a moment
/// are computed from the events recorded up to it only, retractions included, exactly as if
/// the store held nothing newer.
///
/// ```swift
/// let asOf = AsOf.seq(12)                          // the log up to seq 12
/// let before = AsOf.recordedAt(1_573_500_000_000_000) // everything recorded by that instant
/// ```
public enum AsOf: Sendable, Hashable {
    /// The log up to and including this `seq`.
    case seq(Int64)
    /// Everything whose `recorded_at` (µs since the epoch) is at or before this instant.
    case recordedAt(Int64)

    /// Whether the event was in the log at this moment.
    public func includes(seq: Int64, recordedAt: Int64) -> Bool {
        switch self {
        case .seq(let last): return seq <= last
        case .recordedAt(let instant): return recordedAt <= instant
        }
    }

    /// Whether no later event can be included either: `recorded_at` never decreases with `seq`,
    /// so a replay may stop at the first event past the moment.
    public func isPast(_ event: RecordedEvent) -> Bool {
        !includes(seq: event.seq, recordedAt: event.recordedAt)
    }
}
