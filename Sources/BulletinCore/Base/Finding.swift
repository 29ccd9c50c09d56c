/// A data problem found in the submissions or the roster. Findings are values:
/// they never stop a run; errors exclude the row they sit on from every count.
public struct Finding: Sendable, Hashable, Codable {
    public enum Severity: String, Sendable, Codable, Comparable {
        case error
        case warning

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .error && rhs == .warning
        }

        public var chinese: String { self == .error ? "错误" : "警告" }
    }

    /// Stable kebab-case code (see docs/finding-codes.md).
    public var code: FindingCode
    public var severity: Severity
    /// The unit the file belongs to (full roster name), or "" when unknown.
    public var unit: String
    /// Path relative to the input folder, with "/" separators.
    public var file: String
    /// 1-based physical line; 0 when the finding concerns the file as a whole.
    public var line: Int
    /// The spreadsheet row a clerk sees in Excel/WPS (differs from `line` after a cell with
    /// line breaks); 0 when the finding concerns the file as a whole.
    public var row: Int
    /// The column header as written in the file, or "" for row/file findings.
    public var column: String
    /// The offending value as written (trimmed), or "".
    public var value: String
    /// A Chinese sentence a clerk can act on.
    public var message: String

    public init(
        code: FindingCode, severity: Severity? = nil, unit: String = "", file: String,
        line: Int, row: Int? = nil, column: String = "", value: String = "", message: String
    ) {
        self.row = row ?? line
        self.code = code
        self.severity = severity ?? code.defaultSeverity
        self.unit = unit
        self.file = file
        self.line = line
        self.column = column
        self.value = value
        self.message = message
    }
}

extension Finding {
    /// Order used everywhere findings are listed: file, line, column, code.
    public static func locationOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.file != b.file { return a.file.unicodeScalars.lexicographicallyPrecedes(b.file.unicodeScalars) }
        if a.line != b.line { return a.line < b.line }
        if a.column != b.column { return a.column.unicodeScalars.lexicographicallyPrecedes(b.column.unicodeScalars) }
        return a.code.rawValue < b.code.rawValue
    }
}
