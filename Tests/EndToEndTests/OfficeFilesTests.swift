import Foundation
import TestTools
import Testing

/// Issue 21 (points 1–4, 9, 10) on files made as offices make them: workbooks written by
/// openpyxl (real date-time and month-day cells, numbers in the ID column), LibreOffice's
/// .ods/.fods/.xls/.xlsm/.pdf, a picture, a short 样本 list after a long one, and a campaign
/// extended by an overlay. Each test copies the 临江 tree and changes what its point is about.
@Suite(.serialized) struct OfficeFilesTests {
    typealias E = EndToEndTests


    static func copyFixture() throws -> URL {
        let dir = try E.tempDir().appendingPathComponent("input")
        try FileManager.default.copyItem(at: E.fixture, to: dir)
        return dir
    }

    /// Writes `csv` (a fixture file) as an .xlsx with openpyxl: every cell a string as in the
    /// CSV, except the date columns (0-based, counted in data rows under the header row
    /// `header`, 1-based), stored as real dates with the formats given (cycled over the rows),
    /// the stored year replaced by `year` when set and the time of day `time` ("10:30") added;
    /// `cells` ("row,col" → ["int", "1"] or ["date", "2024-09-01", format]) override single
    /// cells. With `twin`, also writes the CSV a clerk's export of that workbook would hold
    /// (month-day dates as `3月12日`).
    static let writer = #"""
        import sys, csv, json, datetime, re, openpyxl
        src, dst, spec = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
        rows = list(csv.reader(open(src, encoding='utf-8-sig')))
        wb = openpyxl.Workbook(); ws = wb.active; ws.title = spec.get('sheet', 'Sheet1')
        def parse(t):
            m = re.fullmatch(r'(\d{4})[-/](\d{1,2})[-/](\d{1,2})', t) or re.fullmatch(r'(\d{4})年(\d{1,2})月(\d{1,2})日', t)
            if m: y, mo, d = map(int, m.groups())
            else:
                m = re.fullmatch(r'(\d{1,2})月(\d{1,2})日', t)
                if not m: return None
                y, (mo, d) = spec.get('default_year', 2024), map(int, m.groups())
            try: return datetime.date(y, mo, d)
            except ValueError: return None
        twin = []
        k = 0
        for r, row in enumerate(rows, start=1):
            out = list(row)
            for c, text in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c, value=text if text != '' else None)
                if cell.value is not None: cell.data_type = 's'
                if r > spec['header'] and str(c - 1) in spec.get('dates', {}):
                    d = parse(text.strip())
                    if d is None: continue
                    fmts = spec['dates'][str(c - 1)]
                    fmt = fmts[k % len(fmts)]; k += 1
                    if spec.get('year'): d = d.replace(year=spec['year'])
                    if spec.get('time'):
                        h, mi = map(int, spec['time'].split(':'))
                        cell.value = datetime.datetime(d.year, d.month, d.day, h, mi)
                    else:
                        cell.value = d
                    cell.number_format = fmt
                    if spec.get('twin'): out[c - 1] = f'{d.month}月{d.day}日'
            twin.append(out)
        for key, v in spec.get('cells', {}).items():
            r, c = map(int, key.split(','))
            cell = ws.cell(row=r, column=c)
            if v[0] == 'int': cell.value = int(v[1]); cell.number_format = 'General'
            else: cell.value = datetime.date.fromisoformat(v[1]); cell.number_format = v[2]
        wb.save(dst)
        if spec.get('builtin58'):
            # As WPS writes it: the zh-CN built-in id 58 (m"月"d"日") with no <numFmt> defining it.
            import zipfile, shutil
            zin = zipfile.ZipFile(dst); parts = {n: zin.read(n) for n in zin.namelist()}; zin.close()
            styles = parts['xl/styles.xml'].decode()
            m = re.search(r'<numFmt numFmtId="(\d+)" formatCode="m&quot;月&quot;d&quot;日&quot;"\s*/>', styles)
            assert m, styles
            styles = styles.replace(m.group(0), '').replace(f'numFmtId="{m.group(1)}"', 'numFmtId="58"')
            parts['xl/styles.xml'] = styles.encode()
            with zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as zout:
                for n, b in parts.items(): zout.writestr(n, b)
        if spec.get('twin'):
            with open(spec['twin'], 'w', encoding='utf-8', newline='') as f: csv.writer(f, lineterminator='\r\n').writerows(twin)
        print('ok')
        """#

    static func workbook(from csv: URL, to xlsx: URL, _ spec: [String: Any]) throws {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: spec, options: [.sortedKeys]), as: UTF8.self)
        let out = try E.python(writer, [csv.path, xlsx.path, json])
        #expect(out.hasPrefix("ok"), "openpyxl did not write \(xlsx.lastPathComponent)")
    }

    /// Every XML part of a package as one text (the tool's workbooks write inline strings).
    static func packageText(_ path: URL) throws -> String {
        try E.python(
            "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nprint(''.join(z.read(n).decode('utf-8', 'replace') for n in sorted(z.namelist()) if n.endswith('.xml')))",
            [path.path])
    }

    /// LibreOffice's `--convert-to`, the CSV read as UTF-8 (its import filter's 76) as a
    /// clerk's double-click on a UTF-8 CSV does in WPS: the file a unit saves from it.
    static func convert(_ csv: URL, to format: String, outdir: URL) throws -> Int32 {
        guard let soffice = RequiredTool.sofficePath else { throw CocoaError(.fileNoSuchFile) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: soffice)
        p.arguments = [
            "-env:UserInstallation=file://\(outdir.path)/lo-profile", "--headless", "--infilter=CSV:44,34,76,1",
            "--convert-to", format, "--outdir", outdir.path, csv.path,
        ]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    static func findings(_ input: URL, _ week: String, unit: String? = nil) throws -> [[String: Any]] {
        let r = try E.run(["check", "--input", input.path, "--week", week, "--format", "json"] + (unit.map { ["--unit", $0] } ?? []))
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
    }

    /// file:row:column:code, with a workbook's extension as its CSV twin's.
    static func spots(_ input: URL, _ week: String) throws -> [String] {
        try findings(input, week).map { f in
            let file = (f["file"] as? String ?? "").replacingOccurrences(of: ".xlsx", with: ".csv")
            return "\(file):\(f["row"] ?? ""):\(f["column"] ?? ""):\(f["code"] ?? "")"
        }.sorted()
    }

    static func runWeek(_ input: URL, _ week: String?) throws -> URL {
        let out = try E.tempDir()
        let r = try E.run(["run", "--input", input.path, "--output", out.path, "--template", E.template] + (week.map { ["--week", $0] } ?? []))
        #expect(r.status == 0, "\(r.stderr)")
        return out
    }

    // MARK: 1. dates carrying a time

    @Test func csvDatesWithATimeAreThatDay() throws {
        let input = try Self.copyFixture()
        let file = input.appendingPathComponent("2024-W10/样本企业汇总表/区税务局.csv")
        var text = try String(contentsOf: file, encoding: .utf8)
        // As exports write them: Excel's `2023/7/1 0:00`, a database's `… 00:00:00`, ISO `T`, 时.
        for (from, to) in [
            ("2023-05-10", "2023/5/10 0:00"), ("2023-07-01", "2023-07-01 00:00:00"), ("2023-07-02", "2023-07-02T10:30"),
            ("2023-09-12", "2023年9月12日 10时"), ("2023-06-06", "2023/6/6 14:05:59"),
        ] {
            #expect(text.contains(from))
            text = text.replacingOccurrences(of: from, with: to)
        }
        try text.write(to: file, atomically: true, encoding: .utf8)
        #expect(try Self.spots(input, "2024-W10") == Self.spots(E.fixture, "2024-W10"))
        let a = try Self.runWeek(E.fixture, "2024-W10"), b = try Self.runWeek(input, "2024-W10")
        #expect(try Data(contentsOf: a.appendingPathComponent("2024-W10/summary.json")) == Data(contentsOf: b.appendingPathComponent("2024-W10/summary.json")))
    }

    @Test(.requires(.openpyxl))
    func xlsxDateTimeCellsAreThatDay() throws {
        let input = try Self.copyFixture()
        let folder = input.appendingPathComponent("2024-W10/样本企业汇总表")
        let csv = folder.appendingPathComponent("区税务局.csv")
        // 办理时间 (column 6) as date-time cells at 10:30: date-time formats, and a date-only
        // format over a serial with a fraction.
        try Self.workbook(from: csv, to: folder.appendingPathComponent("区税务局.xlsx"), [
            "header": 2, "time": "10:30", "dates": ["6": ["yyyy/m/d h:mm", "yyyy-mm-dd hh:mm:ss", "yyyy\"年\"m\"月\"d\"日\" h\"时\"mm\"分\"", "yyyy-mm-dd"]],
        ])
        try FileManager.default.removeItem(at: csv)
        #expect(try Self.spots(input, "2024-W10") == Self.spots(E.fixture, "2024-W10"))
        let a = try Self.runWeek(E.fixture, "2024-W10"), b = try Self.runWeek(input, "2024-W10")
        let sa = try E.summary(a, "2024-W10"), sb = try E.summary(b, "2024-W10")
        #expect(sa["samples"] != nil && sa["samples"] as? NSArray == sb["samples"] as? NSArray)
        #expect(sa["points"] != nil && sa["points"] as? NSArray == sb["points"] as? NSArray)
    }

    // MARK: 2. .xlsx dates shown without a year

    @Test(.requires(.openpyxl))
    func monthDayCellsMeanWhatTheClerkSees() throws {
        // The W10 and W11 problem lists as workbooks reused from last year: 整改时限 and 完成日期
        // stored in 2023, shown as month and day; their CSV twins hold `3月12日`.
        let xlsxTree = try Self.copyFixture(), csvTree = try Self.copyFixture()
        for week in ["2024-W10", "2024-W11"] {
            let name = "\(week)/问题清单/江南街道.csv"
            let formats = ["m\"月\"d\"日\"", "m/d", "m-d", "[$-804]m\"月\"d\"日\"", "[Red]m/d;@", "[$-x-sysdate]m\"月\"d\"日\";@"]
            try Self.workbook(from: E.fixture.appendingPathComponent(name), to: xlsxTree.appendingPathComponent(name.replacingOccurrences(of: ".csv", with: ".xlsx")), [
                "header": week == "2024-W10" ? 1 : 2, "year": 2023, "dates": ["6": formats, "8": formats], "builtin58": week == "2024-W10",
                "twin": csvTree.appendingPathComponent(name).path,
            ])
            try FileManager.default.removeItem(at: xlsxTree.appendingPathComponent(name))
        }
        for week in ["2024-W10", "2024-W11"] {
            #expect(try Self.spots(xlsxTree, week) == Self.spots(csvTree, week))
            let a = try Self.runWeek(csvTree, week), b = try Self.runWeek(xlsxTree, week)
            let sa = try E.summary(a, week), sb = try E.summary(b, week)
            #expect(sa["problems"] != nil && sa["problems"] as? NSDictionary == sb["problems"] as? NSDictionary)
            #expect(sa["points"] != nil && sa["points"] as? NSArray == sb["points"] as? NSArray)
        }
        // The CSV twin's figures are the fixture's: LJ-004 (due 3月10日) is overdue at W11
        // whatever year the workbook stored.
        let w11 = try E.summary(try Self.runWeek(xlsxTree, "2024-W11"), "2024-W11")
        let fixture = try E.summary(try Self.runWeek(E.fixture, "2024-W11"), "2024-W11")
        #expect(w11["problems"] != nil && w11["problems"] as? NSDictionary == fixture["problems"] as? NSDictionary)
    }

    // MARK: 3. an ID column Excel turned into numbers or dates

    @Test(.requires(.openpyxl))
    func anIDStoredAsNumberOrDateIsWarnedOnItsCell() throws {
        let input = try Self.copyFixture()
        let name = "2024-W11/问题清单/江南街道"
        // Row 3's 问题编号 typed `001` became the number 1; row 4's `9-1` became a date (9月1日).
        try Self.workbook(from: E.fixture.appendingPathComponent(name + ".csv"), to: input.appendingPathComponent(name + ".xlsx"), [
            "header": 2, "cells": ["3,1": ["int", "1"], "4,1": ["date", "2024-09-01", "m\"月\"d\"日\""]],
        ])
        try FileManager.default.removeItem(at: input.appendingPathComponent(name + ".csv"))
        let found = try Self.findings(input, "2024-W11").filter { $0["code"] as? String == "excel-converted-id" }
        #expect(found.map { "\($0["file"] ?? ""):\($0["row"] ?? ""):\($0["column"] ?? ""):\($0["severity"] ?? ""):\($0["value"] ?? "")" } == [
            "\(name).xlsx:3:问题编号:warning:1", "\(name).xlsx:4:问题编号:warning:9月1日",
        ])
        // The rows still count (a warning): the problems are known under the numbers shown.
        let w11 = try E.summary(try Self.runWeek(input, "2024-W11"), "2024-W11")
        #expect(String(describing: w11["problems"] ?? "").contains("9月1日"))
        // check --unit shows the unit its cells.
        let r = try E.run(["check", "--input", input.path, "--week", "2024-W11", "--unit", "江南街道"])
        #expect(r.stdout.contains("excel-converted-id"), "\(r.stdout)")
    }

    // MARK: 4. every format a unit saves

    @Test(.requires(.libreOffice))
    func everyFormatIsTheNamedUnitsSubmission() throws {
        let input = try Self.copyFixture()
        let scratch = try E.tempDir()
        let articles = input.appendingPathComponent("2024-W11/宣传稿件统计表")
        // The three units that have not sent W11's article list send it in formats that are not read.
        let source = E.fixture.appendingPathComponent("2024-W10/宣传稿件统计表/区司法局.csv")
        let csv = scratch.appendingPathComponent("表.csv")
        try FileManager.default.copyItem(at: source, to: csv)
        for format in ["ods", "fods", "xls", "pdf"] {
            #expect(try Self.convert(csv, to: format, outdir: scratch) == 0, "\(format)")
        }
        // A 1×1 PNG, as a phone's screenshot would be named.
        let png = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==") ?? Data()
        let placed: [(String, Data)] = [
            ("区应急局.ods", try Data(contentsOf: scratch.appendingPathComponent("表.ods"))),
            ("区应急管理局_备份.fods", try Data(contentsOf: scratch.appendingPathComponent("表.fods"))),
            ("江南街道.pdf", try Data(contentsOf: scratch.appendingPathComponent("表.pdf"))),
            ("江南街道_截图.PNG", png),
            ("江北镇.xls", try Data(contentsOf: scratch.appendingPathComponent("表.xls"))),
            ("江北镇_1.numbers", Data("PK\u{3}\u{4}".utf8)), ("江北镇_2.xlsb", Data("PK\u{3}\u{4}".utf8)),
            ("江北镇_3.et", try Data(contentsOf: scratch.appendingPathComponent("表.xls"))), ("江北镇_4.wps", Data([0xD0, 0xCF, 0x11, 0xE0])),
            ("江北镇_5.jpg", Data([0xFF, 0xD8, 0xFF, 0xE0])),
        ]
        for (name, data) in placed { try data.write(to: articles.appendingPathComponent(name)) }
        let found = try Self.findings(input, "2024-W11")
        var got: [String] = []
        for f in found where (f["file"] as? String ?? "").hasPrefix("2024-W11/宣传稿件统计表/") {
            let file = (f["file"] as? String ?? "").replacingOccurrences(of: "2024-W11/宣传稿件统计表/", with: "")
            guard placed.contains(where: { $0.0 == file }) else { continue }
            got.append("\(file):\(f["unit"] ?? ""):\(f["code"] ?? ""):\(f["severity"] ?? "")")
        }
        #expect(got.sorted() == [
            "区应急局.ods:区应急管理局:unsupported-format:error", "区应急管理局_备份.fods:区应急管理局:unsupported-format:error",
            "江北镇.xls:江北镇:old-excel-format:error", "江北镇_1.numbers:江北镇:unsupported-format:error",
            "江北镇_2.xlsb:江北镇:unsupported-format:error", "江北镇_3.et:江北镇:old-excel-format:error",
            "江北镇_4.wps:江北镇:unsupported-format:error", "江北镇_5.jpg:江北镇:unsupported-format:error",
            "江南街道.pdf:江南街道:unsupported-format:error", "江南街道_截图.PNG:江南街道:unsupported-format:error",
        ])
        #expect(!found.contains { $0["code"] as? String == "not-csv" })
        // The units are 已报送 with nothing counted, get their 退回修改 workbook, and are not chased.
        let out = try Self.runWeek(input, "2024-W11")
        let summary = try E.summary(out, "2024-W11")
        let rows = (summary["articles"] as? [[String: Any]] ?? []).filter { ["区应急管理局", "江南街道", "江北镇"].contains($0["unit"] as? String ?? "") }
        #expect(rows.count == 3)
        #expect(rows.allSatisfy { $0["submission"] as? String != "未报送" }, "\(rows)")
        #expect(rows.allSatisfy { $0["counted"] as? Int == 0 }, "\(rows)")
        let corrections = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("2024-W11/退回修改").path)
        for unit in ["区应急管理局", "江南街道", "江北镇"] { #expect(corrections.contains { $0.contains(unit) }, "\(unit): \(corrections)") }
        let chase = CorrectionsTests.chased(try String(contentsOf: out.appendingPathComponent("2024-W11/催报名单.txt"), encoding: .utf8))
        let before = CorrectionsTests.chased(
            try String(contentsOf: try Self.runWeek(E.fixture, "2024-W11").appendingPathComponent("2024-W11/催报名单.txt"), encoding: .utf8))
        let units: Set<String> = ["区应急管理局|附件3", "江南街道|附件3", "江北镇|附件3"]
        #expect(units.isSubset(of: before), "\(before)")
        #expect(chase == before.subtracting(units), "\(chase)")
        // check --unit shows the unit its file.
        let r = try E.run(["check", "--input", input.path, "--week", "2024-W11", "--unit", "区应急局"])
        #expect(r.stdout.contains("区应急局.ods") && r.stdout.contains("unsupported-format"), "\(r.stdout)")
    }

    @Test(.requires(.libreOffice))
    func anXlsmIsReadAsItsXlsx() throws {
        let input = try Self.copyFixture()
        let scratch = try E.tempDir()
        let folder = input.appendingPathComponent("2024-W10/宣传稿件统计表")
        let csv = folder.appendingPathComponent("区司法局.csv")
        #expect(try Self.convert(csv, to: "xlsm:Calc MS Excel 2007 VBA XML", outdir: scratch) == 0)
        let xlsm = scratch.appendingPathComponent("区司法局.xlsm")
        // A macro-enabled package indeed.
        #expect(try Self.packageText(xlsm).contains("macroEnabled"))
        try FileManager.default.copyItem(at: xlsm, to: folder.appendingPathComponent("区司法局.xlsm"))
        try FileManager.default.removeItem(at: csv)
        let spots = try Self.spots(input, "2024-W10").map { $0.replacingOccurrences(of: ".xlsm", with: ".csv") }
        #expect(spots == (try Self.spots(E.fixture, "2024-W10")))
        let a = try Self.runWeek(E.fixture, "2024-W10"), b = try Self.runWeek(input, "2024-W10")
        let articles = try E.summary(a, "2024-W10")["articles"] as? NSArray
        let twin = try E.summary(b, "2024-W10")["articles"] as? NSArray
        #expect(articles != nil && articles == twin)
    }

    // MARK: 9. a 样本 list much shorter than the one it replaces

    @Test func aShortListReplacingALongOneIsWarned() throws {
        let input = try Self.copyFixture()
        // 区税务局 sent 16 rows in W10; in W11 a `_补充3家` file meant as an addition.
        let long = try String(contentsOf: input.appendingPathComponent("2024-W10/样本企业汇总表/区税务局.csv"), encoding: .utf8)
        let lines = long.split(separator: "\n", omittingEmptySubsequences: false)
        let short = lines.prefix(5).joined(separator: "\n") + "\n"
        let file = "2024-W11/样本企业汇总表/区税务局_补充3家.csv"
        try short.write(to: input.appendingPathComponent(file), atomically: true, encoding: .utf8)
        let found = try Self.findings(input, "2024-W11").filter { $0["code"] as? String == "partial-sample-list" }
        #expect(found.map { "\($0["file"] ?? ""):\($0["unit"] ?? ""):\($0["severity"] ?? ""):\($0["value"] ?? "")" } == ["\(file):区税务局:warning:3/16"])
        let message = found.first?["message"] as? String ?? ""
        #expect(message.contains("3 行") && message.contains("16 行") && message.contains("替换") && message.contains("完整"), "\(message)")
        // Not in W10's report, nor in the fixture's (its W11 list is 6 rows after 7).
        #expect(!(try Self.findings(input, "2024-W10")).contains { $0["code"] as? String == "partial-sample-list" })
        #expect(!(try Self.findings(E.fixture, "2024-W11")).contains { $0["code"] as? String == "partial-sample-list" })
        // check --unit, run's 数据问题清单 and the unit's 退回修改 say it.
        let r = try E.run(["check", "--input", input.path, "--week", "2024-W11", "--unit", "区税务局"])
        #expect(r.stdout.contains("partial-sample-list"), "\(r.stdout)")
        let out = try Self.runWeek(input, "2024-W11")
        let folder = out.appendingPathComponent("2024-W11/退回修改")
        let mine = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("区税务局") }
        #expect(mine.count == 1)
        let text = try mine.map { try Self.packageText(folder.appendingPathComponent($0)) }.joined()
        #expect(text.contains("替换此前各份") && text.contains("3 行"), "the unit's 退回修改 does not say its list replaced the earlier one")
        let listing = try Self.packageText(out.appendingPathComponent("2024-W11/数据问题清单.xlsx"))
        #expect(listing.contains("区税务局_补充3家.csv") && listing.contains("替换此前各份"))
    }

    // MARK: 10. the default week after an overlay extends the campaign

    @Test func aPlainRunTakesTheWeekAnOverlayAdds() throws {
        let input = try Self.copyFixture()
        // The campaign (2024-03-06 – 03-20: W10–W12) extended by a week from W13's overlay.
        let w13 = input.appendingPathComponent("2024-W13")
        try FileManager.default.createDirectory(at: w13.appendingPathComponent("宣传稿件统计表"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: input.appendingPathComponent("2024-W12"), withIntermediateDirectories: true)
        try "# 活动延长一周\nperiod: {start: 2024-03-06, end: 2024-03-27}\n".write(to: w13.appendingPathComponent("plan.yaml"), atomically: true, encoding: .utf8)
        let out = try Self.runWeek(input, nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { !$0.hasPrefix(".") } == ["2024-W13"])
        let text = try String(contentsOf: out.appendingPathComponent("2024-W13/周通报.txt"), encoding: .utf8)
        #expect(text.contains("第4期"), "\(text.prefix(300))")
        // check and verify without --week take W13 too.
        let check = try E.run(["check", "--input", input.path])
        #expect(check.stdout.contains("2024-W13") || check.stderr.contains("2024-W13"), "\(check.stdout.prefix(500))")
        #expect(!check.stdout.contains("2024-W12") && !check.stdout.contains("2024-W11（"))
        let verify = try E.run(["verify", "--input", input.path, "--output", out.path, "--template", E.template])
        #expect(verify.stdout.contains("2024-W13：一致"), "\(verify.stdout)\(verify.stderr)")
        // Without the overlay the same folders give the campaign's last week, W12.
        try FileManager.default.removeItem(at: w13.appendingPathComponent("plan.yaml"))
        let plain = try Self.runWeek(input, nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: plain.path).filter { !$0.hasPrefix(".") } == ["2024-W12"])
    }
}
