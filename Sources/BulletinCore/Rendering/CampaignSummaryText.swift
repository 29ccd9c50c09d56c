import Foundation
import Mustache

/// The 活动总结 template's context: plain dictionaries, lists and pre-formatted strings
/// (docs/template.md, "活动总结"). Units and 镇街 are named; no contact, phone, visitor or
/// enterprise name and no 问题描述 — a problem is named by its 问题编号.
public enum CampaignSummaryContext {
    /// How many units the text names at the top and the bottom of the final ranking.
    public static let rankingListed = 5

    /// 重点任务: each task's final standing by unit — 按时, 迟报, 已报送 (no logged time),
    /// 未报送 — and, before its due date, who has not sent yet.
    static func tasksContext(_ s: CampaignSummary) -> [String: Any] {
        let roster = s.roster
        func names(_ t: TaskState, _ statuses: Set<SubmissionStatus>) -> [String] {
            t.units.filter { statuses.contains($0.status) }.map { roster.units[$0.unit].name }
        }
        let items = s.tasks.map { t -> [String: Any] in
            let onTime = names(t, [.onTime]), late = names(t, [.late]), unlogged = names(t, [.submitted])
            let missing = names(t, [.missing]), notDue = names(t, [.notDue])
            return [
                "name": t.task.name, "from": t.task.from.text, "due": t.task.dueChinese, "expected": t.expected,
                "on_time": onTime.count, "late": late.count, "unlogged": unlogged.count, "missing": missing.count,
                "on_time_names": onTime.joined(separator: "、"), "late_names": late.joined(separator: "、"),
                "unlogged_names": unlogged.joined(separator: "、"), "missing_names": missing.joined(separator: "、"),
                "not_due_names": notDue.joined(separator: "、"),
                "has_on_time": !onTime.isEmpty, "has_late": !late.isEmpty, "has_unlogged": !unlogged.isEmpty,
                "has_missing": !missing.isEmpty, "has_not_due": !notDue.isEmpty,
            ]
        }
        return ["has_tasks": !items.isEmpty, "items": items, "count": items.count]
    }

    public static func make(_ s: CampaignSummary) -> [String: Any] {
        let roster = s.roster
        let plan = s.plan
        func name(_ i: Int) -> String { roster.units[i].name }
        func joined(_ parts: [String]) -> String { parts.joined(separator: "、") }
        func pct(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }

        // 宣传
        var byLevel: [MediaLevel: Int] = [:]
        for u in s.units { for (l, n) in u.articlesByLevel { byLevel[l, default: 0] += n } }
        let unmet = s.units.filter { $0.weeksUnmet > 0 }.sorted {
            $0.weeksUnmet != $1.weeksUnmet ? $0.weeksUnmet > $1.weeksUnmet : $0.unit < $1.unit
        }
        let expectedUnits = s.units.filter { u in u.weeksUnmet > 0 || plan.quota(for: u.type) > 0 }
        let articles: [String: Any] = [
            "total": s.units.reduce(0) { $0 + $1.articles },
            "headlines": s.units.reduce(0) { $0 + $1.headlines },
            "levels": MediaLevel.allCases.map { ["level": $0.rawValue, "count": byLevel[$0] ?? 0] as [String: Any] },
            "levels_text": joined(MediaLevel.allCases.map { "\($0.rawValue)\(byLevel[$0] ?? 0)篇" }),
            "expected_units": expectedUnits.count,
            "unmet": unmet.map { ["unit": name($0.unit), "weeks": $0.weeksUnmet] as [String: Any] },
            "unmet_count": unmet.count,
            "unmet_text": joined(unmet.map { "\(name($0.unit))（\($0.weeksUnmet)期）" }),
            "has_unmet": !unmet.isEmpty,
            "late_total": s.units.reduce(0) { $0 + $1.late },
            "missing_total": s.units.reduce(0) { $0 + $1.missing },
        ]

        // 报送
        let missed = s.units.filter { $0.missing > 0 }.sorted { $0.missing != $1.missing ? $0.missing > $1.missing : $0.unit < $1.unit }
        let late = s.units.filter { $0.late > 0 }.sorted { $0.late != $1.late ? $0.late > $1.late : $0.unit < $1.unit }
        let submissions: [String: Any] = [
            "late_total": s.units.reduce(0) { $0 + $1.late },
            "missing_total": s.units.reduce(0) { $0 + $1.missing },
            "late_text": joined(late.map { "\(name($0.unit))（\($0.late)份）" }),
            "missing_text": joined(missed.map { "\(name($0.unit))（\($0.missing)份）" }),
            "has_late": !late.isEmpty,
            "has_missing": !missed.isEmpty,
        ]

        // 样本企业
        let short = s.samples.filter { !$0.met }
        let samples: [String: Any] = [
            "indicators": s.samples.count,
            "quota": s.sampleQuota,
            "total_valid": s.samples.reduce(0) { $0 + $1.valid },
            "met_count": s.samples.filter(\.met).count,
            "all_met": !s.samples.isEmpty && short.isEmpty,
            "has_short": !short.isEmpty,
            "short_count": short.count,
            "short": short.map { i -> [String: Any] in
                [
                    "indicator": roster.indicators[i.indicator].name, "lead_unit": name(i.lead), "valid": i.valid,
                    "quota": i.quota, "short_by": i.shortBy, "submitted": i.submission == .submitted,
                ]
            },
            "short_text": joined(short.map { i in
                let what = i.submission == .missing ? "未报送" : "有效样本\(i.valid)个，差\(i.shortBy)个"
                return "\(roster.indicators[i.indicator].name)（\(name(i.lead))，\(what)）"
            }),
        ]

        // 企业走访
        let registered = s.towns.reduce(0) { $0 + $1.registered }
        let visited = s.towns.reduce(0) { $0 + $1.visited }
        let below = s.towns.filter { $0.coverage < s.visitTarget }
        var visits: [String: Any] = [
            "visit_start": plan.visitPeriod.start.chineseFull,
            "visit_end": plan.visitPeriod.end.chineseFull,
            "period_over": s.visitPeriodOver,
            "registered": registered,
            "visited": visited,
            "coverage": pct(registered == 0 ? 1 : Double(visited) / Double(registered)),
            "target": pct(s.visitTarget),
            "has_towns": !s.towns.isEmpty,
            "below_count": below.count,
            "below_text": joined(below.map { "\(name($0.town))（\(pct($0.coverage))）" }),
            "has_below": !below.isEmpty,
            "all_met": below.isEmpty && !s.towns.isEmpty,
        ]
        // 镇街 lowest coverage first, at most `bulletin.max_listed`, the last ending with 。.
        let towns = s.towns.enumerated().sorted { a, b in
            a.element.coverage != b.element.coverage ? a.element.coverage < b.element.coverage : a.offset < b.offset
        }.map(\.element)
        Lister(limit: plan.bulletin.maxListed).put(
            towns.map { t -> [String: Any] in
                [
                    "town": name(t.town), "registered": t.registered, "visited": t.visited, "unvisited": t.unvisited,
                    "coverage": pct(t.coverage), "met": t.coverage >= s.visitTarget,
                ]
            }, as: "towns", noun: "个镇街", attachment: AttachmentTitle.visits, into: &visits)

        // 问题整改
        let p = s.problems
        let remainingUnits = p.units.filter { $0.total > $0.done }
        let remaining = remainingUnits.map { u -> [String: Any] in
            let ids = p.problems.filter { $0.unit == u.unit && $0.record.status != .done }.map(\.id)
            return [
                "unit": name(u.unit), "remaining": u.total - u.done, "overdue": u.overdue, "ids": joined(ids),
            ]
        }
        let problems: [String: Any] = [
            "total": p.total,
            "done": p.done,
            "remaining": p.remaining,
            "overdue_count": p.overdue.count,
            "done_rate": p.total == 0 ? "—" : BulletinContext.percent(p.done, p.total),
            "has_problems": p.total > 0,
            "clear_by": s.clearBy.chineseFull,
            "clearance": s.clearance.rawValue,
            "reached": s.clearance == .reached,
            "missed": s.clearance == .missed,
            "pending": s.clearance == .pending,
            "cleared_late": s.clearedLate,
            "has_cleared_late": s.clearedLate > 0,
            "remaining_units": remaining,
            "remaining_text": joined(remaining.map { "\($0["unit"] ?? "")（\($0["remaining"] ?? 0)个：\($0["ids"] ?? "")）" }),
            "has_remaining": !remaining.isEmpty,
        ]

        // 考核排名
        func row(_ i: Int) -> [String: Any] {
            let u = s.units[i]
            return ["rank": u.rank, "unit": name(i), "type": u.type.rawValue, "total": Points.text(u.total)]
        }
        func text(_ list: [Int]) -> String { joined(list.map { "\(name($0))（\(Points.text(s.units[$0].total))分）" }) }
        // 问责 for problems not cleared: each unit with the figures 考核结果表 shows for it
        // (期末未整改问题, 逾期问题) and the deadline it missed (the plan's 清零时限). A unit
        // named for 问责 (here or on the 黑榜) is never proposed for 表扬 as well.
        let unrectified = s.clearance == .missed ? remainingUnits.map(\.unit) : []
        let accountable = Set(unrectified).union(s.black)
        let praised = s.red.filter { !accountable.contains($0) }
        let withheld = s.red.filter { accountable.contains($0) }
        let unrectifiedText = joined(unrectified.map { u -> String in
            let row = s.units[u]
            return "\(name(u))（期末未整改问题\(row.problemsRemaining)个，其中逾期\(row.overdue)个）"
        })
        let n = min(rankingListed, s.ranking.count / 2)
        let top = Array(s.ranking.prefix(n)), bottom = Array(s.ranking.suffix(n))
        let remainingNames = remainingUnits.map { name($0.unit) }
        let ranking: [String: Any] = [
            "units": s.ranking.map(row),
            "top": top.map(row),
            "top_text": joined(top.map { "第\(s.units[$0].rank)名\(name($0))（\(Points.text(s.units[$0].total))分）" }),
            "bottom": bottom.map(row),
            "bottom_text": joined(bottom.map { "第\(s.units[$0].rank)名\(name($0))（\(Points.text(s.units[$0].total))分）" }),
            "listed": n,
            "has_ranking": n > 0,
            "red": praised.map(row),
            "red_text": text(praised),
            "has_red": !praised.isEmpty,
            "red_board_text": text(s.red),
            "red_heading": boardHeading("前", plan.rankingRed, s.red.count),
            "withheld_text": joined(withheld.map(name)),
            "has_withheld": !withheld.isEmpty,
            "black": s.black.map(row),
            "black_text": text(s.black),
            "has_black": !s.black.isEmpty,
            "black_heading": boardHeading("后", plan.rankingBlack, s.black.count),
            // 整改不到位: units with problems still not 已整改 once the clear-by date has passed,
            // each with its figures from 考核结果表.
            "unrectified_names": s.clearance == .missed ? joined(remainingNames) : "",
            "unrectified_text": unrectifiedText,
            "has_unrectified": !unrectified.isEmpty,
        ]

        let issues = s.weeks.map(\.issueNumber)
        return [
            "campaign": plan.campaign,
            "office": plan.office,
            "as_of": s.asOf.chineseFull,
            "is_final": s.isFinal,
            "period_start": plan.period.start.chineseFull,
            "period_end": plan.period.end.chineseFull,
            "weeks_count": s.weeks.count,
            "first_issue": issues.first.map(String.init) ?? "—",
            "last_issue": issues.last.map(String.init) ?? "—",
            "unit_count": s.units.count,
            "articles": articles,
            "submissions": submissions,
            "tasks": tasksContext(s),
            "samples": samples,
            "visits": visits,
            "problems": problems,
            "ranking": ranking,
        ]
    }
}

/// `前3名`, or `前3名，因得分并列共5个单位` when ties put more units on the board.
func boardHeading(_ side: String, _ size: Int, _ count: Int) -> String {
    count > size ? "\(side)\(size)名，因得分并列共\(count)个单位" : "\(side)\(size)名"
}

public enum CampaignSummaryRenderer {
    /// The 活动总结 text from the office's template, as `OutputWriter` writes it to
    /// 总结/活动总结.txt (and a .docx writer may lay it out): control characters dropped,
    /// runs of blank lines collapsed, a final line break.
    public static func render(_ summary: CampaignSummary, template text: String, path: String) throws -> String {
        let context = CampaignSummaryContext.make(summary)
        try TemplateWork.check(text, context: context, path: path)
        var out = BulletinRenderer.clean(try BulletinRenderer.parse(text, path: path).render(context))
        // The template's opening comment leaves an empty first line: the text starts at its title.
        while out.hasPrefix("\n") { out.removeFirst() }
        return out
    }
}
