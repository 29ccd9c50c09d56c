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

    public var week: String
    public var issue_no: Int?
    public var period: Period
    public var report_date: String
    public var articles: [UnitArticleRow]
    public var samples: [IndicatorSampleRow]
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
        samples = report.samples.indicators.map { i in
            IndicatorSampleRow(
                indicator: report.roster.indicators[i.indicator].name, lead_unit: report.roster.units[i.lead].name,
                valid: i.valid, quota: i.quota, met: i.met, short_by: i.shortBy, complaints: i.complaints,
                complaints_by_source: Dictionary(uniqueKeysWithValues: ComplaintSource.allCases.map { ($0.key, i.complaintsBySource[$0] ?? 0) }),
                replaced: i.replaced, submission: i.submission.rawValue)
        }
        findings = FindingCounts(errors: report.errorCount, warnings: report.warningCount)
    }

    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }
}
