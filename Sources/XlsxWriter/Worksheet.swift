import CXlsxWriter
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One sheet of a `Workbook`. Rows and columns are zero-based.
///
/// In constant_memory mode libxlsxwriter keeps only the current row in memory and
/// flushes it as soon as a later row is touched, so rows must be written in
/// non-decreasing order; going back throws `.rowOutOfOrder` rather than being
/// silently dropped by the library.
public final class Worksheet {
    public let name: String
    /// Strong on purpose: the C worksheet lives exactly as long as the C workbook.
    private let workbook: Workbook
    private let handle: UnsafeMutablePointer<lxw_worksheet>
    /// The row libxlsxwriter is holding open; lower rows are already flushed in constant_memory mode.
    private var currentRow = 0
    private var hyperlinkCount = 0
    /// 1.1.4 does not detect overlapping merges, which Excel reports as a corrupt file.
    private var mergedRanges: [(rows: ClosedRange<Int>, cols: ClosedRange<Int>)] = []
    /// While the rows are lent out (`lendRows`), every call on the sheet throws.
    private var lent = false

    init(workbook: Workbook, handle: UnsafeMutablePointer<lxw_worksheet>, name: String) {
        self.workbook = workbook
        self.handle = handle
        self.name = name
    }

    // MARK: - Cells

    /// Writes text after `CellText.sanitized`: controls escaped, NUL dropped, over-long text cut with "…".
    public func writeString(row: Int, col: Int, _ text: String, style: CellStyle? = nil) throws {
        let operation = "worksheet_write_string"
        let (sheet, format) = try prepareCell(operation, row: row, col: col, style: style)
        let clean = CellText.sanitized(text)
        let code = clean.withCString {
            worksheet_write_string(sheet, lxw_row_t(row), lxw_col_t(col), $0, format)
        }
        try check(code, operation, row: row, col: col)
        count(col: col, textBytes: clean.utf8.count)
    }

    /// Writes one prepared table row (text already made safe): the sheet, the row's place in
    /// the grid and its order are checked once for the row, then each cell goes straight to
    /// libxlsxwriter (`putPrepared`). The formats are the table's, made beforehand.
    /// - Returns: the UTF-8 bytes of the text cells written.
    func writePrepared(row: Int, _ cells: [PreparedRow.Cell], formats: SlotFormats) throws -> Int {
        guard !cells.isEmpty else { return 0 }
        let operation = "worksheet_write_row"
        let sheet = try liveSheet(operation)
        try requireInGrid(operation, row: row, col: cells.count - 1)
        try requireRowInOrder(operation, row: row, col: 0)
        currentRow = max(currentRow, row)
        return try Self.putPrepared(sheet, name: name, row: row, cells, formats: formats, hyperlinks: &hyperlinkCount)
    }

    /// `writePrepared`'s checks for a row whose cells go out later (`writeReserved`, when the
    /// next row comes: see `DirectRow`); from now on the row counts as written.
    /// - Returns: the UTF-8 bytes of its text cells.
    func reservePrepared(row: Int, _ cells: [PreparedRow.Cell]) throws -> Int {
        guard !cells.isEmpty else { return 0 }
        let operation = "worksheet_write_row"
        _ = try liveSheet(operation)
        try requireInGrid(operation, row: row, col: cells.count - 1)
        try requireRowInOrder(operation, row: row, col: 0)
        currentRow = max(currentRow, row)
        return DirectRow.textBytes(cells)
    }

    /// A row `reservePrepared` took, written now: straight into the row stream when
    /// `DirectRow` can (the bytes libxlsxwriter would write), else cell by cell.
    func writeReserved(row: Int, _ cells: [PreparedRow.Cell], formats: SlotFormats, direct: inout DirectRow) throws {
        guard !cells.isEmpty else { return }
        let sheet = try liveSheet("worksheet_write_row")
        if direct.write(sheet, row: row, cells, formats: formats) { return }
        _ = try Self.putPrepared(sheet, name: name, row: row, cells, formats: formats, hyperlinks: &hyperlinkCount)
    }

    /// The cells of one prepared row, each straight to libxlsxwriter (links as `writeURL`
    /// writes them); the caller checked the row. Touches the sheet and the table's formats,
    /// no state of the workbook: a sheet lent out (`SheetRows`) is written this way too.
    static func putPrepared(_ sheet: UnsafeMutablePointer<lxw_worksheet>, name: String, row: Int,
                            _ cells: [PreparedRow.Cell], formats: SlotFormats, hyperlinks: inout Int) throws -> Int {
        let operation = "worksheet_write_row"
        let r = lxw_row_t(row)
        var textBytes = 0
        for col in cells.indices {
            let c = lxw_col_t(col)
            let code: lxw_error
            switch cells[col].value {
            case .text(let text):
                let f = formats.cell(cells[col].format)
                code = text.withCString { worksheet_write_string(sheet, r, c, $0, f) }
                textBytes += text.utf8.count
            case .number(let number):
                guard number.isFinite else {
                    throw XlsxError(.invalidArgument, "worksheet_write_number", sheet: name, row: row, col: col, "\(number) cannot be stored in a cell")
                }
                code = worksheet_write_number(sheet, r, c, number, formats.cell(cells[col].format))
            case .blank:
                code = worksheet_write_blank(sheet, r, c, formats.cell(cells[col].format))
            case .link(let url, let text):
                let slot = cells[col].format
                let written = try putLink(sheet, name: name, row: row, col: col, url: url, text: text, hyperlinks: &hyperlinks,
                                          linkFormat: { formats.link(slot) }, textFormat: { formats.cell(slot) })
                textBytes += written.textBytes
                continue
            }
            if code != LXW_NO_ERROR { try XlsxError.check(code, operation, sheet: name, row: row, col: col) }
        }
        return textBytes
    }

    /// Throws for NaN and infinities, which an .xlsx file cannot represent.
    public func writeNumber(row: Int, col: Int, _ value: Double, style: CellStyle? = nil) throws {
        let operation = "worksheet_write_number"
        guard value.isFinite else {
            throw XlsxError(.invalidArgument, operation, sheet: name, row: row, col: col, "\(value) cannot be stored in a cell")
        }
        let (sheet, format) = try prepareCell(operation, row: row, col: col, style: style)
        try check(worksheet_write_number(sheet, lxw_row_t(row), lxw_col_t(col), value, format), operation, row: row, col: col)
        count(col: col, textBytes: 0)
    }

    /// A blank cell only exists to carry a style (borders, fill), so the style is required.
    public func writeBlank(row: Int, col: Int, style: CellStyle) throws {
        let operation = "worksheet_write_blank"
        let (sheet, format) = try prepareCell(operation, row: row, col: col, style: style)
        try check(worksheet_write_blank(sheet, lxw_row_t(row), lxw_col_t(col), format), operation, row: row, col: col)
        count(col: col, textBytes: 0)
    }

    /// Writes `text` as a hyperlink to `url`, styled as `style.asLink`. When the link is not
    /// acceptable (not http/https, longer than 2,079 characters, or the sheet already has
    /// 65,530 links) the text is written as a plain string with `style` instead.
    /// - Returns: whether a real hyperlink was written.
    @discardableResult
    public func writeURL(row: Int, col: Int, url: String, text: String, style: CellStyle = .plain) throws -> Bool {
        let (sheet, _) = try prepareCell("worksheet_write_url_opt", row: row, col: col, style: nil)
        let written = try Self.putLink(sheet, name: name, row: row, col: col, url: url, text: text, hyperlinks: &hyperlinkCount,
                                       linkFormat: { try workbook.format(style.asLink, sheet: name) },
                                       textFormat: { try workbook.format(style, sheet: name) })
        count(col: col, textBytes: written.textBytes)
        return written.linked
    }

    /// The link, or its label as plain text when the link is not acceptable; the cell's
    /// place was checked by the caller. Returns whether it is a link and the text's bytes.
    private static func putLink(
        _ sheet: UnsafeMutablePointer<lxw_worksheet>, name: String, row: Int, col: Int, url: String, text: String,
        hyperlinks: inout Int,
        linkFormat: () throws -> UnsafeMutablePointer<lxw_format>?,
        textFormat: () throws -> UnsafeMutablePointer<lxw_format>?
    ) throws -> (linked: Bool, textBytes: Int) {
        let label = text.isEmpty ? url : text
        let clean = CellText.sanitized(label)
        let (r, c) = (lxw_row_t(row), lxw_col_t(col))
        guard hyperlinks < ExcelLimits.hyperlinksPerSheet, HyperlinkRule.isAcceptable(url) else {
            let format = try textFormat()
            try XlsxError.check(clean.withCString { worksheet_write_string(sheet, r, c, $0, format) },
                                "worksheet_write_string", sheet: name, row: row, col: col)
            return (false, clean.utf8.count)
        }
        let format = try linkFormat()
        let code = url.withCString { cURL in
            clean.withCString { cLabel in worksheet_write_url_opt(sheet, r, c, cURL, format, cLabel, nil) }
        }
        try XlsxError.check(code, "worksheet_write_url_opt", sheet: name, row: row, col: col)
        hyperlinks += 1
        return (true, label.utf8.count)
    }

    /// Attaches a cell comment (the red triangle Excel and LibreOffice show, the note on
    /// hover). The text is made safe as a cell's is (controls escaped, over-long text cut);
    /// the box is sized to the text unless `options` says otherwise. In constant_memory mode
    /// the comment's row follows the same order rule as cells: write it with its row.
    public func writeComment(row: Int, col: Int, _ text: String, options: CommentOptions = CommentOptions()) throws {
        let operation = "worksheet_write_comment_opt"
        let sheet = try liveSheet(operation)
        try requireInGrid(operation, row: row, col: col)
        try requireRowInOrder(operation, row: row, col: col)
        try options.validate(sheet: name, row: row, col: col)
        let clean = CellText.sanitized(text)
        let size = options.size ?? CommentOptions.fittingSize(clean)
        var c = lxw_comment_options()
        c.visible = UInt8((options.visible ? LXW_COMMENT_DISPLAY_VISIBLE : LXW_COMMENT_DISPLAY_HIDDEN).rawValue)
        c.width = UInt16(size.width)
        c.height = UInt16(size.height)
        // The library copies the author, so it only needs to live for the call.
        let author = options.author.map { strdup(CellText.xmlSafe($0)) } ?? nil
        defer { free(author) }
        c.author = author
        let code = clean.withCString { worksheet_write_comment_opt(sheet, lxw_row_t(row), lxw_col_t(col), $0, &c) }
        try check(code, operation, row: row, col: col)
        currentRow = max(currentRow, row)
        commentCount += 1
    }

    /// Comments written on this sheet.
    public private(set) var commentCount = 0

    /// Merges the range and writes `text` into it. A single-cell "range" is just written,
    /// since Excel cannot merge one cell. Overlapping an earlier merge throws.
    public func mergeRange(firstRow: Int, firstCol: Int, lastRow: Int, lastCol: Int,
                           text: String, style: CellStyle? = nil) throws {
        let operation = "worksheet_merge_range"
        guard firstRow <= lastRow, firstCol <= lastCol else {
            throw XlsxError(.invalidArgument, operation, sheet: name, row: firstRow, col: firstCol, "first cell must precede last cell")
        }
        if firstRow == lastRow && firstCol == lastCol {
            return try writeString(row: firstRow, col: firstCol, text, style: style)
        }
        try requireInGrid(operation, row: lastRow, col: lastCol)
        let rows = firstRow...lastRow, cols = firstCol...lastCol
        if mergedRanges.contains(where: { $0.rows.overlaps(rows) && $0.cols.overlaps(cols) }) {
            throw XlsxError(.invalidArgument, operation, sheet: name, row: firstRow, col: firstCol, "overlaps an earlier merged range")
        }
        // The library writes the first row first, then blanks down to lastRow; it ignores
        // errors from those writes, so everything is validated here.
        let (sheet, format) = try prepareCell(operation, row: firstRow, col: firstCol, style: style)
        let code = CellText.sanitized(text).withCString {
            worksheet_merge_range(sheet, lxw_row_t(firstRow), lxw_col_t(firstCol),
                                  lxw_row_t(lastRow), lxw_col_t(lastCol), $0, format)
        }
        try check(code, operation, row: firstRow, col: firstCol)
        currentRow = lastRow
        mergedRanges.append((rows, cols))
    }

    // MARK: - Rows and columns

    /// Column widths are stored apart from the row data, so this works at any time,
    /// even after the rows were streamed in constant_memory mode.
    public func setColumn(first: Int, last: Int, width: Double, style: CellStyle? = nil) throws {
        let operation = "worksheet_set_column"
        let sheet = try liveSheet(operation)
        try requireInGrid(operation, row: 0, col: first)
        try requireInGrid(operation, row: 0, col: last)
        guard first <= last, (0...255).contains(width) else {
            throw XlsxError(.invalidArgument, operation, sheet: name, col: first, "need first <= last and a width in 0...255, got \(width)")
        }
        let format = try workbook.format(style, sheet: name)
        try check(worksheet_set_column(sheet, lxw_col_t(first), lxw_col_t(last), width, format), operation, col: first)
    }

    /// In constant_memory mode call this before writing the row's cells (or on the current row).
    public func setRow(_ row: Int, height: Double, style: CellStyle? = nil) throws {
        let operation = "worksheet_set_row"
        guard (0...409).contains(height) else {
            throw XlsxError(.invalidArgument, operation, sheet: name, row: row, "row height \(height) is outside 0...409 points")
        }
        let (sheet, format) = try prepareCell(operation, row: row, col: 0, style: style)
        try check(worksheet_set_row(sheet, lxw_row_t(row), height, format), operation, row: row)
    }

    /// Freezes the rows above `row` and the columns left of `col`.
    public func freezePanes(row: Int, col: Int) throws {
        let sheet = try liveSheet("worksheet_freeze_panes")
        try requireInGrid("worksheet_freeze_panes", row: row, col: col)
        worksheet_freeze_panes(sheet, lxw_row_t(row), lxw_col_t(col))
    }

    /// In constant_memory mode `lastRow` must not be above the current row (the library
    /// checks it like a cell write), so set the filter after the data is written.
    public func autofilter(firstRow: Int, firstCol: Int, lastRow: Int, lastCol: Int) throws {
        let operation = "worksheet_autofilter"
        let sheet = try liveSheet(operation)
        try requireInGrid(operation, row: firstRow, col: firstCol)
        try requireInGrid(operation, row: lastRow, col: lastCol)
        try requireRowInOrder(operation, row: lastRow, col: lastCol)
        let code = worksheet_autofilter(sheet, lxw_row_t(firstRow), lxw_col_t(firstCol), lxw_row_t(lastRow), lxw_col_t(lastCol))
        try check(code, operation, row: firstRow, col: firstCol)
    }

    // MARK: - Printing

    public func setLandscape() throws { worksheet_set_landscape(try liveSheet("worksheet_set_landscape")) }

    public static let paperA4: UInt8 = 9

    /// Excel paper code, e.g. `Worksheet.paperA4`.
    public func setPaper(_ paper: UInt8) throws { worksheet_set_paper(try liveSheet("worksheet_set_paper"), paper) }

    /// Scales the printout to `width` pages wide and `height` pages tall; 0 means "as many as needed".
    public func fitToPages(width: Int, height: Int) throws {
        let sheet = try liveSheet("worksheet_fit_to_pages")
        guard let pagesWide = UInt16(exactly: width), let pagesTall = UInt16(exactly: height) else {
            throw XlsxError(.invalidArgument, "worksheet_fit_to_pages", sheet: name, "page counts must be in 0...65535")
        }
        worksheet_fit_to_pages(sheet, pagesWide, pagesTall)
    }

    /// `第 1 页 共 3 页`, centred: every sheet the tool writes prints its page numbers.
    public static let pageNumberFooter = "&C第 &P 页 共 &N 页"

    /// Prints at `percent` (10–400) of the size; overridden by `fitToPages`.
    public func setPrintScale(_ percent: Int) throws {
        let operation = "worksheet_set_print_scale"
        let sheet = try liveSheet(operation)
        guard let scale = UInt16(exactly: percent), (10...400).contains(scale) else {
            throw XlsxError(.invalidArgument, operation, sheet: name, "print scale must be in 10...400, got \(percent)")
        }
        worksheet_set_print_scale(sheet, scale)
    }

    /// Hides the sheet (e.g. the data behind a chart); a workbook's first sheet stays visible.
    public func hide() throws { worksheet_hide(try liveSheet("worksheet_hide")) }

    /// Rows printed at the top of every page.
    public func repeatRows(first: Int, last: Int) throws {
        let operation = "worksheet_repeat_rows"
        let sheet = try liveSheet(operation)
        try requireInGrid(operation, row: first, col: 0)
        try requireInGrid(operation, row: last, col: 0)
        try check(worksheet_repeat_rows(sheet, lxw_row_t(first), lxw_row_t(last)), operation, row: first)
    }

    /// Inches. Negative values keep Excel's defaults.
    public func setMargins(left: Double, right: Double, top: Double, bottom: Double) throws {
        worksheet_set_margins(try liveSheet("worksheet_set_margins"), left, right, top, bottom)
    }

    /// Gridlines always show on screen; this controls whether they are printed too.
    public func printGridlines(_ printed: Bool) throws {
        let option = printed ? LXW_SHOW_ALL_GRIDLINES : LXW_SHOW_SCREEN_GRIDLINES
        worksheet_gridlines(try liveSheet("worksheet_gridlines"), UInt8(option.rawValue))
    }

    /// The printed page footer, in Excel's header/footer codes: `&C` centres, `&P` is the page
    /// number, `&N` the number of pages (`&C第 &P 页 共 &N 页`). At most 255 characters.
    public func setFooter(_ text: String) throws {
        let operation = "worksheet_set_footer"
        let sheet = try liveSheet(operation)
        let safe = CellText.xmlSafe(text)
        guard safe.count <= Int(LXW_HEADER_FOOTER_MAX), !safe.contains("\0") else {
            throw XlsxError(.invalidArgument, operation, sheet: name, "a footer holds at most \(LXW_HEADER_FOOTER_MAX) characters")
        }
        try check(safe.withCString { worksheet_set_footer(sheet, $0) }, operation)
    }

    // MARK: - Charts

    /// Inserts a line chart whose top-left corner sits at (`row`, `col`): one line per
    /// series, each over its own range of cells (a row or a column), against the category
    /// range. As for column charts, a workbook in normal (not constant-memory) mode gives
    /// the chart cached values, so readers need not recompute it.
    public func insertLineChart(_ spec: LineChart, row: Int, col: Int) throws {
        let operation = "worksheet_insert_chart"
        let sheet = try liveSheet(operation)
        try spec.validate(sheetNames: workbook.worksheetNames)
        try requireInGrid(operation, row: row, col: col)
        let owner = try workbook.liveHandle("workbook_add_chart", sheet: name)
        guard let chart = workbook_add_chart(owner, UInt8(LXW_CHART_LINE.rawValue)) else {
            throw XlsxError(.nullResult, "workbook_add_chart", sheet: name, "libxlsxwriter could not create the chart")
        }
        // An unused chart is freed with the workbook, so throwing from here on leaks nothing.
        ColumnChart.label(spec.title).withCString { chart_title_set_name(chart, $0) }
        let c = spec.categories
        for series in spec.series {
            guard let added = chart_add_series(chart, nil, nil) else {
                throw XlsxError(.nullResult, "chart_add_series", sheet: name, "libxlsxwriter could not add series '\(series.name)'")
            }
            c.sheet.withCString {
                chart_series_set_categories(
                    added, $0, lxw_row_t(c.firstRow), lxw_col_t(c.firstCol), lxw_row_t(c.lastRow), lxw_col_t(c.lastCol))
            }
            let v = series.values
            v.sheet.withCString {
                chart_series_set_values(
                    added, $0, lxw_row_t(v.firstRow), lxw_col_t(v.firstCol), lxw_row_t(v.lastRow), lxw_col_t(v.lastCol))
            }
            ColumnChart.label(series.name).withCString { chart_series_set_name(added, $0) }
            chart_series_set_marker_type(added, UInt8(LXW_CHART_MARKER_AUTOMATIC.rawValue))
        }
        for (axisType, title) in [(LXW_CHART_AXIS_TYPE_X, spec.categoryAxisTitle), (LXW_CHART_AXIS_TYPE_Y, spec.valueAxisTitle)] {
            guard let title else { continue }
            guard let axis = chart_axis_get(chart, axisType) else {
                throw XlsxError(.nullResult, "chart_axis_get", sheet: name, "libxlsxwriter returned no axis")
            }
            ColumnChart.label(title).withCString { chart_axis_set_name(axis, $0) }
        }
        chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_RIGHT.rawValue))
        var options = lxw_chart_options()
        options.x_scale = spec.widthScale
        options.y_scale = spec.heightScale
        try check(worksheet_insert_chart_opt(sheet, lxw_row_t(row), lxw_col_t(col), chart, &options), operation, row: row, col: col)
    }

    /// Inserts a clustered column chart whose top-left corner sits at (`row`, `col`).
    /// In constant_memory mode libxlsxwriter cannot read back cell values, so the chart
    /// carries no cached data (and text categories are referenced as numbers); readers
    /// recompute it from the ranges. A small workbook that needs a self-contained chart
    /// can be opened with `constantMemory: false`, which writes full caches.
    public func insertColumnChart(_ spec: ColumnChart, row: Int, col: Int) throws {
        let operation = "worksheet_insert_chart"
        let sheet = try liveSheet(operation)
        try spec.validate(sheetNames: workbook.worksheetNames)
        try requireInGrid(operation, row: row, col: col)
        let owner = try workbook.liveHandle("workbook_add_chart", sheet: name)
        guard let chart = workbook_add_chart(owner, UInt8(LXW_CHART_COLUMN.rawValue)) else {
            throw XlsxError(.nullResult, "workbook_add_chart", sheet: name, "libxlsxwriter could not create the chart")
        }
        // An unused chart is freed with the workbook, so throwing from here on leaks nothing.
        ColumnChart.label(spec.title).withCString { chart_title_set_name(chart, $0) }
        for series in spec.series {
            guard let added = chart_add_series(chart, nil, nil) else {
                throw XlsxError(.nullResult, "chart_add_series", sheet: name, "libxlsxwriter could not add series '\(series.name)'")
            }
            spec.dataSheet.withCString { dataSheet in
                let (first, last) = (lxw_row_t(spec.firstRow), lxw_row_t(spec.lastRow))
                chart_series_set_categories(added, dataSheet, first, lxw_col_t(spec.categoryColumn), last, lxw_col_t(spec.categoryColumn))
                chart_series_set_values(added, dataSheet, first, lxw_col_t(series.valuesColumn), last, lxw_col_t(series.valuesColumn))
            }
            ColumnChart.label(series.name).withCString { chart_series_set_name(added, $0) }
        }
        for (axisType, title) in [(LXW_CHART_AXIS_TYPE_X, spec.categoryAxisTitle), (LXW_CHART_AXIS_TYPE_Y, spec.valueAxisTitle)] {
            guard let title else { continue }
            guard let axis = chart_axis_get(chart, axisType) else {
                throw XlsxError(.nullResult, "chart_axis_get", sheet: name, "libxlsxwriter returned no axis")
            }
            ColumnChart.label(title).withCString { chart_axis_set_name(axis, $0) }
        }
        chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_BOTTOM.rawValue))
        var options = lxw_chart_options()
        options.x_scale = spec.widthScale
        options.y_scale = spec.heightScale
        try check(worksheet_insert_chart_opt(sheet, lxw_row_t(row), lxw_col_t(col), chart, &options), operation, row: row, col: col)
    }

    // MARK: - Checks

    private func count(col: Int, textBytes: Int) {
        workbook.stats.cells += 1
        workbook.stats.textBytes += textBytes
        if col >= workbook.stats.columns { workbook.stats.columns = col + 1 }
    }

    private func liveSheet(_ operation: String) throws -> UnsafeMutablePointer<lxw_worksheet> {
        _ = try workbook.liveHandle(operation, sheet: name)
        guard !lent else {
            throw XlsxError(.invalidArgument, operation, sheet: name, "the sheet's rows are being written on another thread")
        }
        return handle
    }

    /// Everything a row-touching call needs: live sheet, valid and in-order cell, format.
    private func prepareCell(_ operation: String, row: Int, col: Int,
                             style: CellStyle?) throws -> (UnsafeMutablePointer<lxw_worksheet>, UnsafeMutablePointer<lxw_format>?) {
        let sheet = try liveSheet(operation)
        try requireInGrid(operation, row: row, col: col)
        try requireRowInOrder(operation, row: row, col: col)
        let format = try workbook.format(style, sheet: name)
        currentRow = max(currentRow, row)
        return (sheet, format)
    }

    private func requireInGrid(_ operation: String, row: Int, col: Int) throws {
        try Self.requireInGrid(operation, sheet: name, row: row, col: col)
    }

    static func requireInGrid(_ operation: String, sheet name: String, row: Int, col: Int) throws {
        guard (0..<ExcelLimits.rows).contains(row), (0..<ExcelLimits.columns).contains(col) else {
            throw XlsxError(.outOfRange, operation, sheet: name, row: row, col: col,
                            "a sheet has rows 0..<\(ExcelLimits.rows) and columns 0..<\(ExcelLimits.columns)")
        }
    }

    private func requireRowInOrder(_ operation: String, row: Int, col: Int) throws {
        guard workbook.isConstantMemory else { return }
        try Self.requireRowInOrder(operation, sheet: name, row: row, col: col, currentRow: currentRow)
    }

    static func requireRowInOrder(_ operation: String, sheet name: String, row: Int, col: Int, currentRow: Int) throws {
        guard row < currentRow else { return }
        throw XlsxError(.rowOutOfOrder, operation, sheet: name, row: row, col: col,
                        "constant_memory mode already flushed rows before \(currentRow); write rows in increasing order")
    }

    // MARK: - Lending the rows to another thread

    /// The sheet's rows, lent to be written on another thread (`SheetRows`); until they are
    /// back (`takeBack`), every call on this sheet throws and the workbook will not close.
    /// Only a constant_memory sheet's rows can be lent: they go to the sheet's own temporary
    /// file, while in the default mode every string goes through the workbook's shared
    /// string table.
    func lendRows() throws -> SheetRows {
        let operation = "lendRows"
        let sheet = try liveSheet(operation)
        guard workbook.isConstantMemory else {
            throw XlsxError(.invalidArgument, operation, sheet: name,
                            "only a constant_memory workbook's sheets can be written on another thread")
        }
        lent = true
        workbook.rowsLent += 1
        return SheetRows(name: name, sheet: sheet, currentRow: currentRow, hyperlinkCount: hyperlinkCount)
    }

    /// The rows `lendRows` lent, back with what was written meanwhile.
    func takeBack(_ rows: consuming SheetRows) throws {
        guard lent, rows.isRows(of: handle) else {
            throw XlsxError(.invalidArgument, "takeBack", sheet: name, "these rows were not lent by this sheet")
        }
        currentRow = rows.currentRow
        hyperlinkCount = rows.hyperlinkCount
        lent = false
        workbook.rowsLent -= 1
    }

    private func check(_ code: lxw_error, _ operation: String, row: Int? = nil, col: Int? = nil) throws {
        try XlsxError.check(code, operation, sheet: name, row: row, col: col)
    }
}

/// A worksheet's rows, lent to the one thread that writes them (`Worksheet.lendRows`) while
/// the workbook's thread does other work: `Workbook.writeTable(_:count:row:)` writes a
/// table's sheets side by side this way.
///
/// Safe by construction, as far as Swift can see it: the value is non-copyable, so it has one
/// owner at a time and moving it to a thread gives it away (the compiler refuses any later use
/// by the giver); while it is out, its `Worksheet` refuses every call and its `Workbook`
/// refuses to close. It holds the C worksheet by address rather than as a pointer, which is
/// what lets it cross threads: libxlsxwriter keeps a constant_memory worksheet's rows in the
/// sheet's own row buffer and temporary file, which no other sheet and not the workbook touch
/// until the workbook closes. What the sheets of a table do share, the workbook's formats,
/// is read through `SlotFormats` and numbered in the order `FormatOrder` keeps.
struct SheetRows: ~Copyable, Sendable {
    let name: String
    /// The `lxw_worksheet`'s address.
    private let address: UInt
    /// The row libxlsxwriter is holding open; lower rows are already flushed.
    private(set) var currentRow: Int
    private(set) var hyperlinkCount: Int

    fileprivate init(name: String, sheet: UnsafeMutablePointer<lxw_worksheet>, currentRow: Int, hyperlinkCount: Int) {
        self.name = name
        self.address = UInt(bitPattern: sheet)
        self.currentRow = currentRow
        self.hyperlinkCount = hyperlinkCount
    }

    fileprivate func isRows(of sheet: UnsafeMutablePointer<lxw_worksheet>) -> Bool { address == UInt(bitPattern: sheet) }

    private func sheet(_ operation: String) throws -> UnsafeMutablePointer<lxw_worksheet> {
        guard let sheet = UnsafeMutablePointer<lxw_worksheet>(bitPattern: address) else {
            throw XlsxError(.nullResult, operation, sheet: name, "the lent worksheet has no address")
        }
        return sheet
    }

    /// `Worksheet.setRow(_:height:)` without a style: call it before writing the row's cells.
    mutating func setRow(_ row: Int, height: Double) throws {
        let operation = "worksheet_set_row"
        guard (0...409).contains(height) else {
            throw XlsxError(.invalidArgument, operation, sheet: name, row: row, "row height \(height) is outside 0...409 points")
        }
        let sheet = try sheet(operation)
        try Worksheet.requireInGrid(operation, sheet: name, row: row, col: 0)
        try Worksheet.requireRowInOrder(operation, sheet: name, row: row, col: 0, currentRow: currentRow)
        currentRow = max(currentRow, row)
        try XlsxError.check(worksheet_set_row(sheet, lxw_row_t(row), height, nil), operation, sheet: name, row: row)
    }

    /// `Worksheet.reservePrepared`, on the lent rows.
    mutating func reservePrepared(row: Int, _ cells: [PreparedRow.Cell]) throws -> Int {
        guard !cells.isEmpty else { return 0 }
        let operation = "worksheet_write_row"
        _ = try sheet(operation)
        try Worksheet.requireInGrid(operation, sheet: name, row: row, col: cells.count - 1)
        try Worksheet.requireRowInOrder(operation, sheet: name, row: row, col: 0, currentRow: currentRow)
        currentRow = max(currentRow, row)
        return DirectRow.textBytes(cells)
    }

    /// `Worksheet.writeReserved`, on the lent rows.
    mutating func writeReserved(row: Int, _ cells: [PreparedRow.Cell], formats: SlotFormats, direct: inout DirectRow) throws {
        guard !cells.isEmpty else { return }
        let sheet = try sheet("worksheet_write_row")
        if direct.write(sheet, row: row, cells, formats: formats) { return }
        _ = try Worksheet.putPrepared(sheet, name: name, row: row, cells, formats: formats, hyperlinks: &hyperlinkCount)
    }

    /// `Worksheet.writePrepared`, on the lent rows.
    mutating func writePrepared(row: Int, _ cells: [PreparedRow.Cell], formats: SlotFormats) throws -> Int {
        guard !cells.isEmpty else { return 0 }
        let operation = "worksheet_write_row"
        let sheet = try sheet(operation)
        try Worksheet.requireInGrid(operation, sheet: name, row: row, col: cells.count - 1)
        try Worksheet.requireRowInOrder(operation, sheet: name, row: row, col: 0, currentRow: currentRow)
        currentRow = max(currentRow, row)
        return try Worksheet.putPrepared(sheet, name: name, row: row, cells, formats: formats, hyperlinks: &hyperlinkCount)
    }
}

/// How a cell comment is shown. Sizes are pixels (libxlsxwriter's default box is 128×74).
public struct CommentOptions: Sendable, Hashable {
    /// Shown without hovering.
    public var visible: Bool
    /// Excel shows the author in the status bar; nil leaves it empty.
    public var author: String?
    /// The box's width and height in pixels; nil sizes it to the text.
    public var size: (width: Int, height: Int)? {
        get { width.map { ($0, height ?? 74) } }
        set {
            width = newValue?.width
            height = newValue?.height
        }
    }
    private var width: Int?
    private var height: Int?

    public init(visible: Bool = false, author: String? = nil, size: (width: Int, height: Int)? = nil) {
        self.visible = visible
        self.author = author
        self.width = size?.width
        self.height = size?.height
    }

    func validate(sheet: String, row: Int, col: Int) throws {
        if let size, !(1...4_000).contains(size.width) || !(1...4_000).contains(size.height) {
            throw XlsxError(.invalidArgument, "worksheet_write_comment_opt", sheet: sheet, row: row, col: col,
                            "a comment box is 1...4000 pixels each way, got \(size.width)×\(size.height)")
        }
    }

    /// A box wide enough for a sentence or two of Chinese and tall enough for its lines
    /// (the comment font is 8 pt Tahoma: about 11 pixels a CJK character, 14 a line).
    static func fittingSize(_ text: String) -> (width: Int, height: Int) {
        let width = 260
        var lines = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let units = TableColumn.displayWidth(String(line))
            lines += max(1, Int((units * 5.6 / Double(width - 10)).rounded(.up)))
        }
        return (width, min(4_000, max(40, 14 * lines + 12)))
    }
}

/// A clustered column chart over cells of one sheet: one category column and
/// one value column per series, all spanning `firstRow...lastRow`.
public struct ColumnChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var valuesColumn: Int
        public init(name: String, valuesColumn: Int) {
            self.name = name
            self.valuesColumn = valuesColumn
        }
    }

    public var title: String
    public var categoryAxisTitle: String?
    public var valueAxisTitle: String?
    public var dataSheet: String
    public var firstRow: Int
    public var lastRow: Int
    public var categoryColumn: Int
    public var series: [Series]
    /// Multiples of the default 480x288 pixel chart.
    public var widthScale: Double
    public var heightScale: Double

    public init(title: String, categoryAxisTitle: String? = nil, valueAxisTitle: String? = nil,
                dataSheet: String, firstRow: Int, lastRow: Int, categoryColumn: Int, series: [Series],
                widthScale: Double = 1.5, heightScale: Double = 1.5) {
        self.title = title
        self.categoryAxisTitle = categoryAxisTitle
        self.valueAxisTitle = valueAxisTitle
        self.dataSheet = dataSheet
        self.firstRow = firstRow
        self.lastRow = lastRow
        self.categoryColumn = categoryColumn
        self.series = series
        self.widthScale = widthScale
        self.heightScale = heightScale
    }

    func validate(sheetNames: [String]) throws {
        func reject(_ why: String) -> XlsxError { XlsxError(.invalidArgument, "insertColumnChart", sheet: dataSheet, why) }
        // An unknown sheet would only produce a library warning and a broken reference.
        guard sheetNames.contains(dataSheet) else { throw reject("no worksheet named '\(dataSheet)' in this workbook") }
        guard !series.isEmpty else { throw reject("a chart needs at least one series") }
        guard 0 <= firstRow, firstRow <= lastRow, lastRow < ExcelLimits.rows else { throw reject("bad row range \(firstRow)...\(lastRow)") }
        let columns = [categoryColumn] + series.map(\.valuesColumn)
        guard columns.allSatisfy({ (0..<ExcelLimits.columns).contains($0) }) else { throw reject("column out of range") }
        guard widthScale > 0, heightScale > 0 else { throw reject("scales must be positive") }
    }

    /// libxlsxwriter reads a label starting with "=" as a cell formula; a leading space keeps it literal.
    static func label(_ text: String) -> String {
        let safe = CellText.xmlSafe(text)
        return safe.hasPrefix("=") ? " " + safe : safe
    }
}

/// A rectangle of cells on a named sheet, as a chart refers to it.
public struct ChartRange: Sendable, Hashable {
    public var sheet: String
    public var firstRow: Int
    public var firstCol: Int
    public var lastRow: Int
    public var lastCol: Int

    public init(sheet: String, firstRow: Int, firstCol: Int, lastRow: Int, lastCol: Int) {
        self.sheet = sheet
        self.firstRow = firstRow
        self.firstCol = firstCol
        self.lastRow = lastRow
        self.lastCol = lastCol
    }

    func isValid(sheetNames: [String]) -> Bool {
        sheetNames.contains(sheet) && 0 <= firstRow && firstRow <= lastRow && lastRow < ExcelLimits.rows
            && 0 <= firstCol && firstCol <= lastCol && lastCol < ExcelLimits.columns
    }
}

/// A line chart: one line per series, each over its own cells (a row or a column of
/// values), against one category range (e.g. the header cells 第1期 … 第N期).
public struct LineChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var values: ChartRange
        public init(name: String, values: ChartRange) {
            self.name = name
            self.values = values
        }
    }

    public var title: String
    public var categoryAxisTitle: String?
    public var valueAxisTitle: String?
    public var categories: ChartRange
    public var series: [Series]
    /// Multiples of the default 480x288 pixel chart.
    public var widthScale: Double
    public var heightScale: Double

    /// Excel draws at most 255 series in one chart.
    public static let maxSeries = 255

    public init(title: String, categoryAxisTitle: String? = nil, valueAxisTitle: String? = nil,
                categories: ChartRange, series: [Series], widthScale: Double = 1.5, heightScale: Double = 1.5) {
        self.title = title
        self.categoryAxisTitle = categoryAxisTitle
        self.valueAxisTitle = valueAxisTitle
        self.categories = categories
        self.series = series
        self.widthScale = widthScale
        self.heightScale = heightScale
    }

    func validate(sheetNames: [String]) throws {
        func reject(_ why: String) -> XlsxError { XlsxError(.invalidArgument, "insertLineChart", sheet: categories.sheet, why) }
        // An unknown sheet would only produce a library warning and a broken reference.
        guard categories.isValid(sheetNames: sheetNames) else { throw reject("bad category range \(categories)") }
        guard !series.isEmpty, series.count <= Self.maxSeries else { throw reject("a chart needs 1...\(Self.maxSeries) series") }
        for s in series where !s.values.isValid(sheetNames: sheetNames) { throw reject("bad value range \(s.values) of '\(s.name)'") }
        guard widthScale > 0, heightScale > 0 else { throw reject("scales must be positive") }
    }
}
