import Foundation
import Testing
@testable import BulletinCore

/// Each form's row rule on its own: a row and a hand-made context in, a record or
/// findings out — no campaign, no file.
@Suite struct ArticleRowTests {
    static let good: [ArticleForm.Column: String] = [
        .unit: "商务局", .title: "商务局开展营商环境宣传", .medium: "人民网", .level: "中央级", .date: "2025-06-03",
        .link: "https://example.cn/a/1", .headline: "是",
    ]

    @Test func aGoodRowCountsForTheUnitItNames() throws {
        let (article, spots) = Harness.check(ArticleForm.self, Self.good, context: try Harness.context(.articles, unit: 0))
        #expect(spots.isEmpty)
        #expect(article?.unit == 0)
        #expect(article?.level == .central)
        #expect(article?.headline == true)
    }

    @Test func aLeadUnitMayReportItsResponsibleUnitsButNoOneElse() throws {
        var row = Self.good
        row[.unit] = "区司法局"
        let lead = Harness.check(ArticleForm.self, row, context: try Harness.context(.articles, unit: 0))
        #expect(lead.record?.unit == 1)
        #expect(lead.record?.submitter == 0)
        let town = Harness.check(ArticleForm.self, row, context: try Harness.context(.articles, unit: 2))
        #expect(town.record == nil)
        #expect(town.spots == [Spot("2025-W23/宣传稿件统计表/f.csv", 2, "单位名称", .foreignUnit)])
    }

    @Test func theCompiledUnitIsNamedEvenWhenTheRowIsRejected() throws {
        var row = Self.good
        row[.unit] = "区司法局"
        row[.link] = "example.cn/a/1"
        let context = try Harness.context(.articles, unit: 0)
        let (article, spots) = Harness.check(ArticleForm.self, row, context: context)
        #expect(article == nil)
        #expect(spots == [Spot("2025-W23/宣传稿件统计表/f.csv", 2, "链接", .badLink)])
        #expect(ArticleForm.namedUnit(FormRow(SubmissionRow(line: 2, cells: ["", "区司法局"])), context) == 1)
    }

    @Test func dateAndLevelRules() throws {
        let context = try Harness.context(.articles, unit: 0)
        var late = Self.good
        late[.date] = "2025-06-06"  // after Thursday 06-05's report
        #expect(Harness.check(ArticleForm.self, late, context: context).spots.map(\.code) == [.dateAfterReport])
        var wrong = Self.good
        wrong[.level] = "省级"
        #expect(Harness.check(ArticleForm.self, wrong, context: context).spots.map(\.code) == [.levelMismatch])
        var unknown = Self.good
        unknown[.medium] = "某自媒体"
        let (article, spots) = Harness.check(ArticleForm.self, unknown, context: context)
        #expect(spots.map(\.code) == [.unknownMedium])
        #expect(article?.level == .district)
    }
}

@Suite struct SampleRowTests {
    static let good: [SampleForm.Column: String] = [
        .indicator: "跨境贸易", .enterprise: "河西某贸易公司", .code: Harness.registered, .town: "东城街道", .matter: "报关",
        .handled: "2025-05-20", .contact: "王敏", .phone: "13912345678", .complaint: "否",
    ]

    @Test func aGoodRowIsAValidSample() throws {
        let (sample, spots) = Harness.check(SampleForm.self, Self.good, context: try Harness.context(.samples, unit: 0))
        #expect(spots.isEmpty)
        #expect(sample?.indicator == 0)
        #expect(sample?.town == 2)
        #expect(sample?.counts == true)
    }

    @Test func onlyTheLeadUnitSubmitsItsIndicator() throws {
        let (sample, spots) = Harness.check(SampleForm.self, Self.good, context: try Harness.context(.samples, unit: 1))
        #expect(sample == nil)
        #expect(spots == [Spot("2025-W23/样本企业汇总表/f.csv", 2, "指标名称", .foreignIndicator)])
    }

    @Test func aComplaintNeedsItsSourceAndExplanation() throws {
        var row = Self.good
        row[.complaint] = "是"
        let (sample, spots) = Harness.check(SampleForm.self, row, context: try Harness.context(.samples, unit: 0))
        #expect(sample == nil)
        #expect(spots.map(\.column).sorted() == ["情况说明", "问题来源"])
    }

    @Test func theAreaCodeCompletesALocalNumberAndExcelDamageIsCaught() throws {
        var row = Self.good
        row[.phone] = "86112233"
        row[.code] = "9.13701E+17"
        let (sample, spots) = Harness.check(SampleForm.self, row, context: try Harness.context(.samples, unit: 0))
        #expect(sample == nil)
        #expect(spots == [Spot("2025-W23/样本企业汇总表/f.csv", 2, "统一社会信用代码", .excelDamagedCode)])
    }

    @Test func aRepeatedCodeCountsOnceInAList() throws {
        let context = try Harness.context(.samples, unit: 0)
        let first = try #require(Harness.check(SampleForm.self, Self.good, context: context, line: 2).record)
        let again = try #require(Harness.check(SampleForm.self, Self.good, context: context, line: 3).record)
        var findings: [Finding] = []
        let list = SampleForm.finish([first, again], context, findings: &findings)
        #expect(list.map(\.counts) == [true, false])
        #expect(findings.spots == [Spot("2025-W23/样本企业汇总表/f.csv", 3, "统一社会信用代码", .duplicateSample)])
    }
}

@Suite struct LedgerRowTests {
    static let good: [LedgerForm.Column: String] = [
        .date: "2025-06-04", .visitor: "东城街道", .name: "河西某贸易公司", .code: Harness.registered, .town: "东城街道",
        .mode: "实地走访", .target: "企业法人", .phone: "13912345678", .handling: "无问题", .person: "李强",
    ]

    func context() throws -> RowContext {
        try Harness.context(.ledger, unit: 2, name: "东城街道_2025-06-04.csv", day: Day(year: 2025, month: 6, day: 4))
    }

    @Test func aGoodRowIsAVisitCountedForTheRegisteredTown() throws {
        var row = Self.good
        row[.town] = "西山镇"
        let (entry, spots) = Harness.check(LedgerForm.self, row, context: try context())
        #expect(entry?.town == 2)
        #expect(spots.map(\.code) == [.townMismatch])
    }

    @Test func aVisitAfterTheLedgerDayOrByAnotherUnitIsRejected() throws {
        var row = Self.good
        row[.date] = "2025-06-05"
        row[.visitor] = "西山镇"
        let (entry, spots) = Harness.check(LedgerForm.self, row, context: try context())
        #expect(entry == nil)
        #expect(spots.map(\.code).sorted { $0.rawValue < $1.rawValue } == [.dateAfterLedgerDay, .foreignUnit])
    }

    @Test func anUnregisteredEnterpriseIsAWarningTheWeekMayDrop() throws {
        var row = Self.good
        row[.code] = Harness.unregistered
        let (entry, spots) = Harness.check(LedgerForm.self, row, context: try context())
        #expect(entry != nil)
        #expect(spots.map(\.code) == [.unregisteredEnterprise])
        let finding = Finding(code: .unregisteredEnterprise, file: "f", line: 2, value: Harness.unregistered.lowercased(), message: "")
        #expect(LedgerRules.isSampled(finding, sampled: [Harness.unregistered]))
        #expect(!LedgerRules.isSampled(finding, sampled: []))
    }

    @Test func aProblemNeedsItsHandlingAndResponsibleUnit() throws {
        var row = Self.good
        row[.problem] = "办电时间长"
        #expect(Harness.check(LedgerForm.self, row, context: try context()).spots.map(\.code) == [.problemMarkedNone])
        row[.handling] = "正在解决"
        #expect(Harness.check(LedgerForm.self, row, context: try context()).spots.map(\.code) == [.missingCell])
        row[.responsible] = "商务局"
        let (entry, spots) = Harness.check(LedgerForm.self, row, context: try context())
        #expect(spots.isEmpty)
        #expect(entry?.responsible == 0)
    }

    @Test func aFileWithoutADateInItsNameIsNotPlaced() throws {
        let campaign = CampaignContext(roster: Harness.roster, plans: [:], base: try Harness.plan())
        let file = SubmissionFile(
            week: Harness.week, kind: .ledger, path: "2025-W23/走访台账/东城街道_周三.csv", pathInWeek: "走访台账/东城街道_周三.csv",
            stem: "东城街道_周三", unit: 2, suffix: "周三", url: URL(fileURLWithPath: "/nonexistent"))
        guard case .refused(let finding) = LedgerForm.context(for: file, submitter: 2, in: campaign) else {
            Issue.record("placed a file without a date")
            return
        }
        #expect(Spot(finding) == Spot("2025-W23/走访台账/东城街道_周三.csv", 0, "", .badFileName))
    }
}

@Suite struct ProblemRowTests {
    static let good: [ProblemForm.Column: String] = [
        .id: "HX-1", .source: "12345热线", .description: "办电时间长", .unit: "商务局", .due: "6月10日", .status: "整改中",
    ]

    @Test func aGoodRowUpdatesItsProblem() throws {
        let (record, spots) = Harness.check(ProblemForm.self, Self.good, context: try Harness.context(.problems, unit: 2))
        #expect(spots.isEmpty)
        #expect(record?.unit == 0)
        #expect(record?.due == Day(year: 2025, month: 6, day: 10))
    }

    @Test func doneNeedsItsDateAndTheMessageSaysTheProblemKeepsItsState() throws {
        var row = Self.good
        row[.status] = "已整改"
        let (record, spots) = Harness.check(ProblemForm.self, row, context: try Harness.context(.problems, unit: 2))
        #expect(record == nil)
        #expect(spots == [Spot("2025-W23/问题清单/f.csv", 2, "完成日期", .missingCell)])
    }
}
