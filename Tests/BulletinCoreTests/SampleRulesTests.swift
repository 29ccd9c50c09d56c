import Foundation
import Testing
@testable import BulletinCore

/// The 样本企业汇总表 rules on the 临江 fixture tree: every bad row at its file, line and
/// column with its code (Excel-damaged codes apart from wrong check characters).
@Suite struct SampleRulesTests {
    static let w10 = "2024-W10/样本企业汇总表/"
    static let w11 = "2024-W11/样本企业汇总表/"

    func sampleFindings(_ week: String) throws -> [Finding] {
        ReportBuilder.build(try Fixtures.campaign(week)).findings.filter { $0.file.contains("样本企业汇总表") }
    }

    @Test func week10() throws {
        let tax = Self.w10 + "区税务局.csv", power = Self.w10 + "区发改局.csv"
        let findings = try sampleFindings("2024-W10")
        #expect(
            findings.spots == [
                // 区税务局.csv: a printed title on line 1, the header on line 2.
                Spot(tax, 4, "统一社会信用代码", .creditCodeNormalised),  // lower-case b
                Spot(tax, 5, "统一社会信用代码", .excelDamagedCode),  // 9.14403001922038E+17
                Spot(tax, 6, "统一社会信用代码", .excelDamagedCode),  // …038000
                Spot(tax, 7, "联系电话", .phoneZeroDropped),  // 5334130090
                Spot(tax, 8, "统一社会信用代码", .duplicateSample),  // line 3's code again
                Spot(tax, 9, "统一社会信用代码", .badCheckCharacter),  // …X0, G expected
                Spot(tax, 10, "办理时间", .dateBeforeHandledSince),  // 2023-02-28 < 2023-03-01
                Spot(tax, 11, "指标名称", .foreignIndicator),  // 获得电力 is led by 区发改局
                Spot(tax, 12, "所属镇街", .unknownTown),
                Spot(tax, 13, "问题来源", .missingCell),  // 是 without source …
                Spot(tax, 13, "情况说明", .missingCell),  // … nor explanation
                Spot(tax, 15, "联系电话", .phoneWithoutAreaCode),  // the plan sets no area_code
                Spot(tax, 16, "联系电话", .badPhone),
                Spot(tax, 17, "联系人", .missingCell),
                Spot(tax, 18, "统一社会信用代码", .badCreditCode),  // 17 characters
                Spot(power, 4, "办理时间", .dateAfterReport),  // 2024-03-08 > report date 2024-03-07
                Spot(power, 5, "是否存在分歧或投诉", .badChoice),
                Spot(power, 6, "指标名称", .unknownIndicator),
                Spot(power, 7, "问题来源", .badChoice),
                Spot(power, 8, "企业名称", .missingCell),
                Spot(power, 9, "样本状态", .badChoice),
            ])
        let warnings = Set(findings.filter { $0.severity == .warning }.map(\.code))
        #expect(warnings == [.creditCodeNormalised, .phoneZeroDropped, .duplicateSample, .phoneWithoutAreaCode])
        #expect(findings.allSatisfy { $0.unit == "区税务局" || $0.unit == "区发展和改革局" })
        let check = try #require(findings.first { $0.code == .badCheckCharacter })
        #expect(check.value == "9144030071526726X0")
    }

    /// W11 shows only the resubmission's findings: W10's belong to W10's report.
    @Test func week11() throws {
        let file = Self.w11 + "区发改局_更新.csv"
        #expect(
            try sampleFindings("2024-W11").spots == [
                Spot(file, 5, "统一社会信用代码", .creditCodeNormalised),  // full-width; line 3's cell spans two lines
                Spot(file, 7, "联系电话", .badPhone),  // 10 digits
            ])
    }

    @Test func normalisedValuesAreWhatCounts() throws {
        let report = ReportBuilder.build(try Fixtures.campaign("2024-W10"))
        let tax = report.samples.samples.filter { $0.file.hasSuffix("区税务局.csv") }
        let byLine = Dictionary(tax.map { ($0.line, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byLine[4]?.code == "91110000802100433B")
        #expect(byLine[4]?.phone == "13912345679")
        #expect(byLine[7]?.phone == "0533-4130090")
        let power = report.samples.samples.first { $0.file.hasSuffix("区发改局.csv") && $0.line == 2 }
        #expect(power?.phone == "0533-4130090 转8001")
    }

    @Test func theAreaCodeOfThePlanCompletesLocalNumbers() throws {
        let campaign = try Fixtures.campaign("2024-W10")
        let file = try #require(campaign.tree.files(of: .samples).first { $0.path.hasSuffix("区税务局.csv") })
        var plan = campaign.plan
        plan.areaCode = "0533"
        let row = SubmissionRow(
            line: 15,
            cells: ["13", "纳税", "临江长江船舶有限公司", "914403001922038216", "江北镇", "发票领用", "2023-06-10", "沈洁", "4130090", "否", "", "", "", ""])
        let context = RowContext(
            file: file, submitter: 1, plan: plan, roster: campaign.roster, reportDate: plan.reportDate(of: campaign.week))
        let (sample, findings) = FormDriver.checkRow(SampleForm.self, row, context)
        #expect(findings.isEmpty)
        #expect(sample?.phone == "0533-4130090")
    }
}
