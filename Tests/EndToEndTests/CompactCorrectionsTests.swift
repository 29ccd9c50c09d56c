import Foundation
import TestTools
import Testing

/// 退回修改 for files as big as units send them (issue 21 points 11 and 13, issue 22 points 2
/// and 5): a long file comes back as its header and the rows with findings, a wide one with
/// its form's columns and a few more, and neither (nor 6,000 files of one unit) stalls the
/// run. Each stall case runs the binary under a time limit: a run still going when the limit
/// is up is killed and the test fails.
@Suite(.serialized) struct CompactCorrectionsTests {
    typealias E = EndToEndTests
    static let week = "2025-W10"
    static let articles = "\(week)/宣传稿件统计表"
    static let header = "单位名称,稿件标题,发布媒体,媒体级别,发布日期,链接,是否头版头条"

    /// The 河西 2025 tree, copied to a fresh folder for one test to change.
    static func tree() throws -> URL {
        let input = try E.tempDir().appendingPathComponent("input")
        try FileManager.default.copyItem(at: CorrectionsTests.hexi, to: input)
        return input
    }

    /// A good article row of 区人社局 (`n` makes its title and link its own).
    static func article(_ n: Int, date: String = "2025-03-05") -> String {
        "区人社局,人社局稿件\(n),河西发布,区级,\(date),https://mp.weixin.qq.com/s/t27-\(n),否"
    }

    /// Runs the binary, killing it after `seconds`: nil when it had to be killed.
    static func run(_ arguments: [String], limit seconds: Double) throws -> E.Result? {
        let child = try ChildProcess.run(E.binary, arguments, timeLimit: seconds)
        guard !child.timedOut else { return nil }
        return E.Result(status: child.status, stdout: child.stdoutText, stderr: child.stderrText)
    }

    /// `run` on the tree within the limit; the week's folder.
    static func runWeek(_ input: URL, limit: Double) throws -> URL? {
        let out = try E.tempDir()
        guard let r = try run(["run", "--input", input.path, "--output", out.path, "--week", week, "--template", E.template], limit: limit) else {
            Issue.record("run still going after \(Int(limit)) s: killed")
            return nil
        }
        #expect(r.status == 0, "\(r.stderr)")
        return out.appendingPathComponent(week)
    }

    static func findings(_ input: URL) throws -> [CorrectionsTests.Finding] {
        let check = try E.run(["check", "--input", input.path, "--week", week, "--format", "json"])
        return try JSONDecoder().decode([CorrectionsTests.Finding].self, from: Data(check.stdout.utf8))
    }

    static func sheet(_ folder: URL, unit: String, file: String) throws -> XlsxXML.Sheet? {
        let book = try XlsxXML(path: folder.appendingPathComponent("退回修改/\(unit).xlsx").path)
        return book.sheets.first { $0.cell(1, 1)?.value == "原文件：\(file)" }
    }

    /// The spreadsheet rows column A lists (the records shown), in sheet order.
    static func listedRows(_ sheet: XlsxXML.Sheet) -> [Int] {
        sheet.rows.compactMap { r in sheet.cell(r, 0).flatMap { $0.isNumber ? Int($0.value) : nil } }
    }

    /// N of `……另有 N 列未列出（超出模板的列）` (the header) or `……本行另有 N 个单元格未列出` (a record).
    static func leftOut(_ text: String?, header: Bool) -> Int? {
        guard let text else { return nil }
        let (head, tail) = header ? ("……另有 ", " 列未列出（超出模板的列）") : ("……本行另有 ", " 个单元格未列出")
        guard text.hasPrefix(head), text.hasSuffix(tail) else { return nil }
        return Int(text.dropFirst(head.count).dropLast(tail.count))
    }

    /// Issue 21 point 13: 300 articles with 3 bad dates come back as the header and the 3
    /// rows (their own row numbers in column A) and a line counting the 297 rows without a
    /// problem; the marks are where they were. A file of 200 rows comes back whole.
    @Test func aLongFileComesBackAsItsHeaderAndTheRowsWithFindings() throws {
        let input = try Self.tree()
        let bad: Set<Int> = [50, 150, 250]  // spreadsheet rows (row 1 is the header)
        var lines = [Self.header]
        for row in 2...301 { lines.append(Self.article(row, date: bad.contains(row) ? "2025-13-01" : "2025-03-05")) }
        try (lines.joined(separator: "\n") + "\n").write(to: input.appendingPathComponent("\(Self.articles)/区人社局.csv"), atomically: true, encoding: .utf8)
        // 区商务局: 199 rows and a header, one bad: exactly 200 rows, so whole.
        var short = [Self.header]
        for row in 2...200 {
            short.append(Self.article(1000 + row, date: row == 100 ? "2025-13-01" : "2025-03-05").replacingOccurrences(of: "区人社局", with: "区商务局"))
        }
        try (short.joined(separator: "\n") + "\n").write(to: input.appendingPathComponent("\(Self.articles)/区商务局.csv"), atomically: true, encoding: .utf8)

        let all = try Self.findings(input)
        let mine = all.filter { $0.file == "\(Self.articles)/区人社局.csv" }
        #expect(Set(mine.map(\.row)) == bad, "\(mine.map { "\($0.row) \($0.code)" })")
        guard let folder = try Self.runWeek(input, limit: 300),
            let sheet = try Self.sheet(folder, unit: "区人力资源和社会保障局", file: "\(Self.articles)/区人社局.csv")
        else { Issue.record("no sheet for 区人社局.csv"); return }
        #expect(Self.listedRows(sheet) == [1, 50, 150, 250])
        // Title and header row as written, then the rows with findings, each marked on its date.
        #expect(sheet.values(row: sheet.rows.first { sheet.cell($0, 0)?.value == "1" } ?? 0)[5]?.value == "发布日期")
        for f in mine {
            guard let r = sheet.rows.first(where: { sheet.cell($0, 0)?.value == "\(f.row)" }) else { continue }
            #expect(sheet.cell(r, 2)?.value == "人社局稿件\(f.row)")
            #expect(sheet.cell(r, 5)?.fill == CorrectionsTests.errorFill)
            #expect(sheet.comments[XlsxXML.ref(row: r, col: 5)]?.contains(f.message) == true)
        }
        let texts = sheet.cells.values.map(\.value)
        #expect(texts.contains { $0.hasPrefix("另有 297 行没有发现问题") }, "\(texts.sorted())")
        #expect(texts.contains { $0.hasPrefix("本文件超过 200 行") })
        // Nothing else: row 1 (行号, 原文件), the hint, header, 3 rows, the count line.
        #expect(sheet.rows.count == 7)

        guard let whole = try Self.sheet(folder, unit: "区商务局", file: "\(Self.articles)/区商务局.csv") else {
            Issue.record("no sheet for 区商务局.csv"); return
        }
        #expect(Self.listedRows(whole) == Array(1...200))
        #expect(!whole.cells.values.contains { $0.value.hasPrefix("另有") || $0.value.hasPrefix("本文件超过") })
    }

    /// Issue 21 point 11: an article list 20,001 columns wide whose only finding is the
    /// column 20,000 header (`联系人`, not a column of the form): the run finishes under the
    /// limit, the sheet shows the form's columns and 联系人 marked, and says how many more.
    @Test func aCSVWithItsOnlyFindingInColumn20000FinishesInSeconds() throws {
        let input = try Self.tree()
        let width = 20_001
        func row(_ cells: [String], at: [Int: String] = [:]) -> String {
            var fields = cells + Array(repeating: "", count: width - cells.count)
            for (c, v) in at { fields[c] = v }
            return fields.joined(separator: ",")
        }
        let text = [
            row(Self.header.components(separatedBy: ","), at: [19_999: "联系人"]),
            row(Self.article(1).components(separatedBy: ",")),
            row(Self.article(2).components(separatedBy: ",")),
        ].joined(separator: "\n") + "\n"
        try text.write(to: input.appendingPathComponent("\(Self.articles)/区人社局.csv"), atomically: true, encoding: .utf8)
        let mine = try Self.findings(input).filter { $0.file == "\(Self.articles)/区人社局.csv" }
        // The one finding of the form's reading (the reader may add its own about the far columns).
        #expect(mine.filter { $0.code == "unknown-column" }.map(\.column) == ["联系人"])
        #expect(!mine.contains { ["missing-cell", "bad-date", "bad-link"].contains($0.code) })
        guard let folder = try Self.runWeek(input, limit: 120),
            let sheet = try Self.sheet(folder, unit: "区人力资源和社会保障局", file: "\(Self.articles)/区人社局.csv")
        else { Issue.record("no sheet for 区人社局.csv"); return }
        #expect(Self.listedRows(sheet) == [1, 2, 3])
        guard let h = sheet.rows.first(where: { sheet.cell($0, 0)?.value == "1" }) else { return }
        let header = sheet.values(row: h)
        #expect((1...8).map { header[$0]?.value ?? "" } == Self.header.components(separatedBy: ",") + ["联系人"])
        #expect(header[8]?.fill == CorrectionsTests.warningFill || header[8]?.fill == CorrectionsTests.errorFill)
        #expect(sheet.comments[XlsxXML.ref(row: h, col: 8)]?.contains(mine.first { $0.code == "unknown-column" }?.message ?? "?") == true)
        #expect(header[9] == nil)  // no other named column: nothing left out to count
        #expect(sheet.cells.keys.allSatisfy { XlsxXML.split($0).col < 12 })
    }

    /// Issue 21 point 11, the case that stalled: a CSV of 20,001 named columns, each one not
    /// of the form (1,000 `unknown-column` findings, the per-file cap). Before, each finding's
    /// comment was placed across thousands of sized columns and the run went on for minutes;
    /// now the sheet has the form's columns and 5 more, the other findings on column A.
    @Test func aCSVOf20001NamedColumnsFinishesInSeconds() throws {
        let input = try Self.tree()
        let names = Self.header.components(separatedBy: ",") + (8...20_001).map { "列\($0)" }
        let rows = [names.joined(separator: ",")] + (1...2).map { n in
            (Self.article(n).components(separatedBy: ",") + Array(repeating: "x", count: 20_001 - 7)).joined(separator: ",")
        }
        try (rows.joined(separator: "\n") + "\n").write(
            to: input.appendingPathComponent("\(Self.articles)/区人社局.csv"), atomically: true, encoding: .utf8)
        guard let folder = try Self.runWeek(input, limit: 120),
            let sheet = try Self.sheet(folder, unit: "区人力资源和社会保障局", file: "\(Self.articles)/区人社局.csv")
        else { Issue.record("no sheet for 区人社局.csv"); return }
        #expect(Self.listedRows(sheet) == [1, 2, 3])
        #expect(sheet.cells.keys.allSatisfy { XlsxXML.split($0).col <= 13 })
        guard let h = sheet.rows.first(where: { sheet.cell($0, 0)?.value == "1" }) else { return }
        #expect((1...12).map { sheet.cell(h, $0)?.value ?? "" } == Array(names.prefix(12)))
        #expect(Self.leftOut(sheet.cell(h, 13)?.value, header: true) ?? 0 > 1_000)
        // The 5 shown unknown columns are marked on their cells; the others on the row number.
        #expect((8...12).allSatisfy { sheet.comments[XlsxXML.ref(row: h, col: $0)]?.contains("「列\($0)」") == true })
        let onRow = sheet.comments[XlsxXML.ref(row: h, col: 0)] ?? ""
        #expect(onRow.contains("「列20001」") || onRow.contains("「列13」") || onRow.contains("「列100」"))
        #expect((8...12).allSatisfy { !onRow.contains("「列\($0)」") })
    }

    /// Issue 21 point 11 at Excel's width: a .xlsx of 16,384 named columns and full rows.
    /// The sheet shows the 7 form columns and 5 more, and says how many were left out.
    @Test func aWorkbookAsWideAsExcelAllowsFinishesInSeconds() throws {
        let input = try Self.tree()
        let path = input.appendingPathComponent("\(Self.articles)/区人社局.xlsx")
        try FileManager.default.removeItem(at: input.appendingPathComponent("\(Self.articles)/区人社局.csv"))
        let made = try PythonScript.run(Self.makeXlsx, [path.path, "wide"])
        #expect(made.status == 0, "\(made.stderr)")
        guard let folder = try Self.runWeek(input, limit: 180),
            let sheet = try Self.sheet(folder, unit: "区人力资源和社会保障局", file: "\(Self.articles)/区人社局.xlsx")
        else { Issue.record("no sheet for 区人社局.xlsx"); return }
        #expect(Self.listedRows(sheet) == [1, 2, 3])
        #expect(sheet.cells.keys.allSatisfy { XlsxXML.split($0).col <= 13 })
        guard let h = sheet.rows.first(where: { sheet.cell($0, 0)?.value == "1" }) else { return }
        #expect((1...12).map { sheet.cell(h, $0)?.value ?? "" } == Self.header.components(separatedBy: ",") + (8...12).map { "列\($0)" })
        // How many more: as many as the reader hands on (every one of 16,372, or what it keeps).
        #expect(Self.leftOut(sheet.cell(h, 13)?.value, header: true) ?? 0 > 100)
        #expect(Self.leftOut(sheet.cell(h + 1, 13)?.value, header: false) ?? 0 > 100)
    }

    /// Issue 22 point 2, the correction side: a header, one cell at XFD1 and 200,000 rows of
    /// one cell. The file is long (compact: header and the rows with findings) and its one
    /// far cell is counted, not padded into 16,384 columns; the run finishes under the limit.
    @Test func aSheetWithOneCellAtXFD1IsNotPaddedWhenWrittenBack() throws {
        let input = try Self.tree()
        let path = input.appendingPathComponent("\(Self.articles)/区人社局.xlsx")
        try FileManager.default.removeItem(at: input.appendingPathComponent("\(Self.articles)/区人社局.csv"))
        let made = try PythonScript.run(Self.makeXlsx, [path.path, "xfd1"])
        #expect(made.status == 0, "\(made.stderr)")
        guard let folder = try Self.runWeek(input, limit: 300),
            let sheet = try Self.sheet(folder, unit: "区人力资源和社会保障局", file: "\(Self.articles)/区人社局.xlsx")
        else { Issue.record("no sheet for 区人社局.xlsx"); return }
        let listed = Self.listedRows(sheet)
        #expect(listed.first == 1 && listed.count < 1_100, "\(listed.count) rows listed")
        #expect(sheet.cells.keys.allSatisfy { XlsxXML.split($0).col <= 8 })
        guard let h = sheet.rows.first(where: { sheet.cell($0, 0)?.value == "1" }) else { return }
        // The far cell is the one thing beyond the form: counted after it, or shown next to it when
        // the reader hands it on as the row's next cell — either way one cell, not 16,384 columns.
        #expect(["……另有 1 列未列出（超出模板的列）", "x"].contains(sheet.cell(h, 8)?.value ?? ""))
        #expect(sheet.cells.values.contains { $0.value.hasPrefix("另有 ") && $0.value.contains("本文件共 200001 行") })
    }

    /// Issue 22 point 5: 6,000 one-row files of one unit, every sheet name the same once cut
    /// to Excel's 31 characters. One workbook of 6,001 sheets, numbered in file order.
    @Test func sixThousandFilesOfOneUnitFinishInSeconds() throws {
        let input = try Self.tree()
        let folder = input.appendingPathComponent(Self.articles)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("区人社局.csv"))
        for n in 1...6_000 {
            let date = n == 6_000 ? "2025-13-01" : "2025-03-05"
            let name = String(format: "区人社局_二〇二五年三月第二周补充报送的宣传稿件%04d.csv", n)
            try "\(Self.header)\n\(Self.article(n, date: date))\n".write(to: folder.appendingPathComponent(name), atomically: false, encoding: .utf8)
        }
        guard let week = try Self.runWeek(input, limit: 300) else { return }
        // The sheet names from xl/workbook.xml alone (parsing 6,001 sheets is the slow part here).
        let xml = try E.zipMember(week.appendingPathComponent("退回修改/区人力资源和社会保障局.xlsx").path, "xl/workbook.xml")
        let text = String(decoding: xml, as: UTF8.self)
        let all = try NSRegularExpression(pattern: #"<sheet name="([^"]*)""#).matches(in: text, range: NSRange(text.startIndex..., in: text))
            .compactMap { Range($0.range(at: 1), in: text).map { String(text[$0]) } }
        #expect(all.count == 6_001 && all.first == "说明")
        let names = Array(all.dropFirst())
        #expect(Set(names.map { $0.lowercased() }).count == 6_000)
        #expect(names.allSatisfy { $0.utf16.count <= 31 })
        #expect(names[1].hasSuffix("(2)") && names[5_999].hasSuffix("(6000)"))
    }

    /// Writes the test workbooks: `wide` (a header of 16,384 names, the form's first, and two
    /// full rows) or `xfd1` (the form's header, a cell at XFD1, 200,000 rows of one cell).
    static let makeXlsx = #"""
import sys, zipfile
from xml.sax.saxutils import escape
path, kind = sys.argv[1], sys.argv[2]
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
def col(n):
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s
def cell(r, c, v):
    return '<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (col(c), r, escape(v))
header = "单位名称,稿件标题,发布媒体,媒体级别,发布日期,链接,是否头版头条".split(",")
def article(n):
    return ["区人社局", "人社局稿件%d" % n, "河西发布", "区级", "2025-03-05", "https://mp.weixin.qq.com/s/t27-%d" % n, "否"]
rows = []
if kind == "wide":
    names = header + ["列%d" % (c + 1) for c in range(7, 16384)]
    rows.append('<row r="1">' + "".join(cell(1, c, v) for c, v in enumerate(names)) + "</row>")
    for r in (2, 3):
        values = article(r) + ["x"] * (16384 - 7)
        rows.append('<row r="%d">' % r + "".join(cell(r, c, v) for c, v in enumerate(values)) + "</row>")
else:
    rows.append('<row r="1">' + "".join(cell(1, c, v) for c, v in enumerate(header)) + cell(1, 16383, "x") + "</row>")
    for r in range(2, 200002):
        rows.append('<row r="%d">%s</row>' % (r, cell(r, 0, "区人社局")))
sheet = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet %s><sheetData>%s</sheetData></worksheet>' % (NS, "".join(rows))
with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>' % REL)
    z.writestr("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook %s><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>' % NS)
    z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="%s/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rIdS" Type="%s/styles" Target="styles.xml"/></Relationships>' % (REL, REL))
    z.writestr("xl/styles.xml", '<?xml version="1.0"?><styleSheet %s><cellXfs count="1"><xf numFmtId="0"/></cellXfs></styleSheet>' % NS)
    z.writestr("xl/worksheets/sheet1.xml", sheet)
"""#
}
