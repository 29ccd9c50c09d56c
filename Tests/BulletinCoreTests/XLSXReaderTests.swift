import Foundation
import Testing
@testable import BulletinCore

/// Units' .xlsx files, one fixture per cell type and one per broken or hostile case, made by
/// scripts/make_xlsx_fixtures.py into Tests/Fixtures/xlsx.
@Suite struct XLSXReaderTests {
    static let folder = Fixtures.root.appendingPathComponent("xlsx")

    struct Read {
        var records: [CSVRecord] = []
        var problems: [RecordProblem] = []
        var rows: [[String]] { records.map(\.fields) }
        var lines: [Int] { records.map(\.line) }
    }

    func read(_ name: String, preferring: [String] = []) throws -> Read {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent(name))
        var r = Read()
        XLSXSource(data: data, preferring: preferring).forEachRecord(problem: { r.problems.append($0) }) { r.records.append($0) }
        return r
    }

    func problem(_ name: String) throws -> WorkbookProblem? {
        let r = try read(name)
        guard r.problems.count == 1, case .workbook(let p) = r.problems[0] else { return nil }
        return p
    }

    // MARK: cell types

    @Test func sharedStringsTitleRowsEmptyAndHiddenRows() throws {
        let r = try read("shared-strings.xlsx")
        #expect(r.problems.isEmpty)
        // Row 5 is empty (skipped, as a blank CSV line); row 6 is hidden (read).
        #expect(r.lines == [1, 2, 3, 4, 6, 7])
        #expect(r.records.map(\.row) == r.lines)
        #expect(r.rows[0].first == "附件3")
        #expect(r.rows[3][1] == "第一行\n第二行")
        #expect(r.rows[4][1] == "隐藏行的稿件")

        // Through the table reader: the merged title rows are skipped like a CSV's, the header
        // is row 3, and a short last row is no ragged row (a workbook row holds the cells present).
        var findings: [Finding] = []
        var rows: [SubmissionRow] = []
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("shared-strings.xlsx"))
        let header = TableReader.read(XLSXSource(data: data), kind: .articles, file: "f.xlsx", unit: "区税务局", findings: &findings) {
            rows.append($0)
        }
        #expect(header?.line == 3)
        #expect(findings.isEmpty, "\(findings.map(\.code))")
        #expect(rows.map(\.line) == [4, 6, 7])
        let note = SubmissionKind.articles.columns.firstIndex(of: "备注") ?? 0
        #expect(rows[1][note] == "有空格")
    }

    @Test func numbersAreTheirDigitsAndLongOnesExcelsScientificForm() throws {
        let r = try read("numbers.xlsx")
        #expect(r.problems.isEmpty)
        #expect(r.rows[1] == ["1", "2", "13912345678", "9.13703E+17", "-3", "0.3"])
        #expect(r.rows[2] == ["2", "1.5", "5332123456", "9.13703E+17", "1E+15", "123456789012345"])
        // A credit code stored as a number is the CSV's `excel-damaged-code`.
        #expect(CreditCode.check(r.rows[1][3]) == .excelDamaged)
    }

    @Test func dateFormattedSerialsAreDates() throws {
        let r = try read("dates.xlsx")
        #expect(r.problems.isEmpty)
        #expect(r.rows[1] == ["2024-03-07", "2024-03-08", "2024-02-29", "2024-03-07 14:05", "09:30", "45358", "1900-01-01"])
        // The General-format serial is left to the date rule, which reads it as Excel does.
        #expect(DateParser.parse(r.rows[1][5], defaultYear: 2024) == .success(Day(year: 2024, month: 3, day: 7) ?? Day(ordinal: 0)))
    }

    @Test func the1904DateSystem() throws {
        #expect(try read("dates-1904.xlsx").rows[1] == ["2024-03-07"])
    }

    @Test func builtInAndCustomNumberFormats() throws {
        let r = try read("number-formats.xlsx")
        #expect(r.problems.isEmpty)
        // Style 0 is General: the serial stays a number.
        #expect(r.rows == [["45358", "2024-03-07", "2024-03-07 12:00", "2024-03-07", "2024-03-07", "18:00", "2024-03-07", "1.5", "7"]])
    }

    @Test func customFormatCodes() {
        #expect(DateStyle(formatCode: "yyyy/m/d;@").date)
        #expect(DateStyle(formatCode: "[$-F800]dddd, mmmm dd, yyyy").date)
        #expect(DateStyle(formatCode: "yyyy\"年\"m\"月\"d\"日\"").date)
        #expect(DateStyle(formatCode: "h:mm AM/PM") == DateStyle(builtIn: 18))
        #expect(DateStyle(formatCode: "[h]:mm:ss").seconds)
        for plain in ["General", "0.00", "#,##0", "[Red]0.00;\\-0.00", "\"第\"0\"号\"", "0.00E+00", "@"] {
            #expect(!DateStyle(formatCode: plain).isDate, "\(plain)")
        }
    }

    @Test func booleans() throws {
        #expect(try read("booleans.xlsx").rows[1] == ["TRUE", "FALSE"])
    }

    @Test func inlineAndRichStringsEntitiesAndEscapes() throws {
        let r = try read("strings.xlsx")
        #expect(r.problems.isEmpty)
        #expect(r.rows == [["内联", "分 段", "A&B <C> 中文", "回车\r\n换行", "共享", "富文本"]])
    }

    @Test func formulasByTheirCachedValue() throws {
        let r = try read("formulas.xlsx")
        #expect(r.problems.isEmpty)
        #expect(r.rows == [["2", "区税务局", "TRUE", "#DIV/0!"]])
    }

    @Test func rowsAndCellsWithoutReferencesAndPrefixedElements() throws {
        let r = try read("no-references.xlsx")
        #expect(r.lines == [1, 4, 5])
        // A row holds its cells up to the last one present, not padded to the widest row.
        #expect(r.rows == [["甲", "乙"], ["", "", "3", "4"], ["5"]])
        let p = try read("prefixed.xlsx")
        #expect(p.lines == [2])
        #expect(p.rows == [["", "前缀"]])
    }

    @Test func theFirstVisibleSheetOrTheOneNamedForTheForm() throws {
        #expect(try read("sheets.xlsx").rows == [["说明"]])
        #expect(try read("sheets.xlsx", preferring: ["宣传稿件统计表", "附件3"]).rows == [["表单"]])
        #expect(try read("sheets.xlsx", preferring: ["走访台账", "附件2"]).rows == [["说明"]])
    }

    @Test func numberText() {
        #expect(CellText.number(2.0) == "2")
        #expect(CellText.number(-0.0) == "0")
        #expect(CellText.number(9.14403001922038e17) == "9.14403E+17")
        #expect(CellText.number(1e20) == "1E+20")
        #expect(CellText.number(0.1 + 0.2) == "0.3")
        #expect(CellText.date(60, DateStyle(builtIn: 14), date1904: false) == "1900-02-29")
        #expect(CellText.date(61, DateStyle(builtIn: 14), date1904: false) == "1900-03-01")
        #expect(CellText.date(45358.999999, DateStyle(builtIn: 22), date1904: false) == "2024-03-08 00:00")
    }

    // MARK: broken and hostile workbooks: one problem, never a crash or a hang

    @Test func oldFormatsAndPasswords() throws {
        #expect(try problem("old.xls") == .oldFormat)
        #expect(try problem("old.et") == .oldFormat)
        #expect(try problem("renamed-xls.xlsx") == .oldFormat)
        #expect(try problem("encrypted.xlsx") == .encrypted)
        #expect(try problem("encrypted-entries.xlsx") == .encrypted)
        var problems: [RecordProblem] = []
        SubmissionSource.legacyWorkbook.forEachRecord(problem: { problems.append($0) }) { _ in }
        #expect(problems == [.workbook(.oldFormat)])
    }

    @Test(.timeLimit(.minutes(1)))
    func damagedWorkbooks() throws {
        for name in [
            "not-a-workbook.xlsx", "truncated.xlsx", "lying-size.xlsx", "unended-deflate.xlsx", "bad-crc.xlsx", "bad-offset.xlsx",
            "missing-sheet.xlsx", "no-visible-sheet.xlsx", "no-workbook.xlsx", "cut-xml.xlsx", "doctype.xlsx", "bad-shared-index.xlsx",
        ] {
            let p = try problem(name)
            if case .damaged = p {} else { Issue.record("\(name): \(String(describing: p))") }
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aZipBombIsRefusedWhileStreaming() throws {
        #expect(try problem("bomb.xlsx") == .tooLarge("xl/worksheets/sheet1.xml"))
        // Through the table reader: one finding, and no header (what was streamed is dropped).
        var findings: [Finding] = []
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("bomb.xlsx"))
        let header = TableReader.read(XLSXSource(data: data), kind: .articles, file: "w/f.xlsx", unit: "区税务局", findings: &findings) { _ in }
        #expect(header == nil)
        #expect(findings.map(\.code) == [.workbookTooLarge])
        #expect(findings.first?.line == 0)
    }

    @Test func theBoundsAreCheckedAsThePartStreams() throws {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("shared-strings.xlsx"))
        let zip = try ZipParts(data)
        let sheet = try #require(zip.entry("xl/worksheets/sheet1.xml"))
        var seen = 0
        #expect(throws: WorkbookProblem.tooLarge("xl/worksheets/sheet1.xml")) {
            try zip.stream(sheet, limit: ZipParts.Limit(bytes: sheet.uncompressedSize - 1)) { (c: Data) throws(WorkbookProblem) in seen += c.count }
        }
        var whole = 0
        try zip.stream(sheet, limit: ZipParts.Limit(bytes: sheet.uncompressedSize)) { (c: Data) throws(WorkbookProblem) in whole += c.count }
        #expect(whole == sheet.uncompressedSize)
    }
}
