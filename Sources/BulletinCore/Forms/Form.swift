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

    // The contract's forms, by the name the rest of the code uses for them.
    public static var samples: SubmissionKind { SampleForm.kind }
    public static var ledger: SubmissionKind { LedgerForm.kind }
    public static var articles: SubmissionKind { ArticleForm.kind }
    public static var problems: SubmissionKind { ProblemForm.kind }
    /// 报送登记.csv: the office's receipt log, one file per week folder (read by `ReceiptLog`).
    public static let receiptLog = SubmissionKind(
        folder: "报送登记.csv", label: "报送登记", columns: ReceiptLog.Column.self, required: [.file, .time],
        senders: "营商环境办", schedule: .office, isWeekFile: true)
}

/// One data row of a form, its cells named by the form's column enum.
public struct FormRow<Column: FormColumn>: Sendable {
    public let row: SubmissionRow
    public init(_ row: SubmissionRow) { self.row = row }
    public var line: Int { row.line }
    /// The spreadsheet row a clerk sees in Excel/WPS.
    public var sheetRow: Int { row.row }
    public subscript(_ column: Column) -> String { row[column.rawValue] }
}

/// What a row rule may know besides the row: the plan in force for the file's week, the
/// roster, the file and its sender, the week's report date and, for a daily file, its day.
/// The same for every row of a file, and independent of the week being run.
public struct RowContext: Sendable {
    public var file: SubmissionFile
    /// The sending unit (roster index).
    public var submitter: Int
    public var plan: Plan
    public var roster: Roster
    /// The report date of the file's week folder.
    public var reportDate: Day
    /// The day a daily file is named for.
    public var day: Day?
    /// The units a lead unit's weekly list may speak for (its indicators' responsible units).
    public var compiled: Set<Int>

    public init(
        file: SubmissionFile, submitter: Int, plan: Plan, roster: Roster, reportDate: Day, day: Day? = nil,
        compiled: Set<Int> = []
    ) {
        self.file = file
        self.submitter = submitter
        self.plan = plan
        self.roster = roster
        self.reportDate = reportDate
        self.day = day
        self.compiled = compiled
    }

    public var submitterName: String { roster.units[submitter].name }
}

/// Where a file's rows are checked: its context, or the finding that says why it cannot be placed.
public enum Placement: Sendable {
    case placed(RowContext)
    case refused(Finding)
}

/// A submission form: its description and its rules. A rule is a pure function of a row
/// and its `RowContext`; `FormDriver` reads any form's files with them. Adding a form is
/// one type conforming to this, its tests, and one line in `FormRegistry.standard`.
public protocol SubmissionForm: Sendable {
    associatedtype Column: FormColumn
    /// What an accepted row becomes.
    associatedtype Record: Sendable
    /// What a file's accepted rows are kept as once the file is read (compact, per file).
    associatedtype Payload: Sendable

    static var kind: SubmissionKind { get }
    /// What an error does to a row, said at the end of each error message.
    static var rejection: String { get }

    /// The context a file's rows are checked in, or the finding that says why the file
    /// cannot be placed (a daily ledger whose name gives no date). Default: the sender,
    /// the plan and report date of the file's week.
    static func context(for file: SubmissionFile, submitter: Int, in campaign: CampaignContext) -> Placement

    /// The row rule: the record when the row is accepted; findings go to `check`.
    static func check(_ row: FormRow<Column>, _ context: RowContext, _ check: inout RowCheck<Column>) -> Record?

    /// A unit other than the sender the row makes the file speak for, counted or not
    /// (a lead unit's compiled list). Default: none.
    static func namedUnit(_ row: FormRow<Column>, _ context: RowContext) -> Int?

    /// The file's accepted records, in file order, made into its payload; rules across the
    /// rows of one file (duplicates within a list) add their findings here.
    static func finish(_ records: [Record], _ context: RowContext, findings: inout [Finding]) -> Payload
}

extension SubmissionForm {
    public static var rejection: String { "本行未计入" }

    public static func context(for file: SubmissionFile, submitter: Int, in campaign: CampaignContext) -> Placement {
        .placed(campaign.rowContext(for: file, submitter: submitter))
    }

    public static func namedUnit(_ row: FormRow<Column>, _ context: RowContext) -> Int? { nil }
}

extension SubmissionForm where Payload == [Record] {
    public static func finish(_ records: [Record], _ context: RowContext, findings: inout [Finding]) -> Payload { records }
}

/// The campaign as the row rules see it: plans per week and the roster. A value, shared
/// read-only by the file readers running in parallel.
public struct CampaignContext: Sendable {
    public var roster: Roster
    var plans: [ISOWeek: Plan]
    var base: Plan

    public init(roster: Roster, plans: [ISOWeek: Plan], base: Plan) {
        self.roster = roster
        self.plans = plans
        self.base = base
    }

    public func plan(for week: ISOWeek) -> Plan { plans[week] ?? base }

    public func rowContext(for file: SubmissionFile, submitter: Int, day: Day? = nil) -> RowContext {
        let plan = plan(for: file.week)
        return RowContext(
            file: file, submitter: submitter, plan: plan, roster: roster, reportDate: plan.reportDate(of: file.week),
            day: day)
    }
}

/// Everything one submission file gave: a value keyed by its path and SHA-256, the same
/// whichever week is run. The week's report is assembled from these.
public struct FileResult: Sendable {
    public var file: SubmissionFile
    /// The context its rows were checked in; nil when the file could not be placed.
    public var context: RowContext?
    /// SHA-256 of the bytes read; nil when the file was not read.
    public var digest: String?
    /// The form's payload (`F.Payload`); nil when the file was not read or unreadable.
    public var payload: (any Sendable)?
    /// Units the file speaks for besides its sender, ascending.
    public var named: [Int]
    /// Findings about the file and its rows (capped, see `TableReader.findingLimit`).
    public var findings: [Finding]
    /// Findings past the cap, counted in `findings`' `findings-truncated` (all, and errors).
    var droppedFindings = 0
    var droppedErrors = 0
    /// Data rows read.
    public var rowsRead: Int

    public init(file: SubmissionFile) {
        self.file = file
        self.named = []
        self.findings = []
        self.rowsRead = 0
    }

    /// Whether the file was read and its rows checked.
    public var isRead: Bool { payload != nil }

    public func payload<P>(as: P.Type) -> P? { payload as? P }
}

/// A form in the registry, its type erased so forms can be listed side by side.
public struct FormEntry: Sendable {
    public let kind: SubmissionKind
    let readFile: @Sendable (SubmissionFile, Int, CampaignContext, RowSource.Opener) -> FileResult
    let placeFile: @Sendable (SubmissionFile, Int, CampaignContext) -> Placement

    public init<F: SubmissionForm>(_ form: F.Type) {
        kind = F.kind
        readFile = { file, submitter, campaign, open in
            FormDriver.read(F.self, file: file, submitter: submitter, campaign: campaign, open: open)
        }
        placeFile = { file, submitter, campaign in F.context(for: file, submitter: submitter, in: campaign) }
    }
}

/// The submission forms a run knows, in the order the docs list them.
public struct FormRegistry: Sendable {
    public var entries: [FormEntry]

    public init(_ entries: [FormEntry]) { self.entries = entries }

    /// The contract's four forms.
    public static let standard = FormRegistry([
        FormEntry(SampleForm.self), FormEntry(LedgerForm.self), FormEntry(ArticleForm.self), FormEntry(ProblemForm.self),
    ])

    /// The forms' kinds, and the receipt log (a file of the week folder, not a folder).
    public var kinds: [SubmissionKind] { entries.map(\.kind) }
    public var allKinds: [SubmissionKind] { kinds + [.deliverables, .receiptLog] }

    public func entry(for kind: SubmissionKind) -> FormEntry? { entries.first { $0.kind == kind } }
    public func kind(folder: String) -> SubmissionKind? { kinds.first { $0.folder == folder } }
}
