/// Quota shortfalls of a week as findings, for `check`: a unit short of articles, a
/// missing or late list, an overdue problem. They live in the week's folder, at no line.
public enum Shortfalls {
    public static func findings(_ report: WeekReport) -> [Finding] {
        // Outside the campaign nothing is expected of anyone: no shortfall to report.
        guard report.issueNumber != nil else { return [] }
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
                    code: .problemOverdue, unit: report.roster.units[p.unit].name, file: p.record.file, line: p.record.line, row: p.record.row,
                    column: "整改时限", value: p.record.due.description,
                    message: "问题 \(p.id) 整改时限 \(p.record.due)，截至 \(report.reportDate) 仍为「\(p.record.status.rawValue)」，已逾期 \(p.daysOverdue) 天"))
        }
        out += samples(report)
        out += visitFindings(report)
        out += tasks(report)
        return out
    }

    /// 重点任务 due by the week: each unit asked that has sent nothing (`missing-submission`)
    /// or whose first file came after the due time (`late-submission`).
    static func tasks(_ report: WeekReport) -> [Finding] {
        let file = "\(report.week)/\(SubmissionKind.deliverables.folder)"
        var out: [Finding] = []
        for t in report.tasks where t.isDue {
            for u in t.units {
                let name = report.roster.units[u.unit].name
                switch u.status {
                case .missing:
                    out.append(
                        Finding(
                            code: .missingSubmission, unit: name, file: file, line: 0, value: t.task.name,
                            message: "重点任务「\(t.task.name)」未报送（完成时限 \(t.task.dueText)；请报送到「材料报送/\(name)_\(t.task.name).扩展名」）"))
                case .late:
                    out.append(
                        Finding(
                            code: .lateSubmission, unit: name, file: file, line: 0, value: t.task.name,
                            message: "重点任务「\(t.task.name)」迟报：\(u.receivedAt?.description ?? "")收到，完成时限 \(t.task.dueText)"))
                default: break
                }
            }
        }
        return out
    }

    /// Sample shortfalls, addressed to each indicator's lead unit: `missing-submission` when
    /// the unit never sent its list (once, whatever the number of its indicators), else
    /// `samples-short` per indicator short of the quota.
    static func samples(_ report: WeekReport) -> [Finding] {
        let file = "\(report.week)/\(SubmissionKind.samples.folder)"
        var out: [Finding] = []
        var missingNamed = Set<Int>()
        for i in report.samples.indicators {
            let name = report.roster.units[i.lead].name
            let indicator = report.roster.indicators[i.indicator].name
            if i.submission == .missing {
                guard missingNamed.insert(i.lead).inserted else { continue }
                let led = report.roster.indicators(ledBy: i.lead).map(\.name).joined(separator: "、")
                out.append(
                    Finding(
                        code: .missingSubmission, unit: name, file: file, line: 0,
                        message: "样本企业汇总表（附件1）尚未报送：牵头指标「\(led)」每个需有效样本不少于 \(i.quota) 个"))
            } else if i.isShort {
                out.append(
                    Finding(
                        code: .samplesShort, unit: name, file: file, line: 0, value: indicator,
                        message: "指标「\(indicator)」有效样本 \(i.valid) 个，任务 \(i.quota) 个，差 \(i.shortBy) 个；请补报后重新报送完整的样本企业汇总表"))
            }
        }
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

    /// `file:line: column: message`, leaving out what a finding does not have; the line is
    /// the physical one (for editors), followed by the Excel/WPS row when they differ.
    public static func line(_ f: Finding) -> String {
        var s = f.file
        if f.line > 0 { s += ":\(f.line)" }
        s += ": "
        if f.row > 0 && f.row != f.line { s += "（第\(f.row)行）" }
        if !f.column.isEmpty { s += "\(f.column): " }
        return s + "[\(f.code.rawValue)] \(f.unit.isEmpty ? "" : "\(f.unit)：")\(f.message)"
    }
}
