import Foundation
import Testing
@testable import BulletinCore

/// The pieces of 退回修改 and 催报名单 that need no campaign.
@Suite struct CorrectionsUnitTests {
    @Test func sheetNamesAreValidAndUnique() {
        var taken = Corrections.UniqueNames(taken: ["说明"])
        let long = Corrections.uniqueSheetName("附件2 样本企业走访台账 2024-03-06_补报_第二次更正的版本", names: &taken)
        #expect(long.utf16.count <= 31)
        let again = Corrections.uniqueSheetName("附件2 样本企业走访台账 2024-03-06_补报_第二次更正的版本", names: &taken)
        #expect(again != long && again.hasSuffix("(2)") && again.utf16.count <= 31)
        let odd = Corrections.uniqueSheetName("'附件3 [a]:b*c?d/e\\f'", names: &taken)
        #expect(odd == "附件3 _a__b_c_d_e_f")
        #expect(Corrections.uniqueSheetName("说明", names: &taken) == "说明(2)")
        #expect(Corrections.uniqueSheetName("History", names: &taken) == "文件")
        #expect(Corrections.uniqueSheetName("ABC", names: &taken) == "ABC")
        #expect(Corrections.uniqueSheetName("abc", names: &taken) == "abc(2)")  // Excel ignores case
    }

    /// Issue 22 point 5: 6,000 files of one unit under one name get (2) … (6000) in order,
    /// each found at once (a name another sheet already took is still skipped).
    @Test func sixThousandSheetsOfOneNameAreNumberedInOrder() {
        var names = Corrections.UniqueNames(taken: ["说明"])
        #expect(Corrections.uniqueSheetName("附件3 宣传稿件统计表(3)", names: &names) == "附件3 宣传稿件统计表(3)")
        let all = (0..<6_000).map { _ in Corrections.uniqueSheetName("附件3 宣传稿件统计表", names: &names) }
        #expect(all[0] == "附件3 宣传稿件统计表")
        #expect(all[1] == "附件3 宣传稿件统计表(2)")
        #expect(all[2] == "附件3 宣传稿件统计表(4)")  // (3) was taken
        #expect(all.last == "附件3 宣传稿件统计表(6001)")
        #expect(Set(all.map { $0.lowercased() }).count == 6_000)
        #expect(all.allSatisfy { $0.utf16.count <= 31 })
        // The counter is per first choice: it never hands out a taken name, nor tries one twice.
        #expect(names.next["附件3 宣传稿件统计表"] == 6_002)
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

    /// Issue 22 point 14: names a Windows PC and Linux both accept — never empty or hidden,
    /// no character Windows forbids, no bidi control, no device name, no trailing dot or
    /// space, at most 200 bytes cut on a character, unique ignoring case.
    @Test func workbookFileNamesAreValidOnWindowsAndLinux() throws {
        let accented = "e" + String(repeating: "\u{0301}", count: 300)  // one character of 601 bytes
        let dotted = "." + String(repeating: "\u{0301}", count: 300)
        let cases: [(String, String?)] = [
            (accented, nil), (dotted, nil), ("...", "单位"), (" . ", "单位(2)"),
            ("a*b?c<d>e|f:g\"h", "a_b_c_d_e_f_g_h"), ("\u{202E}xslx.exe", "_xslx.exe"), ("x\u{2067}y\u{200F}z\u{061C}", "x_y_z_"),
            ("tab\there\u{85}", "tab_here_"), ("CON", "_CON"), ("con.txt", "_con.txt"), ("Nul ", "_Nul"), ("COM1", "_COM1"),
            ("lpt9.备份", "_lpt9.备份"), ("COM¹", "_COM¹"), ("COM10", "COM10"), ("CONSOLE", "CONSOLE"), ("AUX . x", "_AUX . x"),
            ("区商务局. ", "区商务局"), ("区商务局", "区商务局(2)"), ("区商务局", "区商务局(3)"), ("ABC", "ABC"), ("abc", "abc(2)"),
            ("单位", "单位(3)"), (String(repeating: "长", count: 80), nil), (String(repeating: "长", count: 80), nil),
        ]
        var roster = Roster()
        for (i, c) in cases.enumerated() { roster.units.append(RosterUnit(index: i, name: c.0, type: .responsible, alias: nil)) }
        let names = Corrections.fileNames(roster)
        for (name, c) in zip(names, cases) {
            #expect(name.hasPrefix("退回修改/") && name.hasSuffix(".xlsx"))
            let stem = String(name.dropFirst("退回修改/".count).dropLast(".xlsx".count))
            if let want = c.1 { #expect(stem == want, "\(c.0.unicodeScalars.map { String($0.value, radix: 16) })") }
            #expect(!stem.isEmpty && stem.unicodeScalars.first != "." && stem.utf8.count <= 200)
            #expect(stem.unicodeScalars.last != "." && stem.unicodeScalars.last != " ")
            #expect(!stem.unicodeScalars.contains { "/\\*?<>|:\"".unicodeScalars.contains($0) || $0.value < 0x20 || (0x202A...0x202E).contains($0.value) })
            #expect(!Corrections.windowsReserved(stem))
        }
        // The letter and what fits of its accents (one character: compared by scalars).
        func scalars(_ name: String) -> [Unicode.Scalar] { Array(name.unicodeScalars.dropFirst("退回修改/".unicodeScalars.count).prefix(3)) }
        #expect(scalars(names[0]) == ["e", "\u{0301}", "\u{0301}"])
        #expect(scalars(names[1]) == ["_", "\u{0301}", "\u{0301}"])
        #expect(Set(names.map { $0.lowercased() }).count == names.count)
        #expect(names[names.count - 1].hasSuffix("(2).xlsx") && names[names.count - 1].utf8.count <= "退回修改/".utf8.count + 200 + 5)
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

/// The marked workbook's writer on its own, fed a file through its opener (issue 22 point 2,
/// the correction side): what it writes follows the records' cells and the form's columns,
/// never the header's width.
@Suite struct MarkedWorkbookWriterTests {
    /// A header of the form's columns with one more cell at XFD (column 16,384) and 200,000
    /// records of one cell, three with findings: the sheet shows the form's columns, counts
    /// the far cell, lists the header and the three rows, and writes a few dozen cells — not
    /// 16,384 columns, not 200,000 rows.
    @Test func aHeaderReachingXFDIsNotPaddedAndALongFileIsCompact() throws {
        let report = ReportBuilder.build(try Fixtures.campaign("2024-W10"))
        var file = try #require(report.campaign.tree.files.first { $0.kind == .articles })
        file.path = "2024-W10/宣传稿件统计表/区税务局_宽表.csv"  // not among the run's digests: read as given
        var header = file.kind.columns + Array(repeating: "", count: 16_384 - file.kind.columns.count)
        header[16_383] = "x"
        var text = header.joined(separator: ",") + "\n"
        text.reserveCapacity(text.utf8.count + 200_000 * 13)
        for _ in 0..<200_000 { text += "区税务局\n" }
        let data = Data(text.utf8)
        let column = file.kind.columns[1]
        let findings = [3, 100, 150_000].map {
            Finding(code: .missingCell, unit: "区税务局", file: file.path, line: $0, column: column, message: "「\(column)」为空（必填），本行未计入")
        }
        let sheet = FileCorrections(file: file, sheetName: "附件3 宣传稿件统计表", findings: findings)
        let unit = UnitCorrections(
            unit: 0, name: "区税务局", files: [sheet], other: [], errors: 3, warnings: 0, outputName: "退回修改/区税务局.xlsx")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("t27-marked-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let stats = try MarkedWorkbook.write(
            unit, report: report, to: dir.appendingPathComponent("x.xlsx"), created: report.reportDate.chinaMidnightUnixTime, open: { _ in .success(data) })
        // Row number + the form's columns + the count of what is left out, at most.
        #expect(stats.columns <= file.kind.columns.count + MarkedWorkbook.extraColumns + 2)
        // The 说明 sheet's few dozen cells, the header row, three rows, the hint and the count line.
        #expect(stats.cells < 150, "\(stats.cells) cells")
    }
}
