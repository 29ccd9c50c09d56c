/// A calendar day in China time, independent of the machine's time zone: all the
/// campaign's dates and deadlines are wall-clock dates in UTC+8, so they are kept
/// as plain civil dates and never pass through `Date` or `TimeZone`.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let ordinal: Int32

    public init(ordinal: Int32) { self.ordinal = ordinal }

    /// nil when the date does not exist (2023-09-31).
    public init?(year: Int, month: Int, day: Int) {
        guard (1900...2999).contains(year), (1...12).contains(month),
            (1...Day.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        ordinal = Int32(era * 146097 + doe - 719468)
    }

    public var components: (year: Int, month: Int, day: Int) {
        let z = Int(ordinal) + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public var year: Int { components.year }

    /// ISO weekday, 1 = Monday … 7 = Sunday.
    public var isoWeekday: Int {
        let w = (Int(ordinal) + 3) % 7  // 1970-01-01 was a Thursday
        return (w < 0 ? w + 7 : w) + 1
    }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + Int32(days)) }
    public func days(until other: Day) -> Int { Int(other.ordinal - ordinal) }

    public static func < (a: Day, b: Day) -> Bool { a.ordinal < b.ordinal }

    /// `2021-08-30`
    public var description: String {
        let c = components
        return "\(c.year)-\(Day.pad(c.month))-\(Day.pad(c.day))"
    }

    /// `8月30日`, as the bulletin writes dates.
    public var chineseMonthDay: String {
        let c = components
        return "\(c.month)月\(c.day)日"
    }

    /// `2021年8月30日`
    public var chineseFull: String {
        let c = components
        return "\(c.year)年\(c.month)月\(c.day)日"
    }

    static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Unix time of this day's midnight in China time (UTC+8).
    public var chinaMidnightUnixTime: Int { Int(ordinal) * 86_400 - 8 * 3_600 }
}

/// An ISO 8601 week, `2021-W35`.
public struct ISOWeek: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let week: Int

    public init?(year: Int, week: Int) {
        guard (1900...2999).contains(year), week >= 1, week <= ISOWeek.weeksIn(year: year) else { return nil }
        self.year = year
        self.week = week
    }

    /// Parses `2021-W35` exactly as folders are named (the command line upper-cases what a
    /// user types before it gets here).
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, let y = Int(parts[0]), parts[1].hasPrefix("W"),
            parts[1].count == 3, let w = Int(parts[1].dropFirst())
        else { return nil }
        self.init(year: y, week: w)
    }

    public init(containing day: Day) {
        let thursday = day.adding(days: 4 - day.isoWeekday)
        let y = thursday.year
        let jan1 = Day(year: y, month: 1, day: 1) ?? thursday
        year = y
        week = jan1.days(until: thursday) / 7 + 1
    }

    public var monday: Day {
        let jan4 = Day(year: year, month: 1, day: 4) ?? Day(ordinal: 0)
        return jan4.adding(days: 1 - jan4.isoWeekday + (week - 1) * 7)
    }

    public func day(isoWeekday: Int) -> Day { monday.adding(days: isoWeekday - 1) }

    public var next: ISOWeek { ISOWeek(containing: monday.adding(days: 7)) }
    public func adding(weeks: Int) -> ISOWeek { ISOWeek(containing: monday.adding(days: 7 * weeks)) }
    public var previous: ISOWeek { ISOWeek(containing: monday.adding(days: -7)) }

    public var description: String { "\(year)-W\(Day.pad(week))" }

    public static func < (a: ISOWeek, b: ISOWeek) -> Bool { (a.year, a.week) < (b.year, b.week) }

    static func weeksIn(year: Int) -> Int {
        guard let dec28 = Day(year: year, month: 12, day: 28) else { return 52 }
        return ISOWeek(containing: dec28).week
    }
}

/// A receipt time: a China-time day, minutes after midnight and the second within that
/// minute (16:00:59 is after a 16:00 deadline).
public struct ReceiptTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let day: Day
    public let minutes: Int
    public let seconds: Int

    public init(day: Day, minutes: Int, seconds: Int = 0) {
        self.day = day
        self.minutes = minutes
        self.seconds = seconds
    }

    public static func < (a: ReceiptTime, b: ReceiptTime) -> Bool {
        (a.day, a.minutes, a.seconds) < (b.day, b.minutes, b.seconds)
    }

    /// `2021-09-03 14:52`, with `:SS` only when the log gave seconds.
    public var description: String {
        let clock = "\(day) \(Day.pad(minutes / 60)):\(Day.pad(minutes % 60))"
        return seconds == 0 ? clock : "\(clock):\(Day.pad(seconds))"
    }
}
