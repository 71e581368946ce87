import StanceDomain

/// Date ticks along the time axis, in the store's time zone: days, weeks, months or years,
/// the finest step that keeps labels at least `spacing` pixels apart, so that a timeline of
/// years is as readable as one of a week.
struct ChartTicks {
    struct Tick {
        let x: Double
        let label: String
    }

    enum Unit { case day, month, year }

    let ticks: [Tick]

    /// Steps from fine to coarse, with their approximate length in days.
    static let ladder: [(unit: Unit, step: Int, days: Double)] = [
        (.day, 1, 1), (.day, 2, 2), (.day, 7, 7), (.day, 14, 14),
        (.month, 1, 30.44), (.month, 2, 60.9), (.month, 3, 91.3), (.month, 6, 182.6),
        (.year, 1, 365.25), (.year, 2, 730.5), (.year, 5, 1826), (.year, 10, 3652),
        (.year, 25, 9131), (.year, 50, 18_262), (.year, 100, 36_525),
    ]

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    init(scale: ChartScale, zone: StoreTimeZone, spacing: Double = 84) {
        let pixelsPerDay = scale.width(of: ChartScale.day)
        let choice = Self.ladder.first { $0.days * pixelsPerDay >= spacing } ?? Self.ladder[Self.ladder.count - 1]
        let first = zone.civilDate(at: scale.start)
        let last = zone.civilDate(at: scale.end)
        var dates: [CivilDate] = []
        switch choice.unit {
        case .day:
            // Weekly steps fall on Mondays (1970-01-01, epoch day 0, was a Thursday).
            let offset: Int64 = choice.step >= 7 ? 3 : 0
            var day = first.epochDay
            while day <= last.epochDay {
                if (day + offset) % Int64(choice.step) == 0 { dates.append(CivilDate(epochDay: day)) }
                day += 1
            }
        case .month:
            var (year, month) = (first.year, first.month)
            while (year, month) <= (last.year, last.month) {
                if (month - 1) % choice.step == 0, let date = CivilDate(year: year, month: month, day: 1) { dates.append(date) }
                (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1)
            }
        case .year:
            var year = first.year - first.year % choice.step
            while year <= last.year {
                if let date = CivilDate(year: year, month: 1, day: 1) { dates.append(date) }
                year += choice.step
            }
        }
        var ticks: [Tick] = []
        var lastYear: Int?
        for date in dates {
            let millis = zone.startOfDay(date)
            guard scale.contains(millis) else { continue }
            ticks.append(Tick(x: scale.x(millis), label: Self.label(date, unit: choice.unit, showYear: lastYear != date.year)))
            lastYear = date.year
        }
        self.ticks = ticks
    }

    /// "10 Nov", with the year on the first tick and when it changes; "Nov 2019"; "2019".
    static func label(_ date: CivilDate, unit: Unit, showYear: Bool) -> String {
        switch unit {
        case .day: return "\(date.day) \(months[date.month - 1])" + (showYear ? " \(date.year)" : "")
        case .month: return "\(months[date.month - 1]) \(date.year)"
        case .year: return "\(date.year)"
        }
    }
}
