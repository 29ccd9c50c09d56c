import Foundation
import Testing

/// 重点任务 through the built binary: the 滨海新区 example (examples/binhai), the demo's
/// 工作总结及案例, and `verify` naming a deliverable that changed.
@Suite(.serialized) struct TaskEndToEndTests {
    typealias E = EndToEndTests
    static let binhai = E.repo.appendingPathComponent("examples/binhai")
    static let demo = E.repo.appendingPathComponent("input")

    static func json(_ url: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
    }

    static func tasks(_ url: URL) throws -> [String: [String: Any]] {
        let list = try json(url)["tasks"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: list.map { ($0["name"] as? String ?? "", $0) })
    }

    /// The 滨海新区 campaign, every week and the summary: its four tasks with their 完成时限
    /// as the 方案 writes them, late and missing units, the points of a deliverable that came
    /// after the report day, and 总结/'s final standing.
    @Test func theBinhaiExampleRunsAndCountsItsTasks() throws {
        let out = try E.tempDir()
        let r = try E.run(["run", "--input", Self.binhai.path, "--output", out.path, "--all", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let w44 = try Self.tasks(out.appendingPathComponent("2022-W44/summary.json"))
        #expect(Set(w44.keys) == ["企业全量样本名单", "惠企政策及解读文件", "企业服务情况", "问题整改落实情况"])
        #expect(w44["企业全量样本名单"]?["due"] as? String == "2022-10-28")
        #expect(w44["企业全量样本名单"]?["missing"] as? [String] == ["区规划资源局"])
        #expect(w44["惠企政策及解读文件"]?["late"] as? Int == 1)
        #expect(w44["惠企政策及解读文件"]?["missing"] as? [String] == ["区司法局"])
        #expect(w44["企业服务情况"]?["missing"] as? [String] == ["区网格化管理中心", "区司法局"])
        #expect(w44["问题整改落实情况"]?["missing"] as? [String] == [])

        // 区住房建设委's list came on the Saturday after the report day: listed 迟报, scored as missing.
        let w43 = try Self.json(out.appendingPathComponent("2022-W43/summary.json"))
        let points = (w43["points"] as? [[String: Any]] ?? []).first { $0["unit"] as? String == "区住房建设委" }
        let text43 = try String(contentsOf: out.appendingPathComponent("2022-W43/周通报.txt"), encoding: .utf8)
        #expect(text43.contains("企业全量样本名单（牵头单位，完成时限10月28日）：应报5个、已报4个（迟报1个）、未报1个：区规划资源局"))
        #expect(text43.contains("区住房建设委") && (points?["week"] as? Double).map { $0 < 0 } == true)

        let summary = try Self.json(out.appendingPathComponent("总结/summary.json"))
        let final = (summary["tasks"] as? [[String: Any]] ?? []).first { $0["name"] as? String == "惠企政策及解读文件" }
        let units = final?["units"] as? [String: String] ?? [:]
        #expect(units["区商务局"] == "迟报" && units["区司法局"] == "未报送" && units["区税务局"] == "按时")
        let closing = try String(contentsOf: out.appendingPathComponent("总结/活动总结.txt"), encoding: .utf8)
        #expect(closing.contains("重点任务完成情况"))
        // The manifest lists each deliverable with its size and digest.
        let manifest = try Self.json(out.appendingPathComponent("2022-W44/manifest.json"))
        let listed = (manifest["deliverables"] as? [[String: Any]] ?? []).compactMap { $0["file"] as? String }
        #expect(listed.contains("2022-W44/材料报送/区税务局_惠企政策及解读文件_解读.docx"))
        // The same inputs give the same bytes.
        let again = try E.tempDir()
        #expect(try E.run(["run", "--input", Self.binhai.path, "--output", again.path, "--week", "2022-W44", "--jobs", "1", "--quiet"]).status == 0)
        #expect(try E.files(in: again.appendingPathComponent("2022-W44")) == E.files(in: out.appendingPathComponent("2022-W44")))
    }

    /// The demo's 周通报 and 活动总结 show 工作总结及案例; 通报附表 has its column.
    @Test func theDemoShowsItsTask() throws {
        let out = try E.tempDir()
        let r = try E.run(["run", "--input", Self.demo.path, "--output", out.path, "--all", "--quiet", "--template", E.template])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOf: out.appendingPathComponent("2021-W36/周通报.txt"), encoding: .utf8)
        #expect(text.contains("工作总结及案例（牵头单位，完成时限9月10日17:00）：应报24个、已报23个（迟报1个）、未报1个：区统计局"))
        let closing = try String(contentsOf: out.appendingPathComponent("总结/活动总结.txt"), encoding: .utf8)
        #expect(closing.contains("迟报：区水利局。") && closing.contains("未报送：区统计局。"))
        // `check` names the due task's late and missing units at 材料报送.
        let check = try E.run(["check", "--input", Self.demo.path, "--week", "2021-W36", "--format", "json"])
        let findings = (try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [[String: Any]]) ?? []
        let spots = Set(findings.filter { $0["file"] as? String == "2021-W36/材料报送" }.map {
            "\($0["unit"] as? String ?? "") \($0["code"] as? String ?? "")"
        })
        #expect(spots == ["区水利局 late-submission", "区统计局 missing-submission"])
    }

    /// `verify` names a deliverable added, changed or removed since the week was written.
    @Test func verifyNamesAChangedDeliverable() throws {
        let base = try E.tempDir()
        let input = base.appendingPathComponent("in"), output = base.appendingPathComponent("out")
        try FileManager.default.copyItem(at: Self.binhai, to: input)
        let args = ["--input", input.path, "--output", output.path, "--week", "2022-W44"]
        #expect(try E.run(["run"] + args).status == 0)
        #expect(try E.run(["verify"] + args).status == 0)
        let folder = input.appendingPathComponent("2022-W44/材料报送")
        let changed = "2022-W44/材料报送/区税务局_惠企政策及解读文件.pdf"
        try Data("改过的材料".utf8).write(to: input.appendingPathComponent(changed))
        let added = "2022-W44/材料报送/区司法局_惠企政策及解读文件.pdf"
        try Data("补报".utf8).write(to: folder.appendingPathComponent("区司法局_惠企政策及解读文件.pdf"))
        let removed = "2022-W44/材料报送/区商务局_企业服务情况.docx"
        try FileManager.default.removeItem(at: input.appendingPathComponent(removed))
        let r = try E.run(["verify"] + args)
        #expect(r.status == 1)
        #expect(r.stdout.contains("输入已改动：\(changed)"), "\(r.stdout)")
        #expect(r.stdout.contains("输入新增：\(added)"), "\(r.stdout)")
        #expect(r.stdout.contains("输入已删除：\(removed)"), "\(r.stdout)")
    }
}
