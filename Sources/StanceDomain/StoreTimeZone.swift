import Foundation

/// The IANA time zone a store reads dates in, with cached offsets and fast ISO 8601 formatting.
///
/// A day recorded with `--on` is stored as the first instant of that day in this zone, and every
/// printed instant is shown in it. Foundation is asked only for UTC offsets, and each UTC day's
/// answer is cached, because `ISO8601DateFormatter` and `DateFormatter` cost tens of microseconds
/// per call and instants are formatted once per printed event.
///
///     let zone = StoreTimeZone(identifier: "America/La_Paz")!
///     let start = zone.startOfDay(CivilDate(year: 2019, month: 11, day: 10)!)  // 1573358400000
///     zone.formatInstant(start + 60_600_000)                                  // "2019-11-10T16:50:00-04:00"
///     zone.formatDate(start)                                                   // "2019-11-10"
///
/// Two values are equal when their identifiers are; values with the same identifier share one
/// offset cache for the life of the process.
public struct StoreTimeZone: Sendable, Hashable {
    /// The identifier exactly as given, e.g. `America/La_Paz` or `UTC`.
    public let identifier: String
    private let table: OffsetTable

    /// UTC, the zone of a store created without `--timezone`.
    public static let utc = StoreTimeZone(identifier: "UTC")!

    /// Fails unless `identifier` is a real IANA zone name.
    ///
    /// Accepted: `UTC`, `GMT`, `Etc/UTC`, `Etc/GMT`, any name in
    /// `TimeZone.knownTimeZoneIdentifiers`, and any `Area/Location` name Foundation accepts whose
    /// area is a geographic IANA area (Africa, America, Antarctica, Arctic, Asia, Atlantic,
    /// Australia, Europe, Indian, Pacific). The last rule exists because Foundation on Linux omits
    /// some current names, such as `Asia/Kolkata`, from the known list. Rejected, although
    /// Foundation would take some of them: abbreviations (`BOT`, `EST`), custom offsets
    /// (`GMT+4`), `Etc/GMT+4`-style names (their sign is inverted), legacy names (`US/Eastern`),
    /// and any other spelling or case (`utc`).
    public init?(identifier: String) {
        guard let table = OffsetTable.shared(for: identifier) else { return nil }
        self.identifier = identifier
        self.table = table
    }

    public static func == (lhs: StoreTimeZone, rhs: StoreTimeZone) -> Bool {
        lhs.identifier == rhs.identifier
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(identifier)
    }

    /// The zone's offset from UTC, in seconds, at the instant `ms` (milliseconds since the epoch).
    public func offsetSeconds(at ms: Int64) -> Int {
        table.offset(atSecond: floorDivide(ms, 1000))
    }

    /// The first instant (ms) whose local date is `date`.
    ///
    /// Usually local midnight, but when a clock change skips midnight (America/Santiago on
    /// 2019-09-08, America/Sao_Paulo on 2018-11-04) the day starts at the change, 01:00 local.
    /// A day the zone skipped entirely (Pacific/Apia, 2011-12-30) gets the start of the next day,
    /// so its span `startOfDay..<startOfNextDay` is empty. Days partition the timeline at their
    /// starts: if a clock change ever repeats the last part of a day after midnight, the repeat
    /// belongs to the following day's span.
    public func startOfDay(_ date: CivilDate) -> Int64 {
        let midnight = date.epochDay * 86_400
        if let instant = earliestInstant(localSecond: midnight) { return instant * 1000 }
        return skippedGapEnd(localSecond: midnight) * 1000
    }

    /// The first instant of the following day: the exclusive end of `date`'s span.
    public func startOfNextDay(_ date: CivilDate) -> Int64 {
        startOfDay(date.adding(days: 1))
    }

    /// The local date at the instant `ms`.
    public func civilDate(at ms: Int64) -> CivilDate {
        let second = floorDivide(ms, 1000)
        let local = second + Int64(table.offset(atSecond: second))
        return CivilDate(epochDay: floorDivide(local, 86_400))
    }

    /// The instant (ms) at which local clocks read the given date and time, or nil when they never
    /// do because a clock change skipped it, or when a field is out of range (hour 0...23,
    /// minute 0...59, second 0...59, millisecond 0...999).
    ///
    /// When clocks are turned back the wall time occurs twice; this returns the earlier instant,
    /// the one still on the pre-change (usually daylight-saving) offset.
    public func instant(localDate: CivilDate, hour: Int, minute: Int, second: Int, millisecond: Int) -> Int64? {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second),
              (0...999).contains(millisecond)
        else { return nil }
        let local = localDate.epochDay * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        guard let instant = earliestInstant(localSecond: local) else { return nil }
        return instant * 1000 + Int64(millisecond)
    }

    /// RFC 3339 text for the instant in this zone, e.g. `2019-11-10T16:50:00-04:00`.
    ///
    /// Seconds are always shown; milliseconds only when non-zero, always as three digits
    /// (`.120`); a zero offset is `Z`. Before standard time (local mean time, e.g. La_Paz's
    /// -04:32:36 before 1932) the offset has seconds that `±HH:MM` cannot carry; it is then rounded
    /// to the nearest minute and the wall time shown in that rounded offset, so the text still
    /// names the exact instant and parses back to it.
    public func formatInstant(_ ms: Int64) -> String {
        let second = floorDivide(ms, 1000)
        let millisecond = Int(ms - second * 1000)
        let offset = writtenOffset(atSecond: second)
        let local = second + Int64(offset)
        let day = floorDivide(local, 86_400)
        let secondOfDay = Int(local - day * 86_400)
        let date = CivilDate(epochDay: day)
        guard (0...9999).contains(date.year) else {
            return slowFormat(date: date, secondOfDay: secondOfDay, millisecond: millisecond, offset: offset)
        }
        return String(unsafeUninitializedCapacity: 29) { buffer in
            var end = 0
            date.writeDate(into: buffer, at: &end)
            buffer[end] = UInt8(ascii: "T")
            end += 1
            writeClock(secondOfDay: secondOfDay, millisecond: millisecond, into: buffer, at: &end)
            writeOffset(offset, into: buffer, at: &end)
            return end
        }
    }

    /// The local date `formatInstant` writes for the instant `ms`. It differs from
    /// `civilDate(at:)` only within 30 seconds of midnight under local mean time, where the
    /// rounded offset puts the written wall time on the other side of midnight.
    func writtenDate(at ms: Int64) -> CivilDate {
        let second = floorDivide(ms, 1000)
        return CivilDate(epochDay: floorDivide(second + Int64(writtenOffset(atSecond: second)), 86_400))
    }

    /// The offset (seconds) `formatInstant` writes: the real one rounded to whole minutes.
    private func writtenOffset(atSecond second: Int64) -> Int {
        let offset = table.offset(atSecond: second)
        guard offset % 60 != 0 else { return offset }
        let minutes = Int((offset.magnitude + 30) / 60)
        return offset < 0 ? -minutes * 60 : minutes * 60
    }

    /// The local date of the instant as `YYYY-MM-DD`.
    public func formatDate(_ ms: Int64) -> String {
        civilDate(at: ms).description
    }

    // MARK: - Local time to instant

    /// The earliest instant (seconds) whose local wall-clock reading is `local`, or nil if skipped.
    ///
    /// The instant is `local - offset` for some offset in force near it. Offsets are under a day
    /// in magnitude, so probes a day either side bracket every solution; each candidate offset is
    /// kept only if it really is in force at the instant it implies. Assumes at most one clock
    /// change within about a day of `local`, which holds for every zone in the tz database.
    private func earliestInstant(localSecond local: Int64) -> Int64? {
        let before = Int64(table.offset(atSecond: local - 86_400))
        let after = Int64(table.offset(atSecond: local + 86_400))
        // The usual case: no change nearby, so exactly one instant reads `local`.
        if before == after, Int64(table.offset(atSecond: local - before)) == before { return local - before }
        var best: Int64? = nil
        func consider(_ offset: Int64) {
            let candidate = local - offset
            if Int64(table.offset(atSecond: candidate)) == offset, best.map({ candidate < $0 }) ?? true {
                best = candidate
            }
        }
        consider(before)
        if after != before { consider(after) }
        // Catches a change whose effect differs from both probes (a second change nearby).
        let nearBefore = Int64(table.offset(atSecond: local - before))
        if nearBefore != before, nearBefore != after { consider(nearBefore) }
        let nearAfter = Int64(table.offset(atSecond: local - after))
        if nearAfter != before, nearAfter != after, nearAfter != nearBefore { consider(nearAfter) }
        return best
    }

    /// The instant (seconds) at which clocks jumped over `local`, found by bisection between the
    /// instants `local` would name under the offsets before and after the change.
    private func skippedGapEnd(localSecond local: Int64) -> Int64 {
        let before = Int64(table.offset(atSecond: local - 86_400))
        let after = Int64(table.offset(atSecond: local + 86_400))
        var low = local - max(before, after)
        var high = local - min(before, after)
        let lowOffset = table.offset(atSecond: low)
        guard table.offset(atSecond: high) != lowOffset else { return high }
        // Invariant: offset(low) == lowOffset, offset(high) != lowOffset.
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if table.offset(atSecond: middle) == lowOffset { low = middle } else { high = middle }
        }
        return high
    }

    // MARK: - Formatting helpers

    private func writeClock(secondOfDay: Int, millisecond: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at end: inout Int) {
        CivilDate.writeDigits(secondOfDay / 3600, count: 2, into: buffer, at: &end)
        buffer[end] = UInt8(ascii: ":")
        end += 1
        CivilDate.writeDigits(secondOfDay / 60 % 60, count: 2, into: buffer, at: &end)
        buffer[end] = UInt8(ascii: ":")
        end += 1
        CivilDate.writeDigits(secondOfDay % 60, count: 2, into: buffer, at: &end)
        if millisecond != 0 {
            buffer[end] = UInt8(ascii: ".")
            end += 1
            CivilDate.writeDigits(millisecond, count: 3, into: buffer, at: &end)
        }
    }

    private func writeOffset(_ offset: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at end: inout Int) {
        if offset == 0 {
            buffer[end] = UInt8(ascii: "Z")
            end += 1
            return
        }
        buffer[end] = offset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
        end += 1
        let minutes = Int(offset.magnitude) / 60
        CivilDate.writeDigits(minutes / 60, count: 2, into: buffer, at: &end)
        buffer[end] = UInt8(ascii: ":")
        end += 1
        CivilDate.writeDigits(minutes % 60, count: 2, into: buffer, at: &end)
    }

    /// Formatting for years outside 0...9999, which no real event has; kept simple, not fast.
    private func slowFormat(date: CivilDate, secondOfDay: Int, millisecond: Int, offset: Int) -> String {
        let tail = String(unsafeUninitializedCapacity: 19) { buffer in
            var end = 0
            writeClock(secondOfDay: secondOfDay, millisecond: millisecond, into: buffer, at: &end)
            writeOffset(offset, into: buffer, at: &end)
            return end
        }
        return date.description + "T" + tail
    }
}

private func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
    let quotient = value / divisor
    return (value % divisor != 0 && value < 0) ? quotient - 1 : quotient
}

extension StoreTimeZone {
    /// Per-identifier offset cache, shared by every `StoreTimeZone` with that identifier.
    ///
    /// Each entry covers one UTC day: the offset at its start, the second of the day at which the
    /// offset changes (86 400 when it does not) and the offset after. Only `secondsFromGMT(for:)`
    /// is consulted, so the cache is correct wherever Foundation's offsets are, provided a zone
    /// changes offset at most once per UTC day (true of the whole tz database).
    fileprivate final class OffsetTable: @unchecked Sendable {
        private let zone: TimeZone?
        private let lock = NSLock()
        private var days: [Int64: (start: Int32, change: Int32, end: Int32)] = [:]

        /// Bounds memory for pathological callers; real stores touch a few thousand days.
        private static let maximumEntries = 1 << 17

        private init(zone: TimeZone?) {
            self.zone = zone
        }

        func offset(atSecond second: Int64) -> Int {
            guard let zone else { return 0 }
            let day = floorDivide(second, 86_400)
            let secondOfDay = Int32(second - day * 86_400)
            lock.lock()
            let cached = days[day]
            lock.unlock()
            let entry = cached ?? compute(day: day, zone: zone)
            return Int(secondOfDay < entry.change ? entry.start : entry.end)
        }

        private func compute(day: Int64, zone: TimeZone) -> (start: Int32, change: Int32, end: Int32) {
            let dayStart = day * 86_400
            func raw(_ secondOfDay: Int32) -> Int32 {
                Int32(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(dayStart + Int64(secondOfDay)))))
            }
            let start = raw(0)
            let end = raw(86_399)
            var change: Int32 = 86_400
            if start != end {
                // Invariant: raw(low) == start, raw(high) != start.
                var low: Int32 = 0
                var high: Int32 = 86_399
                while high - low > 1 {
                    let middle = low + (high - low) / 2
                    if raw(middle) == start { low = middle } else { high = middle }
                }
                change = high
            }
            let entry = (start: start, change: change, end: end)
            lock.lock()
            if days.count >= OffsetTable.maximumEntries { days.removeAll(keepingCapacity: true) }
            days[day] = entry
            lock.unlock()
            return entry
        }

        // MARK: Registry

        private static let registryLock = NSLock()
        nonisolated(unsafe) private static var registry: [String: OffsetTable] = [:]
        /// Names for UTC itself, answered without Foundation.
        private static let fixedUTCIdentifiers: Set<String> = ["UTC", "GMT", "Etc/UTC", "Etc/GMT"]
        private static let knownIdentifiers = Set(TimeZone.knownTimeZoneIdentifiers)
        private static let geographicAreas: Set<Substring> = [
            "Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe",
            "Indian", "Pacific",
        ]

        static func shared(for identifier: String) -> OffsetTable? {
            registryLock.lock()
            defer { registryLock.unlock() }
            if let table = registry[identifier] { return table }
            let table: OffsetTable
            if fixedUTCIdentifiers.contains(identifier) {
                table = OffsetTable(zone: nil)
            } else {
                guard isAcceptable(identifier), let zone = TimeZone(identifier: identifier) else { return nil }
                table = OffsetTable(zone: zone)
            }
            registry[identifier] = table
            return table
        }

        private static func isAcceptable(_ identifier: String) -> Bool {
            if knownIdentifiers.contains(identifier) { return true }
            let parts = identifier.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count >= 2, geographicAreas.contains(parts[0]) else { return false }
            return parts.dropFirst().allSatisfy { part in
                !part.isEmpty && part.utf8.allSatisfy { byte in
                    switch byte {
                    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                         UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"),
                         UInt8(ascii: "+"):
                        return true
                    default:
                        return false
                    }
                }
            }
        }
    }
}
