/// A 镇街's coverage of its registered enterprises, cumulative up to the report date.
public struct TownCoverage: Sendable, Hashable {
    public var town: Int
    public var registered: Int
    /// Distinct registered enterprises of the 镇街 visited at least once, by any unit.
    public var visited: Int
    /// Of those, visited on site at least once.
    public var onSite: Int
    public var phoneOnly: Int { visited - onSite }
    /// Visits of the 镇街's enterprises (repeat visits included) that raised a problem, and those resolved.
    public var problemsRaised: Int
    public var problemsResolved: Int

    /// A 镇街 with no registered enterprise has nothing left to visit: its share is met (1).
    public var coverage: Double { registered == 0 ? 1 : Double(visited) / Double(registered) }
    public var unvisited: Int { registered - visited }
}

/// An indicator's valid samples and how many of them were visited.
public struct IndicatorCoverage: Sendable, Hashable {
    public var indicator: Int
    public var lead: Int
    public var samples: Int
    public var visited: Int
    public var coverage: Double { samples == 0 ? 0 : Double(visited) / Double(samples) }
}

/// One expected ledger: a unit's file for a working day.
public struct LedgerDay: Sendable, Hashable {
    public var unit: Int
    public var day: Day
    public var status: SubmissionStatus
    public var receivedAt: ReceiptTime?
    public var deadline: ReceiptTime
}

/// Problems raised in visits, with how they stand.
public struct VisitProblems: Sendable, Hashable {
    public var raised = 0
    public var resolved = 0
    public var inProgress = 0
    public var unresolvable = 0

    mutating func add(_ v: Visit) {
        guard v.raisedProblem else { return }
        raised += 1
        switch v.handling {
        case .resolved: resolved += 1
        case .inProgress: inProgress += 1
        case .unresolvable: unresolvable += 1
        case .noProblem: break
        }
    }
}

/// The visit section of a week.
public struct VisitWeek: Sendable {
    /// The working days of the visit period this week's report covers.
    public var days: [Day]
    /// Every 镇街, in roster order.
    public var towns: [TownCoverage]
    /// Every indicator, in roster order.
    public var indicators: [IndicatorCoverage]
    /// Every expected unit (镇街 and 牵头单位) × day, by unit (roster order) then day.
    public var ledgerDays: [LedgerDay]
    public var problems: VisitProblems
    /// 责任单位 → its problems, for units with at least one, in roster order.
    public var problemsByUnit: [(unit: Int, problems: VisitProblems)]
    /// Counted visits (indices into `reading.visits`), by unit (roster order), then date, file, line.
    public var detail: [Int32]
    public var reading: LedgerReading
    public var target: Double
    /// Whether the visit period is over by the report date (then a 镇街 below target is short).
    public var periodOver: Bool

    public var registered: Int { towns.reduce(0) { $0 + $1.registered } }
    public var visited: Int { towns.reduce(0) { $0 + $1.visited } }
    public var coverage: Double { registered == 0 ? 1 : Double(visited) / Double(registered) }
    public var belowTarget: [TownCoverage] { towns.filter { $0.coverage < target } }
}

/// Pure functions of the counted visits.
public enum VisitCounter {
    /// The working days of the visit period that week W's bulletin reports: after the
    /// previous week's report date (from the period's start in the campaign's first week)
    /// up to W's report date. A working day after the report date — a 调休 Saturday —
    /// falls to the next week.
    public static func days(of week: ISOWeek, campaign: Campaign) -> [Day] {
        let plan = campaign.plan(for: week)
        let end = min(plan.reportDate(of: week), plan.visitPeriod.end)
        var start = plan.visitPeriod.start
        if week != plan.campaignWeeks.first {
            start = max(start, campaign.plan(for: week.previous).reportDate(of: week.previous).adding(days: 1))
        }
        var out: [Day] = []
        var d = start
        while d <= end {
            if plan.isWorkingDay(d) { out.append(d) }
            d = d.adding(days: 1)
        }
        return out
    }

    /// Every expected unit (each 镇街 and 牵头单位) × each ledger day of `week`, as week
    /// `week`'s own run sees it: only files in week folders up to `week` count, so an
    /// earlier week's figures inside a later run are those of its own run.
    public static func ledgerDays(of week: ISOWeek, reading: LedgerReading, campaign: Campaign) -> [LedgerDay] {
        let plan = campaign.plan(for: week)
        let days = days(of: week, campaign: campaign)
        var out: [LedgerDay] = []
        for unit in campaign.roster.units where unit.type == .town || unit.type == .lead {
            for day in days {
                let deadline = ReceiptTime(day: day, minutes: plan.ledgerDeadline)
                let files = (reading.ledgers[unit.index]?[day] ?? []).filter { $0.week <= week }
                let (status, at) = SubmissionRule.status(
                    files: files, expected: true, deadline: deadline, receipt: campaign.receipt(of:))
                out.append(LedgerDay(unit: unit.index, day: day, status: status, receivedAt: at, deadline: deadline))
            }
        }
        return out
    }

    public static func week(_ reading: LedgerReading, sampleCodes: [Int: Set<String>], campaign: Campaign) -> VisitWeek {
        let roster = campaign.roster
        let week = campaign.week
        let plan = campaign.plan(for: week)
        let reportDate = plan.reportDate(of: week)

        // Per enterprise: visited at all, visited on site. Keyed by the interned code index.
        // Each registered enterprise counts once for its 镇街 the first time it is visited (and
        // first visited on site): a visit's town is the registered one when it is registered.
        let n = reading.codes.strings.count
        var visited = [Bool](repeating: false, count: n)
        var onSite = [Bool](repeating: false, count: n)
        var townVisited: [Int: Int] = [:]
        var townOnSite: [Int: Int] = [:]
        var problems = VisitProblems()
        var byUnit: [Int: VisitProblems] = [:]
        var townProblems: [Int: VisitProblems] = [:]
        for v in reading.visits {
            let e = Int(v.enterprise)
            if !visited[e] {
                visited[e] = true
                if v.registered { townVisited[Int(v.town), default: 0] += 1 }
            }
            if v.mode == .onSite && !onSite[e] {
                onSite[e] = true
                if v.registered { townOnSite[Int(v.town), default: 0] += 1 }
            }
            problems.add(v)
            if v.raisedProblem {
                if v.responsible >= 0 { byUnit[Int(v.responsible), default: VisitProblems()].add(v) }
                townProblems[Int(v.town), default: VisitProblems()].add(v)
            }
        }
        // enterprises.csv's counts per 镇街 were taken when the roster was read.
        let registered = roster.registeredPerTown
        let towns = roster.towns.map { t in
            TownCoverage(
                town: t.index, registered: registered[t.index] ?? 0, visited: townVisited[t.index] ?? 0,
                onSite: townOnSite[t.index] ?? 0, problemsRaised: townProblems[t.index]?.raised ?? 0,
                problemsResolved: townProblems[t.index]?.resolved ?? 0)
        }
        let indicators = roster.indicators.map { ind in
            let codes = sampleCodes[ind.index] ?? []
            let seen = codes.filter { reading.codes.lookup($0).map { visited[Int($0)] } ?? false }.count
            return IndicatorCoverage(indicator: ind.index, lead: ind.lead, samples: codes.count, visited: seen)
        }

        let days = days(of: week, campaign: campaign)
        let ledgerDays = ledgerDays(of: week, reading: reading, campaign: campaign)

        // Files compared by their paths' code-point order, ranked once.
        var pathRank = [Int32](repeating: 0, count: reading.files.count)
        for (rank, i) in reading.files.indices.sorted(by: { Text.codePointLess(reading.files[$0], reading.files[$1]) }).enumerated() {
            pathRank[i] = Int32(rank)
        }
        // Sorted on compact keys taken once, not on visits fetched twice per comparison.
        struct DetailKey {
            var unit: Int16
            var date: Int32
            var path: Int32
            var line: Int32
            var visit: Int32
        }
        var keys = reading.visits.enumerated().map { i, v in
            DetailKey(unit: v.unit, date: v.date.ordinal, path: pathRank[Int(v.file)], line: v.line, visit: Int32(i))
        }
        keys.sort { a, b in
            if a.unit != b.unit { return a.unit < b.unit }
            if a.date != b.date { return a.date < b.date }
            if a.path != b.path { return a.path < b.path }
            return a.line < b.line
        }
        let detail = keys.map(\.visit)
        return VisitWeek(
            days: days, towns: towns, indicators: indicators, ledgerDays: ledgerDays, problems: problems,
            problemsByUnit: byUnit.keys.sorted().compactMap { u in byUnit[u].map { (u, $0) } },
            detail: detail, reading: reading, target: plan.visitCoverage,
            periodOver: plan.visitPeriod.end <= reportDate)
    }
}
