import Foundation
import TestTools
import Testing

/// Hostile and malformed submissions, one planted per run in a copy of the fixture (the
/// csvkit habit): each run ends with exit 0, the file gets a finding at it (never a silent
/// count), and nothing else of the week changes. A last test plants them all at once and
/// has openpyxl open every workbook.
@Suite(.serialized) struct HostileInputTests {
    typealias E = EndToEndTests

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        /// Relative to the input folder.
        var path: String
        var bytes: @Sendable () -> Data
        /// Codes of which at least one must be reported at `path` (empty: any finding; nil:
        /// the rows are valid and count, no finding is due).
        var codes: Set<String>?
        /// Too big to repeat in the all-at-once run (each runs on its own above).
        var heavy = false
        var description: String { name }
    }

    static let header = "单位名称,稿件标题,发布媒体,媒体级别,发布日期,链接\n"
    static func utf8(_ s: String) -> Data { Data(s.utf8) }
    static let list = "2024-W10/宣传稿件统计表/区税务局_补充.csv"

    static let cases: [Case] = [
        Case(name: "empty file", path: list, bytes: { Data() }, codes: ["missing-header"]),
        Case(name: "BOM only", path: list, bytes: { Data([0xEF, 0xBB, 0xBF]) }, codes: ["missing-header"]),
        Case(name: "binary", path: list, bytes: { Data((0..<4096).map { UInt8(($0 * 7919) % 256) }) }, codes: ["bad-encoding", "missing-header"]),
        Case(name: "UTF-16 with BOM", path: list, bytes: {
            var d = Data([0xFF, 0xFE]); d.append(header.data(using: .utf16LittleEndian) ?? Data()); return d
        }, codes: ["bad-encoding", "missing-header"]),
        Case(name: "mixed encodings", path: list, bytes: {
            utf8(header + "区税务局,标题1,人民网,中央级,2024-03-07,https://a.cn/1\n")
                + ("区税务局,标题二,人民网,中央级,2024-03-07,https://a.cn/2\n".data(using: String.Encoding(rawValue: 0x8000_0632)) ?? Data())
        }, codes: ["bad-encoding"]),
        Case(name: "20,000 columns", path: list, bytes: {
            utf8(header.dropLast() + String(repeating: ",x", count: 20_000) + "\n区税务局,标题,人民网,中央级,2024-03-07,https://a.cn/1" + String(repeating: ",y", count: 20_000) + "\n")
        }, codes: ["unknown-column"]),
        Case(name: "10 MB line", path: list, bytes: {
            utf8(header + "区税务局," + String(repeating: "长", count: 3_500_000) + ",人民网,中央级,2024-03-07,https://a.cn/1\n")
        }, codes: ["cell-too-long"], heavy: true),
        Case(name: "unterminated quote at the start of a big file", path: list, bytes: {
            utf8(header + "\"区税务局,标题,人民网,中央级,2024-03-07,https://a.cn/1\n"
                + String(repeating: "区税务局,标题,人民网,中央级,2024-03-07,https://a.cn/x\n", count: 200_000))
        }, codes: ["unterminated-quote"], heavy: true),
        Case(name: "70,000 links", path: list, bytes: {
            utf8(header + (0..<70_000).map { "区税务局,标题\($0),人民网,中央级,2024-03-07,https://www.people.com.cn/\($0).html\n" }.joined())
        }, codes: nil, heavy: true),  // valid rows: they count (past 65,530 links a sheet the URLs are written as text)
        Case(name: "RTL override", path: list, bytes: {
            utf8(header + "区税务局,标题\u{202E}txt.exe,人民网,中央级,2024-03-07,https://www.people.com.cn/rtl.html\n")
        }, codes: ["control-character"]),
        Case(name: "lone surrogate bytes", path: list, bytes: {
            utf8(header + "区税务局,标题") + Data([0xED, 0xA0, 0x80]) + utf8(",人民网,中央级,2024-03-07,https://a.cn/1\n")
        }, codes: []),
        Case(name: "NUL and ESC in cells", path: list, bytes: {
            utf8(header + "区税务局,标\u{0}题\u{1B},人民网,中央级,2024-03-07,https://www.people.com.cn/nul.html\n")
        }, codes: ["control-character"]),
        // A valid row: counted and written, as text, exactly as submitted (checked below).
        Case(name: "a formula and an _x escape as text", path: list, bytes: {
            utf8(header + "区税务局,\"=HYPERLINK(\"\"http://evil\"\") _x0041_\",人民网,中央级,2024-03-07,https://www.people.com.cn/f.html\n")
        }, codes: nil),
        Case(name: "250-byte file name", path: "2024-W10/宣传稿件统计表/区税务局_" + String(repeating: "长", count: 76) + ".csv",
             bytes: { utf8(header + "区税务局,标题,人民网,中央级,2024-03-07,ftp://x\n") }, codes: ["bad-link"]),
        Case(name: "a week folder 2024-W99", path: "2024-W99/宣传稿件统计表/区税务局.csv", bytes: { utf8(header) }, codes: []),
        Case(name: "a folder 备份", path: "2024-W10/备份/区税务局.csv", bytes: { utf8(header) }, codes: []),
        Case(name: "a stray file", path: "2024-W10/说明.docx", bytes: { utf8("x") }, codes: ["stray-file"]),
        // Workbooks that cannot be read: one error at the file, the run goes on.
        Case(name: ".xls", path: "2024-W10/宣传稿件统计表/区税务局_补充.xls", bytes: { workbook("old.xls") }, codes: ["old-excel-format"]),
        Case(name: ".et", path: "2024-W10/宣传稿件统计表/区税务局_补充.et", bytes: { workbook("old.et") }, codes: ["old-excel-format"]),
        Case(name: "password-protected .xlsx", path: xlsx, bytes: { workbook("encrypted.xlsx") }, codes: ["encrypted-workbook"]),
        Case(name: "truncated .xlsx", path: xlsx, bytes: { workbook("truncated.xlsx") }, codes: ["damaged-workbook"]),
        Case(name: "deflate stream without an end", path: xlsx, bytes: { workbook("unended-deflate.xlsx") }, codes: ["damaged-workbook"]),
        Case(name: "zip bomb", path: xlsx, bytes: { workbook("bomb.xlsx") }, codes: ["workbook-too-large"]),
        Case(name: "missing sheet", path: xlsx, bytes: { workbook("missing-sheet.xlsx") }, codes: ["damaged-workbook"]),
    ]

    static let xlsx = "2024-W10/宣传稿件统计表/区税务局_补充.xlsx"
    static func workbook(_ name: String) -> Data {
        (try? Data(contentsOf: E.repo.appendingPathComponent("Tests/Fixtures/xlsx/\(name)"))) ?? Data()
    }

    /// Where a case's finding is reported: the file, or the folder it sits in for a folder case.
    static func reportedAt(_ c: Case) -> String {
        if c.path.hasPrefix("2024-W99") { return "2024-W99" }
        if c.path.contains("/备份/") { return "2024-W10/备份" }
        return c.path.precomposedStringWithCanonicalMapping
    }

    @Test(arguments: cases)
    func aHostileFileIsReportedAndNothingElseChanges(_ c: Case) throws {
        let input = try E.tempDir().appendingPathComponent("in")
        try FileManager.default.copyItem(at: E.fixture, to: input)
        let url = input.appendingPathComponent(c.path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try c.bytes().write(to: url)
        let r = try E.run(["check", "--input", input.path, "--week", "2024-W10", "--format", "json"])
        #expect(r.status == 1, "\(c.name): \(r.stderr)")
        let rows = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
        let here = rows.filter { ($0["file"] as? String) == Self.reportedAt(c) }
        if let codes = c.codes {
            #expect(!here.isEmpty, "\(c.name): no finding at \(Self.reportedAt(c))")
            if !codes.isEmpty {
                #expect(here.contains { codes.contains($0["code"] as? String ?? "") }, "\(c.name): \(here.map { $0["code"] ?? "" })")
            }
        }
        // Nothing of the rest of the week moved: the same findings elsewhere as untouched.
        let plain = try E.run(["check", "--input", E.fixture.path, "--week", "2024-W10", "--format", "json"])
        let before = try JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as? [[String: Any]] ?? []
        func key(_ x: [String: Any]) -> String { "\(x["file"] ?? ""):\(x["line"] ?? ""):\(x["column"] ?? ""):\(x["code"] ?? "")" }
        let others = Set(rows.filter { ($0["file"] as? String) != Self.reportedAt(c) && ($0["code"] as? String) != "articles-short" && ($0["code"] as? String) != "late-submission" && ($0["code"] as? String) != "missing-submission" }.map(key))
        let expected = Set(before.filter { ($0["code"] as? String) != "articles-short" && ($0["code"] as? String) != "late-submission" && ($0["code"] as? String) != "missing-submission" }.map(key))
        #expect(others == expected, "\(c.name)")
    }

    @Test(.requires(.openpyxl))
    func allAtOnceTheWorkbooksStillOpen() throws {
        let input = try E.tempDir().appendingPathComponent("in")
        try FileManager.default.copyItem(at: E.fixture, to: input)
        for (i, c) in Self.cases.enumerated() where c.path == Self.list && !c.heavy {
            // One unit's file each: 区税务局_补充1.csv, _补充2.csv …
            let url = input.appendingPathComponent(Self.list.replacingOccurrences(of: "补充", with: "补充\(i)"))
            try c.bytes().write(to: url)
        }
        let out = try E.tempDir()
        let r = try E.run(["run", "--input", input.path, "--output", out.path, "--week", "2024-W10", "--template", E.template])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try E.python(
            """
            import sys, glob, openpyxl
            for path in sorted(glob.glob(sys.argv[1] + '/*.xlsx') + glob.glob(sys.argv[1] + '/退回修改/*.xlsx')):
                wb = openpyxl.load_workbook(path)
                print(path.rsplit('/', 1)[-1], sum(ws.max_row for ws in wb.worksheets))
            """, [out.appendingPathComponent("2024-W10").path])
        // Six attachments, and the five units' marked workbooks (区税务局's holding every planted file).
        #expect(text.split(separator: "\n").count == 11, "\(text)")
        // LibreOffice opens every workbook too (converted to CSV: its first sheet), where installed
        // (and always under CI).
        if try RequiredTool.libreOffice.isUsable() {
            let week = out.appendingPathComponent("2024-W10")
            let books = try FileManager.default.contentsOfDirectory(atPath: week.path).filter { $0.hasSuffix(".xlsx") }.sorted()
                + ["退回修改/区税务局.xlsx"]
            let converted = out.appendingPathComponent("lo")
            let status = try E.libreOffice(convert: books.map { week.appendingPathComponent($0).path }, to: "csv", outdir: converted, profile: out)
            #expect(status == 0)
            let csvs = (try? FileManager.default.contentsOfDirectory(atPath: converted.path)) ?? []
            #expect(csvs.count == books.count, "LibreOffice converted \(csvs) of \(books)")
        }
        // Formula-like text stays text, and a literal _x0041_ is shown as written.
        let cell = try E.python(
            """
            import sys, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1])['稿件明细']
            for row in ws.iter_rows():
                for c in row:
                    if isinstance(c.value, str) and 'HYPERLINK' in c.value:
                        print(c.data_type, c.value)
            """, [out.appendingPathComponent("2024-W10/附件3_宣传稿件统计表.xlsx").path])
        // A text cell; the literal _x0041_ is stored escaped as _x005F_x0041_, which Excel, WPS
        // and LibreOffice show as _x0041_ (openpyxl does not undo the escape, so it shows it).
        #expect(cell.trimmingCharacters(in: .whitespacesAndNewlines) == "s =HYPERLINK(\"http://evil\") _x005F_x0041_")
    }
}
