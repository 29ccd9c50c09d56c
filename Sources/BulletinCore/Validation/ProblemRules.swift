import Foundation

/// Where a problem came from (问题来源 of the 问题清单).
public enum ProblemSource: String, Sendable, CaseIterable, Codable, Hashable {
    case wenzheng = "问政山东"
    case hotline = "12345热线"
    case jiesu = "接诉即办"
    case monitoring = "常态化监测"
    case visit = "走访发现"
}

/// 整改状态.
public enum ProblemStatus: String, Sendable, CaseIterable, Codable, Hashable {
    case open = "未整改"
    case inProgress = "整改中"
    case done = "已整改"
}

/// One accepted (error-free) row of a 问题清单: the state it gives its problem.
public struct ProblemRecord: Sendable, Hashable {
    public var id: String
    public var source: ProblemSource
    public var description: String
    public var enterprise: String
    public var creditCode: String
    /// The 责任单位 (roster index).
    public var unit: Int
    public var due: Day
    public var status: ProblemStatus
    /// 完成日期; set only when 已整改.
    public var completed: Day?
    public var week: ISOWeek
    public var file: String
    public var line: Int
    /// The unit whose file holds the row.
    public var submitter: Int
}

/// Every accepted 问题清单 row up to the run's week, in update order (week folder, then
/// file path in code-point order, then line), with the findings of the rejected ones.
public struct ProblemReading: Sendable {
    public var records: [ProblemRecord] = []
    public var findings: [Finding] = []
    /// week → data rows read.
    public var rowsRead: [ISOWeek: Int] = [:]
    /// week → the units whose 问题清单 arrived that week (roster order, no repeats).
    public var submitters: [ISOWeek: [Int]] = [:]
}

/// The rules of the contract's 问题清单 table. Any roster unit may submit a list (the
/// contract names 网信办, the 12345 hotline and the 镇街; see docs/decisions.md).
public enum ProblemRules {
    static let kind = SubmissionKind.problems
    static let cID = 0, cSource = 1, cDescription = 2, cEnterprise = 3, cCode = 4, cUnit = 5, cDue = 6, cStatus = 7,
        cCompleted = 8

    public static func read(_ campaign: Campaign) -> ProblemReading {
        var reading = ProblemReading()
        let roster = campaign.roster
        for week in campaign.tree.weeks {
            let plan = campaign.plan(for: week)
            // The tree lists files by path in code-point order already; sort anyway, it is the contract's order.
            let files = campaign.tree.files(of: kind, week: week).sorted { Text.codePointLess($0.path, $1.path) }
            var rows = 0
            var submitters = Set<Int>()
            for file in files {
                guard let submitter = file.unit else { continue }
                submitters.insert(submitter)
                guard let data = campaign.data(of: file) else { continue }
                var findings: [Finding] = []
                var rowFindings: [Finding] = []
                TableReader.read(data, kind: kind, file: file.path, unit: roster.units[submitter].name, findings: &findings) {
                    row in
                    rows += 1
                    if let record = validate(row, file: file, submitter: submitter, plan: plan, roster: roster, findings: &rowFindings) {
                        reading.records.append(record)
                    }
                }
                reading.findings.append(contentsOf: findings + rowFindings)
            }
            reading.rowsRead[week] = rows
            reading.submitters[week] = submitters.sorted()
        }
        return reading
    }

    /// Validates one row; returns the record when the row has no error.
    static func validate(
        _ row: SubmissionRow, file: SubmissionFile, submitter: Int, plan: Plan, roster: Roster, findings: inout [Finding]
    ) -> ProblemRecord? {
        let submitterName = roster.units[submitter].name
        var check = RowCheck(row, kind: kind, file: file.path, unit: submitterName, rejection: "本行未采用，问题保持原状态")
        defer { findings.append(contentsOf: check.findings) }

        let id = check.required(cID).map(Text.comparisonKey)
        var source: ProblemSource?
        if let raw = check.required(cSource) {
            source = ProblemSource(rawValue: Text.comparisonKey(raw))
            if source == nil {
                check.report(.badChoice, cSource, "问题来源「\(raw)」应为 \(ProblemSource.allCases.map(\.rawValue).joined(separator: "、")) 之一，本行未采用")
            }
        }
        let description = check.required(cDescription)
        var code = ""
        let rawCode = row[cCode]
        if !rawCode.isEmpty {
            code = check.creditCode(cCode, raw: rawCode, accepted: plan.acceptedCreditCodes) ?? ""
        }
        var unit: Int?
        if let raw = check.required(cUnit) {
            unit = roster.unitIndex(named: raw)
            if unit == nil {
                check.report(.unknownUnit, cUnit, "责任单位「\(raw)」不在单位名册中，本行未采用；请填写名册中的全称或简称")
            }
        }
        let due = check.required(cDue).flatMap { check.date(cDue, raw: $0, defaultYear: plan.period.start.year) }
        var status: ProblemStatus?
        if let raw = check.required(cStatus) {
            status = ProblemStatus(rawValue: Text.comparisonKey(raw))
            if status == nil {
                check.report(.badChoice, cStatus, "整改状态「\(raw)」应为 未整改、整改中 或 已整改，本行未采用")
            }
        }
        var completed: Day?
        let rawCompleted = row[cCompleted]
        if status == .done {
            if rawCompleted.isEmpty {
                check.report(.missingCell, cCompleted, "整改状态为「已整改」但完成日期为空，本行未采用，问题保持原状态；请补填完成日期后重新报送")
            } else {
                completed = check.date(cCompleted, raw: rawCompleted, defaultYear: plan.period.start.year)
            }
        } else if !rawCompleted.isEmpty {
            // A date beside 未整改/整改中 is noted but does not close the problem.
            _ = check.date(cCompleted, raw: rawCompleted, defaultYear: plan.period.start.year)
        }
        guard !check.hasErrors, let id, let source, let description, let unit, let due, let status else { return nil }
        return ProblemRecord(
            id: id, source: source, description: description, enterprise: row[cEnterprise], creditCode: code, unit: unit,
            due: due, status: status, completed: status == .done ? completed : nil, week: file.week, file: file.path,
            line: row.line, submitter: submitter)
    }
}
