import Foundation
/// The campaign so far, summed up from the weeks `run --all` assembles (活动总结,
/// 考核结果表, 总结/summary.json). Every weekly figure is taken from that week's own report —
/// the points its summary.json prints, its files late and missing — never recomputed, so
/// the summary cannot disagree with the bulletins that were circulated.
public struct CampaignSummary: Sendable {
    /// One campaign week of the summary: a column 第N期 of 考核结果表.
    public struct WeekColumn: Sendable, Hashable {
        public var week: ISOWeek
        public var issueNumber: Int
        public var reportDate: Day
    }

    /// One unit over the campaign weeks summed up.
    public struct UnitRow: Sendable, Hashable {
        public var unit: Int
        public var type: UnitType
        /// The week's points, per summary week (as that week's report computed them).
        public var weekly: [Double]
        /// The cumulative points after each summary week (that week's report).
        public var cumulative: [Double]
        /// The last summary week's cumulative points.
        public var total: Double
        /// Rank by `total`, ties sharing a rank (1, 1, 3 …).
        public var rank: Int
        /// Articles counted over the weeks, and by media level.
        public var articles: Int
        public var articlesByLevel: [MediaLevel: Int]
        public var headlines: Int
        /// Campaign weeks in which the unit had an article quota and fell short of it (未完成).
        public var weeksUnmet: Int
        /// Expected files received late / not received, weekly lists and daily ledgers, over
        /// the weeks (each week as its own run counted them).
        public var late: Int
        public var missing: Int
        /// Problems of the unit overdue at the last report date.
        public var overdue: Int
        /// Problems of the unit not 已整改 at the last report date.
        public var problemsRemaining: Int
        /// 重点任务 that cost the unit points as 未报送 / 迟报 (each task once).
        public var tasksMissing = 0
        public var tasksLate = 0
    }

    /// Whether the problems were cleared to zero by `problems_clear_by`.
    public enum Clearance: String, Sendable {
        /// Every known problem 已整改, each completed on or before the clear-by date.
        case reached = "已清零"
        /// The clear-by date has passed (at the last report date) and a problem is still
        /// open, or was only completed after it.
        case missed = "未清零"
        /// Problems remain, but the clear-by date is not past at the last report date.
        case pending = "尚未到清零时限"
    }

    /// The plans, the roster and the tree as of the last summary week.
    public var campaign: Campaign
    /// The campaign weeks summed up, in order: the campaign's weeks up to the latest week
    /// folder of the input.
    public var weeks: [WeekColumn]
    /// The last summary week's report date: the summary is 截至 this date.
    public var asOf: Day
    /// The summary covers every campaign week (the last one's report is in).
    public var isFinal: Bool
    /// Every unit in roster order.
    public var units: [UnitRow]
    /// Roster indices by final rank (ties in roster order), and the final 红榜 / 黑榜 by
    /// total points under the plan's `ranking.red` / `ranking.black` rule.
    public var ranking: [Int]
    public var red: [Int]
    public var black: [Int]
    /// 附件1 at the last report date: valid samples per indicator against the quota.
    public var samples: [IndicatorSamples]
    public var sampleQuota: Int
    /// 附件2 coverage per 镇街 at the last report date (every visit dated in the visit period
    /// that had arrived by then), the target, and whether the visit period was over.
    public var towns: [TownCoverage]
    public var visitTarget: Double
    public var visitPeriodOver: Bool
    /// 问题清单 at the last report date.
    public var problems: ProblemWeek
    public var clearBy: Day
    public var clearance: Clearance
    /// Problems 已整改 but completed after the clear-by date.
    public var clearedLate: Int
    /// SHA-256 of every input the last week was computed from (the summary's manifest).
    public var inputDigests: [String: String]
    /// 重点任务 at the last report date: each task's 按时 / 迟报 / 未报送 by unit.
    public var tasks: [TaskState] = []

    public var plan: Plan { campaign.plan }
    public var roster: Roster { campaign.roster }
    public func unit(_ index: Int) -> UnitRow? { units.indices.contains(index) ? units[index] : nil }

    /// The week a summary of `campaign` ends with: the last campaign week up to the latest
    /// week folder (the week a plain `run` takes). nil when no folder reaches the campaign.
    public static func lastWeek(of campaign: Campaign) -> ISOWeek? {
        guard let latest = campaign.tree.weeks.max() else { return nil }
        return campaign.plan.campaignWeeks.last { $0 <= latest }
    }

    /// The summary `run --all` writes for the input folder, made again the same way (every
    /// file read once, each week assembled from the campaign restricted to it): what
    /// `verify --all` compares 总结/ with. Nil when no campaign week has a folder yet.
    public static func rebuild(input: URL, jobs: Int) throws -> CampaignSummary? {
        let weeks = try Campaign.weeksToReport(input: input)
        guard let last = weeks.last else { return nil }
        let top = try Campaign.load(input: input, week: last)
        guard var builder = lastWeek(of: top).map(CampaignSummaryBuilder.init(lastWeek:)) else { return nil }
        let results = SubmissionReader.read(top, jobs: jobs)
        for week in weeks {
            builder.add(ReportBuilder.assemble(week == top.week ? top : top.restricted(to: week), results: results))
        }
        return builder.build()
    }
}

/// Collects what the summary needs from each week `run --all` assembles: a few numbers per
/// unit and week, and the last week's report whole. Weeks after `lastWeek` and outside the
/// campaign are ignored.
public struct CampaignSummaryBuilder: Sendable {
    struct WeekDigest: Sendable {
        var column: CampaignSummary.WeekColumn
        var points: [UnitPoints]
        var articles: [UnitArticles]
    }

    public let lastWeek: ISOWeek
    var digests: [WeekDigest] = []
    var last: WeekReport?

    public init(lastWeek: ISOWeek) { self.lastWeek = lastWeek }

    public mutating func add(_ report: WeekReport) {
        guard report.week <= lastWeek, let issue = report.issueNumber else { return }
        digests.append(
            WeekDigest(
                column: .init(week: report.week, issueNumber: issue, reportDate: report.reportDate),
                points: report.assessment.units, articles: report.articles.units))
        if report.week == lastWeek { last = report }
    }

    /// The summary, once the last week has been added (nil before).
    public func build() -> CampaignSummary? {
        guard let last else { return nil }
        let digests = digests.sorted { $0.column.week < $1.column.week }
        let campaign = last.campaign
        let plan = last.plan
        let problems = last.problems
        // Each week's units are in roster order (index = roster index); looked up, not assumed.
        func byUnit<T>(_ list: [T], _ unit: (T) -> Int) -> [Int: T] {
            Dictionary(list.map { (unit($0), $0) }, uniquingKeysWith: { a, _ in a })
        }
        let points = digests.map { byUnit($0.points, \.unit) }
        let articles = digests.map { byUnit($0.articles, \.unit) }
        let problemUnits = byUnit(problems.units, \.unit)
        var units: [CampaignSummary.UnitRow] = campaign.roster.units.map { u in
            var row = CampaignSummary.UnitRow(
                unit: u.index, type: u.type, weekly: [], cumulative: [], total: 0, rank: 0, articles: 0,
                articlesByLevel: [:], headlines: 0, weeksUnmet: 0, late: 0, missing: 0,
                overdue: problems.overdueCount(of: u.index),
                problemsRemaining: problemUnits[u.index].map { $0.total - $0.done } ?? 0)
            for w in digests.indices {
                let p = points[w][u.index]
                row.weekly.append(p?.total ?? 0)
                row.cumulative.append(p?.cumulative ?? 0)
                row.late += p?.inputs.filesLate ?? 0
                row.missing += p?.inputs.filesMissing ?? 0
                row.tasksLate += p?.inputs.tasksLate ?? 0
                row.tasksMissing += p?.inputs.tasksMissing ?? 0
                if let a = articles[w][u.index] {
                    row.articles += a.counted
                    row.headlines += a.headlines
                    for (level, n) in a.byLevel { row.articlesByLevel[level, default: 0] += n }
                    if a.quota > 0 && !a.met { row.weeksUnmet += 1 }
                }
            }
            row.total = row.cumulative.last ?? 0
            return row
        }
        let totals = units.map(\.total)
        let ranks = Points.ranks(totals)
        for i in units.indices { units[i].rank = ranks[i] }
        let boards = AssessmentWeek.boards(totals, red: plan.rankingRed, black: plan.rankingBlack)

        let clearBy = plan.problemsClearBy
        let clearedLate = problems.problems.filter { p in
            p.record.status == .done && (p.record.completed.map { $0 > clearBy } ?? false)
        }.count
        let clearance: CampaignSummary.Clearance
        if problems.cleared && clearedLate == 0 {
            clearance = .reached
        } else if last.reportDate <= clearBy && clearedLate == 0 {
            // The clear-by day itself is still in time (as for 整改时限).
            clearance = .pending
        } else {
            clearance = .missed
        }
        return CampaignSummary(
            campaign: campaign, weeks: digests.map(\.column), asOf: last.reportDate,
            isFinal: plan.campaignWeeks.last.map { lastWeek >= $0 } ?? true, units: units,
            ranking: Points.rankingOrder(totals), red: boards.red, black: boards.black,
            samples: last.samples.indicators, sampleQuota: last.samples.quota, towns: last.visits.towns,
            visitTarget: last.visits.target, visitPeriodOver: last.visits.periodOver, problems: problems,
            clearBy: clearBy, clearance: clearance, clearedLate: clearedLate, inputDigests: last.inputDigests,
            tasks: last.tasks)
    }
}
