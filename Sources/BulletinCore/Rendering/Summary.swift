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
    public struct FindingCounts: Codable, Sendable {
        public var errors: Int
        public var warnings: Int
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
    public var visits: Visits
    public var findings: FindingCounts

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
    }

    static func round4(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }

    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }
}
