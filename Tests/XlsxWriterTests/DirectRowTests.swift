import Foundation
import Testing
@testable import XlsxWriter

/// Table rows written straight into the row stream (`DirectRow`, CDirectRows) give the
/// file libxlsxwriter gives when every cell goes through it: each table below is written
/// both ways (`Workbook.directRows`) and the two files compared byte for byte.
@Suite struct DirectRowTests {
    static let created = 1_704_164_645

    /// The texts go to columns that do not wrap (a wrapped row gets a height of its own and
    /// goes through libxlsxwriter); the last column wraps now and then.
    static let columns = [
        TableColumn(header: "N"), TableColumn(header: "Text", maxWidth: 20), TableColumn(header: "Plain"),
        TableColumn(header: "Number"), TableColumn(header: "Share"), TableColumn(header: "Link"), TableColumn(header: "Blank", maxWidth: 20),
        TableColumn(header: "Wrapped", maxWidth: 10, wrap: true),
    ]

    /// Texts at the edges of what libxlsxwriter escapes and marks: control characters (as
    /// _xHHHH_), & < > and quotes, spaces, tabs and line feeds at either end (xml:space),
    /// an escape's own look, 4-byte characters, empty text, text at Excel's length limit.
    static let texts: [String] = [
        "plain", "中文文本", " leading", "trailing ", "\tTab", "line\n", "in\nside", "a&b<c>d\"e'f", "&start", "end>",
        "\u{1}start", "end\u{1F}", "\u{0B}\u{0C}\r", "_x0041_", "😀 emoji 𠀀", "", " ", "\n", "\u{7F}del", "tail\u{A0}",
        String(repeating: "字", count: 32_767), String(repeating: "a", count: 40_000) + "<",
    ]

    /// Numbers at the edges of "%.16G" and of the integer shortcut beside it.
    static let numbers: [Double] = [
        0, -0.0, 1, -1, 0.1, 1.0 / 3, 2.5, -2.5, 1e15, -1e15, 999_999_999_999_999, -999_999_999_999_999, 1e16, 123_456_789_012_345,
        1e-5, 1e300, -1e-300, Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude, 4_503_599_627_370_496.5, 0.000_1,
    ]

    @Sendable static func row(_ i: Int) -> TableRow {
        let text = texts[i % texts.count]
        let number = numbers[i % numbers.count]
        let tones: [RowTone] = [.normal, .shortfall, .warning, .note, .good]
        let link: CellValue = i % 37 == 5 ? .link(url: "https://example.cn/\(i)?a=1&b=2", text: i % 2 == 0 ? "" : "链接<\(i)>") : .empty
        return TableRow(
            cells: [.integer(i), .text(text), .text(i % 3 == 0 ? "" : "行\(i)"), i % 4 == 0 ? .number(number) : .integer(-i),
                    .percent(number / 7), link, i % 5 == 0 ? .text(text) : .empty,
                    .text(i % 9 == 0 ? "一段需要换行显示的较长文字" : "短")],
            tone: tones[(i / 3) % tones.count], cellTones: i % 11 == 0 ? [2: .good, 6: .warning] : [:])
    }

    /// Where two files first differ (nil: the same bytes); Data's own diff on a failed
    /// comparison takes minutes on a workbook.
    static func firstDifference(_ a: Data, _ b: Data) -> Int? {
        if a == b { return nil }
        return zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
    }

    /// Writes `body` into two workbooks, directly and cell by cell, and returns both files.
    static func bothWays(_ body: (Workbook) throws -> Void) throws -> (direct: Data, cells: Data) {
        let dir = try TemporaryDirectory()
        var files: [Data] = []
        for direct in [true, false] {
            let path = dir.path(direct ? "direct.xlsx" : "cells.xlsx")
            let workbook = try Workbook(path: path, creationTime: created)
            workbook.directRows = direct
            try body(workbook)
            try workbook.close()
            files.append(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        return (files[0], files[1])
    }

    @Test func aTableOfEveryCellKindIsTheSameFile() throws {
        let spec = TableSheetSpec(name: "Cells", title: "Every kind", subtitle: "both ways", columns: Self.columns)
        let files = try Self.bothWays { workbook in
            _ = try workbook.writeTable(spec, rows: (0..<600).map(Self.row))
        }
        #expect(Self.firstDifference(files.direct, files.cells) == nil)
    }

    /// Across sheets (the table continued on "(2)", "(3)"), from the prefetching writer,
    /// and with sheets written side by side, where formats are numbered across threads.
    @Test(arguments: ["sequence", "prefetched", "sideBySide"])
    func aTableOverSeveralSheetsIsTheSameFile(writer: String) throws {
        let spec = TableSheetSpec(name: "Sheets", title: "Several", columns: Self.columns)
        let files = try Self.bothWays { workbook in
            switch writer {
            case "sequence": _ = try workbook.writeTable(spec, rows: (0..<2_500).lazy.map(Self.row), maxRowsPerSheet: 1_000)
            case "prefetched": _ = try workbook.writeTable(spec, count: 900, row: Self.row)
            default: _ = try workbook.writeTable(spec, count: 9_500, maxRowsPerSheet: 2_003, row: Self.row)
            }
        }
        #expect(Self.firstDifference(files.direct, files.cells) == nil)
    }

    /// Several tables in one workbook, an empty one, a one-row one, and cells written on a
    /// table's sheet after it (its last row still held open by libxlsxwriter), whose formats
    /// are new there: numbered where the cell-by-cell write numbers them.
    @Test func tablesAndCellsAfterThemAreTheSameFile() throws {
        let files = try Self.bothWays { workbook in
            let first = TableSheetSpec(name: "A", title: "First", columns: Self.columns)
            let sheet = try workbook.writeTableSheet(first, rows: (0..<50).map(Self.row))
            try sheet.writeString(row: 60, col: 1, "below the table", style: CellStyle(bold: true, background: 0x123456))
            try sheet.writeNumber(row: 61, col: 3, 42.5, style: CellStyle(italic: true))
            _ = try workbook.writeTable(TableSheetSpec(name: "Empty", title: "None", columns: Self.columns), rows: [TableRow]())
            _ = try workbook.writeTable(TableSheetSpec(name: "One", title: "One row", columns: Self.columns), rows: [Self.row(7)])
            _ = try workbook.writeTable(
                TableSheetSpec(name: "Last", title: "Last", columns: [TableColumn(header: "Only")]),
                rows: [TableRow(cells: [.text("x")], tone: .good), TableRow(cells: [.empty], tone: .note)])
        }
        #expect(Self.firstDifference(files.direct, files.cells) == nil)
    }
}
