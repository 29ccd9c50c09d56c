/// Parses the date forms the contract accepts: `2021-08-30`, `2021/8/30`, `2021.8.30`,
/// `2021年8月30日`, `8月30日` (the campaign's year) and Excel serial numbers (44438), each
/// optionally followed by a time of day (`2021/8/30 0:00`, `2021-08-30 10:30:00`,
/// `2021-08-30T10:30`, `2021年8月30日 10时`, a serial with a fraction): the cell is that day.
public enum DateParser {
    public enum Failure: Error, Equatable {
        case unreadable  // no accepted form
        case nonexistent  // an accepted form naming a day that does not exist (9月31日)
    }

    public static func parse(_ raw: String, defaultYear: Int) -> Result<Day, Failure> {
        parse(raw, defaultYear: defaultYear, allowingTime: true)
    }

    /// `allowingTime: false` refuses a date followed by a time (the plan's dates).
    public static func parse(_ raw: String, defaultYear: Int, allowingTime: Bool) -> Result<Day, Failure> {
        if let fast = isoDate(raw) { return fast }
        // ASCII needs no NFKC (the common `2021-08-30`); full-width digits and 年月日 do.
        var s = Text.trim(raw.utf8.allSatisfy { $0 < 0x80 } ? raw : raw.precomposedStringWithCompatibilityMapping)
        if s.isEmpty { return .failure(.unreadable) }
        if let (date, time) = splitTime(s) {
            guard allowingTime, isTimeOfDay(time) else { return .failure(.unreadable) }
            s = date
        }
        // Excel serial: a number (Excel may write 44438.0; a fraction is the time of day) in a
        // plausible range.
        if s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), !s.contains("..") {
            let parts = s.split(separator: ".", omittingEmptySubsequences: false)
            // A fraction only on a serial of this century's size: `4.27` is a typed 4月27日, refused.
            let fraction = parts.count == 2 && !parts[1].allSatisfy { $0 == "0" }
            if parts.count == 1 || (parts.count == 2 && (!fraction || (allowingTime && parts[0].count >= 5))) {
                if let serial = Int(parts[0]), (1...2_958_465).contains(serial) {
                    // Excel's day 0 is 1899-12-30 once its phantom 1900-02-29 is skipped; the
                    // years accepted are those of the written forms (found by fuzzing: `1`
                    // was 1899-12-31).
                    let day = Day(ordinal: Int32(serial - 25_569))
                    return (1900...2999).contains(day.year) ? .success(day) : .failure(.unreadable)
                }
                return .failure(.unreadable)
            }
        }
        var numbers: [Int] = []
        var separators: [Character] = []
        var current = ""
        for ch in s {
            if ch.isASCII && ch.isNumber {
                current.append(ch)
            } else {
                guard !current.isEmpty, let n = Int(current) else { return .failure(.unreadable) }
                numbers.append(n)
                current = ""
                separators.append(ch)
            }
        }
        if !current.isEmpty, let n = Int(current) { numbers.append(n) }
        let ymd: (Int, Int, Int)
        switch (numbers.count, String(separators)) {
        case (3, "--"), (3, "//"), (3, ".."), (3, "年月日"), (3, "年月"):
            ymd = (numbers[0], numbers[1], numbers[2])
        case (2, "月日"), (2, "月"):
            ymd = (defaultYear, numbers[0], numbers[1])
        default:
            return .failure(.unreadable)
        }
        guard ymd.0 >= 1900, ymd.0 <= 2999 else { return .failure(.unreadable) }
        guard let day = Day(year: ymd.0, month: ymd.1, day: ymd.2) else { return .failure(.nonexistent) }
        return .success(day)
    }

    /// A date followed by a time: the text split where the time starts — at the first space
    /// (`2021/6/1 0:00`), at a `T` between digits (`2021-06-01T10:30`), or after `日` when
    /// more follows (`2021年6月1日10时`). Nil when there is no time part.
    static func splitTime(_ s: String) -> (date: String, time: String)? {
        if let space = s.firstIndex(where: { $0 == " " || $0 == "\t" || $0 == "\u{3000}" }) {
            return (String(s[..<space]), Text.trim(String(s[space...])))
        }
        if let t = s.firstIndex(where: { $0 == "T" || $0 == "t" }), t != s.startIndex, s.index(after: t) != s.endIndex,
            s[s.index(before: t)].isASCII, s[s.index(before: t)].isNumber, s[s.index(after: t)].isASCII,
            s[s.index(after: t)].isNumber
        {
            return (String(s[..<t]), String(s[s.index(after: t)...]))
        }
        if let ri = s.firstIndex(of: "日"), s.index(after: ri) != s.endIndex {
            return (String(s[...ri]), Text.trim(String(s[s.index(after: ri)...])))
        }
        return nil
    }

    /// A time of day as cells and exports write it: `0:00`, `10:30:00`, `10:30:00.000`,
    /// `10:30Z`, `10:30+08:00`, `10时`, `10时30分`, `10点30分05秒`, with `上午`/`下午` or
    /// `AM`/`PM` before or after. Only its shape is checked: the day is what counts.
    static func isTimeOfDay(_ raw: String) -> Bool {
        var t = Text.trim(raw)
        for marker in ["上午", "下午", "AM", "PM", "am", "pm"] {
            if t.hasPrefix(marker) { t = Text.trim(String(t.dropFirst(marker.count))) }
            if t.hasSuffix(marker) { t = Text.trim(String(t.dropLast(marker.count))) }
        }
        if t.hasSuffix("Z") || t.hasSuffix("z") { t.removeLast() }
        if let sign = t.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            // An ISO offset (`+08:00`, `-0500`): digits and at most one colon.
            let offset = t[t.index(after: sign)...]
            guard !offset.isEmpty, offset.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == ":" }) else { return false }
            t = String(t[..<sign])
        }
        guard let first = t.first, first.isASCII, first.isNumber else { return false }
        // Runs of digits and the separators between them.
        var numbers: [Int] = []
        var separators: [Character] = []
        var current = ""
        for ch in t {
            if ch.isASCII && ch.isNumber {
                current.append(ch)
            } else {
                guard !current.isEmpty, current.count <= 3, let n = Int(current) else { return false }
                numbers.append(n)
                current = ""
                separators.append(ch)
            }
        }
        if !current.isEmpty {
            guard current.count <= 3, let n = Int(current) else { return false }
            numbers.append(n)
        }
        guard !numbers.isEmpty, numbers[0] <= 24, numbers.dropFirst().prefix(2).allSatisfy({ $0 <= 59 }) else { return false }
        switch String(separators) {
        case ":", "::", "::.":  // 0:00, 10:30:00, 10:30:00.000
            return numbers.count == separators.count + 1
        case "时", "点", "时分", "点分", "时分秒", "点分秒":
            return numbers.count == separators.count
        default:
            return false
        }
    }

    /// `YYYY-MM-DD` exactly (ten ASCII bytes), the form nearly every ledger cell has,
    /// decided on its bytes; nil for anything else, which takes the general path. (A city's
    /// ledger has a million date cells; the general path walks Characters.)
    static func isoDate(_ raw: String) -> Result<Day, Failure>? {
        var raw = raw
        return raw.withUTF8 { b -> Result<Day, Failure>? in
            guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D else { return nil }
            var v = [0, 0, 0]
            for (i, range) in [(0, 0..<4), (1, 5..<7), (2, 8..<10)] {
                for k in range {
                    let d = Int(b[k]) - 48
                    guard d >= 0 && d <= 9 else { return nil }
                    v[i] = v[i] * 10 + d
                }
            }
            guard v[0] >= 1900, v[0] <= 2999 else { return .failure(.unreadable) }
            guard let day = Day(year: v[0], month: v[1], day: v[2]) else { return .failure(.nonexistent) }
            return .success(day)
        }
    }

    /// `2021-09-03 14:52` (also `/` or `.` dates, `:SS` seconds). A date alone is refused:
    /// a receipt needs its minute.
    public static func parseReceipt(_ raw: String, defaultYear: Int) -> ReceiptTime? {
        let s = Text.trim(raw.precomposedStringWithCompatibilityMapping)
        let pieces = s.split(whereSeparator: { $0 == " " || $0 == "T" }).map(String.init)
        guard pieces.count == 2, case .success(let day) = parse(pieces[0], defaultYear: defaultYear) else {
            return nil
        }
        guard let minutes = parseClock(pieces[1]) else { return nil }
        let parts = pieces[1].split(separator: ":")
        let seconds = parts.count == 3 ? Int(parts[2]) ?? 0 : 0
        return ReceiptTime(day: day, minutes: minutes, seconds: seconds)
    }

    /// `16:00` or `16:00:00` → minutes after midnight.
    public static func parseClock(_ raw: String) -> Int? {
        let parts = Text.trim(raw.precomposedStringWithCompatibilityMapping).split(
            separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, let h = Int(parts[0]), let m = Int(parts[1]),
            (0...23).contains(h), (0...59).contains(m), parts[1].count == 2
        else { return nil }
        if parts.count == 3 { guard let sec = Int(parts[2]), (0...59).contains(sec) else { return nil } }
        return h * 60 + m
    }
}

extension DateParser {
    /// A date as file names write it: the accepted date forms, and the digit runs people type
    /// (`0831`, `20210831`) — never an Excel serial, which a file name never holds.
    public static func fileNameDate(_ text: String, defaultYear: Int) -> Day? {
        if !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            let digits = text.compactMap { $0.wholeNumberValue }
            func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + digits[$1] } }
            switch digits.count {
            case 4: return Day(year: defaultYear, month: number(0..<2), day: number(2..<4))
            case 8: return Day(year: number(0..<4), month: number(4..<6), day: number(6..<8))
            default: return nil
            }
        }
        guard case .success(let d) = parse(text, defaultYear: defaultYear) else { return nil }
        return d
    }
}
