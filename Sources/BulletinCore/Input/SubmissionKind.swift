import Foundation

/// The columns of a table — a submission form, a roster file, the receipt log — in the
/// table's order: `rawValue` is the column's position in `TableColumns.names`, `header` its
/// printed name. Rules name cells by case (`row[.title]`), never by number.
public protocol FormColumn: RawRepresentable, CaseIterable, Hashable, Sendable where RawValue == Int, AllCases == [Self] {
    var header: String { get }
}

/// When a form is due, as the office's plans say. Descriptive: the counters that decide
/// 按时 / 迟报 / 未报送 read it, the docs print it.
public enum FormSchedule: String, Sendable, Hashable {
    /// A list every report week, by the articles deadline.
    case weekly = "每周"
    /// A file per working day of the visit period, named `<单位>_<日期>`, by the ledger deadline.
    case daily = "每个工作日"
    /// A list that replaces the unit's previous one when it arrives.
    case replacing = "按需更新"
    /// Whenever there is something to report.
    case asNeeded = "随时"
    /// Kept by the office itself.
    case office = "营商环境办登记"
    /// Once, by each task's 完成时限 (plan.yaml `tasks`).
    case task = "按任务完成时限"
}

/// One submission form of the contract, described once: its folder, who sends it and
/// when, and its columns. `FormRegistry` lists them; the tree scanner, the finding-code
/// reference and the docs iterate that list.
public struct SubmissionKind: Sendable, Hashable, CustomStringConvertible {
    /// The folder inside a week folder that holds this form's files (or, for a form that
    /// is one file of the week folder, that file's name).
    public let folder: String
    /// The 附件 label the office uses.
    public let label: String
    /// Every column of the form, in the form's order.
    public let columns: [String]
    /// Columns a file must have; a file missing one counts as received with nothing counted.
    public let requiredColumns: [String]
    /// Who sends it (roster unit types, in words).
    public let senders: String
    public let schedule: FormSchedule
    /// The form is one file at the week folder's top level rather than a folder of files.
    public let isWeekFile: Bool
    /// Columns that hold identifiers typed as text (问题编号): a workbook cell Excel stored as
    /// a number or a date there is a warning.
    public var identifierColumns: [String] = []
    /// A lead unit's file of this form may speak for the units it compiles (宣传稿件统计表):
    /// a misnamed file whose cells name one of them is still the lead unit's.
    public var speaksForCompiledUnits = false

    public init(
        folder: String, label: String, columns: [String], requiredColumns: [String], senders: String,
        schedule: FormSchedule, isWeekFile: Bool = false
    ) {
        self.folder = folder
        self.label = label
        self.columns = columns
        self.requiredColumns = requiredColumns
        self.senders = senders
        self.schedule = schedule
        self.isWeekFile = isWeekFile
    }

    /// A kind built from its column enum: columns in case order.
    public init<C: FormColumn>(
        folder: String, label: String, columns: C.Type, required: [C], senders: String, schedule: FormSchedule,
        identifiers: [C] = [], isWeekFile: Bool = false
    ) {
        self.init(
            folder: folder, label: label, columns: C.allCases.map(\.header), requiredColumns: required.map(\.header),
            senders: senders, schedule: schedule, isWeekFile: isWeekFile)
        identifierColumns = identifiers.map(\.header)
    }

    /// The form's columns as the table reader knows them.
    public var table: TableColumns {
        TableColumns(label: label, names: columns, required: requiredColumns, identifiers: identifierColumns)
    }

    public var description: String { folder }

    public static func == (a: SubmissionKind, b: SubmissionKind) -> Bool { a.folder == b.folder }
    public func hash(into hasher: inout Hasher) { hasher.combine(folder) }

    /// 报送登记.csv: the office's receipt log, one file per week folder (read by `ReceiptLog`).
    public static let receiptLog = SubmissionKind(
        folder: "报送登记.csv", label: "报送登记", columns: ReceiptLog.Column.self, required: [.file, .time],
        senders: "营商环境办", schedule: .office, isWeekFile: true)
}

/// One data row of a table (a form, a roster file, the receipt log), its cells named by the
/// table's column enum.
public struct FormRow<Column: FormColumn>: Sendable {
    public let row: SubmissionRow
    public init(_ row: SubmissionRow) { self.row = row }
    public var line: Int { row.line }
    /// The spreadsheet row a clerk sees in Excel/WPS.
    public var sheetRow: Int { row.row }
    public subscript(_ column: Column) -> String { row[column.rawValue] }
}
