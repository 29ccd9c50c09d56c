/// What one unit's weekly points are computed from. Everything the contract's formula
/// needs, and nothing else, so the rule is a pure function tested with hand-made inputs.
public struct PointInputs: Sendable, Hashable {
    public var articlesCounted: Int
    /// Σ media_weight[level] × (headline_factor if 头版头条) over the counted articles.
    public var articlesWeighted: Double
    public var quota: Int
    /// The weekly article list was expected and did not arrive / arrived after the deadline.
    public var articleListMissing: Bool
    public var articleListLate: Bool
    /// Expected daily ledgers (附件2) not received / received late.
    public var ledgersMissing: Int
    public var ledgersLate: Int
    /// Problems of the unit overdue at the report date.
    public var overdueProblems: Int
    /// Indicators the unit leads that are short of valid samples (附件1).
    public var indicatorsShort: Int
    /// The week's task points (each task's own `points` or the plan's missing / late
    /// submission points, already applied), and how many tasks were missing / late.
    public var taskPoints: Double = 0
    public var tasksMissing: Int = 0
    public var tasksLate: Int = 0

    public init(
        articlesCounted: Int = 0, articlesWeighted: Double = 0, quota: Int = 0, articleListMissing: Bool = false,
        articleListLate: Bool = false, ledgersMissing: Int = 0, ledgersLate: Int = 0, overdueProblems: Int = 0,
        indicatorsShort: Int = 0
    ) {
        self.articlesCounted = articlesCounted
        self.articlesWeighted = articlesWeighted
        self.quota = quota
        self.articleListMissing = articleListMissing
        self.articleListLate = articleListLate
        self.ledgersMissing = ledgersMissing
        self.ledgersLate = ledgersLate
        self.overdueProblems = overdueProblems
        self.indicatorsShort = indicatorsShort
    }

    public var filesMissing: Int { (articleListMissing ? 1 : 0) + ledgersMissing }
    public var filesLate: Int { (articleListLate ? 1 : 0) + ledgersLate }
}

/// A unit's weekly points, by rule of plan.points.
public struct PointBreakdown: Sendable, Hashable {
    public var articleOverQuota: Double
    public var articleShort: Double
    public var missingSubmission: Double
    public var lateSubmission: Double
    public var problemOverdue: Double
    public var indicatorShort: Double
    /// 重点任务 (plan.yaml `tasks`) missing or late in the week.
    public var task: Double = 0

    public var total: Double {
        Points.rounded(articleOverQuota + articleShort + missingSubmission + lateSubmission + problemOverdue + indicatorShort + task)
    }
}

/// The ledger and sample figures that feed the points, per unit.
public struct AttachmentFigures: Sendable, Hashable {
    public var ledgersMissing = 0
    public var ledgersLate = 0
    public var indicatorsShort = 0
    public init(ledgersMissing: Int = 0, ledgersLate: Int = 0, indicatorsShort: Int = 0) {
        self.ledgersMissing = ledgersMissing
        self.ledgersLate = ledgersLate
        self.indicatorsShort = indicatorsShort
    }
}

public enum Points {
    /// The contract's formula (input-contract.md, end):
    /// article_over_quota × (weighted − quota) when counted ≥ quota and weighted > quota (else 0)
    /// + article_short × max(0, quota − counted)
    /// + missing_submission × files missing + late_submission × files late
    /// + problem_overdue × overdue problems + indicator_short × indicators short.
    public static func compute(_ i: PointInputs, rules: PointRules) -> PointBreakdown {
        PointBreakdown(
            // No bonus beside a shortfall: a unit short of its quota is never also "over" it
            // because its few articles weigh much.
            articleOverQuota: i.articlesCounted >= i.quota
                ? rules.articleOverQuota * max(0, i.articlesWeighted - Double(i.quota)) : 0,
            articleShort: rules.articleShort * Double(max(0, i.quota - i.articlesCounted)),
            missingSubmission: rules.missingSubmission * Double(i.filesMissing),
            lateSubmission: rules.lateSubmission * Double(i.filesLate),
            problemOverdue: rules.problemOverdue * Double(i.overdueProblems),
            indicatorShort: rules.indicatorShort * Double(i.indicatorsShort), task: i.taskPoints)
    }

    /// Rounded to 1/10,000 so that sums of decimal weights (0.1 + 0.2) compare and print as written.
    public static func rounded(_ x: Double) -> Double {
        let r = (x * 10_000).rounded() / 10_000
        return r == 0 ? 0 : r  // no "-0"
    }

    /// `1.5`, `-2`, `0.25`: as few decimals as the value needs (at most 4).
    public static func text(_ x: Double) -> String {
        let r = rounded(x)
        // Int(exactly:) never traps; the plan bounds every point value, so it always fits.
        if r == r.rounded(), let whole = Int(exactly: r) { return String(whole) }
        var s = String(format: "%.4f", r)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }

    /// Competition ranks (1, 1, 3 …) of `points`, highest first.
    public static func ranks(_ points: [Double]) -> [Int] {
        let p = points.map(rounded)
        return p.map { mine in p.filter { $0 > mine }.count + 1 }
    }

    /// Indices ordered by rank, ties in the given (roster) order.
    public static func rankingOrder(_ points: [Double]) -> [Int] {
        let p = points.map(rounded)
        return p.indices.sorted { a, b in p[a] != p[b] ? p[a] > p[b] : a < b }
    }
}

/// One unit's assessment for the week.
public struct UnitPoints: Sendable, Hashable {
    public var unit: Int
    public var inputs: PointInputs
    public var breakdown: PointBreakdown
    /// Σ weekly points over the campaign weeks ≤ W.
    public var cumulative: Double
    public var rank: Int

    public var total: Double { breakdown.total }
}

/// The week's assessment: every unit in roster order, the ranking and the 红榜 / 黑榜.
public struct AssessmentWeek: Sendable {
    public var week: ISOWeek
    public var units: [UnitPoints]
    /// Roster indices in ranking order (ties in roster order).
    public var ranking: [Int]
    /// 红榜: units ranked within the top `rankingRed` (ties included), above the lowest points.
    public var red: [Int]
    /// 黑榜: units ranked within the bottom `rankingBlack` (ties included), below the highest
    /// points and not on the 红榜; worst first.
    public var black: [Int]
    /// What the ranking orders: the week's points or the cumulative points.
    public var basis: RankingBasis = .week

    public func unit(_ index: Int) -> UnitPoints? { units.first { $0.unit == index } }

    /// Builds the week from each unit's inputs (roster order) and the cumulative points before
    /// this week. The ranking (and 红榜 / 黑榜) orders the week's points, or with
    /// `ranking.by: cumulative` the cumulative points.
    public static func make(
        week: ISOWeek, inputs: [PointInputs], rules: PointRules, previousCumulative: [Double], red: Int, black: Int,
        by basis: RankingBasis = .week
    ) -> AssessmentWeek {
        let breakdowns = inputs.map { Points.compute($0, rules: rules) }
        let weekly = breakdowns.map(\.total)
        let cumulative = inputs.indices.map { i in
            Points.rounded((i < previousCumulative.count ? previousCumulative[i] : 0) + weekly[i])
        }
        let totals = basis == .cumulative ? cumulative : weekly
        let ranks = Points.ranks(totals)
        let order = Points.rankingOrder(totals)
        let units = inputs.indices.map { i in
            UnitPoints(unit: i, inputs: inputs[i], breakdown: breakdowns[i], cumulative: cumulative[i], rank: ranks[i])
        }
        let boards = boards(totals, red: red, black: black)
        return AssessmentWeek(week: week, units: units, ranking: order, red: boards.red, black: boards.black, basis: basis)
    }

    /// The 红榜 and 黑榜 of `points` (roster order): 红榜 = ranked within the top `red`
    /// (ties included), above the lowest points, in ranking order; 黑榜 = within the bottom
    /// `black` the same way, below the highest points and not on the 红榜, worst first.
    /// The weekly ranking and the campaign's final ranking (活动总结) use the same rule.
    public static func boards(_ points: [Double], red: Int, black: Int) -> (red: [Int], black: [Int]) {
        let totals = points
        let ranks = Points.ranks(totals)
        let order = Points.rankingOrder(totals)
        let high = totals.map(Points.rounded).max() ?? 0
        let low = totals.map(Points.rounded).min() ?? 0
        let redList = order.filter { ranks[$0] <= red && Points.rounded(totals[$0]) > low }
        let bottomRanks = totals.map { mine in totals.filter { Points.rounded($0) < Points.rounded(mine) }.count + 1 }
        let blackList = order.reversed().filter {
            bottomRanks[$0] <= black && Points.rounded(totals[$0]) < high && !redList.contains($0)
        }
        // Worst first; among ties, roster order.
        let blackSorted = blackList.sorted { a, b in
            Points.rounded(totals[a]) != Points.rounded(totals[b]) ? totals[a] < totals[b] : a < b
        }
        return (redList, blackSorted)
    }
}

/// Where each unit's point inputs come from.
public enum AssessmentInputs {
    /// The sample (附件1) and ledger (附件2) figures behind the points, per campaign week
    /// ≤ the report's week, per unit (roster index): indicators short of valid samples
    /// (an indicator whose lead unit has sent no list has none, so it is short too),
    /// expected daily ledgers missing / late.
    public static func attachmentFigures(
        _ campaign: Campaign, samples: SampleReading, ledgers: LedgerReading
    ) -> [ISOWeek: [Int: AttachmentFigures]] {
        var result: [ISOWeek: [Int: AttachmentFigures]] = [:]
        for week in campaign.plan.campaignWeeks where week <= campaign.week {
            var figures: [Int: AttachmentFigures] = [:]
            for indicator in SampleCounter.week(samples, campaign: campaign, week: week).indicators
            where indicator.isShort {
                figures[indicator.lead, default: AttachmentFigures()].indicatorsShort += 1
            }
            for day in VisitCounter.ledgerDays(of: week, reading: ledgers, campaign: campaign) {
                switch day.status {
                case .missing: figures[day.unit, default: AttachmentFigures()].ledgersMissing += 1
                case .late: figures[day.unit, default: AttachmentFigures()].ledgersLate += 1
                default: break
                }
            }
            result[week] = figures
        }
        return result
    }

    /// Each campaign week ≤ the report's week: every unit's inputs, in roster order.
    static func series(
        _ campaign: Campaign, articleWeeks: [ISOWeek: ArticleWeek], problems: ProblemReading, samples: SampleReading,
        ledgers: LedgerReading
    ) -> [(week: ISOWeek, inputs: [PointInputs])] {
        let attachments = attachmentFigures(campaign, samples: samples, ledgers: ledgers)
        let weeks = campaign.plan.campaignWeeks.filter { $0 <= campaign.week }
        let taskPoints = TaskCounter.points(campaign, weeks: weeks)
        return weeks.map { week in
            let plan = campaign.plan(for: week)
            let reportDate = plan.reportDate(of: week)
            let problemWeek = ProblemCounter.week(
                problems, week: week, reportDate: reportDate, clearBy: plan.problemsClearBy, roster: campaign.roster)
            let articles = articleWeeks[week]
            let inputs = campaign.roster.units.map { unit -> PointInputs in
                let a = articles?.units.first { $0.unit == unit.index }
                let extra = attachments[week]?[unit.index] ?? AttachmentFigures()
                let expected = (a?.quota ?? 0) > 0
                let task = taskPoints[week]?[unit.index] ?? TaskPoints()
                var inputs = PointInputs(
                    articlesCounted: a?.counted ?? 0, articlesWeighted: a?.weighted ?? 0, quota: a?.quota ?? 0,
                    articleListMissing: expected && a?.submission == .missing,
                    articleListLate: expected && a?.submission == .late,
                    ledgersMissing: extra.ledgersMissing, ledgersLate: extra.ledgersLate,
                    overdueProblems: problemWeek.overdueCount(of: unit.index), indicatorsShort: extra.indicatorsShort)
                inputs.taskPoints = task.points
                inputs.tasksMissing = task.missing
                inputs.tasksLate = task.late
                return inputs
            }
            return (week, inputs)
        }
    }

    /// The report week's assessment, with cumulative points over the campaign weeks ≤ W.
    /// Outside the campaign the week scores nothing and the cumulative stands.
    static func assessment(
        _ campaign: Campaign, articleWeeks: [ISOWeek: ArticleWeek], problems: ProblemReading, samples: SampleReading,
        ledgers: LedgerReading
    ) -> AssessmentWeek {
        let count = campaign.roster.units.count
        var cumulative = Array(repeating: 0.0, count: count)
        var result: AssessmentWeek?
        for (week, inputs) in series(campaign, articleWeeks: articleWeeks, problems: problems, samples: samples, ledgers: ledgers) {
            let plan = campaign.plan(for: week)
            let w = AssessmentWeek.make(
                week: week, inputs: inputs, rules: plan.points, previousCumulative: cumulative, red: plan.rankingRed,
                black: plan.rankingBlack, by: plan.rankingBy)
            cumulative = w.units.map(\.cumulative)
            if week == campaign.week { result = w }
        }
        if let result { return result }
        return AssessmentWeek.make(
            week: campaign.week, inputs: Array(repeating: PointInputs(), count: count), rules: campaign.plan.points,
            previousCumulative: cumulative, red: campaign.plan.rankingRed, black: campaign.plan.rankingBlack,
            by: campaign.plan.rankingBy)
    }
}
