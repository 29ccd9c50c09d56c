import Testing
@testable import BulletinCore

/// Figures counted by hand from Tests/Fixtures/linjiang-2024 (see its files).
@Suite struct ArticleCounterTests {
    struct Row: Equatable, CustomStringConvertible {
        var unit: String, quota: Int, counted: Int, cumulative: Int, shortBy: Int, status: SubmissionStatus
        var description: String { "\(unit) \(quota) \(counted) \(cumulative) \(shortBy) \(status.rawValue)" }
    }

    func rows(_ week: String) throws -> [Row] {
        let report = ReportBuilder.build(try Fixtures.campaign(week))
        return report.articles.units.map {
            Row(unit: report.roster.units[$0.unit].name, quota: $0.quota, counted: $0.counted, cumulative: $0.cumulative,
                shortBy: $0.shortBy, status: $0.submission)
        }
    }

    @Test func week10() throws {
        #expect(
            try rows("2024-W10") == [
                Row(unit: "区发展和改革局", quota: 2, counted: 1, cumulative: 1, shortBy: 1, status: .onTime),
                Row(unit: "区税务局", quota: 2, counted: 2, cumulative: 2, shortBy: 0, status: .late),
                Row(unit: "区司法局", quota: 1, counted: 1, cumulative: 1, shortBy: 0, status: .onTime),
                Row(unit: "区应急管理局", quota: 1, counted: 1, cumulative: 1, shortBy: 0, status: .onTime),
                Row(unit: "江南街道", quota: 0, counted: 1, cumulative: 1, shortBy: 0, status: .submitted),
                Row(unit: "江北镇", quota: 0, counted: 0, cumulative: 0, shortBy: 0, status: .notRequired),
            ])
    }

    @Test func week11UsesItsOwnPlanAndHolidayReportDate() throws {
        let campaign = try Fixtures.campaign("2024-W11")
        #expect(campaign.reportDate(of: campaign.week).description == "2024-03-13")
        #expect(
            try rows("2024-W11") == [
                Row(unit: "区发展和改革局", quota: 2, counted: 0, cumulative: 1, shortBy: 2, status: .late),
                Row(unit: "区税务局", quota: 2, counted: 0, cumulative: 2, shortBy: 2, status: .onTime),
                Row(unit: "区司法局", quota: 1, counted: 1, cumulative: 2, shortBy: 0, status: .onTime),
                Row(unit: "区应急管理局", quota: 1, counted: 0, cumulative: 1, shortBy: 1, status: .missing),
                Row(unit: "江南街道", quota: 1, counted: 0, cumulative: 1, shortBy: 1, status: .missing),
                Row(unit: "江北镇", quota: 1, counted: 0, cumulative: 0, shortBy: 1, status: .missing),
            ])
    }

    @Test func aCampaignWeekWithoutAFolderIsAWeekWithNothingReceived() throws {
        let r = try rows("2024-W12")
        #expect(r.allSatisfy { $0.counted == 0 && $0.status == .missing })
        #expect(r.map(\.cumulative) == [1, 2, 2, 1, 1, 0])
    }

    @Test func aPastWeekNeverSeesALaterFolder() throws {
        let campaign = try Fixtures.campaign("2024-W10")
        #expect(campaign.tree.weeks.map(\.description) == ["2024-W10"])
        #expect(campaign.plan(for: campaign.week).quota(for: .town) == 0)
    }

    @Test func submissionStatusRule() {
        let deadline = ReceiptTime(day: Day(year: 2024, month: 3, day: 7)!, minutes: 720)
        let file = SubmissionFile(
            week: ISOWeek("2024-W10")!, kind: .articles, path: "p", pathInWeek: "p", stem: "p", unit: 0, suffix: "",
            url: Fixtures.root)
        func status(_ minutes: Int?, expected: Bool = true, files: Int = 1) -> SubmissionStatus {
            SubmissionRule.status(
                files: Array(repeating: file, count: files), expected: expected, deadline: deadline,
                receipt: { _ in minutes.map { ReceiptTime(day: deadline.day, minutes: $0) } }
            ).status
        }
        #expect(status(720) == .onTime)  // at the deadline is on time
        #expect(status(721) == .late)
        #expect(status(nil) == .submitted)
        #expect(status(nil, files: 0) == .missing)
        #expect(status(nil, expected: false, files: 0) == .notRequired)
    }
}
