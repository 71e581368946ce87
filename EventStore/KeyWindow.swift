/// A key of the index and the span of `occurred_at` a reader wants under it.
///
/// A question that needs only part of a key's events (the statements a person made while
/// speaking for an institution, the signals since an answer's last change) names the window,
/// and the store reads no event row outside it (only the key's small index rows).
///
/// ```swift
/// let windows = [KeyWindow("pair:kaliman>morales", occurred: start...end), KeyWindow("roles:military")]
/// let events = try store.events(in: windows, through: nil)
/// ```
public struct KeyWindow: Hashable, Sendable {
    public let key: String
    /// Milliseconds since the epoch, both ends included; nil for every event under the key.
    public let occurred: ClosedRange<Int64>?

    public init(_ key: String, occurred: ClosedRange<Int64>? = nil) {
        self.key = key
        self.occurred = occurred
    }

    /// Whether an event that occurred at `millis` falls in the window.
    public func contains(_ millis: Int64) -> Bool {
        occurred?.contains(millis) ?? true
    }

    /// Keys that make their event timeless: an event carrying one (a retraction, whose key is
    /// `retracts:` and the id it names) bears on other events whenever those occurred, so its
    /// key rows carry no `occurred_at` and every window over any of its keys reads it. A
    /// window over a statement's key then reads whatever withdraws the statement too, without
    /// a lookup of each statement's retractions. The store reads no other meaning into it.
    /// Migration v5 spells the prefix out itself: a shipped migration never changes.
    public static let timelessKeyPrefix = "retracts:"

    /// Whether an event with these keys is timeless (see ``timelessKeyPrefix``); byte prefixes,
    /// as SQL compares them.
    public static func isTimeless(_ keys: [String]) -> Bool {
        keys.contains { $0.utf8.starts(with: timelessKeyPrefix.utf8) }
    }
}
