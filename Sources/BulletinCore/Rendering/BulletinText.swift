import Foundation
import Mustache

/// The bulletin template's context: plain dictionaries, lists and pre-formatted strings,
/// so the office's template needs no logic. Every key is documented in docs/template.md.
public enum BulletinContext {
    public static func make(_ report: WeekReport) -> [String: Any] {
        let roster = report.roster
        let plan = report.plan
        func name(_ i: Int) -> String { roster.units[i].name }
        func joined(_ names: [String]) -> String { names.joined(separator: "、") }

        let units = report.articles.units
        /// How many expected units of W−1 (as its own run saw it) match.
        func previousCount(_ match: (UnitArticles) -> Bool) -> Int? {
            report.previous.map { p in p.articles.units.filter { $0.quota > 0 && match($0) }.count }
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
            "late_names": joined(late.map { name($0.unit) }),
            "missing_names": joined(missing.map { name($0.unit) }),
            "has_late": !late.isEmpty,
            "has_missing": !missing.isEmpty,
            "deadline": "\(report.articles.deadline.day.chineseMonthDay)\(clock(plan.articlesDeadline))",
            "on_time_change": change(onTime.count, previousCount { $0.submission == .onTime }),
            "late_change": change(late.count, previousCount { $0.submission == .late }),
            "missing_change": change(missing.count, previousCount { $0.submission == .missing }),
            "problem_lists": report.problems.submitters.count,
            "problem_list_names": joined(report.problems.submitters.map(name)),
            "has_problem_lists": !report.problems.submitters.isEmpty,
        ]

        let met = expected.filter(\.met)
        let short = expected.filter { !$0.met }.sorted {
            $0.shortBy != $1.shortBy ? $0.shortBy > $1.shortBy : $0.unit < $1.unit
        }
        let previous = report.previousArticles
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
                "first_issue": report.campaign.plan(for: d.first.week).issueNumber(of: d.first.week)
                    .map { "第\($0)期" } ?? d.first.week.description,
            ]
        }
        let byType: [[String: Any]] = UnitType.allCases.compactMap { type in
            let q = plan.quota(for: type)
            guard q > 0 else { return nil }
            return ["type": type.rawValue, "quota": q]
        }
        let articles: [String: Any] = [
            "total": report.articles.total,
            "total_change": change(report.articles.total, previous?.total),
            "headlines": report.articles.articles.filter(\.headline).count,
            "levels": levels,
            "quotas": byType,
            "quota_text": joined(byType.map { "\($0["type"] ?? "")每周不少于\($0["quota"] ?? "")篇" }),
            "levels_text": joined(MediaLevel.allCases.map { "\($0.rawValue)\(totals[$0] ?? 0)篇" }),
            "expected": expected.count,
            "met_count": met.count,
            "met_change": change(met.count, previousCount(\.met)),
            "met_names": joined(met.map { name($0.unit) }),
            "has_met": !met.isEmpty,
            "short_count": short.count,
            "short": short.map { u -> [String: Any] in
                [
                    "unit": name(u.unit), "type": u.type.rawValue, "counted": u.counted, "quota": u.quota,
                    "short_by": u.shortBy, "submission": u.submission.rawValue,
                ]
            },
            "has_short": !short.isEmpty,
            "all_met": short.isEmpty && !expected.isEmpty,
            "duplicates": duplicates,
            "duplicate_count": duplicates.count,
            "has_duplicates": !duplicates.isEmpty,
            "volunteers": units.filter { $0.quota == 0 && $0.counted > 0 }.map { u -> [String: Any] in
                ["unit": name(u.unit), "counted": u.counted]
            },
        ]

        let samples = sampleContext(report)

        var perUnit: [String: (errors: Int, warnings: Int)] = [:]
        var unitOrder: [String] = []
        for f in report.findings {
            let key = f.unit.isEmpty ? "营商环境办（名册、报送登记）" : f.unit
            if perUnit[key] == nil { unitOrder.append(key) }
            if f.severity == .error { perUnit[key, default: (0, 0)].errors += 1 } else { perUnit[key, default: (0, 0)].warnings += 1 }
        }
        let quality: [String: Any] = [
            "errors": report.errorCount,
            "warnings": report.warningCount,
            "has_findings": !report.findings.isEmpty,
            "units": unitOrder.map { key -> [String: Any] in
                let c = perUnit[key] ?? (0, 0)
                return ["unit": key, "errors": c.errors, "warnings": c.warnings]
            },
        ]

        return [
            "problems": problemsContext(report),
            "points": pointsContext(report),
            "has_previous": report.previous != nil,
            "visits": visitContext(report),
            "campaign": plan.campaign,
            "office": plan.office,
            "week": report.week.description,
            "issue_no": report.issueNumber.map(String.init) ?? "—",
            "period_start": report.period.start.chineseFull,
            "period_end": report.period.end.chineseFull,
            "period_end_md": report.period.end.chineseMonthDay,
            "report_date": report.reportDate.chineseFull,
            "submissions": submissions,
            "articles": articles,
            "samples": samples,
            "quality": quality,
        ]
    }

    /// 五、问题整改: the campaign's problems at the report date, against W−1 and the clear-by date.
    static func problemsContext(_ report: WeekReport) -> [String: Any] {
        let p = report.problems
        let before = report.previous?.problems
        func name(_ i: Int) -> String { report.roster.units[i].name }
        let overdueUnits = p.units.filter { $0.overdue > 0 }.map(\.unit)
        let pending = p.units.filter { $0.total > $0.done }
        let daysLeft = p.daysToClearBy
        return [
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
            "overdue_unit_names": overdueUnits.map(name).joined(separator: "、"),
            "overdue": p.overdue.map { o -> [String: Any] in
                [
                    "id": o.id, "unit": name(o.unit), "due": o.record.due.chineseMonthDay, "status": o.record.status.rawValue,
                    "days_overdue": o.daysOverdue, "source": o.record.source.rawValue,
                ]
            },
            "pending": pending.map { u -> [String: Any] in
                [
                    "unit": name(u.unit), "total": u.total, "remaining": u.total - u.done, "in_progress": u.inProgress,
                    "open": u.open, "overdue": u.overdue, "has_overdue": u.overdue > 0,
                ]
            },
            "has_pending": !pending.isEmpty,
            "pending_names": pending.map { name($0.unit) }.joined(separator: "、"),
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
    }

    /// 六、考核得分与排名: the week's points in ranking order, 红榜 / 黑榜, risers and fallers.
    static func pointsContext(_ report: WeekReport) -> [String: Any] {
        let a = report.assessment
        let before = report.previous?.assessment
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
        func listed(_ units: [Int]) -> [[String: Any]] { units.compactMap { a.unit($0) }.map(row) }
        func text(_ units: [Int]) -> String {
            units.compactMap { a.unit($0) }.map { "\(name($0.unit))（\(Points.text($0.total))分）" }.joined(separator: "、")
        }
        return [
            "units": rows.map(row),
            "red": listed(a.red),
            "red_text": text(a.red),
            "has_red": !a.red.isEmpty,
            "red_size": report.plan.rankingRed,
            "black": listed(a.black),
            "black_text": text(a.black),
            "has_black": !a.black.isEmpty,
            "black_size": report.plan.rankingBlack,
            "risers": risers.map(move),
            "risers_text": risers.map { "\(name($0.unit.unit))（第\($0.unit.rank + $0.by)名→第\($0.unit.rank)名）" }.joined(separator: "、"),
            "has_risers": !risers.isEmpty,
            "fallers": fallers.map(move),
            "fallers_text": fallers.map { "\(name($0.unit.unit))（第\($0.unit.rank + $0.by)名→第\($0.unit.rank)名）" }.joined(separator: "、"),
            "has_fallers": !fallers.isEmpty,
            "has_previous": before != nil,
        ]
    }

    /// `稿件超额+2、稿件不足-1`: the rules that gave or cost a unit points this week.
    static func breakdown(_ u: UnitPoints) -> String {
        let b = u.breakdown
        let parts: [(String, Double)] = [
            ("稿件超额", b.articleOverQuota), ("稿件不足", b.articleShort), ("未报送", b.missingSubmission),
            ("迟报", b.lateSubmission), ("问题逾期", b.problemOverdue), ("样本不足", b.indicatorShort),
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
    static func sampleContext(_ report: WeekReport) -> [String: Any] {
        let roster = report.roster
        let week = report.samples
        func indicatorName(_ i: Int) -> String { roster.indicators[i].name }
        func unitName(_ i: Int) -> String { roster.units[i].name }
        let submitted = week.indicators.filter { $0.submission == .submitted }
        let met = submitted.filter(\.met)
        let short = submitted.filter { !$0.met }
        let missing = week.indicators.filter { $0.submission == .missing }
        var missingUnits: [Int] = []
        for i in missing where !missingUnits.contains(i.lead) { missingUnits.append(i.lead) }
        let complaints = week.indicators.filter { $0.complaints > 0 }.map { i -> [String: Any] in
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
            let issue = report.campaign.plan(for: r.previousWeek).issueNumber(of: r.previousWeek)
            let previousText = issue.map { "第\($0)期（\(r.previousWeek)）" } ?? r.previousWeek.description
            return [
                "previous_text": previousText,
                "unit": unitName(r.unit), "file": r.file, "previous_file": r.previousFile,
                "previous_week": r.previousWeek.description, "before": r.before, "after": r.after, "change_text": change,
            ]
        }
        let leads = Set(week.indicators.map(\.lead))
        return [
            "leads_expected": leads.count,
            "leads_submitted": leads.count - missingUnits.count,
            "leads_missing": missingUnits.count,
            "quota": week.quota,
            "indicators": week.indicators.count,
            "submitted_count": submitted.count,
            "has_submitted": !submitted.isEmpty,
            "total_valid": week.indicators.reduce(0) { $0 + $1.valid },
            "met_count": met.count,
            "met_names": met.map { indicatorName($0.indicator) }.joined(separator: "、"),
            "has_met": !met.isEmpty,
            "short_count": short.count,
            "short": short.map { i -> [String: Any] in
                ["indicator": indicatorName(i.indicator), "lead_unit": unitName(i.lead), "valid": i.valid, "quota": i.quota, "short_by": i.shortBy]
            },
            "has_short": !short.isEmpty,
            "missing_count": missing.count,
            "missing": missing.map { i -> [String: Any] in
                ["indicator": indicatorName(i.indicator), "lead_unit": unitName(i.lead)]
            },
            "missing_text": missing.map { "\(indicatorName($0.indicator))（\(unitName($0.lead))）" }.joined(separator: "、"),
            "missing_units": missingUnits.map(unitName).joined(separator: "、"),
            "has_missing": !missing.isEmpty,
            "all_met": !week.indicators.isEmpty && met.count == week.indicators.count,
            "complaint_total": totalComplaints,
            "complaints": complaints,
            "has_complaints": totalComplaints > 0,
            "replaced_total": week.indicators.reduce(0) { $0 + $1.replaced },
            "resubmissions": resubmissions,
            "has_resubmissions": !resubmissions.isEmpty,
            "first_submissions": week.firstSubmissions.map { u -> [String: Any] in
                let led = week.indicators.filter { $0.lead == u }
                return [
                    "unit": unitName(u),
                    "valid_text": led.map { "\(indicatorName($0.indicator))\($0.valid)个" }.joined(separator: "、"),
                ]
            },
            // In the week the first lists arrive, the overview above already says who sent one.
            "has_first_submissions": week.hadEarlierLists && !week.firstSubmissions.isEmpty,
        ]
    }

    /// The 企业走访 section. Units and 镇街 are named; no phone numbers or visitors' names.
    static func visitContext(_ report: WeekReport) -> [String: Any] {
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
            return order.map { u in
                let list = byUnit[u] ?? []
                let text = list.count == v.days.count && list.count > 1 ? "全部\(list.count)天" : joined(list.map(\.chineseMonthDay))
                return ["unit": name(u), "days": text, "count": list.count]
            }
        }
        let late = v.ledgerDays.filter { $0.status == .late }
        let missing = v.ledgerDays.filter { $0.status == .missing }
        let below = v.belowTarget.map { t -> [String: Any] in
            ["town": name(t.town), "visited": t.visited, "registered": t.registered, "coverage": pct(t.coverage),
             "unvisited": t.unvisited]
        }
        let samples = v.indicators.reduce(0) { $0 + $1.samples }
        let sampled = v.indicators.reduce(0) { $0 + $1.visited }
        let reportDate = report.reportDate
        let missedList = days(missing)
        let lateList = days(late)
        return [
            "active": report.plan.visitPeriod.start <= reportDate,
            "has_days": !v.days.isEmpty,
            "days_text": joined(v.days.map(\.chineseMonthDay)),
            "day_count": v.days.count,
            "visit_start": report.plan.visitPeriod.start.chineseMonthDay,
            "visit_end": report.plan.visitPeriod.end.chineseMonthDay,
            "deadline": clock(report.plan.ledgerDeadline),
            "expected": v.ledgerDays.count,
            "on_time": v.ledgerDays.filter { $0.status == .onTime }.count,
            "late": late.count,
            "unlogged": v.ledgerDays.filter { $0.status == .submitted }.count,
            "missing": missing.count,
            "missed_units": missedList,
            "missed_text": joined(missedList.map { "\($0["unit"] ?? "")（\($0["days"] ?? "")）" }),
            "late_text": joined(lateList.map { "\($0["unit"] ?? "")（\($0["days"] ?? "")）" }),
            "has_missed": !missedList.isEmpty,
            "late_units": lateList,
            "has_late": !lateList.isEmpty,
            "registered": v.registered,
            "visited": v.visited,
            "coverage": pct(v.coverage),
            "target": pct(v.target),
            "below": below,
            "below_count": below.count,
            "below_names": joined(v.belowTarget.map { name($0.town) }),
            "has_below": !below.isEmpty,
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
        return clean(template.render(BulletinContext.make(report)))
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
