/// When something happened in the world: a whole calendar day or an exact instant.
///
/// Users often know only the day of a statement (`--on 2019-11-10`) and sometimes the minute
/// (`--at 2019-11-10T16:50-04:00`); keeping the precision lets listings show what was actually
/// known instead of inventing a midnight. The store's `occurred_at` is `startMillis(in:)`.
///
///     let zone = StoreTimeZone(identifier: "America/La_Paz")!
///     try WorldTime.parse("2019-11-10", in: zone)               // .day(2019-11-10)
///     try WorldTime.parse("2019-11-10T16:50-04:00", in: zone)   // .instant(1573419000000)
///     try WorldTime.parse("2019-11-10 16:50", in: zone)         // the same instant, read as local time
///     WorldTime.day(CivilDate(year: 2019, month: 11, day: 10)!).startMillis(in: zone)  // 1573358400000
public enum WorldTime: Hashable, Sendable {
    /// A calendar day, read in the store's time zone when turned into instants.
    case day(CivilDate)
    /// Milliseconds since 1970-01-01T00:00:00Z.
    case instant(Int64)

    /// Reads `YYYY-MM-DD` as a day, or a date and time as an instant.
    ///
    /// An instant is `YYYY-MM-DD`, then `T`, `t` or a space, then `HH:MM`, `HH:MM:SS` or
    /// `HH:MM:SS.f` with 1 to 9 fraction digits (truncated to milliseconds), then optionally `Z`,
    /// `z`, `±HH:MM`, `±HHMM` or `±HH`. Without an offset the time is local to `zone`; an ambiguous
    /// local time (clocks turned back) means the earlier instant, and a skipped one is an error.
    /// Nothing else is accepted: no surrounding whitespace, no `24:00`, no leap second `:60`.
    /// Checks run in order (shape, date, time, offset, local time), and the first failure is thrown.
    public static func parse(_ text: String, in zone: StoreTimeZone) throws(WorldTimeError) -> WorldTime {
        var bytes = text
        let result = bytes.withUTF8 { parse(bytes: $0, text: text, zone: zone) }
        let time = try result.get()
        // An offset can carry an instant written in year 0001 or 9999 into year 0 or 10000, which
        // could then be stored but never written back the way it is read. The written date counts
        // too: under local mean time (La_Paz's -04:32:36) the offset is written rounded to -04:33,
        // so 0001-01-01T00:00 local would be written as 0000-12-31T23:59:36-04:33.
        if case .instant(let ms) = time,
           !(1...9999).contains(StoreTimeZone.utc.civilDate(at: ms).year)
            || !(1...9999).contains(zone.civilDate(at: ms).year)
            || !(1...9999).contains(zone.writtenDate(at: ms).year) {
            throw WorldTimeError(.outOfRange, input: text, zoneIdentifier: zone.identifier)
        }
        return time
    }

    /// The first instant (ms) covered: the start of the day in `zone`, or the instant itself.
    public func startMillis(in zone: StoreTimeZone) -> Int64 {
        switch self {
        case .day(let date): return zone.startOfDay(date)
        case .instant(let ms): return ms
        }
    }

    /// The end (ms) of what is covered: exclusive for a day (the next day's start), and the
    /// instant itself for an instant.
    public func endMillis(in zone: StoreTimeZone) -> Int64 {
        switch self {
        case .day(let date): return zone.startOfNextDay(date)
        case .instant(let ms): return ms
        }
    }

    /// `"day"` or `"instant"`, the precision name used in stored payloads and output.
    public var precisionName: String {
        switch self {
        case .day: return "day"
        case .instant: return "instant"
        }
    }

    /// `2019-11-10` for a day, `2019-11-10T16:50:00-04:00` (see `StoreTimeZone.formatInstant`)
    /// for an instant.
    public func formatted(in zone: StoreTimeZone) -> String {
        switch self {
        case .day(let date): return date.description
        case .instant(let ms): return zone.formatInstant(ms)
        }
    }

    private static func parse(bytes: UnsafeBufferPointer<UInt8>, text: String, zone: StoreTimeZone) -> Result<WorldTime, WorldTimeError> {
        func failure(_ code: WorldTimeError.Code) -> Result<WorldTime, WorldTimeError> {
            .failure(WorldTimeError(code, input: text, zoneIdentifier: code == .nonexistentLocalTime ? zone.identifier : nil))
        }
        let count = bytes.count
        guard count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = CivilDate.asciiNumber(bytes, from: 0, count: 4),
              let month = CivilDate.asciiNumber(bytes, from: 5, count: 2),
              let day = CivilDate.asciiNumber(bytes, from: 8, count: 2)
        else { return failure(.malformed) }

        if count == 10 {
            guard let date = CivilDate(year: year, month: month, day: day) else { return failure(.impossibleDate) }
            return .success(.day(date))
        }

        let separator = bytes[10]
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " "),
              let hour = CivilDate.asciiNumber(bytes, from: 11, count: 2),
              count >= 16, bytes[13] == UInt8(ascii: ":"),
              let minute = CivilDate.asciiNumber(bytes, from: 14, count: 2)
        else { return failure(.malformed) }

        var index = 16
        var second = 0
        var millisecond = 0
        if index < count, bytes[index] == UInt8(ascii: ":") {
            guard let value = CivilDate.asciiNumber(bytes, from: index + 1, count: 2) else { return failure(.malformed) }
            second = value
            index += 3
            if index < count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                let fractionStart = index
                while index < count, bytes[index] &- UInt8(ascii: "0") < 10 {
                    if index - fractionStart < 3 { millisecond = millisecond * 10 + Int(bytes[index] &- UInt8(ascii: "0")) }
                    index += 1
                }
                let digits = index - fractionStart
                guard (1...9).contains(digits) else { return failure(.malformed) }
                var scale = min(digits, 3)
                while scale < 3 {
                    millisecond *= 10
                    scale += 1
                }
            }
        }

        // Offset in minutes east of UTC; nil means local time in `zone`.
        var offsetMinutes: Int? = nil
        var offsetInRange = true
        if index < count {
            switch bytes[index] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                guard index + 1 == count else { return failure(.malformed) }
                offsetMinutes = 0
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                let negative = bytes[index] == UInt8(ascii: "-")
                guard let hours = CivilDate.asciiNumber(bytes, from: index + 1, count: 2) else { return failure(.malformed) }
                var minutes = 0
                switch count - index - 1 {
                case 2:
                    break
                case 4:
                    guard let value = CivilDate.asciiNumber(bytes, from: index + 3, count: 2) else { return failure(.malformed) }
                    minutes = value
                case 5:
                    guard bytes[index + 3] == UInt8(ascii: ":"),
                          let value = CivilDate.asciiNumber(bytes, from: index + 4, count: 2)
                    else { return failure(.malformed) }
                    minutes = value
                default:
                    return failure(.malformed)
                }
                offsetInRange = minutes <= 59 && hours * 60 + minutes <= 18 * 60
                offsetMinutes = (negative ? -1 : 1) * (hours * 60 + minutes)
            default:
                return failure(.malformed)
            }
        }

        guard let date = CivilDate(year: year, month: month, day: day) else { return failure(.impossibleDate) }
        guard hour <= 23, minute <= 59, second <= 59 else { return failure(.timeOutOfRange) }
        guard offsetInRange else { return failure(.offsetOutOfRange) }

        if let offsetMinutes {
            let localMillis = date.epochDay * 86_400_000
                + Int64((hour * 3600 + minute * 60 + second) * 1000 + millisecond)
            return .success(.instant(localMillis - Int64(offsetMinutes) * 60_000))
        }
        guard let ms = zone.instant(localDate: date, hour: hour, minute: minute, second: second, millisecond: millisecond)
        else { return failure(.nonexistentLocalTime) }
        return .success(.instant(ms))
    }
}
