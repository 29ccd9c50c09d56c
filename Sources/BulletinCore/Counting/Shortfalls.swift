/// Quota shortfalls of a week as findings, for `check`: a unit short of articles, a
/// missing or late list. They live in the week's folder, at no line.
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
        out.append(contentsOf: visitFindings(report))
        return out
    }

    /// Ledger days missed or late, and 镇街 below the coverage target (an error once the
    /// visit period is over, a warning while it runs).
    static func visitFindings(_ report: WeekReport) -> [Finding] {
        let folder = "\(report.week)/\(SubmissionKind.ledger.folder)"
        let v = report.visits
        var out: [Finding] = []
        for d in v.ledgerDays {
            let name = report.roster.units[d.unit].name
            switch d.status {
            case .missing:
                out.append(
                    Finding(
                        code: .missingSubmission, unit: name, file: folder, line: 0, value: d.day.description,
                        message: "\(d.day.chineseMonthDay)走访台账未报送（应为 \(name)_\(d.day).csv，截止 \(d.deadline)）"))
            case .late:
                out.append(
                    Finding(
                        code: .lateSubmission, unit: name, file: folder, line: 0, value: d.day.description,
                        message: "\(d.day.chineseMonthDay)走访台账迟报：\(d.receivedAt?.description ?? "")收到，截止 \(d.deadline)"))
            default: break
            }
        }
        guard report.plan.visitPeriod.start <= report.reportDate else { return out }
        for t in v.belowTarget {
            out.append(
                Finding(
                    code: .visitsShort, severity: v.periodOver ? .error : .warning, unit: report.roster.units[t.town].name,
                    file: folder, line: 0, value: "\(t.visited)/\(t.registered)",
                    message: "在册企业\(t.registered)家，已走访\(t.visited)家（\(String(format: "%.1f%%", t.coverage * 100))），尚有\(t.unvisited)家未走访，目标覆盖率\(String(format: "%.1f%%", v.target * 100))"))
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
