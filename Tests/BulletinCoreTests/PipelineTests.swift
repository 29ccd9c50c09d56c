import Foundation
import Testing
@testable import BulletinCore

/// A toy fifth form: 政策兑现清单, each unit's list of policy payments to enterprises.
/// It exists only here, to show a form is added through the registry alone.
enum PolicyForm: SubmissionForm {
    typealias Payload = [Payment]

    struct Payment: Sendable, Hashable {
        var code: String
        var amount: Double
    }

    enum Column: Int, FormColumn {
        case seq, enterprise, code, amount
        var header: String {
            switch self {
            case .seq: return "序号"
            case .enterprise: return "企业名称"
            case .code: return "统一社会信用代码"
            case .amount: return "兑现金额"
            }
        }
    }

    static let kind = SubmissionKind(
        folder: "政策兑现清单", label: "附件4 政策兑现清单", columns: Column.self, required: [.enterprise, .code, .amount],
        senders: "牵头单位", schedule: .weekly)

    static func check(_ row: FormRow<Column>, _ context: RowContext, _ check: inout RowCheck<Column>) -> Payment? {
        _ = check.required(.enterprise)
        let code = check.required(.code).flatMap { check.creditCode(.code, raw: $0, accepted: context.plan.acceptedCreditCodes) }
        var amount: Double?
        if let raw = check.required(.amount) {
            amount = Double(raw)
            if amount == nil { check.report(.badChoice, .amount, "兑现金额「\(raw)」不是数字，本行未计入") }
        }
        guard !check.hasErrors, let code, let amount else { return nil }
        return Payment(code: code, amount: amount)
    }

    /// Its fold: the amounts paid per unit, over the files the week counts.
    static func fold(_ files: FormFiles<PolicyForm>, campaign: Campaign) -> [Int: Double] {
        var paid: [Int: Double] = [:]
        for f in files.all { paid[f.unit, default: 0] += (f.payload ?? []).reduce(0) { $0 + $1.amount } }
        return paid
    }

    /// Its timing: a file named `…_下周` counts in the next week's report.
    static func reportingWeek(of context: RowContext, in campaign: CampaignContext) -> ISOWeek {
        context.file.suffix == "下周" ? context.file.week.next : context.file.week
    }
}

@Suite struct PipelineTests: EditsFixture {
    @Test func aFifthFormIsOneRegistryLine() throws {
        let root = try tree { root in
            try write(
                "序号,企业名称,统一社会信用代码,兑现金额\n1,临江甲公司,91110000802100433B,12000\n2,临江乙公司,91110000802100433B,一万\n",
                "2024-W10/政策兑现清单/区税务局.csv", in: root)
            try write("序号,企业名称,统一社会信用代码,兑现金额\n1,临江丙公司,91110000802100433B,五千\n", "2024-W10/政策兑现清单/区税务局_下周.csv", in: root)
        }
        defer { try? FileManager.default.removeItem(at: root) }
        let registry = FormRegistry(FormRegistry.standard.entries + [FormEntry(PolicyForm.self)])
        let later = "2024-W10/政策兑现清单/区税务局_下周.csv"

        // Without the line the folder is a stray; with it, its files are read and checked.
        let plain = ReportBuilder.build(try Campaign.load(input: root, week: ISOWeek("2024-W10")))
        #expect(plain.findings.contains { $0.code == .strayFile && $0.file == "2024-W10/政策兑现清单" })

        let campaign = try Campaign.load(input: root, week: ISOWeek("2024-W10"), registry: registry)
        let results = SubmissionReader.read(campaign, registry: registry)
        let file = try #require(campaign.tree.files(of: PolicyForm.kind).first)
        let payments = try #require(results[file]?.payload(of: PolicyForm.self))
        #expect(payments == [PolicyForm.Payment(code: "91110000802100433B", amount: 12000)])
        // Its payloads come back typed, and only to its own type; its fold sees them.
        #expect(results[file]?.payload(of: ArticleForm.self) == nil)
        #expect(results.payloads(of: PolicyForm.self, for: campaign).all.map(\.file.path) == [file.path])
        #expect(results.fold(PolicyForm.self, for: campaign) == [try #require(file.unit): 12000])
        let report = ReportBuilder.assemble(campaign, results: results)
        #expect(!report.findings.contains { $0.code == .strayFile })
        #expect(report.findings.filter { $0.file.contains("政策兑现清单") }.spots
            == [Spot("2024-W10/政策兑现清单/区税务局.csv", 3, "兑现金额", .badChoice)])
        #expect(report.inputDigests["2024-W10/政策兑现清单/区税务局.csv"]?.count == 64)
        // The finding-code reference lists the form's columns from the registry.
        #expect(FindingReference.markdown(registry: registry).contains("| 附件4 政策兑现清单 | `<周>/政策兑现清单/` |"))

        // Its timing decides reading, counting and reporting alike: the `_下周` file is
        // neither read nor reported in W10, and both in W11.
        #expect(!report.findings.contains { $0.file == later })
        #expect(results.payloads(of: PolicyForm.self, for: campaign).all.allSatisfy { $0.file.path != later })
        let next = try Campaign.load(input: root, week: ISOWeek("2024-W11"), registry: registry)
        let nextReport = ReportBuilder.build(next, registry: registry)
        #expect(nextReport.findings.filter { $0.file == later }.spots == [Spot(later, 2, "兑现金额", .badChoice)])
        #expect(!nextReport.findings.contains { $0.file == file.path })
    }

    @Test func theResultsDoNotDependOnTheNumberOfJobs() throws {
        let campaign = try Fixtures.campaign("2024-W11")
        let one = ReportBuilder.build(campaign, jobs: 1)
        let four = ReportBuilder.build(campaign, jobs: 4)
        #expect(one.findings == four.findings)
        #expect(one.inputDigests == four.inputDigests)
        #expect(try Summary(one).json() == Summary(four).json())
    }

    @Test func anUnreadableFileIsAFindingAndNotAReceivedList() throws {
        let campaign = try Fixtures.campaign("2024-W10")
        let target = try #require(campaign.tree.files(of: .articles).first { $0.unit != nil })
        let unit = try #require(target.unit)
        let results = SubmissionReader.read(campaign, jobs: 2) { file in
            file.path == target.path ? .failure(RowSource.OpenFailure("没有读取权限")) : RowSource.mapFile(file)
        }
        let report = ReportBuilder.assemble(campaign, results: results)
        #expect(report.findings.filter { $0.file == target.path }.spots == [Spot(target.path, 0, "", .unreadableFile)])
        #expect(report.inputDigests[target.path] == nil)
        let figures = try #require(report.articles.units.first { $0.unit == unit })
        #expect(!figures.submission.isReceived)
    }

    @Test func anUnreadableLatestSampleListDoesNotReplaceTheReadableEarlierOne() throws {
        // W10: 区发改局's list gives 获得电力 2 valid samples; W11's resubmission (3) cannot be read.
        let campaign = try Fixtures.campaign("2024-W11")
        let resubmission = try #require(campaign.tree.files(of: .samples).first { $0.week.description == "2024-W11" && $0.unit == 0 })
        let results = SubmissionReader.read(campaign) { file in
            file.path == resubmission.path ? .failure(RowSource.OpenFailure("没有读取权限")) : RowSource.mapFile(file)
        }
        let report = ReportBuilder.assemble(campaign, results: results)
        let power = try #require(report.samples.indicators.first { report.roster.indicators[$0.indicator].name == "获得电力" })
        #expect(power.valid == 2)
        #expect(power.file?.hasPrefix("2024-W10/") == true)
        #expect(report.findings.contains { $0.code == .unreadableFile && $0.file == resubmission.path })
    }

    @Test func aFormFolderOrAListThatIsNoFileIsAFinding() throws {
        let root = try tree { root in
            let folder = root.appendingPathComponent("2024-W11/问题清单")
            try FileManager.default.removeItem(at: folder)
            try FileManager.default.createSymbolicLink(atPath: folder.path, withDestinationPath: "/nonexistent/问题清单")
            try FileManager.default.createDirectory(
                at: root.appendingPathComponent("2024-W11/宣传稿件统计表/区税务局_补充.csv"), withIntermediateDirectories: true)
        }
        defer { try? FileManager.default.removeItem(at: root) }
        let report = ReportBuilder.build(try Campaign.load(input: root, week: ISOWeek("2024-W11")))
        let spots = report.findings.filter { $0.code == .unreadableFile }.spots
        #expect(spots == [
            Spot("2024-W11/问题清单", 0, "", .unreadableFile), Spot("2024-W11/宣传稿件统计表/区税务局_补充.csv", 0, "", .unreadableFile),
        ])
    }

    /// Nothing is read from outside the input folder: a list linked to a CSV elsewhere (that
    /// would count), a week folder linked elsewhere, a link to /etc/passwd.
    @Test func linksOutOfTheInputTreeAreFindingsAndNothingOfTheirTargetsCounts() throws {
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("elsewhere-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        try "单位名称,稿件标题,发布媒体,媒体级别,发布日期,链接\n区税务局,外来稿件,人民网,中央级,2024-03-07,https://www.people.com.cn/x.html\n"
            .write(to: elsewhere.appendingPathComponent("extra.csv"), atomically: true, encoding: .utf8)
        let before = ReportBuilder.build(try Fixtures.campaign("2024-W10"))
        let root = try tree { root in
            let fm = FileManager.default
            try fm.createSymbolicLink(
                atPath: root.appendingPathComponent("2024-W10/宣传稿件统计表/区税务局_补充.csv").path,
                withDestinationPath: elsewhere.appendingPathComponent("extra.csv").path)
            try fm.createSymbolicLink(
                atPath: root.appendingPathComponent("2024-W10/问题清单/江北镇.csv").path, withDestinationPath: "/etc/passwd")
            try fm.createSymbolicLink(atPath: root.appendingPathComponent("2024-W09").path, withDestinationPath: elsewhere.path)
        }
        defer { try? FileManager.default.removeItem(at: root) }
        let report = ReportBuilder.build(try Campaign.load(input: root, week: ISOWeek("2024-W10")))
        #expect(report.findings.filter { $0.code == .outsideInput }.spots == [
            Spot("2024-W09", 0, "", .outsideInput),
            Spot("2024-W10/宣传稿件统计表/区税务局_补充.csv", 0, "", .outsideInput),
            Spot("2024-W10/问题清单/江北镇.csv", 0, "", .outsideInput),
        ])
        let tax = { (r: WeekReport) in r.articles.units.first { r.roster.units[$0.unit].name == "区税务局" }?.counted }
        #expect(tax(report) == tax(before))
        #expect(!report.findings.contains { $0.value.contains("root:") || $0.message.contains("root:") })
        #expect(report.inputDigests.keys.allSatisfy { !$0.contains("补充") && !$0.hasPrefix("2024-W09") })
    }

    @Test func aRosterFileLinkedOutOfTheTreeStopsTheRun() throws {
        let root = try tree { root in
            let units = root.appendingPathComponent("roster/media.csv")
            let copy = FileManager.default.temporaryDirectory.appendingPathComponent("media-\(UUID().uuidString).csv")
            try FileManager.default.moveItem(at: units, to: copy)
            try FileManager.default.createSymbolicLink(atPath: units.path, withDestinationPath: copy.path)
        }
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(throws: RosterError.self) { try Campaign.load(input: root, week: ISOWeek("2024-W10")) }
    }

    @Test func aFileWithThousandsOfBadRowsKeepsTheFirstThousandFindings() throws {
        var text = "单位名称,稿件标题,发布媒体,媒体级别,发布日期,链接\n"
        for i in 0..<1_500 { text += "区税务局,稿件\(i),人民网,中央级,2024-03-07,not-a-link-\(i)\n" }
        let root = try tree { root in try write(text, "2024-W10/宣传稿件统计表/区税务局.csv", in: root) }
        defer { try? FileManager.default.removeItem(at: root) }
        let report = ReportBuilder.build(try Campaign.load(input: root, week: ISOWeek("2024-W10")))
        let mine = report.findings.filter { $0.file == "2024-W10/宣传稿件统计表/区税务局.csv" }
        #expect(mine.count == FormDriver.findingLimit + 1)
        let summary = try #require(mine.first { $0.code == .findingsTruncated })
        #expect(summary.severity == .error)
        #expect(mine.filter { $0.code == .badLink }.map(\.line).max() == FormDriver.findingLimit + 1)
    }
}
