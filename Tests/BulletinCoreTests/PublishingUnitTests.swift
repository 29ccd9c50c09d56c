import Foundation
import Testing
import ZIPFoundation
@testable import BulletinCore

/// The pieces behind "publish only finished outputs" (issue 26) and the template and style
/// bounds (issue 22 points 4, 12, 15, 16), one rule per test.
@Suite struct PublishingUnitTests {
    static func tempDir() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bulletin-unit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A workbook-shaped zip of `parts` (stored, so a test can cut a part short).
    static func zip(_ parts: [(String, String)], at url: URL) throws {
        let archive = try Archive(url: url, accessMode: .create)
        for (name, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }

    static let wholeWorkbook: [(String, String)] = [
        ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types></Types>"),
        ("_rels/.rels", "<?xml version=\"1.0\"?><Relationships></Relationships>"),
        ("xl/workbook.xml", "<?xml version=\"1.0\"?><workbook><sheets><sheet name=\"a\"/><sheet name=\"b\"/></sheets></workbook>"),
        ("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\"?><Relationships></Relationships>"),
        ("xl/styles.xml", "<?xml version=\"1.0\"?><styleSheet></styleSheet>"),
        ("xl/worksheets/sheet1.xml", "<?xml version=\"1.0\"?><worksheet><sheetData><row r=\"1\"/></sheetData></worksheet>"),
        ("xl/worksheets/sheet2.xml", "<?xml version=\"1.0\"?><worksheet><sheetData></sheetData></worksheet>\n"),
    ]

    @Test func aWholeWorkbookPassesTheCheck() throws {
        let url = try Self.tempDir().appendingPathComponent("a.xlsx")
        try Self.zip(Self.wholeWorkbook, at: url)
        try OutputFile.checkWorkbook(at: url, name: "a.xlsx")
    }

    /// A sheet part cut short (what a lost fwrite into libxlsxwriter's temporary file
    /// leaves, CRC and all), a missing sheet, a missing part, an empty file, junk.
    @Test(arguments: ["cut-sheet", "missing-sheet", "missing-styles", "empty", "junk"])
    func anIncompleteWorkbookFailsTheCheck(kind: String) throws {
        let url = try Self.tempDir().appendingPathComponent("a.xlsx")
        var parts = Self.wholeWorkbook
        switch kind {
        case "cut-sheet": parts[5].1 = String(parts[5].1.prefix(50))
        case "missing-sheet": parts.remove(at: 6)
        case "missing-styles": parts.remove(at: 4)
        default: break
        }
        if kind == "empty" {
            try Data().write(to: url)
        } else if kind == "junk" {
            try Data("PK not a zip".utf8).write(to: url)
        } else {
            try Self.zip(parts, at: url)
        }
        #expect(throws: OutputWriteError.self, "\(kind)") { try OutputFile.checkWorkbook(at: url, name: "a.xlsx") }
    }

    /// Where libxlsxwriter's temporary files are checked, parts over the bound (a city's
    /// sheets, hundreds of MB) are checked by their size and their start, not inflated to
    /// their end: a part cut short there was refused by `Workbook.close()`, which saw the
    /// failed write itself. The rest of the check is the same.
    @Test(arguments: ["missing-sheet", "missing-styles", "empty", "junk", "not-xml"])
    func theBoundedCheckStillRefusesAnIncompleteWorkbook(kind: String) throws {
        let url = try Self.tempDir().appendingPathComponent("a.xlsx")
        var parts = Self.wholeWorkbook
        switch kind {
        case "missing-sheet": parts.remove(at: 6)
        case "missing-styles": parts.remove(at: 4)
        case "not-xml": parts[5].1 = "sheet rows, no element"
        default: break
        }
        if kind == "empty" {
            try Data().write(to: url)
        } else if kind == "junk" {
            try Data("PK not a zip".utf8).write(to: url)
        } else {
            try Self.zip(parts, at: url)
        }
        #expect(throws: OutputWriteError.self, "\(kind)") { try OutputFile.checkWorkbook(at: url, name: "a.xlsx", inflatingWholeUpTo: 0) }
    }

    @Test func theBoundedCheckReadsOnlyTheStartOfPartsOverTheBound() throws {
        let url = try Self.tempDir().appendingPathComponent("a.xlsx")
        try Self.zip(Self.wholeWorkbook, at: url)
        try OutputFile.checkWorkbook(at: url, name: "a.xlsx", inflatingWholeUpTo: 0)
        let cut = url.deletingLastPathComponent().appendingPathComponent("cut.xlsx")
        var parts = Self.wholeWorkbook
        parts[5].1 = String(parts[5].1.prefix(50))
        try Self.zip(parts, at: cut)
        try OutputFile.checkWorkbook(at: cut, name: "cut.xlsx", inflatingWholeUpTo: 0)
        #expect(throws: OutputWriteError.self) { try OutputFile.checkWorkbook(at: cut, name: "cut.xlsx", inflatingWholeUpTo: .max) }
        #expect(OutputFile.inflatedPartBytes >= 1 << 20)
    }

    @Test func errnoNamesTheCauseInChinese() {
        #expect(OutputWriteError(file: "a", errno: ENOSPC).cause == .diskFull)
        #expect(OutputWriteError(file: "a", errno: EDQUOT).cause == .diskFull)
        #expect(OutputWriteError(file: "a", errno: EFBIG).cause == .tooLarge)
        #expect(OutputWriteError(file: "a", errno: EFBIG).errorDescription == "a：文件超过大小限制")
        #expect(OutputWriteError(file: "a", errno: ENOSPC).errorDescription == "a：磁盘空间不足")
        #expect(OutputWriteError(file: "a", errno: EIO).errorDescription?.hasPrefix("a：写入失败") == true)
    }

    @Test func outputFileWritesAllBytesAndNeverFollowsALink() throws {
        let dir = try Self.tempDir()
        let url = dir.appendingPathComponent("summary.json")
        let data = Data((0..<3_000_000).map { UInt8($0 % 251) })
        try OutputFile.write(data, to: url)
        #expect(try Data(contentsOf: url) == data)
        let link = dir.appendingPathComponent("link.json")
        let target = dir.appendingPathComponent("target.json")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        #expect(throws: OutputWriteError.self) { try OutputFile.write(data, to: link) }
        #expect(!FileManager.default.fileExists(atPath: target.path))
    }

    /// Issue 22 point 15: ChangedDuringRun passes through the writers as itself (the
    /// executable says it in Chinese with 73), and the staging folder is removed.
    @Test func aFileChangedDuringTheRunStopsTheSwapAndRemovesTheStaging() throws {
        let out = try Self.tempDir()
        #expect(throws: ChangedDuringRun.self) {
            try OutputWriter.replaceFolder("2024-W11", in: out, checkpoint: nil) { _ -> Int in
                throw OutputWriteError.wrapping(ChangedDuringRun(file: "2024-W11/a.csv"), file: "退回修改/a.xlsx")
            }
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(!names.contains { $0.contains(".partial-") || $0 == "2024-W11" }, "\(names)")
        #expect(ChangedDuringRun(file: "x.csv").errorDescription?.contains("重新运行") == true)
    }

    /// Issue 22 point 16: the swap registers the staging folder while it is written and
    /// unregisters it once in place; nothing stays registered after a run.
    @Test func theStagingFolderIsRegisteredForSignalsOnlyWhileWritten() throws {
        let out = try Self.tempDir()
        var seen: URL?
        _ = try OutputWriter.replaceFolder("2024-W11", in: out, checkpoint: nil) { staging -> Int in
            seen = staging
            return 0
        }
        #expect(seen != nil)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("2024-W11").path))
        let token = Cleanup.register(out)
        Cleanup.unregister(token)
    }

    /// Issue 22 point 4: nested list sections multiply; the estimate saturates.
    @Test func templateWorkMultipliesNestedListSections() {
        let context: [String: Any] = ["points": ["units": Array(repeating: ["unit": "区税务局"] as [String: Any], count: 44)], "title": "通报"]
        let sizes = TemplateWork.Sizes(context)
        let one = TemplateWork.estimate("{{#points.units}}{{unit}}\n{{/points.units}}", sizes: sizes)
        #expect(one < 2_000)
        let seven = String(repeating: "{{#points.units}}", count: 7) + "x" + String(repeating: "{{/points.units}}", count: 7)
        #expect(TemplateWork.estimate(seven, sizes: sizes) > TemplateWork.maxWork)
        #expect(throws: TemplateError.self) { try TemplateWork.check(seven, context: context, path: "t.txt") }
        // Changed delimiters do not hide a section.
        let hidden = "{{=<% %>=}}" + String(repeating: "<%#points.units%>", count: 7) + "x" + String(repeating: "<%/points.units%>", count: 7)
        #expect(TemplateWork.estimate(hidden, sizes: sizes) > TemplateWork.maxWork)
        // Inverted sections render at most once.
        #expect(TemplateWork.estimate(String(repeating: "{{^units}}", count: 7) + "x" + String(repeating: "{{/units}}", count: 7), sizes: sizes) < 1_000)
    }

    @Test func theShippedTemplatesAreWellWithinTheWorkBound() throws {
        let report = ReportBuilder.build(try Fixtures.campaign("2024-W11"))
        for name in ["周通报.txt"] {
            let repo = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()
            let text = try String(contentsOf: repo.appendingPathComponent("templates/\(name)"), encoding: .utf8)
            #expect(TemplateWork.estimate(text, sizes: TemplateWork.Sizes(BulletinContext.make(report))) < TemplateWork.maxWork / 100)
        }
    }

    /// Issue 22 point 12: names that leave the package, and section properties.
    @Test func styleTemplatePartNamesStayInsideThePackage() {
        for bad in ["../../x", "/x", "word/../../x", "word//x", "C:/x", "word\\x", "a/./b", ""] {
            #expect(!DocxSkeleton.isSafePartName(bad), "\(bad)")
        }
        for good in ["word/styles.xml", "[Content_Types].xml", "_rels/.rels", "word/media/image1.png"] {
            #expect(DocxSkeleton.isSafePartName(good), "\(good)")
        }
    }

    @Test func sectionPropertiesAreChecked() {
        let rels = "<Relationships><Relationship Id=\"rId3\" Target=\"footer1.xml\"/></Relationships>"
        #expect(DocxSkeleton.sectionProblem(BuiltInDocxSkeleton.sectionProperties, relationships: rels) == nil)
        let broken = BuiltInDocxSkeleton.sectionProperties.replacingOccurrences(of: "</w:sectPr>", with: "</w:pgSz></w:sectPr>")
        #expect(DocxSkeleton.sectionProblem(broken, relationships: rels) != nil)
        let huge = BuiltInDocxSkeleton.sectionProperties.replacingOccurrences(of: "w:w=\"11906\"", with: "w:w=\"9999999\"")
        #expect(DocxSkeleton.sectionProblem(huge, relationships: rels) != nil)
        #expect(DocxSkeleton.sectionProblem(BuiltInDocxSkeleton.sectionProperties, relationships: "<Relationships/>") != nil)
        #expect(!DocxSkeleton.wellFormed(Data("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>".utf8)))
        #expect(!DocxSkeleton.wellFormed(Data("<a><b></a></b>".utf8)))
        #expect(!DocxSkeleton.wellFormed(Data("<a/><b/>".utf8)))
        #expect(DocxSkeleton.wellFormed(Data("<?xml version=\"1.0\"?><a><b x=\"1\"/></a>".utf8)))
    }
}
