import Foundation

public enum VisitMode: UInt8, Sendable, CaseIterable {
    case onSite, phone
    public var text: String { self == .onSite ? "实地走访" : "电话回访" }
    static func parse(_ s: String) -> VisitMode? { allCases.first { $0.text == s } }
}

public enum VisitTarget: UInt8, Sendable, CaseIterable {
    case legalPerson, phoneOwner, other
    public var text: String {
        switch self {
        case .legalPerson: return "企业法人"
        case .phoneOwner: return "预留电话机主"
        case .other: return "其他"
        }
    }
    static func parse(_ s: String) -> VisitTarget? { allCases.first { $0.text == s } }
}

public enum VisitHandling: UInt8, Sendable, CaseIterable {
    case noProblem, resolved, inProgress, unresolvable
    public var text: String {
        switch self {
        case .noProblem: return "无问题"
        case .resolved: return "已解决"
        case .inProgress: return "正在解决"
        case .unresolvable: return "无法解决"
        }
    }
    static func parse(_ s: String) -> VisitHandling? { allCases.first { $0.text == s } }
}

/// One counted visit, kept compact: a city's ledger holds hundreds of thousands of rows
/// and the 走访明细 sheet needs every counted one. 44 bytes per visit (eight 4-byte
/// indices, three 2-byte units, five 1-byte fields) plus ~24 bytes for its key in the visit
/// index; every string that repeats is interned in `LedgerReading`'s pools, and the name
/// and phone stay in their file's arrays. No reference inside: copying a visit (the
/// merge, the counts, sorting 走访明细) is a plain copy of bytes.
public struct Visit: Sendable {
    /// Index into `LedgerReading.codes`.
    public var enterprise: Int32
    /// Index into `LedgerReading.names`.
    public var name: Int32
    public var date: Day
    /// Index into `LedgerReading.files`.
    public var file: Int32
    public var line: Int32
    /// The spreadsheet row (what 走访明细 shows).
    public var row: Int32
    /// Index into `LedgerReading.texts`; 0 when no problem was raised.
    public var problem: Int32
    /// Index into `LedgerReading.texts`.
    public var visitor: Int32
    /// The submitting unit (roster index).
    public var unit: Int16
    /// The 镇街 counted for the visit: enterprises.csv's, else the row's 所属镇街.
    public var town: Int16
    /// 责任单位, -1 when none.
    public var responsible: Int16
    public var mode: VisitMode
    public var target: VisitTarget
    public var handling: VisitHandling
    /// 1 是, 0 否, -1 not stated.
    public var policy: Int8
    /// The enterprise is in enterprises.csv (then `town` is its registered 镇街).
    public var registered: Bool

    public var raisedProblem: Bool { problem != 0 }
}

/// Same enterprise, same day, same way: the same visit, whichever file repeats it.
struct VisitKey: Hashable {
    var enterprise: Int32
    var date: Int32
    var mode: UInt8
}

/// One ledger file's accepted rows, kept compact: `Visit.name` indexes `names`, and
/// `Visit.enterprise` indexes `codes` (until `LedgerRules` renumbers it into the week's
/// pool); visitors and problems, which repeat, are interned in `texts`. Names and codes
/// are nearly all distinct within a file, so they are kept as read, not hashed.
public struct LedgerFile: Sendable {
    public var visits: [Visit] = []
    public var codes: [String] = []
    public var names: [String] = []
    /// Each visit's phone, by the same index as its name.
    public var phones: [String] = []
    public var texts = StringPool()
}

/// An accepted ledger row as the row rule gives it, before the file's pools take it in.
public struct LedgerEntry: Sendable {
    var line: Int
    var row: Int
    var date: Day
    var name: String
    var code: String
    var town: Int
    var mode: VisitMode
    var target: VisitTarget
    var phone: String
    var policy: Int8
    var problem: String
    var handling: VisitHandling
    var responsible: Int16
    var person: String
    var submitter: Int
    var registered: Bool
}

/// Every ledger row counted up to the run's week, with the files per unit and day.
public struct LedgerReading: Sendable {
    /// `enterprise` indexes `codes`; `file` indexes `files` and `fileData`, whose pools
    /// hold the visit's name, problem and visitor.
    public var visits: [Visit] = []
    var index: [VisitKey: Int32] = [:]
    public var codes = CodePool()
    public var files: [String] = []
    var fileData: [LedgerFile] = []
    /// unit → report day → the ledger files named for that day (every week folder read).
    public var ledgers: [Int: [Day: [SubmissionFile]]] = [:]
    /// week → data rows read.
    public var rowsRead: [ISOWeek: Int] = [:]

    public func code(of v: Visit) -> String { codes[v.enterprise] }
    public func name(of v: Visit) -> String { fileData[Int(v.file)].names[Int(v.name)] }
    public func problem(of v: Visit) -> String { fileData[Int(v.file)].texts[v.problem] }
    public func visitor(of v: Visit) -> String { fileData[Int(v.file)].texts[v.visitor] }
    public func phone(of v: Visit) -> String { fileData[Int(v.file)].phones[Int(v.name)] }
}

/// 走访台账: each 镇街's and lead unit's daily ledger of visits to sample and registered
/// enterprises, one file per working day named `<单位>_<日期>.csv`.
public enum LedgerForm: SubmissionForm {
    public enum Column: Int, FormColumn {
        case seq, date, visitor, name, code, town, mode, target, phone, policy, problem, handling, responsible, person
        public var header: String {
            switch self {
            case .seq: return "序号"
            case .date: return "走访日期"
            case .visitor: return "走访单位"
            case .name: return "企业名称"
            case .code: return "统一社会信用代码"
            case .town: return "所属镇街"
            case .mode: return "走访方式"
            case .target: return "走访对象"
            case .phone: return "联系电话"
            case .policy: return "是否宣传政策"
            case .problem: return "企业反映问题"
            case .handling: return "办理情况"
            case .responsible: return "责任单位"
            case .person: return "走访人"
            }
        }
    }

    public static let kind = SubmissionKind(
        folder: "走访台账", label: "附件2 样本企业走访台账", columns: Column.self,
        required: [.date, .visitor, .name, .code, .town, .mode, .target, .phone, .handling, .person],
        senders: "镇街、牵头单位", schedule: .daily)

    /// A ledger is placed by the day its name gives; a name without a readable date is a
    /// finding and the file is not read.
    public static func context(for file: SubmissionFile, submitter: Int, in campaign: CampaignContext) -> Placement {
        let plan = campaign.plan(for: file.week)
        let name = campaign.roster.units[submitter].name
        guard let day = LedgerRules.reportDay(of: file, defaultYear: plan.visitPeriod.start.year) else {
            return .refused(
                Finding(
                    code: .badFileName, unit: name, file: file.path, line: 0, value: file.stem,
                    message: "走访台账文件名应为「单位名称_日期.csv」（如 \(name)_\(plan.visitPeriod.start).csv），无法从「\(file.stem)」读出报送日期，本文件未计入"))
        }
        return .placed(campaign.rowContext(for: file, submitter: submitter, day: day))
    }

    public static func check(_ row: FormRow<Column>, _ context: RowContext, _ check: inout RowCheck<Column>) -> LedgerEntry? {
        LedgerRules.validate(row, context, &check)
    }

    /// The week whose report counts a ledger: its folder's week when the day it is named for
    /// is on or before that week's report date, else the first later week whose report date
    /// reaches the day (a Friday after a Thursday report, a 调休 Saturday). A day past every
    /// campaign week's report stays with its folder's week, so its findings are never lost.
    public static func reportingWeek(of context: RowContext, in campaign: CampaignContext) -> ISOWeek {
        let file = context.file
        guard let day = context.day else { return file.week }
        var week = file.week
        let last = campaign.base.campaignWeeks.last ?? file.week
        while week <= last {
            if day <= campaign.plan(for: week).reportDate(of: week) { return week }
            week = week.next
        }
        return file.week
    }

    public static func fold(_ files: FormFiles<LedgerForm>, campaign: Campaign) -> LedgerReading {
        LedgerRules.reading(files)
    }

    /// The file's visits, their strings interned in the file's pools.
    public static func finish(_ records: [LedgerEntry], _ context: RowContext, findings: inout [Finding]) -> LedgerFile {
        var file = LedgerFile()
        file.visits.reserveCapacity(records.count)
        file.codes.reserveCapacity(records.count)
        file.names.reserveCapacity(records.count)
        file.phones.reserveCapacity(records.count)
        for e in records {
            let index = Int32(file.codes.count)
            file.codes.append(e.code)
            file.names.append(e.name)
            file.phones.append(e.phone)
            file.visits.append(
                Visit(
                    enterprise: index, name: index, date: e.date, file: 0,
                    line: Int32(clamping: e.line), row: Int32(clamping: e.row), problem: e.problem.isEmpty ? 0 : file.texts.intern(e.problem),
                    visitor: file.texts.intern(e.person), unit: Int16(e.submitter), town: Int16(e.town),
                    responsible: e.responsible, mode: e.mode, target: e.target, handling: e.handling, policy: e.policy,
                    registered: e.registered))
        }
        return file
    }
}

/// The 走访台账 files across days: which files count for each unit and day, and the visits.
public enum LedgerRules {
    typealias C = LedgerForm.Column

    /// The report day a ledger file is named for (`<unit>_<YYYY-MM-DD>.csv`), nil when unreadable.
    public static func reportDay(of file: SubmissionFile, defaultYear: Int) -> Day? {
        // `_2021-08-31`, `_2021-08-31_补报`: the date is the first part after the unit.
        let first = String(file.suffix.split(separator: "_", omittingEmptySubsequences: false).first ?? "")
        return DateParser.fileNameDate(first, defaultYear: defaultYear)
    }

    /// Every ledger the run's week counts (each due by `LedgerForm.reportingWeek`). Files are
    /// taken by week folder, then report day, then path; a later copy of a visit (same
    /// enterprise, day and way) replaces the earlier one.
    static func reading(_ files: FormFiles<LedgerForm>) -> LedgerReading {
        var reading = LedgerReading()
        var dated: [(file: SubmissionFile, day: Day, result: FileResult, data: LedgerFile?)] = []
        for f in files.all {
            guard let day = f.result.context?.day else { continue }
            dated.append((f.file, day, f.result, f.payload))
            // An unreadable ledger is not a received one: its finding says so.
            guard f.payload != nil else { continue }
            reading.ledgers[f.unit, default: [:]][day, default: []].append(f.file)
        }
        let total = dated.reduce(0) { $0 + ($1.data?.visits.count ?? 0) }
        reading.visits.reserveCapacity(total)
        reading.index.reserveCapacity(total)
        reading.codes.reserve(total)
        dated.sort { a, b in
            if a.file.week != b.file.week { return a.file.week < b.file.week }
            if a.day != b.day { return a.day < b.day }
            return Text.codePointLess(a.file.path, b.file.path)
        }
        for (file, _, result, data) in dated {
            guard let data else { continue }
            let fileIndex = Int32(reading.files.count)
            reading.files.append(file.path)
            reading.fileData.append(data)
            reading.rowsRead[file.week, default: 0] += result.rowsRead
            for var visit in data.visits {
                visit.enterprise = reading.codes.intern(data.codes[Int(visit.enterprise)])
                visit.file = fileIndex
                let key = VisitKey(enterprise: visit.enterprise, date: visit.date.ordinal, mode: visit.mode.rawValue)
                if let slot = reading.index[key] {
                    reading.visits[Int(slot)] = visit
                } else {
                    reading.index[key] = Int32(reading.visits.count)
                    reading.visits.append(visit)
                }
            }
        }
        return reading
    }

    /// `unregistered-enterprise` is decided by the week: the row rule reports every code
    /// outside enterprises.csv, and the week drops the warning for codes among its counted
    /// samples. The finding's value is the code as written; its canonical form is the code.
    static func isSampled(_ finding: Finding, sampled: Set<String>) -> Bool {
        finding.code == .unregisteredEnterprise && sampled.contains(CreditCode.canonical(finding.value))
    }

    static func validate(_ row: FormRow<C>, _ context: RowContext, _ check: inout RowCheck<C>) -> LedgerEntry? {
        let roster = context.roster, plan = context.plan, submitter = context.submitter
        let submitterName = context.submitterName
        let day = context.day ?? context.reportDate
        func choice<T>(_ column: C, _ parse: (String) -> T?, _ allowed: String) -> T? {
            guard let raw = check.required(column) else { return nil }
            if let v = parse(Text.comparisonKey(raw)) { return v }
            check.report(.badChoice, column, "「\(column.header)」填写「\(raw)」，应为 \(allowed) 之一，本行未计入")
            return nil
        }

        var date: Day?
        if let raw = check.required(.date), let d = check.date(.date, raw: raw, defaultYear: plan.visitPeriod.start.year) {
            if !plan.visitPeriod.contains(d) {
                check.report(.dateOutsideVisitPeriod, .date,
                    "走访日期 \(d) 不在走访期（\(plan.visitPeriod.start)—\(plan.visitPeriod.end)）内，本行未计入")
            } else if d > day {
                check.report(.dateAfterLedgerDay, .date, "走访日期 \(d) 晚于本台账的报送日 \(day)，本行未计入；请在当日台账中报送")
            } else {
                date = d
            }
        }
        if let name = check.required(.visitor) {
            if let u = roster.unitIndex(named: name) {
                if u != submitter {
                    check.report(.foreignUnit, .visitor, "走访单位「\(name)」不是报送单位\(submitterName)，本行未计入；请由走访单位在自己的台账中报送")
                }
            } else {
                check.report(.unknownUnit, .visitor, "走访单位「\(name)」不在单位名册中，本行未计入")
            }
        }
        let name = check.required(.name)
        var code: String?
        if let raw = check.required(.code) {
            code = check.creditCode(.code, raw: raw, accepted: plan.acceptedCreditCodes)
        }
        var town: Int?
        if let raw = check.required(.town) {
            town = check.town(.town, raw: raw, roster: roster)
        }
        var registeredTown: Int?
        if let code {
            registeredTown = roster.enterprises[code].map(Int.init)
            if let registered = registeredTown {
                if let town, Int(registered) != town {
                    check.report(.townMismatch, .town,
                        "企业 \(code) 在在册企业名单中属于\(roster.units[Int(registered)].name)，与所填「\(row[.town])」不符；覆盖率按名单中的镇街计",
                        severity: .warning)
                }
            } else {
                check.report(.unregisteredEnterprise, .code,
                    "统一社会信用代码 \(code) 既不在在册企业名单（enterprises.csv）中，也不在任何样本企业汇总表中，已计入；请核实企业", severity: .warning)
            }
        }
        let mode = choice(.mode, VisitMode.parse, "实地走访、电话回访")
        let target = choice(.target, VisitTarget.parse, "企业法人、预留电话机主、其他")
        var phone: String?
        if let raw = check.required(.phone) {
            phone = check.phone(.phone, raw: raw, areaCode: plan.areaCode)
        }
        var policy: Int8 = -1
        switch Text.comparisonKey(row[.policy]) {
        case "": policy = -1
        case "是": policy = 1
        case "否": policy = 0
        default: check.report(.badChoice, .policy, "是否宣传政策「\(row[.policy])」应为 是 或 否，本行未计入")
        }
        let problem = row[.problem]
        let handling = choice(.handling, VisitHandling.parse, "无问题、已解决、正在解决、无法解决")
        if handling == .noProblem && !problem.isEmpty {
            check.report(.problemMarkedNone, .handling, "企业反映了问题「\(problem)」，办理情况却填「无问题」，本行未计入；请填写 已解决、正在解决 或 无法解决")
        }
        var responsible: Int16 = -1
        let rawResponsible = row[.responsible]
        if rawResponsible.isEmpty {
            // With 无问题 the row is already rejected for the contradiction; one error is enough.
            if !problem.isEmpty && handling != .noProblem {
                check.report(.missingCell, .responsible, "企业反映了问题，「责任单位」必填，本行未计入")
            }
        } else if let u = roster.unitIndex(named: rawResponsible) {
            responsible = Int16(u)
        } else {
            check.report(.unknownUnit, .responsible, "责任单位「\(rawResponsible)」不在单位名册中，本行未计入")
        }
        let person = check.required(.person)

        guard !check.hasErrors, let date, let name, let code, let town, let mode, let target, let phone, let handling,
            let person
        else { return nil }
        let countedTown = registeredTown ?? town
        return LedgerEntry(
            line: row.line, row: row.sheetRow, date: date, name: name, code: code, town: countedTown, mode: mode, target: target,
            phone: phone, policy: policy, problem: problem, handling: handling, responsible: responsible, person: person,
            submitter: submitter, registered: registeredTown != nil)
    }
}
