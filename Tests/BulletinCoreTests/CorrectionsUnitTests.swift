import Foundation
import Testing
@testable import BulletinCore

/// The pieces of 退回修改 and 催报名单 that need no campaign.
@Suite struct CorrectionsUnitTests {
    @Test func sheetNamesAreValidAndUnique() {
        var taken: Set<String> = ["说明"]
        let long = Corrections.uniqueSheetName("附件2 样本企业走访台账 2024-03-06_补报_第二次更正的版本", taken: &taken)
        #expect(long.utf16.count <= 31)
        let again = Corrections.uniqueSheetName("附件2 样本企业走访台账 2024-03-06_补报_第二次更正的版本", taken: &taken)
        #expect(again != long && again.hasSuffix("(2)") && again.utf16.count <= 31)
        let odd = Corrections.uniqueSheetName("'附件3 [a]:b*c?d/e\\f'", taken: &taken)
        #expect(odd == "附件3 _a__b_c_d_e_f")
        #expect(Corrections.uniqueSheetName("说明", taken: &taken) == "说明(2)")
        #expect(Corrections.uniqueSheetName("History", taken: &taken) == "文件")
        #expect(Corrections.uniqueSheetName("ABC", taken: &taken) == "ABC")
        #expect(Corrections.uniqueSheetName("abc", taken: &taken) == "abc(2)")  // Excel ignores case
    }

    @Test func workbookFileNamesAreSafe() throws {
        var roster = Roster()
        for (i, name) in ["区税务局", "../上级", "a/b", "a_b", String(repeating: "长", count: 100)].enumerated() {
            roster.units.append(RosterUnit(index: i, name: name, type: .responsible, alias: nil))
        }
        let names = Corrections.fileNames(roster)
        #expect(names[0] == "退回修改/区税务局.xlsx")
        #expect(names[1] == "退回修改/_._上级.xlsx")
        #expect(names[2] == "退回修改/a_b.xlsx")
        #expect(names[3] == "退回修改/a_b(2).xlsx")
        #expect(names[4].utf8.count <= "退回修改/".utf8.count + 200 + ".xlsx".utf8.count)
        #expect(names.allSatisfy { $0.split(separator: "/").count == 2 })
    }

    @Test func contactsLoseTheirPhoneNumbers() {
        #expect(ChaseList.contactWithoutPhones("刘洋 139-0000-1111") == "刘洋")
        #expect(ChaseList.contactWithoutPhones("陈静（0533-4130090）") == "陈静")
        #expect(ChaseList.contactWithoutPhones("王五、13912345678") == "王五")
        #expect(ChaseList.contactWithoutPhones("2号楼 张三") == "2号楼 张三")
        #expect(ChaseList.contactWithoutPhones("13912345678").isEmpty)
    }

    @Test func timeLeftReadsLikeTheOfficeSaysIt() throws {
        let day = try #require(Day(year: 2024, month: 3, day: 7))
        let deadline = ReceiptTime(day: day, minutes: 16 * 60)
        #expect(ChaseList.left(until: deadline, from: ReceiptTime(day: day, minutes: 14 * 60)) == "还剩2小时")
        #expect(ChaseList.left(until: deadline, from: ReceiptTime(day: day, minutes: 13 * 60 + 55)) == "还剩2小时5分")
        #expect(ChaseList.left(until: deadline, from: ReceiptTime(day: day, minutes: 15 * 60 + 59, seconds: 30)) == "还剩1分钟")
        #expect(ChaseList.left(until: deadline, from: deadline) == "已到截止时间")
        #expect(ChaseList.left(until: deadline, from: ReceiptTime(day: day.adding(days: 1), minutes: 19 * 60)) == "已超过1天3小时")
    }

    @Test func chinaTimeIsUTCPlusEight() throws {
        // 2024-03-06T23:30:00Z is 2024-03-07 07:30 in China.
        let t = ChaseList.chinaTime(unix: 1_709_767_800)
        #expect(t.description == "2024-03-07 07:30")
    }

    /// The built-in 催报名单 template is templates/催报名单.txt (scripts/embed_template.py writes it).
    @Test func theBuiltInChaseTemplateIsTheShippedOne() throws {
        let shipped = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("templates/催报名单.txt")
        #expect(BuiltInTemplate.chase == (try String(contentsOf: shipped, encoding: .utf8)), "run scripts/embed_template.py")
        let source = try ChaseList.template(input: URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/input"))
        #expect(source.url == nil || source.displayPath == "templates/催报名单.txt")
    }

    @Test func unitsCsvMayNameAContact() throws {
        let roster = try Fixtures.campaign("2025-W10", input: Fixtures.root.appendingPathComponent("hexi-2025")).roster
        #expect(roster.units.map { $0.contact ?? "" } == ["刘洋 139-0000-1111", "陈静（0533-4130090）", "", "赵敏", "孙涛", ""])
        // The 临江 roster has no such column: nothing, and no finding.
        let linjiang = try Fixtures.campaign("2024-W10")
        #expect(linjiang.roster.units.allSatisfy { $0.contact == nil })
    }

    /// A finding is marked at the column the run mapped it to: the first of a name, the
    /// header as written for an unknown column, the second of a name given twice.
    @Test func headerColumnsAreFoundAsTheRunNamesThem() {
        let map = MarkedWorkbook.HeaderMap(["单位名称", " 稿件标题 ", "媒体级别（中央级/省级）", "联系人", "稿件标题"])
        func f(_ code: FindingCode, _ column: String) -> Finding { Finding(code: code, file: "x", line: 1, column: column, message: "") }
        #expect(map.column(of: f(.missingCell, "稿件标题")) == 1)
        #expect(map.column(of: f(.badChoice, "媒体级别")) == 2)
        #expect(map.column(of: f(.unknownColumn, "联系人")) == 3)
        #expect(map.column(of: f(.duplicateColumn, "稿件标题")) == 4)
        #expect(map.column(of: f(.raggedRow, "")) == nil)
    }
}
