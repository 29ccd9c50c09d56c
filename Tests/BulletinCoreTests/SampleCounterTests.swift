import Foundation
import Testing
@testable import BulletinCore

/// Valid samples per indicator, counted by hand from Tests/Fixtures/linjiang-2024
/// (quota 3 per indicator, handled since 2023-03-01):
/// - 纳税 (区税务局), W10 list 区税务局.csv: lines 3, 4, 7 and 15 have no error and are 有效 → 4;
///   line 8 repeats line 3's code (duplicate, not counted), line 14 is 已替换 → replaced 1;
///   line 7 is a complaint from 12345热线. No later list, so W11 and W12 still count 4.
/// - 获得电力 (区发改局), W10 list 区发改局.csv: lines 2 and 3 → 2, short by 1; line 3 is a
///   complaint from 接诉即办. W11 resubmission 区发改局_更新.csv: lines 2, 3 and 5 → 3 (line 7
///   has a bad phone), line 6 已替换 → replaced 1; the complaint on line 3 is still there.
@Suite struct SampleCounterTests {
    struct Row: Equatable, CustomStringConvertible {
        var indicator: String, lead: String, valid: Int, shortBy: Int, complaints: [ComplaintSource: Int], replaced: Int
        var submission: SubmissionStatus
        var description: String { "\(indicator) \(lead) \(valid) \(shortBy) \(complaints) \(replaced) \(submission.rawValue)" }
    }

    func rows(_ report: WeekReport) -> [Row] {
        report.samples.indicators.map {
            Row(indicator: report.roster.indicators[$0.indicator].name, lead: report.roster.units[$0.lead].name,
                valid: $0.valid, shortBy: $0.shortBy, complaints: $0.complaintsBySource, replaced: $0.replaced,
                submission: $0.submission)
        }
    }

    @Test func week10() throws {
        let report = ReportBuilder.build(try Fixtures.campaign("2024-W10"))
        #expect(
            rows(report) == [
                Row(indicator: "纳税", lead: "区税务局", valid: 4, shortBy: 0, complaints: [.hotline: 1], replaced: 1, submission: .submitted),
                Row(indicator: "获得电力", lead: "区发展和改革局", valid: 2, shortBy: 1, complaints: [.jiesu: 1], replaced: 0, submission: .submitted),
            ])
        #expect(report.samples.quota == 3)
        #expect(report.samples.resubmissions.isEmpty)
        #expect(report.samples.samples.map(\.line) == [3, 4, 7, 15, 2, 3])
    }

    @Test func week11ResubmissionReplacesTheEarlierList() throws {
        let report = ReportBuilder.build(try Fixtures.campaign("2024-W11"))
        #expect(
            rows(report) == [
                Row(indicator: "纳税", lead: "区税务局", valid: 4, shortBy: 0, complaints: [.hotline: 1], replaced: 1, submission: .submitted),
                Row(indicator: "获得电力", lead: "区发展和改革局", valid: 3, shortBy: 0, complaints: [.jiesu: 1], replaced: 1, submission: .submitted),
            ])
        let r = try #require(report.samples.resubmissions.first)
        #expect(report.samples.resubmissions.count == 1)
        #expect(r.file == "2024-W11/样本企业汇总表/区发改局_更新.csv")
        #expect(r.previousFile == "2024-W10/样本企业汇总表/区发改局.csv")
        #expect((r.before, r.after) == (2, 3))
        #expect(report.samples.indicators[1].file == r.file)
    }

    @Test func aPastWeekRegeneratesWithTheListItHadThen() throws {
        let w10 = ReportBuilder.build(try Fixtures.campaign("2024-W10"))
        #expect(w10.samples.indicators[1].file == "2024-W10/样本企业汇总表/区发改局.csv")
        #expect(w10.samples.indicators[1].valid == 2)
    }

    @Test func aWeekWithoutNewListsKeepsTheLatestAndReportsNoResubmission() throws {
        let report = ReportBuilder.build(try Fixtures.campaign("2024-W12"))
        #expect(report.samples.indicators.map(\.valid) == [4, 3])
        #expect(report.samples.resubmissions.isEmpty)
        #expect(report.samples.firstSubmissions.isEmpty)
    }

    @Test func aLeadUnitThatNeverSentItsListIsMissing() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("samples-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Fixtures.linjiang, to: tmp)
        defer { try? FileManager.default.removeItem(at: tmp) }
        try FileManager.default.removeItem(at: tmp.appendingPathComponent("2024-W10/样本企业汇总表/区发改局.csv"))
        let w10 = ReportBuilder.build(try Fixtures.campaign("2024-W10", input: tmp))
        let power = w10.samples.indicators[1]
        #expect(power.submission == .missing)
        #expect((power.valid, power.shortBy) == (0, 3))
        let shortfalls = Shortfalls.findings(w10).filter { $0.file == "2024-W10/样本企业汇总表" }
        #expect(shortfalls.map(\.code) == [.missingSubmission])
        #expect(shortfalls.first?.unit == "区发展和改革局")
        // Its first list arrives in W11: a first submission, not a resubmission.
        let w11 = ReportBuilder.build(try Fixtures.campaign("2024-W11", input: tmp))
        #expect(w11.samples.indicators[1].submission == .submitted)
        #expect(w11.samples.resubmissions.isEmpty)
        #expect(w11.samples.firstSubmissions == [0])
    }

    @Test func shortIndicatorsAreShortfallsOfTheirLeadUnit() throws {
        let report = ReportBuilder.build(try Fixtures.campaign("2024-W10"))
        let items = Shortfalls.findings(report).filter { $0.file == "2024-W10/样本企业汇总表" }
        #expect(items.map { Spot($0) } == [Spot("2024-W10/样本企业汇总表", 0, "", .samplesShort)])
        #expect(items.first?.unit == "区发展和改革局")
        #expect(items.first?.value == "获得电力")
        #expect(items.first?.severity == .error)
        let w11 = ReportBuilder.build(try Fixtures.campaign("2024-W11"))
        #expect(Shortfalls.findings(w11).filter { $0.file.hasSuffix("样本企业汇总表") }.isEmpty)
    }

    @Test func theSummaryListsIndicatorsInIndicatorsOrder() throws {
        let report = ReportBuilder.build(try Fixtures.campaign("2024-W11"))
        let data = try Summary(report).json()
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let samples = json?["samples"] as? [[String: Any]] ?? []
        #expect(samples.map { $0["indicator"] as? String } == ["纳税", "获得电力"])
        #expect(samples.map { $0["lead_unit"] as? String } == ["区税务局", "区发展和改革局"])
        #expect(samples.map { $0["valid"] as? Int } == [4, 3])
        #expect(samples.map { $0["met"] as? Bool } == [true, true])
        #expect(samples.map { $0["complaints"] as? Int } == [1, 1])
        #expect(samples.map { $0["replaced"] as? Int } == [1, 1])
        #expect(samples.map { $0["submission"] as? String } == ["已报送", "已报送"])
        let bySource = samples.first?["complaints_by_source"] as? [String: Int]
        #expect(bySource == ["wenzheng_shandong": 0, "hotline_12345": 1, "jiesu_jiban": 0, "other": 0])
    }
}
