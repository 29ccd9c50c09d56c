import XlsxWriter

/// Everything the outputs of one week are rendered from. Built once by
/// `ReportBuilder.assemble`, never changed: every field is a `let`.
public struct WeekReport: Sendable {
    public let campaign: Campaign
    public let week: ISOWeek
    /// 第N期, counted from the campaign's first week; nil outside the campaign.
    public let issueNumber: Int?
    public let period: DayRange
    public let reportDate: Day
    public let articles: ArticleWeek
    /// The previous week's publicity figures, when the campaign had one.
    public let previousArticles: ArticleWeek?
    /// 问题清单: every problem's state at the report date.
    public let problems: ProblemWeek
    /// The week's points, cumulative points and ranking.
    public let assessment: AssessmentWeek
    /// Week W−1 as its own run saw it (loaded from the folders ≤ W−1), for week-over-week
    /// figures; nil in the campaign's first week.
    public let previous: PreviousWeek?
    /// Sample enterprises (附件1): each lead unit's latest list up to the week.
    public let samples: SampleWeek
    /// The visit ledgers: coverage and problems cumulative up to the report date, the week's days.
    public let visits: VisitWeek
    /// Findings located in this week's folder, the roster and the plan, sorted by unit
    /// (roster order), then file, line and column.
    public let findings: [Finding]
    /// How many submission files of this week's folder were read (an unreadable one or one
    /// of no known unit is not), and the data rows of the week.
    public let filesRead: Int
    public let rowsRead: Int
    /// SHA-256 of every input file the week was computed from, by path relative to the
    /// input folder (manifest.json).
    public let inputDigests: [String: String]
    /// 重点任务: the plan's tasks at the week's report (plan.yaml `tasks`, 材料报送/).
    public let tasks: [TaskState]

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
    /// Reads and checks every file the week needs, once and in parallel, then assembles
    /// the week.
    public static func build(_ campaign: Campaign, jobs: Int = Parallel.defaultJobs) -> WeekReport {
        assemble(campaign, results: SubmissionReader.read(campaign, jobs: jobs))
    }

    /// The week from its files' results. Week W−1's figures come from the same results
    /// restricted to the folders up to W−1 (as its own run sees them): nothing is read twice.
    public static func assemble(_ campaign: Campaign, results: SubmissionResults) -> WeekReport {
        // Week W−1 (all its folders' ledgers merged again, from the same results) beside W.
        let previousWeek = campaign.week.previous
        let earlier = campaign.plan.campaignWeeks.contains(previousWeek)
            ? Background { () -> PreviousWeek? in
                let p = ownWeek(campaign.restricted(to: previousWeek), results)
                return PreviousWeek(week: previousWeek, articles: p.articles, problems: p.problems, assessment: p.assessment)
            } : nil
        let own = ownWeek(campaign, results)
        let previous = earlier?.value() ?? nil
        let week = campaign.week
        // The files this week's own run reads (results may hold later weeks' too, under --all).
        var digests = campaign.digests
        var filesRead = 0
        for job in SubmissionReader.jobs(campaign) {
            guard let digest = results[job.file]?.digest else { continue }
            digests[job.file.path] = digest
            if job.file.week == week { filesRead += 1 }
        }
        return WeekReport(
            campaign: campaign, week: week, issueNumber: campaign.plan.issueNumber(of: week),
            period: campaign.period(of: week), reportDate: own.reportDate, articles: own.articles,
            previousArticles: own.previousArticles, problems: own.problems, assessment: own.assessment,
            previous: previous, samples: own.samples, visits: own.visits, findings: own.findings,
            filesRead: filesRead,
            rowsRead: own.rowsRead,
            inputDigests: digests, tasks: TaskCounter.week(campaign).tasks)
    }

    /// Which findings a week's outputs list: those of the roster, the plan and the files the
    /// week counts for the first time — the files of its own folder, except a daily ledger for
    /// a day after the week's report date, which the next report counts and reports (its
    /// findings move with it, so no error goes unreported).
    static func belongsToWeek(_ campaign: Campaign) -> (Finding) -> Bool {
        let reports = reportsPath(campaign)
        return { reports($0.file) }
    }

    /// The same by path: whether the week reports what concerns this input path.
    static func reportsPath(_ campaign: Campaign) -> (String) -> Bool {
        let week = campaign.week
        var ledgerWeeks: [String: ISOWeek] = [:]
        for file in campaign.tree.files(of: .ledger) {
            let year = campaign.plan(for: file.week).visitPeriod.start.year
            guard let day = LedgerRules.reportDay(of: file, defaultYear: year) else { continue }
            ledgerWeeks[file.path] = LedgerRules.reportingWeek(of: file, day: day, campaign: campaign)
        }
        let prefix = "\(week)/"
        return { file in
            if let reported = ledgerWeeks[file] { return reported == week }
            // The roster, the plans and anything at the input folder's top level concern every week.
            return file.hasPrefix(prefix) || file.hasPrefix("roster/") || file.hasSuffix("plan.yaml")
                || !file.contains("/")
        }
    }

    /// One week's sections, before they are put together.
    struct OwnWeek {
        var reportDate: Day
        var articles: ArticleWeek
        var previousArticles: ArticleWeek?
        var problems: ProblemWeek
        var assessment: AssessmentWeek
        var samples: SampleWeek
        var visits: VisitWeek
        var findings: [Finding]
        var rowsRead: Int
    }

    /// The campaign's week alone, from the results of the files up to it.
    static func ownWeek(_ campaign: Campaign, _ results: SubmissionResults) -> OwnWeek {
        let week = campaign.week
        let plan = campaign.plan
        let reportDate = campaign.reportDate(of: week)
        // The ledgers' merge (a city's 300,000 visits) beside the other forms' counts.
        let ledgerReading = Background { LedgerRules.reading(results, campaign: campaign) }
        let reading = ArticleRules.reading(results, campaign: campaign)
        let problemReading = ProblemRules.reading(results, campaign: campaign)
        let sampleReading = SampleRules.reading(results, campaign: campaign)

        let weeks = ArticleCounter.weeks(reading, campaign: campaign)
        let emptyWeek = ArticleWeek(
            week: week, reportDate: reportDate, deadline: ReceiptTime(day: reportDate, minutes: plan.articlesDeadline),
            units: [], articles: [], duplicates: [], rowsRead: 0)
        let articleWeek = weeks[week] ?? emptyWeek
        let previous = plan.campaignWeeks.contains(week.previous) ? weeks[week.previous] : nil
        let samples = SampleCounter.week(sampleReading, campaign: campaign)
        let sampleCodes = SampleCodes.of(samples)
        let problems = ProblemCounter.week(
            problemReading, week: week, reportDate: reportDate, clearBy: plan.problemsClearBy, roster: campaign.roster)
        let ledgers = ledgerReading.value()
        let visits = VisitCounter.week(ledgers, sampleCodes: sampleCodes, campaign: campaign)
        let assessment = AssessmentInputs.assessment(
            campaign, articleWeeks: weeks, problems: problemReading, samples: sampleReading, ledgers: ledgers)

        // Findings of replaced (older) lists stay in their own week's report, as for articles.
        // A ledger's unregistered enterprise is no finding once it is among the week's samples.
        var sampled = Set<String>()
        for codes in sampleCodes.values { sampled.formUnion(codes) }
        // Every file's own findings, whatever its form, and those found across files.
        var all = campaign.findings
        // With the duplicates of articles reported in earlier files, under each file's one cap.
        all += FormDriver.cappedPerFile(campaign.tree.files.compactMap { results[$0] }, adding: reading.findings)
        all += sampleReading.findings  // sample lists much shorter than the ones they replace
        let belongs = belongsToWeek(campaign)
        all = all.filter { f in
            belongs(f) && !LedgerRules.isSampled(f, sampled: sampled)
        }
        let order = Dictionary(campaign.roster.units.map { ($0.name, $0.index) }, uniquingKeysWith: { a, _ in a })
        all.sort { a, b in
            let ua = order[a.unit] ?? Int.max, ub = order[b.unit] ?? Int.max
            if ua != ub { return ua < ub }
            return Finding.locationOrder(a, b)
        }
        return OwnWeek(
            reportDate: reportDate, articles: articleWeek, previousArticles: previous, problems: problems,
            assessment: assessment, samples: samples, visits: visits, findings: all,
            rowsRead: articleWeek.rowsRead + problems.rowsRead + samples.rowsRead + (ledgers.rowsRead[week] ?? 0))
    }
}
