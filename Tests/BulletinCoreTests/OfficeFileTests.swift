import Foundation
import Testing
@testable import BulletinCore

/// Issue 21: dates that carry a time, .xlsx dates shown without a year, identifiers Excel
/// stored as numbers or dates, and the formats units save their forms in. The files as
/// offices make them are in Tests/EndToEndTests/OfficeFilesTests.swift; these are the rules.
@Suite struct OfficeFileTests {
    func parse(_ s: String) -> String? {
        (try? DateParser.parse(s, defaultYear: 2021).get())?.description
    }

    // MARK: 1. a date cell carrying a time is that day

    @Test(arguments: [
        "2021/6/1 0:00", "2021-06-01 00:00:00", "2021-06-01T10:30", "2021年6月1日 10时", "2021年6月1日10时30分",
        "2021-06-01 10:30:00.000", "2021-06-01T10:30:00Z", "2021-06-01T10:30:00+08:00", "2021/6/1 上午 9:05",
        "2021/6/1 9:05 PM", "6月1日 10:30", "2021.6.1 23:59:59", "44348.5", "44348.999988", "２０２１－０６－０１　１０：３０",
    ])
    func aDateWithATimeIsThatDay(_ input: String) {
        #expect(parse(input) == "2021-06-01", "\(input)")
    }

    @Test(arguments: [
        "2021-06-01 25:00", "2021-06-01 10:61", "2021-06-01 中午", "2021-06-01 至 2021-06-05", "2021-06-01T", "2021-06-01 10:30:00:00",
        "2021-06-01 10时30", "44348.5.1", "4.27", "12.5", "2021.6",
    ])
    func aTimeThatIsNoTimeIsRefused(_ input: String) {
        #expect(parse(input) == nil, "\(input)")
    }

    @Test func aDayThatDoesNotExistIsStillToldApart() {
        #expect(DateParser.parse("2023-09-31 10:00", defaultYear: 2023) == .failure(.nonexistent))
    }

    @Test func thePlansDatesAndTheReceiptLogKeepTheirRules() {
        // plan.yaml's dates stay dates alone; 报送登记's 收到时间 keeps its minute.
        #expect(DateParser.parse("2021-06-01 10:30", defaultYear: 2021, allowingTime: false) == .failure(.unreadable))
        #expect(DateParser.parse("44348.5", defaultYear: 2021, allowingTime: false) == .failure(.unreadable))
        #expect(DateParser.parseReceipt("2021-06-01 10:30", defaultYear: 2021)?.description == "2021-06-01 10:30")
        #expect(DateParser.parseReceipt("2021-06-01", defaultYear: 2021) == nil)
    }

    @Test func anXlsxDateTimeSerialIsThatDay() {
        // 44348.4375 is 2021-06-01 10:30: with a date-time format, and with a date-only one.
        let dateTime = DateStyle(formatCode: "yyyy-mm-dd hh:mm")
        let text = CellText.date(44348.4375, dateTime, date1904: false)
        #expect(text == "2021-06-01 10:30")
        #expect(parse(text ?? "") == "2021-06-01")
        #expect(CellText.date(44348.4375, DateStyle(builtIn: 22), date1904: false).flatMap(parse) == "2021-06-01")
        #expect(CellText.date(44348.4375, DateStyle(builtIn: 14), date1904: false) == "2021-06-01")
    }

    // MARK: 2. an .xlsx date shown without a year

    @Test(arguments: [
        "m\"月\"d\"日\"", "m/d", "m-d", "mm/dd", "[$-804]m\"月\"d\"日\"", "[$-x-sysdate]m\"月\"d\"日\";@", "[Red]m/d;@",
        "[$-F800]m-d", "m\"月\"d\"日\" h:mm", "d-mmm", "[DBNum1][$-804]m\"月\"d\"日\"",
    ])
    func aFormatWithoutYearShowsMonthAndDay(_ code: String) {
        let style = DateStyle(formatCode: code)
        #expect(style.date && !style.year, "\(code)")
        // 2020-09-12 stored (a file reused from last year): the clerk sees 9月12日.
        let text = CellText.date(44086, style, date1904: false) ?? ""
        #expect(text.hasPrefix("9月12日"), "\(code) → \(text)")
        #expect(parse(text) == "2021-09-12")
    }

    @Test(arguments: ["yyyy/m/d;@", "yyyy\"年\"m\"月\"d\"日\"", "m/d/yy", "[$-804]yyyy\"年\"m\"月\"d\"日\"", "e\"年\"m\"月\"d\"日\""])
    func aFormatWithYearKeepsIt(_ code: String) {
        let style = DateStyle(formatCode: code)
        #expect(style.date && style.year, "\(code)")
        #expect(CellText.date(44086, style, date1904: false) == "2020-09-12")
    }

    @Test func builtInFormatsWithoutYear() {
        // zh-CN's built-in m"月"d"日" ids and d-mmm show no year; yyyy/m/d (14) and 年月日 (31) do.
        for id in [16, 28, 29, 51, 53, 54, 58] { #expect(!DateStyle(builtIn: id).year && DateStyle(builtIn: id).date, "\(id)") }
        for id in [14, 15, 17, 22, 27, 30, 31, 36, 50, 52, 57] { #expect(DateStyle(builtIn: id).year && DateStyle(builtIn: id).date, "\(id)") }
        #expect(CellText.date(44086, DateStyle(builtIn: 58), date1904: false) == "9月12日")
        // The 1904 date system: serial 42624 is 2020-09-12 too.
        #expect(CellText.date(42624, DateStyle(builtIn: 58), date1904: true) == "9月12日")
    }

    // MARK: 4. every format a unit saves

    @Test func formatsByName() {
        #expect(SubmissionFormat(fileName: "区税务局.xlsm") == .xlsx)
        #expect(SubmissionFormat(fileName: "区税务局.XLSM") == .xlsx)
        #expect(SubmissionFormat(fileName: "区税务局.xls") == .legacyWorkbook)
        #expect(SubmissionFormat(fileName: "区税务局.et") == .legacyWorkbook)
        for ext in ["ods", "fods", "numbers", "xlsb", "wps", "pdf", "jpg", "jpeg", "png", "PNG", "heic", "gif", "bmp", "tif", "webp"] {
            guard case .unsupported(let name) = SubmissionFormat(fileName: "区税务局.\(ext)") else {
                Issue.record("\(ext) is not an unsupported submission format")
                continue
            }
            #expect(name.hasSuffix("（.\(ext.lowercased())）"), "\(name)")
        }
        // Anything else in a form folder is no submission (a stray note, a zip).
        for name in ["说明.txt", "区税务局.zip", "区税务局.docx", "区税务局"] { #expect(SubmissionFormat(fileName: name) == nil, "\(name)") }
    }

    @Test func anUnsupportedFileIsTheUnitsOneError() {
        var findings: [Finding] = []
        let header = TableReader.read(
            SubmissionSource.unsupported("OpenDocument 电子表格（.ods）"), kind: .articles, file: "2024-W10/宣传稿件统计表/区司法局.ods",
            unit: "区司法局", findings: &findings
        ) { _ in Issue.record("no row is read") }
        #expect(header == nil)
        #expect(findings.map { "\($0.unit):\($0.file):\($0.code.rawValue):\($0.severity)" } == [
            "区司法局:2024-W10/宣传稿件统计表/区司法局.ods:unsupported-format:error"
        ])
        #expect(findings.first?.message.contains("另存为") == true)
        var picture: [Finding] = []
        TableReader.read(SubmissionSource.unsupported("图片（.png）"), kind: .articles, file: "a/b/区司法局.png", unit: "区司法局", findings: &picture) { _ in }
        #expect(picture.first?.message.contains("截图") == true)
    }

    // MARK: 3. an identifier Excel stored as a number or a date

    @Test func anIdentifierStoredAsANumberOrDateIsAWarning() {
        // The records as the .xlsx reader hands them: column 0 stored as a number / a date.
        let header = CSVRecord(line: 1, fields: ProblemForm.kind.columns)
        var one = CSVRecord(line: 2, fields: ["1", "走访发现", "排队时间长", "", "", "区税务局", "2021-09-08", "整改中", ""])
        one.numbers = [StoredNumber(column: 0, date: false), StoredNumber(column: 6, date: true)]
        var date = CSVRecord(line: 3, fields: ["9月1日", "走访发现", "排队时间长", "", "", "区税务局", "2021-09-08", "整改中", ""])
        date.numbers = [StoredNumber(column: 0, date: true)]
        // A text cell and a CSV cell holding digits say nothing.
        let text = CSVRecord(line: 4, fields: ["001", "走访发现", "排队时间长", "", "", "区税务局", "2021-09-08", "整改中", ""])
        struct Records: RecordSource {
            var records: [CSVRecord]
            func forEachRecord(problem: (RecordProblem) -> Void, _ body: (CSVRecord) -> Void) { records.forEach(body) }
        }
        var findings: [Finding] = []
        var rows = 0
        TableReader.read(Records(records: [header, one, date, text]), kind: .problems, file: "f.xlsx", unit: "区税务局", findings: &findings) { _ in
            rows += 1
        }
        #expect(rows == 3)
        #expect(findings.map { "\($0.line):\($0.column):\($0.code.rawValue):\($0.severity):\($0.value)" } == [
            "2:问题编号:excel-converted-id:warning:1", "3:问题编号:excel-converted-id:warning:9月1日",
        ])
        #expect(findings[0].message.contains("数字") && findings[0].message.contains("文本"))
        #expect(findings[1].message.contains("日期") && findings[1].message.contains("文本"))
        // Other forms have no identifier column.
        var none: [Finding] = []
        TableReader.read(Records(records: [CSVRecord(line: 1, fields: ArticleForm.kind.columns), one]), kind: .articles, file: "f.xlsx", unit: "x", findings: &none) { _ in }
        #expect(!none.contains { $0.code == .excelConvertedID })
    }
}
