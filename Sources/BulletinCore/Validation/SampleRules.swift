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
    public var findings: [Finding] = []
    /// week → data rows read.
    public var rowsRead: [ISOWeek: Int] = [:]
}

/// The rules of the contract's 样本企业汇总表 table.
public enum SampleRules {
    static let kind = SubmissionKind.samples
    static let cIndicator = 1, cEnterprise = 2, cCode = 3, cTown = 4, cMatter = 5, cHandled = 6, cContact = 7,
        cPhone = 8, cComplaint = 9, cSource = 10, cExplanation = 11, cStatus = 12, cNote = 13

    /// Reads and validates every sample list of every week folder up to the run's week.
    /// Each file is validated on its own (against the plan and report date of its week), so
    /// its findings are the same whichever week is run; which list counts is decided later.
    public static func read(_ campaign: Campaign) -> SampleReading {
        var reading = SampleReading()
        let roster = campaign.roster
        for week in campaign.tree.weeks {
            let plan = campaign.plan(for: week)
            let reportDate = plan.reportDate(of: week)
            var rows = 0
            // The tree lists a week's files by path in code-point order: the arrival order.
            for file in campaign.tree.files(of: kind, week: week) {
                guard let submitter = file.unit else { continue }
                var list = SampleList(file: file, unit: submitter, samples: [], rowsRead: 0)
                guard let data = campaign.data(of: file) else {
                    reading.lists.append(list)
                    continue
                }
                var findings: [Finding] = []
                var rowFindings: [Finding] = []
                var counted: [Int: [String: Int]] = [:]  // indicator → code → line first counted
                TableReader.read(data, kind: kind, file: file.path, unit: roster.units[submitter].name, findings: &findings) { row in
                    rows += 1
                    list.rowsRead += 1
                    guard var sample = validate(row, file: file, submitter: submitter, plan: plan, reportDate: reportDate,
                                                roster: roster, findings: &rowFindings)
                    else { return }
                    if sample.status == .valid {
                        if let first = counted[sample.indicator]?[sample.code] {
                            sample.counts = false
                            rowFindings.append(
                                Finding(
                                    code: .duplicateSample, unit: roster.units[submitter].name, file: file.path, line: row.line,
                                    column: "统一社会信用代码", value: sample.code,
                                    message: "统一社会信用代码 \(sample.code) 在指标「\(roster.indicators[sample.indicator].name)」下已于第\(first)行报送，本行不重复计入；请换成其他企业或删除本行"))
                        } else {
                            counted[sample.indicator, default: [:]][sample.code] = row.line
                        }
                    }
                    list.samples.append(sample)
                }
                reading.findings.append(contentsOf: findings + rowFindings)
                reading.lists.append(list)
            }
            reading.rowsRead[week] = rows
        }
        return reading
    }

    /// Validates one row; returns the sample when the row has no error (`counts` set from
    /// 样本状态 only; duplicates are decided by the caller).
    static func validate(
        _ row: SubmissionRow, file: SubmissionFile, submitter: Int, plan: Plan, reportDate: Day, roster: Roster,
        findings: inout [Finding]
    ) -> Sample? {
        let submitterName = roster.units[submitter].name
        var check = RowCheck(row, kind: kind, file: file.path, unit: submitterName)
        defer { findings.append(contentsOf: check.findings) }

        var indicator: Int?
        if let name = check.required(cIndicator) {
            let key = Text.comparisonKey(name)
            if let ind = roster.indicators.first(where: { Text.comparisonKey($0.name) == key }) {
                if ind.lead == submitter {
                    indicator = ind.index
                } else {
                    check.report(.foreignIndicator, cIndicator,
                           "指标「\(ind.name)」的牵头单位是\(roster.units[ind.lead].name)，不是\(submitterName)，本行未计入；样本企业由各指标牵头单位报送")
                }
            } else {
                let own = roster.indicators(ledBy: submitter).map(\.name)
                let hint = own.isEmpty ? "本单位不牵头任何指标" : "本单位牵头的指标：\(own.joined(separator: "、"))"
                check.report(.unknownIndicator, cIndicator, "指标「\(name)」不在指标名册（indicators.csv）中，本行未计入；\(hint)")
            }
        }
        let enterprise = check.required(cEnterprise)

        var code: String?
        if let raw = check.required(cCode) {
            code = check.creditCode(cCode, raw: raw, accepted: plan.acceptedCreditCodes)
        }

        var town: Int?
        if let raw = check.required(cTown) {
            town = check.town(cTown, raw: raw, roster: roster)
        }
        let matter = check.required(cMatter)

        var handled: Day?
        if let raw = check.required(cHandled), let d = check.date(cHandled, raw: raw, defaultYear: plan.period.start.year) {
            if d < plan.samplesHandledSince {
                check.report(.dateBeforeHandledSince, cHandled,
                       "办理时间 \(d) 早于样本起算日 \(plan.samplesHandledSince)，本行未计入；样本应为此后在本部门办理过业务的企业")
            } else if d > reportDate {
                check.report(.dateAfterReport, cHandled, "办理时间 \(d) 晚于本周通报日 \(reportDate)，本行未计入；请核对日期")
            } else {
                handled = d
            }
        }
        let contact = check.required(cContact)

        var phone: String?
        if let raw = check.required(cPhone) {
            phone = check.phone(cPhone, raw: raw, areaCode: plan.areaCode)
        }

        var complaint: Bool?
        if let raw = check.required(cComplaint) {
            switch Text.comparisonKey(raw) {
            case "是": complaint = true
            case "否": complaint = false
            default: check.report(.badChoice, cComplaint, "是否存在分歧或投诉「\(raw)」应为 是 或 否，本行未计入")
            }
        }
        var source: ComplaintSource?
        if complaint == true {
            if let raw = check.required(cSource, "存在分歧或投诉时必填") {
                if let s = ComplaintSource(rawValue: Text.comparisonKey(raw)) {
                    source = s
                } else {
                    check.report(.badChoice, cSource, "问题来源「\(raw)」应为 问政山东、12345热线、接诉即办 或 其他，本行未计入")
                }
            }
            _ = check.required(cExplanation, "存在分歧或投诉时必填")
        }

        var status: SampleStatus?
        switch Text.comparisonKey(row[cStatus]) {
        case "", "有效": status = .valid
        case "已替换": status = .replaced
        default: check.report(.badChoice, cStatus, "样本状态「\(row[cStatus])」应为 有效 或 已替换（空白按有效），本行未计入")
        }

        guard !check.hasErrors, let indicator, let enterprise, let code, let town, let matter, let handled, let contact,
            let phone, let complaint, let status
        else { return nil }
        return Sample(
            week: file.week, file: file.path, line: row.line, submitter: submitter, indicator: indicator,
            enterprise: enterprise, code: code, town: town, matter: matter, handled: handled, contact: contact,
            phone: phone, complaint: complaint, source: source, explanation: row[cExplanation], status: status,
            note: row[cNote], counts: status == .valid)
    }
}
