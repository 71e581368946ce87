/// How precisely an event's world time is known.
///
/// A `day` event happened at some moment of a calendar day; its `occurred_at` is the first
/// instant of that day in the store's time zone. An `instant` event happened at that instant.
public enum OccurrencePrecision: String, Sendable, Hashable, CaseIterable, Codable {
    case day
    case instant
}
