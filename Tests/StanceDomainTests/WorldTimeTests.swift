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

private let laPaz = StoreTimeZone(identifier: "America/La_Paz")!
private let newYork = StoreTimeZone(identifier: "America/New_York")!

/// 2019-11-10T16:50:00-04:00.
private let sixteenFifty: Int64 = 1_573_419_000_000

private func parseError(_ text: String, in zone: StoreTimeZone = laPaz) -> WorldTimeError? {
    do {
        _ = try WorldTime.parse(text, in: zone)
        return nil
    } catch {
        return error
    }
}

@Suite struct WorldTimeTests {
    @Test func parsesADay() throws {
        let day = try WorldTime.parse("2019-11-10", in: laPaz)
        #expect(day == .day(CivilDate(year: 2019, month: 11, day: 10)!))
        #expect(day.precisionName == "day")
        #expect(day.startMillis(in: laPaz) == 1_573_358_400_000)
        #expect(day.endMillis(in: laPaz) == 1_573_444_800_000)
        #expect(day.startMillis(in: .utc) == 1_573_344_000_000)
        #expect(day.formatted(in: laPaz) == "2019-11-10")
        #expect(day.formatted(in: .utc) == "2019-11-10")
    }

    @Test func parsesEveryInstantForm() throws {
        let cases: [(String, Int64)] = [
            ("2019-11-10T16:50-04:00", sixteenFifty),
            ("2019-11-10T16:50-0400", sixteenFifty),
            ("2019-11-10T16:50-04", sixteenFifty),
            ("2019-11-10T20:50Z", sixteenFifty),
            ("2019-11-10T20:50z", sixteenFifty),
            ("2019-11-10T20:50+00:00", sixteenFifty),
            ("2019-11-10T20:50-00:00", sixteenFifty),
            ("2019-11-11T02:20+05:30", sixteenFifty),
            ("2019-11-11T10:35+13:45", sixteenFifty),
            ("2019-11-11T14:50+18:00", sixteenFifty),
            ("2019-11-10T02:50-18:00", sixteenFifty),
            ("2019-11-10T16:50:00-04:00", sixteenFifty),
            ("2019-11-10T16:50:09-04:00", sixteenFifty + 9_000),
            ("2019-11-10T16:50:09.5-04:00", sixteenFifty + 9_500),
            ("2019-11-10T16:50:09.12-04:00", sixteenFifty + 9_120),
            ("2019-11-10T16:50:09.123-04:00", sixteenFifty + 9_123),
            ("2019-11-10T16:50:09.1239-04:00", sixteenFifty + 9_123),
            ("2019-11-10T16:50:09.999999999-04:00", sixteenFifty + 9_999),
            ("2019-11-10T16:50:09.000000001Z", sixteenFifty - 4 * 3_600_000 + 9_000),
            ("2019-11-10 16:50-04:00", sixteenFifty),
            ("2019-11-10t16:50-04:00", sixteenFifty),
            ("2019-11-10 16:50:09.5-0400", sixteenFifty + 9_500),
            // Without an offset: local time in the store's zone.
            ("2019-11-10T16:50", sixteenFifty),
            ("2019-11-10 16:50", sixteenFifty),
            ("2019-11-10T16:50:09", sixteenFifty + 9_000),
            ("2019-11-10T16:50:09.25", sixteenFifty + 9_250),
            ("1970-01-01T00:00Z", 0),
            ("1969-12-31T23:59:59.999Z", -1),
            ("0001-01-01T05:00Z", -62_135_578_800_000),
            ("9999-12-31T23:59:59.999Z", 253_402_300_799_999),
            ("2000-02-29T00:00Z", 951_782_400_000),
        ]
        for (text, expected) in cases {
            let parsed = try WorldTime.parse(text, in: laPaz)
            #expect(parsed == .instant(expected), "\(text)")
            #expect(parsed.precisionName == "instant")
            #expect(parsed.startMillis(in: laPaz) == expected)
            #expect(parsed.endMillis(in: laPaz) == expected)
        }
    }

    @Test func localTimesFollowTheZone() throws {
        #expect(try WorldTime.parse("2019-11-10T16:50", in: .utc) == .instant(sixteenFifty - 4 * 3_600_000))
        #expect(try WorldTime.parse("2019-11-10T15:50", in: newYork) == .instant(sixteenFifty))
        // The repeated 01:30 on 2019-11-03 in New York means the first one, at -04:00.
        #expect(try WorldTime.parse("2019-11-03T01:30", in: newYork) == .instant(1_572_759_000_000))
        #expect(try WorldTime.parse("2019-11-03T01:30-05:00", in: newYork) == .instant(1_572_762_600_000))
    }

    @Test func formatsInstants() throws {
        let instant = WorldTime.instant(sixteenFifty + 9_120)
        #expect(instant.formatted(in: laPaz) == "2019-11-10T16:50:09.120-04:00")
        #expect(instant.formatted(in: .utc) == "2019-11-10T20:50:09.120Z")
        #expect(WorldTime.instant(sixteenFifty).formatted(in: laPaz) == "2019-11-10T16:50:00-04:00")
    }

    @Test func malformedInputs() {
        let texts = [
            "10/11/2019", "", "2019", "2019-11", "2019-11-1", "2019-11-10T", "2019-11-10T16", "2019-11-10T16:5",
            "2019-11-10T1650", "2019-11-10T16:50:", "2019-11-10T16:50:0", "2019-11-10T16:50:00.",
            "2019-11-10T16:50:00.1234567890Z", "2019-11-10T16:50.5Z", "2019-11-10T16:50+4", "2019-11-10T16:50+04:0",
            "2019-11-10T16:50+04:000", "2019-11-10T16:50+04-00", "2019-11-10T16:50 -04:00", "2019-11-10T16:50Z ",
            " 2019-11-10", "2019-11-10 ", "2019-11-10T16:50:00Zjunk", "2019-11-10X16:50", "2019-11-10  16:50",
            "2019-11-10T16:50UTC", "2019-11-10T16:50BOT", "+2019-11-10", "2019-11-10T16:50−04:00", "٢٠١٩-11-10",
            "2019-11-10T16:50:00,5Z", "2019-11-10T-4:50Z", "2019-11-10T16:50+-4:00",
        ]
        for text in texts {
            let error = parseError(text)
            #expect(error?.code == .malformed, "\(text)")
            #expect(error?.input == text)
            #expect(error?.description
                == "'\(text)' is not a date or time; use YYYY-MM-DD for a day or YYYY-MM-DDTHH:MM±HH:MM for an instant")
        }
    }

    @Test func impossibleDates() {
        for text in ["2019-02-30", "2019-02-29", "2019-13-01", "2019-11-31", "2019-00-10", "2019-11-00", "0000-01-01",
                     "2019-02-29T10:00Z", "2019-02-30 10:00", "2019-04-31T25:00+20:00"] {
            let error = parseError(text)
            #expect(error == WorldTimeError(.impossibleDate, input: text), "\(text)")
            #expect(error?.description == "'\(text)' is not a real date")
        }
        #expect(parseError("2019-02-30")?.description == "'2019-02-30' is not a real date")
    }

    @Test func timesOutOfRange() {
        for text in ["2019-11-10T24:00", "2019-11-10T24:00Z", "2019-11-10T23:60Z", "2019-11-10T23:59:60Z",
                     "2019-11-10T99:99:99.999+99:99"] {
            let error = parseError(text)
            #expect(error?.code == .timeOutOfRange, "\(text)")
            #expect(error?.description
                == "'\(text)' has a time of day out of range; use hours 00-23, minutes 00-59 and seconds 00-59")
        }
    }

    @Test func offsetsOutOfRange() {
        for text in ["2019-11-10T16:50+19:00", "2019-11-10T16:50+18:01", "2019-11-10T16:50-18:30",
                     "2019-11-10T16:50+05:60", "2019-11-10T16:50-1900", "2019-11-10T16:50+99"] {
            let error = parseError(text)
            #expect(error?.code == .offsetOutOfRange, "\(text)")
            #expect(error?.description
                == "'\(text)' has a UTC offset out of range; use an offset from -18:00 to +18:00")
        }
    }

    @Test func skippedLocalTimes() {
        let error = parseError("2019-03-10T02:30", in: newYork)
        #expect(error == WorldTimeError(.nonexistentLocalTime, input: "2019-03-10T02:30", zoneIdentifier: "America/New_York"))
        #expect(error?.description == "'2019-03-10T02:30' does not exist in America/New_York (the clocks skipped it)")
        let santiago = StoreTimeZone(identifier: "America/Santiago")!
        #expect(parseError("2019-09-08 00:00:00.000", in: santiago)?.description
            == "'2019-09-08 00:00:00.000' does not exist in America/Santiago (the clocks skipped it)")
        // With an explicit offset the same wall time is fine.
        #expect(parseError("2019-03-10T02:30-05:00", in: newYork) == nil)
        // The day itself exists even though its midnight did not.
        #expect(parseError("2019-09-08", in: santiago) == nil)
        #expect(WorldTimeError(.nonexistentLocalTime, input: "x").description
            == "'x' does not exist in the store's time zone (the clocks skipped it)")
    }

    @Test func errorCodesHaveStableNames() {
        #expect(WorldTimeError.Code.allCases.map(\.rawValue)
            == ["malformed", "impossibleDate", "timeOutOfRange", "offsetOutOfRange", "nonexistentLocalTime", "outOfRange"])
    }

    /// An offset must not carry an instant outside the years 0001-9999, in UTC or in the store's
    /// zone: it could be stored but never written back the way it is read.
    @Test func instantsThatLeaveTheYearsAreRefused() {
        for text in ["0001-01-01T00:00+14:00", "9999-12-31T23:59-14:00", "0001-01-01T00:00Z"] {
            #expect(throws: WorldTimeError(.outOfRange, input: text, zoneIdentifier: laPaz.identifier)) {
                try WorldTime.parse(text, in: laPaz)
            }
        }
        #expect((try? WorldTime.parse("0001-01-01T00:00Z", in: .utc)) == .instant(-62_135_596_800_000))
    }

    /// Found by the libFuzzer target (Fuzz/corpus/decoder/finding-lmt-year-0): La_Paz's local
    /// mean time is -04:32:36, written rounded to -04:33, so midnight of 0001-01-01 was accepted
    /// but exported as `0000-12-31T23:59:36-04:33`, which no import reads.
    @Test func instantsWrittenInYear0AreRefused() throws {
        // Written 24 seconds earlier than local mean time shows: 00:00:23.999 is still in year 0.
        for text in ["0001-01-01T00:00", "0001-01-01 00:00:23.999"] {
            #expect(throws: WorldTimeError(.outOfRange, input: text, zoneIdentifier: laPaz.identifier)) {
                try WorldTime.parse(text, in: laPaz)
            }
        }
        let firstWritable = try WorldTime.parse("0001-01-01T00:00:24", in: laPaz)
        let text = firstWritable.formatted(in: laPaz)
        #expect(text == "0001-01-01T00:00:00-04:33")
        #expect(try WorldTime.parse(text, in: laPaz) == firstWritable)
    }

    /// Whatever is printed reads back as the same instant, in the printing zone or any other.
    @Test func formattedInstantsParseBack() throws {
        var state: UInt64 = 2019
        let zones = [
            "UTC", "America/La_Paz", "America/Santiago", "America/Sao_Paulo", "Europe/Berlin", "Asia/Kolkata",
            "Pacific/Chatham", "America/New_York", "Pacific/Apia", "Australia/Lord_Howe", "Europe/Dublin",
        ].map { StoreTimeZone(identifier: $0)! }
        var failures: [String] = []
        for zone in zones {
            for index in 0..<2_000 {
                // 1850...2100, with whole seconds every fourth sample to cover the short form.
                var instant = Int64(nextRandom(&state) % 7_889_184_000_000) - 3_786_825_600_000
                if index % 4 == 0 { instant -= instant % 1000 }
                let text = zone.formatInstant(instant)
                if (try? WorldTime.parse(text, in: zone)) != .instant(instant) { failures.append(text) }
                if (try? WorldTime.parse(text, in: newYork)) != .instant(instant) { failures.append(text) }
                if WorldTime.instant(instant).formatted(in: zone) != text { failures.append(text) }
                let day = WorldTime.day(zone.civilDate(at: instant))
                if !(day.startMillis(in: zone)...(day.endMillis(in: zone) - 1)).contains(instant) {
                    failures.append("day of \(text)")
                }
                if try WorldTime.parse(zone.formatDate(instant), in: zone) != day { failures.append("date of \(text)") }
            }
        }
        #expect(failures.count == 0, "\(failures.prefix(5))")
    }
}
