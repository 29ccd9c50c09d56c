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

        var perUnit: [String: (errors: Int, warnings: Int)] = [:]
        var unitOrder: [String] = []
        for f in report.findings {
            let key = f.unit.isEmpty ? "（未识别单位的文件）" : f.unit
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
            "quality": quality,
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
    /// Renders the bulletin from the office's template. Templates are plain text: the
    /// TEXT content type keeps Mustache from HTML-escaping names and titles.
    public static func render(_ report: WeekReport, template text: String, path: String) throws -> String {
        let template: MustacheTemplate
        do {
            template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text)
        } catch {
            throw TemplateError(path: path, problem: "无法解析：\(error)", missing: false)
        }
        var out = template.render(BulletinContext.make(report))
        // Collapse the blank lines left by empty sections, keep one.
        while out.contains("\n\n\n") { out = out.replacingOccurrences(of: "\n\n\n", with: "\n\n") }
        if !out.hasSuffix("\n") { out += "\n" }
        return out
    }
}
