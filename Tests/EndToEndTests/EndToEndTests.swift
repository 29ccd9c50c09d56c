import Foundation
import TestTools
import Testing

/// Runs the built `bulletin` binary on fixture trees, the way the office runs it.
@Suite(.serialized) struct EndToEndTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixture = repo.appendingPathComponent("Tests/Fixtures/linjiang-2024")
    static let template = repo.appendingPathComponent("templates/周通报.txt").path

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The binary sits beside the test bundle in the build products folder.
    static var binary: URL {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("bulletin"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("bulletin"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("bulletin"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], cwd: URL? = nil) throws -> Result {
        try run(binary, arguments, environment: environment, cwd: cwd)
    }

    /// Runs `executable` (the built binary, or any child a test needs) with the environment
    /// plus `environment`. stdout and stderr are read at the same time, so a child that
    /// writes more than a pipe holds to one of them cannot stall the test; a child still
    /// running after `timeLimit` seconds is killed and the test fails.
    static func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:], cwd: URL? = nil,
                    timeLimit: Double = 900) throws -> Result {
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        let child = try ChildProcess.run(executable, arguments, environment: env, cwd: cwd, timeLimit: timeLimit)
        #expect(!child.timedOut, "\(executable.lastPathComponent) \(arguments.joined(separator: " ")) was still running after \(Int(timeLimit)) s and was killed")
        return Result(status: child.status, stdout: child.stdoutText, stderr: child.stderrText)
    }

    /// A child that writes 200,000 bytes to stderr (three times what a pipe holds) before
    /// anything to stdout: read one pipe after the other, the helper and the child would wait
    /// for each other for ever. The time limit turns such a stall into a failure.
    @Test func aChildFillingStderrDoesNotStallTheHelper() throws {
        let r = try Self.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "head -c 200000 /dev/zero | tr '\\0' x >&2; echo done"], timeLimit: 60)
        #expect(r.status == 0)
        #expect(r.stderr.utf8.count == 200_000 && r.stderr.allSatisfy { $0 == "x" })
        #expect(r.stdout == "done\n")
    }

    static func tempDir() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bulletin-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Every file under `dir` (subfolders such as 退回修改/ included) by its path inside it.
    static func files(in dir: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            let url = dir.appendingPathComponent(name)
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue {
                for (inner, data) in try files(in: url) { out["\(name)/\(inner)"] = data }
            } else {
                out[name] = try Data(contentsOf: url)
            }
        }
        return out
    }

    @Test func runWritesTheWeekAndSummarises() throws {
        let out = try Self.tempDir()
        let r = try Self.run(["run", "--input", Self.fixture.path, "--output", out.path, "--week", "2024-W11", "--template", Self.template])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("2024-W11"))
        let week = out.appendingPathComponent("2024-W11")
        let names = try FileManager.default.contentsOfDirectory(atPath: week.path).sorted()
        #expect(
            names == [
                "manifest.json", "summary.json", "周通报.txt", "周通报.docx", "数据问题清单.xlsx", "附件1_样本企业汇总表.xlsx", "附件2_样本企业走访台账.xlsx",
                "附件3_宣传稿件统计表.xlsx", "问题整改清单.xlsx", "通报附表.xlsx", "催报名单.txt", "退回修改",
            ].sorted())
        let returned = try FileManager.default.contentsOfDirectory(atPath: week.appendingPathComponent("退回修改").path).sorted()
        // No staging folder is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { !$0.hasPrefix(".") } == ["2024-W11"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.contains("partial") || $0.contains("old") }.isEmpty)

        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: week.appendingPathComponent("summary.json"))) as? [String: Any]
        #expect(summary?["week"] as? String == "2024-W11")
        #expect(summary?["report_date"] as? String == "2024-03-13")
        let period = summary?["period"] as? [String: String]
        #expect(period == ["start": "2024-03-11", "end": "2024-03-13"])
        let articles = summary?["articles"] as? [[String: Any]] ?? []
        #expect(articles.map { $0["unit"] as? String ?? "" } == ["区发展和改革局", "区税务局", "区司法局", "区应急管理局", "江南街道", "江北镇"])
        #expect(articles.map { $0["submission"] as? String ?? "" } == ["迟报", "按时", "按时", "未报送", "未报送", "未报送"])
        #expect(articles.map { $0["cumulative"] as? Int ?? -1 } == [1, 2, 2, 1, 1, 0])

        // Visits: counted by hand in VisitCounterTests.
        let visits = summary?["visits"] as? [String: Any]
        let towns = visits?["towns"] as? [[String: Any]] ?? []
        #expect(towns.map { $0["town"] as? String ?? "" } == ["江南街道", "江北镇"])
        #expect(towns.map { $0["visited"] as? Int ?? -1 } == [6, 6])
        #expect(towns.map { $0["on_site"] as? Int ?? -1 } == [4, 3])
        #expect(towns.map { $0["phone_only"] as? Int ?? -1 } == [2, 3])
        #expect(towns.map { $0["coverage"] as? Double ?? -1 } == [1.0, 1.0])
        let indicators = visits?["indicators"] as? [[String: Any]] ?? []
        #expect(indicators.map { $0["lead_unit"] as? String ?? "" } == ["区税务局", "区发展和改革局"])
        let days = visits?["days"] as? [[String: Any]] ?? []
        #expect(days.count == 16)
        #expect(days.first?["unit"] as? String == "区发展和改革局")
        #expect(days.first?["date"] as? String == "2024-03-08")
        #expect(days.first?["status"] as? String == "未报送")
        #expect(visits?["problems"] as? [String: Int] == ["raised": 2, "resolved": 1, "in_progress": 1, "unresolvable": 0])

        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: week.appendingPathComponent("manifest.json"))) as? [String: Any]
        let inputs = manifest?["inputs"] as? [String: String] ?? [:]
        #expect(inputs["plan.yaml"] != nil)
        #expect(inputs["2024-W11/plan.yaml"] != nil)
        #expect(inputs["roster/units.csv"] != nil)
        #expect(inputs["2024-W10/宣传稿件统计表/区税务局.csv"] != nil)
        #expect(inputs.keys.contains { $0.hasSuffix("周通报.txt") })
        let outputs = manifest?["outputs"] as? [String: String] ?? [:]
        #expect(
            Set(outputs.keys) == Set([
                "summary.json", "周通报.txt", "周通报.docx", "数据问题清单.xlsx", "附件1_样本企业汇总表.xlsx", "附件2_样本企业走访台账.xlsx", "附件3_宣传稿件统计表.xlsx",
                "问题整改清单.xlsx", "通报附表.xlsx", "催报名单.txt",
            ] + returned.map { "退回修改/\($0)" }))
        #expect(!returned.isEmpty)
        #expect(inputs["templates/催报名单.txt"] != nil)
        #expect(inputs["2024-W11/样本企业汇总表/区发改局_更新.csv"] != nil)
        #expect(inputs["2024-W10/样本企业汇总表/区发改局.csv"] != nil)

        // 附件1: 获得电力 counts the W11 resubmission (2 → 3), 纳税 still W10's list.
        let samples = summary?["samples"] as? [[String: Any]] ?? []
        #expect(samples.map { $0["indicator"] as? String ?? "" } == ["纳税", "获得电力"])
        #expect(samples.map { $0["valid"] as? Int ?? -1 } == [4, 3])
        #expect(samples.map { $0["short_by"] as? Int ?? -1 } == [0, 0])
        #expect(samples.map { $0["quota"] as? Int ?? -1 } == [3, 3])
        let text = try String(contentsOf: week.appendingPathComponent("周通报.txt"), encoding: .utf8)
        #expect(text.contains("区发展和改革局（有效样本由2个变为3个）"))
        // No phone number of a sample reaches the bulletin text.
        for phone in ["13912345678", "4130090", "13912340001"] { #expect(!text.contains(phone)) }
    }

    @Test func twoRunsAreByteIdenticalWhateverTheTimeZone() throws {
        let a = try Self.tempDir(), b = try Self.tempDir()
        let args = ["run", "--input", Self.fixture.path, "--week", "2024-W10", "--template", Self.template, "--output"]
        #expect(try Self.run(args + [a.path], environment: ["TZ": "UTC"]).status == 0)
        #expect(try Self.run(args + [b.path], environment: ["TZ": "America/Los_Angeles"]).status == 0)
        let fa = try Self.files(in: a.appendingPathComponent("2024-W10"))
        let fb = try Self.files(in: b.appendingPathComponent("2024-W10"))
        #expect(fa.keys.sorted() == fb.keys.sorted())
        for (name, data) in fa { #expect(fb[name] == data, "\(name) differs") }
    }

    @Test func checkReportsFindingsAndShortfallsWithExitOne() throws {
        let r = try Self.run(["check", "--input", Self.fixture.path, "--week", "2024-W10"])
        #expect(r.status == 1)
        // Line 7 of the file is row 6 in Excel/WPS: row 3 holds a cell with a line break.
        #expect(r.stdout.contains("2024-W10/宣传稿件统计表/区发改局.csv:7: （第6行）链接: [bad-link]"))
        #expect(r.stdout.contains("[articles-short] 区发展和改革局"))
    }

    @Test func checkForOneUnitByItsShortName() throws {
        let r = try Self.run(["check", "--input", Self.fixture.path, "--week", "2024-W10", "--unit", "区应急局", "--format", "json"])
        // 区应急管理局's articles are in order; its only shortfall is the overdue problem LJ-006.
        #expect(r.status == 1, "\(r.stdout)")
        let rows = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.map { $0["code"] as? String ?? "" } == ["problem-overdue"])
        let quiet = try Self.run(["check", "--input", Self.fixture.path, "--week", "2024-W11", "--unit", "区司法局", "--format", "json"])
        #expect(quiet.status == 0, "\(quiet.stdout)")
        #expect((try JSONSerialization.jsonObject(with: Data(quiet.stdout.utf8)) as? [[String: Any]])?.isEmpty == true)

        let tax = try Self.run(["check", "--input", Self.fixture.path, "--week", "2024-W10", "--unit", "区税务局", "--format", "json"])
        #expect(tax.status == 1)
        let taxRows = try JSONSerialization.jsonObject(with: Data(tax.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(taxRows.allSatisfy { $0["unit"] as? String == "区税务局" })
        #expect(Set(taxRows.first?.keys.map { $0 } ?? []) == ["code", "severity", "unit", "file", "line", "row", "column", "value", "message"])
        let spots = Set(taxRows.map { "\($0["file"] ?? ""):\($0["line"] ?? ""):\($0["column"] ?? ""):\($0["code"] ?? "")" })
        #expect(spots.contains("2024-W10/宣传稿件统计表/区税务局.csv:4:媒体级别:level-mismatch"))
        #expect(spots.contains("2024-W10/宣传稿件统计表/区税务局.csv:5:发布日期:date-after-report"))
        #expect(spots.contains("2024-W10/宣传稿件统计表:0::late-submission"))
    }

    @Test func checkShowsALeadUnitItsSampleGaps() throws {
        let r = try Self.run(["check", "--input", Self.fixture.path, "--week", "2024-W10", "--unit", "区发改局"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("2024-W10/样本企业汇总表: [samples-short] 区发展和改革局：指标「获得电力」有效样本 2 个，任务 3 个，差 1 个"))
        #expect(r.stdout.contains("2024-W10/样本企业汇总表/区发改局.csv:6: 指标名称: [unknown-indicator]"))
        // After the W11 resubmission the indicator is met: no sample shortfall left.
        let w11 = try Self.run(["check", "--input", Self.fixture.path, "--week", "2024-W11", "--unit", "区发改局"])
        #expect(!w11.stdout.contains("samples-short"))
        #expect(w11.stdout.contains("2024-W11/样本企业汇总表/区发改局_更新.csv:7: （第6行）联系电话: [bad-phone]"))
    }

    /// Converts `paths` with LibreOffice to `format` into `outdir`, with a private profile
    /// under `profile` (parallel runs do not clash): its exit status. Call it from a test
    /// that requires `.libreOffice`.
    static func libreOffice(convert paths: [String], to format: String, outdir: URL, profile: URL) throws -> Int32 {
        guard let soffice = RequiredTool.sofficePath else { throw RequiredTool.Missing(tool: .libreOffice) }
        let arguments = ["-env:UserInstallation=file://\(profile.path)/lo-profile", "--headless", "--convert-to", format, "--outdir", outdir.path]
            + paths
        return try run(URL(fileURLWithPath: soffice), arguments).status
    }

    /// One member of a zip package (a workbook's or a docx's part), as `unzip -p` gives it.
    static func zipMember(_ path: String, _ name: String) throws -> Data {
        let r = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/unzip"), ["-p", path, name])
        guard r.status == 0 else { throw CocoaError(.fileReadNoSuchFile) }
        return r.stdout
    }

    @Test(.requires(.openpyxl))
    func theSamplesWorkbookHasItsSheetsAndLayout() throws {
        let out = try Self.tempDir()
        #expect(try Self.run(["run", "--input", Self.fixture.path, "--output", out.path, "--week", "2024-W10", "--template", Self.template]).status == 0)
        let book = out.appendingPathComponent("2024-W10/附件1_样本企业汇总表.xlsx")
        let script = """
            import sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            print('|'.join(wb.sheetnames))
            d, s = wb['样本明细'], wb['指标汇总']
            print(d.freeze_panes, 'filter' if d.auto_filter.ref else 'no-filter', d.page_setup.orientation)
            header = [c.value for c in d[3]]
            rows = [[c.value for c in r] for r in d.iter_rows(min_row=4)]
            print(len(rows), rows[0][header.index('统一社会信用代码')], rows[3][header.index('联系电话')])
            print(','.join(r[header.index('指标名称')] for r in rows))
            sh = [c.value for c in s[3]]
            for r in s.iter_rows(min_row=4, values_only=True):
                print(r[sh.index('指标名称')], r[sh.index('有效样本')], r[sh.index('差额')], r[sh.index('报送情况')])
            """
        let text = try Self.python(script, [book.path])
        #expect(
            text.split(separator: "\n") == [
                "样本明细|指标汇总", "A4 filter landscape", "6 914403001922038216 4130090", "纳税,纳税,纳税,纳税,获得电力,获得电力",
                "纳税 4 0 已报送", "获得电力 2 1 已报送",
            ])
    }

    @Test func checkShowsATownItsUnvisitedEnterprisesAndMissedDays() throws {
        let r = try Self.run(["check", "--input", Self.fixture.path, "--week", "2024-W10", "--unit", "江北镇", "--format", "json"])
        let rows = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
        let spots = rows.map { "\($0["file"] ?? ""):\($0["line"] ?? ""):\($0["code"] ?? ""):\($0["value"] ?? ""):\($0["severity"] ?? "")" }
        #expect(spots.contains("2024-W10/走访台账:0:missing-submission:2024-03-07:error"))
        // Below target while the visit period runs: a warning, 3 of 6 visited.
        #expect(spots.contains("2024-W10/走访台账:0:visits-short:3/6:warning"))
        #expect(spots.contains("2024-W10/走访台账/江北镇_2024-03-06.csv:4:date-after-ledger-day::error") == false)
        #expect(rows.contains { $0["code"] as? String == "date-after-ledger-day" && $0["line"] as? Int == 4 })
        #expect(rows.allSatisfy { $0["unit"] as? String == "江北镇" })
        #expect(r.status == 1)
    }

    @Test func exitCodes() throws {
        let out = try Self.tempDir()
        #expect(try Self.run(["run", "--input", out.appendingPathComponent("nope").path, "--output", out.path]).status == 66)
        #expect(try Self.run(["run", "--input", Self.fixture.path, "--week", "2024-W99", "--output", out.path]).status == 64)
        #expect(try Self.run(["run", "--input", Self.fixture.path, "--week", "2030-W01", "--output", out.path]).status == 64)
        #expect(try Self.run(["check", "--input", Self.fixture.path, "--unit", "不存在的单位"]).status == 64)
        #expect(try Self.run(["run", "--bogus"]).status == 64)
        #expect(try Self.run(["run", "--input", Self.fixture.path, "--output", out.path, "--template", "/nonexistent/t.txt"]).status == 66)

        // A broken plan stops the run with 65 and names the key.
        let broken = try Self.tempDir()
        try FileManager.default.copyItem(at: Self.fixture, to: broken.appendingPathComponent("in"))
        let plan = broken.appendingPathComponent("in/plan.yaml")
        try (String(contentsOf: plan, encoding: .utf8) + "\nranking: {red: -1}\n").write(to: plan, atomically: true, encoding: .utf8)
        let bad = try Self.run(["run", "--input", broken.appendingPathComponent("in").path, "--output", out.path])
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("ranking.red"))

        // An output path that is a file cannot be written: 73, and nothing half-written.
        let blocker = out.appendingPathComponent("blocked")
        try Data().write(to: blocker)
        let r = try Self.run(["run", "--input", Self.fixture.path, "--output", blocker.path, "--template", Self.template])
        #expect(r.status == 73)
    }

    @Test func aFailedRunLeavesThePreviousWeekIntact() throws {
        let out = try Self.tempDir()
        let args = ["run", "--input", Self.fixture.path, "--output", out.path, "--week", "2024-W10"]
        #expect(try Self.run(args + ["--template", Self.template]).status == 0)
        let before = try Self.files(in: out.appendingPathComponent("2024-W10"))
        // A template that does not parse fails the run after the workbooks were staged.
        let badTemplate = out.appendingPathComponent("bad.txt")
        try "{{#unclosed}}".write(to: badTemplate, atomically: true, encoding: .utf8)
        let r = try Self.run(args + ["--template", badTemplate.path])
        #expect(r.status == 65)
        #expect(try Self.files(in: out.appendingPathComponent("2024-W10")) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { !$0.hasPrefix(".") }.sorted() == ["2024-W10", "bad.txt"])
    }

    @Test func workbooksAreValidZipsWithTheExpectedSheets() throws {
        let out = try Self.tempDir()
        #expect(try Self.run(["run", "--input", Self.fixture.path, "--output", out.path, "--week", "2024-W10", "--template", Self.template]).status == 0)
        let book = out.appendingPathComponent("2024-W10/附件3_宣传稿件统计表.xlsx")
        let script = """
            import sys, zipfile, re
            z = zipfile.ZipFile(sys.argv[1])
            wb = z.read('xl/workbook.xml').decode()
            print('|'.join(re.findall(r'<sheet name="([^"]+)"', wb)))
            s1 = z.read('xl/worksheets/sheet1.xml').decode()
            print('autofilter' if '<autoFilter' in s1 else 'no-autofilter')
            print('frozen' if 'state="frozen"' in s1 else 'not-frozen')
            print('landscape' if 'orientation="landscape"' in s1 else 'portrait')
            print('hyperlinks' if '<hyperlink ' in s1 else 'no-hyperlinks')
            """
        let text = try Self.python(script, [book.path])
        #expect(text.split(separator: "\n") == ["稿件明细|完成情况", "autofilter", "frozen", "landscape", "hyperlinks"])
    }

    /// What python3 prints running `script` (stderr goes with the result when it fails).
    static func python(_ script: String, _ arguments: [String]) throws -> String {
        let r = try run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script] + arguments)
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout
    }

    /// The XlsxWriter way (libxlsxwriter's test/functional): unzip 附件3 and compare its
    /// member list and sheet XML with golden files. The bytes are deterministic, so nothing
    /// needs normalising; set UPDATE_GOLDEN=1 to rewrite them after an intended layout change.
    @Test func articlesWorkbookXMLMatchesGoldenFiles() throws {
        let out = try Self.tempDir()
        #expect(try Self.run(["run", "--input", Self.fixture.path, "--output", out.path, "--week", "2024-W10", "--template", Self.template]).status == 0)
        let unzipped = out.appendingPathComponent("unzipped")
        let listing = try Self.python(
            """
            import sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            z.extractall(sys.argv[2])
            print('\\n'.join(sorted(z.namelist())))
            """,
            [out.appendingPathComponent("2024-W10/附件3_宣传稿件统计表.xlsx").path, unzipped.path])
        let golden = Self.repo.appendingPathComponent("Tests/Fixtures/golden/xlsx/articles-2024-W10")
        let files: [(String, Data)] = [
            ("members.txt", Data(listing.utf8)),
            ("sheet1.xml", try Data(contentsOf: unzipped.appendingPathComponent("xl/worksheets/sheet1.xml"))),
            ("sheet2.xml", try Data(contentsOf: unzipped.appendingPathComponent("xl/worksheets/sheet2.xml"))),
            ("workbook.xml", try Data(contentsOf: unzipped.appendingPathComponent("xl/workbook.xml"))),
            ("core.xml", try Data(contentsOf: unzipped.appendingPathComponent("docProps/core.xml"))),
        ]
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: golden, withIntermediateDirectories: true)
            for (name, data) in files { try data.write(to: golden.appendingPathComponent(name)) }
        }
        for (name, data) in files {
            let expected = try Data(contentsOf: golden.appendingPathComponent(name))
            #expect(data == expected, "\(name) differs from Tests/Fixtures/golden/xlsx/articles-2024-W10/\(name)")
        }
    }

    static func summary(_ out: URL, _ week: String) throws -> [String: Any] {
        let data = try Data(contentsOf: out.appendingPathComponent("\(week)/summary.json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    @Test func summaryCarriesProblemsAndPoints() throws {
        let out = try Self.tempDir()
        for week in ["2024-W10", "2024-W11"] {
            let r = try Self.run(["run", "--input", Self.fixture.path, "--output", out.path, "--week", week, "--template", Self.template])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let w10 = try Self.summary(out, "2024-W10")
        let w11 = try Self.summary(out, "2024-W11")
        let problems = w11["problems"] as? [String: Any] ?? [:]
        let units = problems["units"] as? [[String: Any]] ?? []
        #expect(units.map { $0["unit"] as? String ?? "" } == ["区发展和改革局", "区税务局", "区司法局", "区应急管理局", "江北镇"])
        #expect(Set(units.first?.keys.map { $0 } ?? []) == ["unit", "total", "done", "in_progress", "open", "overdue"])
        #expect(units.map { $0["overdue"] as? Int ?? -1 } == [1, 0, 0, 1, 1])
        let overdue = problems["overdue"] as? [[String: Any]] ?? []
        #expect(overdue.map { "\($0["id"] ?? ""):\($0["unit"] ?? ""):\($0["due"] ?? ""):\($0["days_overdue"] ?? "")" } == [
            "LJ-006:区应急管理局:2024-03-05:8", "LJ-002:区发展和改革局:2024-03-12:1", "LJ-007:江北镇:2024-03-12:1",
        ])
        let points = w11["points"] as? [[String: Any]] ?? []
        // See AssessmentTests for the hand count (articles, problems, samples and ledgers).
        #expect(points.map { $0["rank"] as? Int ?? 0 } == [6, 2, 1, 3, 3, 5])
        #expect(points.map { $0["week"] as? Double ?? 99 } == [-9, -4, 0, -5, -5, -8])
        #expect(points.map { $0["cumulative"] as? Double ?? 99 } == [-13, -7, 0.5, -7, -4, -10])
        // previous_rank is W10's own run's rank
        let w10Points = w10["points"] as? [[String: Any]] ?? []
        #expect(points.map { $0["previous_rank"] as? Int ?? 0 } == w10Points.map { $0["rank"] as? Int ?? -1 })
        // and null (present, not absent) in the first week
        #expect(w10Points.allSatisfy { $0.keys.contains("previous_rank") && $0["previous_rank"] is NSNull })
    }

    @Test func anEditedTemplateChangesTheWordingWithoutARebuild() throws {
        let out = try Self.tempDir()
        let edited = out.appendingPathComponent("我的模板.txt")
        var text = try String(contentsOfFile: Self.template, encoding: .utf8)
        text = text.replacingOccurrences(of: "四、问题整改", with: "四、负面问题整改情况")
        text += "逾期问题：{{#problems.overdue}}{{id}}/{{unit}}/{{days_overdue}}天；{{/problems.overdue}}\n"
        try text.write(to: edited, atomically: true, encoding: .utf8)
        let r = try Self.run(["run", "--input", Self.fixture.path, "--output", out.path, "--week", "2024-W11", "--template", edited.path])
        #expect(r.status == 0, "\(r.stderr)")
        let bulletin = try String(contentsOf: out.appendingPathComponent("2024-W11/周通报.txt"), encoding: .utf8)
        #expect(bulletin.contains("四、负面问题整改情况"))
        #expect(!bulletin.contains("四、问题整改\n"))
        #expect(bulletin.contains("逾期问题：LJ-006/区应急管理局/8天；LJ-002/区发展和改革局/1天；LJ-007/江北镇/1天；"))
    }

    @Test(.requires(.openpyxl))
    func problemAndAssessmentWorkbooks() throws {
        let out = try Self.tempDir()
        #expect(try Self.run(["run", "--input", Self.fixture.path, "--output", out.path, "--week", "2024-W11", "--template", Self.template]).status == 0)
        let script = """
            import sys, openpyxl, zipfile
            wb = openpyxl.load_workbook(sys.argv[1])
            print('|'.join(wb.sheetnames))
            ws = wb['问题明细']
            for row in ws.iter_rows(min_row=4, values_only=True):
                print(row[1], row[6], row[8], row[10] or '', row[11] if row[11] is not None else '')
            ws = wb['整改汇总']
            for row in ws.iter_rows(min_row=4, values_only=True):
                print(row[1], row[2], row[3], row[4], row[5], row[6])
            wb = openpyxl.load_workbook(sys.argv[2])
            print('|'.join(wb.sheetnames))
            ws = wb['考核得分']
            for row in ws.iter_rows(min_row=4, values_only=True):
                print(row[0], row[1], row[12], row[13], row[15], row[16])
            z = zipfile.ZipFile(sys.argv[2])
            chart = z.read('xl/charts/chart1.xml').decode()
            print('cached' if '<c:numCache>' in chart and '<c:strCache>' in chart else 'no-cache')
            """
        let text = try Self.python(script, [
            out.appendingPathComponent("2024-W11/问题整改清单.xlsx").path, out.appendingPathComponent("2024-W11/通报附表.xlsx").path,
        ])
        #expect(text.split(separator: "\n").map(String.init) == [
            "问题明细|整改汇总",
            "LJ-002 区发展和改革局 整改中 逾期 1",
            "LJ-001 区税务局 已整改  ",
            "LJ-003 区司法局 已整改  ",
            "LJ-004 区应急管理局 整改中  ",
            "LJ-006 区应急管理局 整改中 逾期 8",
            "LJ-007 江北镇 整改中 逾期 1",
            "区发展和改革局 1 0 1 0 1",
            "区税务局 1 1 0 0 0",
            "区司法局 1 1 0 0 0",
            "区应急管理局 2 0 2 0 1",
            "江北镇 1 0 1 0 1",
            "合计 6 2 4 0 3",
            "考核得分|稿件完成图|图表数据",
            "1 区司法局 0 0.5 2 上升1位",
            "2 区税务局 -4 -7 5 上升3位",
            "3 区应急管理局 -5 -7 3 持平",
            "3 江南街道 -5 -4 1 下降2位",
            "5 江北镇 -8 -10 3 下降2位",
            "6 区发展和改革局 -9 -13 6 持平",
            "cached",
        ])
    }

    @Test func checkNamesOverdueProblemsToTheResponsibleUnit() throws {
        let r = try Self.run(["check", "--input", Self.fixture.path, "--week", "2024-W11", "--unit", "区应急局"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("2024-W10/问题清单/江南街道.csv:7: 整改时限: [problem-overdue] 区应急管理局"))
        let submitter = try Self.run(["check", "--input", Self.fixture.path, "--week", "2024-W11", "--unit", "江南街道"])
        #expect(submitter.stdout.contains("2024-W11/问题清单/江南街道.csv:7: 整改时限: [bad-date]"))
    }
}
