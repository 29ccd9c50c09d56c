import Foundation
import TestTools
import Testing

/// Issue 23: the bulletin, the campaign summary, the workbooks and the command line as the
/// district leader and the office read them — the demo's outputs, read back as text, docx,
/// workbooks and stderr.
@Suite(.serialized) struct ReadingTests {
    typealias E = EndToEndTests
    static let demo = E.repo.appendingPathComponent("input")

    /// `run --all` on the demo, once for the suite.
    static let demoOutput: URL? = {
        guard let out = try? E.tempDir() else { return nil }
        guard let r = try? E.run(["run", "--input", demo.path, "--output", out.path, "--all", "--quiet"]), r.status == 0 else { return nil }
        return out
    }()

    static func output() throws -> URL {
        guard let out = demoOutput else {
            Issue.record("run --all on the demo failed")
            throw CocoaError(.fileNoSuchFile)
        }
        return out
    }

    static func text(_ path: String) throws -> String {
        try String(contentsOf: output().appendingPathComponent(path), encoding: .utf8)
    }

    static let weeks = ["2021-W34", "2021-W35", "2021-W36"]

    /// The shared check (Tests/TestTools): skip without the tool, fail when CI is set.
    static func requirePython(_ module: String) throws -> Bool {
        try (module == "docx" ? RequiredTool.pythonDocx : RequiredTool.openpyxl).isUsable()
    }

    // MARK: 1. Warnings per kind, with what happened to the rows

    @Test func duplicatesAreNeverSummedWithWarningsThatCount() throws {
        for week in Self.weeks {
            let text = try Self.text("\(week)/周通报.txt")
            let quality = text.split(separator: "\n").filter { $0.contains("本周报送数据中发现") }
            for line in quality {
                // Each kind says what happened to its rows.
                #expect(!line.contains("警告") || line.contains("警告") && line.contains("（已计入，请核实）"), "\(line)")
                if line.contains("重复报送") { #expect(line.contains("（只计首次报送）"), "\(line)") }
            }
            if text.contains("重复报送的稿件") {
                #expect(quality.contains { $0.contains("重复报送") && $0.contains("只计首次报送") }, "\(week): duplicates named in 数据质量")
            }
        }
        guard try Self.requirePython("openpyxl") else { return }
        let script = """
            import sys, os, openpyxl
            week = sys.argv[1]
            book = openpyxl.load_workbook(os.path.join(week, '数据问题清单.xlsx'))
            ws = book['问题明细']
            header = [c.value for c in ws[3]]
            code, effect = header.index('代码'), header.index('本行的处理')
            pairs = set()
            for row in ws.iter_rows(min_row=4, values_only=True):
                pairs.add((row[code], row[effect]))
            print('dup', sorted(e for c, e in pairs if c == 'duplicate-article'))
            print('units', [c.value for c in book['按单位汇总'][3]])
            guides = []
            for name in sorted(os.listdir(os.path.join(week, '退回修改'))):
                g = openpyxl.load_workbook(os.path.join(week, '退回修改', name))['说明']
                for row in g.iter_rows(values_only=True):
                    if row[0] == '问题合计': guides.append(row[1])
            print('guide', any('重复报送' in g and '只计首次报送' in g for g in guides), all('警告' not in g or '已计入，请核实' in g for g in guides))
            """
        let lines = try E.python(script, [Self.output().appendingPathComponent("2021-W36").path]).split(separator: "\n").map(String.init)
        #expect(lines.contains("dup ['只计首次报送']"))
        #expect(lines.contains { $0.hasPrefix("units") && $0.contains("重复报送（只计首次报送）") && $0.contains("警告（已计入，请核实）") })
        #expect(lines.contains("guide True True"))
    }

    // MARK: 2. 表扬 and 问责 in 活动总结

    @Test func noUnitIsPraisedAndHeldToAccountAndEachReasonShowsTheTablesFigures() throws {
        let text = try Self.text("总结/活动总结.txt")
        let lines = text.split(separator: "\n").map(String.init)
        let praise = lines.first { $0.contains("予以通报表扬") } ?? ""
        let blame = lines.filter { $0.contains("问责") && !$0.contains("予以通报表扬") && !$0.contains("不予表扬") }
        let units = try String(contentsOf: Self.demo.appendingPathComponent("roster/units.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().compactMap { $0.split(separator: ",").first.map(String.init) }
        for unit in units where praise.contains(unit) {
            #expect(!blame.contains { $0.contains(unit) }, "\(unit) is both praised and held to account")
        }
        guard try Self.requirePython("openpyxl") else { return }
        // Every unit named for not rectifying carries 考核结果表's 期末未整改问题 and 逾期问题.
        let script = """
            import sys, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1])['考核结果']
            header = [c.value for c in ws[3]]
            name, rem, over = header.index('单位名称'), header.index('期末未整改问题'), header.index('逾期问题')
            for row in ws.iter_rows(min_row=4, values_only=True):
                if row[name]: print(f'{row[name]}（期末未整改问题{row[rem]}个，其中逾期{row[over]}个）')
            """
        let figures = try E.python(script, [Self.output().appendingPathComponent("总结/考核结果表.xlsx").path]).split(separator: "\n")
        let unrectified = lines.first { $0.contains("前完成问题整改") } ?? ""
        for unit in units where unrectified.contains("\(unit)（期末未整改问题") {
            #expect(figures.contains { unrectified.contains($0) }, "\(unit): the figure of 考核结果表")
        }
    }

    // MARK: 3. One attachment numbering

    @Test func attachmentNumbersMatchTheFileNames() throws {
        let text = try Self.text("2021-W36/周通报.txt")
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.output().appendingPathComponent("2021-W36").path)
        for file in files where file.hasPrefix("附件") {
            // 附件3_宣传稿件统计表.xlsx ↔ `3.宣传稿件统计表` in the list.
            let stem = (file as NSString).deletingPathExtension
            let parts = stem.dropFirst(2).split(separator: "_", maxSplits: 1)
            guard parts.count == 2 else { continue }
            #expect(text.contains("\(parts[0]).\(parts[1])\n"), "\(file) is numbered \(parts[0]) in the 附件 list")
        }
        // References inside the text carry the same number.
        for line in text.split(separator: "\n") where line.contains("《宣传稿件统计表》") {
            #expect(line.contains("附件3《宣传稿件统计表》"), "\(line)")
        }
        #expect(!text.contains("4.宣传稿件统计表"))
        // Each numbered workbook's title carries the same number.
        guard try Self.requirePython("openpyxl") else { return }
        let titles = try E.python(
            """
            import sys, os, openpyxl
            for name in ['附件1_样本企业汇总表.xlsx', '附件2_样本企业走访台账.xlsx', '附件3_宣传稿件统计表.xlsx', '通报附表.xlsx']:
                print(openpyxl.load_workbook(os.path.join(sys.argv[1], name)).worksheets[0]['A1'].value)
            """, [Self.output().appendingPathComponent("2021-W36").path]).split(separator: "\n").map(String.init)
        #expect(titles.count == 4 && titles[0].hasPrefix("附件1　") && titles[1].hasPrefix("附件2　") && titles[2].hasPrefix("附件3　")
            && titles[3].hasPrefix("附件4　"), "\(titles)")
    }

    // MARK: 4. The period holds every counted item

    @Test func everyCountedArticleFallsInsideThePrintedWindow() throws {
        guard try Self.requirePython("openpyxl") else { return }
        for week in Self.weeks {
            let text = try Self.text("\(week)/周通报.txt")
            guard let line = text.split(separator: "\n").first(where: { $0.contains("本期统计周期为") }) else { continue }
            let script = """
                import sys, openpyxl
                ws = openpyxl.load_workbook(sys.argv[1])['稿件明细']
                header = [c.value for c in ws[3]]
                col = header.index('发布日期')
                dates = sorted(str(r[col]) for r in ws.iter_rows(min_row=4, values_only=True) if r[col])
                subtitle = ws['A2'].value
                for d in dates[:1] + dates[-1:]:
                    y, m, dd = d[:10].split('-')
                    print(f'{int(m)}月{int(dd)}日')
                    print('subtitle', f'{int(m)}月{int(dd)}日' in subtitle)
                """
            let ends = try E.python(script, [Self.output().appendingPathComponent("\(week)/附件3_宣传稿件统计表.xlsx").path])
                .split(separator: "\n")
            // The bulletin's line and the workbook's subtitle both hold every counted article's date.
            for day in ends where !day.hasPrefix("subtitle") { #expect(line.contains(day), "\(week): \(day) not in \(line)") }
            let inSubtitle = ends.filter { $0.hasPrefix("subtitle") }
            let period = line.contains("计入的宣传稿件发布于")
            #expect(!period || inSubtitle.allSatisfy { $0 == "subtitle True" }, "\(week): 附件3's subtitle")
        }
    }

    // MARK: 5. Ties

    @Test func boardsSayWhenTiesListMoreUnits() throws {
        var texts = try Self.weeks.map { try Self.text("\($0)/周通报.txt") }
        texts.append(try Self.text("总结/活动总结.txt"))
        for text in texts {
            for line in text.split(separator: "\n") where line.contains("黑榜（") || line.contains("红榜（") {
                let listed = line.components(separatedBy: "第").count - 1
                guard let open = line.range(of: "榜（"), let size = Int(String(line[open.upperBound...].dropFirst().prefix { $0.isNumber })) else { continue }
                if listed > size {
                    #expect(line.contains("因得分并列共\(listed)个单位"), "\(line)")
                } else {
                    #expect(!line.contains("并列"), "\(line)")
                }
            }
        }
    }

    // MARK: 6. The over-quota bonus as computed

    @Test func theBonusIsWordedAsComputed() throws {
        let plan = try String(contentsOf: Self.demo.appendingPathComponent("plan.yaml"), encoding: .utf8)
        #expect(plan.contains("加权数（按媒体级别、头版头条加权）超出任务数的部分"))
        #expect(!plan.contains("超出定额的稿件"))
        let docs = try String(contentsOf: E.repo.appendingPathComponent("docs/plan-settings.md"), encoding: .utf8)
        #expect(docs.contains("加权数超出任务数的部分"))
        guard try Self.requirePython("openpyxl") else { return }
        let header = try E.python(
            "import sys, openpyxl\nprint('|'.join(str(c.value) for c in openpyxl.load_workbook(sys.argv[1])['考核得分'][3]))",
            [Self.output().appendingPathComponent("2021-W36/通报附表.xlsx").path])
        #expect(header.contains("稿件超额加分（计入数达到任务数时，加权数超出任务数的部分每篇加0.5分）"))
        #expect(header.contains("稿件加权数"))
    }

    // MARK: 7–8. Length and the 落款

    @Test func theLastWeeksDocxIsAtMostFourPagesAndTheSignatureKeepsTogether() throws {
        let docx = try Self.output().appendingPathComponent("2021-W36/周通报.docx")
        let xml = String(decoding: try E.zipMember(docx.path, "word/document.xml"), as: UTF8.self)
        // The issuer is broken before 领导小组办公室, never inside a word.
        #expect(xml.contains(">博山区持续深入优化营商环境和推进政府职能转变</w:t></w:r><w:r><w:br/></w:r><w:r><w:t xml:space=\"preserve\">领导小组办公室<"))
        // The date and 报/送 lines keep with the paragraph before.
        let paragraphs = xml.components(separatedBy: "<w:p>")
        let date = paragraphs.lastIndex { $0.contains(">2021年9月10日<") } ?? 0
        #expect(date > 0 && paragraphs[date - 1].contains("<w:keepNext/>"))
        #expect(paragraphs.last { $0.contains(">送：") }?.contains("<w:keepLines/>") == true)
        // One line per topic: no list of units one per line.
        let text = try Self.text("2021-W36/周通报.txt")
        #expect(!text.contains("完成任务的单位："))
        #expect(text.split(separator: "\n").filter { $0.hasPrefix("　　第") && $0.contains("名　") }.isEmpty)
        guard try RequiredTool.libreOffice.isUsable() else { return }
        // Every demo week, as the PDF LibreOffice makes of it (with the CJK fonts installed).
        for week in Self.weeks {
            let pdfDir = try E.tempDir()
            let copy = pdfDir.appendingPathComponent("\(week).docx")
            try FileManager.default.copyItem(at: Self.output().appendingPathComponent("\(week)/周通报.docx"), to: copy)
            _ = try E.libreOffice(convert: [copy.path], to: "pdf", outdir: pdfDir, profile: pdfDir)
            let info = Process()
            info.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            info.arguments = ["pdfinfo", pdfDir.appendingPathComponent("\(week).pdf").path]
            let pipe = Pipe()
            info.standardOutput = pipe
            try info.run()
            let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            info.waitUntilExit()
            let pages = out.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.split(separator: " ").last ?? "") }
            #expect(pages != nil && (pages ?? 99) <= 4, "周通报.docx of \(week): \(pages ?? -1) pages")
        }
    }

    // MARK: 9. Wide tables

    @Test func wideTablesFitThePageWidth() throws {
        guard try Self.requirePython("openpyxl") else { return }
        let script = """
            import sys, os, openpyxl
            ws = openpyxl.load_workbook(os.path.join(sys.argv[1], '通报附表.xlsx'))['考核得分']
            print(ws.sheet_properties.pageSetUpPr.fitToPage, ws.page_setup.fitToWidth, ws.page_setup.orientation)
            name = sorted(os.listdir(os.path.join(sys.argv[1], '退回修改')))[0]
            g = openpyxl.load_workbook(os.path.join(sys.argv[1], '退回修改', name))['说明']
            long = [r for r in g.iter_rows() if r[0].value and len(str(r[0].value)) * 2 > g.column_dimensions['A'].width and r[1].value]
            print(all(r[0].alignment.wrap_text for r in long))
            """
        let lines = try E.python(script, [Self.output().appendingPathComponent("2021-W36").path]).split(separator: "\n").map(String.init)
        // fit_to_pages(1, 0): one page wide (openpyxl reads the default width 1 as None).
        #expect(lines.first == "True 1 landscape" || lines.first == "True None landscape")
        #expect(lines.dropFirst().first == "True")
    }

    // MARK: 10. The command line in Chinese

    @Test func parseErrorsAndCodesAreChinese() throws {
        let r = try E.run(["run", "--bogus"])
        #expect(r.status == 64)
        #expect(r.stderr.hasPrefix("错误：未知选项 --bogus"))
        #expect(r.stderr.contains("\n用法：bulletin run"))
        #expect(!r.stderr.contains("Error:") && !r.stderr.contains("Usage:"))
        let missing = try E.run(["check", "--week"])
        #expect(missing.status == 64)
        #expect(missing.stderr.hasPrefix("错误：选项 --week 缺少取值"))
        #expect(missing.stderr.contains("用法：bulletin check"))
        let extra = try E.run(["verify", "多余"])
        #expect(extra.stderr.hasPrefix("错误：多余的参数 多余"))
        // A command's own check, thrown while it runs, reads the same way.
        let week = try E.run(["run", "--input", Self.demo.path, "--output", E.tempDir().path, "--week", "xx"])
        #expect(week.status == 64)
        #expect(week.stderr.hasPrefix("错误：--week 应为 ISO 周") && week.stderr.contains("用法：bulletin run"))
        let codes = try E.run(["codes"])
        #expect(codes.stdout.hasPrefix("# 问题代码说明"))
        #expect(codes.stdout.contains("| 重复报送的稿件 | 警告 | 只计首次报送 |"))
        // What it prints is docs/finding-codes.md, byte for byte.
        let docs = try String(contentsOf: E.repo.appendingPathComponent("docs/finding-codes.md"), encoding: .utf8)
        #expect(codes.status == 0 && codes.stdout == docs)
    }

    // MARK: 11. No week codes in what a person reads

    @Test func noInternalWeekCodeInWhatAPersonReads() throws {
        // A folder path (`2021-W35/宣传稿件统计表/…`) may keep the folder's name.
        let code = try NSRegularExpression(pattern: "20[0-9]{2}-W[0-9]{2}(?!/)")
        func codes(_ s: String) -> Int { code.numberOfMatches(in: s, range: NSRange(s.startIndex..., in: s)) }
        for week in Self.weeks {
            for file in ["周通报.txt", "催报名单.txt"] {
                let text = try Self.text("\(week)/\(file)")
                #expect(codes(text) == 0, "\(week)/\(file)")
            }
        }
        #expect(codes(try Self.text("总结/活动总结.txt")) == 0)
        // check's text output: the message after the location (folder paths may keep the folder name).
        let check = try E.run(["check", "--input", Self.demo.path, "--week", "2021-W36"])
        for line in check.stdout.split(separator: "\n") {
            let message = line.range(of: "] ").map { String(line[$0.upperBound...]) } ?? String(line)
            #expect(codes(message) == 0, "\(line)")
        }
        guard try Self.requirePython("openpyxl") else { return }
        let script = """
            import sys, os, re, openpyxl
            week = sys.argv[1]
            ws = openpyxl.load_workbook(os.path.join(week, '数据问题清单.xlsx'))['问题明细']
            col = [c.value for c in ws[3]].index('问题')
            bad = [r[col] for r in ws.iter_rows(min_row=4, values_only=True) if r[col] and re.search(r'20\\d\\d-W\\d\\d(?!/)', r[col])]
            for name in sorted(os.listdir(os.path.join(week, '退回修改'))):
                book = openpyxl.load_workbook(os.path.join(week, '退回修改', name))
                for row in book['说明'].iter_rows(values_only=True):
                    bad += [str(v) for v in row if v and re.search(r'20\\d\\d-W\\d\\d(?!/)', str(v))]
                bad += [c.text for s in book.worksheets for r in s.iter_rows() for c in [x.comment for x in r] if c and re.search(r'20\\d\\d-W\\d\\d(?!/)', c.text)]
            print(len(bad), bad[:3])
            """
        let out = try E.python(script, [Self.output().appendingPathComponent("2021-W36").path])
        #expect(out.hasPrefix("0 "), "\(out)")
    }

    // MARK: 12. --pdf without a Chinese font

    @Test func pdfWithoutAChineseFontSaysHowToInstallOneAndWritesNone() throws {
        guard try RequiredTool.libreOffice.isUsable() else { return }
        let bin = try E.tempDir()
        let fake = bin.appendingPathComponent("fc-list")
        try "#!/bin/sh\nexit 0\n".write(to: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let out = try E.tempDir()
        let r = try E.run(
            ["run", "--input", E.fixture.path, "--output", out.path, "--week", "2024-W10", "--pdf"], environment: ["PATH": path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("fonts-noto-cjk"))
        let files = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("2024-W10").path)
        #expect(!files.contains { $0.hasSuffix(".pdf") })
        #expect(try String(contentsOf: E.repo.appendingPathComponent("README.md"), encoding: .utf8).contains("fonts-noto-cjk"))
    }

    // MARK: 13. check --missing: a unit's ledger days on one line

    @Test func checkMissingGroupsAUnitsLedgerDays() throws {
        let r = try E.run(["check", "--input", E.fixture.path, "--missing", "--week", "2024-W11", "--at", "2024-03-13 17:00"])
        let ledgerLines = r.stdout.split(separator: "\n").filter { $0.contains("走访台账") && !$0.contains("【催报】") }
        // 区发展和改革局 misses 3月8日 and 3月13日: one line with both days.
        let fagai = ledgerLines.filter { $0.contains("3月8日") || $0.contains("3月13日") }
        #expect(fagai.contains { $0.contains("3月8日、3月13日走访台账（附件2，共2份）") && $0.contains("最早一份已超过") }, "\(r.stdout)")
    }

    // MARK: 14. verify --all names the inputs behind a changed 总结/

    @Test func verifyAllNamesTheInputsWhenTheSummaryDiffers() throws {
        let work = try E.tempDir()
        let input = work.appendingPathComponent("input")
        try FileManager.default.copyItem(at: E.fixture, to: input)
        let out = work.appendingPathComponent("output")
        #expect(try E.run(["run", "--input", input.path, "--output", out.path, "--all", "--quiet"]).status == 0)
        let roster = input.appendingPathComponent("roster/units.csv")
        try (try String(contentsOf: roster, encoding: .utf8)).replacingOccurrences(of: "区司法局", with: "区司法局 ")
            .write(to: roster, atomically: true, encoding: .utf8)
        let r = try E.run(["verify", "--input", input.path, "--output", out.path, "--all"])
        #expect(r.status == 1)
        let summary = r.stdout.components(separatedBy: "总结：不一致").last ?? ""
        #expect(r.stdout.contains("总结：不一致") && summary.contains("输入已改动：roster/units.csv"), "\(r.stdout)")
    }
}
