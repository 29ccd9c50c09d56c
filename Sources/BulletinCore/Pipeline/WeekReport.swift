/// Everything the outputs of one week are rendered from.
public struct WeekReport: Sendable {
    public var campaign: Campaign
    public var week: ISOWeek
    /// 第N期, counted from the campaign's first week; nil outside the campaign.
    public var issueNumber: Int?
    public var period: DayRange
    public var reportDate: Day
    public var articles: ArticleWeek
    /// The previous week's publicity figures, when the campaign had one.
    public var previousArticles: ArticleWeek?
    /// The visit ledgers: coverage and problems cumulative up to the report date, the week's days.
    public var visits: VisitWeek
    /// Findings located in this week's folder, the roster and the plan, sorted by unit
    /// (roster order), then file, line and column.
    public var findings: [Finding]
    /// How many submission files of this week were read, and their data rows.
    public var filesRead: Int
    public var rowsRead: Int

    public var plan: Plan { campaign.plan }
    public var roster: Roster { campaign.roster }

    public var errorCount: Int { findings.filter { $0.severity == .error }.count }
    public var warningCount: Int { findings.filter { $0.severity == .warning }.count }
}

public enum ReportBuilder {
    /// Reads, validates and counts the run's week.
    public static func build(_ campaign: Campaign) -> WeekReport {
        let week = campaign.week
        let reading = ArticleRules.read(campaign)
        let weeks = ArticleCounter.weeks(reading, campaign: campaign)
        let plan = campaign.plan
        let reportDate = campaign.reportDate(of: week)
        let emptyWeek = ArticleWeek(
            week: week, reportDate: reportDate, deadline: ReceiptTime(day: reportDate, minutes: plan.articlesDeadline),
            units: [], articles: [], duplicates: [], rowsRead: 0)
        let articleWeek = weeks[week] ?? emptyWeek
        let previous = plan.campaignWeeks.contains(week.previous) ? weeks[week.previous] : nil
        let sampleCodes = SampleCodes.latest(campaign)
        let ledgers = LedgerRules.read(campaign, sampleCodes: sampleCodes)
        let visits = VisitCounter.week(ledgers, sampleCodes: sampleCodes, campaign: campaign)

        var all = campaign.findings + reading.findings + ledgers.findings
        let prefix = "\(week)/"
        all = all.filter { $0.file.hasPrefix(prefix) || $0.file.hasPrefix("roster/") || $0.file.hasSuffix("plan.yaml") }
        let order = Dictionary(campaign.roster.units.map { ($0.name, $0.index) }, uniquingKeysWith: { a, _ in a })
        all.sort { a, b in
            let ua = order[a.unit] ?? Int.max, ub = order[b.unit] ?? Int.max
            if ua != ub { return ua < ub }
            return Finding.locationOrder(a, b)
        }
        let weekFiles = campaign.tree.files.filter { $0.week == week }
        return WeekReport(
            campaign: campaign, week: week, issueNumber: plan.issueNumber(of: week),
            period: campaign.period(of: week), reportDate: reportDate, articles: articleWeek,
            previousArticles: previous, visits: visits, findings: all, filesRead: weekFiles.count,
            rowsRead: articleWeek.rowsRead + (ledgers.rowsRead[week] ?? 0))
    }
}
