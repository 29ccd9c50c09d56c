import Foundation
import Testing

/// The 临江 tree with three quarters of its submissions saved as .xlsx by a spreadsheet
/// program (Tests/Fixtures/linjiang-2024-xlsx, made by scripts/make_xlsx_fixtures.py
/// --soffice: title rows merged, numbers and real dates in cells, line breaks kept) gives
/// the figures of the CSV tree, and every finding at the same spreadsheet row and column.
@Suite(.serialized) struct XLSXTreeTests {
    typealias E = EndToEndTests
    static let twins = E.repo.appendingPathComponent("Tests/Fixtures/linjiang-2024-xlsx")

    @Test(arguments: ["2024-W10", "2024-W11"])
    func theXLSXTreeGivesTheCSVTreesFigures(_ week: String) throws {
        let a = try E.tempDir(), b = try E.tempDir()
        #expect(try E.run(["run", "--input", E.fixture.path, "--output", a.path, "--week", week, "--template", E.template]).status == 0)
        let r = try E.run(["run", "--input", Self.twins.path, "--output", b.path, "--week", week, "--template", E.template])
        #expect(r.status == 0, "\(r.stderr)")
        let csv = try Data(contentsOf: a.appendingPathComponent("\(week)/summary.json"))
        let xlsx = try Data(contentsOf: b.appendingPathComponent("\(week)/summary.json"))
        #expect(csv == xlsx, "summary.json differs")
        // The bulletin says the same (it names no files).
        let textA = try String(contentsOf: a.appendingPathComponent("\(week)/周通报.txt"), encoding: .utf8)
        let textB = try String(contentsOf: b.appendingPathComponent("\(week)/周通报.txt"), encoding: .utf8)
        #expect(textA == textB)
        // manifest.json hashes the workbooks like any input.
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: b.appendingPathComponent("\(week)/manifest.json"))) as? [String: Any]
        let inputs = manifest?["inputs"] as? [String: String] ?? [:]
        #expect(inputs["2024-W10/样本企业汇总表/区税务局.xlsx"]?.count == 64)
    }

    @Test(arguments: ["2024-W10", "2024-W11"])
    func everyFindingIsAtTheSameRowAndColumn(_ week: String) throws {
        func spots(_ input: URL) throws -> [String] {
            let r = try E.run(["check", "--input", input.path, "--week", week, "--format", "json"])
            let rows = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
            return rows.map { f in
                let file = (f["file"] as? String ?? "").replacingOccurrences(of: ".xlsx", with: ".csv")
                return "\(file):\(f["row"] ?? ""):\(f["column"] ?? ""):\(f["code"] ?? "")"
            }.sorted()
        }
        let csv = try spots(E.fixture), xlsx = try spots(Self.twins)
        #expect(!csv.isEmpty)
        #expect(csv == xlsx)
    }

    @Test func aWorkbooksFindingIsAtItsSpreadsheetRow() throws {
        let r = try E.run(["check", "--input", Self.twins.path, "--week", "2024-W10", "--format", "json"])
        let rows = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
        let spots = Set(rows.map { "\($0["file"] ?? ""):\($0["line"] ?? ""):\($0["row"] ?? ""):\($0["column"] ?? ""):\($0["code"] ?? "")" })
        // The credit code stored as a number (row 5 under a merged 附件1 title row) is the CSV's
        // excel-damaged-code, at the row Excel shows (line = row in a workbook).
        #expect(spots.contains("2024-W10/样本企业汇总表/区税务局.xlsx:5:5:统一社会信用代码:excel-damaged-code"), "\(spots.sorted())")
        // The CSV's record after a cell with a line break is line 7, row 6; its twin is row 6.
        #expect(spots.contains("2024-W10/宣传稿件统计表/区发改局.xlsx:6:6:链接:bad-link"), "\(spots.sorted())")
    }
}
