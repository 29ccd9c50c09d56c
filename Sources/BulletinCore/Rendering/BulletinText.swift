import Foundation
import Mustache

/// The bulletin template's context: plain dictionaries, lists and pre-formatted strings,
/// so the office's template needs no logic. Every key is documented in docs/template.md.
public enum BulletinContext {
    public static func make(_ report: WeekReport) -> [String: Any] {
        let roster = report.roster
        let plan = report.plan
        let attachments = plan.bulletin.attachments.isEmpty ? AttachmentTitle.all : plan.bulletin.attachments
        var numbers: [String: Int] = [:]
        for (i, title) in attachments.enumerated() where numbers[title] == nil { numbers[title] = i + 1 }
        let list = Lister(limit: plan.bulletin.maxListed, numbers: numbers)
        let inCampaign = report.issueNumber != nil
        // Outside the campaign nothing is compared with the week before.
        let before: PreviousWeek? = inCampaign ? report.previous : nil
        func name(_ i: Int) -> String { roster.units[i].name }
        func unitList(_ names: [String], _ attachment: String) -> String {
            list.names(names, noun: "个单位", attachment: attachment)
        }

        let units = report.articles.units
        /// How many expected units of W−1 (as its own run saw it) match.
        func previousCount(_ match: (UnitArticles) -> Bool) -> Int? {
            before.map { p in p.articles.units.filter { $0.quota > 0 && match($0) }.count }
        }
        let expected = units.filter { $0.quota > 0 }
        let onTime = expected.filter { $0.submission == .onTime }
        let late = expected.filter { $0.submission == .late }
        let unlogged = expected.filter { $0.submission == .submitted }
        let missing = expected.filter { $0.submission == .missing }
        let submissions: [String: Any] = [
            "expected": expected.count,
            "on_time": onTime.count,
            "late": late.count,
            "unlogged": unlogged.count,
            "missing": missing.count,
            // Printed inside brackets: `等34个单位` without a nested reference.
            "late_names": list.names(late.map { name($0.unit) }, noun: "个单位", attachment: nil),
            "missing_names": list.names(missing.map { name($0.unit) }, noun: "个单位", attachment: nil),
            "unlogged_names": list.names(unlogged.map { name($0.unit) }, noun: "个单位", attachment: nil),
            "has_late": !late.isEmpty,
            "has_missing": !missing.isEmpty,
            "has_unlogged": !unlogged.isEmpty,
            "deadline": "\(report.articles.deadline.day.chineseMonthDay)\(clock(plan.articlesDeadline))",
            "on_time_change": change(onTime.count, previousCount { $0.submission == .onTime }),
            "late_change": change(late.count, previousCount { $0.submission == .late }),
            "missing_change": change(missing.count, previousCount { $0.submission == .missing }),
            "problem_lists": report.problems.submitters.count,
            "problem_list_names": unitList(report.problems.submitters.map(name), AttachmentTitle.problems),
            "has_problem_lists": !report.problems.submitters.isEmpty,
        ]

        let met = expected.filter(\.met)
        let short = expected.filter { !$0.met }.sorted {
            $0.shortBy != $1.shortBy ? $0.shortBy > $1.shortBy : $0.unit < $1.unit
        }
        let previous = inCampaign ? report.previousArticles : nil
        let totals = report.articles.totalsByLevel
        let levels: [[String: Any]] = MediaLevel.allCases.map { level in
            ["level": level.rawValue, "count": totals[level] ?? 0]
        }
        let duplicates: [[String: Any]] = report.articles.duplicates.map { d in
            [
                "unit": d.unit.map(name) ?? "",
                "title": d.title,
                "first_unit": name(d.first.unit),
                "first_week": d.first.week.description,
                // Who first reported it, as the office reads it: `区住建局（区发改局汇总）`.
                "first_by": d.first.submitter == d.first.unit
                    ? name(d.first.unit) : "\(name(d.first.unit))（\(name(d.first.submitter))汇总）",
                "first_issue": issueText(report, d.first.week),
            ]
        }
        let byType: [[String: Any]] = UnitType.allCases.compactMap { type in
            let q = plan.quota(for: type)
            guard q > 0 else { return nil }
            return ["type": type.rawValue, "quota": q]
        }
        var articles: [String: Any] = [
            "total": report.articles.total,
            "total_change": change(report.articles.total, previous?.total),
            "headlines": report.articles.articles.filter(\.headline).count,
            "levels": levels,
            "quotas": byType,
            "quota_text": byType.map { "\($0["type"] ?? "")每周不少于\($0["quota"] ?? "")篇" }.joined(separator: "、"),
            "levels_text": MediaLevel.allCases.map { "\($0.rawValue)\(totals[$0] ?? 0)篇" }.joined(separator: "、"),
            "expected": expected.count,
            "met_count": met.count,
            "met_change": change(met.count, previousCount(\.met)),
            "met_names": unitList(met.map { name($0.unit) }, AttachmentTitle.articles),
            "has_met": !met.isEmpty,
            "short_count": short.count,
            "has_short": !short.isEmpty,
            "all_met": short.isEmpty && !expected.isEmpty,
            "duplicate_count": duplicates.count,
            "has_duplicates": !duplicates.isEmpty,
            "volunteers": units.filter { $0.quota == 0 && $0.counted > 0 }.map { u -> [String: Any] in
                ["unit": name(u.unit), "counted": u.counted]
            },
        ]
        list.put(
            short.map { u -> [String: Any] in
                [
                    "unit": name(u.unit), "type": u.type.rawValue, "counted": u.counted, "quota": u.quota,
                    "short_by": u.shortBy, "submission": u.submission.rawValue,
                ]
            }, as: "short", noun: "个单位", attachment: AttachmentTitle.articles, into: &articles)
        list.put(duplicates, as: "duplicates", noun: "篇", attachment: AttachmentTitle.articles, into: &articles)
        // One line per topic (issue 23.7): who fell short and by how much, worst first.
        articles["short_text"] = list.names(
            short.map { u -> String in
                if u.submission == .missing { return "\(name(u.unit))差\(u.shortBy)篇（未报送）" }
                let late = u.submission == .late ? "，迟报" : ""
                return "\(name(u.unit))差\(u.shortBy)篇（计入\(u.counted)篇\(late)）"
            }, noun: "个单位", attachment: AttachmentTitle.articles)
        var duplicateUnits: [String] = []
        var duplicateCounts: [String: Int] = [:]
        for d in duplicates {
            let unit = d["unit"] as? String ?? ""
            if duplicateCounts[unit] == nil { duplicateUnits.append(unit) }
            duplicateCounts[unit, default: 0] += 1
        }
        articles["duplicates_text"] = list.names(
            duplicateUnits.map { "\($0.isEmpty ? "未识别单位" : $0)\(duplicateCounts[$0] ?? 0)篇" }, noun: "个单位", attachment: nil)
        articles["ref"] = list.ref(AttachmentTitle.articles)

        let samples = sampleContext(report, list)

        // 七、数据质量: per unit, most errors first. Findings without a unit (the roster, the
        // receipt log, files whose name names no unit) are the office's own input.
        var perUnit: [String: (errors: Int, warnings: Int)] = [:]
        var unitOrder: [String] = []
        var effects: [FindingEffect: Int] = [:]
        var unitEffects: [String: [FindingEffect: Int]] = [:]
        for f in report.findings {
            let key = f.unit.isEmpty ? officeInput : f.unit
            if perUnit[key] == nil { unitOrder.append(key) }
            if f.severity == .error { perUnit[key, default: (0, 0)].errors += 1 } else { perUnit[key, default: (0, 0)].warnings += 1 }
            effects[f.effect, default: 0] += 1
            unitEffects[key, default: [:]][f.effect, default: 0] += 1
        }
        let ranked = unitOrder.enumerated().sorted { a, b in
            let x = perUnit[a.element] ?? (0, 0), y = perUnit[b.element] ?? (0, 0)
            if x.errors != y.errors { return x.errors > y.errors }
            if x.warnings != y.warnings { return x.warnings > y.warnings }
            return a.offset < b.offset
        }.map(\.element)
        var quality: [String: Any] = [
            "errors": report.errorCount,
            "warnings": report.warningCount,
            // Per kind, what happened to the rows (issue 23.1): `错误3处（相关行未计入）、重复报送2处（只计首次报送）`.
            "counts_text": FindingEffect.countsText(effects, long: true),
            "has_findings": !report.findings.isEmpty,
            "unit_count": unitOrder.count,
            // The units with most errors, one line (issue 23.7); the rest in 数据问题清单.
            "top_text": ranked.prefix(3).map { "\($0)（\(FindingEffect.countsText(unitEffects[$0] ?? [:], long: false))）" }
                .joined(separator: "、"),
            "ref": list.ref(AttachmentTitle.findings),
        ]
        list.put(
            ranked.map { key -> [String: Any] in
                let c = perUnit[key] ?? (0, 0)
                return [
                    "unit": key, "errors": c.errors, "warnings": c.warnings,
                    "counts_text": FindingEffect.countsText(unitEffects[key] ?? [:], long: false),
                ]
            }, as: "units", noun: "个单位", attachment: AttachmentTitle.findings, into: &quality)

        // A week outside the campaign covers its own Monday to its report date.
        let period = inCampaign ? report.period : DayRange(start: min(report.week.monday, report.reportDate), end: report.reportDate)
        let campaignPeriod = "\(plan.period.start.chineseFull)—\(plan.period.end.chineseMonthDay)"
        // Every counted item falls inside what is printed (issue 23.4): articles count in the
        // week their list arrives, whatever their 发布日期, and a week's ledger days may start
        // before its Monday; when they reach outside the period the line names their window.
        var windows: [String] = []
        func span(_ a: Day, _ b: Day) -> String { a == b ? a.chineseMonthDay : "\(a.chineseMonthDay)至\(b.chineseMonthDay)" }
        let articleDates = report.articles.articles.map(\.date)
        if inCampaign, let first = articleDates.min(), let last = articleDates.max(), first < period.start || last > period.end {
            windows.append("计入的宣传稿件发布于\(span(first, last))")
        }
        if inCampaign, let first = report.visits.days.min(), let last = report.visits.days.max(), first < period.start || last > period.end {
            windows.append("走访台账报送日为\(span(first, last))")
        }
        let problemsPart = problemsContext(report, before: before, list)
        let visitsPart = visitContext(report, list)
        var steps: [String] = []
        let samplesMissing = samples["due"] as? Bool == true && samples["has_missing"] as? Bool == true
        if !missing.isEmpty || visitsPart["has_missed"] as? Bool == true || samplesMissing { steps.append("未报送材料的单位立即补报") }
        if samples["not_due"] as? Bool == true { steps.append("指标牵头单位于\(samples["deadline_text"] ?? "")前报送样本企业汇总表") }
        var behind: [String] = []
        if !short.isEmpty { behind.append("未完成宣传任务") }
        if samples["has_short"] as? Bool == true { behind.append("有效样本不足") }
        if visitsPart["has_below"] as? Bool == true { behind.append("走访未达目标") }
        if problemsPart["has_overdue"] as? Bool == true { behind.append("有逾期问题") }
        if !behind.isEmpty { steps.append("\(behind.joined(separator: "、"))的单位限期补齐、整改到位") }
        steps.append("各单位对照\(list.ref(AttachmentTitle.findings))改正数据问题，按时报送")
        return [
            // 七、下步要求 as one paragraph (issue 23.7): the week's demands, no names repeated
            // but those who must act.
            "next_steps": "请" + steps.joined(separator: "；请") + "。",
            "problems": problemsPart,
            "points": pointsContext(report, before: before, list),
            "has_previous": before != nil,
            "visits": visitsPart,
            "campaign": plan.campaign,
            "office": plan.office,
            "issuer": plan.issuer,
            "recipients": plan.bulletin.recipients,
            "has_recipients": !plan.bulletin.recipients.isEmpty,
            "copy_to": plan.bulletin.copyTo,
            "has_copy_to": !plan.bulletin.copyTo.isEmpty,
            "attachments": attachments.enumerated().map { i, title -> [String: Any] in
                ["no": i + 1, "title": title, "first": i == 0]
            },
            "has_attachments": !attachments.isEmpty,
            "week": report.week.description,
            "in_campaign": inCampaign,
            "outside_campaign": !inCampaign,
            "campaign_period": campaignPeriod,
            "issue_no": report.issueNumber.map(String.init) ?? "",
            "issue_text": report.issueNumber.map { "第\($0)期" } ?? "活动期外",
            "period_start": period.start.chineseFull,
            "period_end": period.end.chineseFull,
            "period_end_md": period.end.chineseMonthDay,
            "period_text": period.start == period.end
                ? period.start.chineseFull : "\(period.start.chineseFull)至\(period.end.chineseFull)",
            "period_note": windows.joined(separator: "；"),
            "has_period_note": !windows.isEmpty,
            "ref": Dictionary(uniqueKeysWithValues: [
                ("points", AttachmentTitle.points), ("samples", AttachmentTitle.samples), ("visits", AttachmentTitle.visits),
                ("articles", AttachmentTitle.articles), ("problems", AttachmentTitle.problems), ("findings", AttachmentTitle.findings),
            ].map { ($0.0, list.ref($0.1)) }),
            "report_date": report.reportDate.chineseFull,
            "submissions": submissions,
            "articles": articles,
            "samples": samples,
            "quality": quality,
            "received": receivedContext(report),
            "tasks": tasksContext(report, list),
        ]
    }

    /// 重点任务: tasks due by this week's report (this week, or overdue with units missing or
    /// files new this week), worst first; tasks due within the coming week (or not yet due
    /// with files new this week), how many have sent. A task with nothing due and nothing new
    /// is left out; with none, `has_section` is false.
    static func tasksContext(_ report: WeekReport, _ list: Lister) -> [String: Any] {
        let roster = report.roster
        let week = report.week
        let due = report.tasks.enumerated().filter { _, t in
            t.isDue && (t.pointsWeek == week || !t.missing.isEmpty || t.hasNew)
        }.sorted { a, b in
            let x = a.element, y = b.element
            if x.missing.count != y.missing.count { return x.missing.count > y.missing.count }
            if x.late != y.late { return x.late > y.late }
            return a.offset < b.offset
        }.map(\.element)
        let coming = report.tasks.filter { !$0.isDue && ($0.dueNextWeek || $0.hasNew) }
        func item(_ t: TaskState) -> [String: Any] {
            let missing = t.missing.map { roster.units[$0].name }
            let notYet = t.notYet.map { roster.units[$0].name }
            return [
                "name": t.task.name, "from": t.task.from.text, "due": t.task.dueChinese, "expected": t.expected,
                "received": t.received, "late": t.late, "has_late": t.late > 0, "missing_count": missing.count,
                "has_missing": !missing.isEmpty, "all_received": t.received == t.expected,
                "missing_names": list.names(missing, noun: "个单位", attachment: nil),
                "not_yet_count": notYet.count, "has_not_yet": !notYet.isEmpty, "none_received": t.received == 0,
                "not_yet_names": list.names(notYet, noun: "个单位", attachment: nil),
            ]
        }
        var context: [String: Any] = [
            "has_section": !due.isEmpty || !coming.isEmpty,
            "has_due": !due.isEmpty,
            "has_coming": !coming.isEmpty,
            "coming": list.items(coming.map(item), noun: "项任务", attachment: "").items,
        ]
        list.put(due.map(item), as: "due", noun: "项任务", attachment: AttachmentTitle.points, into: &context)
        return context
    }

    /// Who the bulletin names for findings that belong to no unit.
    static let officeInput = "营商环境办（名册、报送登记及命名有误的文件）"

    /// `第2期`, or the week's report date for a week outside the campaign: never an ISO code.
    static func issueText(_ report: WeekReport, _ week: ISOWeek) -> String {
        report.campaign.issueText(week)
    }

    /// What arrived in the week, per form (the bulletin of a week outside the campaign lists it).
    static func receivedContext(_ report: WeekReport) -> [[String: Any]] {
        let campaign = report.campaign
        func row(_ label: String, files: Int, units: [Int?]) -> [String: Any]? {
            guard files > 0 else { return nil }
            let senders = Set(units.compactMap { $0 }).sorted()
            let names = senders.map { campaign.roster.units[$0].name }
            return [
                "form": label, "files": files, "units": senders.count,
                "names": Lister(limit: report.plan.bulletin.maxListed).names(names, noun: "个单位", attachment: nil),
            ]
        }
        var forms = report.registry.entries.compactMap { entry -> [String: Any]? in
            let files = campaign.tree.files(of: entry.kind, week: report.week)
            return row(entry.kind.label, files: files.count, units: files.map(\.unit))
        }
        // 材料报送 (deliverables of the plan's tasks) after the forms, when any arrived.
        let deliverables = campaign.tree.deliverables.filter { $0.week == report.week }
        if let r = row(SubmissionKind.deliverables.label, files: deliverables.count, units: deliverables.map(\.unit)) {
            forms.append(r)
        }
        return Lister(limit: .max).items(forms, noun: "", attachment: "").items
    }

    /// 五、问题整改: the campaign's problems at the report date, against W−1 and the clear-by date.
    static func problemsContext(_ report: WeekReport, before previousWeek: PreviousWeek?, _ list: Lister) -> [String: Any] {
        let p = report.problems
        let before = previousWeek?.problems
        func name(_ i: Int) -> String { report.roster.units[i].name }
        let overdueUnits = p.units.filter { $0.overdue > 0 }.sorted { a, b in
            a.overdue != b.overdue ? a.overdue > b.overdue : a.unit < b.unit
        }.map(\.unit)
        // Most overdue first, then most remaining.
        let pending = p.units.filter { $0.total > $0.done }.sorted { a, b in
            if a.overdue != b.overdue { return a.overdue > b.overdue }
            if a.total - a.done != b.total - b.done { return a.total - a.done > b.total - b.done }
            return a.unit < b.unit
        }
        let overdue = p.overdue.enumerated().sorted { a, b in
            a.element.daysOverdue != b.element.daysOverdue ? a.element.daysOverdue > b.element.daysOverdue : a.offset < b.offset
        }.map(\.element)
        let daysLeft = p.daysToClearBy
        var context: [String: Any] = [
            "total": p.total,
            "total_change": change(p.total, before?.total),
            "new_count": p.problems.filter { $0.firstWeek == report.week }.count,
            "done": p.done,
            "done_change": change(p.done, before?.done),
            "in_progress": p.inProgress,
            "open": p.open,
            "remaining": p.remaining,
            "remaining_change": change(p.remaining, before?.remaining),
            "done_rate": p.total == 0 ? "—" : percent(p.done, p.total),
            "has_problems": p.total > 0,
            "cleared": p.cleared && p.total > 0,
            "not_cleared": !p.cleared,
            "clear_by": p.clearBy.chineseMonthDay,
            "days_left": max(0, daysLeft),
            "before_clear_by": daysLeft > 0,
            "on_clear_by": daysLeft == 0,
            "past_clear_by": daysLeft < 0,
            "days_past_clear_by": max(0, -daysLeft),
            "overdue_count": p.overdue.count,
            "overdue_change": change(p.overdue.count, before?.overdue.count),
            "has_overdue": !p.overdue.isEmpty,
            "overdue_unit_names": list.names(overdueUnits.map(name), noun: "个单位", attachment: AttachmentTitle.problems),
            "has_pending": !pending.isEmpty,
            "pending_names": list.names(pending.map { name($0.unit) }, noun: "个单位", attachment: AttachmentTitle.problems),
            "units": p.units.map { u -> [String: Any] in
                [
                    "unit": name(u.unit), "total": u.total, "done": u.done, "in_progress": u.inProgress, "open": u.open,
                    "overdue": u.overdue,
                ]
            },
            "by_source": ProblemSource.allCases.compactMap { source -> [String: Any]? in
                let n = p.problems.filter { $0.record.source == source }.count
                return n == 0 ? nil : ["source": source.rawValue, "count": n]
            },
            "by_source_text": ProblemSource.allCases.compactMap { source -> String? in
                let n = p.problems.filter { $0.record.source == source }.count
                return n == 0 ? nil : "\(source.rawValue)\(n)个"
            }.joined(separator: "、"),
        ]
        list.put(
            overdue.map { o -> [String: Any] in
                [
                    "id": o.id, "unit": name(o.unit), "due": o.record.due.chineseMonthDay, "status": o.record.status.rawValue,
                    "days_overdue": o.daysOverdue, "source": o.record.source.rawValue,
                ]
            }, as: "overdue", noun: "个逾期问题", attachment: AttachmentTitle.problems, into: &context)
        list.put(
            pending.map { u -> [String: Any] in
                [
                    "unit": name(u.unit), "total": u.total, "remaining": u.total - u.done, "in_progress": u.inProgress,
                    "open": u.open, "overdue": u.overdue, "has_overdue": u.overdue > 0,
                ]
            }, as: "pending", noun: "个单位", attachment: AttachmentTitle.problems, into: &context)
        context["pending_count"] = pending.count
        context["ref"] = list.ref(AttachmentTitle.problems)
        context["pending_text"] = list.names(
            pending.map { u in
                "\(name(u.unit))\(u.total - u.done)个" + (u.overdue > 0 ? "（逾期\(u.overdue)个）" : "")
            }, noun: "个单位", attachment: AttachmentTitle.problems)
        context["overdue_text"] = list.names(
            overdue.map { o in "\(o.id)（\(name(o.unit))，已逾期\(o.daysOverdue)天）" }, noun: "个逾期问题",
            attachment: AttachmentTitle.problems)
        return context
    }

    /// 六、考核得分与排名: the week's points in ranking order, 红榜 / 黑榜, risers and fallers.
    static func pointsContext(_ report: WeekReport, before previousWeek: PreviousWeek?, _ list: Lister) -> [String: Any] {
        let a = report.assessment
        let before = previousWeek?.assessment
        func name(_ i: Int) -> String { report.roster.units[i].name }
        func row(_ u: UnitPoints) -> [String: Any] {
            let previous = before?.unit(u.unit)
            return [
                "rank": u.rank, "unit": name(u.unit), "week": Points.text(u.total), "cumulative": Points.text(u.cumulative),
                "previous_rank": previous.map { String($0.rank) } ?? "—",
                "previous_week": previous.map { Points.text($0.total) } ?? "—",
                "rank_change": rankChange(now: u.rank, before: previous?.rank),
                "week_change": pointsChange(u.total, previous?.total),
                "has_rank_change": previous != nil,
                "breakdown": breakdown(u),
                "has_breakdown": !breakdown(u).isEmpty,
            ]
        }
        let rows = a.ranking.compactMap { a.unit($0) }
        let moves: [(unit: UnitPoints, by: Int)] = rows.compactMap { u in
            guard let p = before?.unit(u.unit) else { return nil }
            return (u, p.rank - u.rank)
        }
        let risers = moves.filter { $0.by > 0 }.sorted { $0.by != $1.by ? $0.by > $1.by : $0.unit.unit < $1.unit.unit }.prefix(3)
        let fallers = moves.filter { $0.by < 0 }.sorted { $0.by != $1.by ? $0.by < $1.by : $0.unit.unit < $1.unit.unit }.prefix(3)
        func move(_ m: (unit: UnitPoints, by: Int)) -> [String: Any] {
            ["unit": name(m.unit.unit), "rank": m.unit.rank, "previous_rank": m.unit.rank + m.by, "by": abs(m.by)]
        }
        func listed(_ units: [Int]) -> (items: [[String: Any]], more: String) {
            list.items(units.compactMap { a.unit($0) }.map(row), noun: "个单位", attachment: AttachmentTitle.points)
        }
        let red = listed(a.red), black = listed(a.black)
        func boardLine(_ units: [Int], breakdowns: Bool) -> String {
            list.names(
                units.compactMap { a.unit($0) }.map { u -> String in
                    // The measure the ranking orders, and for the 黑榜 what cost the points.
                    let b = breakdowns ? breakdown(u) : ""
                    let points = a.basis == .cumulative ? "累计\(Points.text(u.cumulative))分" : "\(Points.text(u.total))分"
                    return "第\(u.rank)名\(name(u.unit))（\(points)\(b.isEmpty ? "" : "：\(b)")）"
                }, noun: "个单位", attachment: AttachmentTitle.points)
        }
        func text(_ units: [Int]) -> String {
            units.compactMap { a.unit($0) }.map { "\(name($0.unit))（\(Points.text($0.total))分）" }.joined(separator: "、")
        }
        return [
            "units": rows.map(row),
            "red": red.items,
            "red_more": red.more,
            "has_red_more": !red.more.isEmpty,
            "red_text": text(a.red),
            "has_red": !a.red.isEmpty,
            "red_size": report.plan.rankingRed,
            // `前3名`, or `前3名，因得分并列共5个单位` (issue 23.5).
            "red_heading": boardHeading("前", report.plan.rankingRed, a.red.count),
            "red_line": boardLine(a.red, breakdowns: false),
            "black": black.items,
            "black_more": black.more,
            "has_black_more": !black.more.isEmpty,
            "black_text": text(a.black),
            "has_black": !a.black.isEmpty,
            "black_size": report.plan.rankingBlack,
            "black_heading": boardHeading("后", report.plan.rankingBlack, a.black.count),
            "black_line": boardLine(a.black, breakdowns: true),
            "black_text_short": boardLine(a.black, breakdowns: false),
            "ref": list.ref(AttachmentTitle.points),
            "risers": risers.map(move),
            "risers_text": risers.map { "\(name($0.unit.unit))（第\($0.unit.rank + $0.by)名→第\($0.unit.rank)名）" }.joined(separator: "、"),
            "has_risers": !risers.isEmpty,
            "fallers": fallers.map(move),
            "fallers_text": fallers.map { "\(name($0.unit.unit))（第\($0.unit.rank + $0.by)名→第\($0.unit.rank)名）" }.joined(separator: "、"),
            "has_fallers": !fallers.isEmpty,
            "has_moves": !risers.isEmpty || !fallers.isEmpty,
            "risers_short": risers.map { "\(name($0.unit.unit))（上升\($0.by)位）" }.joined(separator: "、"),
            "fallers_short": fallers.map { "\(name($0.unit.unit))（下降\(-$0.by)位）" }.joined(separator: "、"),
            "has_previous": before != nil,
            "by_cumulative": a.basis == .cumulative,
            "basis_text": a.basis == .cumulative ? "按累计得分排名" : "按本周得分排名",
        ]
    }

    /// `稿件超额+2、稿件不足-1`: the rules that gave or cost a unit points this week.
    static func breakdown(_ u: UnitPoints) -> String {
        let b = u.breakdown
        let parts: [(String, Double)] = [
            ("稿件超额", b.articleOverQuota), ("稿件不足", b.articleShort), ("未报送", b.missingSubmission),
            ("迟报", b.lateSubmission), ("问题逾期", b.problemOverdue), ("样本不足", b.indicatorShort),
            ("重点任务", b.task),
        ]
        return parts.filter { $0.1 != 0 }.map { "\($0.0)\($0.1 > 0 ? "+" : "")\(Points.text($0.1))" }.joined(separator: "、")
    }

    /// `上升2位`, `下降1位`, `持平`; "" without a previous rank.
    public static func rankChange(now: Int, before: Int?) -> String {
        guard let before else { return "" }
        if before == now { return "持平" }
        return before > now ? "上升\(before - now)位" : "下降\(now - before)位"
    }

    static func pointsChange(_ now: Double, _ before: Double?) -> String {
        guard let before else { return "" }
        let d = Points.rounded(now - before)
        if d == 0 { return "（与上周持平）" }
        return d > 0 ? "（较上周增加\(Points.text(d))分）" : "（较上周减少\(Points.text(-d))分）"
    }

    static func percent(_ part: Int, _ whole: Int) -> String {
        let tenths = (part * 1000 + whole / 2) / whole
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// 三、样本企业: no phone numbers, contacts or enterprise names — counts by indicator only.
    static func sampleContext(_ report: WeekReport, _ list: Lister) -> [String: Any] {
        let roster = report.roster
        let week = report.samples
        func indicatorName(_ i: Int) -> String { roster.indicators[i].name }
        func unitName(_ i: Int) -> String { roster.units[i].name }
        let submitted = week.indicators.filter { $0.submission == .submitted }
        let met = submitted.filter(\.met)
        // Most short first.
        let short = submitted.filter { !$0.met }.enumerated().sorted { a, b in
            a.element.shortBy != b.element.shortBy ? a.element.shortBy > b.element.shortBy : a.offset < b.offset
        }.map(\.element)
        let missing = week.indicators.filter { $0.submission == .missing }
        let notSent = week.indicators.filter { !$0.submission.isReceived }
        var missingUnits: [Int] = []
        for i in missing where !missingUnits.contains(i.lead) { missingUnits.append(i.lead) }
        let complaints = week.indicators.filter { $0.complaints > 0 }.enumerated().sorted { a, b in
            a.element.complaints != b.element.complaints ? a.element.complaints > b.element.complaints : a.offset < b.offset
        }.map { _, i -> [String: Any] in
            let bySource = ComplaintSource.allCases.compactMap { s -> String? in
                guard let n = i.complaintsBySource[s], n > 0 else { return nil }
                return "\(s.rawValue)\(n)个"
            }
            return [
                "indicator": indicatorName(i.indicator), "lead_unit": unitName(i.lead), "count": i.complaints,
                "sources_text": bySource.joined(separator: "、"),
            ]
        }
        let totalComplaints = week.indicators.reduce(0) { $0 + $1.complaints }
        let resubmissions = week.resubmissions.map { r -> [String: Any] in
            let change: String
            if r.changes.count == 1 {
                change = "有效样本由\(r.before)个变为\(r.after)个"
            } else {
                change = "有效样本" + r.changes.map { "\(indicatorName($0.indicator))由\($0.before)个变为\($0.after)个" }.joined(separator: "、")
            }
            return [
                "previous_text": issueText(report, r.previousWeek),
                "unit": unitName(r.unit), "file": r.file, "previous_file": r.previousFile,
                "previous_week": r.previousWeek.description, "before": r.before, "after": r.after, "change_text": change,
            ]
        }
        let firstSubmissions = week.firstSubmissions.map { u -> [String: Any] in
            let led = week.indicators.filter { $0.lead == u }
            return [
                "unit": unitName(u),
                "valid_text": led.map { "\(indicatorName($0.indicator))有效样本\($0.valid)个" }.joined(separator: "、"),
            ]
        }
        let leads = Set(week.indicators.map(\.lead))
        let sentLeads = Set(week.indicators.filter { $0.submission.isReceived }.map(\.lead))
        let attachment = AttachmentTitle.samples
        var context: [String: Any] = [
            "due": week.due,
            "not_due": !week.due,
            "deadline_text": week.deadline.map { "\($0.day.chineseMonthDay)\(clock($0.minutes))" } ?? "",
            "leads_expected": leads.count,
            "leads_submitted": sentLeads.count,
            "leads_missing": leads.count - sentLeads.count,
            "quota": week.quota,
            "indicators": week.indicators.count,
            "submitted_count": submitted.count,
            "has_submitted": !submitted.isEmpty,
            "total_valid": week.indicators.reduce(0) { $0 + $1.valid },
            "met_count": met.count,
            "met_names": list.names(met.map { indicatorName($0.indicator) }, noun: "个指标", attachment: attachment),
            "has_met": !met.isEmpty,
            "short_count": short.count,
            "has_short": !short.isEmpty && week.due,
            "has_early_short": !short.isEmpty && !week.due,
            "missing_count": missing.count,
            "not_sent_count": notSent.count,
            "missing_text": list.names(
                missing.map { "\(indicatorName($0.indicator))（\(unitName($0.lead))）" }, noun: "个指标", attachment: attachment),
            "missing_units": list.names(missingUnits.map(unitName), noun: "个单位", attachment: attachment),
            "has_missing": !missing.isEmpty,
            "all_met": !week.indicators.isEmpty && met.count == week.indicators.count,
            "complaint_total": totalComplaints,
            "has_complaints": totalComplaints > 0,
            "replaced_total": week.indicators.reduce(0) { $0 + $1.replaced },
            "has_resubmissions": !resubmissions.isEmpty,
            // In the week the first lists arrive, the overview above already says who sent one.
            "has_first_submissions": week.hadEarlierLists && !firstSubmissions.isEmpty,
        ]
        list.put(
            short.map { i -> [String: Any] in
                ["indicator": indicatorName(i.indicator), "lead_unit": unitName(i.lead), "valid": i.valid, "quota": i.quota, "short_by": i.shortBy]
            }, as: "short", noun: "个指标", attachment: attachment, into: &context)
        list.put(complaints, as: "complaints", noun: "个指标", attachment: attachment, into: &context)
        list.put(resubmissions, as: "resubmissions", noun: "个单位", attachment: attachment, into: &context)
        list.put(firstSubmissions, as: "first_submissions", noun: "个单位", attachment: attachment, into: &context)
        // One line per topic (issue 23.7).
        context["short_text"] = list.names(
            short.map { "\(indicatorName($0.indicator))（\(unitName($0.lead))）差\($0.shortBy)个" }, noun: "个指标", attachment: attachment)
        context["complaints_text"] = list.names(
            complaints.map { "\($0["indicator"] ?? "")\($0["count"] ?? 0)家" }, noun: "个指标", attachment: nil)
        context["complaint_indicators"] = complaints.count
        context["complaints_top"] = complaints.prefix(3).map { "\($0["indicator"] ?? "")\($0["count"] ?? 0)家" }.joined(separator: "、")
        context["resubmissions_text"] = list.names(
            resubmissions.map { "\($0["unit"] ?? "")（\($0["change_text"] ?? "")）" }, noun: "个单位", attachment: attachment)
        context["first_submissions_text"] = list.names(
            firstSubmissions.map { "\($0["unit"] ?? "")（\($0["valid_text"] ?? "")）" }, noun: "个单位", attachment: attachment)
        context["ref"] = list.ref(attachment)
        return context
    }

    /// The 企业走访 section. Units and 镇街 are named; no phone numbers or visitors' names.
    static func visitContext(_ report: WeekReport, _ list: Lister) -> [String: Any] {
        let roster = report.roster
        let v = report.visits
        func name(_ i: Int) -> String { roster.units[i].name }
        func joined(_ names: [String]) -> String { names.joined(separator: "、") }
        func pct(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }
        func days(_ items: [LedgerDay]) -> [[String: Any]] {
            var order: [Int] = []
            var byUnit: [Int: [Day]] = [:]
            for d in items {
                if byUnit[d.unit] == nil { order.append(d.unit) }
                byUnit[d.unit, default: []].append(d.day)
            }
            // Most days first, then roster order.
            return order.sorted { a, b in
                (byUnit[a]?.count ?? 0) != (byUnit[b]?.count ?? 0) ? (byUnit[a]?.count ?? 0) > (byUnit[b]?.count ?? 0) : a < b
            }.map { u in
                let days = byUnit[u] ?? []
                let text = days.count == v.days.count && days.count > 1 ? "全部\(days.count)天" : joined(days.map(\.chineseMonthDay))
                return ["unit": name(u), "days": text, "count": days.count]
            }
        }
        let late = v.ledgerDays.filter { $0.status == .late }
        let missing = v.ledgerDays.filter { $0.status == .missing }
        // Lowest coverage first.
        let belowTowns = v.belowTarget.enumerated().sorted { a, b in
            a.element.coverage != b.element.coverage ? a.element.coverage < b.element.coverage : a.offset < b.offset
        }.map(\.element)
        let below = belowTowns.map { t -> [String: Any] in
            ["town": name(t.town), "visited": t.visited, "registered": t.registered, "coverage": pct(t.coverage),
             "unvisited": t.unvisited]
        }
        let samples = v.indicators.reduce(0) { $0 + $1.samples }
        let sampled = v.indicators.reduce(0) { $0 + $1.visited }
        let reportDate = report.reportDate
        let missedList = days(missing)
        let lateList = days(late)
        let active = report.plan.visitPeriod.start <= reportDate
        let attachment = AttachmentTitle.visits
        func dayText(_ entries: [[String: Any]]) -> String {
            // Units that missed every day are named once, together (issue 23.7).
            let all = entries.filter { ($0["count"] as? Int ?? 0) == v.days.count && v.days.count > 1 }
            let some = entries.filter { ($0["count"] as? Int ?? 0) != v.days.count || v.days.count <= 1 }
            var parts: [String] = []
            if !all.isEmpty {
                parts.append(list.names(all.map { "\($0["unit"] ?? "")" }, noun: "个单位", attachment: nil) + "（全部\(v.days.count)天）")
            }
            if !some.isEmpty {
                parts.append(list.names(some.map { "\($0["unit"] ?? "")（\($0["days"] ?? "")）" }, noun: "个单位", attachment: nil))
            }
            return parts.joined(separator: "；") + (entries.count > list.limit ? "，详见\(list.ref(attachment))" : "")
        }
        var context: [String: Any] = [
            "active": active,
            "has_days": !v.days.isEmpty,
            "days_text": joined(v.days.map(\.chineseMonthDay)),
            "days_span": v.days.count > 1 ? "\(v.days.first?.chineseMonthDay ?? "")至\(v.days.last?.chineseMonthDay ?? "")" : joined(v.days.map(\.chineseMonthDay)),
            "day_count": v.days.count,
            "visit_start": report.plan.visitPeriod.start.chineseMonthDay,
            "visit_end": report.plan.visitPeriod.end.chineseMonthDay,
            "deadline": clock(report.plan.ledgerDeadline),
            "expected": v.ledgerDays.count,
            "on_time": v.ledgerDays.filter { $0.status == .onTime }.count,
            "late": late.count,
            "unlogged": v.ledgerDays.filter { $0.status == .submitted }.count,
            "missing": missing.count,
            "missed_text": dayText(missedList),
            "late_text": dayText(lateList),
            "has_missed": !missedList.isEmpty,
            "has_late": !lateList.isEmpty,
            "registered": v.registered,
            "visited": v.visited,
            "coverage": pct(v.coverage),
            "target": pct(v.target),
            "below_count": below.count,
            "below_names": list.names(belowTowns.map { name($0.town) }, noun: "个镇街", attachment: attachment),
            // Before the visits start no 镇街 is behind.
            "has_below": active && !below.isEmpty,
            "all_met": below.isEmpty && !v.towns.isEmpty,
            "period_over": v.periodOver,
            "samples": samples,
            "samples_visited": sampled,
            "samples_coverage": pct(samples == 0 ? 0 : Double(sampled) / Double(samples)),
            "has_samples": samples > 0,
            "problems": [
                "raised": v.problems.raised, "resolved": v.problems.resolved, "in_progress": v.problems.inProgress,
                "unresolvable": v.problems.unresolvable,
            ],
            "has_problems": v.problems.raised > 0,
        ]
        list.put(below, as: "below", noun: "个镇街", attachment: attachment, into: &context)
        context["below_text"] = list.names(
            below.map { "\($0["town"] ?? "")\($0["coverage"] ?? "")（尚有\($0["unvisited"] ?? 0)家未走访）" }, noun: "个镇街",
            attachment: attachment)
        context["ref"] = list.ref(attachment)
        return context
    }

    static func clock(_ minutes: Int) -> String {
        "\(minutes / 60):\(minutes % 60 < 10 ? "0" : "")\(minutes % 60)"
    }

    /// `（较上周 +3）`, `（与上周持平）`, or "" when there is no previous week.
    static func change(_ now: Int, _ before: Int?) -> String {
        guard let before else { return "" }
        let d = now - before
        if d == 0 { return "（与上周持平）" }
        return d > 0 ? "（较上周增加\(d)）" : "（较上周减少\(-d)）"
    }
}

/// Keeps the bulletin's lists short at any scale (`bulletin.max_listed`): a list names at
/// most `limit` items, worst first by its own measure, then says how many more and in
/// which attachment they are. Item lists end their last item with "。" and the others
/// with "；" (`sep`).
struct Lister {
    var limit: Int
    /// The attachments' numbers as the bulletin's 附件 list gives them (issue 23.3): a
    /// reference to one of them says `附件4《通报附表》`, the same number as the list and
    /// the file name.
    var numbers: [String: Int] = [:]

    /// `附件4《通报附表》`, or `《通报附表》` when the 附件 list does not hold it.
    func ref(_ title: String) -> String {
        numbers[title].map { "附件\($0)《\(title)》" } ?? "《\(title)》"
    }

    /// At most `limit` items, each with `sep`; `more` says what was left out.
    func items(_ all: [[String: Any]], noun: String, attachment: String) -> (items: [[String: Any]], more: String) {
        let shown = Array(all.prefix(limit))
        let items = shown.enumerated().map { i, item -> [String: Any] in
            var item = item
            item["sep"] = i == shown.count - 1 ? "。" : "；"
            return item
        }
        let rest = all.count - shown.count
        return (items, rest > 0 ? "另有\(rest)\(noun)未列出，详见\(ref(attachment))。" : "")
    }

    /// `甲、乙、丙`, or `甲、乙…等N个单位（详见《通报附表》）` past the limit (without the
    /// reference when `attachment` is nil).
    func names(_ all: [String], noun: String, attachment: String?) -> String {
        guard all.count > limit else { return all.joined(separator: "、") }
        return all.prefix(limit).joined(separator: "、") + "等\(all.count)\(noun)" + (attachment.map { "（详见\(ref($0))）" } ?? "")
    }

    /// Puts a list and its `more` line into `context` under `key`, `key_more`, `has_key_more`.
    func put(_ all: [[String: Any]], as key: String, noun: String, attachment: String, into context: inout [String: Any]) {
        let (items, more) = items(all, noun: noun, attachment: attachment)
        context[key] = items
        context["\(key)_more"] = more
        context["has_\(key)_more"] = !more.isEmpty
    }
}

/// The attachments' titles as the bulletin names them.
enum AttachmentTitle {
    static let points = "通报附表"
    static let samples = "样本企业汇总表"
    static let visits = "样本企业走访台账"
    static let articles = "宣传稿件统计表"
    static let problems = "问题整改清单"
    static let findings = "数据问题清单"
    /// The default 附件 list: 附件1–3 as the workbooks' file names number them
    /// (附件1_样本企业汇总表.xlsx …), then the other three.
    static let all = [samples, visits, articles, points, problems, findings]
}

/// A bulletin template that cannot be used. Stops the run (exit 66 when missing, 65 when malformed).
public struct TemplateError: LocalizedError, Sendable {
    public var path: String
    public var problem: String
    public var missing: Bool
    public var errorDescription: String? { "通报模板 \(path)：\(problem)" }
}

public enum BulletinRenderer {
    static func parse(_ text: String, path: String) throws -> MustacheTemplate {
        do {
            return try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text)
        } catch {
            throw TemplateError(path: path, problem: "无法解析：\(error)", missing: false)
        }
    }

    /// Renders the bulletin from the office's template. Templates are plain text: the
    /// TEXT content type keeps Mustache from HTML-escaping names and titles.
    public static func render(_ report: WeekReport, template text: String, path: String) throws -> String {
        let template = try parse(text, path: path)
        let context = BulletinContext.make(report)
        try TemplateWork.check(text, context: context, path: path)
        return clean(template.render(context))
    }

    /// A rendered template as it is written: control characters dropped, runs of blank
    /// lines collapsed to one, a final line break.
    static func clean(_ rendered: String) -> String {
        var out = rendered
        // Control characters from the roster or a submission (NUL, ESC …) never reach the
        // text a leader reads: only line breaks and tabs stay.
        if out.utf8.contains(where: { ($0 < 0x20 && $0 != 0x0A && $0 != 0x09) || $0 == 0x7F }) {
            out = String(String.UnicodeScalarView(out.unicodeScalars.filter {
                $0.value >= 0x20 && $0.value != 0x7F || $0 == "\n" || $0 == "\t"
            }))
        }
        // Collapse the blank lines left by empty sections, keep one.
        while out.contains("\n\n\n") { out = out.replacingOccurrences(of: "\n\n\n", with: "\n\n") }
        if !out.hasSuffix("\n") { out += "\n" }
        return out
    }
}
