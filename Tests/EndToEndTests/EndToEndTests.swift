import Foundation
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
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let cwd { process.currentDirectoryURL = cwd }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static func tempDir() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bulletin-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func files(in dir: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            out[name] = try Data(contentsOf: dir.appendingPathComponent(name))
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
        #expect(names == ["manifest.json", "summary.json", "周通报.txt", "数据问题清单.xlsx", "附件2_样本企业走访台账.xlsx", "附件3_宣传稿件统计表.xlsx"].sorted())
        // No staging folder is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["2024-W11"])

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
        #expect(Set(outputs.keys) == ["summary.json", "周通报.txt", "数据问题清单.xlsx", "附件2_样本企业走访台账.xlsx", "附件3_宣传稿件统计表.xlsx"])
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
        #expect(r.stdout.contains("2024-W10/宣传稿件统计表/区发改局.csv:7: 链接: [bad-link]"))
        #expect(r.stdout.contains("[articles-short] 区发展和改革局"))
    }

    @Test func checkForOneUnitByItsShortName() throws {
        let r = try Self.run(["check", "--input", Self.fixture.path, "--week", "2024-W10", "--unit", "区应急局", "--format", "json"])
        #expect(r.status == 0, "\(r.stdout)")
        let rows = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.isEmpty == true)

        let tax = try Self.run(["check", "--input", Self.fixture.path, "--week", "2024-W10", "--unit", "区税务局", "--format", "json"])
        #expect(tax.status == 1)
        let taxRows = try JSONSerialization.jsonObject(with: Data(tax.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(taxRows.allSatisfy { $0["unit"] as? String == "区税务局" })
        #expect(Set(taxRows.first?.keys.map { $0 } ?? []) == ["code", "severity", "unit", "file", "line", "column", "value", "message"])
        let spots = Set(taxRows.map { "\($0["file"] ?? ""):\($0["line"] ?? ""):\($0["column"] ?? ""):\($0["code"] ?? "")" })
        #expect(spots.contains("2024-W10/宣传稿件统计表/区税务局.csv:4:媒体级别:level-mismatch"))
        #expect(spots.contains("2024-W10/宣传稿件统计表/区税务局.csv:5:发布日期:date-after-report"))
        #expect(spots.contains("2024-W10/宣传稿件统计表:0::late-submission"))
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
        #expect(r.status != 0)
        #expect(try Self.files(in: out.appendingPathComponent("2024-W10")) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == ["2024-W10", "bad.txt"])
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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, book.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.split(separator: "\n") == ["稿件明细|完成情况", "autofilter", "frozen", "landscape", "hyperlinks"])
    }
}
