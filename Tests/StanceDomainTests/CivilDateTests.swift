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

@Suite struct CivilDateTests {
    @Test func knownEpochDays() {
        let cases: [(CivilDate, Int64)] = [
            (CivilDate(year: 1970, month: 1, day: 1)!, 0),
            (CivilDate(year: 1969, month: 12, day: 31)!, -1),
            (CivilDate(year: 2019, month: 11, day: 10)!, 18210),
            (CivilDate(year: 2000, month: 2, day: 29)!, 11016),
            (CivilDate(year: 2000, month: 3, day: 1)!, 11017),
            (CivilDate(year: 1900, month: 3, day: 1)!, -25508),
            (CivilDate(year: 1, month: 1, day: 1)!, -719_162),
            (CivilDate(year: 9999, month: 12, day: 31)!, 2_932_896),
        ]
        for (date, epochDay) in cases {
            #expect(date.epochDay == epochDay, "\(date)")
            #expect(CivilDate(epochDay: epochDay) == date)
        }
    }

    @Test func validation() {
        #expect(CivilDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2004, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2019, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2019, month: 2, day: 28) != nil)
        #expect(CivilDate(year: 2019, month: 11, day: 31) == nil)
        #expect(CivilDate(year: 2019, month: 12, day: 31) != nil)
        #expect(CivilDate(year: 2019, month: 13, day: 1) == nil)
        #expect(CivilDate(year: 2019, month: 0, day: 1) == nil)
        #expect(CivilDate(year: 2019, month: 1, day: 0) == nil)
        #expect(CivilDate(year: 0, month: 1, day: 1) == nil)
        #expect(CivilDate(year: 10000, month: 1, day: 1) == nil)
        #expect(CivilDate(year: 1, month: 1, day: 1) != nil)
        #expect(CivilDate(year: 9999, month: 12, day: 31) != nil)
    }

    @Test func parseIsStrict() {
        #expect(CivilDate.parse("2019-11-10") == CivilDate(year: 2019, month: 11, day: 10))
        #expect(CivilDate.parse("0001-01-01") == CivilDate(year: 1, month: 1, day: 1))
        #expect(CivilDate.parse("2000-02-29") == CivilDate(year: 2000, month: 2, day: 29))
        for text in [
            "2019-02-29", "2019-13-01", "2019-11-31", "2019-00-10", "2019-11-00", "0000-01-01",
            "2019-1-10", "2019-11-1", "19-11-10", "20191110", "2019/11/10", "2019-11-10 ", " 2019-11-10",
            "2019-11-10T00:00", "+2019-11-10", "2019-+1-10", "２０１９-11-10", "", "2019-11-1a",
        ] {
            #expect(CivilDate.parse(text) == nil, "\(text)")
        }
    }

    @Test func descriptionPadsAndSigns() {
        #expect(CivilDate(year: 2019, month: 11, day: 10)!.description == "2019-11-10")
        #expect(CivilDate(year: 7, month: 3, day: 5)!.description == "0007-03-05")
        #expect(CivilDate(epochDay: -719_163).description == "0000-12-31")
        #expect(CivilDate(epochDay: 2_932_897).description == "+10000-01-01")
        #expect(CivilDate(epochDay: -719_162 - 367).description == "-0001-12-31")
    }

    @Test func orderingAndAddingDays() {
        let date = CivilDate(year: 2019, month: 11, day: 10)!
        #expect(date < CivilDate(year: 2019, month: 11, day: 11)!)
        #expect(date < CivilDate(year: 2019, month: 12, day: 1)!)
        #expect(date < CivilDate(year: 2020, month: 1, day: 1)!)
        #expect(!(date < date))
        #expect(date.adding(days: 21) == CivilDate(year: 2019, month: 12, day: 1))
        #expect(date.adding(days: -10) == CivilDate(year: 2019, month: 10, day: 31))
        #expect(CivilDate(year: 2020, month: 2, day: 28)!.adding(days: 1) == CivilDate(year: 2020, month: 2, day: 29))
        #expect(CivilDate(year: 2019, month: 12, day: 31)!.adding(days: 1) == CivilDate(year: 2020, month: 1, day: 1))
        #expect(date.adding(days: 0) == date)
    }

    /// Every day from 1600 to 2400 follows its predecessor and converts both ways.
    @Test func consecutiveDaysFrom1600To2400() {
        var previous = CivilDate(year: 1599, month: 12, day: 31)!
        let first = CivilDate(year: 1600, month: 1, day: 1)!.epochDay
        let last = CivilDate(year: 2400, month: 12, day: 31)!.epochDay
        var failures = 0
        for epochDay in first...last {
            let date = CivilDate(epochDay: epochDay)
            let expected: CivilDate
            if let next = CivilDate(year: previous.year, month: previous.month, day: previous.day + 1) {
                expected = next
            } else if let next = CivilDate(year: previous.year, month: previous.month + 1, day: 1) {
                expected = next
            } else {
                expected = CivilDate(year: previous.year + 1, month: 1, day: 1)!
            }
            if date != expected || date.epochDay != epochDay || !(previous < date) { failures += 1 }
            previous = date
        }
        #expect(failures == 0)
    }

    @Test func matchesFoundationForSampledDays() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        let first = CivilDate(year: 1900, month: 1, day: 1)!.epochDay
        let last = CivilDate(year: 2100, month: 12, day: 31)!.epochDay
        var state: UInt64 = 20_191_110
        var mismatches: [Int64] = []
        for _ in 0..<10_000 {
            let epochDay = first + Int64(nextRandom(&state) % UInt64(last - first + 1))
            let components = calendar.dateComponents(
                [.year, .month, .day], from: Date(timeIntervalSince1970: Double(epochDay) * 86_400))
            let date = CivilDate(epochDay: epochDay)
            if components.year != date.year || components.month != date.month || components.day != date.day {
                mismatches.append(epochDay)
            }
            let reference = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day))
            if reference?.timeIntervalSince1970 != Double(date.epochDay) * 86_400 { mismatches.append(epochDay) }
        }
        #expect(mismatches.count == 0, "\(mismatches.prefix(5))")
    }
}
