import Foundation
import Testing
@testable import BulletinCore

/// The campaign summary (总结/) from the weeks `run --all` assembles: which weeks it sums up,
/// that every weekly figure is the week's own, and whether 清零 was reached by the clear-by date.
@Suite struct CampaignSummaryTests: EditsFixture {
    /// As `run --all` builds it: one reading, each week assembled from the restricted campaign.
    func summary(of input: URL) throws -> (CampaignSummary?, [WeekReport]) {
        let weeks = try Campaign.weeksToReport(input: input)
        let top = try Campaign.load(input: input, week: weeks.last)
        let results = SubmissionReader.read(top, jobs: 2)
        var builder = CampaignSummary.lastWeek(of: top).map(CampaignSummaryBuilder.init(lastWeek:))
        var reports: [WeekReport] = []
        for week in weeks {
            let report = ReportBuilder.assemble(week == top.week ? top : top.restricted(to: week), results: results)
            builder?.add(report)
            reports.append(report)
        }
        return (builder?.build(), reports)
    }

    /// Closes every problem still open at W11 in a W12 folder, on `completed`.
    func closeAll(in root: URL, completed: String, lastCompleted: String? = nil) throws {
        let rows = ["LJ-002,区发展和改革局", "LJ-004,区应急管理局", "LJ-005,区税务局", "LJ-006,区应急管理局", "LJ-007,江北镇"]
        let body = rows.enumerated().map { i, r in
            "\(r.split(separator: ",")[0]),走访发现,问题,,,\(r.split(separator: ",")[1]),2024-03-20,已整改,\(i == rows.count - 1 ? lastCompleted ?? completed : completed)"
        }
        try write(
            "问题编号,问题来源,问题描述,企业名称,统一社会信用代码,责任单位,整改时限,整改状态,完成日期\n" + body.joined(separator: "\n") + "\n",
            "2024-W12/问题清单/江南街道.csv", in: root)
    }

    @Test func theFixtureIsSummedUpToItsLatestWeekFolderWithEachWeeksOwnPoints() throws {
        let (built, reports) = try summary(of: Fixtures.linjiang)
        let s = try #require(built)
        #expect(s.weeks.map(\.week.description) == ["2024-W10", "2024-W11"])
        #expect(s.weeks.map(\.issueNumber) == [1, 2])
        #expect(!s.isFinal)
        #expect(s.asOf.description == "2024-03-13")
        for (column, week) in s.weeks.enumerated() {
            let report = try #require(reports.first { $0.week == week.week })
            for u in report.assessment.units {
                #expect(s.units[u.unit].weekly[column] == u.total)
                #expect(s.units[u.unit].cumulative[column] == u.cumulative)
            }
        }
        let w11 = try #require(reports.first { $0.week.description == "2024-W11" })
        #expect(s.units.map(\.total) == w11.assessment.units.map(\.cumulative))
        #expect(s.units.map(\.rank) == Points.ranks(s.units.map(\.total)))
        #expect(s.units.map(\.articles) == w11.articles.units.map(\.cumulative))
        // Open problems, the clear-by date (the campaign's end, 3月20日) still ahead.
        #expect(s.problems.remaining > 0)
        #expect(s.clearance == .pending)
        let text = try CampaignSummaryRenderer.render(s, template: BuiltInTemplate.summary, path: "t")
        #expect(text.contains("尚未实现问题清零"))
        #expect(text.contains("截至2024年3月13日"))
    }

    @Test func openProblemsPastTheClearByDateMissIt() throws {
        let root = try tree { root in
            let plan = root.appendingPathComponent("plan.yaml")
            try (String(contentsOf: plan, encoding: .utf8) + "problems_clear_by: 2024-03-12\n").write(to: plan, atomically: true, encoding: .utf8)
        }
        defer { try? FileManager.default.removeItem(at: root) }
        let s = try #require(try summary(of: root).0)
        #expect(s.clearance == .missed)
        let remaining = s.units.filter { $0.problemsRemaining > 0 }.map { s.roster.units[$0.unit].name }
        #expect(remaining == ["区发展和改革局", "区应急管理局", "江北镇"])  // LJ-005 was rejected (政务热线 is no source)
    }

    @Test func everyProblemClosedInTimeReachesIt() throws {
        let root = try tree { try closeAll(in: $0, completed: "2024-03-19") }
        defer { try? FileManager.default.removeItem(at: root) }
        let s = try #require(try summary(of: root).0)
        #expect(s.isFinal)
        #expect(s.weeks.map(\.week.description) == ["2024-W10", "2024-W11", "2024-W12"])
        #expect(s.problems.remaining == 0)
        #expect(s.clearance == .reached)
        #expect(try CampaignSummaryRenderer.render(s, template: BuiltInTemplate.summary, path: "t").contains("实现问题清零"))
    }

    @Test func aProblemClosedAfterTheClearByDateMissesIt() throws {
        let root = try tree { try closeAll(in: $0, completed: "2024-03-19", lastCompleted: "2024-03-21") }
        defer { try? FileManager.default.removeItem(at: root) }
        let s = try #require(try summary(of: root).0)
        #expect(s.problems.remaining == 0)
        #expect(s.clearedLate == 1)
        #expect(s.clearance == .missed)
    }

    /// The final 红榜 / 黑榜 use the weekly rule on the totals: ties at the boundary named in
    /// full, nobody when every unit has the same points.
    @Test func theFinalBoardsFollowTheWeeklyRule() {
        let boards = AssessmentWeek.boards([5, 3, 5, -2, 0, -2], red: 1, black: 1)
        #expect(boards.red == [0, 2])
        #expect(boards.black == [3, 5])
        let flat = AssessmentWeek.boards([1, 1, 1], red: 3, black: 3)
        #expect(flat.red.isEmpty && flat.black.isEmpty)
    }
}
