import Foundation
import Testing
@testable import BulletinCore

/// Issue 21 point 8: a file under the wrong name that names exactly one unit counts for it,
/// with a `misnamed-file` warning; two units, or a name and cells that disagree, count for
/// nobody and every unit concerned hears of it.
@Suite struct MisnamedFileTests: EditsFixture {
    static let articles = "单位名称,稿件标题,发布媒体,媒体级别,发布日期,链接,是否头版头条\n"
    static func list(_ unit: String, _ n: Int) -> String {
        articles + (1...n).map { "\(unit),\(unit)稿件\($0),临江发布,区级,2024-03-12,https://mp.weixin.qq.com/s/\(unit)\($0),否\n" }.joined()
    }

    func load(_ files: [String: String]) throws -> (Campaign, WeekReport, URL) {
        let root = try tree { root in
            for (path, text) in files { try write(text, path, in: root) }
        }
        let campaign = try Campaign.load(input: root, week: ISOWeek("2024-W11"))
        return (campaign, ReportBuilder.build(campaign), root)
    }

    @Test func aNameHoldingOneUnitCountsForItWithAWarning() throws {
        let dir = "2024-W11/宣传稿件统计表/"
        let (campaign, report, root) = try load([
            dir + "司法局第二周宣传稿件.csv": Self.list("区司法局", 3),
            dir + "附件3（区应急局）.csv": Self.list("区应急管理局", 2),
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let roster = campaign.roster
        let justice = try #require(roster.unitIndex(named: "区司法局"))
        let emergency = try #require(roster.unitIndex(named: "区应急管理局"))
        #expect(campaign.tree.files.first { $0.path == dir + "司法局第二周宣传稿件.csv" }?.unit == justice)
        #expect(campaign.tree.files.first { $0.path == dir + "附件3（区应急局）.csv" }?.unit == emergency)
        let misnamed = report.findings.filter { $0.code == .misnamedFile }
        #expect(misnamed.spots == [Spot(dir + "司法局第二周宣传稿件.csv", 0, "", .misnamedFile), Spot(dir + "附件3（区应急局）.csv", 0, "", .misnamedFile)])
        #expect(misnamed.allSatisfy { $0.severity == .warning })
        #expect(Set(misnamed.map(\.unit)) == ["区司法局", "区应急管理局"])
        // The expected name is given.
        #expect(misnamed.contains { $0.message.contains("区司法局.csv") })
        // Counted: the unit's articles are in, it is not 未报送.
        let baseline = ReportBuilder.build(try Fixtures.campaign("2024-W11"))
        let before = try #require(baseline.articles.units.first { $0.unit == justice }).counted
        let j = try #require(report.articles.units.first { $0.unit == justice })
        #expect(j.counted == before + 3)
        #expect(j.submission != .missing)
        // check --unit sees it; the unit's corrections put it on the file's sheet.
        let corrections = Corrections.unit(justice, report)
        #expect(corrections.files.contains { $0.file.path == dir + "司法局第二周宣传稿件.csv" && $0.findings.contains { $0.code == .misnamedFile } })
        #expect(FindingCode.misnamedFile.facts.tip != nil, "说明 lists it among the problems, with what to do")
    }

    @Test func twoUnitsOrADisagreeingCellCountForNobody() throws {
        let dir = "2024-W11/宣传稿件统计表/"
        let (campaign, report, root) = try load([
            dir + "司法局应急局合报.csv": Self.list("区司法局", 2),
            dir + "江北镇宣传稿件.csv": Self.list("江南街道", 2),
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        for path in ["司法局应急局合报.csv", "江北镇宣传稿件.csv"] {
            #expect(campaign.tree.files.first { $0.path == dir + path }?.unit == nil, "\(path)")
        }
        let misnamed = report.findings.filter { $0.code == .misnamedFile }
        #expect(misnamed.allSatisfy { $0.severity == .error })
        #expect(Set(misnamed.filter { $0.file == dir + "司法局应急局合报.csv" }.map(\.unit)) == ["区司法局", "区应急管理局"])
        #expect(Set(misnamed.filter { $0.file == dir + "江北镇宣传稿件.csv" }.map(\.unit)) == ["江北镇", "江南街道"])
        // Nothing of them counted.
        let justice = try #require(campaign.roster.unitIndex(named: "区司法局"))
        let baseline = ReportBuilder.build(try Fixtures.campaign("2024-W11"))
        #expect(report.articles.units.first { $0.unit == justice }?.counted == baseline.articles.units.first { $0.unit == justice }?.counted)
        // Each unit sees it on its 说明 sheet and in its 催报名单 line.
        let corrections = Corrections.unit(justice, report)
        #expect(corrections.other.contains { $0.code == .misnamedFile })
        let chase = ChaseList.context(ChaseList.week(report), report: report)
        let units = chase["units"] as? [[String: Any]] ?? []
        let listed = units.filter { ["区司法局", "区应急管理局", "江北镇", "江南街道"].contains($0["name"] as? String ?? "") }
        #expect(!listed.isEmpty)
        for line in listed {
            #expect((line["notes"] as? [String])?.isEmpty == false, "\(line["name"] ?? "")")
        }
    }

    @Test func aMisnamedLedgerTakesItsDayFromTheName() throws {
        let source = Fixtures.linjiang.appendingPathComponent("2024-W11/走访台账/江北镇_2024-03-12.csv")
        let text = try String(contentsOf: source, encoding: .utf8)
        let (campaign, report, root) = try load(["2024-W11/走访台账/江北镇3.12台账(1).csv": text])
        defer { try? FileManager.default.removeItem(at: root) }
        let file = try #require(campaign.tree.files.first { $0.path == "2024-W11/走访台账/江北镇3.12台账(1).csv" })
        #expect(file.unit == campaign.roster.unitIndex(named: "江北镇"))
        #expect(file.suffix == "2024-03-12")
        #expect(report.findings.contains { $0.code == .misnamedFile && $0.file == file.path && $0.severity == .warning })
        #expect(!report.findings.contains { $0.code == .badFileName && $0.file == file.path })
    }
}
