import Foundation
import TestTools
import Testing

/// The bulletin a leader signs: short at any scale, edge weeks said plainly, files named
/// wrongly sent to the office, not shown as units (issue: a bulletin a district leader would sign).
@Suite struct BulletinScaleTests {
    typealias E = EndToEndTests

    /// A district of `units` units (a third lead units, a third responsible, a third 镇街) in
    /// which nobody sent anything, every unit has overdue problems and a broken article list:
    /// every list of the bulletin is as long as it can get.
    static func bigTree(units count: Int, problems: Int, plan extra: String = "") throws -> URL {
        let root = try E.tempDir().appendingPathComponent("in")
        let fm = FileManager.default
        func write(_ path: String, _ text: String) throws {
            let url = root.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try write(
            "plan.yaml",
            """
            campaign: 大规模测试市“营商环境”活动
            office: 大规模测试市营商环境办
            period: {start: 2025-03-03, end: 2025-03-28}
            visit_period: {start: 2025-03-03, end: 2025-03-07}
            samples_handled_since: 2024-01-01
            problems_clear_by: 2025-03-05
            quotas:
              samples_per_indicator: 5
            \(extra)
            """)
        let types = ["牵头单位", "责任单位", "镇街"]
        var units = "单位名称,单位类型,简称\n"
        var names: [String] = []
        for i in 0..<count {
            let type = types[i % 3]
            let name = type == "镇街" ? "第\(i)街道" : "市第\(i)局"
            names.append(name)
            units += "\(name),\(type),\n"
        }
        try write("roster/units.csv", units)
        let leads = names.enumerated().filter { $0.offset % 3 == 0 }.map(\.element)
        let responsible = names.enumerated().filter { $0.offset % 3 == 1 }.map(\.element)
        let towns = names.enumerated().filter { $0.offset % 3 == 2 }.map(\.element)
        var indicators = "指标名称,牵头单位,责任单位\n"
        for (i, lead) in leads.enumerated() { indicators += "指标\(i),\(lead),\(responsible[i % responsible.count])\n" }
        try write("roster/indicators.csv", indicators)
        try write("roster/media.csv", "媒体名称,媒体级别\n人民网,中央级\n")
        var enterprises = "企业名称,统一社会信用代码,所属镇街\n"
        for (i, town) in towns.enumerated() { enterprises += "企业\(i),\(Self.creditCode(i)),\(town)\n" }
        try write("roster/enterprises.csv", enterprises)
        // Every unit: an article list with a bad date row (a finding each).
        for name in names {
            try write(
                "2025-W10/宣传稿件统计表/\(name).csv",
                "序号,单位名称,稿件标题,发布媒体,媒体级别,发布日期,链接,是否头版头条,备注\n1,\(name),\(name)的稿件,人民网,中央级,2025-02-30,https://www.people.com.cn/\(name).html,否,\n")
        }
        var rows = "问题编号,问题来源,问题描述,企业名称,统一社会信用代码,责任单位,整改时限,整改状态,完成日期\n"
        for i in 0..<problems {
            rows += "P-\(i),走访发现,问题\(i),,,\(names[i % names.count]),2025-03-0\(1 + i % 4),未整改,\n"
        }
        try write("2025-W10/问题清单/\(names[0]).csv", rows)
        return root
    }

    /// A GB 32100 code with a valid check character, distinct for each `n`.
    static func creditCode(_ n: Int) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
        let body = "91110000" + String(format: "%09d", n)
        let sum = zip(body, weights).reduce(0) { $0 + (alphabet.firstIndex(of: $1.0) ?? 0) * $1.1 }
        return body + String(alphabet[(31 - sum % 31) % 31])
    }

    @Test func aCityWeekBulletinStaysABulletin() throws {
        let input = try Self.bigTree(units: 300, problems: 600)
        let out = try E.tempDir()
        let r = try E.run(["run", "--input", input.path, "--output", out.path, "--week", "2025-W10", "--template", E.template])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOf: out.appendingPathComponent("2025-W10/周通报.txt"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count <= 250)
        #expect(text.count <= 20_000)
        // The lists end by saying how many more there are and where.
        // One paragraph per topic (issue 23.7): the lists name max_listed and say where the rest are.
        #expect(text.contains("等600个逾期问题（详见附件5《问题整改清单》）"))
        #expect(text.contains("涉及300个单位，明细见附件6《数据问题清单》"), "one article finding per unit, no other")
        #expect(text.contains("等100个镇街（详见附件2《样本企业走访台账》）"))
        #expect(lines.filter { !$0.isEmpty }.count <= 45, "\(lines.count) lines")
        // No item list has more than max_listed (10) lines in a row.
        var run = 0, longest = 0
        for line in lines {
            run = line.hasSuffix("；") || line.hasSuffix("。") && line.contains("：") && !line.hasPrefix("　　另有") ? run + 1 : 0
            longest = max(longest, run)
        }
        #expect(longest <= 12)
    }

    @Test func maxListedIsThePlansToSay() throws {
        let input = try Self.bigTree(units: 30, problems: 40, plan: "bulletin: {max_listed: 3}")
        let out = try E.tempDir()
        let r = try E.run(["run", "--input", input.path, "--output", out.path, "--week", "2025-W10", "--template", E.template])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOf: out.appendingPathComponent("2025-W10/周通报.txt"), encoding: .utf8)
        // The overdue list: one paragraph, three items, most overdue first, then where the rest are.
        let overdue = text.split(separator: "\n").filter { $0.contains("已逾期") }
        #expect(overdue.count == 1)
        #expect(overdue.first?.components(separatedBy: "已逾期").count == 4)
        #expect(text.contains("等40个逾期问题（详见附件5《问题整改清单》）"))
        // 红榜 and 黑榜 too: ties never stretch them past max_listed without saying so.
        // Here 7 units tie for 红榜 and 4 for 黑榜: three of each are named, then the rest counted.
        #expect(text.contains("红榜（前3名，因得分并列共7个单位）："))
        #expect(text.contains("等7个单位（详见附件4《通报附表》）"))
        #expect(text.contains("黑榜（后3名，因得分并列共4个单位）："))
        #expect(text.contains("等4个单位（详见附件4《通报附表》）"))
        // Days overdue never increase down the list.
        let days = (overdue.first ?? "").components(separatedBy: "已逾期").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
        #expect(days == days.sorted(by: >))
    }

    @Test func noListEndsWithASemicolonAndNoZeroCounts() throws {
        for week in ["2024-W10", "2024-W11"] {
            let out = try E.tempDir()
            let r = try E.run(["run", "--input", E.fixture.path, "--output", out.path, "--week", week, "--template", E.template])
            #expect(r.status == 0, "\(r.stderr)")
            let text = try String(contentsOf: out.appendingPathComponent("\(week)/周通报.txt"), encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for (i, line) in lines.enumerated() where line.hasSuffix("；") {
                // The next line continues the list (same indentation, not a heading or blank).
                let next = i + 1 < lines.count ? lines[i + 1] : ""
                #expect(next.hasPrefix("　　") && !next.hasPrefix("　　另有"), "\(week): \(line) ends a list with ；")
            }
            #expect(!text.contains("错误0处") && !text.contains("警告0处"))
            #expect(!text.contains("2024-W"), "no ISO week code in the text")
            #expect(!text.contains("第—期"))
        }
    }

    @Test func aWeekAfterTheCampaignSaysSoAndNeitherRanksNorCompares() throws {
        let input = try E.tempDir().appendingPathComponent("in")
        try FileManager.default.copyItem(at: E.fixture, to: input)
        let week = input.appendingPathComponent("2024-W13/宣传稿件统计表")
        try FileManager.default.createDirectory(at: week, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: E.fixture.appendingPathComponent("2024-W11/宣传稿件统计表/区发展和改革局.csv"),
            to: week.appendingPathComponent("区发展和改革局.csv"))
        let out = try E.tempDir()
        let r = try E.run(["run", "--input", input.path, "--output", out.path, "--week", "2024-W13", "--template", E.template])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("不在活动期"))
        let text = try String(contentsOf: out.appendingPathComponent("2024-W13/周通报.txt"), encoding: .utf8)
        #expect(text.contains("不在活动期（2024年3月6日—3月20日）内"))
        #expect(text.contains("活动期外"))
        #expect(!text.contains("第—期"))
        #expect(!text.contains("红榜") && !text.contains("黑榜") && !text.contains("名　"))
        #expect(!text.contains("较上周"))
        #expect(text.contains("附件3 宣传稿件统计表1份，来自1个单位（区发展和改革局）。"))
        // Nothing is expected outside the campaign: no shortfall in check, nobody chased, no ranking sheet.
        let check = try E.run(["check", "--input", input.path, "--week", "2024-W13", "--format", "json"])
        let codes = (try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        #expect(!codes.contains { ["missing-submission", "samples-short", "visits-short", "problem-overdue", "articles-short"].contains($0) }, "\(codes)")
        let chase = try String(contentsOf: out.appendingPathComponent("2024-W13/催报名单.txt"), encoding: .utf8)
        #expect(chase.contains("均已收到"))
        // A week's plan.yaml that extends the campaign makes it 第N期 again.
        try "period: {start: 2024-03-06, end: 2024-03-28}\n".write(
            to: input.appendingPathComponent("2024-W13/plan.yaml"), atomically: true, encoding: .utf8)
        let again = try E.run(["run", "--input", input.path, "--output", out.path, "--week", "2024-W13", "--template", E.template])
        #expect(again.status == 0, "\(again.stderr)")
        let extended = try String(contentsOf: out.appendingPathComponent("2024-W13/周通报.txt"), encoding: .utf8)
        #expect(extended.contains("第4期"))
        #expect(!again.stderr.contains("不在活动期"))
    }

    /// Issue 21 point 8: a name holding one unit's name (`附件3_区发展和改革局.csv`, `税务局.csv`)
    /// counts for that unit, with a `misnamed-file` warning giving the expected name.
    @Test func aFileNamedAfterTheAttachmentCountsForTheUnitItNames() throws {
        let input = try E.tempDir().appendingPathComponent("in")
        try FileManager.default.copyItem(at: E.fixture, to: input)
        let folder = input.appendingPathComponent("2024-W11/宣传稿件统计表")
        try FileManager.default.moveItem(
            at: folder.appendingPathComponent("区发展和改革局.csv"), to: folder.appendingPathComponent("附件3_区发展和改革局.csv"))
        try FileManager.default.moveItem(
            at: folder.appendingPathComponent("区税务局_第2周.csv"), to: folder.appendingPathComponent("税务局.csv"))
        let r = try E.run(["check", "--input", input.path, "--week", "2024-W11", "--format", "json"])
        let findings = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(!findings.contains { $0["code"] as? String == "unknown-unit-file" })
        let misnamed = findings.filter { $0["code"] as? String == "misnamed-file" }
        #expect(misnamed.count == 2)
        for f in misnamed {
            #expect(f["severity"] as? String == "warning")
            #expect(f["line"] as? Int == 0)
        }
        let byFile = Dictionary(uniqueKeysWithValues: misnamed.map { ($0["file"] as? String ?? "", $0) })
        #expect(byFile["2024-W11/宣传稿件统计表/附件3_区发展和改革局.csv"]?["unit"] as? String == "区发展和改革局")
        #expect((byFile["2024-W11/宣传稿件统计表/附件3_区发展和改革局.csv"]?["message"] as? String)?.contains("「区发展和改革局.csv」") == true)
        #expect(byFile["2024-W11/宣传稿件统计表/税务局.csv"]?["unit"] as? String == "区税务局")

        let out = try E.tempDir()
        // The default bulletin counts units in one line; a template listing them names the office.
        let listing = out.appendingPathComponent("列出单位.txt")
        try (try String(contentsOfFile: E.template, encoding: .utf8)
            + "{{#quality.units}}\n　　{{unit}}：{{counts_text}}{{sep}}{{/quality.units}}\n").write(to: listing, atomically: true, encoding: .utf8)
        let run = try E.run(["run", "--input", input.path, "--output", out.path, "--week", "2024-W11", "--template", listing.path])
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOf: out.appendingPathComponent("2024-W11/周通报.txt"), encoding: .utf8)
        #expect(!text.contains("附件3：") && !text.contains("　　税务局："))

        let unit = try E.run(["check", "--input", input.path, "--week", "2024-W11", "--unit", "税务局"])
        #expect(unit.status == 64)
        #expect(unit.stderr.contains("是否为「区税务局」"))
    }

    /// The demo: the sample lists are due 8月30日 12:00, after the first bulletin (8月27日).
    @Test func theDemosFirstWeekWaitsForTheSampleDeadline() throws {
        let out = try E.tempDir()
        let r = try E.run(["run", "--input", E.repo.appendingPathComponent("input").path, "--output", out.path, "--all", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let first = try String(contentsOf: out.appendingPathComponent("2021-W34/周通报.txt"), encoding: .utf8)
        #expect(!first.contains("样本不足"))
        #expect(first.contains("报送时限为8月30日12:00，本期尚未到期"))
        #expect(!first.contains("尽快报送样本企业汇总表"))
        // Nor does the first week ask 镇街 to speed up visits that have not started.
        #expect(first.contains("企业走访尚未开始") && !first.contains("加快走访进度"))
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("2021-W34/summary.json"))) as? [String: Any]
        let samples = summary?["samples"] as? [[String: Any]] ?? []
        #expect(!samples.isEmpty && samples.allSatisfy { $0["submission"] as? String != "未报送" })
        // From the second week the lists are due.
        let second = try String(contentsOf: out.appendingPathComponent("2021-W35/周通报.txt"), encoding: .utf8)
        #expect(second.contains("样本不足"))
        // No unit is both over and short of its article quota in any week.
        for week in ["2021-W34", "2021-W35", "2021-W36"] {
            let text = try String(contentsOf: out.appendingPathComponent("\(week)/周通报.txt"), encoding: .utf8)
            for line in text.split(separator: "\n") { #expect(!(line.contains("稿件超额") && line.contains("稿件不足")), "\(line)") }
        }
        // The 公文 parts of the demo plan.
        let last = try String(contentsOf: out.appendingPathComponent("2021-W36/周通报.txt"), encoding: .utf8)
        #expect(last.contains("\n报：区委、区政府主要领导") && last.contains("\n送：各成员单位"))
        #expect(last.contains("附件：1.样本企业汇总表") && last.contains("　　　　　4.通报附表"))
        // verify --all checks 总结/ too.
        #expect(try E.run(["verify", "--input", E.repo.appendingPathComponent("input").path, "--output", out.path, "--all"]).status == 0)
        let summaryText = out.appendingPathComponent("总结/活动总结.txt")
        try (try String(contentsOf: summaryText, encoding: .utf8) + "改").write(to: summaryText, atomically: true, encoding: .utf8)
        let changed = try E.run(["verify", "--input", E.repo.appendingPathComponent("input").path, "--output", out.path, "--all"])
        #expect(changed.status == 1)
        #expect(changed.stdout.contains("总结：不一致") && changed.stdout.contains("活动总结.txt"))
    }

    /// Print: page numbers on every sheet, wrapped rows as tall as their text, no sheet that is
    /// only a header, the chart without 镇街 that have no quota.
    @Test(.requires(.openpyxl))
    func everySheetPrintsWithPageNumbersAndFits() throws {
        let out = try E.tempDir()
        let r = try E.run(["run", "--input", E.repo.appendingPathComponent("input").path, "--output", out.path, "--week", "2021-W36"])
        #expect(r.status == 0, "\(r.stderr)")
        let week = out.appendingPathComponent("2021-W36")
        let script = """
            import sys, os, glob, openpyxl
            bad = []
            for path in sorted(glob.glob(os.path.join(sys.argv[1], '**', '*.xlsx'), recursive=True)):
                wb = openpyxl.load_workbook(path)
                marked = os.sep + '退回修改' + os.sep in path
                for ws in wb.worksheets:
                    if ws.sheet_state == 'hidden':
                        continue
                    if ws.oddFooter.center.text != '第 &P 页 共 &N 页':
                        bad.append(os.path.basename(path) + '/' + ws.title)
                    if ws.max_row <= 3 and ws.title != '稿件完成图' and not marked:
                        bad.append('header only: ' + os.path.basename(path) + '/' + ws.title)
                    scale = ws.page_setup.scale
                    if ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage:
                        pass
                    elif scale is not None and int(scale) < 60:
                        bad.append('scale: ' + ws.title)
            print('footers', 'ok' if not bad else bad)
            daily = openpyxl.load_workbook(os.path.join(sys.argv[1], '附件2_样本企业走访台账.xlsx'))['每日报送']
            print(daily.cell(4, 1).value)
            book = openpyxl.load_workbook(os.path.join(sys.argv[1], '通报附表.xlsx'))
            data = book['图表数据']
            print(data.sheet_state, data.max_row - 1)
            scores = book['考核得分']
            header = [c.value for c in scores[3]]
            quotas = [r[header.index('稿件任务数')] for r in scores.iter_rows(min_row=4, values_only=True)]
            print(sum(1 for q in quotas if q and q > 0), sum(1 for q in quotas if q == 0))
            findings = openpyxl.load_workbook(os.path.join(sys.argv[1], '数据问题清单.xlsx'))['问题明细']
            header = [c.value for c in findings[3]]
            col = header.index('问题') + 1
            width = findings.column_dimensions[openpyxl.utils.get_column_letter(col)].width
            tall = [r for r in range(4, findings.max_row + 1) if len(str(findings.cell(r, col).value or '')) * 2 > width * 1.2]
            print(len(tall) > 0, all((findings.row_dimensions[r].height or 15) > 15 for r in tall))
            """
        let lines = try E.python(script, [week.path]).split(separator: "\n").map(String.init)
        #expect(lines.first == "footers ok")
        #expect(lines.dropFirst().first == "本期没有走访台账报送日。")
        // The chart's hidden data: the units with a quota (34 in the demo), none of the 10 镇街 without one.
        #expect(lines.dropFirst(2).first == "hidden 34")
        #expect(lines.dropFirst(3).first == "34 10")
        #expect(lines.dropFirst(4).first == "True True")
    }

    @Test func everyOptionOfTheHelpIsInChinese() throws {
        for command in ["run", "check", "verify", "codes"] {
            let r = try E.run([command, "--help"])
            #expect(r.status == 0)
            let options = (r.stdout.components(separatedBy: "OPTIONS:").last ?? "").split(separator: "\n").map(String.init)
            #expect(!options.isEmpty)
            for (i, line) in options.enumerated() where line.hasPrefix("  -") {
                // An option's help is on its line, or on the next when the name is long.
                let help = line + (i + 1 < options.count && !options[i + 1].hasPrefix("  -") ? options[i + 1] : "")
                #expect(help.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(command): \(line)")
                #expect(!help.contains("(default:") && !help.contains("(values:"), "\(command): \(line)")
            }
        }
    }
}
