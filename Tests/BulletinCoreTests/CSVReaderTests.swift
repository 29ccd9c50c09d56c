import Foundation
import Testing
@testable import BulletinCore

/// Every dialect case of the contract, as tiny files in Tests/Fixtures/broken.
@Suite struct CSVReaderTests {
    struct Read {
        var header: TableHeader?
        var rows: [SubmissionRow]
        var findings: [Finding]
    }

    func read(_ name: String) throws -> Read {
        let data = try Data(contentsOf: Fixtures.broken.appendingPathComponent(name))
        var findings: [Finding] = []
        var rows: [SubmissionRow] = []
        let header = TableReader.read(data, kind: .articles, file: name, unit: "区税务局", findings: &findings) { rows.append($0) }
        return Read(header: header, rows: rows, findings: findings)
    }

    let title = SubmissionKind.articles.columns.firstIndex(of: "稿件标题") ?? 0
    let note = SubmissionKind.articles.columns.firstIndex(of: "备注") ?? 0
    let unit = SubmissionKind.articles.columns.firstIndex(of: "单位名称") ?? 0

    @Test func utf8WithBOMAndCRLF() throws {
        let r = try read("bom-crlf.csv")
        #expect(r.findings.isEmpty)
        #expect(r.rows.map(\.line) == [2, 3])
        #expect(r.rows.first?[unit] == "区税务局")
    }

    @Test func gb18030IsDecoded() throws {
        let r = try read("gb18030.csv")
        #expect(r.findings.isEmpty)
        #expect(r.rows.first?[title] == "标题1")
    }

    /// The contract's spreadsheet row: a record after a three-line cell starts on line 5 and
    /// is row 3 in Excel/WPS; findings carry both.
    @Test func aRecordAfterAThreeLineCellIsLineFiveRowThree() throws {
        let r = try read("multiline-quoted.csv")
        #expect(r.rows.map(\.line) == [2, 5])
        #expect(r.rows.map(\.row) == [2, 3])
        let context = try Harness.context(.articles, unit: 0)
        var row = r.rows[1]
        row.cells[ArticleForm.Column.link.rawValue] = "www.example.cn"
        let (_, findings) = FormDriver.checkRow(ArticleForm.self, row, context)
        #expect(findings.contains { $0.code == .badLink })
        #expect(findings.allSatisfy { $0.line == 5 && $0.row == 3 })
    }

    @Test func aRepeatedHeaderRowIsOneWarningNotARowOfErrors() throws {
        let r = try read("repeated-header.csv")
        #expect(r.findings.spots == [Spot("repeated-header.csv", 3, "", .repeatedHeader)])
        #expect(r.rows.map(\.line) == [2, 4])
    }

    @Test func aFileMixingUTF8AndGB18030SaysSo() throws {
        let r = try read("mixed-encoding.csv")
        #expect(r.findings.spots == [Spot("mixed-encoding.csv", 3, "", .badEncoding)])
        #expect(r.findings.first?.message.contains("混用") == true)
        #expect(r.rows.isEmpty)
    }

    /// What the workbook cannot show as submitted is a warning at the cell; the row counts.
    @Test func controlCharactersAndOverlongCellsAreWarnings() throws {
        let control = try read("control-character.csv")
        #expect(control.findings.spots == [
            Spot("control-character.csv", 2, "稿件标题", .controlCharacter), Spot("control-character.csv", 2, "备注", .controlCharacter),
        ])
        #expect(control.findings.allSatisfy { $0.severity == .warning })
        #expect(control.rows.count == 2)
        let long = try read("cell-too-long.csv")
        #expect(long.findings.spots == [Spot("cell-too-long.csv", 2, "备注", .cellTooLong)])
        #expect(long.rows.count == 1)
    }

    @Test func bareCRLineEnds() throws {
        let r = try read("cr-only.csv")
        #expect(r.rows.map(\.line) == [2, 3])
    }

    @Test func quotedCellsSpanLinesAndKeepDoubledQuotes() throws {
        let r = try read("multiline-quoted.csv")
        #expect(r.rows.map(\.line) == [2, 5])
        #expect(r.rows.first?[title] == "标题\"引号\"")
        #expect(r.rows.first?[note] == "第一行\n第二行\n第三行")
    }

    @Test func unterminatedQuoteIsReportedAndReadingGoesOn() throws {
        let r = try read("unterminated-quote.csv")
        #expect(r.findings.spots == [Spot("unterminated-quote.csv", 2, "", .unterminatedQuote)])
        #expect(r.rows.map(\.line) == [3])
    }

    @Test func raggedRowsAreWarnings() throws {
        let r = try read("ragged.csv")
        #expect(r.findings.spots == [Spot("ragged.csv", 2, "", .raggedRow), Spot("ragged.csv", 3, "", .raggedRow)])
        #expect(r.findings.allSatisfy { $0.severity == .warning })
        #expect(r.rows.count == 2)
    }

    @Test func badEncodingNamesItsLine() throws {
        let r = try read("bad-encoding.csv")
        #expect(r.findings.spots == [Spot("bad-encoding.csv", 3, "", .badEncoding)])
        #expect(r.rows.isEmpty)
        #expect(r.header == nil)
    }

    @Test func trailingEmptyRowsAndColumnsAreIgnored() throws {
        let r = try read("trailing-empty.csv")
        #expect(r.findings.isEmpty)
        #expect(r.rows.map(\.line) == [2])
    }

    @Test func titleRowsAreSkippedAndHeadersNormalised() throws {
        let r = try read("title-rows-fullwidth.csv")
        #expect(r.findings.isEmpty)
        #expect(r.header?.line == 4)
        #expect(r.header?.missingRequired == [])
        #expect(r.rows.first?[unit] == "区税务局")
        #expect(r.rows.first?[title] == "标题1")
        #expect(r.rows.first?.line == 5)
    }

    @Test func missingRequiredColumnIsOneFindingAndNoRows() throws {
        let r = try read("missing-column.csv")
        #expect(r.findings.spots == [Spot("missing-column.csv", 1, "发布日期", .missingColumn)])
        #expect(r.rows.isEmpty)
        #expect(r.header != nil)
    }

    @Test func noHeaderRow() throws {
        let r = try read("no-header.csv")
        #expect(r.findings.spots == [Spot("no-header.csv", 1, "", .missingHeader)])
    }

    @Test func unknownColumnIsAWarning() throws {
        let r = try read("unknown-column.csv")
        #expect(r.findings.spots == [Spot("unknown-column.csv", 1, "阅读量", .unknownColumn)])
        #expect(r.findings.first?.severity == .warning)
        #expect(r.rows.count == 1)
    }

    @Test func emptyFileAndHeaderOnly() throws {
        #expect(try read("empty.csv").findings.spots == [Spot("empty.csv", 1, "", .missingHeader)])
        let headerOnly = try read("header-only.csv")
        #expect(headerOnly.findings.isEmpty)
        #expect(headerOnly.rows.isEmpty)
        #expect(headerOnly.header != nil)
    }

    @Test func strictUTF8IsTriedBeforeGB18030() {
        // UTF-8 bytes are also valid GB18030 (as mojibake); they must decode as UTF-8.
        let utf8 = Data("单位名称,稿件标题\n".utf8)
        guard case .success(let r) = CSVReader.decode(utf8) else {
            Issue.record("decode failed")
            return
        }
        #expect(r.encoding == .utf8)
    }

    @Test func headerNormalisation() {
        #expect(Text.normaliseHeader("\u{3000}走访方式（实地/电话）\u{3000}") == "走访方式")
        #expect(Text.normaliseHeader("链接(网址)") == "链接")
        #expect(Text.normaliseHeader("发布 媒体") == "发布媒体")
    }
}
