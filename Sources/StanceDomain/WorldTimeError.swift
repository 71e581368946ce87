/// Why a `--on` or `--at` value could not be read as a world time, phrased for the user.
///
/// The description is one sentence that quotes the input and says what was expected, so the CLI
/// can print it as is; `code` lets callers and tests tell the cases apart without matching text.
///
///     do {
///         _ = try WorldTime.parse("2019-02-30", in: .utc)
///     } catch {
///         error.code         // .impossibleDate
///         error.description  // "'2019-02-30' is not a real date"
///     }
public struct WorldTimeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure; the raw value is a stable machine-readable name.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// Not shaped like a date or date-time at all.
        case malformed
        /// Well formed, but the date does not exist (`2019-02-30`, month 13, year 0000).
        case impossibleDate
        /// Hour above 23, minute or second above 59 (leap seconds and `24:00` are not accepted).
        case timeOutOfRange
        /// UTC offset beyond ±18:00 or with minutes above 59.
        case offsetOutOfRange
        /// A local time without offset that the store's zone skipped at a clock change.
        case nonexistentLocalTime
        /// An instant that, read in UTC or in the store's zone, falls outside the years 0001-9999,
        /// where dates can no longer be written the way they are read.
        case outOfRange
    }

    public let code: Code
    /// The text as the user gave it.
    public let input: String
    /// The zone a local time was read in; only meaningful for `.nonexistentLocalTime`.
    public let zoneIdentifier: String?

    public init(_ code: Code, input: String, zoneIdentifier: String? = nil) {
        self.code = code
        self.input = input
        self.zoneIdentifier = zoneIdentifier
    }

    public var description: String {
        switch code {
        case .malformed:
            return "'\(input)' is not a date or time; use YYYY-MM-DD for a day or YYYY-MM-DDTHH:MM±HH:MM for an instant"
        case .impossibleDate:
            return "'\(input)' is not a real date"
        case .timeOutOfRange:
            return "'\(input)' has a time of day out of range; use hours 00-23, minutes 00-59 and seconds 00-59"
        case .offsetOutOfRange:
            return "'\(input)' has a UTC offset out of range; use an offset from -18:00 to +18:00"
        case .nonexistentLocalTime:
            return "'\(input)' does not exist in \(zoneIdentifier ?? "the store's time zone") (the clocks skipped it)"
        case .outOfRange:
            return "'\(input)' falls outside the years 0001 to 9999 once read in UTC or in \(zoneIdentifier ?? "the store's time zone")"
        }
    }
}
