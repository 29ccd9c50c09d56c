import CDirectRows
import CXlsxWriter

/// A table row written straight into its sheet's row stream by `bulletin_write_row`
/// (CDirectRows), with the very bytes libxlsxwriter writes for it cell by cell, at a
/// fraction of the cost (no allocation and no fprintf per cell): the path of a big table's
/// rows (a city's 附件2 has 4.5 million cells).
///
/// A row is handed over only when libxlsxwriter itself would flush it — when the next row
/// of the same sheet is emitted (`TableWriter`, `SheetJob`): the row is *held* until then,
/// so formats are numbered when they were before. The last row of a table, any row with a
/// link or a height of its own, and any row `bulletin_write_row` declines go through
/// libxlsxwriter cell by cell, as before. The scratch buffers are kept between rows.
struct DirectRow {
    private var cells: [bulletin_row_cell] = []
    private var offsets: [Int] = []
    private var bytes: [UInt8] = []

    /// Whether a row may be held and written directly: texts, numbers and blanks only (a
    /// link goes through libxlsxwriter), every number finite (the cell-by-cell path throws
    /// for the others, at their cell).
    static func isCandidate(_ cells: [PreparedRow.Cell]) -> Bool {
        for cell in cells {
            switch cell.value {
            case .text, .blank: continue
            case .number(let number): if !number.isFinite { return false }
            case .link: return false
            }
        }
        return true
    }

    /// The UTF-8 bytes of a candidate row's text cells, as `Worksheet.putPrepared` counts them.
    static func textBytes(_ cells: [PreparedRow.Cell]) -> Int {
        var total = 0
        for cell in cells { if case .text(let text) = cell.value { total += text.utf8.count } }
        return total
    }

    /// Writes the row into `sheet`'s row stream; false when `bulletin_write_row` declined
    /// it, with nothing written (the caller then writes it cell by cell).
    mutating func write(_ sheet: UnsafeMutablePointer<lxw_worksheet>, row: Int, _ rowCells: [PreparedRow.Cell],
                        formats: SlotFormats) -> Bool {
        var cells = self.cells, offsets = self.offsets, bytes = self.bytes
        self.cells = []
        self.offsets = []
        self.bytes = []
        cells.removeAll(keepingCapacity: true)
        offsets.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        defer {
            self.cells = cells
            self.offsets = offsets
            self.bytes = bytes
        }
        for cell in rowCells {
            var c = bulletin_row_cell()
            c.format = formats.cell(cell.format)
            switch cell.value {
            case .text(let text):
                c.kind = Int32(BULLETIN_CELL_TEXT.rawValue)
                offsets.append(bytes.count)
                bytes.append(contentsOf: text.utf8)
                bytes.append(0)
            case .number(let number):
                c.kind = Int32(BULLETIN_CELL_NUMBER.rawValue)
                c.number = number
                offsets.append(-1)
            case .blank:
                c.kind = Int32(BULLETIN_CELL_BLANK.rawValue)
                offsets.append(-1)
            case .link:
                return false
            }
            cells.append(c)
        }
        return bytes.withUnsafeBufferPointer { text -> Bool in
            guard let base = text.baseAddress else {
                // No text cell: no pointer needed.
                return cells.withUnsafeMutableBufferPointer { bulletin_write_row(sheet, lxw_row_t(row), $0.baseAddress, $0.count) != 0 }
            }
            let start = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
            for i in cells.indices where offsets[i] >= 0 { cells[i].text = start + offsets[i] }
            return cells.withUnsafeMutableBufferPointer { bulletin_write_row(sheet, lxw_row_t(row), $0.baseAddress, $0.count) != 0 }
        }
    }
}
