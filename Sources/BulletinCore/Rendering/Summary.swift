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

    public var week: String
    public var issue_no: Int?
    public var period: Period
    public var report_date: String
    public var articles: [UnitArticleRow]
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
        findings = FindingCounts(errors: report.errorCount, warnings: report.warningCount)
    }

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
