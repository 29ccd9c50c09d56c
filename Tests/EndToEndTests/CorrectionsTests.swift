import Foundation
import TestTools
import Testing

/// 退回修改/<单位名称>.xlsx and 催报名单.txt, checked against what `check --format json` and
/// summary.json say, on trees no other test reads (河西 2025) as well as the others.
@Suite(.serialized) struct CorrectionsTests {
    typealias E = EndToEndTests
    static let hexi = E.repo.appendingPathComponent("Tests/Fixtures/hexi-2025")
    static let demo = E.repo.appendingPathComponent("input")
    /// The 临江 campaign sent as Excel workbooks (scripts/make_xlsx_fixtures.py): the same
    /// figures as linjiang-2024, every form read from .xlsx.
    static let spreadsheets = E.repo.appendingPathComponent("Tests/Fixtures/linjiang-2024-xlsx")

    static let errorFill = "FFC7CE", warningFill = "FFEB9C"
    static let shortfalls: Set<String> = [
        "articles-short", "missing-submission", "late-submission", "problem-overdue", "samples-short", "visits-short",
    ]
    /// Findings about a file as a whole: a note row above the header.
    static let fileLevel: Set<String> = [
        "bad-encoding", "missing-header", "missing-column", "unknown-unit-file", "not-csv", "stray-file", "bad-file-name",
        "unreadable-file", "findings-truncated", "outside-input", "bad-week-folder", "unterminated-quote", "misnamed-file",
    ]

    struct Finding: Decodable, Hashable {
        var code: String
        var severity: String
        var unit: String
        var file: String
        var line: Int
        var row: Int
        var column: String
        var value: String
        var message: String
        var fill: String { severity == "error" ? CorrectionsTests.errorFill : CorrectionsTests.warningFill }
    }

    static func json(_ url: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
    }

    /// A header cell as the tool names columns: NFKC, padding and a trailing bracketed note dropped, no spaces.
    static func columnName(_ raw: String) -> String {
        var s = raw.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespacesAndNewlines.union(.init(charactersIn: "\u{3000}")))
        if s.hasSuffix(")"), let open = s.lastIndex(of: "("), open != s.startIndex { s = String(s[..<open]) }
        return s.replacingOccurrences(of: " ", with: "").trimmingCharacters(in: .whitespaces)
    }

    /// A well-formed CSV's non-blank records, decoded as the tool decodes (UTF-8, BOM, else GB18030).
    static func csvRecords(_ url: URL) throws -> [[String]] {
        var data = try Data(contentsOf: url)
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { data = data.dropFirst(3) }
        let text = String(data: data, encoding: .utf8)
            ?? String(data: data, encoding: String.Encoding(rawValue: 0x8000_0632)) ?? ""
        var records: [[String]] = [], fields: [String] = [], field = ""
        var quoted = false, afterQuote = false
        let scalars = Array(text.unicodeScalars)
        var i = 0
        func endRecord() {
            fields.append(field)
            if fields.contains(where: { !$0.trimmingCharacters(in: .whitespaces.union(.init(charactersIn: "\u{3000}"))).isEmpty }) {
                records.append(fields)
            }
            fields = []
            field = ""
        }
        while i < scalars.count {
            let c = scalars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < scalars.count && scalars[i + 1] == "\"" { field.unicodeScalars.append("\""); i += 1 } else { quoted = false; afterQuote = true }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" && field.isEmpty && !afterQuote {
                quoted = true
            } else if c == "," {
                fields.append(field)
                field = ""
                afterQuote = false
            } else if c == "\r" || c == "\n" {
                if c == "\r" && i + 1 < scalars.count && scalars[i + 1] == "\n" { i += 1 }
                endRecord()
                afterQuote = false
            } else {
                field.unicodeScalars.append(c)
            }
            i += 1
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }

    /// Runs the week and checks every finding of `check --format json` on a submission file
    /// against its unit's workbook. Returns the week's output folder.
    @discardableResult
    func checkMarked(input: URL, week: String) throws -> URL {
        let out = try E.tempDir()
        let run = try E.run(["run", "--input", input.path, "--output", out.path, "--week", week, "--template", E.template])
        #expect(run.status == 0, "\(run.stderr)")
        let folder = out.appendingPathComponent(week)
        let check = try E.run(["check", "--input", input.path, "--week", week, "--format", "json"])
        let all = try JSONDecoder().decode([Finding].self, from: Data(check.stdout.utf8))
        let summary = try Self.json(folder.appendingPathComponent("summary.json"))
        let roster = (summary["articles"] as? [[String: Any]] ?? []).compactMap { $0["unit"] as? String }
        let submission = try NSRegularExpression(pattern: #"^\d{4}-W\d{2}/[^/]+/[^/]+$"#)
        let onFiles = all.filter { f in
            !Self.shortfalls.contains(f.code) && roster.contains(f.unit)
                && submission.firstMatch(in: f.file, range: NSRange(f.file.startIndex..., in: f.file)) != nil
        }
        let byUnit = Dictionary(grouping: onFiles, by: \.unit)

        // summary.json's corrections: exactly the units with findings, roster order, their counts.
        let corrections = summary["corrections"] as? [[String: Any]] ?? []
        let withFindings = roster.filter { byUnit[$0] != nil }
        #expect(corrections.compactMap { $0["unit"] as? String } == withFindings, "\(week)")
        for c in corrections {
            let unit = c["unit"] as? String ?? ""
            let mine = all.filter { $0.unit == unit && !Self.shortfalls.contains($0.code) }
            #expect(c["errors"] as? Int == mine.filter { $0.severity == "error" }.count)
            #expect(c["warnings"] as? Int == mine.filter { $0.severity == "warning" }.count)
            #expect(c["file"] as? String == "退回修改/\(unit).xlsx")
        }
        // A unit with no finding gets no workbook.
        let books = Set((try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("退回修改").path)) ?? [])
        #expect(books == Set(withFindings.map { "\($0).xlsx" }), "\(week)")
        let manifest = try Self.json(folder.appendingPathComponent("manifest.json"))
        let outputs = manifest["outputs"] as? [String: String] ?? [:]
        for b in books { #expect(outputs["退回修改/\(b)"] != nil) }
        #expect(outputs["催报名单.txt"] != nil)

        for (unit, findings) in byUnit {
            let book = try XlsxXML(path: folder.appendingPathComponent("退回修改/\(unit).xlsx").path)
            #expect(book.sheets.first?.name == "说明")
            var expectedCells: [String: Set<String>] = [:]  // sheet → refs filled and commented
            for (file, list) in Dictionary(grouping: findings, by: \.file) {
                guard let sheet = book.sheets.first(where: { $0.cell(1, 1)?.value == "原文件：\(file)" }) else {
                    Issue.record("\(unit): no sheet for \(file)")
                    continue
                }
                #expect(sheet.name.utf16.count <= 31 && !sheet.name.contains(where: { "[]:*?/\\".contains($0) }))
                let recordRows = sheet.rows.filter { sheet.cell($0, 0)?.isNumber == true }
                // Which cell each finding is expected on.
                var wanted: [String: [Finding]] = [:]
                for f in list {
                    if Self.fileLevel.contains(f.code) || f.line == 0 {
                        let first = recordRows.first ?? Int.max
                        let notes = sheet.rows.filter { $0 > 1 && $0 < first && sheet.comments[XlsxXML.ref(row: $0, col: 0)]?.contains(f.message) == true }
                        #expect(notes.count == 1, "\(file): note for \(f.code)")
                        if let r = notes.first { wanted[XlsxXML.ref(row: r, col: 0), default: []].append(f) }
                        continue
                    }
                    guard let r = recordRows.first(where: { sheet.cell($0, 0)?.value == "\(f.row)" }) else {
                        Issue.record("\(file): no row \(f.row) for \(f.code)")
                        continue
                    }
                    // The column: the header cell above (or on) the row that names it.
                    var col: Int?
                    if !f.column.isEmpty {
                        for h in recordRows where h <= r {
                            let named = sheet.values(row: h).filter { $0.key > 0 && Self.columnName($0.value.value) == Self.columnName(f.column) }.keys
                            if let c = f.code == "duplicate-column" ? named.max() : named.min() {
                                col = c
                                break
                            }
                        }
                    }
                    wanted[XlsxXML.ref(row: r, col: col ?? 0), default: []].append(f)
                }
                for (ref, fs) in wanted {
                    let cell = sheet.cells[ref]
                    let worst = fs.contains { $0.severity == "error" } ? Self.errorFill : Self.warningFill
                    #expect(cell?.fill == worst, "\(file) \(ref): fill \(cell?.fill ?? "none") for \(fs.map(\.code))")
                    for f in fs { #expect(sheet.comments[ref]?.contains(f.message) == true, "\(file) \(ref): comment for \(f.code)") }
                }
                expectedCells[sheet.name, default: []].formUnion(wanted.keys)
                // No other data cell is filled, and no other cell commented.
                for r in recordRows {
                    for (c, cell) in sheet.values(row: r) where c > 0 && cell.fill != nil {
                        #expect(wanted[XlsxXML.ref(row: r, col: c)] != nil, "\(file): \(XlsxXML.ref(row: r, col: c)) filled without a finding")
                    }
                }
                #expect(Set(sheet.comments.keys) == Set(wanted.keys), "\(file): comments")
                // The cells are the submitted text, record by record (well-formed CSV files; a
                // workbook's cells are read as Excel shows them, which XLSXTreeTests checks
                // against the CSV twins).
                if file.hasSuffix(".csv"), !list.contains(where: { ["bad-encoding", "unterminated-quote", "unreadable-file"].contains($0.code) }) {
                    let source = try Self.csvRecords(input.appendingPathComponent(file))
                    let shown = recordRows.map { r -> [String] in
                        let cells = sheet.values(row: r)
                        let width = cells.keys.max() ?? 0
                        var values = width == 0 ? [] : (1...width).map { cells[$0]?.value ?? "" }
                        while values.last == "" { values.removeLast() }  // a filled empty cell
                        return values
                    }
                    let trimmed = source.map { rec -> [String] in
                        var rec = rec
                        while rec.last == "" { rec.removeLast() }
                        return rec
                    }
                    #expect(shown == trimmed, "\(file): cells differ from the submitted text")
                }
            }
        }
        return folder
    }

    @Test func hexiEveryFindingIsMarkedWhereItIs() throws {
        let folder = try checkMarked(input: Self.hexi, week: "2025-W10")
        // The GB18030 file's cells read back decoded, its multi-line title included.
        let book = try XlsxXML(path: folder.appendingPathComponent("退回修改/区商务局.xlsx").path)
        let articles = try #require(book.sheet("附件3 宣传稿件统计表"))
        #expect(articles.cell(2, 1)?.value == "附件3")
        #expect(articles.cell(3, 1)?.value == "填报单位：区商务局　填报日期：3月7日")
        #expect(articles.cell(4, 4)?.value == "媒体级别（中央级/省级/市级/区级）")
        #expect(articles.cell(5, 2)?.value == "商务局助企纾困")
        #expect(articles.cell(6, 2)?.value == "外贸企业\r\n走访纪实")
        #expect(articles.cell(7, 0)?.value == "6")  // the spreadsheet row, not the physical line 7
        // A missing column is a note above the file: the 附件1 sheet opens with it.
        let samples = try #require(book.sheet("附件1 样本企业汇总表"))
        #expect(samples.cell(2, 0)?.value == "错误")
        #expect(samples.cell(2, 0)?.fill == Self.errorFill)
        // A formula-like cell stays text.
        let lead = try XlsxXML(path: folder.appendingPathComponent("退回修改/区市场监督管理局.xlsx").path)
        #expect(lead.sheet("附件3 宣传稿件统计表")?.cells.values.contains { $0.value == "=HYPERLINK(\"http://x\")" && !$0.isNumber } == true)
        // A ragged row is marked on its line number; an unreadable file is only its note.
        let town = try XlsxXML(path: folder.appendingPathComponent("退回修改/河东街道.xlsx").path)
        #expect(town.sheet("附件2 样本企业走访台账 2025-03-04")?.cell(3, 0)?.fill == Self.warningFill)
        let other = try XlsxXML(path: folder.appendingPathComponent("退回修改/河西镇.xlsx").path)
        let bad = try #require(other.sheet("附件2 样本企业走访台账 2025-03-04"))
        #expect(bad.rows == [1, 2])
        // The clean unit and the one that sent nothing have no workbook.
        for unit in ["区人力资源和社会保障局", "区文化和旅游局"] {
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("退回修改/\(unit).xlsx").path))
        }
    }

    @Test func linjiangWeeksAreMarkedToo() throws {
        try checkMarked(input: E.fixture, week: "2024-W10")
        try checkMarked(input: E.fixture, week: "2024-W11")
    }

    @Test func theDemoCampaignIsMarkedToo() throws {
        try checkMarked(input: Self.demo, week: "2021-W35")
        try checkMarked(input: Self.demo, week: "2021-W36")
    }

    /// A third campaign of the project's own (the other district's example under
    /// ../shared/examples stays a manual check: scripts/compare_expected.py), whose files
    /// are workbooks: each sheet of a unit's 退回修改 workbook is an .xlsx as sent.
    @Test func theSpreadsheetCampaignIsMarkedToo() throws {
        for week in ["2024-W10", "2024-W11"] { try checkMarked(input: Self.spreadsheets, week: week) }
    }

    // MARK: - 催报名单

    /// (unit, what) pairs of a chase list: `附件1`, `附件3`, or the ledger's `M月D日`.
    static func chased(_ text: String) -> Set<String> {
        var out = Set<String>(), unit = ""
        let numbered = try? NSRegularExpression(pattern: #"^\d+\. ([^（]+)"#)
        for line in text.split(separator: "\n").map(String.init) {
            if let m = numbered?.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)), let r = Range(m.range(at: 1), in: line) {
                unit = String(line[r])
            } else if line.hasPrefix("　　") {
                if line.contains("附件1") { out.insert("\(unit)|附件1") }
                if line.contains("附件3") { out.insert("\(unit)|附件3") }
                // One line a day, or (the week's file) one line for a unit's days: `8月30日、8月31日走访台账`.
                if line.contains("走访台账"), let days = line.dropFirst(2).split(separator: "走").first {
                    for day in days.split(separator: "、") { out.insert("\(unit)|\(day)") }
                }
            }
        }
        return out
    }

    static func monthDay(_ iso: String) -> String {
        let p = iso.split(separator: "-").compactMap { Int($0) }
        return "\(p[1])月\(p[2])日"
    }

    @Test(arguments: [("hexi", "2025-W10"), ("linjiang", "2024-W10"), ("linjiang", "2024-W11"), ("demo", "2021-W36")])
    func theChaseListNamesExactlyTheUnitsMissingEachFile(tree: String, week: String) throws {
        let input = ["hexi": Self.hexi, "linjiang": E.fixture, "demo": Self.demo][tree] ?? E.fixture
        let out = try E.tempDir()
        #expect(try E.run(["run", "--input", input.path, "--output", out.path, "--week", week, "--template", E.template]).status == 0)
        let folder = out.appendingPathComponent(week)
        let summary = try Self.json(folder.appendingPathComponent("summary.json"))
        var expected = Set<String>()
        for a in summary["articles"] as? [[String: Any]] ?? [] where (a["quota"] as? Int ?? 0) > 0 && a["submission"] as? String == "未报送" {
            expected.insert("\(a["unit"] as? String ?? "")|附件3")
        }
        for s in summary["samples"] as? [[String: Any]] ?? [] where s["submission"] as? String == "未报送" {
            expected.insert("\(s["lead_unit"] as? String ?? "")|附件1")
        }
        let visits = summary["visits"] as? [String: Any] ?? [:]
        for d in visits["days"] as? [[String: Any]] ?? [] where d["status"] as? String == "未报送" {
            expected.insert("\(d["unit"] as? String ?? "")|\(Self.monthDay(d["date"] as? String ?? "0-0-0"))")
        }
        let text = try String(contentsOf: folder.appendingPathComponent("催报名单.txt"), encoding: .utf8)
        #expect(Self.chased(text) == expected, "\(text)")
        // Short and shareable: no phone number, 联络员 printed without one.
        #expect(text.range(of: #"\d{7,}|\d{3,4}-\d{7,8}|\d{3}-\d{4}-\d{4}"#, options: .regularExpression) == nil, "\(text)")
        if tree == "hexi" {
            #expect(text.contains("1. 区商务局（联络员：刘洋）"))
            #expect(text.contains("2. 区市场监督管理局（联络员：陈静）"))
            #expect(text.contains("4. 河西镇\n"))
        }
    }

    @Test func beforeAndAfterAReceiptTheListDiffers() throws {
        func missing(_ at: String, week: String? = nil) throws -> (status: Int32, list: Set<String>, text: String) {
            let r = try E.run(["check", "--input", Self.hexi.path, "--missing", "--at", at] + (week.map { ["--week", $0] } ?? []))
            return (r.status, Self.chased(r.stdout), r.stdout)
        }
        // 区商务局's weekly list was logged at 14:30; 区市场监管局's (which also covers 区文旅局) at 15:20.
        let before = try missing("2025-03-07 14:00"), after = try missing("2025-03-07 14:40")
        #expect(before.status == 1 && after.status == 1)
        #expect(before.list.contains("区商务局|附件3"))
        #expect(!after.list.contains("区商务局|附件3"))
        #expect(before.list.subtracting(after.list) == ["区商务局|附件3"])
        #expect(after.list.isSuperset(of: ["区市场监督管理局|附件3", "区文化和旅游局|附件3"]))
        #expect(before.text.contains("截至3月7日 14:00"))
        #expect(before.text.contains("本周宣传稿件统计表（附件3），截止3月7日 15:00，还剩1小时"))
        // Ledgers of the days so far only: on 3月4日 15:00 河东街道's (logged 15:30) is missing, 3月5日's not yet due.
        let tuesday = try missing("2025-03-04 15:00")
        #expect(tuesday.list.contains("河东街道|3月4日"))
        #expect(!tuesday.list.contains { $0.hasSuffix("3月5日") })
        #expect(!tuesday.list.contains("河东街道|3月3日"))
        let late = try missing("2025-03-04 16:20")
        #expect(late.text.contains("3月4日走访台账（附件2），截止3月4日 16:00，已超过20分钟"))
        // After the week's last receipt the list is the week's 催报名单.
        let out = try E.tempDir()
        #expect(try E.run(["run", "--input", Self.hexi.path, "--output", out.path, "--template", E.template]).status == 0)
        let file = try String(contentsOf: out.appendingPathComponent("2025-W10/催报名单.txt"), encoding: .utf8)
        #expect(try missing("2025-03-09 20:00", week: "2025-W10").list == Self.chased(file))
        // Without --week, a moment after the week's report (Sunday) chases the next week's files.
        #expect(try missing("2025-03-09 20:00").text.contains("第2期"))
        // Bad moments are refused.
        #expect(try E.run(["check", "--input", Self.hexi.path, "--missing", "--at", "7 March"]).status == 64)
        #expect(try E.run(["check", "--input", Self.hexi.path, "--at", "2025-03-07 14:00"]).status == 64)
    }

    @Test func anEditedChaseTemplateChangesTheWording() throws {
        let base = try E.tempDir()
        let input = base.appendingPathComponent("input")
        try FileManager.default.copyItem(at: Self.hexi, to: input)
        try FileManager.default.createDirectory(at: base.appendingPathComponent("templates"), withIntermediateDirectories: true)
        try Data("{{#units}}{{name}}:{{#items}}{{what}};{{/items}}\n{{/units}}".utf8)
            .write(to: base.appendingPathComponent("templates/催报名单.txt"))
        let out = base.appendingPathComponent("output")
        #expect(try E.run(["run", "--input", input.path, "--output", out.path, "--template", E.template]).status == 0)
        let text = try String(contentsOf: out.appendingPathComponent("2025-W10/催报名单.txt"), encoding: .utf8)
        #expect(text.hasPrefix("区商务局:3月3日、3月4日、3月5日、3月6日、3月7日走访台账（附件2，共5份）;"))
        let manifest = try Self.json(out.appendingPathComponent("2025-W10/manifest.json"))
        #expect((manifest["inputs"] as? [String: String])?["templates/催报名单.txt"] != nil)
        // A broken one stops the run before anything is written (exit 65).
        try Data("{{#units}}".utf8).write(to: base.appendingPathComponent("templates/催报名单.txt"))
        #expect(try E.run(["run", "--input", input.path, "--output", base.appendingPathComponent("o2").path, "--template", E.template]).status == 65)
    }

    // MARK: - On demand, and readers

    @Test func checkUnitXlsxWritesTheRunsWorkbook() throws {
        let out = try E.tempDir()
        #expect(try E.run(["run", "--input", Self.hexi.path, "--output", out.path, "--template", E.template]).status == 0)
        let file = out.appendingPathComponent("mine.xlsx")
        let r = try E.run(["check", "--input", Self.hexi.path, "--unit", "商务局", "--format", "xlsx", "--output", file.path])
        #expect(r.status == 1, "\(r.stderr)")  // it has errors
        #expect(try Data(contentsOf: file) == Data(contentsOf: out.appendingPathComponent("2025-W10/退回修改/区商务局.xlsx")))
        // A unit without findings still gets its files back, unmarked.
        let clean = out.appendingPathComponent("clean.xlsx")
        #expect(try E.run(["check", "--input", Self.hexi.path, "--unit", "区人社局", "--format", "xlsx", "--output", clean.path]).status == 0)
        let book = try XlsxXML(path: clean.path)
        #expect(book.sheets.map(\.name) == ["说明", "附件3 宣传稿件统计表"])
        #expect(book.sheets.allSatisfy { $0.comments.isEmpty })
        // Arguments: xlsx needs a unit and a file; the file may not go into the input folder.
        #expect(try E.run(["check", "--input", Self.hexi.path, "--format", "xlsx", "--output", clean.path]).status == 64)
        #expect(try E.run(["check", "--input", Self.hexi.path, "--unit", "商务局", "--output", clean.path]).status == 64)
        #expect(
            try E.run(["check", "--input", Self.hexi.path, "--unit", "商务局", "--format", "xlsx", "--output", Self.hexi.appendingPathComponent("x.xlsx").path]).status == 64)
        #expect(!FileManager.default.fileExists(atPath: Self.hexi.appendingPathComponent("x.xlsx").path))
    }

    @Test(.requires(.openpyxl))
    func theWorkbooksOpenInOpenpyxlAndLibreOffice() throws {
        let out = try E.tempDir()
        #expect(try E.run(["run", "--input", Self.hexi.path, "--output", out.path, "--template", E.template]).status == 0)
        let folder = out.appendingPathComponent("2025-W10/退回修改")
        let books = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(books.count == 4)
        let script = """
            import sys, glob, warnings, openpyxl
            warnings.simplefilter('error')
            for path in sorted(glob.glob(sys.argv[1] + '/*.xlsx')):
                wb = openpyxl.load_workbook(path)
                comments = sum(1 for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.comment)
                print(path.rsplit('/', 1)[-1], wb.sheetnames[0], len(wb.sheetnames), comments)
            """
        let r = try PythonScript.run(script, [folder.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout == """
                区商务局.xlsx 说明 3 3
                区市场监督管理局.xlsx 说明 3 7
                河东街道.xlsx 说明 5 2
                河西镇.xlsx 说明 3 1

                """, "\(r.stdout)")
        // LibreOffice converts them too, where installed (and always under CI).
        guard try RequiredTool.libreOffice.isUsable() else { return }
        let status = try E.libreOffice(
            convert: books.map { folder.appendingPathComponent($0).path }, to: "pdf", outdir: out.appendingPathComponent("pdf"), profile: out)
        #expect(status == 0)
        let pdfs = (try? FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("pdf").path)) ?? []
        #expect(pdfs.sorted() == books.map { $0.replacingOccurrences(of: ".xlsx", with: ".pdf") }.sorted())
    }

    @Test func twoRunsGiveTheSameBytes() throws {
        let a = try E.tempDir(), b = try E.tempDir()
        let args = ["run", "--input", Self.hexi.path, "--template", E.template, "--output"]
        #expect(try E.run(args + [a.path], environment: ["TZ": "UTC"]).status == 0)
        #expect(try E.run(args + [b.path, "--jobs", "1"], environment: ["TZ": "Asia/Tokyo"]).status == 0)
        let fa = try E.files(in: a.appendingPathComponent("2025-W10")), fb = try E.files(in: b.appendingPathComponent("2025-W10"))
        #expect(fa.keys.sorted() == fb.keys.sorted())
        #expect(fa.keys.contains("退回修改/区商务局.xlsx"))
        for (name, data) in fa { #expect(fb[name] == data, "\(name) differs") }
        // verify compares the files in 退回修改/ too.
        #expect(try E.run(["verify", "--input", Self.hexi.path, "--output", a.path, "--week", "2025-W10", "--template", E.template]).status == 0)
        try Data("x".utf8).write(to: a.appendingPathComponent("2025-W10/退回修改/区商务局.xlsx"))
        let changed = try E.run(["verify", "--input", Self.hexi.path, "--output", a.path, "--week", "2025-W10", "--template", E.template])
        #expect(changed.status == 1)
        #expect(changed.stdout.contains("退回修改/区商务局.xlsx"))
    }
}

enum PythonScript {
    static func run(_ script: String, _ arguments: [String]) throws -> EndToEndTests.Result {
        try EndToEndTests.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script] + arguments)
    }
}
