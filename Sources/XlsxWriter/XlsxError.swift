import CXlsxWriter

/// Why writing a workbook failed: either this module refused an input before
/// handing it to libxlsxwriter, or the library returned an `lxw_error` / NULL.
public struct XlsxError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        /// libxlsxwriter returned this `lxw_error` code.
        case library(code: UInt32)
        /// libxlsxwriter returned NULL where an object was expected.
        case nullResult
        case invalidSheetName
        /// A row or column index outside the worksheet grid.
        case outOfRange
        /// In constant_memory mode a row was touched after a later row.
        case rowOutOfOrder
        case invalidArgument
        /// The workbook was already closed (or abandoned); its C objects are gone.
        case workbookClosed
        /// Moving the finished file into place failed.
        case fileSystem
    }

    public let kind: Kind
    /// The libxlsxwriter call (or Swift operation) that failed.
    public let operation: String
    public let sheet: String?
    /// Zero-based row and column, when the failure concerns a cell.
    public let row: Int?
    public let col: Int?
    public let detail: String
    /// The errno a failed system call left (a full disk, a file-size limit), when known.
    public internal(set) var systemErrno: Int32?

    init(_ kind: Kind, _ operation: String, sheet: String? = nil, row: Int? = nil, col: Int? = nil,
         _ detail: String) {
        self.kind = kind
        self.operation = operation
        self.sheet = sheet
        self.row = row
        self.col = col
        self.detail = detail
    }

    public var description: String {
        var location: [String] = []
        if let sheet { location.append("sheet '\(sheet)'") }
        switch (row, col) {
        case let (row?, col?): location.append("cell \(cellReference(row: row, col: col)) (row \(row), col \(col))")
        case let (row?, nil): location.append("row \(row)")
        case let (nil, col?): location.append("col \(col)")
        case (nil, nil): break
        }
        let context = location.isEmpty ? "" : " at " + location.joined(separator: ", ")
        return "\(operation) failed\(context): \(detail)"
    }

    /// Turns a libxlsxwriter status code into a thrown error carrying the library's own text.
    static func check(_ code: lxw_error, _ operation: String, sheet: String? = nil,
                      row: Int? = nil, col: Int? = nil) throws {
        guard code != LXW_NO_ERROR else { return }
        throw library(code, operation, sheet: sheet, row: row, col: col)
    }

    static func library(_ code: lxw_error, _ operation: String, sheet: String? = nil,
                        row: Int? = nil, col: Int? = nil, context: String? = nil) -> XlsxError {
        let text = lxw_strerror(code).map { String(cString: $0) } ?? "unknown libxlsxwriter error"
        let prefix = context.map { "\($0): " } ?? ""
        return XlsxError(.library(code: code.rawValue), operation, sheet: sheet, row: row, col: col,
                         "\(prefix)\(text) (lxw_error \(code.rawValue))")
    }
}

/// "A1"-style reference for a zero-based cell, for error messages people can find in Excel.
func cellReference(row: Int, col: Int) -> String {
    guard row >= 0, col >= 0 else { return "R\(row)C\(col)" }
    var letters = ""
    var n = col + 1
    while n > 0 {
        let digit = (n - 1) % 26
        letters = String(UnicodeScalar(UInt8(65 + digit))) + letters
        n = (n - 1) / 26
    }
    return "\(letters)\(row + 1)"
}
