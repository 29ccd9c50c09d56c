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

    /// templates/周通报样式.docx is the built-in skeleton as a file (its sample document shows
    /// each style); UPDATE_GOLDEN=1 writes it again after a change of the built-in look.
    @Test func theShippedDocxStyleIsTheBuiltInOne() throws {
        let shipped = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("templates/\(DocxSkeleton.fileName)")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            _ = try BulletinDocx.write(
                BuiltInDocxSkeleton.sample, skeleton: .builtIn, title: "公文样式", issuer: "某区营商环境办公室",
                reportDate: Day(year: 2025, month: 1, day: 1)!, to: shipped)
        }
        let file = try DocxSkeleton.read(shipped, displayPath: "templates/\(DocxSkeleton.fileName)")
        let builtIn = DocxSkeleton.builtIn
        #expect(file.parts.map(\.path) == builtIn.parts.map(\.path))
        #expect(file.parts.map(\.data) == builtIn.parts.map(\.data), "UPDATE_GOLDEN=1 swift test --filter theShippedDocxStyle")
        #expect(file.sectionProperties == builtIn.sectionProperties)
    }

    /// Lines are styled by kind: title, issue, 一、 headings, （一） lead-ins, 落款, 版记.
    @Test func docxParagraphStyles() {
        let text = "标题\n工 作 周 通 报\n\n第2期\n\n一、总体情况\n　　（一）宣传稿件统计表。本周<应报>&送。\n　　正文。\n\n某办\n2025年1月3日\n\n报：领导\n送：各单位\n"
        let xml = BulletinDocx.documentXML(text, sectionProperties: "<w:sectPr/>", issuer: "某办", reportDate: "2025年1月3日")
        let styles = xml.components(separatedBy: "<w:pStyle w:val=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(styles == [
            "GWTitle", "GWTitle", "GWBody", "GWIssue", "GWBody", "GWHeading1", "GWBody", "GWBody", "GWBody", "GWSignature",
            "GWSignature", "GWRecord", "GWRecord",
        ])
        #expect(xml.contains("<w:rStyle w:val=\"GWHeading2Char\"/></w:rPr><w:t xml:space=\"preserve\">　　（一）宣传稿件统计表。</w:t>"))
        #expect(xml.contains("本周&lt;应报&gt;&amp;送。"))
        #expect(xml.hasSuffix("<w:sectPr/></w:body></w:document>"))
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
