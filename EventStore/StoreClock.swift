import Foundation

/// Where the store gets `recorded_at` from: injected, so that tests control time and the
/// store never reads the system clock on its own.
///
/// ```swift
/// let clock = StoreClock.fixed(1_700_000_000_000_000)
/// ```
public struct StoreClock: Sendable {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public var now: @Sendable () -> Int64

    public init(now: @escaping @Sendable () -> Int64) {
        self.now = now
    }

    /// A clock that always reads the same instant; the store still never lets `recorded_at`
    /// decrease.
    public static func fixed(_ micros: Int64) -> StoreClock {
        StoreClock { micros }
    }
}
