/// A calendar day in the proleptic Gregorian calendar, not tied to any time zone.
///
/// A day recorded with `--on` means "that date wherever the store is", so it is kept as a plain
/// date and only turned into instants by `StoreTimeZone`. The arithmetic uses Howard Hinnant's
/// integer civil-date algorithms because Foundation's calendars cost microseconds per call.
///
///     let date = CivilDate(year: 2019, month: 11, day: 10)!
///     date.epochDay                      // 18210
///     date.adding(days: 21).description  // "2019-12-01"
///     CivilDate.parse("2019-02-29")      // nil: 2019 is not a leap year
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Fails unless the fields name a real date in years 1...9999, the years `YYYY` can spell.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= CivilDate.daysIn(month: month, year: year)
        else { return nil }
        self.init(unchecked: year, month, day)
    }

    /// The date `epochDay` days after 1970-01-01 (negative for earlier days).
    ///
    /// Total for any day, so the year may fall outside 1...9999 for extreme inputs; such dates
    /// still compare and convert correctly but `parse` cannot read their description back.
    public init(epochDay: Int64) {
        // Hinnant's civil_from_days: shift to eras of 400 years starting on 0000-03-01 so that
        // the leap day is the last day of the (March-based) year.
        let z = epochDay + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let marchMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * marchMonth + 2) / 5 + 1
        let month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.init(unchecked: Int(year), Int(month), Int(day))
    }

    private init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Days since 1970-01-01, the unit `occurred_at` arithmetic is done in.
    public var epochDay: Int64 {
        // Hinnant's days_from_civil, mirroring init(epochDay:).
        let y = Int64(year) - (month <= 2 ? 1 : 0)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> CivilDate {
        CivilDate(epochDay: epochDay + Int64(days))
    }

    /// Reads exactly `YYYY-MM-DD` (ASCII digits, 4-2-2); anything else, or a date that does not
    /// exist such as `2019-02-29`, gives nil.
    public static func parse(_ text: String) -> CivilDate? {
        var text = text
        return text.withUTF8 { bytes -> CivilDate? in
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
                  let year = asciiNumber(bytes, from: 0, count: 4),
                  let month = asciiNumber(bytes, from: 5, count: 2),
                  let day = asciiNumber(bytes, from: 8, count: 2)
            else { return nil }
            return CivilDate(year: year, month: month, day: day)
        }
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// `2019-11-10`; years outside 0...9999 get an explicit sign (ISO 8601 expanded form).
    public var description: String {
        guard (0...9999).contains(year) else {
            let sign = year < 0 ? "-" : "+"
            var digits = String(year.magnitude)
            if digits.count < 4 { digits = String(repeating: "0", count: 4 - digits.count) + digits }
            return sign + digits + "-" + (month < 10 ? "0" : "") + String(month) + "-"
                + (day < 10 ? "0" : "") + String(day)
        }
        return String(unsafeUninitializedCapacity: 10) { buffer in
            var end = 0
            writeDate(into: buffer, at: &end)
            return end
        }
    }

    static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Writes `YYYY-MM-DD` at `end`; callers guarantee the year is in 0...9999 and 10 bytes of room.
    func writeDate(into buffer: UnsafeMutableBufferPointer<UInt8>, at end: inout Int) {
        CivilDate.writeDigits(year, count: 4, into: buffer, at: &end)
        buffer[end] = UInt8(ascii: "-")
        end += 1
        CivilDate.writeDigits(month, count: 2, into: buffer, at: &end)
        buffer[end] = UInt8(ascii: "-")
        end += 1
        CivilDate.writeDigits(day, count: 2, into: buffer, at: &end)
    }

    /// Writes the low `count` decimal digits of a non-negative `value`, zero-padded.
    static func writeDigits(_ value: Int, count: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at end: inout Int) {
        var rest = value
        var index = end + count - 1
        while index >= end {
            buffer[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
            index -= 1
        }
        end += count
    }

    /// The value of exactly `count` ASCII digits starting at `from`, or nil if any byte is not one
    /// (or the range runs past the end).
    static func asciiNumber(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, count: Int) -> Int? {
        guard from >= 0, from + count <= bytes.count else { return nil }
        var value = 0
        for index in from..<(from + count) {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }
}
