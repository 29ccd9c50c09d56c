import Foundation
import Testing
@testable import BulletinCore

/// Visit figures counted by hand from Tests/Fixtures/linjiang-2024/*/走访台账.
///
/// Enterprises: 江南街道 J1–J6, 江北镇 B1–B6 (roster/enterprises.csv); X1 913301000070013704 is
/// registered nowhere. Counted visits up to 03-07 (W10; files of later days wait for W11):
/// J1 实地 (江南), J1 电话 (区发改局), J2 电话 (repeated in the 03-07 file, once), J3 实地 03-07
/// (its 03-06 row said 上门), J5 电话 03-07 (区税务局; its 03-05 row is outside the period),
/// X1; B1 电话, B2 实地, B4 电话 (B3's row is dated after its file's day). J4's row says
/// 无问题 with a problem and is rejected.
/// → 江南 4/6 (实地 J1 J3; 电话 only J2 J5), 江北 3/6 (实地 B2; 电话 only B1 B4).
/// W11 adds: J6 电话 03-08 (江南街道_2024-03-08.csv, in the W10 folder), J6 实地 and J4 实地
/// 03-11, J4 电话 03-12, B3 实地 03-11, B5 实地 03-13 (its 03-11 code is Excel-damaged),
/// B6 电话 03-07 (区发改局, a late file in the W11 folder; B6's 03-12 code fails its check),
/// J2 电话 03-11 (区发改局) → 江南 6/6 (实地 J1 J3 J4 J6), 江北 6/6 (实地 B2 B3 B5).
@Suite struct VisitCounterTests {
    struct Town: Equatable {
        var town: String, registered: Int, visited: Int, onSite: Int, phoneOnly: Int
    }

    func towns(_ report: WeekReport) -> [Town] {
        report.visits.towns.map {
            Town(town: report.roster.units[$0.town].name, registered: $0.registered, visited: $0.visited,
                 onSite: $0.onSite, phoneOnly: $0.phoneOnly)
        }
    }

    func statuses(_ report: WeekReport) -> [String] {
        report.visits.ledgerDays.map { "\(report.roster.units[$0.unit].name) \($0.day) \($0.status.rawValue)" }
    }

    @Test func week10Coverage() throws {
        let report = ReportBuilder.build(try Fixtures.campaign("2024-W10"))
        #expect(
            towns(report) == [
                Town(town: "江南街道", registered: 6, visited: 4, onSite: 2, phoneOnly: 2),
                Town(town: "江北镇", registered: 6, visited: 3, onSite: 1, phoneOnly: 2),
            ])
        #expect(report.visits.detail.count == 9)
        #expect(report.visits.problems == VisitProblems(raised: 1, resolved: 1, inProgress: 0, unresolvable: 0))
        #expect(report.visits.belowTarget.count == 2)
        #expect(!report.visits.periodOver)
    }

    @Test func week11CoverageIsCumulative() throws {
        let report = ReportBuilder.build(try Fixtures.campaign("2024-W11"))
        #expect(
            towns(report) == [
                Town(town: "江南街道", registered: 6, visited: 6, onSite: 4, phoneOnly: 2),
                Town(town: "江北镇", registered: 6, visited: 6, onSite: 3, phoneOnly: 3),
            ])
        #expect(report.visits.detail.count == 17)
        #expect(report.visits.problems == VisitProblems(raised: 2, resolved: 1, inProgress: 1, unresolvable: 0))
        #expect(report.visits.problemsByUnit.map { report.roster.units[$0.unit].name } == ["区发展和改革局", "区应急管理局"])
        #expect(report.visits.belowTarget.isEmpty)
    }

    @Test func week10DailyStatus() throws {
        // Receipts (2024-W10/报送登记.csv): 16:00 exactly is on time; 16:30 is late; 江南街道's
        // 03-07 file is not logged; 区发改局 and 江北镇 sent nothing for 03-07.
        let report = ReportBuilder.build(try Fixtures.campaign("2024-W10"))
        #expect(
            statuses(report) == [
                "区发展和改革局 2024-03-06 按时", "区发展和改革局 2024-03-07 未报送",
                "区税务局 2024-03-06 按时", "区税务局 2024-03-07 迟报",
                "江南街道 2024-03-06 按时", "江南街道 2024-03-07 已报送",
                "江北镇 2024-03-06 按时", "江北镇 2024-03-07 未报送",
            ])
    }

    @Test func week11DailyStatusTakesFilesFromEarlierFolders() throws {
        // 03-08 (Friday after W10's report date 03-07) belongs to W11; 江南街道 sent it in W10's folder.
        // 江北镇's 03-11 file was received 03-12 09:05; 区发改局's 03-07 file in W11 changes no W11 day.
        let report = ReportBuilder.build(try Fixtures.campaign("2024-W11"))
        #expect(
            statuses(report) == [
                "区发展和改革局 2024-03-08 未报送", "区发展和改革局 2024-03-11 按时", "区发展和改革局 2024-03-12 已报送",
                "区发展和改革局 2024-03-13 未报送",
                "区税务局 2024-03-08 未报送", "区税务局 2024-03-11 按时", "区税务局 2024-03-12 按时", "区税务局 2024-03-13 按时",
                "江南街道 2024-03-08 按时", "江南街道 2024-03-11 按时", "江南街道 2024-03-12 已报送", "江南街道 2024-03-13 未报送",
                "江北镇 2024-03-08 未报送", "江北镇 2024-03-11 迟报", "江北镇 2024-03-12 按时", "江北镇 2024-03-13 按时",
            ])
    }

    @Test func reportDaysFollowHolidaysAndSwappedWorkdays() throws {
        func days(_ week: String, visitEnd: Day? = nil) throws -> [String] {
            var campaign = try Fixtures.campaign(week)
            if let visitEnd {
                for w in campaign.plans.keys { campaign.plans[w]?.visitPeriod.end = visitEnd }
                campaign.plan.visitPeriod.end = visitEnd
            }
            return VisitCounter.days(of: campaign.week, campaign: campaign).map(\.description)
        }
        #expect(try days("2024-W10") == ["2024-03-06", "2024-03-07"])
        // 03-14 is a holiday, so W11 reports on Wednesday 03-13; Friday 03-08 comes over from W10.
        #expect(try days("2024-W11") == ["2024-03-08", "2024-03-11", "2024-03-12", "2024-03-13"])
        // The visit period ends 03-15: the 调休 Saturday 03-16 is outside it.
        #expect(try days("2024-W12") == ["2024-03-15"])
        // With a longer period the 调休 Saturday counts, in W12 (after W11's report date); Sunday does not.
        let end = Day(year: 2024, month: 3, day: 20)
        #expect(try days("2024-W11", visitEnd: end) == ["2024-03-08", "2024-03-11", "2024-03-12", "2024-03-13"])
        #expect(try days("2024-W12", visitEnd: end) == ["2024-03-15", "2024-03-16", "2024-03-18", "2024-03-19", "2024-03-20"])
    }

    @Test func sampleCoveragePerIndicator() throws {
        // A copy of the fixture with 区税务局's sample list for 纳税: J1, J5, B5 valid, J6 已替换, a bad
        // code, and X1 — so X1 is no longer unregistered. Up to W10: J1, J5 and X1 visited, B5 not.
        let fm = FileManager.default
        let tmp = fm.temporaryDirectory.appendingPathComponent("ledger-samples-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: tmp) }
        try fm.copyItem(at: Fixtures.linjiang, to: tmp)
        let folder = tmp.appendingPathComponent("2024-W10/样本企业汇总表")
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        let rows = [
            "序号,指标名称,企业名称,统一社会信用代码,所属镇街,办理事项,办理时间,联系人,联系电话,是否存在分歧或投诉,问题来源,情况说明,样本状态,备注",
            "1,纳税,J1,914403001922038216,江南街道,报税,2023-05-01,甲,13800000001,否,,,有效,",
            "2,纳税,J5,91330100007000411F,江南街道,报税,2023-05-01,甲,13800000005,否,,,,",
            "3,纳税,B5,91330100007001096P,江北镇,报税,2023-05-01,甲,13900000005,否,,,有效,",
            "4,纳税,J6,91330100007000548X,江南街道,报税,2023-05-01,甲,13800000006,否,,,已替换,",
            "5,纳税,坏,91330100007001233A,江北镇,报税,2023-05-01,甲,13900000006,否,,,有效,",
            "6,纳税,X1,913301000070013704,江南街道,报税,2023-05-01,甲,13800000099,否,,,有效,",
        ]
        try (rows.joined(separator: "\n") + "\n").write(
            to: folder.appendingPathComponent("区税务局.csv"), atomically: true, encoding: .utf8)
        let campaign = try Campaign.load(input: tmp, week: ISOWeek("2024-W10"))
        let report = ReportBuilder.build(campaign)
        #expect(SampleCodes.of(report.samples)[0]?.count == 4)
        let cover = report.visits.indicators.map { "\(report.roster.indicators[$0.indicator].name) \($0.visited)/\($0.samples)" }
        // 获得电力: 区发改局's own W10 list has 2 valid samples, one of them visited.
        #expect(cover == ["纳税 3/4", "获得电力 1/2"])
        #expect(!report.findings.contains { $0.code == .unregisteredEnterprise })
    }
}
