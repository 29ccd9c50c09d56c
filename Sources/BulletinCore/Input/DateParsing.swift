/// Parses the date forms the contract accepts: `2021-08-30`, `2021/8/30`, `2021.8.30`,
/// `2021年8月30日`, `8月30日` (the campaign's year) and Excel serial numbers (44438).
public enum DateParser {
    public enum Failure: Error, Equatable {
        case unreadable  // no accepted form
        case nonexistent  // an accepted form naming a day that does not exist (9月31日)
    }

    public static func parse(_ raw: String, defaultYear: Int) -> Result<Day, Failure> {
        if let fast = isoDate(raw) { return fast }
        // ASCII needs no NFKC (the common `2021-08-30`); full-width digits and 年月日 do.
        let s = Text.trim(raw.utf8.allSatisfy { $0 < 0x80 } ? raw : raw.precomposedStringWithCompatibilityMapping)
        if s.isEmpty { return .failure(.unreadable) }
        // Excel serial: a whole number (Excel may write 44438.0) in a plausible range.
        if s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), !s.contains("..") {
            let parts = s.split(separator: ".", omittingEmptySubsequences: false)
            if parts.count == 1 || (parts.count == 2 && parts[1].allSatisfy { $0 == "0" }) {
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
