import Foundation
import XlsxWriter

/// The week's figures from the contract's forms: each form's fold over the files the week
/// counts, then the counters. The pipeline calls this and names no form itself.
public enum WeekCounter {
    /// One week's sections, before they are put together.
    public struct OwnWeek: Sendable {
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
    public static func ownWeek(_ campaign: Campaign, _ results: SubmissionResults) -> OwnWeek {
        let week = campaign.week
        let plan = campaign.plan
        let reportDate = campaign.reportDate(of: week)
        // The ledgers' merge (a city's 300,000 visits) beside the other forms' counts.
        let ledgerReading = Background { results.fold(LedgerForm.self, for: campaign) }
        let reading = results.fold(ArticleForm.self, for: campaign)
        let problemReading = results.fold(ProblemForm.self, for: campaign)
        let sampleReading = results.fold(SampleForm.self, for: campaign)

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
        let belongs = results.registry.reportsPath(campaign)
        all = all.filter { f in
            belongs(f.file) && !LedgerRules.isSampled(f, sampled: sampled)
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
