/// Quota shortfalls of a week as findings, for `check`: a unit short of articles, a
/// missing or late list, an overdue problem. They live in the week's folder, at no line.
public enum Shortfalls {
    public static func findings(_ report: WeekReport) -> [Finding] {
        let folder = "\(report.week)/\(SubmissionKind.articles.folder)"
        var out: [Finding] = []
        for u in report.articles.units where u.quota > 0 {
            let name = report.roster.units[u.unit].name
            switch u.submission {
            case .missing:
                out.append(
                    Finding(
                        code: .missingSubmission, unit: name, file: folder, line: 0,
                        message: "本周宣传稿件统计表未报送（截止 \(report.articles.deadline)）"))
            case .late:
                out.append(
                    Finding(
                        code: .lateSubmission, unit: name, file: folder, line: 0,
                        value: u.receivedAt?.description ?? "",
                        message: "宣传稿件统计表迟报：\(u.receivedAt?.description ?? "")收到，截止 \(report.articles.deadline)"))
            default: break
            }
            if u.shortBy > 0 {
                out.append(
                    Finding(
                        code: .articlesShort, unit: name, file: folder, line: 0, value: "\(u.counted)",
                        message: "本周计入宣传稿件 \(u.counted) 篇，任务 \(u.quota) 篇，差 \(u.shortBy) 篇"))
            }
        }
        // An overdue problem is the 责任单位's shortfall (so `check --unit` shows it to that
        // unit), located at the row that gave the problem its current state.
        for p in report.problems.overdue {
            out.append(
                Finding(
                    code: .problemOverdue, unit: report.roster.units[p.unit].name, file: p.record.file, line: p.record.line,
                    column: "整改时限", value: p.record.due.description,
                    message: "问题 \(p.id) 整改时限 \(p.record.due)，截至 \(report.reportDate) 仍为「\(p.record.status.rawValue)」，已逾期 \(p.daysOverdue) 天"))
        }
        return out
    }

    /// `file:line: column: message`, leaving out what a finding does not have.
    public static func line(_ f: Finding) -> String {
        var s = f.file
        if f.line > 0 { s += ":\(f.line)" }
        s += ": "
        if !f.column.isEmpty { s += "\(f.column): " }
        return s + "[\(f.code.rawValue)] \(f.unit.isEmpty ? "" : "\(f.unit)：")\(f.message)"
    }
}
