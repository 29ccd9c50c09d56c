import Foundation
import TestTools
import Testing

/// `run --all`'s 总结/: 考核结果表.xlsx, 活动总结.txt, summary.json and manifest.json, checked
/// against the weeks' own outputs on the demo (three weeks, final) and on the fixture (two
/// week folders of a three-week campaign: 截至 its second report).
@Suite(.serialized) struct SummaryTests {
    typealias E = EndToEndTests

    static let demo = E.repo.appendingPathComponent("input")
    static let summaryTemplate = E.repo.appendingPathComponent("templates/活动总结.txt").path

    struct Tree {
        var name: String
        var input: URL
        var weeks: [String]
        var summaryWeeks: [String]
        var final: Bool
    }

    static let trees = [
        Tree(name: "boshan-2021", input: demo, weeks: ["2021-W34", "2021-W35", "2021-W36"],
             summaryWeeks: ["2021-W34", "2021-W35", "2021-W36"], final: true),
        Tree(name: "linjiang-2024", input: E.fixture, weeks: ["2024-W10", "2024-W11", "2024-W12"],
             summaryWeeks: ["2024-W10", "2024-W11"], final: false),
    ]

    static func runAll(_ tree: Tree, into out: URL) throws -> E.Result {
        try E.run([
            "run", "--input", tree.input.path, "--output", out.path, "--all", "--template", E.template,
            "--summary-template", summaryTemplate,
        ])
    }

    static func json(_ url: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
    }

    @Test(arguments: trees)
    func everyWeekEqualsItsOwnRunAndTheSummaryAddsUp(_ tree: Tree) throws {
        let all = try E.tempDir(), one = try E.tempDir()
        let r = try Self.runAll(tree, into: all)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("总结"))
        let folders = try FileManager.default.contentsOfDirectory(atPath: all.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(folders == (tree.weeks + ["总结"]).sorted())

        // Each week: the bytes `run --week W` writes.
        var ownPoints: [String: [String: Double]] = [:]
        var cumulative: [String: [String: Double]] = [:]
        for week in tree.weeks {
            let single = try E.run(["run", "--input", tree.input.path, "--output", one.path, "--week", week, "--template", E.template])
            #expect(single.status == 0, "\(single.stderr)")
            let a = try E.files(in: all.appendingPathComponent(week)), b = try E.files(in: one.appendingPathComponent(week))
            #expect(a.keys.sorted() == b.keys.sorted())
            for (name, data) in a { #expect(b[name] == data, "\(week)/\(name) differs") }
            let points = try Self.json(one.appendingPathComponent("\(week)/summary.json"))["points"] as? [[String: Any]] ?? []
            for p in points {
                let unit = p["unit"] as? String ?? ""
                ownPoints[week, default: [:]][unit] = p["week"] as? Double
                cumulative[week, default: [:]][unit] = p["cumulative"] as? Double
            }
        }

        let folder = all.appendingPathComponent("总结")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["manifest.json", "summary.json", "活动总结.txt", "活动总结.docx", "考核结果表.xlsx"].sorted())
        let summary = try Self.json(folder.appendingPathComponent("summary.json"))
        #expect(summary["final"] as? Bool == tree.final)
        let weeks = (summary["weeks"] as? [[String: Any]] ?? []).map { $0["week"] as? String ?? "" }
        #expect(weeks == tree.summaryWeeks)
        let units = summary["units"] as? [[String: Any]] ?? []
        let last = tree.summaryWeeks.last ?? ""
        #expect(units.count == ownPoints[last]?.count)
        #expect(!units.isEmpty)
        for u in units {
            let unit = u["unit"] as? String ?? ""
            let byWeek = u["weeks"] as? [String: Double] ?? [:]
            #expect(Set(byWeek.keys) == Set(tree.summaryWeeks), "\(unit)")
            for week in tree.summaryWeeks {
                #expect(byWeek[week] == ownPoints[week]?[unit], "\(unit) \(week): weekly points differ from the week's summary.json")
            }
            #expect(u["total"] as? Double == cumulative[last]?[unit], "\(unit): total is not \(last)'s cumulative")
        }
        // Ranks order the totals, ties sharing a rank (1, 1, 3 …).
        let totals = units.map { $0["total"] as? Double ?? .nan }
        let ranks = units.map { $0["rank"] as? Int ?? 0 }
        for i in units.indices {
            #expect(ranks[i] == 1 + totals.filter { $0 > totals[i] }.count, "rank of \(units[i]["unit"] ?? "")")
        }
        // The manifest lists every other file of 总结/ with its digest.
        let manifest = try Self.json(folder.appendingPathComponent("manifest.json"))
        let outputs = manifest["outputs"] as? [String: String] ?? [:]
        #expect(Set(outputs.keys) == ["summary.json", "活动总结.txt", "活动总结.docx", "考核结果表.xlsx"])
        let inputs = manifest["inputs"] as? [String: String] ?? [:]
        #expect(inputs[Self.summaryTemplate] != nil && inputs["plan.yaml"] != nil && inputs["roster/units.csv"] != nil)
        #expect((manifest["template"] as? String) == Self.summaryTemplate)

        // 活动总结.txt: the golden file; it says whether 清零 was reached, names no person.
        let text = try String(contentsOf: folder.appendingPathComponent("活动总结.txt"), encoding: .utf8)
        let golden = E.repo.appendingPathComponent("Tests/Fixtures/golden/\(tree.name)-活动总结.txt")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try text.write(to: golden, atomically: true, encoding: .utf8)
        }
        #expect(text == (try String(contentsOf: golden, encoding: .utf8)), "differs from \(golden.lastPathComponent)")
        let clearance = (summary["problems"] as? [String: Any])?["clearance"] as? String
        switch clearance {
        case "reached": #expect(text.contains("实现问题清零"))
        case "missed": #expect(text.contains("未能在清零时限"))
        default: #expect(text.contains("尚未实现问题清零"))
        }
        #expect(text.contains(tree.final ? "工 作 总 结" : "截至"))
        #expect(text.range(of: #"1[3-9]\d{9}"#, options: .regularExpression) == nil, "a mobile number in the summary")

        // A second run writes the same bytes.
        let again = try E.tempDir()
        #expect(try Self.runAll(tree, into: again).status == 0)
        #expect(try E.files(in: again.appendingPathComponent("总结")) == E.files(in: folder))
    }

    @Test(.requires(.openpyxl), arguments: trees)
    func theResultsWorkbookOpensAndNamesEveryUnit(_ tree: Tree) throws {
        let out = try E.tempDir()
        #expect(try Self.runAll(tree, into: out).status == 0)
        let book = out.appendingPathComponent("总结/考核结果表.xlsx")
        let script = """
            import sys, zipfile, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            print("|".join(wb.sheetnames))
            ws = wb["考核结果"]
            print("|".join(str(c.value) for c in ws[3]))
            print("|".join(str(ws.cell(row=r, column=2).value) for r in range(4, ws.max_row + 1)))
            z = zipfile.ZipFile(sys.argv[1])
            print("chart" if any(n.startswith("xl/charts/chart") for n in z.namelist()) else "no-chart")
            s1 = z.read("xl/worksheets/sheet1.xml").decode()
            print("landscape" if 'orientation="landscape"' in s1 else "portrait")
            print("footer" if "<oddFooter>&amp;C第 &amp;P 页 共 &amp;N 页</oddFooter>" in s1 else "no-footer")
            """
        let lines = try E.python(script, [book.path]).split(separator: "\n").map(String.init)
        #expect(lines.count == 6)
        guard lines.count == 6 else { return }
        #expect(lines[0] == "考核结果|累计得分走势")
        let issues = (1...tree.summaryWeeks.count).map { "第\($0)期" }
        #expect(lines[1].hasPrefix((["序号", "单位名称", "单位类型"] + issues + ["累计得分", "名次"]).joined(separator: "|")))
        let roster = try String(contentsOf: tree.input.appendingPathComponent("roster/units.csv"), encoding: .utf8)
            .split(whereSeparator: \.isNewline).dropFirst().map { String($0.split(separator: ",").first ?? "") }
        #expect(lines[2].split(separator: "|").map(String.init) == roster)
        #expect(Array(lines[3...]) == ["chart", "landscape", "footer"])
    }

    /// LibreOffice opens the workbook and finds every unit in it.
    @Test(.requires(.libreOffice), arguments: trees.prefix(1))
    func libreOfficeOpensTheResultsWorkbook(_ tree: Tree) throws {
        let out = try E.tempDir()
        #expect(try Self.runAll(tree, into: out).status == 0)
        let converted = out.appendingPathComponent("lo")
        let status = try E.libreOffice(
            convert: [out.appendingPathComponent("总结/考核结果表.xlsx").path], to: "csv:Text - txt - csv (StarCalc):44,34,76",
            outdir: converted, profile: out)
        #expect(status == 0)
        let csv = (try? String(contentsOf: converted.appendingPathComponent("考核结果表.csv"), encoding: .utf8)) ?? ""
        let units = (try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("总结/summary.json"))) as? [String: Any])?["units"] as? [[String: Any]] ?? []
        #expect(!units.isEmpty)
        for u in units { #expect(csv.contains(u["unit"] as? String ?? "?"), "LibreOffice's copy lacks \(u["unit"] ?? "")") }
    }
}
