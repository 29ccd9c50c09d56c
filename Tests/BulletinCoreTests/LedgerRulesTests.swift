import Foundation
import Testing
@testable import BulletinCore

/// The 走访台账 rules on the 临江 fixture tree: each bad row at its file, line and column.
@Suite struct LedgerRulesTests {
    static let folder = SubmissionKind.ledger.folder

    func ledgerFindings(_ week: String) throws -> [Finding] {
        let report = ReportBuilder.build(try Fixtures.campaign(week))
        return report.findings.filter { $0.file.contains("/\(Self.folder)/") }
    }

    @Test func week10Findings() throws {
        let dir = "2024-W10/\(Self.folder)/"
        let findings = try ledgerFindings("2024-W10")
        #expect(
            findings.spots == [
                Spot(dir + "江南街道_2024-03-06.csv", 4, "走访方式", .badChoice),  // 上门
                // 无问题 although 招工难 was raised (one error: 责任单位 is not asked for as well).
                Spot(dir + "江南街道_2024-03-07.csv", 5, "办理情况", .problemMarkedNone),
                Spot(dir + "江南街道_2024-03-07.csv", 6, "统一社会信用代码", .unregisteredEnterprise),
                Spot(dir + "江北镇_2024-03-06.csv", 2, "所属镇街", .townMismatch),
                Spot(dir + "江北镇_2024-03-06.csv", 3, "联系电话", .phoneZeroDropped),
                Spot(dir + "江北镇_2024-03-06.csv", 4, "走访日期", .dateAfterLedgerDay),
                Spot(dir + "区税务局_2024-03-06.csv", 2, "联系电话", .phoneWithoutAreaCode),
                Spot(dir + "区税务局_2024-03-06.csv", 3, "走访日期", .dateOutsideVisitPeriod),
            ])
        let warnings = Set(findings.filter { $0.severity == .warning }.map(\.code))
        #expect(warnings == [.unregisteredEnterprise, .townMismatch, .phoneZeroDropped, .phoneWithoutAreaCode])
        #expect(findings.allSatisfy { !$0.unit.isEmpty })
    }

    @Test func week11Findings() throws {
        let dir = "2024-W11/\(Self.folder)/"
        #expect(
            try ledgerFindings("2024-W11").spots == [
                Spot(dir + "江北镇_2024-03-11.csv", 3, "统一社会信用代码", .excelDamagedCode),
                Spot(dir + "江北镇_2024-03-12.csv", 2, "统一社会信用代码", .badCheckCharacter),
                Spot(dir + "江北镇_第二周.csv", 0, "", .badFileName),
            ])
    }

    @Test func aRepeatedRowIsOneVisitAndTheLaterCopyStands() throws {
        let report = ReportBuilder.build(try Fixtures.campaign("2024-W10"))
        let reading = report.visits.reading
        // 江南街道_2024-03-07.csv repeats both rows of 03-06; the J2 row now says 已解决.
        let j2 = reading.visits.filter { reading.codes[$0.enterprise] == "91330100007000000L" }
        #expect(j2.count == 1)
        #expect(j2.first?.handling == .resolved)
        #expect(j2.first.map { reading.files[Int($0.file)] } == "2024-W10/\(Self.folder)/江南街道_2024-03-07.csv")
        #expect(j2.first?.line == 3)
    }

    @Test func reportDayFromTheFileName() {
        func day(_ suffix: String) -> String? {
            let file = SubmissionFile(
                week: ISOWeek("2024-W10")!, kind: .ledger, path: "p", pathInWeek: "p", stem: "u_\(suffix)", unit: 0,
                suffix: suffix, url: Fixtures.root)
            return LedgerRules.reportDay(of: file, defaultYear: 2024)?.description
        }
        #expect(day("2024-03-06") == "2024-03-06")
        #expect(day("2024-03-06_补报") == "2024-03-06")
        #expect(day("3月6日") == "2024-03-06")
        #expect(day("第二周") == nil)
        #expect(day("") == nil)
        // Digits as people type them in file names; never an Excel serial.
        #expect(day("0306") == "2024-03-06")
        #expect(day("20240306") == "2024-03-06")
        #expect(day("45357") == nil)
        #expect(day("0231") == nil)
    }

    @Test func aLedgerForADayAfterTheReportIsReportedByTheWeekThatCountsIt() throws {
        // 江南街道_2024-03-08.csv sits in the W10 folder, but Friday 03-08 comes after W10's
        // Thursday report: W11 counts it, so W11 — not W10, and not nobody — reports its errors.
        let fm = FileManager.default
        let tmp = fm.temporaryDirectory.appendingPathComponent("ledger-late-day-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: tmp) }
        try fm.copyItem(at: Fixtures.linjiang, to: tmp)
        let file = tmp.appendingPathComponent("2024-W10/走访台账/江南街道_2024-03-08.csv")
        var text = try String(contentsOf: file, encoding: .utf8)
        text += "2,2024-03-08,江南街道,临江金桥建材有限公司,91330100007000548X,江南街道,上门,企业法人,13800000006,是,,无问题,,王一\n"
        try text.write(to: file, atomically: true, encoding: .utf8)
        let spot = Spot("2024-W10/走访台账/江南街道_2024-03-08.csv", 3, "走访方式", .badChoice)
        let w10 = ReportBuilder.build(try Campaign.load(input: tmp, week: ISOWeek("2024-W10")))
        let w11 = ReportBuilder.build(try Campaign.load(input: tmp, week: ISOWeek("2024-W11")))
        #expect(!w10.findings.spots.contains(spot))
        #expect(w11.findings.spots.contains(spot))
    }
}
