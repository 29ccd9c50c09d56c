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
    /// The forms the week was read with.
    public let registry: FormRegistry

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
    public static func build(
        _ campaign: Campaign, registry: FormRegistry = .standard, jobs: Int = Parallel.defaultJobs
    ) -> WeekReport {
        assemble(campaign, results: SubmissionReader.read(campaign, registry: registry, jobs: jobs))
    }

    /// The week from its files' results. Week W−1's figures come from the same results
    /// restricted to the folders up to W−1 (as its own run sees them): nothing is read twice.
    public static func assemble(_ campaign: Campaign, results: SubmissionResults) -> WeekReport {
        // Week W−1 (all its folders' ledgers merged again, from the same results) beside W.
        let previousWeek = campaign.week.previous
        let earlier = campaign.plan.campaignWeeks.contains(previousWeek)
            ? Background { () -> PreviousWeek? in
                let p = WeekCounter.ownWeek(campaign.restricted(to: previousWeek), results)
                return PreviousWeek(week: previousWeek, articles: p.articles, problems: p.problems, assessment: p.assessment)
            } : nil
        let own = WeekCounter.ownWeek(campaign, results)
        let previous = earlier?.value() ?? nil
        let week = campaign.week
        // The files this week's own run reads (results may hold later weeks' too, under --all).
        var digests = campaign.digests
        var filesRead = 0
        for due in results.registry.dueFiles(campaign) {
            guard let digest = results[due.file]?.digest else { continue }
            digests[due.file.path] = digest
            if due.file.week == week { filesRead += 1 }
        }
        return WeekReport(
            campaign: campaign, week: week, issueNumber: campaign.plan.issueNumber(of: week),
            period: campaign.period(of: week), reportDate: own.reportDate, articles: own.articles,
            previousArticles: own.previousArticles, problems: own.problems, assessment: own.assessment,
            previous: previous, samples: own.samples, visits: own.visits, findings: own.findings,
            filesRead: filesRead,
            rowsRead: own.rowsRead,
            inputDigests: digests, tasks: TaskCounter.week(campaign).tasks, registry: results.registry)
    }
}
