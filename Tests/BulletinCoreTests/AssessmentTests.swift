import Foundation
import Testing
@testable import BulletinCore

/// Points, cumulative points and ranks. The rule is tested on hand-made inputs; the 临江
/// fixture figures are worked out by hand from ArticleCounterTests and ProblemCounterTests.
@Suite struct AssessmentTests {
    let rules = PointRules()  // the contract's defaults

    @Test func eachRuleOfTheFormula() {
        // over quota: 0.5 × max(0, weighted − quota)
        #expect(Points.compute(PointInputs(articlesCounted: 5, articlesWeighted: 7.5, quota: 5), rules: rules).total == 1.25)
        // short: −1 × (quota − counted), and no bonus when weighted ≤ quota
        #expect(Points.compute(PointInputs(articlesCounted: 2, articlesWeighted: 4, quota: 5), rules: rules).total == -3)
        // the bonus needs counted ≥ quota (contract): a short unit earns none, however much its
        // few articles weigh (one 中央级 headline = 6)
        let mixed = Points.compute(PointInputs(articlesCounted: 1, articlesWeighted: 6, quota: 2), rules: rules)
        #expect((mixed.articleOverQuota, mixed.articleShort, mixed.total) == (0, -1, -1))
        // exactly at the quota, the weight above it counts
        #expect(Points.compute(PointInputs(articlesCounted: 2, articlesWeighted: 6, quota: 2), rules: rules).articleOverQuota == 2)
        // missing and late files: the weekly list plus daily ledgers
        let files = Points.compute(
            PointInputs(quota: 0, articleListMissing: true, ledgersMissing: 2, ledgersLate: 3), rules: rules)
        #expect((files.missingSubmission, files.lateSubmission, files.total) == (-6, -3, -9))
        #expect(Points.compute(PointInputs(articleListLate: true), rules: rules).lateSubmission == -1)
        #expect(Points.compute(PointInputs(overdueProblems: 2), rules: rules).problemOverdue == -4)
        #expect(Points.compute(PointInputs(indicatorsShort: 3), rules: rules).indicatorShort == -3)
        // the plan's own rules
        var custom = rules
        custom.articleShort = -0.1
        #expect(Points.compute(PointInputs(articlesCounted: 0, quota: 3), rules: custom).total == -0.3)
    }

    @Test func ranksShareTiesAndListTiesInRosterOrder() {
        let points = [1.0, -2, 1, 0.5, -2, 0]
        #expect(Points.ranks(points) == [1, 5, 1, 3, 5, 4])
        #expect(Points.rankingOrder(points) == [0, 2, 3, 5, 1, 4])
        #expect(Points.ranks([0.1 + 0.2, 0.3]) == [1, 1])
    }

    @Test func rankingByCumulativeOrdersTheCumulativePoints() {
        let inputs = [PointInputs(articlesCounted: 5, quota: 5), PointInputs(articlesCounted: 4, quota: 5), PointInputs(articlesCounted: 5, quota: 5)]
        let rules = PointRules()
        // This week: 0, -1, 0; before it: -5, 3, 0 → cumulative -5, 2, 0.
        let byWeek = AssessmentWeek.make(week: ISOWeek("2021-W35")!, inputs: inputs, rules: rules, previousCumulative: [-5, 3, 0], red: 1, black: 1)
        #expect(byWeek.ranking == [0, 2, 1])
        #expect(byWeek.units.map(\.rank) == [1, 3, 1])
        let byTotal = AssessmentWeek.make(
            week: ISOWeek("2021-W35")!, inputs: inputs, rules: rules, previousCumulative: [-5, 3, 0], red: 1, black: 1, by: .cumulative)
        #expect(byTotal.ranking == [1, 2, 0])
        #expect(byTotal.units.map(\.rank) == [3, 1, 2])
        #expect(byTotal.red == [1] && byTotal.black == [0])
        #expect(byTotal.basis == .cumulative)
    }

    @Test func pointsText() {
        #expect(Points.text(1.5) == "1.5")
        #expect(Points.text(-2) == "-2")
        #expect(Points.text(0.25) == "0.25")
        #expect(Points.text(-0.0) == "0")
    }

    @Test func redAndBlackLists() {
        func week(_ totals: [Double], red: Int = 2, black: Int = 2) -> AssessmentWeek {
            AssessmentWeek.make(
                week: ISOWeek("2024-W10")!, inputs: totals.map { PointInputs(overdueProblems: Int(-$0)) },
                rules: PointRules(problemOverdue: -1), previousCumulative: [], red: red, black: black)
        }
        let w = week([0, -1, -3, -1, -5])
        #expect(w.red == [0, 1, 3])  // a tie at the boundary is named in full
        #expect(w.black == [4, 2])
        let flat = week([-1, -1, -1])
        #expect(flat.red.isEmpty && flat.black.isEmpty)  // nobody stands out
    }

    struct Row: Equatable, CustomStringConvertible {
        var unit: String, week: String, cumulative: String, rank: Int
        var description: String { "\(unit) \(week) \(cumulative) \(rank)" }
        init(_ unit: String, _ week: String, _ cumulative: String, _ rank: Int) {
            self.unit = unit
            self.week = week
            self.cumulative = cumulative
            self.rank = rank
        }
    }

    func rows(_ report: WeekReport) -> [Row] {
        report.assessment.units.map {
            Row(report.roster.units[$0.unit].name, Points.text($0.total), Points.text($0.cumulative), $0.rank)
        }
    }

    @Test func linjiangWeek10() throws {
        // 区发改局: 1 counted (人民网 中央级 头版头条: weight 3×2 = 6), quota 2 → no bonus (the
        //   contract's bonus needs counted ≥ quota) −1×1 = −1; LJ-002 is due on the report
        //   day: not overdue; its indicator 获得电力 has 2 valid samples of 3
        //   (SampleCounterTests) → −1; its ledger for 03-07 only arrived in the W11 folder →
        //   未报送 −2 → −4.
        // 区税务局: 人民网 3 + 临江发布 1 = 4, quota 2 → +1; 迟报 −1; LJ-001 overdue −2;
        //   ledger 03-07 迟报 −1 → −3.
        // 区司法局: 大众日报 省级 2, quota 1 → +0.5 (a responsible unit keeps no ledger).
        // 区应急管理局: 临江发布 1, quota 1 → 0; LJ-006 overdue −2 → −2.
        // 江南街道: quota 0, 临江发布 头版头条 1×2 = 2 → +1; ledgers 按时 and 已报送 → 1.
        // 江北镇: 0; ledger 03-07 未报送 −2 → −2.
        let report = ReportBuilder.build(try Fixtures.campaign("2024-W10"))
        #expect(
            rows(report) == [
                Row("区发展和改革局", "-4", "-4", 6), Row("区税务局", "-3", "-3", 5), Row("区司法局", "0.5", "0.5", 2),
                Row("区应急管理局", "-2", "-2", 3), Row("江南街道", "1", "1", 1), Row("江北镇", "-2", "-2", 3),
            ])
        let a = report.assessment
        #expect(a.ranking == [4, 2, 3, 5, 1, 0])
        // The 红榜 takes the ties at its boundary (two units share 3rd place); the 黑榜 lists
        // the worst first.
        #expect(a.red == [4, 2, 3, 5])
        #expect(a.black == [0, 1])
        #expect(report.previous == nil)  // the first week has no W−1
    }

    @Test func linjiangWeek11() throws {
        // Quotas 2/2/1/1 and, from W11's plan, 镇街 1. W11's ledger days: 03-08, 03-11, 03-12, 03-13.
        // 区发改局: 0 counted −2; 迟报 −1; LJ-002 overdue −2; ledgers 03-08 and 03-13 未报送 −4 → −9.
        // 区税务局: 0 counted (its only new article is a duplicate) −2; ledger 03-08 未报送 −2 → −4.
        // 区司法局: 1 counted (临江发布, compiled by 区税务局) → 0.
        // 区应急管理局: 0 −1; 未报送 −2; LJ-006 overdue −2 → −5.
        // 江南街道: 0 −1; 未报送 −2; ledger 03-13 未报送 −2 → −5.
        // 江北镇: 0 −1; 未报送 −2; LJ-007 overdue −2; ledger 03-08 未报送 −2, 03-11 迟报 −1 → −8.
        // 获得电力 is no longer short after 区发改局's resubmission. Cumulative = W10 + W11.
        let report = ReportBuilder.build(try Fixtures.campaign("2024-W11"))
        #expect(
            rows(report) == [
                Row("区发展和改革局", "-9", "-13", 6), Row("区税务局", "-4", "-7", 2), Row("区司法局", "0", "0.5", 1),
                Row("区应急管理局", "-5", "-7", 3), Row("江南街道", "-5", "-4", 3), Row("江北镇", "-8", "-10", 5),
            ])
        let a = report.assessment
        #expect(a.red == [2, 1, 3, 4])
        #expect(a.black == [0, 5])
        let previous = try #require(report.previous)
        #expect(previous.week.description == "2024-W10")
        #expect(previous.assessment.units.map(\.rank) == [6, 5, 2, 3, 1, 3])
    }

    @Test func weekOverWeekEqualsThePreviousWeeksOwnRun() throws {
        let w11 = ReportBuilder.build(try Fixtures.campaign("2024-W11"))
        let w10 = ReportBuilder.build(try Fixtures.campaign("2024-W10"))
        let previous = try #require(w11.previous)
        #expect(previous.assessment.units == w10.assessment.units)
        #expect(previous.problems.units == w10.problems.units)
        #expect(previous.problems.overdue == w10.problems.overdue)
        #expect(previous.articles.units == w10.articles.units)
        // cumulative(W11) = cumulative(W10) + points(W11)
        for (now, before) in zip(w11.assessment.units, w10.assessment.units) {
            #expect(now.cumulative == Points.rounded(before.cumulative + now.total))
        }
    }

    @Test func indicatorsShortOfSamplesCostTheirLeadUnit() throws {
        // W10: 获得电力 (区发展和改革局) has 2 valid samples of 3; 纳税 (区税务局) has 4.
        // W11: 区发改局's resubmission brings 获得电力 to 3, so nothing is short.
        let campaign = try Fixtures.campaign("2024-W11")
        let results = SubmissionReader.read(campaign)
        let reading = results.fold(SampleForm.self, for: campaign)
        let ledgers = results.fold(LedgerForm.self, for: campaign)
        let figures = AssessmentInputs.attachmentFigures(campaign, samples: reading, ledgers: ledgers)
        let w10 = try #require(ISOWeek("2024-W10")), w11 = try #require(ISOWeek("2024-W11"))
        #expect(figures[w10]?.filter { $0.value.indicatorsShort > 0 }.mapValues(\.indicatorsShort) == [0: 1])
        #expect(figures[w11]?.filter { $0.value.indicatorsShort > 0 }.isEmpty == true)
    }
}
