import Foundation
@testable import BulletinCore

/// A roster and a plan made in memory, so each form's row rule is tested row by row
/// without loading a campaign or touching a file: another district (河西区), another
/// year (2025), Thursday reports.
enum Harness {
    static let planYAML = """
        campaign: 河西区营商环境攻坚月
        office: 河西区营商环境办
        period: {start: 2025-06-02, end: 2025-06-20}
        visit_period: {start: 2025-06-03, end: 2025-06-13}
        samples_handled_since: 2025-01-01
        report_weekday: 4
        area_code: "0531"
        quotas:
          articles_per_week: {牵头单位: 3, 责任单位: 2, 镇街: 1}
          samples_per_indicator: 2
        """

    /// Units: 0 区商务局 (lead, 简称 商务局), 1 区司法局 (responsible), 2 东城街道, 3 西山镇 (towns).
    static let roster: Roster = {
        var r = Roster()
        let units: [(String, UnitType, String?)] = [
            ("区商务局", .lead, "商务局"), ("区司法局", .responsible, nil), ("东城街道", .town, nil), ("西山镇", .town, nil),
        ]
        for (i, u) in units.enumerated() {
            let unit = RosterUnit(index: i, name: u.0, type: u.1, alias: u.2)
            r.units.append(unit)
            _ = r.register(unit)
        }
        r.indicators = [Indicator(index: 0, name: "跨境贸易", lead: 0, responsible: [1])]
        r.media = [Text.comparisonKey("人民网"): .central, Text.comparisonKey("河西发布"): .district]
        r.enterprises[registered] = 2
        return r
    }()

    /// A registered enterprise of 东城街道, and one that is not registered (both valid codes).
    static let registered = code(1)
    static let unregistered = code(2)

    static func code(_ n: Int) -> String {
        let first = String(format: "9137010%010d", n)
        return first + String(CreditCode.expectedCheck(first) ?? "0")
    }

    static let week = ISOWeek("2025-W23")!

    static func plan() throws -> Plan {
        try PlanLoader.plans(base: ("plan.yaml", planYAML), overlays: [], weeks: [week]).base
    }

    static func context(_ kind: SubmissionKind, unit: Int, name: String = "f.csv", day: Day? = nil) throws -> RowContext {
        let plan = try plan()
        let file = SubmissionFile(
            week: week, kind: kind, path: "\(week)/\(kind.folder)/\(name)", pathInWeek: "\(kind.folder)/\(name)",
            stem: String(name.dropLast(4)), unit: unit, suffix: "", url: URL(fileURLWithPath: "/nonexistent"))
        return RowContext(
            file: file, submitter: unit, plan: plan, roster: roster, reportDate: plan.reportDate(of: week), day: day,
            compiled: roster.units[unit].type == .lead ? roster.compiledUnits(of: unit) : [])
    }

    /// One row through a form's rule, its cells named by the form's columns.
    static func check<F: SubmissionForm>(
        _ form: F.Type, _ cells: [F.Column: String], context: RowContext, line: Int = 2
    ) -> (record: F.Record?, spots: Set<Spot>) {
        var row = Array(repeating: "", count: F.Column.allCases.count)
        for (c, v) in cells { row[c.rawValue] = v }
        let (record, findings) = FormDriver.checkRow(form, SubmissionRow(line: line, cells: row), context)
        return (record, findings.spots)
    }
}
