import Foundation

/// summary.json: the week's figures for other programs. Keys are stable and documented
/// in docs/outputs.md; units are in roster order.
public struct Summary: Codable, Sendable {
    public struct Period: Codable, Sendable {
        public var start: String
        public var end: String
    }
    public struct UnitArticleRow: Codable, Sendable {
        public var unit: String
        public var unit_type: String
        public var quota: Int
        public var counted: Int
        public var cumulative: Int
        public var met: Bool
        public var short_by: Int
        public var submission: String
    }
    /// One indicator's sample enterprises (附件1), in indicators.csv order.
    public struct IndicatorSampleRow: Codable, Sendable {
        public var indicator: String
        public var lead_unit: String
        public var valid: Int
        public var quota: Int
        public var met: Bool
        public var short_by: Int
        /// Valid samples marked with a dispute or complaint.
        public var complaints: Int
        /// By 问题来源: wenzheng_shandong, hotline_12345, jiesu_jiban, other (all four keys, 0 included).
        public var complaints_by_source: [String: Int]
        public var replaced: Int
        public var submission: String
    }
    public struct FindingCounts: Codable, Sendable {
        public var errors: Int
        public var warnings: Int
    }

    public struct ProblemUnitRow: Codable, Sendable {
        public var unit: String
        public var total: Int
        public var done: Int
        public var in_progress: Int
        public var open: Int
        public var overdue: Int
    }
    public struct OverdueRow: Codable, Sendable {
        public var id: String
        public var unit: String
        public var due: String
        public var days_overdue: Int
    }
    public struct Problems: Codable, Sendable {
        public var units: [ProblemUnitRow]
        public var overdue: [OverdueRow]
    }
    public struct PointRow: Codable, Sendable {
        public var unit: String
        public var week: Double
        public var cumulative: Double
        public var rank: Int
        /// nil (JSON null) in the campaign's first week.
        public var previous_rank: Int?

        enum CodingKeys: String, CodingKey { case unit, week, cumulative, rank, previous_rank }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(unit, forKey: .unit)
            try c.encode(week, forKey: .week)
            try c.encode(cumulative, forKey: .cumulative)
            try c.encode(rank, forKey: .rank)
            try c.encode(previous_rank, forKey: .previous_rank)  // null, not absent
        }
    }
    public struct VisitTown: Codable, Sendable {
        public var town: String
        public var registered: Int
        public var visited: Int
        /// visited / registered, rounded to 4 decimals.
        public var coverage: Double
        public var on_site: Int
        public var phone_only: Int
    }
    public struct VisitIndicator: Codable, Sendable {
        public var indicator: String
        public var lead_unit: String
        public var samples: Int
        public var visited: Int
    }
    public struct VisitDay: Codable, Sendable {
        public var unit: String
        public var date: String
        public var status: String
    }
    public struct VisitProblemCounts: Codable, Sendable {
        public var raised: Int
        public var resolved: Int
        public var in_progress: Int
        public var unresolvable: Int
    }
    public struct Visits: Codable, Sendable {
        public var towns: [VisitTown]
        public var indicators: [VisitIndicator]
        public var days: [VisitDay]
        public var problems: VisitProblemCounts
    }

    public var week: String
    public var issue_no: Int?
    public var period: Period
    public var report_date: String
    public var articles: [UnitArticleRow]
    public var samples: [IndicatorSampleRow]
    public var visits: Visits
    public var findings: FindingCounts
    public var problems: Problems
    public var points: [PointRow]
    /// Units with findings in the week (roster order) and their marked workbook (`退回修改/`).
    public var corrections: [CorrectionRow]
    public struct CorrectionRow: Codable, Sendable {
        public var unit: String
        public var errors: Int
        public var warnings: Int
        public var file: String
    }

    /// 重点任务 (plan.yaml `tasks`), in plan order; absent when the plan has none.
    public var tasks: [TaskRow]?
    public struct TaskRow: Codable, Sendable {
        public var name: String
        /// `2021-09-10 17:00`, or the date alone (24:00).
        public var due: String
        /// As the plan says it: a unit type, or the names joined with 、.
        public var from: String
        public var expected: Int
        public var received: Int
        public var late: Int
        /// Units with nothing received once the task is due (empty before), roster order.
        public var missing: [String]
    }

    static func taskRows(_ tasks: [TaskState], roster: Roster) -> [TaskRow]? {
        guard !tasks.isEmpty else { return nil }
        return tasks.map { t in
            TaskRow(
                name: t.task.name, due: t.task.dueText, from: t.task.from.text, expected: t.expected,
                received: t.received, late: t.late, missing: t.missing.map { roster.units[$0].name })
        }
    }

    public init(_ report: WeekReport) {
        week = report.week.description
        issue_no = report.issueNumber
        period = Period(start: report.period.start.description, end: report.period.end.description)
        report_date = report.reportDate.description
        articles = report.articles.units.map { u in
            UnitArticleRow(
                unit: report.roster.units[u.unit].name, unit_type: u.type.rawValue, quota: u.quota, counted: u.counted,
                cumulative: u.cumulative, met: u.met, short_by: u.shortBy, submission: u.submission.rawValue)
        }
        samples = report.samples.indicators.map { i in
            IndicatorSampleRow(
                indicator: report.roster.indicators[i.indicator].name, lead_unit: report.roster.units[i.lead].name,
                valid: i.valid, quota: i.quota, met: i.met, short_by: i.shortBy, complaints: i.complaints,
                complaints_by_source: Dictionary(uniqueKeysWithValues: ComplaintSource.allCases.map { ($0.key, i.complaintsBySource[$0] ?? 0) }),
                replaced: i.replaced, submission: i.submission.rawValue)
        }
        let roster = report.roster
        let v = report.visits
        visits = Visits(
            towns: v.towns.map {
                VisitTown(
                    town: roster.units[$0.town].name, registered: $0.registered, visited: $0.visited,
                    coverage: Summary.round4($0.coverage), on_site: $0.onSite, phone_only: $0.phoneOnly)
            },
            indicators: v.indicators.map {
                VisitIndicator(
                    indicator: roster.indicators[$0.indicator].name, lead_unit: roster.units[$0.lead].name,
                    samples: $0.samples, visited: $0.visited)
            },
            days: v.ledgerDays.map {
                VisitDay(unit: roster.units[$0.unit].name, date: $0.day.description, status: $0.status.rawValue)
            },
            problems: VisitProblemCounts(
                raised: v.problems.raised, resolved: v.problems.resolved, in_progress: v.problems.inProgress,
                unresolvable: v.problems.unresolvable))
        findings = FindingCounts(errors: report.errorCount, warnings: report.warningCount)
        let names = report.roster.units.map(\.name)
        problems = Problems(
            units: report.problems.units.map {
                ProblemUnitRow(
                    unit: names[$0.unit], total: $0.total, done: $0.done, in_progress: $0.inProgress, open: $0.open,
                    overdue: $0.overdue)
            },
            overdue: report.problems.overdue.map {
                OverdueRow(id: $0.id, unit: names[$0.unit], due: $0.record.due.description, days_overdue: $0.daysOverdue)
            })
        let previous = report.previous?.assessment
        points = report.assessment.units.map { u in
            PointRow(
                unit: names[u.unit], week: u.total, cumulative: u.cumulative, rank: u.rank,
                previous_rank: previous?.unit(u.unit)?.rank)
        }
        corrections = Summary.corrections(report)
        tasks = Summary.taskRows(report.tasks, roster: report.roster)
    }

    static func corrections(_ report: WeekReport) -> [CorrectionRow] {
        Corrections.counts(report).map { CorrectionRow(unit: $0.name, errors: $0.errors, warnings: $0.warnings, file: $0.outputName) }
    }

    static func round4(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }

    public func json() throws -> Data { try StableJSON.encode(self) }
}

/// JSON as every output writes it: sorted keys, pretty, unescaped slashes, a final newline —
/// the same bytes for the same values.
public enum StableJSON {
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }
}
