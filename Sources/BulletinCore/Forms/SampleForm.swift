import Foundation

/// 问题来源 of a sample marked with a dispute or complaint.
public enum ComplaintSource: String, Sendable, CaseIterable, Codable, Hashable {
    case wenzheng = "问政山东"
    case hotline = "12345热线"
    case jiesu = "接诉即办"
    case other = "其他"

    /// The key summary.json uses for `complaints_by_source` (stable ASCII).
    public var key: String {
        switch self {
        case .wenzheng: return "wenzheng_shandong"
        case .hotline: return "hotline_12345"
        case .jiesu: return "jiesu_jiban"
        case .other: return "other"
        }
    }
}

/// 样本状态: 有效 (the default when empty) or 已替换 (closed, stopped or deregistered: kept for
/// the record, never counted).
public enum SampleStatus: String, Sendable, Codable, Hashable {
    case valid = "有效"
    case replaced = "已替换"
}

/// A sample row without error.
public struct Sample: Sendable, Hashable {
    public var week: ISOWeek
    public var file: String
    public var line: Int
    /// The spreadsheet row (what findings and workbooks show).
    public var row: Int
    public var submitter: Int
    /// Index into roster.indicators.
    public var indicator: Int
    public var enterprise: String
    /// Canonical 统一社会信用代码.
    public var code: String
    public var town: Int
    public var matter: String
    public var handled: Day
    public var contact: String
    /// The normalised number (`0533-4130090 转8001`).
    public var phone: String
    public var complaint: Bool
    public var source: ComplaintSource?
    public var explanation: String
    public var status: SampleStatus
    public var note: String
    /// A valid sample: 有效 and the first row of its code under its indicator in the list.
    public var counts: Bool
}

/// One 样本企业汇总表 file as read.
public struct SampleList: Sendable {
    public var file: SubmissionFile
    public var unit: Int
    /// Rows without error, in file order (已替换 and duplicates included, `counts` false).
    public var samples: [Sample]
    public var rowsRead: Int

    public func valid(for indicator: Int) -> Int {
        samples.reduce(0) { $0 + ($1.indicator == indicator && $1.counts ? 1 : 0) }
    }
}

/// Every sample list up to the run's week.
public struct SampleReading: Sendable {
    /// In arrival order: week folder, then file path in code-point order.
    public var lists: [SampleList] = []
    /// week → data rows read.
    public var rowsRead: [ISOWeek: Int] = [:]
    /// Found across lists: a list that replaces a much longer earlier one (`partial-sample-list`).
    public var findings: [Finding] = []
}

/// 样本企业汇总表: each lead unit's list of sample enterprises for the indicators it leads;
/// its latest list replaces the earlier ones.
public enum SampleForm: SubmissionForm {
    /// The fold across the week's files (`SampleRules.reading`).
    public static func fold(_ files: FormFiles<SampleForm>, campaign: Campaign) -> SampleReading {
        SampleRules.reading(files, campaign: campaign)
    }

    public typealias Payload = [Sample]

    public enum Column: Int, FormColumn {
        case seq, indicator, enterprise, code, town, matter, handled, contact, phone, complaint, source, explanation,
            status, note
        public var header: String {
            switch self {
            case .seq: return "序号"
            case .indicator: return "指标名称"
            case .enterprise: return "企业名称"
            case .code: return "统一社会信用代码"
            case .town: return "所属镇街"
            case .matter: return "办理事项"
            case .handled: return "办理时间"
            case .contact: return "联系人"
            case .phone: return "联系电话"
            case .complaint: return "是否存在分歧或投诉"
            case .source: return "问题来源"
            case .explanation: return "情况说明"
            case .status: return "样本状态"
            case .note: return "备注"
            }
        }
    }

    public static let kind = SubmissionKind(
        folder: "样本企业汇总表", label: "附件1 样本企业汇总表", columns: Column.self,
        required: [.indicator, .enterprise, .code, .town, .matter, .handled, .contact, .phone, .complaint],
        senders: "牵头单位", schedule: .replacing)

    public static func check(_ row: FormRow<Column>, _ context: RowContext, _ check: inout RowCheck<Column>) -> Sample? {
        SampleRules.validate(row, context, &check)
    }

    /// A valid sample counts once per indicator in a list: a later row with the same code is
    /// kept for the record but does not count.
    public static func finish(_ records: [Sample], _ context: RowContext, findings: inout [Finding]) -> [Sample] {
        var counted: [Int: [String: Int]] = [:]  // indicator → code → line first counted
        var out = records
        for i in out.indices where out[i].status == .valid {
            let sample = out[i]
            if let first = counted[sample.indicator]?[sample.code] {
                out[i].counts = false
                findings.append(
                    Finding(
                        code: .duplicateSample, unit: context.submitterName, file: sample.file, line: sample.line, row: sample.row,
                        column: Column.code.header, value: sample.code,
                        message: "统一社会信用代码 \(sample.code) 在指标「\(context.roster.indicators[sample.indicator].name)」下已于第\(first)行报送，本行不重复计入；请换成其他企业或删除本行"))
            } else {
                counted[sample.indicator, default: [:]][sample.code] = sample.row
            }
        }
        return out
    }
}

/// The 样本企业汇总表 lists across files.
public enum SampleRules {
    typealias C = SampleForm.Column

    /// Every sample list of every week folder up to the run's week, from their files'
    /// results. Each file was validated on its own (against the plan and report date of its
    /// week), so its findings are the same whichever week is run; which list counts is
    /// decided by `SampleCounter`. An unreadable file is no list.
    static func reading(_ files: FormFiles<SampleForm>, campaign: Campaign) -> SampleReading {
        var reading = SampleReading()
        var latest: [Int: SampleList] = [:]  // unit → its latest list so far
        for week in campaign.tree.weeks {
            var rows = 0
            // The tree lists a week's files by path in code-point order: the arrival order.
            for f in files.week(week) {
                let (file, submitter, result) = (f.file, f.unit, f.result)
                guard let samples = f.payload else { continue }
                rows += result.rowsRead
                let list = SampleList(file: file, unit: submitter, samples: samples, rowsRead: result.rowsRead)
                if let earlier = latest[submitter], let finding = shrinking(list, replacing: earlier, roster: campaign.roster) {
                    reading.findings.append(finding)
                }
                latest[submitter] = list
                reading.lists.append(list)
            }
            reading.rowsRead[week] = rows
        }
        return reading
    }

    /// A list replacing a unit's earlier one with fewer than half its rows (`区商务局_补充3家.csv`,
    /// 3 rows after 47): most likely meant as an addition, which it is not — the latest list
    /// replaces the earlier ones. A warning on the new file; the counting is unchanged.
    static func shrinking(_ list: SampleList, replacing earlier: SampleList, roster: Roster) -> Finding? {
        guard earlier.rowsRead > 0, list.rowsRead * 2 < earlier.rowsRead else { return nil }
        let name = list.file.path.split(separator: "/").last.map(String.init) ?? list.file.path
        let earlierName = earlier.file.path.split(separator: "/").last.map(String.init) ?? earlier.file.path
        let when = earlier.file.week == list.file.week ? "本周" : "\(earlier.file.week) 周"
        return Finding(
            code: .partialSampleList, unit: roster.units[list.unit].name, file: list.file.path, line: 0,
            value: "\(list.rowsRead)/\(earlier.rowsRead)",
            message: "「\(name)」只有 \(list.rowsRead) 行，不到本单位此前一份（\(when)「\(earlierName)」\(earlier.rowsRead) 行）的一半；样本企业汇总表以最新报送的一份为准，替换此前各份，此前的样本不再计入。如本表是补充，请把全部样本企业合并为一份完整的表重新报送")
    }

    /// Validates one row; returns the sample when the row has no error (`counts` set from
    /// 样本状态 only; duplicates are decided by the caller).
    static func validate(_ row: FormRow<C>, _ context: RowContext, _ check: inout RowCheck<C>) -> Sample? {
        let roster = context.roster, plan = context.plan, reportDate = context.reportDate, file = context.file
        let submitter = context.submitter, submitterName = context.submitterName

        var indicator: Int?
        if let name = check.required(.indicator) {
            let key = Text.comparisonKey(name)
            if let ind = roster.indicators.first(where: { Text.comparisonKey($0.name) == key }) {
                if ind.lead == submitter {
                    indicator = ind.index
                } else {
                    check.report(.foreignIndicator, .indicator,
                           "指标「\(ind.name)」的牵头单位是\(roster.units[ind.lead].name)，不是\(submitterName)，本行未计入；样本企业由各指标牵头单位报送")
                }
            } else {
                let own = roster.indicators(ledBy: submitter).map(\.name)
                let hint = own.isEmpty ? "本单位不牵头任何指标" : "本单位牵头的指标：\(own.joined(separator: "、"))"
                check.report(.unknownIndicator, .indicator, "指标「\(name)」不在指标名册（indicators.csv）中，本行未计入；\(hint)")
            }
        }
        let enterprise = check.required(.enterprise)

        var code: String?
        if let raw = check.required(.code) {
            code = check.creditCode(.code, raw: raw, accepted: plan.acceptedCreditCodes)
        }

        var town: Int?
        if let raw = check.required(.town) {
            town = check.town(.town, raw: raw, roster: roster)
        }
        let matter = check.required(.matter)

        var handled: Day?
        if let raw = check.required(.handled), let d = check.date(.handled, raw: raw, defaultYear: plan.period.start.year) {
            if d < plan.samplesHandledSince {
                check.report(.dateBeforeHandledSince, .handled,
                       "办理时间 \(d) 早于样本起算日 \(plan.samplesHandledSince)，本行未计入；样本应为此后在本部门办理过业务的企业")
            } else if d > reportDate {
                check.report(.dateAfterReport, .handled, "办理时间 \(d) 晚于本周通报日 \(reportDate)，本行未计入；请核对日期")
            } else {
                handled = d
            }
        }
        let contact = check.required(.contact)

        var phone: String?
        if let raw = check.required(.phone) {
            phone = check.phone(.phone, raw: raw, areaCode: plan.areaCode)
        }

        var complaint: Bool?
        if let raw = check.required(.complaint) {
            switch Text.comparisonKey(raw) {
            case "是": complaint = true
            case "否": complaint = false
            default: check.report(.badChoice, .complaint, "是否存在分歧或投诉「\(raw)」应为 是 或 否，本行未计入")
            }
        }
        var source: ComplaintSource?
        if complaint == true {
            if let raw = check.required(.source, "存在分歧或投诉时必填") {
                if let s = ComplaintSource(rawValue: Text.comparisonKey(raw)) {
                    source = s
                } else {
                    check.report(.badChoice, .source, "问题来源「\(raw)」应为 问政山东、12345热线、接诉即办 或 其他，本行未计入")
                }
            }
            _ = check.required(.explanation, "存在分歧或投诉时必填")
        }

        var status: SampleStatus?
        switch Text.comparisonKey(row[.status]) {
        case "", "有效": status = .valid
        case "已替换": status = .replaced
        default: check.report(.badChoice, .status, "样本状态「\(row[.status])」应为 有效 或 已替换（空白按有效），本行未计入")
        }

        guard !check.hasErrors, let indicator, let enterprise, let code, let town, let matter, let handled, let contact,
            let phone, let complaint, let status
        else { return nil }
        return Sample(
            week: file.week, file: file.path, line: row.line, row: row.sheetRow, submitter: submitter, indicator: indicator,
            enterprise: enterprise, code: code, town: town, matter: matter, handled: handled, contact: contact,
            phone: phone, complaint: complaint, source: source, explanation: row[.explanation], status: status,
            note: row[.note], counts: status == .valid)
    }
}
