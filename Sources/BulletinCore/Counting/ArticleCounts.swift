/// One unit's publicity figures for a week.
public struct UnitArticles: Sendable, Hashable {
    public var unit: Int
    public var type: UnitType
    public var quota: Int
    public var counted: Int
    public var cumulative: Int
    public var byLevel: [MediaLevel: Int]
    public var headlines: Int
    /// Σ media_weight[level] × (headline_factor if 头版头条), for the points.
    public var weighted: Double
    public var submission: SubmissionStatus
    public var receivedAt: ReceiptTime?

    public var met: Bool { counted >= quota }
    public var shortBy: Int { max(0, quota - counted) }
}

/// The publicity section of a week.
public struct ArticleWeek: Sendable {
    public var week: ISOWeek
    public var reportDate: Day
    public var deadline: ReceiptTime
    /// Every unit, in roster order.
    public var units: [UnitArticles]
    public var articles: [Article]
    public var duplicates: [DuplicateArticle]
    public var rowsRead: Int

    public var totalsByLevel: [MediaLevel: Int] {
        var t: [MediaLevel: Int] = [:]
        for u in units { for (l, n) in u.byLevel { t[l, default: 0] += n } }
        return t
    }
    public var total: Int { units.reduce(0) { $0 + $1.counted } }
}

/// Pure functions of the validated articles.
public enum ArticleCounter {
    /// Figures for every week up to the run's week (cumulative counts need them all).
    public static func weeks(_ reading: ArticleReading, campaign: Campaign) -> [ISOWeek: ArticleWeek] {
        var result: [ISOWeek: ArticleWeek] = [:]
        var cumulative: [Int: Int] = [:]
        var byWeek: [ISOWeek: [Article]] = [:]
        for a in reading.articles { byWeek[a.week, default: []].append(a) }
        for week in campaign.weeksUpToRun {
            let plan = campaign.plan(for: week)
            let reportDate = plan.reportDate(of: week)
            let deadline = ReceiptTime(day: reportDate, minutes: plan.articlesDeadline)
            let isCampaignWeek = plan.campaignWeeks.contains(week)
            let articles = byWeek[week] ?? []
            var perUnit: [Int: [Article]] = [:]
            for a in articles { perUnit[a.unit, default: []].append(a) }
            var units: [UnitArticles] = []
            for unit in campaign.roster.units {
                let mine = perUnit[unit.index] ?? []
                let quota = isCampaignWeek ? plan.quota(for: unit.type) : 0
                var byLevel: [MediaLevel: Int] = [:]
                var weighted = 0.0
                for a in mine {
                    byLevel[a.level, default: 0] += 1
                    weighted += (plan.points.mediaWeight[a.level] ?? 1) * (a.headline ? plan.points.headlineFactor : 1)
                }
                cumulative[unit.index, default: 0] += mine.count
                let files = reading.received[week]?[unit.index] ?? []
                let (status, at) = SubmissionRule.status(
                    files: files, expected: quota > 0, deadline: deadline, receipt: campaign.receipt(of:))
                units.append(
                    UnitArticles(
                        unit: unit.index, type: unit.type, quota: quota, counted: mine.count,
                        cumulative: cumulative[unit.index] ?? 0, byLevel: byLevel,
                        headlines: mine.filter(\.headline).count, weighted: weighted, submission: status, receivedAt: at))
            }
            result[week] = ArticleWeek(
                week: week, reportDate: reportDate, deadline: deadline, units: units, articles: articles,
                duplicates: reading.duplicates.filter { $0.week == week }, rowsRead: reading.rowsRead[week] ?? 0)
        }
        return result
    }
}
