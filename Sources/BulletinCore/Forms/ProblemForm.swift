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
    /// The spreadsheet row (what findings and workbooks show).
    public var row: Int
    /// The unit whose file holds the row.
    public var submitter: Int
}

/// Every accepted 问题清单 row up to the run's week, in update order (week folder, then
/// file path in code-point order, then line), with the findings of the rejected ones.
public struct ProblemReading: Sendable {
    public var records: [ProblemRecord] = []
    /// week → data rows read.
    public var rowsRead: [ISOWeek: Int] = [:]
    /// week → the units whose 问题清单 arrived that week (roster order, no repeats).
    public var submitters: [ISOWeek: [Int]] = [:]
}

/// 问题清单: problems raised (问政山东, 12345, 接诉即办, monitoring, visits) and their
/// rectification. Any roster unit may submit a list (the contract names 网信办, the 12345
/// hotline and the 镇街; see docs/decisions.md); a later row updates its problem.
public enum ProblemForm: SubmissionForm {
    /// The fold across the week's files (`ProblemRules.reading`).
    public static func fold(_ files: FormFiles<ProblemForm>, campaign: Campaign) -> ProblemReading {
        ProblemRules.reading(files, campaign: campaign)
    }

    public typealias Payload = [ProblemRecord]

    public enum Column: Int, FormColumn {
        case id, source, description, enterprise, code, unit, due, status, completed
        public var header: String {
            switch self {
            case .id: return "问题编号"
            case .source: return "问题来源"
            case .description: return "问题描述"
            case .enterprise: return "企业名称"
            case .code: return "统一社会信用代码"
            case .unit: return "责任单位"
            case .due: return "整改时限"
            case .status: return "整改状态"
            case .completed: return "完成日期"
            }
        }
    }

    public static let kind = SubmissionKind(
        folder: "问题清单", label: "问题清单", columns: Column.self,
        required: [.id, .source, .description, .unit, .due, .status], senders: "任何名册单位", schedule: .asNeeded,
        identifiers: [.id])
    public static let rejection = "本行未采用，问题保持原状态"

    public static func check(_ row: FormRow<Column>, _ context: RowContext, _ check: inout RowCheck<Column>) -> ProblemRecord? {
        ProblemRules.validate(row, context, &check)
    }
}

/// The 问题清单 rows across files, in update order.
public enum ProblemRules {
    typealias C = ProblemForm.Column

    static func reading(_ forms: FormFiles<ProblemForm>, campaign: Campaign) -> ProblemReading {
        var reading = ProblemReading()
        for week in campaign.tree.weeks {
            // The tree lists files by path in code-point order already; sort anyway, it is the contract's order.
            let files = forms.week(week).sorted { Text.codePointLess($0.file.path, $1.file.path) }
            var rows = 0
            var submitters = Set<Int>()
            for f in files {
                let (submitter, result) = (f.unit, f.result)
                guard let records = f.payload else { continue }
                submitters.insert(submitter)
                rows += result.rowsRead
                reading.records.append(contentsOf: records)
            }
            reading.rowsRead[week] = rows
            reading.submitters[week] = submitters.sorted()
        }
        return reading
    }

    /// Validates one row; returns the record when the row has no error.
    static func validate(_ row: FormRow<C>, _ context: RowContext, _ check: inout RowCheck<C>) -> ProblemRecord? {
        let roster = context.roster, plan = context.plan, file = context.file, submitter = context.submitter

        let id = check.required(.id).map(Text.comparisonKey)
        var source: ProblemSource?
        if let raw = check.required(.source) {
            source = ProblemSource(rawValue: Text.comparisonKey(raw))
            if source == nil {
                check.report(.badChoice, .source, "问题来源「\(raw)」应为 \(ProblemSource.allCases.map(\.rawValue).joined(separator: "、")) 之一，本行未采用")
            }
        }
        let description = check.required(.description)
        var code = ""
        let rawCode = row[.code]
        if !rawCode.isEmpty {
            code = check.creditCode(.code, raw: rawCode, accepted: plan.acceptedCreditCodes) ?? ""
        }
        var unit: Int?
        if let raw = check.required(.unit) {
            unit = roster.unitIndex(named: raw)
            if unit == nil {
                check.report(.unknownUnit, .unit, "责任单位「\(raw)」不在单位名册中，本行未采用；请填写名册中的全称或简称")
            }
        }
        let due = check.required(.due).flatMap { check.date(.due, raw: $0, defaultYear: plan.period.start.year) }
        var status: ProblemStatus?
        if let raw = check.required(.status) {
            status = ProblemStatus(rawValue: Text.comparisonKey(raw))
            if status == nil {
                check.report(.badChoice, .status, "整改状态「\(raw)」应为 未整改、整改中 或 已整改，本行未采用")
            }
        }
        var completed: Day?
        let rawCompleted = row[.completed]
        if status == .done {
            if rawCompleted.isEmpty {
                check.report(.missingCell, .completed, "整改状态为「已整改」但完成日期为空，本行未采用，问题保持原状态；请补填完成日期后重新报送")
            } else {
                completed = check.date(.completed, raw: rawCompleted, defaultYear: plan.period.start.year)
            }
        } else if !rawCompleted.isEmpty {
            // A date beside 未整改/整改中 is noted but does not close the problem.
            _ = check.date(.completed, raw: rawCompleted, defaultYear: plan.period.start.year)
        }
        guard !check.hasErrors, let id, let source, let description, let unit, let due, let status else { return nil }
        return ProblemRecord(
            id: id, source: source, description: description, enterprise: row[.enterprise], creditCode: code, unit: unit,
            due: due, status: status, completed: status == .done ? completed : nil, week: file.week, file: file.path,
            line: row.line, row: row.sheetRow, submitter: submitter)
    }
}
