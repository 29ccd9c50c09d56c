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
    /// 问题清单: every problem's state at the report date.
    public var problems: ProblemWeek
    /// The week's points, cumulative points and ranking.
    public var assessment: AssessmentWeek
    /// Week W−1 as its own run saw it (loaded from the folders ≤ W−1), for week-over-week
    /// figures; nil in the campaign's first week.
    public var previous: PreviousWeek?
    /// Sample enterprises (附件1): each lead unit's latest list up to the week.
    public var samples: SampleWeek
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

/// The figures of week W−1 that the bulletin sets beside week W's.
public struct PreviousWeek: Sendable {
    public var week: ISOWeek
    public var articles: ArticleWeek
    public var problems: ProblemWeek
    public var assessment: AssessmentWeek
}

public enum ReportBuilder {
    /// Reads, validates and counts the run's week. Week W−1's figures come from its own
    /// run over the folders up to W−1 (the same campaign restricted to W−1: the roster and
    /// plans are not read again).
    public static func build(_ campaign: Campaign) -> WeekReport {
        var report = buildOwnWeek(campaign)
        let previousWeek = campaign.week.previous
        if report.plan.campaignWeeks.contains(previousWeek) {
            let earlier = campaign.restricted(to: previousWeek)
            let p = buildOwnWeek(earlier)
            report.previous = PreviousWeek(week: p.week, articles: p.articles, problems: p.problems, assessment: p.assessment)
        }
        return report
    }

    /// Which findings a week's outputs list: those of the roster, the plan and the files the
    /// week counts for the first time — the files of its own folder, except a daily ledger for
    /// a day after the week's report date, which the next report counts and reports (its
    /// findings move with it, so no error goes unreported).
    static func belongsToWeek(_ campaign: Campaign) -> (Finding) -> Bool {
        let week = campaign.week
        var ledgerWeeks: [String: ISOWeek] = [:]
        for file in campaign.tree.files(of: .ledger) {
            let year = campaign.plan(for: file.week).visitPeriod.start.year
            guard let day = LedgerRules.reportDay(of: file, defaultYear: year) else { continue }
            ledgerWeeks[file.path] = LedgerRules.reportingWeek(of: file, day: day, campaign: campaign)
        }
        let prefix = "\(week)/"
        return { f in
            if let reported = ledgerWeeks[f.file] { return reported == week }
            // The roster, the plans and anything at the input folder's top level concern every week.
            return f.file.hasPrefix(prefix) || f.file.hasPrefix("roster/") || f.file.hasSuffix("plan.yaml")
                || !f.file.contains("/")
        }
    }

    /// The run's week alone, without week W−1.
    static func buildOwnWeek(_ campaign: Campaign) -> WeekReport {
        let week = campaign.week
        let reading = ArticleRules.read(campaign)
        let problemReading = ProblemRules.read(campaign)
        let weeks = ArticleCounter.weeks(reading, campaign: campaign)
        let plan = campaign.plan
        let reportDate = campaign.reportDate(of: week)
        let emptyWeek = ArticleWeek(
            week: week, reportDate: reportDate, deadline: ReceiptTime(day: reportDate, minutes: plan.articlesDeadline),
            units: [], articles: [], duplicates: [], rowsRead: 0)
        let articleWeek = weeks[week] ?? emptyWeek
        let previous = plan.campaignWeeks.contains(week.previous) ? weeks[week.previous] : nil
        let sampleReading = SampleRules.read(campaign)
        let samples = SampleCounter.week(sampleReading, campaign: campaign)
        let sampleCodes = SampleCodes.of(samples)
        let ledgers = LedgerRules.read(campaign, sampleCodes: sampleCodes)
        let visits = VisitCounter.week(ledgers, sampleCodes: sampleCodes, campaign: campaign)

        let problems = ProblemCounter.week(
            problemReading, week: week, reportDate: reportDate, clearBy: plan.problemsClearBy, roster: campaign.roster)

        // Findings of replaced (older) lists stay in their own week's report, as for articles.
        var all = campaign.findings + reading.findings + problemReading.findings + sampleReading.findings + ledgers.findings
        all = all.filter(belongsToWeek(campaign))
        let order = Dictionary(campaign.roster.units.map { ($0.name, $0.index) }, uniquingKeysWith: { a, _ in a })
        all.sort { a, b in
            let ua = order[a.unit] ?? Int.max, ub = order[b.unit] ?? Int.max
            if ua != ub { return ua < ub }
            return Finding.locationOrder(a, b)
        }
        let weekFiles = campaign.tree.files.filter { $0.week == week }
        var report = WeekReport(
            campaign: campaign, week: week, issueNumber: plan.issueNumber(of: week),
            period: campaign.period(of: week), reportDate: reportDate, articles: articleWeek,
            previousArticles: previous, problems: problems,
            assessment: AssessmentWeek(week: week, units: [], ranking: [], red: [], black: []), previous: nil,
            samples: samples, visits: visits, findings: all, filesRead: weekFiles.count,
            rowsRead: articleWeek.rowsRead + problems.rowsRead + samples.rowsRead + (ledgers.rowsRead[week] ?? 0))
        // Points last: the attachment figures behind them are read from the report's sections.
        report.assessment = AssessmentInputs.assessment(
            report, articleWeeks: weeks, problems: problemReading, samples: sampleReading, ledgers: ledgers)
        return report
    }
}
