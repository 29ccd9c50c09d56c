import Foundation
import Testing
@testable import BulletinCore

/// Inputs found by review and acceptance runs that once gave wrong figures or none: each on
/// a copy of the 临江 fixture with one file changed.
@Suite struct EdgeCaseTests: EditsFixture {
    /// A unit must never vanish from the bulletin: a name or 简称 given twice stops the run
    /// (exit 65) naming both lines, instead of dropping the second unit.
    @Test func aDuplicatedUnitNameOrAliasStopsTheRunNamingBothLines() throws {
        let root = try tree { root in
            let units = root.appendingPathComponent("roster/units.csv")
            // line 6 gives a new unit the 简称 of 区应急管理局 (line 5)
            try (String(contentsOf: units, encoding: .utf8) + "区应急局新,责任单位,区应急局\n").write(to: units, atomically: true, encoding: .utf8)
        }
        defer { try? FileManager.default.removeItem(at: root) }
        do {
            _ = try Campaign.load(input: root, week: ISOWeek("2024-W10"))
            Issue.record("a duplicated 简称 was accepted")
        } catch let error as RosterError {
            #expect(error.file == "roster/units.csv")
            #expect(error.problem.contains("区应急管理局") && error.problem.contains("区应急局新"))
            #expect(error.problem.contains("第5行") && error.problem.contains("行「区应急局新」"))
        }
    }

    @Test func aCompiledListMissingAColumnStillCountsAsItsUnitsList() throws {
        // 区发展和改革局's W11 list lacks 发布日期; a row naming 区应急管理局 (a responsible unit of
        // 获得电力, which it leads) makes that unit's list received: 迟报 with the file (14:00).
        let root = try tree { root in
            try write(
                "单位名称,稿件标题,发布媒体,媒体级别,链接\n区发展和改革局,发改局新闻,人民网,中央级,http://www.people.com.cn/e.html\n"
                    + "区应急管理局,应急局新闻,临江发布,区级,https://mp.weixin.qq.com/s/em\n",
                "2024-W11/宣传稿件统计表/区发展和改革局.csv", in: root)
        }
        defer { try? FileManager.default.removeItem(at: root) }
        let report = ReportBuilder.build(try Campaign.load(input: root, week: ISOWeek("2024-W11")))
        let emergency = try #require(report.articles.units.first { report.roster.units[$0.unit].name == "区应急管理局" })
        #expect(emergency.submission == .late)
        #expect(emergency.counted == 0)
    }

    @Test func aTownWithNoRegisteredEnterpriseIsNotShortOfCoverage() throws {
        let root = try tree { root in
            let units = root.appendingPathComponent("roster/units.csv")
            let text = try String(contentsOf: units, encoding: .utf8)
            try (text + "新城街道,镇街,\r\n").write(to: units, atomically: true, encoding: .utf8)
        }
        defer { try? FileManager.default.removeItem(at: root) }
        let report = ReportBuilder.build(try Campaign.load(input: root, week: ISOWeek("2024-W11")))
        let town = try #require(report.visits.towns.first { report.roster.units[$0.town].name == "新城街道" })
        #expect(town.registered == 0)
        #expect(town.coverage == 1)
        #expect(!report.visits.belowTarget.contains { $0.town == town.town })
    }

    @Test func aLowerCaseWeekFolderIsReportedNotSkippedSilently() throws {
        let root = try tree { root in
            try FileManager.default.moveItem(
                at: root.appendingPathComponent("2024-W11"), to: root.appendingPathComponent("2024-w11"))
        }
        defer { try? FileManager.default.removeItem(at: root) }
        let report = ReportBuilder.build(try Campaign.load(input: root, week: ISOWeek("2024-W11")))
        #expect(report.findings.spots.contains(Spot("2024-w11", 0, "", .strayFile)))
    }

    @Test func workbooksAreSubmissionsAndExcelsOwnerFilesAreNot() throws {
        let root = try tree { root in
            let folder = root.appendingPathComponent("2024-W11/宣传稿件统计表")
            try Data([0xD0, 0xCF, 0x11, 0xE0]).write(to: folder.appendingPathComponent("区司法局.XLS"))
            try Data([0xD0, 0xCF, 0x11, 0xE0]).write(to: folder.appendingPathComponent("~$区司法局.xlsx"))
            try Data("x".utf8).write(to: folder.appendingPathComponent("区司法局.ods"))
            try Data("x".utf8).write(to: folder.appendingPathComponent("区司法局_说明.txt"))
        }
        defer { try? FileManager.default.removeItem(at: root) }
        let campaign = try Campaign.load(input: root, week: ISOWeek("2024-W11"))
        let files = campaign.tree.files(of: .articles, week: ISOWeek("2024-W11")).map(\.pathInWeek)
        #expect(files.contains("宣传稿件统计表/区司法局.XLS"))
        // An .ods is the unit's too (issue 21): reported to it, not read; a note is no submission.
        #expect(files.contains("宣传稿件统计表/区司法局.ods"))
        #expect(!files.contains { $0.contains("~$") || $0.hasSuffix(".txt") })
        let report = ReportBuilder.build(campaign)
        #expect(report.findings.spots.contains(Spot("2024-W11/宣传稿件统计表/~$区司法局.xlsx", 0, "", .strayFile)))
        #expect(report.findings.spots.contains(Spot("2024-W11/宣传稿件统计表/区司法局.ods", 0, "", .unsupportedFormat)))
        #expect(report.findings.first { $0.file.hasSuffix("区司法局.ods") }?.unit == "区司法局")
        #expect(report.findings.spots.contains(Spot("2024-W11/宣传稿件统计表/区司法局_说明.txt", 0, "", .notCSV)))
        let old = try #require(report.findings.first { $0.file == "2024-W11/宣传稿件统计表/区司法局.XLS" })
        #expect(old.code == .oldExcelFormat)
        #expect(old.unit == "区司法局")
        // Received (the unit sent its list), nothing counted: as a CSV that cannot be decoded.
        let justice = try #require(report.articles.units.first { report.roster.units[$0.unit].name == "区司法局" })
        let plain = ReportBuilder.build(try Fixtures.campaign("2024-W11"))
        let before = try #require(plain.articles.units.first { plain.roster.units[$0.unit].name == "区司法局" })
        #expect(justice.submission.isReceived)
        #expect(justice.counted == before.counted)
    }

    @Test func aRosterFileMissingARequiredColumnStopsTheRun() throws {
        let root = try tree { root in
            try write("指标名称,牵头单位\n纳税,区税务局\n", "roster/indicators.csv", in: root)
        }
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(throws: RosterError.self) { try Campaign.load(input: root, week: ISOWeek("2024-W10")) }
    }

    @Test func twoFirstListsInOneWeekAreAFirstSubmissionNotAResubmission() throws {
        // 区税务局 sends its first list twice in W10: the later file stands, reported once, as new.
        let root = try tree { root in
            let first = root.appendingPathComponent("2024-W10/样本企业汇总表/区税务局.csv")
            try FileManager.default.copyItem(
                at: first, to: root.appendingPathComponent("2024-W10/样本企业汇总表/区税务局_更正.csv"))
        }
        defer { try? FileManager.default.removeItem(at: root) }
        let report = ReportBuilder.build(try Campaign.load(input: root, week: ISOWeek("2024-W10")))
        let tax = try #require(report.roster.unitIndex(named: "区税务局"))
        #expect(report.samples.firstSubmissions.contains(tax))
        #expect(!report.samples.resubmissions.contains { $0.unit == tax })
    }

    @Test func anAbsurdPointValueIsAPlanErrorNotACrash() throws {
        let root = try tree { root in
            let plan = root.appendingPathComponent("plan.yaml")
            let text = try String(contentsOf: plan, encoding: .utf8)
            try (text + "points: {missing_submission: -1e300}\n").write(to: plan, atomically: true, encoding: .utf8)
        }
        defer { try? FileManager.default.removeItem(at: root) }
        do {
            _ = try Campaign.load(input: root, week: ISOWeek("2024-W10"))
            Issue.record("expected a PlanError")
        } catch let error as PlanError {
            #expect(error.key == "points.missing_submission")
        }
    }

    @Test func anOverlayThatIsNotAMapNamesTheOverlay() throws {
        let root = try tree { root in try write("- 1\n- 2\n", "2024-W11/plan.yaml", in: root) }
        defer { try? FileManager.default.removeItem(at: root) }
        do {
            _ = try Campaign.load(input: root, week: ISOWeek("2024-W11"))
            Issue.record("expected a PlanError")
        } catch let error as PlanError {
            #expect(error.file == "2024-W11/plan.yaml")
        }
    }
}
