import Foundation
import TestTools
import Testing

/// 周通报.docx: the bulletin as a 公文, the same text as 周通报.txt (issue: the office's own formats).
@Suite struct DocxTests {
    typealias E = EndToEndTests

    static func unzip(_ path: String, _ member: String) throws -> String {
        String(decoding: try E.zipMember(path, member), as: UTF8.self)
    }

    func runFixture(_ week: String, _ extra: [String] = [], input: URL = E.fixture) throws -> URL {
        let out = try E.tempDir()
        let r = try E.run(["run", "--input", input.path, "--output", out.path, "--week", week, "--template", E.template] + extra)
        #expect(r.status == 0, "\(r.stderr)")
        return out.appendingPathComponent(week)
    }

    @Test func theDocumentXMLMatchesItsGoldenFile() throws {
        let week = try runFixture("2024-W11")
        let xml = try Self.unzip(week.appendingPathComponent("周通报.docx").path, "word/document.xml")
        let golden = E.repo.appendingPathComponent("Tests/Fixtures/golden/docx/linjiang-2024-W11-document.xml")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try xml.write(to: golden, atomically: true, encoding: .utf8)
        }
        #expect(xml == (try String(contentsOf: golden, encoding: .utf8)))
        // Page, fonts and the page-number field.
        let docx = week.appendingPathComponent("周通报.docx").path
        #expect(xml.contains(#"<w:pgSz w:w="11906" w:h="16838"/>"#))
        #expect(xml.contains(#"w:top="2098" w:right="1474" w:bottom="1984" w:left="1587""#))
        let styles = try Self.unzip(docx, "word/styles.xml")
        for font in ["方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"] { #expect(styles.contains("w:eastAsia=\"\(font)\""), "\(font)") }
        #expect(try Self.unzip(docx, "word/footer1.xml").contains("<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>"))
        // manifest.json lists it and names the style it was made with.
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: week.appendingPathComponent("manifest.json"))) as? [String: Any]
        #expect((manifest?["outputs"] as? [String: String])?["周通报.docx"] != nil)
        #expect((manifest?["docx_style"] as? String)?.hasSuffix("周通报样式.docx") == true)
    }

    @Test func twoRunsGiveTheSameBytes() throws {
        let a = try Data(contentsOf: runFixture("2024-W10").appendingPathComponent("周通报.docx"))
        let b = try Data(contentsOf: runFixture("2024-W10").appendingPathComponent("周通报.docx"))
        #expect(a == b)
    }

    @Test(.requires(.pythonDocx))
    func itsParagraphsAreTheTextsLines() throws {
        let out = try E.tempDir()
        let r = try E.run(["run", "--input", E.repo.appendingPathComponent("input").path, "--output", out.path, "--all", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        for week in ["2021-W34", "2021-W35", "2021-W36"] {
            let folder = out.appendingPathComponent(week)
            let script = """
                import sys, docx
                d = docx.Document(sys.argv[1])
                lines = open(sys.argv[2], encoding='utf-8').read().split('\\n')
                if lines[-1] == '':
                    lines.pop()
                # The .docx leaves out the blank lines between sections and breaks a long
                # 落款 inside its paragraph (issue 23.7, 23.8): the same text otherwise.
                print([p.text.replace('\\n', '') for p in d.paragraphs if p.text] == [l for l in lines if l])
                s = d.sections[0]
                print(round(s.page_width.mm), round(s.page_height.mm), round(s.top_margin.mm), round(s.bottom_margin.mm),
                      round(s.left_margin.mm), round(s.right_margin.mm))
                styles = [p.style.name for p in d.paragraphs]
                # One 一级标题 per numbered section of the text (重点任务 is there only in a week a task is due).
                import re
                sections = sum(1 for l in lines if re.match('^[一二三四五六七八九十]+、', l))
                print(styles[0], styles.count('一级标题') == sections, styles.count('落款'), styles.count('版记'))
                """
            let lines = try E.python(script, [folder.appendingPathComponent("周通报.docx").path, folder.appendingPathComponent("周通报.txt").path])
                .split(separator: "\n").map(String.init)
            #expect(lines == ["True", "210 297 37 35 28 26", "公文标题 True 2 2"], "\(week)")
        }
    }

    @Test(.requires(.libreOffice))
    func libreOfficeOpensItAndPdfIsRepeatable() throws {
        let a = try runFixture("2024-W11", ["--pdf"])
        for name in ["周通报.pdf", "通报附表.pdf", "附件3_宣传稿件统计表.pdf"] {
            #expect(FileManager.default.fileExists(atPath: a.appendingPathComponent(name).path), "\(name)")
        }
        let pdf = try Data(contentsOf: a.appendingPathComponent("周通报.pdf"))
        #expect(pdf.starts(with: Data("%PDF".utf8)))
        let b = try runFixture("2024-W11", ["--pdf"])
        #expect(pdf == (try Data(contentsOf: b.appendingPathComponent("周通报.pdf"))))
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: a.appendingPathComponent("manifest.json"))) as? [String: Any]
        #expect((manifest?["outputs"] as? [String: String])?["周通报.pdf"] != nil)
    }

    @Test func pdfWithoutLibreOfficeSaysSoAndSucceeds() throws {
        let out = try E.tempDir()
        let r = try E.run(
            ["run", "--input", E.fixture.path, "--output", out.path, "--week", "2024-W11", "--template", E.template, "--pdf"],
            environment: ["PATH": "/nonexistent"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("未找到 LibreOffice"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("2024-W11/周通报.docx").path))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("2024-W11/周通报.pdf").path))
    }

    /// The office restyles templates/周通报样式.docx; a copy beside the template is used.
    @Test func anOfficesOwnStyleIsUsed() throws {
        let folder = try E.tempDir()
        try FileManager.default.copyItem(atPath: E.template, toPath: folder.appendingPathComponent("周通报.txt").path)
        let skeleton = E.repo.appendingPathComponent("templates/周通报样式.docx")
        // Restyled: the body font changed in styles.xml (rezipped with the system zip).
        let work = try E.tempDir()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        p.arguments = ["-q", skeleton.path, "-d", work.path]
        try p.run()
        p.waitUntilExit()
        let stylesURL = work.appendingPathComponent("word/styles.xml")
        let styles = try String(contentsOf: stylesURL, encoding: .utf8).replacingOccurrences(of: "仿宋_GB2312", with: "仿宋")
        try styles.write(to: stylesURL, atomically: true, encoding: .utf8)
        let zip = Process()
        zip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        zip.currentDirectoryURL = work
        zip.arguments = ["python3", "-c", "import zipfile,os,sys\nz=zipfile.ZipFile(sys.argv[1],'w')\nfor r,_,fs in os.walk('.'):\n  for f in sorted(fs): z.write(os.path.join(r,f))\nz.close()", folder.appendingPathComponent("周通报样式.docx").path]
        try zip.run()
        zip.waitUntilExit()
        let out = try E.tempDir()
        let r = try E.run([
            "run", "--input", E.fixture.path, "--output", out.path, "--week", "2024-W11", "--template",
            folder.appendingPathComponent("周通报.txt").path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let docx = out.appendingPathComponent("2024-W11/周通报.docx").path
        let used = try Self.unzip(docx, "word/styles.xml")
        #expect(used.contains("w:eastAsia=\"仿宋\"") && !used.contains("仿宋_GB2312"))
        // A broken one stops the run before anything is read.
        try Data("not a zip".utf8).write(to: folder.appendingPathComponent("周通报样式.docx"))
        let bad = try E.run([
            "run", "--input", E.fixture.path, "--output", out.path, "--week", "2024-W11", "--template",
            folder.appendingPathComponent("周通报.txt").path,
        ])
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("周通报样式.docx"))
    }
}
