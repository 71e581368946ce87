import Foundation
import Testing
@testable import StanceDomain

/// SplitMix64, so that sampled checks are the same on every run.
private func nextRandom(_ state: inout UInt64) -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

private func zone(_ identifier: String) -> StoreTimeZone {
    StoreTimeZone(identifier: identifier)!
}

private func date(_ year: Int, _ month: Int, _ day: Int) -> CivilDate {
    CivilDate(year: year, month: month, day: day)!
}

private let hour: Int64 = 3_600_000

/// Zones with a varied history: no DST, DST skipping midnight, southern DST, half and
/// three-quarter hours, a skipped day (Apia), and local mean time offsets with seconds.
private let sampleZones = [
    "UTC", "America/La_Paz", "America/Santiago", "America/Sao_Paulo", "Europe/Berlin", "Asia/Kolkata",
    "Pacific/Chatham", "America/New_York", "Pacific/Apia", "Australia/Lord_Howe", "Europe/Dublin",
]

@Suite struct StoreTimeZoneTests {
    @Test func acceptsIANANamesOnly() {
        for identifier in [
            "UTC", "GMT", "Etc/UTC", "America/La_Paz", "Asia/Kolkata", "Asia/Calcutta", "Europe/Kyiv",
            "America/Argentina/Buenos_Aires", "Pacific/Chatham",
        ] {
            #expect(StoreTimeZone(identifier: identifier)?.identifier == identifier, "\(identifier)")
        }
        for identifier in [
            "", "BOT", "EST", "utc", "Utc", "GMT+4", "UTC+04:00", "Etc/GMT+4", "US/Eastern", "Nowhere/Land",
            "America/La_Paz ", " America/La_Paz", "america/la_paz", "America/", "/La_Paz", "America//La_Paz",
        ] {
            #expect(StoreTimeZone(identifier: identifier) == nil, "\(identifier)")
        }
    }

    @Test func equalityFollowsTheIdentifier() {
        #expect(zone("America/La_Paz") == zone("America/La_Paz"))
        #expect(zone("America/La_Paz").hashValue == zone("America/La_Paz").hashValue)
        #expect(zone("UTC") == StoreTimeZone.utc)
        // Same rules, different names: a store keeps the name it was given.
        #expect(zone("Asia/Kolkata") != zone("Asia/Calcutta"))
    }

    @Test func laPazIsFourHoursBehindWithoutDST() {
        let laPaz = zone("America/La_Paz")
        #expect(laPaz.startOfDay(date(2019, 11, 10)) == 1_573_358_400_000)
        #expect(laPaz.startOfNextDay(date(2019, 11, 10)) == 1_573_358_400_000 + 24 * hour)
        #expect(laPaz.offsetSeconds(at: 1_573_358_400_000) == -14_400)
        #expect(laPaz.civilDate(at: 1_573_358_400_000) == date(2019, 11, 10))
        #expect(laPaz.civilDate(at: 1_573_358_400_000 - 1) == date(2019, 11, 9))
        #expect(laPaz.formatDate(1_573_358_400_000 + 24 * hour - 1) == "2019-11-10")
        #expect(laPaz.formatDate(1_573_358_400_000 + 24 * hour) == "2019-11-11")
        #expect(laPaz.formatInstant(1_573_419_000_000) == "2019-11-10T16:50:00-04:00")
        #expect(laPaz.instant(localDate: date(2019, 11, 10), hour: 16, minute: 50, second: 0, millisecond: 0) == 1_573_419_000_000)
    }

    @Test func santiagoSpringForwardSkipsMidnight() {
        let santiago = zone("America/Santiago")
        // 2019-09-08 00:00 -04 became 01:00 -03.
        let start = santiago.startOfDay(date(2019, 9, 8))
        #expect(start == 1_567_915_200_000)
        #expect(santiago.formatInstant(start) == "2019-09-08T01:00:00-03:00")
        #expect(santiago.civilDate(at: start - 1) == date(2019, 9, 7))
        #expect(santiago.formatInstant(start - 1) == "2019-09-07T23:59:59.999-04:00")
        #expect(santiago.startOfNextDay(date(2019, 9, 7)) == start)
        #expect(santiago.startOfNextDay(date(2019, 9, 8)) - start == 23 * hour)
        #expect(santiago.instant(localDate: date(2019, 9, 8), hour: 0, minute: 30, second: 0, millisecond: 0) == nil)
        #expect(santiago.instant(localDate: date(2019, 9, 8), hour: 1, minute: 0, second: 0, millisecond: 0) == start)
        // 2019-04-07 00:00 -03 went back to 2019-04-06 23:00 -04: a 25-hour day.
        #expect(santiago.startOfDay(date(2019, 4, 6)) == 1_554_519_600_000)
        #expect(santiago.startOfDay(date(2019, 4, 7)) == 1_554_609_600_000)
        #expect(santiago.startOfNextDay(date(2019, 4, 6)) - santiago.startOfDay(date(2019, 4, 6)) == 25 * hour)
    }

    @Test func saoPauloSpringForwardSkipsMidnight() {
        let saoPaulo = zone("America/Sao_Paulo")
        // 2018-11-04 00:00 -03 became 01:00 -02.
        let start = saoPaulo.startOfDay(date(2018, 11, 4))
        #expect(start == 1_541_300_400_000)
        #expect(saoPaulo.formatInstant(start) == "2018-11-04T01:00:00-02:00")
        #expect(saoPaulo.startOfNextDay(date(2018, 11, 4)) - start == 23 * hour)
        #expect(saoPaulo.instant(localDate: date(2018, 11, 4), hour: 0, minute: 0, second: 0, millisecond: 0) == nil)
        // 2019-02-17 00:00 -02 went back to 2019-02-16 23:00 -03: 23:xx happened twice.
        #expect(saoPaulo.startOfDay(date(2019, 2, 16)) == 1_550_282_400_000)
        #expect(saoPaulo.startOfDay(date(2019, 2, 17)) == 1_550_372_400_000)
        let first = saoPaulo.instant(localDate: date(2019, 2, 16), hour: 23, minute: 30, second: 0, millisecond: 0)
        #expect(first == 1_550_367_000_000)
        #expect(saoPaulo.formatInstant(1_550_367_000_000) == "2019-02-16T23:30:00-02:00")
        #expect(saoPaulo.formatInstant(1_550_367_000_000 + hour) == "2019-02-16T23:30:00-03:00")
    }

    @Test func berlinDaylightSavingDays() {
        let berlin = zone("Europe/Berlin")
        let spring = date(2019, 3, 31)
        #expect(berlin.startOfDay(spring) == 1_553_986_800_000)
        #expect(berlin.startOfNextDay(spring) - berlin.startOfDay(spring) == 23 * hour)
        #expect(berlin.instant(localDate: spring, hour: 2, minute: 30, second: 0, millisecond: 0) == nil)
        #expect(berlin.instant(localDate: spring, hour: 1, minute: 59, second: 59, millisecond: 999) == 1_553_993_999_999)
        #expect(berlin.instant(localDate: spring, hour: 3, minute: 0, second: 0, millisecond: 0) == 1_553_994_000_000)
        #expect(berlin.formatInstant(1_553_993_999_999) == "2019-03-31T01:59:59.999+01:00")
        #expect(berlin.formatInstant(1_553_994_000_000) == "2019-03-31T03:00:00+02:00")

        let autumn = date(2019, 10, 27)
        #expect(berlin.startOfDay(autumn) == 1_572_127_200_000)
        #expect(berlin.startOfNextDay(autumn) - berlin.startOfDay(autumn) == 25 * hour)
        // 02:30 happened at +02 and again at +01; the earlier instant wins.
        #expect(berlin.instant(localDate: autumn, hour: 2, minute: 30, second: 0, millisecond: 0) == 1_572_136_200_000)
        #expect(berlin.formatInstant(1_572_136_200_000) == "2019-10-27T02:30:00+02:00")
        #expect(berlin.formatInstant(1_572_136_200_000 + hour) == "2019-10-27T02:30:00+01:00")
        #expect(berlin.instant(localDate: autumn, hour: 3, minute: 0, second: 0, millisecond: 0) == 1_572_141_600_000)
    }

    @Test func fractionalHourZones() {
        let kolkata = zone("Asia/Kolkata")
        #expect(kolkata.startOfDay(date(2019, 11, 10)) == 1_573_324_200_000)
        #expect(kolkata.offsetSeconds(at: 1_573_324_200_000) == 19_800)
        #expect(kolkata.formatInstant(1_573_344_000_000) == "2019-11-10T05:30:00+05:30")

        let chatham = zone("Pacific/Chatham")
        #expect(chatham.startOfDay(date(2019, 11, 10)) == 1_573_294_500_000)
        #expect(chatham.offsetSeconds(at: 1_573_294_500_000) == 49_500)
        #expect(chatham.formatInstant(1_573_344_000_000) == "2019-11-10T13:45:00+13:45")
        #expect(chatham.formatDate(1_573_294_500_000 - 1) == "2019-11-09")
    }

    @Test func apiaSkippedADay() {
        let apia = zone("Pacific/Apia")
        // Samoa moved from -10 to +14 at 2011-12-30T10:00Z: local 2011-12-30 never happened.
        let skipped = date(2011, 12, 30)
        #expect(apia.startOfDay(skipped) == 1_325_239_200_000)
        #expect(apia.startOfNextDay(skipped) == apia.startOfDay(skipped))
        #expect(apia.startOfNextDay(date(2011, 12, 29)) == 1_325_239_200_000)
        #expect(apia.formatInstant(1_325_239_200_000) == "2011-12-31T00:00:00+14:00")
        #expect(apia.formatInstant(1_325_239_199_000) == "2011-12-29T23:59:59-10:00")
        #expect(apia.instant(localDate: skipped, hour: 12, minute: 0, second: 0, millisecond: 0) == nil)
    }

    @Test func formatInstantExamples() {
        let utc = StoreTimeZone.utc
        #expect(utc.formatInstant(0) == "1970-01-01T00:00:00Z")
        #expect(utc.formatInstant(123) == "1970-01-01T00:00:00.123Z")
        #expect(utc.formatInstant(120) == "1970-01-01T00:00:00.120Z")
        #expect(utc.formatInstant(1) == "1970-01-01T00:00:00.001Z")
        #expect(utc.formatInstant(-1) == "1969-12-31T23:59:59.999Z")
        #expect(utc.formatInstant(1_573_419_000_000) == "2019-11-10T20:50:00Z")
        #expect(utc.formatInstant(-62_135_596_800_000) == "0001-01-01T00:00:00Z")
        #expect(utc.formatInstant(253_402_300_799_999) == "9999-12-31T23:59:59.999Z")
        #expect(utc.formatInstant(253_402_300_800_000) == "+10000-01-01T00:00:00Z")
        #expect(zone("America/New_York").formatInstant(1_573_419_000_000) == "2019-11-10T15:50:00-05:00")
        #expect(zone("Europe/Dublin").formatInstant(1_562_500_000_000) == "2019-07-07T12:46:40+01:00")
        #expect(utc.formatDate(-1) == "1969-12-31")
    }

    @Test func localMeanTimeIsRoundedToTheMinute() throws {
        // La Paz kept local mean time, -04:32:36, until 1932.
        let laPaz = zone("America/La_Paz")
        let instant: Int64 = -2_840_140_800_000  // 1880-01-01T00:00:00Z
        #expect(laPaz.offsetSeconds(at: instant) == -16_356)
        #expect(laPaz.formatInstant(instant) == "1879-12-31T19:27:00-04:33")
        #expect(laPaz.formatDate(instant) == "1879-12-31")
        #expect(try WorldTime.parse(laPaz.formatInstant(instant), in: .utc) == .instant(instant))
    }

    /// The cached offsets agree with Foundation's, including the seconds either side of changes.
    @Test func offsetsMatchFoundation() throws {
        var state: UInt64 = 7
        for identifier in sampleZones {
            let store = zone(identifier)
            let foundation = try #require(TimeZone(identifier: identifier))
            var mismatches: [Int64] = []
            var probes: [Int64] = []
            for _ in 0..<2_000 {
                probes.append(Int64(nextRandom(&state) % 7_258_118_400) - 2_208_988_800)  // 1900...2100
            }
            var cursor = Date(timeIntervalSince1970: -2_208_988_800)
            while let change = foundation.nextDaylightSavingTimeTransition(after: cursor),
                  change.timeIntervalSince1970 < 4_102_444_800 {
                let second = Int64(change.timeIntervalSince1970)
                probes += [second - 1, second, second + 1]
                cursor = change
            }
            for second in probes {
                let expected = foundation.secondsFromGMT(for: Date(timeIntervalSince1970: Double(second)))
                if store.offsetSeconds(at: second * 1000) != expected { mismatches.append(second) }
                if store.offsetSeconds(at: second * 1000 + 999) != expected { mismatches.append(second) }
            }
            #expect(mismatches.count == 0, "\(identifier): \(mismatches.prefix(5))")
        }
    }

    /// Properties that pin down startOfDay and instant(localDate:) for any day, not just examples.
    @Test func startOfDayAndLocalTimeInvariants() {
        var state: UInt64 = 11
        let first = date(1900, 1, 1).epochDay
        for identifier in sampleZones {
            let store = zone(identifier)
            var failures: [String] = []
            for _ in 0..<1_000 {
                let day = CivilDate(epochDay: first + Int64(nextRandom(&state) % 73_048))
                let start = store.startOfDay(day)
                let next = store.startOfNextDay(day)
                if store.civilDate(at: start - 1) >= day { failures.append("before \(day)") }
                if next == start {
                    // Only a day the zone skipped entirely may be empty.
                    if store.civilDate(at: start) == day { failures.append("empty \(day)") }
                } else {
                    if store.civilDate(at: start) != day { failures.append("start \(day)") }
                    if next - start > 26 * hour || next - start < 22 * hour { failures.append("length \(day)") }
                }
                let hourOfDay = Int(nextRandom(&state) % 24)
                let minute = Int(nextRandom(&state) % 60)
                let wall = day.epochDay * 86_400_000 + Int64((hourOfDay * 60 + minute) * 60_000 + 7_005)
                func localReading(_ instant: Int64) -> Int64 {
                    instant + Int64(store.offsetSeconds(at: instant)) * 1000
                }
                if let instant = store.instant(localDate: day, hour: hourOfDay, minute: minute, second: 7, millisecond: 5) {
                    if localReading(instant) != wall { failures.append("wall \(day) \(hourOfDay):\(minute)") }
                    for earlier in [instant - hour / 2, instant - hour, instant - 2 * hour] where localReading(earlier) == wall {
                        failures.append("not earliest \(day) \(hourOfDay):\(minute)")
                    }
                } else {
                    // A skipped wall time: no instant within a day reads it.
                    let guess = wall - Int64(store.offsetSeconds(at: wall)) * 1000
                    for candidate in stride(from: guess - 2 * hour, through: guess + 2 * hour, by: 60_000)
                    where localReading(candidate) == wall {
                        failures.append("missed \(day) \(hourOfDay):\(minute)")
                    }
                }
            }
            #expect(failures.count == 0, "\(identifier): \(failures.prefix(5))")
        }
    }
}
