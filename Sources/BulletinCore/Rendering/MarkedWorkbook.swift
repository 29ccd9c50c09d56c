import Foundation
import XlsxWriter

/// A submission file changed between the run's reading and the marked workbook's: its
/// cells would no longer be the ones the findings are about. Stops the output (run again).
public struct ChangedDuringRun: LocalizedError, Sendable {
    public var file: String
    public var errorDescription: String? { "\(file) 在本次运行中被改动，退回修改表无法与问题对应；请重新运行" }
}

/// `退回修改/<单位名称>.xlsx`: a unit's own files as it sent them, the week's findings marked
/// on the cells they concern. A 说明 sheet first, then one sheet per file: the file's line
/// (spreadsheet row) in column A, then every record as written — title rows, the header as
/// written, every cell as text — with each finding's cell filled (red: error, yellow:
/// warning) and commented. A finding about the file as a whole sits in a note row above.
/// A file of more than `compactAbove` records shows only its title rows, header and the
/// records with findings; a wide one its form's columns and `extraColumns` more.
public enum MarkedWorkbook {
    static let errorFill: UInt32 = 0xFFC7CE
    static let warningFill: UInt32 = 0xFFEB9C
    static let rowNumberFill: UInt32 = 0xF2F2F2
    /// Records a column's width is estimated from.
    static let widthSample = 500

    /// Writes one unit's workbook. Files are opened with `open` (a run's: only inside the
    /// input folder) and read through their `RecordSource`, as the run read them; a file
    /// whose bytes no longer match the digest the run recorded throws `ChangedDuringRun`.
    @discardableResult
    public static func write(
        _ unit: UnitCorrections, report: WeekReport, to url: URL, created: Int,
        open: RowSource.Opener? = nil
    ) throws -> WorkbookStats {
        let opener = open ?? RowSource.opener(within: report.campaign.root)
        let workbook = try Workbook(
            path: url.path, creationTime: created,
            properties: .init(title: "\(unit.name)报送材料退回修改（\(report.campaign.issueText(report.week))）", author: report.plan.office))
        /// A4 with page numbers, like every sheet the tool writes; the files' sheets landscape.
        func sheet(_ name: String, landscape: Bool) throws -> Worksheet {
            let sheet = try workbook.addWorksheet(name: name)
            try sheet.setPaper(Worksheet.paperA4)
            if landscape { try sheet.setLandscape() }
            try sheet.setFooter(Worksheet.pageNumberFooter)
            return sheet
        }
        try writeGuide(unit, report: report, on: sheet(Corrections.guideSheet, landscape: false))
        for file in unit.files {
            try writeFile(file, report: report, opener: opener, on: sheet(file.sheetName, landscape: true))
        }
        return try workbook.close()
    }

    // MARK: - 说明

    static let titleStyle = CellStyle(bold: true, fontSize: 14)
    static let labelStyle = CellStyle(bold: true)
    static let headStyle = CellStyle(bold: true, background: 0xD9D9D9, thinBorder: true)
    static let cellStyle = CellStyle(thinBorder: true)
    static let cellWrapStyle = CellStyle(thinBorder: true, wrapText: true)
    static let wrapStyle = CellStyle(wrapText: true, verticalCenter: true)

    static func writeGuide(_ unit: UnitCorrections, report: WeekReport, on sheet: Worksheet) throws {
        var row = 0
        func line(_ label: String, _ text: String, style: CellStyle? = nil) throws {
            try sheet.writeString(row: row, col: 0, label, style: labelStyle)
            try sheet.writeString(row: row, col: 1, text, style: style)
            row += 1
        }
        try sheet.writeString(row: row, col: 0, "\(unit.name)报送材料退回修改说明", style: titleStyle)
        row += 2
        let deadline = Corrections.resubmitBy(report)
        try line("单位", unit.name)
        try line("期次", "\(report.campaign.issueText(report.week))（统计周期 \(report.period.start.chineseMonthDay)—\(report.period.end.chineseMonthDay)）")
        try line("重新报送截止", "\(deadline.day.chineseFull) \(BulletinContext.clock(deadline.minutes)) 前（下期通报按届时收到的文件统计）")
        // Per kind, what happened to the rows: a duplicate that was not counted is never
        // summed with a warning whose row counts (issue 23.1).
        var effects: [FindingEffect: Int] = [:]
        for f in unit.files.flatMap(\.findings) + unit.other { effects[f.effect, default: 0] += 1 }
        try line("问题合计", FindingEffect.countsText(effects, long: true) + ((effects[.notCounted] ?? 0) > 0 ? "；错误须改正" : ""), style: wrapStyle)
        try line(
            "怎么看",
            "后面每张工作表是本单位报送的一个文件，照原样列出（A 列为该行在原文件中的行号，即用 Excel/WPS 打开原文件时看到的行号）。红色单元格为错误，黄色为警告，鼠标移到单元格上可看批注；整个文件的问题写在表头上方。",
            style: wrapStyle)
        try line("怎么改", "在原文件中改正后按原格式另存，文件名不变，重新报送；不要把本表发回。", style: wrapStyle)
        row += 1

        try sheet.writeString(row: row, col: 0, "工作表", style: headStyle)
        try sheet.writeString(row: row, col: 1, "报送文件", style: headStyle)
        try sheet.writeString(row: row, col: 2, "错误", style: headStyle)
        try sheet.writeString(row: row, col: 3, "警告", style: headStyle)
        row += 1
        for file in unit.files {
            try sheet.writeString(row: row, col: 0, file.sheetName, style: cellWrapStyle)
            try sheet.writeString(row: row, col: 1, file.file.path, style: cellStyle)
            try sheet.writeNumber(row: row, col: 2, Double(file.errors), style: cellStyle)
            try sheet.writeNumber(row: row, col: 3, Double(file.warnings), style: cellStyle)
            row += 1
        }
        row += 1

        // The commonest problems first, each with what to do about it (codes without a tip
        // are explained by their cell comments alone).
        var counts: [FindingCode: Int] = [:]
        for f in unit.files.flatMap(\.findings) + unit.other { counts[f.code, default: 0] += 1 }
        let common = counts.compactMap { code, n in code.facts.tip.map { (code: code, n: n, tip: $0) } }
            .sorted { $0.n != $1.n ? $0.n > $1.n : $0.code.rawValue < $1.code.rawValue }
        if !common.isEmpty {
            try sheet.writeString(row: row, col: 0, "常见问题及改法", style: labelStyle)
            row += 1
            for (code, n, tip) in common {
                // Wrapped in its own column, so a long name never runs under the tip beside it.
                try sheet.writeString(row: row, col: 0, "\(code.title)（\(n)处）", style: wrapStyle)
                try sheet.writeString(row: row, col: 1, tip, style: wrapStyle)
                row += 1
            }
            row += 1
        }
        if !unit.other.isEmpty {
            try sheet.writeString(row: row, col: 0, "其他问题", style: labelStyle)
            row += 1
            for f in unit.other {
                try sheet.writeString(row: row, col: 0, f.severity.chinese, style: CellStyle(background: fill(f.severity)))
                try sheet.writeString(row: row, col: 1, "\(f.file)：\(f.message)", style: wrapStyle)
                row += 1
            }
        }
        // Label and text side by side without overlap (issue 23.9), the page's width.
        try sheet.setColumn(first: 0, last: 0, width: 24)
        try sheet.setColumn(first: 1, last: 1, width: 70)
        try sheet.setColumn(first: 2, last: 3, width: 8)
        try sheet.fitToPages(width: 1, height: 0)
    }

    // MARK: - A file's sheet

    static func fill(_ severity: Finding.Severity) -> UInt32 { severity == .error ? errorFill : warningFill }

    /// The text of a cell's comment: each finding on its own line, severity first.
    static func comment(_ findings: [Finding]) -> String {
        findings.map { "\($0.severity.chinese)：\($0.message)" }.joined(separator: "\n")
    }

    /// How the file's header names its columns: the first column of each name (as the run
    /// maps them), the header cell as written, and the last of a name given twice.
    struct HeaderMap {
        var first: [String: Int] = [:]
        var written: [String: Int] = [:]
        var last: [String: Int] = [:]

        init(_ fields: [String]) {
            for (i, raw) in fields.enumerated() {
                let name = Text.normaliseHeader(raw)
                if first[name] == nil { first[name] = i }
                last[name] = i
                let trimmed = Text.trim(raw)
                if written[trimmed] == nil { written[trimmed] = i }
            }
        }

        func column(of f: Finding) -> Int? {
            guard !f.column.isEmpty else { return nil }
            if f.code == .duplicateColumn { return last[f.column] }
            return first[f.column] ?? written[f.column] ?? first[Text.normaliseHeader(f.column)]
        }
    }

    /// A file of more records than this comes back compact: its title and header rows and
    /// the rows with findings, with a line saying how many rows had no problem.
    static let compactAbove = 200
    /// Columns a sheet shows beyond the form's own; the rest are counted, not listed.
    static let extraColumns = 5

    /// Which of a file's columns its sheet shows. Before the header, and for a header no
    /// wider than the form plus `extraColumns`, the first columns by position (every column
    /// of a file made from the template); for a wider header its form columns (the first of
    /// each name) and the first `extraColumns` others that have a header, in file order.
    struct Columns {
        let cap: Int
        /// Source columns shown, ascending; nil: the first `cap` by position.
        var selected: [Int]?
        var position: [Int: Int] = [:]

        init(cap: Int) {
            self.cap = cap
        }

        /// The header is known: a wide one picks its columns.
        mutating func choose(header fields: [String], map: HeaderMap, known: [String: Int]) {
            guard fields.count > cap else { return }
            let form = Set(map.first.compactMap { known[$0.key] == nil ? nil : $0.value })
            var others: [Int] = []
            for (c, text) in fields.enumerated() where others.count < extraColumns {
                if !form.contains(c) && !Text.trim(text).isEmpty { others.append(c) }
            }
            let sorted = (form.union(others)).sorted()
            selected = sorted
            position = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, $0) })
        }

        /// Where a source column is shown (0 is the sheet's column B), nil when it is not.
        func output(_ source: Int) -> Int? {
            guard selected != nil else { return source < cap ? source : nil }
            return position[source]
        }

        /// The shown cells of a record, and how many of its non-empty cells are not shown.
        func cells(of fields: [String]) -> (shown: [String], hidden: Int) {
            var hidden = 0
            guard let selected else {
                for text in fields.dropFirst(cap) where !text.isEmpty { hidden += 1 }
                return (Array(fields.prefix(cap)), hidden)
            }
            for (i, text) in fields.enumerated() where !text.isEmpty && position[i] == nil { hidden += 1 }
            return (selected.prefix { $0 < fields.count }.map { fields[$0] }, hidden)
        }

        /// The sheet column after the last one shown: where "另有 N 列未列出" goes (0 is B).
        var after: Int { selected?.count ?? cap }
    }

    /// One record as it will be written: its shown cells and its findings placed.
    struct Listed {
        var row: Int
        var cells: [String]
        /// By the sheet column they are shown in (0 is B).
        var onCell: [Int: [Finding]]
        /// Findings without a column shown: on the row number.
        var onRow: [Finding]
        var isHeader: Bool
        /// Non-empty cells of the record in columns the sheet does not show, counted in the
        /// sheet column `after` (0 is B): after the last column shown when it was read.
        var hidden: Int
        var after: Int
        var hasFindings: Bool { !onCell.isEmpty || !onRow.isEmpty }
    }

    static func writeFile(_ corrections: FileCorrections, report: WeekReport, opener: RowSource.Opener, on sheet: Worksheet) throws {
        let file = corrections.file
        let office = report.plan.office
        let maxFields = 16_383  // column A holds the line
        let lastRow = 1_048_575

        // Findings about the file as a whole (and any without a line) above everything; the
        // rest wait for their line.
        var notes: [Finding] = []
        var byLine: [Int: [Finding]] = [:]
        for f in corrections.findings {
            if f.code.facts.scope == .file || f.line <= 0 { notes.append(f) } else { byLine[f.line, default: []].append(f) }
        }
        try sheet.writeString(row: 0, col: 0, "行号", style: headStyle)
        try sheet.writeString(row: 0, col: 1, "原文件：\(file.path)", style: labelStyle)
        var row = 1
        func writeNote(_ f: Finding) throws {
            try sheet.writeString(row: row, col: 0, f.severity.chinese, style: CellStyle(background: fill(f.severity)))
            try sheet.writeComment(row: row, col: 0, comment([f]), options: CommentOptions(author: office))
            try sheet.writeString(row: row, col: 1, "\(f.code.title)：\(f.message)")
            row += 1
        }
        for f in notes { try writeNote(f) }

        var widths: [Double] = []
        var headerRow: Int?
        var header: HeaderMap?
        var recordCount = 0
        var truncated = false
        let table = file.kind.table
        let known = table.known
        var columns = Columns(cap: file.kind.columns.count + extraColumns)

        let textStyle = CellStyle(numberFormat: "@")
        var headerStyle = textStyle
        headerStyle.bold = true
        let rowNumberStyle = CellStyle(background: rowNumberFill)

        func prepare(_ record: CSVRecord, isHeader: Bool, findings here: [Finding]) -> Listed {
            // Cell findings by column; the rest (no column, or one the file lacks or the sheet
            // does not show) on the line number.
            var onCell: [Int: [Finding]] = [:]
            var onRow: [Finding] = []
            for f in here {
                if let c = header?.column(of: f), let shown = columns.output(c) {
                    onCell[shown, default: []].append(f)
                } else {
                    onRow.append(f)
                }
            }
            let (cells, hidden) = columns.cells(of: record.fields)
            return Listed(
                row: record.row, cells: cells, onCell: onCell, onRow: onRow, isHeader: isHeader, hidden: hidden, after: columns.after)
        }

        func emit(_ listed: Listed) throws {
            guard !truncated else { return }
            guard row < lastRow else {
                try sheet.writeString(row: row, col: 0, "……", style: rowNumberStyle)
                try sheet.writeString(row: row, col: 1, "文件超过 Excel 的行数上限，以下各行未列出")
                truncated = true
                return
            }
            if listed.isHeader { headerRow = row }
            if let worst = listed.onRow.map(\.severity).min() {
                try sheet.writeNumber(row: row, col: 0, Double(listed.row), style: CellStyle(background: fill(worst)))
                try sheet.writeComment(row: row, col: 0, comment(listed.onRow), options: CommentOptions(author: office))
            } else {
                try sheet.writeNumber(row: row, col: 0, Double(listed.row), style: rowNumberStyle)
            }
            let base = listed.isHeader ? headerStyle : textStyle
            let width = min(max(listed.cells.count, (listed.onCell.keys.max() ?? -1) + 1), maxFields)
            for c in 0..<width {
                let text = c < listed.cells.count ? listed.cells[c] : ""
                guard let found = listed.onCell[c] else {
                    if !text.isEmpty { try sheet.writeString(row: row, col: c + 1, text, style: base) }
                    continue
                }
                var style = base
                style.background = fill(found.map(\.severity).min() ?? .warning)
                if text.isEmpty {
                    try sheet.writeBlank(row: row, col: c + 1, style: style)
                } else {
                    try sheet.writeString(row: row, col: c + 1, text, style: style)
                }
                try sheet.writeComment(row: row, col: c + 1, comment(found), options: CommentOptions(author: office))
            }
            if listed.hidden > 0 {
                let more = listed.isHeader ? "……另有 \(listed.hidden) 列未列出（超出模板的列）" : "……本行另有 \(listed.hidden) 个单元格未列出"
                try sheet.writeString(row: row, col: listed.after + 1, more)
            }
            if recordCount < widthSample {
                if widths.count < width { widths += Array(repeating: 0, count: width - widths.count) }
                for c in 0..<min(width, listed.cells.count) {
                    widths[c] = max(widths[c], TableColumn.displayWidth(listed.cells[c]))
                }
            }
            recordCount += 1
            row += 1
        }

        // The first records wait here until the file proves longer than `compactAbove`.
        var waiting: [Listed] = []
        var compact = false
        var total = 0
        var listedCount = 0
        if case .success(let data) = opener(file) {
            if let digest = report.inputDigests[file.path], digest != Digest.sha256(data) {
                throw ChangedDuringRun(file: file.path)
            }
            try records(of: data, file: file) { record in
                total += 1
                // Blank cells name no column: only the others are normalised.
                let isHeader = header == nil && table.isHeader(record.fields.filter { !$0.isEmpty }.map(Text.normaliseHeader))
                if isHeader {
                    let map = HeaderMap(record.fields)
                    header = map
                    columns.choose(header: record.fields, map: map, known: known)
                }
                let here = byLine.removeValue(forKey: record.line) ?? []
                if compact {
                    guard isHeader || !here.isEmpty else { return }
                    try emit(prepare(record, isHeader: isHeader, findings: here))
                    listedCount += 1
                    return
                }
                waiting.append(prepare(record, isHeader: isHeader, findings: here))
                guard waiting.count > compactAbove else { return }
                // A long file: its title rows and header (the first record when it has none
                // yet), then only the rows with findings.
                compact = true
                try sheet.writeString(row: row, col: 0, "提示", style: rowNumberStyle)
                try sheet.writeString(
                    row: row, col: 1,
                    "本文件超过 \(compactAbove) 行，只列出标题、表头和有问题的行（A 列为原文件中的行号）；没有问题的行未列出，行数见表末")
                row += 1
                let titleRows = waiting.firstIndex(where: \.isHeader) ?? 0
                for (i, listed) in waiting.enumerated() where i <= titleRows || listed.hasFindings {
                    try emit(listed)
                    listedCount += 1
                }
                waiting = []
            }
        }
        for listed in waiting { try emit(listed) }
        if compact && row < lastRow {
            try sheet.writeString(row: row, col: 0, "……", style: rowNumberStyle)
            try sheet.writeString(
                row: row, col: 1, "另有 \(total - listedCount) 行没有发现问题，未列出（本文件共 \(total) 行，上面列出 \(listedCount) 行）")
            row += 1
        }
        // Findings whose line holds no record (none are expected): below, so none is lost.
        for line in byLine.keys.sorted() where row < lastRow {
            for f in byLine[line] ?? [] where row < lastRow { try writeNote(f) }
        }
        try sheet.setColumn(first: 0, last: 0, width: 7)
        for (c, w) in widths.enumerated() {
            try sheet.setColumn(first: c + 1, last: c + 1, width: min(max(w + 2, 8), 50))
        }
        if let headerRow { try sheet.freezePanes(row: headerRow + 1, col: 1) }
    }

    /// The file's records as the run read them: through its `RecordSource`.
    static func records(of data: Data, file: SubmissionFile, _ body: (CSVRecord) throws -> Void) throws {
        let source = RowSource.records(of: data, file: file)
        // Sources hand records to a non-throwing callback (the .xlsx one streams from inside
        // the decompressor): the first failure stops the rest and is thrown here.
        var failure: (any Error)?
        source.forEachRecord(problem: { _ in }) { record in
            guard failure == nil else { return }
            do { try body(record) } catch { failure = error }
        }
        if let failure { throw failure }
    }
}
