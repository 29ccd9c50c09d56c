import Testing
@testable import BulletinCore

/// The 问题清单 rules on the 临江 fixture: each rejected row at its file, line, column and code.
@Suite struct ProblemRulesTests {
    func problemFindings(_ week: String) throws -> Set<Spot> {
        let report = ReportBuilder.build(try Fixtures.campaign(week))
        return report.findings.filter { $0.file.contains("/问题清单/") }.spots
    }

    @Test func week10Findings() throws {
        let file = "2024-W10/问题清单/江南街道.csv"
        #expect(
            try problemFindings("2024-W10") == [
                // 91110000802100433A: the check character should be B
                Spot(file, 5, "统一社会信用代码", .badCheckCharacter),
                // 政务热线 is not one of the five sources
                Spot(file, 6, "问题来源", .badChoice),
            ])
    }

    @Test func week11Findings() throws {
        #expect(
            try problemFindings("2024-W11") == [
                // 已整改 without 完成日期: rejected, LJ-006 keeps its W10 state
                Spot("2024-W11/问题清单/区应急局.csv", 2, "完成日期", .missingCell),
                // 2024-02-30 does not exist (the printed title puts the header on line 2)
                Spot("2024-W11/问题清单/江南街道.csv", 7, "整改时限", .badDate),
            ])
    }

    func validate(_ cells: [String], accepted: Set<String> = []) throws -> (ProblemRecord?, Set<Spot>) {
        let campaign = try Fixtures.campaign("2024-W10")
        var plan = campaign.plan
        plan.acceptedCreditCodes = accepted
        let file = SubmissionFile(
            week: campaign.week, kind: .problems, path: "f.csv", pathInWeek: "问题清单/f.csv", stem: "f", unit: 4, suffix: "",
            url: Fixtures.root)
        let context = RowContext(
            file: file, submitter: 4, plan: plan, roster: campaign.roster, reportDate: plan.reportDate(of: campaign.week))
        let (record, findings) = FormDriver.checkRow(ProblemForm.self, SubmissionRow(line: 2, cells: cells), context)
        return (record, findings.spots)
    }

    static let good = ["P-1", "走访发现", "描述", "", "", "区税务局", "2024-03-08", "整改中", ""]

    func with(_ column: Int, _ value: String, _ base: [String] = good) -> [String] {
        var c = base
        c[column] = value
        return c
    }

    @Test func aGoodRowIsAccepted() throws {
        let (record, spots) = try validate(Self.good)
        #expect(spots.isEmpty)
        #expect(record?.unit == 1)
        #expect(record?.due.description == "2024-03-08")
        #expect(record?.status == .inProgress)
    }

    @Test func everySourceIsAccepted() throws {
        for source in ProblemSource.allCases {
            #expect(try validate(with(1, source.rawValue)).0?.source == source)
        }
        #expect(try validate(with(1, "其他")).1 == [Spot("f.csv", 2, "问题来源", .badChoice)])
    }

    @Test func requiredCells() throws {
        #expect(try validate(with(0, "")).1 == [Spot("f.csv", 2, "问题编号", .missingCell)])
        #expect(try validate(with(2, "")).1 == [Spot("f.csv", 2, "问题描述", .missingCell)])
        #expect(try validate(with(5, "")).1 == [Spot("f.csv", 2, "责任单位", .missingCell)])
        #expect(try validate(with(6, "")).1 == [Spot("f.csv", 2, "整改时限", .missingCell)])
        #expect(try validate(with(7, "")).1 == [Spot("f.csv", 2, "整改状态", .missingCell)])
        // 企业名称 and 统一社会信用代码 are optional
        #expect(try validate(Self.good).0 != nil)
    }

    @Test func responsibleUnitMustBeInTheRoster() throws {
        #expect(try validate(with(5, "区应急局")).0?.unit == 3)  // 简称 accepted
        #expect(try validate(with(5, "区住房公积金管理中心")).1 == [Spot("f.csv", 2, "责任单位", .unknownUnit)])
    }

    @Test func statusAndCompletionDate() throws {
        #expect(try validate(with(7, "已完成")).1 == [Spot("f.csv", 2, "整改状态", .badChoice)])
        #expect(try validate(with(7, "已整改")).1 == [Spot("f.csv", 2, "完成日期", .missingCell)])
        let done = try validate(with(8, "3月7日", with(7, "已整改")))
        #expect(done.0?.completed?.description == "2024-03-07")
        #expect(try validate(with(8, "三月七日", with(7, "已整改"))).1 == [Spot("f.csv", 2, "完成日期", .badDate)])
        #expect(try validate(with(7, "未整改")).0?.status == .open)
    }

    @Test func dueDateForms() throws {
        for (raw, day) in [("2024/3/9", "2024-03-09"), ("2024年3月9日", "2024-03-09"), ("3月9日", "2024-03-09"), ("45360", "2024-03-09")] {
            #expect(try validate(with(6, raw)).0?.due.description == day)
        }
        #expect(try validate(with(6, "下周")).1 == [Spot("f.csv", 2, "整改时限", .badDate)])
    }

    @Test func creditCodeIsCheckedWhenGiven() throws {
        #expect(try validate(with(4, "91110000802100433B")).0?.creditCode == "91110000802100433B")
        #expect(try validate(with(4, "91110000802100433A")).1 == [Spot("f.csv", 2, "统一社会信用代码", .badCheckCharacter)])
        #expect(try validate(with(4, "9.14403E+17")).1 == [Spot("f.csv", 2, "统一社会信用代码", .excelDamagedCode)])
        #expect(try validate(with(4, "12345")).1 == [Spot("f.csv", 2, "统一社会信用代码", .badCreditCode)])
        #expect(try validate(with(4, "91110000802100433b")).1 == [Spot("f.csv", 2, "统一社会信用代码", .creditCodeNormalised)])
        #expect(try validate(with(4, "91110000802100433A"), accepted: ["91110000802100433A"]).0 != nil)
    }
}
