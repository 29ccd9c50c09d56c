import Foundation

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
    /// What the week makes of the form's files together, its fold (`fold`): `Void` for a form
    /// whose files are only checked.
    associatedtype Reading: Sendable = Void

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

    /// The form's timing: the week whose report first counts a placed file. Default: the
    /// week of its folder. (A ledger named for a day after its folder's report date counts
    /// in the next report.) A run for week W reads and counts the files whose reporting week
    /// is W or earlier, and lists the findings of those whose reporting week is W.
    static func reportingWeek(of context: RowContext, in campaign: CampaignContext) -> ISOWeek

    /// The rules across files, in the contract's order: the files the run's week counts
    /// (each due by `reportingWeek`, of a known unit, with its payload when it was read).
    static func fold(_ files: FormFiles<Self>, campaign: Campaign) -> Reading
}

extension SubmissionForm {
    public static var rejection: String { "本行未计入" }

    public static func context(for file: SubmissionFile, submitter: Int, in campaign: CampaignContext) -> Placement {
        .placed(campaign.rowContext(for: file, submitter: submitter))
    }

    public static func namedUnit(_ row: FormRow<Column>, _ context: RowContext) -> Int? { nil }

    public static func reportingWeek(of context: RowContext, in campaign: CampaignContext) -> ISOWeek { context.file.week }
}

extension SubmissionForm where Reading == Void {
    public static func fold(_ files: FormFiles<Self>, campaign: Campaign) {}
}

extension SubmissionForm where Payload == [Record] {
    public static func finish(_ records: [Record], _ context: RowContext, findings: inout [Finding]) -> Payload { records }
}

/// Everything one submission file gave: a value keyed by its path and SHA-256, the same
/// whichever week is run. The week's report is assembled from these.
public struct FileResult: Sendable {
    public var file: SubmissionFile
    /// The context its rows were checked in; nil when the file could not be placed.
    public var context: RowContext?
    /// SHA-256 of the bytes read; nil when the file was not read.
    public var digest: String?
    /// The form's payload, kept with the identity of the form that made it; read back
    /// through `payload(of:)` or `SubmissionResults.payloads(of:for:)`.
    var payload: FormPayload?
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

    /// The payload form `F` made of the file; nil when the file was not read or is not F's.
    public func payload<F: SubmissionForm>(of form: F.Type) -> F.Payload? { payload?.value(of: F.self) }
}

/// A payload with the form that made it. The registry holds forms of different payload
/// types side by side, so a file's result keeps its payload type-erased; this is the one
/// place it is cast back, and only to the payload type of the form recorded beside it —
/// asking with another form gives nil, never a silently mistyped value.
struct FormPayload: Sendable {
    let form: ObjectIdentifier
    let value: any Sendable

    init<F: SubmissionForm>(_ form: F.Type, _ value: F.Payload) {
        self.form = ObjectIdentifier(F.self)
        self.value = value
    }

    func value<F: SubmissionForm>(of form: F.Type) -> F.Payload? {
        guard self.form == ObjectIdentifier(F.self) else { return nil }
        return value as? F.Payload
    }
}

/// One file of form `F` that a run's week counts: the file, its unit, its result and, when
/// it was read, its payload.
public struct FormFile<F: SubmissionForm>: Sendable {
    public let file: SubmissionFile
    /// The sending unit (roster index).
    public let unit: Int
    public let result: FileResult
    /// Nil when the file could not be placed or read: then it is not a received file.
    public let payload: F.Payload?
}

/// The files of form `F` a run's week counts, in the tree's order (week folder, then path).
public struct FormFiles<F: SubmissionForm>: Sendable {
    public let all: [FormFile<F>]

    /// The files of one week folder.
    public func week(_ week: ISOWeek) -> [FormFile<F>] { all.filter { $0.file.week == week } }
}

/// A form in the registry, its type erased so forms can be listed side by side.
public struct FormEntry: Sendable {
    public let kind: SubmissionKind
    let readFile: @Sendable (SubmissionFile, Int, CampaignContext, RowSource.Opener) -> FileResult
    /// The week whose report first counts a unit's file (the form's `reportingWeek`; a file
    /// that cannot be placed is its folder's week's, which reports why).
    let reportingWeek: @Sendable (SubmissionFile, Int, CampaignContext) -> ISOWeek

    public init<F: SubmissionForm>(_ form: F.Type) {
        kind = F.kind
        readFile = { file, submitter, campaign, open in
            FormDriver.read(F.self, file: file, submitter: submitter, campaign: campaign, open: open)
        }
        reportingWeek = { file, submitter, campaign in
            switch F.context(for: file, submitter: submitter, in: campaign) {
            case .placed(let context): return F.reportingWeek(of: context, in: campaign)
            case .refused: return file.week
            }
        }
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

    /// The week whose report first counts `file`: its form's timing for a file of a known
    /// unit, else its folder's week.
    public func reportingWeek(of file: SubmissionFile, in campaign: CampaignContext) -> ISOWeek {
        guard let unit = file.unit, let entry = entry(for: file.kind) else { return file.week }
        return entry.reportingWeek(file, unit, campaign)
    }

    /// Which files a run for the campaign's week reads and counts: every file of a known
    /// unit and of one of the forms, in the folders up to the week, whose reporting week has
    /// come. Tree order.
    public func dueFiles(_ campaign: Campaign) -> [(file: SubmissionFile, unit: Int, entry: FormEntry)] {
        let context = campaign.context
        var due: [(file: SubmissionFile, unit: Int, entry: FormEntry)] = []
        for file in campaign.tree.files {
            guard let unit = file.unit, let entry = entry(for: file.kind) else { continue }
            if entry.reportingWeek(file, unit, context) > campaign.week { continue }
            due.append((file, unit, entry))
        }
        return due
    }

    /// Whether the run for the campaign's week reports what concerns an input path: the
    /// files whose reporting week it is (a ledger for a day after the week's report date is
    /// the next week's, and its findings move with it, so no error goes unreported), the
    /// roster, the plans and anything at the input folder's top level.
    public func reportsPath(_ campaign: Campaign) -> (String) -> Bool {
        let week = campaign.week
        let context = campaign.context
        var moved: [String: ISOWeek] = [:]
        for file in campaign.tree.files {
            let reporting = reportingWeek(of: file, in: context)
            if reporting != file.week { moved[file.path] = reporting }
        }
        let prefix = "\(week)/"
        return { file in
            if let reported = moved[file] { return reported == week }
            return file.hasPrefix(prefix) || file.hasPrefix("roster/") || file.hasSuffix("plan.yaml")
                || !file.contains("/")
        }
    }
}

extension SubmissionKind {
    // The contract's forms, by the name the rest of the code uses for them.
    public static var samples: SubmissionKind { SampleForm.kind }
    public static var ledger: SubmissionKind { LedgerForm.kind }
    public static var articles: SubmissionKind { ArticleForm.kind }
    public static var problems: SubmissionKind { ProblemForm.kind }
}

extension CampaignContext {
    /// The context of a file's rows: the plan and report date of the file's week.
    public func rowContext(for file: SubmissionFile, submitter: Int, day: Day? = nil) -> RowContext {
        let plan = plan(for: file.week)
        return RowContext(
            file: file, submitter: submitter, plan: plan, roster: roster, reportDate: plan.reportDate(of: file.week),
            day: day)
    }
}

extension Campaign {
    /// Loads the input folder for `week` (default: the latest week folder) for the forms of `registry`.
    public static func load(input root: URL, week requested: ISOWeek?, registry: FormRegistry = .standard) throws -> Campaign {
        try load(input: root, week: requested, kinds: registry.kinds)
    }
}
