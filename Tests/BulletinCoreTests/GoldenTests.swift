import Foundation
import Testing
@testable import BulletinCore

/// The bulletin text against golden files. Set UPDATE_GOLDEN=1 to rewrite them after an
/// intended change of wording, then review the diff.
@Suite struct GoldenTests {
    static let template = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("templates/周通报.txt")

    static let demo = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("input")

    func check(_ week: String, golden name: String, input: URL = Fixtures.linjiang) throws {
        let report = ReportBuilder.build(try Fixtures.campaign(week, input: input))
        let text = try BulletinRenderer.render(
            report, template: String(contentsOf: Self.template, encoding: .utf8), path: "templates/周通报.txt")
        let url = Fixtures.golden.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Fixtures.golden, withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        #expect(text == golden)
    }

    @Test func linjiangWeek10() throws { try check("2024-W10", golden: "linjiang-2024-W10.txt") }
    @Test func linjiangWeek11() throws { try check("2024-W11", golden: "linjiang-2024-W11.txt") }
    /// The demo's last week: the full 周通报 as district leaders receive it.
    @Test func demoLastWeek() throws { try check("2021-W36", golden: "boshan-2021-W36.txt", input: Self.demo) }

    @Test func anEditedTemplateChangesTheWording() throws {
        let report = ReportBuilder.build(try Fixtures.campaign("2024-W10"))
        let text = try BulletinRenderer.render(report, template: "第{{issue_no}}期 {{articles.total}}篇 {{submissions.missing_names}}", path: "t")
        #expect(text == "第1期 6篇 \n")
    }

    @Test func findingCodesReferenceIsCurrent() throws {
        let docs = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/finding-codes.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        #expect(text == FindingReference.markdown(), "docs/finding-codes.md is stale: run `bulletin codes > docs/finding-codes.md`")
    }

    /// The built-in template is templates/周通报.txt (scripts/embed_template.py writes it).
    @Test func theBuiltInTemplateIsTheShippedOne() throws {
        let shipped = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("templates/周通报.txt")
        #expect(BuiltInTemplate.text == (try String(contentsOf: shipped, encoding: .utf8)), "run scripts/embed_template.py")
    }
}

/// The 活动总结 template built into the binary is templates/活动总结.txt.
@Suite struct BuiltInSummaryTemplateTests {
    @Test func theBuiltInSummaryTemplateIsTheShippedOne() throws {
        let shipped = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("templates/活动总结.txt")
        #expect(BuiltInTemplate.summary == (try String(contentsOf: shipped, encoding: .utf8)), "run scripts/embed_template.py")
        #expect(TemplateKind.summary.builtInName == "内置模板（templates/活动总结.txt）")
    }
}
