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

/// Interns repeated strings (enterprise codes and names, visitors, problem texts) so a
/// visit holds 4-byte indices instead of strings. Index 0 is always "".
public struct StringPool: Sendable {
    /// Keyed by the exact UTF-8 bytes: String's own hashing normalises non-ASCII text on
    /// every call, which dominated reading a city's ledger of Chinese names. Text that is
    /// canonically equal but spelled differently is interned twice — and printed as written.
    struct Key: Hashable, Sendable {
        var text: String
        func hash(into hasher: inout Hasher) {
            var text = text
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
        static func == (a: Key, b: Key) -> Bool {
            var x = a.text, y = b.text
            return x.withUTF8 { p in y.withUTF8 { q in p.elementsEqual(q) } }
        }
    }

    public private(set) var strings: [String] = [""]
    var index: [Key: Int32] = [Key(text: ""): 0]

    public init() {}

    public mutating func intern(_ s: String) -> Int32 {
        if let i = index[Key(text: s)] { return i }
        let i = Int32(strings.count)
        strings.append(s)
        index[Key(text: s)] = i
        return i
    }

    public subscript(_ i: Int32) -> String { strings[Int(i)] }
    public func lookup(_ s: String) -> Int32? { index[Key(text: s)] }
}

/// One counted visit, kept compact: a city's ledger holds hundreds of thousands of rows
/// and the 走访明细 sheet needs every counted one. About 64 bytes per visit (eight 4-byte
/// indices, three 2-byte units, four 1-byte choices, the phone as a String — inline for
/// numbers up to 15 bytes) plus ~24 bytes for its key in the visit index; every string
/// that repeats is interned in `LedgerReading`'s pools.
public struct Visit: Sendable {
    /// Index into `LedgerReading.codes`.
    public var enterprise: Int32
    /// Index into `LedgerReading.names`.
    public var name: Int32
    public var date: Day
    /// Index into `LedgerReading.files`.
    public var file: Int32
    public var line: Int32
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
    public var phone: String

    public var raisedProblem: Bool { problem != 0 }
}

/// Same enterprise, same day, same way: the same visit, whichever file repeats it.
struct VisitKey: Hashable {
    var enterprise: Int32
    var date: Int32
    var mode: UInt8
}

/// Every ledger row counted up to the run's week, with the files per unit and day.
public struct LedgerReading: Sendable {
    public var visits: [Visit] = []
    var index: [VisitKey: Int32] = [:]
    public var codes = StringPool()
    public var names = StringPool()
    public var texts = StringPool()
    public var files: [String] = []
    /// unit → report day → the ledger files named for that day (every week folder read).
    public var ledgers: [Int: [Day: [SubmissionFile]]] = [:]
    public var findings: [Finding] = []
    /// week → data rows read.
    public var rowsRead: [ISOWeek: Int] = [:]
}

/// The rules of the contract's 走访台账 table.
public enum LedgerRules {
    static let kind = SubmissionKind.ledger
    static let cDate = 1, cVisitor = 2, cName = 3, cCode = 4, cTown = 5, cMode = 6, cTarget = 7, cPhone = 8,
        cPolicy = 9, cProblem = 10, cHandling = 11, cResponsible = 12, cPerson = 13

    /// The report day a ledger file is named for (`<unit>_<YYYY-MM-DD>.csv`), nil when unreadable.
    public static func reportDay(of file: SubmissionFile, defaultYear: Int) -> Day? {
        // `_2021-08-31`, `_2021-08-31_补报`: the date is the first part after the unit.
        let first = String(file.suffix.split(separator: "_", omittingEmptySubsequences: false).first ?? "")
        return fileNameDate(first, defaultYear: defaultYear)
    }

    /// A date as file names write it: the accepted date forms, and the digit runs people type
    /// (`0831`, `20210831`) — never an Excel serial, which a file name never holds.
    static func fileNameDate(_ text: String, defaultYear: Int) -> Day? {
        if !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            let digits = text.compactMap { $0.wholeNumberValue }
            func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + digits[$1] } }
            switch digits.count {
            case 4: return Day(year: defaultYear, month: number(0..<2), day: number(2..<4))
            case 8: return Day(year: number(0..<4), month: number(4..<6), day: number(6..<8))
            default: return nil
            }
        }
        guard case .success(let d) = DateParser.parse(text, defaultYear: defaultYear) else { return nil }
        return d
    }

    /// The week whose report counts a ledger file for `day`: its folder's week when the day
    /// is on or before that week's report date, else the first later week whose report date
    /// reaches the day (a Friday after a Thursday report, a 调休 Saturday). A day past every
    /// campaign week's report stays with its folder's week, so its findings are never lost.
    public static func reportingWeek(of file: SubmissionFile, day: Day, campaign: Campaign) -> ISOWeek {
        var week = file.week
        let last = campaign.plan.campaignWeeks.last ?? file.week
        while week <= last {
            if day <= campaign.reportDate(of: week) { return week }
            week = week.next
        }
        return file.week
    }

    /// Reads and validates every ledger up to the run's week. Files are taken by week folder,
    /// then report day, then path; a later copy of a visit replaces the earlier one. Files for
    /// days after the run week's report date belong to the next report and are left out.
    public static func read(_ campaign: Campaign, sampleCodes: [Int: Set<String>]) -> LedgerReading {
        var reading = LedgerReading()
        let roster = campaign.roster
        let lastDay = campaign.reportDate(of: campaign.week)
        var sampled = Set<String>()
        for codes in sampleCodes.values { sampled.formUnion(codes) }
        var dated: [(file: SubmissionFile, day: Day)] = []
        for file in campaign.tree.files(of: .ledger) {
            guard let unit = file.unit else { continue }
            let plan = campaign.plan(for: file.week)
            guard let day = reportDay(of: file, defaultYear: plan.visitPeriod.start.year) else {
                reading.findings.append(
                    Finding(
                        code: .badFileName, unit: roster.units[unit].name, file: file.path, line: 0,
                        value: file.stem,
                        message: "走访台账文件名应为「单位名称_日期.csv」（如 \(roster.units[unit].name)_\(plan.visitPeriod.start).csv），无法从「\(file.stem)」读出报送日期，本文件未计入"))
                continue
            }
            guard day <= lastDay else { continue }
            reading.ledgers[unit, default: [:]][day, default: []].append(file)
            dated.append((file, day))
        }
        dated.sort { a, b in
            if a.file.week != b.file.week { return a.file.week < b.file.week }
            if a.day != b.day { return a.day < b.day }
            return Text.codePointLess(a.file.path, b.file.path)
        }
        for (file, day) in dated {
            guard let unit = file.unit, let data = campaign.data(of: file) else { continue }
            let plan = campaign.plan(for: file.week)
            let fileIndex = Int32(reading.files.count)
            reading.files.append(file.path)
            var findings: [Finding] = []
            var rowFindings: [Finding] = []
            var rows = 0
            TableReader.read(data, kind: kind, file: file.path, unit: roster.units[unit].name, findings: &findings) { row in
                rows += 1
                validate(
                    row, file: file, fileIndex: fileIndex, day: day, submitter: unit, plan: plan, roster: roster,
                    sampled: sampled, reading: &reading, findings: &rowFindings)
            }
            reading.rowsRead[file.week, default: 0] += rows
            reading.findings.append(contentsOf: findings + rowFindings)
        }
        return reading
    }

    static func validate(
        _ row: SubmissionRow, file: SubmissionFile, fileIndex: Int32, day: Day, submitter: Int, plan: Plan,
        roster: Roster, sampled: Set<String>, reading: inout LedgerReading, findings: inout [Finding]
    ) {
        let submitterName = roster.units[submitter].name
        var check = RowCheck(row, kind: kind, file: file.path, unit: submitterName)
        defer { findings.append(contentsOf: check.findings) }
        func choice<T>(_ column: Int, _ parse: (String) -> T?, _ allowed: String) -> T? {
            guard let raw = check.required(column) else { return nil }
            if let v = parse(Text.comparisonKey(raw)) { return v }
            check.report(.badChoice, column, "「\(kind.columns[column])」填写「\(raw)」，应为 \(allowed) 之一，本行未计入")
            return nil
        }

        var date: Day?
        if let raw = check.required(cDate), let d = check.date(cDate, raw: raw, defaultYear: plan.visitPeriod.start.year) {
            if !plan.visitPeriod.contains(d) {
                check.report(.dateOutsideVisitPeriod, cDate,
                    "走访日期 \(d) 不在走访期（\(plan.visitPeriod.start)—\(plan.visitPeriod.end)）内，本行未计入")
            } else if d > day {
                check.report(.dateAfterLedgerDay, cDate, "走访日期 \(d) 晚于本台账的报送日 \(day)，本行未计入；请在当日台账中报送")
            } else {
                date = d
            }
        }
        if let name = check.required(cVisitor) {
            if let u = roster.unit(named: name) {
                if u.index != submitter {
                    check.report(.foreignUnit, cVisitor, "走访单位「\(name)」不是报送单位\(submitterName)，本行未计入；请由走访单位在自己的台账中报送")
                }
            } else {
                check.report(.unknownUnit, cVisitor, "走访单位「\(name)」不在单位名册中，本行未计入")
            }
        }
        let name = check.required(cName)
        var code: String?
        if let raw = check.required(cCode) {
            code = check.creditCode(cCode, raw: raw, accepted: plan.acceptedCreditCodes)
        }
        var town: Int?
        if let raw = check.required(cTown) {
            town = check.town(cTown, raw: raw, roster: roster)
        }
        if let code {
            if let registered = roster.enterprises[code] {
                if let town, Int(registered) != town {
                    check.report(.townMismatch, cTown,
                        "企业 \(code) 在在册企业名单中属于\(roster.units[Int(registered)].name)，与所填「\(row[cTown])」不符；覆盖率按名单中的镇街计",
                        severity: .warning)
                }
            } else if !sampled.contains(code) {
                check.report(.unregisteredEnterprise, cCode,
                    "统一社会信用代码 \(code) 既不在在册企业名单（enterprises.csv）中，也不在任何样本企业汇总表中，已计入；请核实企业", severity: .warning)
            }
        }
        let mode = choice(cMode, VisitMode.parse, "实地走访、电话回访")
        let target = choice(cTarget, VisitTarget.parse, "企业法人、预留电话机主、其他")
        var phone: String?
        if let raw = check.required(cPhone) {
            phone = check.phone(cPhone, raw: raw, areaCode: plan.areaCode)
        }
        var policy: Int8 = -1
        switch Text.comparisonKey(row[cPolicy]) {
        case "": policy = -1
        case "是": policy = 1
        case "否": policy = 0
        default: check.report(.badChoice, cPolicy, "是否宣传政策「\(row[cPolicy])」应为 是 或 否，本行未计入")
        }
        let problem = row[cProblem]
        let handling = choice(cHandling, VisitHandling.parse, "无问题、已解决、正在解决、无法解决")
        if handling == .noProblem && !problem.isEmpty {
            check.report(.problemMarkedNone, cHandling, "企业反映了问题「\(problem)」，办理情况却填「无问题」，本行未计入；请填写 已解决、正在解决 或 无法解决")
        }
        var responsible: Int16 = -1
        let rawResponsible = row[cResponsible]
        if rawResponsible.isEmpty {
            // With 无问题 the row is already rejected for the contradiction; one error is enough.
            if !problem.isEmpty && handling != .noProblem {
                check.report(.missingCell, cResponsible, "企业反映了问题，「责任单位」必填，本行未计入")
            }
        } else if let u = roster.unit(named: rawResponsible) {
            responsible = Int16(u.index)
        } else {
            check.report(.unknownUnit, cResponsible, "责任单位「\(rawResponsible)」不在单位名册中，本行未计入")
        }
        let person = check.required(cPerson)

        guard !check.hasErrors, let date, let name, let code, let town, let mode, let target, let phone, let handling,
            let person
        else { return }
        let enterprise = reading.codes.intern(code)
        let countedTown = roster.enterprises[code].map(Int.init) ?? town
        let visit = Visit(
            enterprise: enterprise, name: reading.names.intern(name), date: date, file: fileIndex,
            line: Int32(row.line), problem: problem.isEmpty ? 0 : reading.texts.intern(problem),
            visitor: reading.texts.intern(person), unit: Int16(submitter), town: Int16(countedTown),
            responsible: responsible, mode: mode, target: target, handling: handling, policy: policy, phone: phone)
        let key = VisitKey(enterprise: enterprise, date: date.ordinal, mode: mode.rawValue)
        if let slot = reading.index[key] {
            reading.visits[Int(slot)] = visit
        } else {
            reading.index[key] = Int32(reading.visits.count)
            reading.visits.append(visit)
        }
    }
}
