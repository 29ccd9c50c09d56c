import CXlsxWriter
import Dispatch
import Foundation
import Synchronization

// "Layout as data": every attachment workbook is a title, an optional subtitle, a header
// row and streamed data rows, laid out and printed the same way.

public enum CellValue: Sendable, Hashable {
    case text(String)
    case number(Double)
    case integer(Int)
    /// A fraction (0.25), shown as "25.0%".
    case percent(Double)
    case link(url: String, text: String)
    case empty
}

public enum RowTone: Sendable {
    case normal
    case shortfall  // light red
    case warning    // light yellow
    case note       // light blue
    case good       // light green

    var fill: UInt32? {
        switch self {
        case .normal: nil
        case .shortfall: 0xFFC7CE
        case .warning: 0xFFEB9C
        case .note: 0xDDEBF7
        case .good: 0xC6EFCE
        }
    }
}

public struct TableColumn: Sendable {
    public var header: String
    /// Bounds for the estimated width, in Excel character units.
    public var minWidth: Double
    public var maxWidth: Double
    public var wrap: Bool

    public init(header: String, minWidth: Double = 6, maxWidth: Double = 60, wrap: Bool = false) {
        self.header = header
        self.minWidth = minWidth
        self.maxWidth = maxWidth
        self.wrap = wrap
    }

    /// Lines `text` takes wrapped in a column `width` characters wide (at most 60).
    public static func lineCount(_ text: String, width: Double) -> Int {
        guard width > 0 else { return 1 }
        var lines = 0
        for segment in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let w = displayWidth(String(segment), stoppingAfter: width * 60)
            lines += max(1, Int((w / width).rounded(.up)))
            if lines >= 60 { return 60 }
        }
        return max(1, lines)
    }

    /// Rough on-screen width in Excel character units: wide (CJK, full-width) characters
    /// count 2, zero-width marks 0, everything else 1.1. Multi-line text measures its
    /// widest line. Callers clamp the result.
    public static func displayWidth(_ text: String) -> Double {
        displayWidth(text, stoppingAfter: .infinity)
    }

    /// Stops counting once `limit` is passed: column widths are capped anyway, and
    /// long cells would otherwise be measured to the end on every row.
    static func displayWidth(_ text: String, stoppingAfter limit: Double) -> Double {
        var widest = 0.0, line = 0.0
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                widest = max(widest, line)
                line = 0
                continue
            }
            line += characterWidth(scalar)
            if line > limit { return line }
        }
        return max(widest, line)
    }

    private static func characterWidth(_ scalar: Unicode.Scalar) -> Double {
        switch scalar.value {
        case 0..<0x20, 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F: 0
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD: 2
        default: 1.1
        }
    }
}

public struct TableRow: Sendable {
    public var cells: [CellValue]
    public var tone: RowTone
    /// Per-cell overrides of `tone`, keyed by column index.
    public var cellTones: [Int: RowTone]

    public init(cells: [CellValue], tone: RowTone = .normal, cellTones: [Int: RowTone] = [:]) {
        self.cells = cells
        self.tone = tone
        self.cellTones = cellTones
    }
}

public struct TableSheetSpec: Sendable {
    public var name: String
    /// Merged across all columns in the first row, bold and larger.
    public var title: String
    /// Optional second merged row, e.g. the reporting period.
    public var subtitle: String?
    public var columns: [TableColumn]
    public var landscape: Bool
    public var freezeHeader: Bool
    public var autofilter: Bool
    /// Written across the table when it has no rows, so no sheet is only a header.
    public var emptyNote: String
    /// The printed page footer in Excel's header/footer codes; every table prints
    /// `第 N 页 共 M 页` unless told otherwise (nil: none).
    public var footer: String?

    public init(name: String, title: String, subtitle: String? = nil, columns: [TableColumn],
                landscape: Bool = true, freezeHeader: Bool = true, autofilter: Bool = true,
                emptyNote: String = "本期没有记录。", footer: String? = Worksheet.pageNumberFooter) {
        self.emptyNote = emptyNote
        self.footer = footer
        self.name = name
        self.title = title
        self.subtitle = subtitle
        self.columns = columns
        self.landscape = landscape
        self.freezeHeader = freezeHeader
        self.autofilter = autofilter
    }
}

extension Workbook {
    /// Writes the table, streaming `rows` once, in order. When the rows exceed one sheet's
    /// capacity (`maxRowsPerSheet` minus the title, subtitle and header rows), continues on
    /// sheets named "<name>(2)", "<name>(3)"… each with the title and header repeated.
    /// `maxRowsPerSheet` counts every row of a sheet and is capped at Excel's 1,048,576;
    /// it exists so tests can exercise the split with small numbers.
    /// - Returns: the number of sheets written (at least 1, even for no rows).
    @discardableResult
    public func writeTable<S: Sequence>(_ spec: TableSheetSpec, rows: S,
                                        maxRowsPerSheet: Int = 1_048_576) throws -> Int where S.Element == TableRow {
        let layout = TableLayout(spec: spec)
        var writer = try TableWriter(layout: layout, workbook: self, maxRowsPerSheet: maxRowsPerSheet)
        for row in rows { try writer.emit(layout.prepare(row)) }
        return try writer.finish()
    }

    /// `writeTable(_:rows:)`, returning the sheet the table ends on, to place a chart beside it.
    public func writeTableSheet<S: Sequence>(_ spec: TableSheetSpec, rows: S) throws -> Worksheet where S.Element == TableRow {
        let layout = TableLayout(spec: spec)
        var writer = try TableWriter(layout: layout, workbook: self, maxRowsPerSheet: ExcelLimits.rows)
        for row in rows { try writer.emit(layout.prepare(row)) }
        _ = try writer.finish()
        return writer.sheet
    }

    /// The same table from `count` rows made by `row(i)`, for big tables: rows are made
    /// and measured (text checked, widths estimated) on a second thread, a batch ahead of
    /// the thread handing them to libxlsxwriter. A table of more than one sheet has each
    /// sheet written on a thread of its own, side by side (a province's 走访明细 fills one
    /// sheet and part of the next). The file is the same as `writeTable(_:rows:)` writes;
    /// only the work moves between threads.
    ///
    /// Needs a workbook in constant_memory mode (the default), where each sheet's rows go to
    /// a file of the sheet's own; anything else is refused with a thrown error.
    @discardableResult
    public func writeTable(_ spec: TableSheetSpec, count: Int, maxRowsPerSheet: Int = 1_048_576,
                           row: @escaping @Sendable (Int) -> TableRow) throws -> Int {
        guard isConstantMemory else {
            throw XlsxError(.invalidArgument, "writeTable", sheet: spec.name,
                            "writeTable(_:count:row:) writes sheets on threads of their own and needs a constant_memory workbook")
        }
        let layout = TableLayout(spec: spec)
        let capacity = min(maxRowsPerSheet, ExcelLimits.rows) - layout.firstDataRow
        if capacity >= 1 && count > capacity {
            return try writeSheetsSideBySide(layout, count: count, capacity: capacity, row: row)
        }
        var writer = try TableWriter(layout: layout, workbook: self, maxRowsPerSheet: maxRowsPerSheet)
        try Self.prepared(0..<count, layout: layout, row: row) { prepared in
            try writer.emit(prepared)
            return true
        }
        return try writer.finish()
    }

    /// Calls `body` with the prepared rows of `range` in order, each batch made on a thread
    /// of its own while the one before it is handed over; stops when `body` returns false.
    static func prepared(_ range: Range<Int>, layout: TableLayout, row: @escaping @Sendable (Int) -> TableRow,
                         _ body: (PreparedRow) throws -> Bool) rethrows {
        let batch = 4_096
        @Sendable func prepare(_ range: Range<Int>) -> [PreparedRow] { range.map { layout.prepare(row($0)) } }
        var current = prepare(range.lowerBound..<min(range.lowerBound + batch, range.upperBound))
        var start = range.lowerBound + current.count
        while !current.isEmpty {
            let next = start..<min(start + batch, range.upperBound)
            let upcoming = next.isEmpty ? nil : Background { prepare(next) }
            for r in current {
                if try !body(r) { return }
            }
            current = upcoming?.value() ?? []
            start = next.upperBound
        }
    }

    /// Sheet k of the table takes rows k·capacity..<(k+1)·capacity and is written on a thread
    /// of its own (sheet 1 on this one). Each thread owns what it writes: its sheet's rows,
    /// lent by the worksheet (`SheetRows`) and moved to the thread and back inside its
    /// `SheetJob`. libxlsxwriter keeps each worksheet's rows apart; what the sheets share is
    /// arranged here:
    /// - formats are the workbook's: every format a cell can take is made here first
    ///   (`SlotFormats`), and the threads only read them;
    /// - a format is numbered (its place in styles.xml, the `s` of its cells) when its first
    ///   cell is flushed; `FormatOrder` keeps that to the order of a sheet-by-sheet write, so
    ///   only one thread at a time numbers formats.
    private func writeSheetsSideBySide(_ layout: TableLayout, count: Int, capacity: Int,
                                       row: @escaping @Sendable (Int) -> TableRow) throws -> Int {
        let formats = try SlotFormats(layout: layout, workbook: self)
        let sheets = (count + capacity - 1) / capacity
        var writers: [TableWriter] = []
        for k in 0..<sheets {
            writers.append(try TableWriter(layout: layout, workbook: self, maxRowsPerSheet: capacity + layout.firstDataRow,
                                           number: k + 1, formats: formats))
        }
        let order = FormatOrder(formats: formats.distinctCount, sheets: sheets)
        // Every sheet's rows are lent before the first thread starts: nothing throws between
        // the first start and the last join.
        var parcels: [Parcel<SheetJob>] = []
        for k in 0..<sheets {
            let job = SheetJob(rows: try writers[k].sheet.lendRows(), tally: writers[k].tally, sheet: k,
                               range: k * capacity..<min((k + 1) * capacity, count), layout: layout,
                               formats: formats, order: order, row: row, direct: directRows)
            parcels.append(Parcel(job))
        }
        let others = parcels.dropFirst().map { parcel in Background { SheetJob.run(parcel) } }
        var failure: (any Error)?
        for k in 0..<sheets {
            let finished = k == 0 ? SheetJob.run(parcels[0]) : others[k - 1].take() ?? nil
            // The first failure in row order is the one a sheet-by-sheet write would have met.
            let failed = SheetJob.settle(finished, into: &writers[k])
            if failure == nil { failure = failed }
        }
        if let failure { throw failure }
        for k in writers.indices { _ = try writers[k].finish() }
        return sheets
    }
}

/// Every format a table's cells can take (each style slot and its link variant), made up
/// front on the workbook's thread. Formats never used never reach styles.xml, which holds
/// only the formats libxlsxwriter numbered.
///
/// The formats are the workbook's C objects, held here by address: the value is read-only
/// and Sendable, so the sheets of a table written side by side share it. Writing a cell only
/// reads a format; libxlsxwriter writes one (its number) when it first flushes a cell of it,
/// which `FormatOrder` lets one thread at a time do.
struct SlotFormats: Sendable {
    /// Each slot's format and its link variant, by address (0: no format).
    private let cells: [UInt]
    private let links: [UInt]
    /// The distinct formats, which `cellID`, `linkID` and `headerID` index (-1: no format).
    private let distinct: [UInt]
    let cellID: [Int]
    let linkID: [Int]
    let headerID: Int

    init(layout: TableLayout, workbook: Workbook) throws {
        var distinct: [UInt] = []
        var ids: [UInt: Int] = [:]
        func id(_ address: UInt) -> Int {
            guard address != 0 else { return -1 }
            if let known = ids[address] { return known }
            ids[address] = distinct.count
            distinct.append(address)
            return distinct.count - 1
        }
        func address(_ format: UnsafeMutablePointer<lxw_format>?) -> UInt { format.map { UInt(bitPattern: $0) } ?? 0 }
        cells = try layout.styles.map { address(try workbook.format($0)) }
        links = try layout.styles.map { address(try workbook.format($0.asLink)) }
        cellID = cells.map(id)
        linkID = links.map(id)
        headerID = id(address(try workbook.format(TableLayout.headerStyle)))
        self.distinct = distinct
    }

    /// The format of a cell of `slot` (nil: none).
    func cell(_ slot: Int) -> UnsafeMutablePointer<lxw_format>? { UnsafeMutablePointer(bitPattern: cells[slot]) }

    /// The format of a link in a cell of `slot` (nil: none).
    func link(_ slot: Int) -> UnsafeMutablePointer<lxw_format>? { UnsafeMutablePointer(bitPattern: links[slot]) }

    var distinctCount: Int { distinct.count }

    /// Whether libxlsxwriter has numbered distinct format `id`: only the thread that may
    /// number formats asks, so the answer cannot change under it.
    func isNumbered(_ id: Int) -> Bool {
        guard let format = UnsafeMutablePointer<lxw_format>(bitPattern: distinct[id]) else { return true }
        return format.pointee.xf_index != LXW_PROPERTY_UNSET
    }

    /// The formats that writing `row` can make libxlsxwriter number: its cells', and for a
    /// sheet's first data row the header row's, flushed with it.
    func ids(of row: PreparedRow, first: Bool, into out: inout [Int]) {
        out.removeAll(keepingCapacity: true)
        if first { out.append(headerID) }
        for cell in row.cells {
            out.append(cellID[cell.format])
            if case .link = cell.value { out.append(linkID[cell.format]) }
        }
    }
}

/// Keeps the numbering of formats to a sheet-by-sheet write while sheets are written side by
/// side. Sheet k may number formats (use one not yet numbered) only once every earlier
/// sheet has written its rows; until then it uses formats an earlier sheet has numbered and
/// waits at any other. Whoever may number publishes each format once numbered.
final class FormatOrder: Sendable {
    private struct State {
        var numbered: [Bool]
        var finished: [Bool]
        var failed: [Bool]
    }

    private let state: Mutex<State>
    /// Wakes the sheets waiting for a change of `state`. Every change is made while it is
    /// held, so a waiter, which looks at `state` while holding it, cannot miss one.
    private let changed = NSCondition()

    init(formats: Int, sheets: Int) {
        state = Mutex(State(numbered: Array(repeating: false, count: formats), finished: Array(repeating: false, count: sheets),
                            failed: Array(repeating: false, count: sheets)))
    }

    enum Answer { case numbered, mayNumber }

    /// Returns once format `id` is numbered or sheet `k` may number formats itself.
    func wait(for id: Int, sheet k: Int) -> Answer {
        changed.lock()
        defer { changed.unlock() }
        while true {
            let answer = state.withLock { s -> Answer? in
                if s.numbered[id] { return .numbered }
                return s.finished[..<k].contains(false) ? nil : .mayNumber
            }
            if let answer { return answer }
            changed.wait()
        }
    }

    func publish(_ id: Int) {
        change { $0.numbered[id] = true }
    }

    func finish(sheet k: Int, failed didFail: Bool) {
        change {
            $0.finished[k] = true
            $0.failed[k] = didFail
        }
    }

    /// Whether an earlier sheet failed: then this one's rows are not wanted.
    func earlierFailed(than k: Int) -> Bool {
        state.withLock { $0.failed[..<k].contains(true) }
    }

    private func change(_ body: (inout State) -> Void) {
        changed.lock()
        state.withLock { body(&$0) }
        changed.broadcast()
        changed.unlock()
    }
}

/// One sheet of a table written side by side with the others, and everything its thread
/// needs: the sheet's rows (lent by its worksheet, owned by the job), the rows it takes, and
/// what they add up to. Non-copyable: moved to its thread and back, never shared.
struct SheetJob: ~Copyable, Sendable {
    var rows: SheetRows
    var tally: SheetTally
    let sheet: Int
    let range: Range<Int>
    let layout: TableLayout
    let formats: SlotFormats
    let order: FormatOrder
    let row: @Sendable (Int) -> TableRow
    /// Whether rows may be held and written directly (`Workbook.directRows`).
    let direct: Bool
    var failure: (any Error)?

    /// Takes the job out of its parcel and writes its rows; the job comes back with the rows
    /// written and how it went (nil only if the parcel was already taken).
    static func run(_ parcel: Parcel<SheetJob>) -> SheetJob? {
        guard var job = parcel.take() else { return nil }
        do {
            try job.write()
            job.order.finish(sheet: job.sheet, failed: false)
        } catch {
            job.failure = error
            job.order.finish(sheet: job.sheet, failed: true)
        }
        return job
    }

    /// Gives a finished job's rows back to their worksheet and its tally to the writer;
    /// returns how the sheet failed, if it did.
    static func settle(_ finished: consuming SheetJob?, into writer: inout TableWriter) -> (any Error)? {
        guard let job = finished else {
            return XlsxError(.invalidArgument, "writeTable", sheet: writer.sheet.name, "the sheet's rows did not come back")
        }
        writer.tally = job.tally
        let failure = job.failure
        do {
            try writer.sheet.takeBack(job.rows)
        } catch {
            return failure ?? error
        }
        return failure
    }

    private mutating func write() throws {
        var known = [Bool](repeating: false, count: formats.distinctCount)
        var mayNumber = sheet == 0
        var unpublished: [Int] = []
        var ids: [Int] = []
        var first = true
        var checked = 0
        var held: HeldRow?
        var directRow = DirectRow()
        let (formats, order, sheet, layout, direct) = (self.formats, self.order, self.sheet, self.layout, self.direct)
        try Workbook.prepared(range, layout: layout, row: row) { prepared in
            checked += 1
            if checked % 4_096 == 0 && order.earlierFailed(than: sheet) { return false }
            formats.ids(of: prepared, first: first, into: &ids)
            first = false
            for id in ids where id >= 0 && !known[id] {
                if !mayNumber {
                    switch order.wait(for: id, sheet: sheet) {
                    case .numbered: known[id] = true; continue
                    case .mayNumber: mayNumber = true
                    }
                }
                if !unpublished.contains(id) { unpublished.append(id) }
            }
            try layout.check(prepared, sheet: rows.name, row: tally.row)
            // As TableWriter.emit: the held row goes out as the next one comes.
            if let last = held {
                held = nil
                try rows.writeReserved(row: last.row, last.cells, formats: formats, direct: &directRow)
            }
            let height = layout.height(of: prepared)
            if let height { try rows.setRow(tally.row, height: height) }
            let textBytes: Int
            if height == nil && direct && DirectRow.isCandidate(prepared.cells) {
                textBytes = try rows.reservePrepared(row: tally.row, prepared.cells)
                held = HeldRow(row: tally.row, cells: prepared.cells)
            } else {
                textBytes = try rows.writePrepared(row: tally.row, prepared.cells, formats: formats)
            }
            tally.count(prepared, textBytes: textBytes)
            // libxlsxwriter numbers a row's formats as it flushes the row (when the next is
            // written); only this thread can number now, so reading the index is safe.
            if !unpublished.isEmpty {
                unpublished.removeAll { id in
                    guard formats.isNumbered(id) else { return false }
                    known[id] = true
                    order.publish(id)
                    return true
                }
            }
            return true
        }
        // The sheet's last row, cell by cell: libxlsxwriter holds it open until the close.
        if let last = held { _ = try rows.writePrepared(row: last.row, last.cells, formats: formats) }
    }
}

/// What a table's rows add up to on a sheet as they are written: the sheet row the next one
/// goes to, the widths the columns need so far, and the counts for the workbook's stats.
struct SheetTally: Sendable {
    var row: Int
    var widths: [Double]
    var cells = 0
    var textBytes = 0
    var columns = 0

    mutating func count(_ prepared: PreparedRow, textBytes bytes: Int) {
        for col in prepared.widths.indices { widths[col] = max(widths[col], prepared.widths[col]) }
        cells += prepared.cells.count
        if prepared.cells.count > columns { columns = prepared.cells.count }
        textBytes += bytes
        row += 1
    }
}

/// A table row made ready for libxlsxwriter: text checked, the cell's format chosen, the
/// widths it needs measured. Made on any thread.
struct PreparedRow: Sendable {
    enum Value: Sendable {
        case text(String)
        case number(Double)
        case link(url: String, text: String)
        case blank
    }
    struct Cell: Sendable {
        var value: Value
        /// Index into the layout's styles and the writer's formats (column, kind, tone).
        var format: Int
    }
    var cells: [Cell]
    var widths: [Double]
    /// Set when the row has more cells than the table has columns.
    var excess: Int?
    /// Lines its tallest wrapped cell needs at the column's width (1: the default height).
    var lines = 1
}

/// A row reserved on its sheet whose cells are written when the next row comes (`DirectRow`).
struct HeldRow: Sendable {
    var row: Int
    var cells: [PreparedRow.Cell]
}

/// Writes prepared rows in order onto as many sheets as they need.
struct TableWriter {
    let layout: TableLayout
    let workbook: Workbook
    let capacity: Int
    var sheet: Worksheet
    var sheetCount = 1
    /// The current sheet's next row and widths; the counts run across sheets.
    var tally: SheetTally
    /// The libxlsxwriter format of each (column, kind, tone) and of its link variant.
    let formats: SlotFormats

    /// `formats`: the table's, when its sheets are written side by side and share them;
    /// else made here.
    init(layout: TableLayout, workbook: Workbook, maxRowsPerSheet: Int, number: Int = 1,
         formats: SlotFormats? = nil) throws {
        let spec = layout.spec
        capacity = min(maxRowsPerSheet, ExcelLimits.rows) - layout.firstDataRow
        guard !spec.columns.isEmpty, spec.columns.count <= ExcelLimits.columns, capacity >= 1 else {
            throw XlsxError(.invalidArgument, "writeTable", sheet: spec.name,
                            "need 1...\(ExcelLimits.columns) columns and room for at least one data row per sheet")
        }
        self.layout = layout
        self.workbook = workbook
        self.formats = try formats ?? SlotFormats(layout: layout, workbook: workbook)
        sheetCount = number
        sheet = try workbook.addWorksheet(name: layout.sheetName(number: number))
        tally = SheetTally(row: layout.firstDataRow, widths: try layout.writeHeading(on: sheet))
    }

    /// The row emitted last when its cells go out only as the next row comes (`DirectRow`).
    private var held: HeldRow?
    private var direct = DirectRow()

    mutating func emit(_ prepared: PreparedRow) throws {
        try layout.check(prepared, sheet: sheet.name, row: tally.row)
        if tally.row - layout.firstDataRow >= capacity {
            try releaseHeld()
            try layout.finish(sheet, lastRow: tally.row - 1, widths: tally.widths)
            sheetCount += 1
            sheet = try workbook.addWorksheet(name: layout.sheetName(number: sheetCount))
            tally.widths = try layout.writeHeading(on: sheet)
            tally.row = layout.firstDataRow
        }
        // The next row of the sheet has come: libxlsxwriter would flush the held one now.
        if let row = held {
            held = nil
            try sheet.writeReserved(row: row.row, row.cells, formats: formats, direct: &direct)
        }
        let height = layout.height(of: prepared)
        if let height { try sheet.setRow(tally.row, height: height) }
        let textBytes: Int
        if height == nil && workbook.directRows && workbook.isConstantMemory && DirectRow.isCandidate(prepared.cells) {
            textBytes = try sheet.reservePrepared(row: tally.row, prepared.cells)
            held = HeldRow(row: tally.row, cells: prepared.cells)
        } else {
            textBytes = try sheet.writePrepared(row: tally.row, prepared.cells, formats: formats)
        }
        tally.count(prepared, textBytes: textBytes)
    }

    /// The held row, cell by cell: the sheet's last data row, which libxlsxwriter holds open
    /// and flushes when it did before (the next row written on the sheet, or the close).
    private mutating func releaseHeld() throws {
        guard let row = held else { return }
        held = nil
        _ = try sheet.writePrepared(row: row.row, row.cells, formats: formats)
    }

    mutating func finish() throws -> Int {
        try releaseHeld()
        if sheetCount == 1 && tally.row == layout.firstDataRow {
            try sheet.setRow(tally.row, height: 24)
            try sheet.mergeRange(
                firstRow: tally.row, firstCol: 0, lastRow: tally.row, lastCol: layout.lastCol, text: layout.spec.emptyNote,
                style: TableLayout.subtitleStyle)
            tally.row += 1
        }
        try layout.finish(sheet, lastRow: tally.row - 1, widths: tally.widths)
        // The cells written, counted here rather than per cell.
        workbook.stats.cells += tally.cells
        workbook.stats.textBytes += tally.textBytes
        workbook.stats.columns = max(workbook.stats.columns, tally.columns)
        return sheetCount
    }
}

/// The fixed layout decisions for one table, shared by all of its sheets.
struct TableLayout: Sendable {
    let spec: TableSheetSpec
    let headerRow: Int
    var firstDataRow: Int { headerRow + 1 }
    var lastCol: Int { spec.columns.count - 1 }

    /// The style of each (column, kind, tone) slot.
    let styles: [CellStyle]

    /// Each column's widest width: the spec's, with wrapped columns narrowed when the table
    /// would otherwise print below 60% of its size across one page.
    let maxWidths: [Double]
    /// Whether the table fits one page wide at 60% or more; else it prints at 60%, several
    /// pages wide, rather than too small to read.
    let fitsPageWidth: Bool

    /// Line height in points of the default 11-point font, for wrapped rows.
    static let lineHeight = 15.0

    /// What an A4 page holds across, in Excel character units, at 100% between the default
    /// margins (0.7 inch each side): about 135 characters landscape, 90 portrait.
    static func pageWidth(landscape: Bool) -> Double { landscape ? 135 : 90 }

    init(spec: TableSheetSpec) {
        self.spec = spec
        headerRow = spec.subtitle == nil ? 1 : 2
        let budget = Self.pageWidth(landscape: spec.landscape) / 0.6
        var widths = spec.columns.map(\.maxWidth)
        let total = widths.reduce(0, +)
        if total > budget {
            let fixed = zip(spec.columns, widths).filter { !$0.0.wrap }.reduce(0) { $0 + $1.1 }
            let wrapped = total - fixed
            if wrapped > 0 {
                let factor = max(0, budget - fixed) / wrapped
                for (i, column) in spec.columns.enumerated() where column.wrap {
                    widths[i] = max(column.minWidth, (widths[i] * factor).rounded(.down))
                }
            }
        }
        maxWidths = widths
        fitsPageWidth = widths.reduce(0, +) <= budget
        var styles: [CellStyle] = []
        for column in spec.columns {
            for kind in 0..<6 {
                for tone in Self.tones {
                    var style = CellStyle(thinBorder: true, wrapText: column.wrap, verticalCenter: true)
                    style.background = tone.fill
                    style.numberFormat = [nil, "0.0#", "0", "0.0%", nil, nil][kind]
                    styles.append(style)
                }
            }
        }
        self.styles = styles
    }

    static let titleStyle = CellStyle(bold: true, fontSize: 16, horizontal: .center, verticalCenter: true)
    static let subtitleStyle = CellStyle(horizontal: .center, verticalCenter: true)
    static let headerStyle = CellStyle(bold: true, background: 0xD9D9D9, thinBorder: true, wrapText: true,
                                       horizontal: .center, verticalCenter: true)

    /// "<name>(n)", shortening the base name so the result stays within Excel's 31 characters.
    func sheetName(number: Int) -> String {
        guard number > 1 else { return spec.name }
        let suffix = "(\(number))"
        var base = spec.name
        while !base.isEmpty && base.utf16.count + suffix.utf16.count > ExcelLimits.sheetNameLength {
            base.removeLast()
        }
        return base + suffix
    }

    /// Title, subtitle, header and print setup. Returns the widths the header needs.
    func writeHeading(on sheet: Worksheet) throws -> [Double] {
        try sheet.setRow(0, height: 28)
        try sheet.mergeRange(firstRow: 0, firstCol: 0, lastRow: 0, lastCol: lastCol, text: spec.title, style: Self.titleStyle)
        if let subtitle = spec.subtitle {
            try sheet.mergeRange(firstRow: 1, firstCol: 0, lastRow: 1, lastCol: lastCol, text: subtitle, style: Self.subtitleStyle)
        }
        for (col, column) in spec.columns.enumerated() {
            try sheet.writeString(row: headerRow, col: col, column.header, style: Self.headerStyle)
        }
        // A header longer than its column's widest width wraps: the row is made as tall as
        // its longest header, which neither Excel nor LibreOffice does by itself on opening.
        let headerLines = spec.columns.enumerated().map { i, column in
            TableColumn.lineCount(column.header, width: max(1, maxWidths[i] - 1))
        }.max() ?? 1
        if headerLines > 1 { try sheet.setRow(headerRow, height: Self.lineHeight * Double(headerLines) + 3) }
        if spec.freezeHeader { try sheet.freezePanes(row: firstDataRow, col: 0) }
        if spec.landscape { try sheet.setLandscape() }
        try sheet.setPaper(Worksheet.paperA4)
        if fitsPageWidth { try sheet.fitToPages(width: 1, height: 0) } else { try sheet.setPrintScale(60) }
        try sheet.repeatRows(first: 0, last: headerRow)
        if let footer = spec.footer { try sheet.setFooter(footer) }
        // Room for the header text plus the autofilter drop-down button.
        return spec.columns.enumerated().map { i, column in
            TableColumn.displayWidth(column.header, stoppingAfter: maxWidths[i]) + 3
        }
    }

    /// The row tones, in the order of a column's style slots (6 cell kinds × these).
    static let tones: [RowTone] = [.normal, .shortfall, .warning, .note, .good]

    /// The row's cells with their styles and checked text, and the widths they need.
    func prepare(_ tableRow: TableRow) -> PreparedRow {
        guard tableRow.cells.count <= spec.columns.count else {
            return PreparedRow(cells: [], widths: [], excess: tableRow.cells.count)
        }
        var cells: [PreparedRow.Cell] = []
        cells.reserveCapacity(spec.columns.count)
        var widths: [Double] = []
        widths.reserveCapacity(spec.columns.count)
        var lines = 1
        for (col, column) in spec.columns.enumerated() {
            let value = col < tableRow.cells.count ? tableRow.cells[col] : .empty
            let tone = tableRow.cellTones.isEmpty ? tableRow.tone : (tableRow.cellTones[col] ?? tableRow.tone)
            let kind: Int
            let prepared: PreparedRow.Value
            switch value {
            case .text(let text):
                kind = 0
                prepared = .text(CellText.sanitized(text))
            case .number(let number):
                kind = 1
                prepared = .number(number)
            case .integer(let integer):
                kind = 2
                prepared = .number(Double(integer))
            case .percent(let fraction):
                kind = 3
                prepared = .number(fraction)
            case .link(let url, let text):
                kind = 4
                prepared = .link(url: url, text: text)
            case .empty:
                kind = 5
                prepared = .blank
            }
            let toneIndex = Self.tones.firstIndex(of: tone) ?? 0
            cells.append(PreparedRow.Cell(value: prepared, format: (col * 6 + kind) * Self.tones.count + toneIndex))
            let width = Self.estimatedWidth(value, limit: maxWidths[col])
            widths.append(width + 1)
            if column.wrap, case .text(let text) = value, width >= maxWidths[col] || text.contains("\n") {
                lines = max(lines, TableColumn.lineCount(text, width: maxWidths[col]))
            }
        }
        return PreparedRow(cells: cells, widths: widths, excess: nil, lines: lines)
    }

    /// Refuses a row with more cells than the table has columns.
    func check(_ prepared: PreparedRow, sheet: String, row: Int) throws {
        if let excess = prepared.excess {
            throw XlsxError(.invalidArgument, "writeTable", sheet: sheet, row: row,
                            "row has \(excess) cells but the table has \(spec.columns.count) columns")
        }
    }

    /// The height a row of wrapped text needs (LibreOffice does not grow a row by itself);
    /// nil for one line, the default height.
    func height(of prepared: PreparedRow) -> Double? {
        prepared.lines > 1 ? min(409, Self.lineHeight * Double(prepared.lines) + 3) : nil
    }

    /// Column widths are set last, from every row seen: libxlsxwriter keeps them apart from
    /// the streamed row data, so constant_memory mode does not force a guess up front.
    func finish(_ sheet: Worksheet, lastRow: Int, widths: [Double]) throws {
        for (col, column) in spec.columns.enumerated() {
            let width = min(max(widths[col], column.minWidth), maxWidths[col])
            try sheet.setColumn(first: col, last: col, width: width)
        }
        if spec.autofilter {
            try sheet.autofilter(firstRow: headerRow, firstCol: 0, lastRow: max(lastRow, headerRow), lastCol: lastCol)
        }
    }

    private static func estimatedWidth(_ value: CellValue, limit: Double) -> Double {
        func digits(_ number: Double) -> Double {
            guard number.isFinite, abs(number) < 1e15 else { return 16 }
            return Double(String(Int(number.rounded(.towardZero))).count)
        }
        switch value {
        case .text(let text): return TableColumn.displayWidth(text, stoppingAfter: limit)
        case .link(let url, let text): return TableColumn.displayWidth(text.isEmpty ? url : text, stoppingAfter: limit)
        case .number(let number): return (digits(number) + 3) * 1.1
        case .integer(let integer): return Double(String(integer).count) * 1.1
        case .percent(let fraction): return (digits(fraction * 100) + 3) * 1.1
        case .empty: return 0
        }
    }
}
