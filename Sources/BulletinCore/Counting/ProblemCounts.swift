/// A problem's state at a report date: its latest accepted row.
public struct ProblemState: Sendable, Hashable {
    public var record: ProblemRecord
    /// The week the problem was first accepted.
    public var firstWeek: ISOWeek
    /// Days past 整改时限 at the report date; 0 when not overdue (the due day itself is not overdue).
    public var daysOverdue: Int

    public var id: String { record.id }
    public var unit: Int { record.unit }
    public var isOverdue: Bool { daysOverdue > 0 }
}

/// One 责任单位's problems at the report date.
public struct UnitProblems: Sendable, Hashable {
    public var unit: Int
    public var total: Int
    public var done: Int
    public var inProgress: Int
    public var open: Int
    public var overdue: Int
}

/// The problem section of a week.
public struct ProblemWeek: Sendable {
    public var week: ISOWeek
    public var reportDate: Day
    /// plan.problemsClearBy.
    public var clearBy: Day
    /// Every known problem, by 责任单位 (roster order), then 问题编号.
    public var problems: [ProblemState]
    /// 责任单位 with at least one problem, in roster order.
    public var units: [UnitProblems]
    /// Overdue problems, most days overdue first, then roster order, then 问题编号.
    public var overdue: [ProblemState]
    /// Units whose 问题清单 arrived this week (roster order).
    public var submitters: [Int]
    public var rowsRead: Int

    public var total: Int { problems.count }
    public var done: Int { problems.filter { $0.record.status == .done }.count }
    public var inProgress: Int { problems.filter { $0.record.status == .inProgress }.count }
    public var open: Int { problems.filter { $0.record.status == .open }.count }
    public var remaining: Int { total - done }
    /// 清零: every known problem 已整改.
    public var cleared: Bool { remaining == 0 }
    /// Days from the report date to the clear-by date (negative once past).
    public var daysToClearBy: Int { reportDate.days(until: clearBy) }

    /// Overdue problems per 责任单位.
    public func overdueCount(of unit: Int) -> Int { overdue.filter { $0.unit == unit }.count }
}

/// Pure functions of the accepted 问题清单 rows.
public enum ProblemCounter {
    /// Days a problem is overdue at `date`: not 已整改 and 整改时限 before `date`.
    public static func daysOverdue(_ record: ProblemRecord, at date: Day) -> Int {
        guard record.status != .done, record.due < date else { return 0 }
        return record.due.days(until: date)
    }

    /// The problems as known at `week`'s report date: the latest accepted row of each
    /// 问题编号 among rows of weeks ≤ `week` (the reading is in update order).
    public static func week(
        _ reading: ProblemReading, week: ISOWeek, reportDate: Day, clearBy: Day, roster: Roster
    ) -> ProblemWeek {
        var latest: [String: ProblemRecord] = [:]
        var first: [String: ISOWeek] = [:]
        for r in reading.records where r.week <= week {
            latest[r.id] = r
            if first[r.id] == nil { first[r.id] = r.week }
        }
        let problems = latest.values.map { r in
            ProblemState(record: r, firstWeek: first[r.id] ?? r.week, daysOverdue: daysOverdue(r, at: reportDate))
        }.sorted { a, b in
            a.unit != b.unit ? a.unit < b.unit : Text.codePointLess(a.id, b.id)
        }
        var byUnit: [Int: UnitProblems] = [:]
        for p in problems {
            var u = byUnit[p.unit] ?? UnitProblems(unit: p.unit, total: 0, done: 0, inProgress: 0, open: 0, overdue: 0)
            u.total += 1
            switch p.record.status {
            case .done: u.done += 1
            case .inProgress: u.inProgress += 1
            case .open: u.open += 1
            }
            if p.isOverdue { u.overdue += 1 }
            byUnit[p.unit] = u
        }
        let overdue = problems.filter(\.isOverdue).sorted { a, b in
            if a.daysOverdue != b.daysOverdue { return a.daysOverdue > b.daysOverdue }
            return a.unit != b.unit ? a.unit < b.unit : Text.codePointLess(a.id, b.id)
        }
        return ProblemWeek(
            week: week, reportDate: reportDate, clearBy: clearBy, problems: problems,
            units: byUnit.keys.sorted().compactMap { byUnit[$0] }, overdue: overdue,
            submitters: reading.submitters[week] ?? [], rowsRead: reading.rowsRead[week] ?? 0)
    }
}
