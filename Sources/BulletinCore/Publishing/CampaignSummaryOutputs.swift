import Foundation
import XlsxWriter

/// 总结/summary.json: the campaign so far for other programs. Keys are documented in
/// docs/outputs.md ("总结/"); units in roster order.
public struct CampaignSummaryJSON: Codable, Sendable {
    /// The campaign's start and end, as in a week's summary.json.
    public typealias Period = Summary.Period
    public struct Week: Codable, Sendable {
        public var week: String
        public var issue_no: Int
        public var report_date: String
    }
    public struct Articles: Codable, Sendable {
        public var total: Int
        public var headlines: Int
        /// central (中央级), provincial (省级), city (市级), district (区级): all four keys.
        public var by_level: [String: Int]
    }
    public struct Unit: Codable, Sendable {
        public var unit: String
        public var unit_type: String
        /// Week → that week's points, as its own summary.json gives them.
        public var weeks: [String: Double]
        public var total: Double
        public var rank: Int
        public var articles: Articles
        public var weeks_unmet: Int
        public var late: Int
        public var missing: Int
        public var overdue: Int
        public var red: Bool
        public var black: Bool
    }
    public struct ProblemUnit: Codable, Sendable {
        public var unit: String
        public var total: Int
        public var done: Int
        public var remaining: Int
        public var overdue: Int
        /// 问题编号 of the unit's problems not 已整改, in code-point order.
        public var remaining_ids: [String]
    }
    public struct Problems: Codable, Sendable {
        public var total: Int
        public var done: Int
        public var remaining: Int
        public var overdue: Int
        public var clear_by: String
        /// reached / missed / pending.
        public var clearance: String
        /// 清零 reached by `problems_clear_by`.
        public var cleared: Bool
        public var cleared_late: Int
        public var units: [ProblemUnit]
    }
    public struct Sample: Codable, Sendable {
        public var indicator: String
        public var lead_unit: String
        public var valid: Int
        public var quota: Int
        public var met: Bool
        public var short_by: Int
        public var submission: String
    }
    public struct Visit: Codable, Sendable {
        public var town: String
        public var registered: Int
        public var visited: Int
        public var coverage: Double
        public var target: Double
        public var met: Bool
    }
    public struct VisitPeriod: Codable, Sendable {
        public var start: String
        public var end: String
        public var over: Bool
    }

    public var campaign: Period
    public var as_of: String
    public var final: Bool
    public var weeks: [Week]
    public var articles: Articles
    public var units: [Unit]
    public var problems: Problems
    public var samples: [Sample]
    public var visit_period: VisitPeriod
    public var visits: [Visit]
    /// 重点任务 at the last report date, each unit's final standing; absent without tasks.
    public var tasks: [Task]?
    public struct Task: Codable, Sendable {
        public var name: String
        public var due: String
        public var from: String
        /// Unit → 按时 / 迟报 / 已报送 / 未报送 / 未到时限, every unit the task asks.
        public var units: [String: String]
        public var expected: Int
        public var received: Int
        public var late: Int
        public var missing: [String]
    }

    static func levels(_ byLevel: [MediaLevel: Int]) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: MediaLevel.allCases.map { level in
            let key: String
            switch level {
            case .central: key = "central"
            case .provincial: key = "provincial"
            case .city: key = "city"
            case .district: key = "district"
            }
            return (key, byLevel[level] ?? 0)
        })
    }

    public init(_ s: CampaignSummary) {
        let names = s.roster.units.map(\.name)
        let plan = s.plan
        campaign = Period(start: plan.period.start.description, end: plan.period.end.description)
        as_of = s.asOf.description
        final = s.isFinal
        weeks = s.weeks.map { Week(week: $0.week.description, issue_no: $0.issueNumber, report_date: $0.reportDate.description) }
        var allLevels: [MediaLevel: Int] = [:]
        for u in s.units { for (l, n) in u.articlesByLevel { allLevels[l, default: 0] += n } }
        articles = Articles(
            total: s.units.reduce(0) { $0 + $1.articles }, headlines: s.units.reduce(0) { $0 + $1.headlines },
            by_level: Self.levels(allLevels))
        let red = Set(s.red), black = Set(s.black)
        let columns = s.weeks.map(\.week.description)
        units = s.units.map { u in
            Unit(
                unit: names[u.unit], unit_type: u.type.rawValue,
                weeks: Dictionary(uniqueKeysWithValues: zip(columns, u.weekly)), total: u.total, rank: u.rank,
                articles: Articles(total: u.articles, headlines: u.headlines, by_level: Self.levels(u.articlesByLevel)),
                weeks_unmet: u.weeksUnmet, late: u.late, missing: u.missing, overdue: u.overdue,
                red: red.contains(u.unit), black: black.contains(u.unit))
        }
        let p = s.problems
        problems = Problems(
            total: p.total, done: p.done, remaining: p.remaining, overdue: p.overdue.count,
            clear_by: s.clearBy.description,
            clearance: { switch s.clearance { case .reached: "reached"; case .missed: "missed"; case .pending: "pending" } }(),
            cleared: s.clearance == .reached, cleared_late: s.clearedLate,
            units: p.units.map { u in
                ProblemUnit(
                    unit: names[u.unit], total: u.total, done: u.done, remaining: u.total - u.done, overdue: u.overdue,
                    remaining_ids: p.problems.filter { $0.unit == u.unit && $0.record.status != .done }.map(\.id))
            })
        samples = s.samples.map { i in
            Sample(
                indicator: s.roster.indicators[i.indicator].name, lead_unit: names[i.lead], valid: i.valid, quota: i.quota,
                met: i.met, short_by: i.shortBy, submission: i.submission.rawValue)
        }
        visit_period = VisitPeriod(
            start: plan.visitPeriod.start.description, end: plan.visitPeriod.end.description, over: s.visitPeriodOver)
        tasks = s.tasks.isEmpty ? nil : s.tasks.map { t in
            Task(
                name: t.task.name, due: t.task.dueText, from: t.task.from.text,
                units: Dictionary(uniqueKeysWithValues: t.units.map { (names[$0.unit], $0.status.rawValue) }),
                expected: t.expected, received: t.received, late: t.late, missing: t.missing.map { names[$0] })
        }
        visits = s.towns.map { t in
            Visit(
                town: names[t.town], registered: t.registered, visited: t.visited, coverage: Summary.round4(t.coverage),
                target: s.visitTarget, met: t.coverage >= s.visitTarget)
        }
    }

    public func json() throws -> Data { try StableJSON.encode(self) }
}

/// 总结/manifest.json: what the summary was computed from and what it wrote.
public struct SummaryManifest: Codable, Sendable {
    public var tool: String
    public var version: String
    /// `总结`.
    public var folder: String
    /// The campaign weeks summed up.
    public var weeks: [String]
    public var final: Bool
    /// The plan files in force for the last week, in the order they apply.
    public var plan: [String]
    /// The 活动总结 template used, as located.
    public var template: String
    /// Input path → SHA-256: every input of the last week (earlier weeks' files included)
    /// and the template.
    public var inputs: [String: String]
    /// Output file name → SHA-256.
    public var outputs: [String: String]

    public func json() throws -> Data { try StableJSON.encode(self) }
}

extension AttachmentWorkbooks {
    /// The footer every page of 考核结果表 prints: `第 1 页 共 3 页`, centred.
    static let pageFooter = Worksheet.pageNumberFooter

    /// 考核结果表.xlsx: 考核结果 (one row per unit in roster order: each week's points, the
    /// total, the rank, articles, weeks 未完成, files late and missing, overdue problems;
    /// 红榜 green, 黑榜 red) and 累计得分走势 (cumulative points per week in ranking order and a
    /// line chart of them — every unit, or the top and bottom five when there are more than
    /// ten). Written in normal mode so the chart carries cached values.
    @discardableResult
    public static func writeAssessmentResults(_ s: CampaignSummary, to url: URL, created: Int) throws -> WorkbookStats {
        let roster = s.roster
        let workbook = try Workbook(path: url.path, creationTime: created, constantMemory: false)
        let issues = s.weeks.map { "第\($0.issueNumber)期" }
        let span = issues.isEmpty ? "" : issues.count == 1 ? issues[0] : "\(issues[0])—\(issues[issues.count - 1])"
        let subtitle = s.isFinal
            ? "活动期：\(s.plan.period.start.chineseFull)—\(s.plan.period.end.chineseFull)（\(span)，最终结果）"
            : "截至\(s.asOf.chineseFull)（\(span)；活动于\(s.plan.period.end.chineseFull)结束）"
        let red = Set(s.red), black = Set(s.black)
        var spec = TableSheetSpec(
            name: "考核结果", title: "\(s.plan.campaign)考核结果表", subtitle: subtitle,
            columns: [
                TableColumn(header: "序号", minWidth: 5), TableColumn(header: "单位名称", minWidth: 14),
                TableColumn(header: "单位类型"),
            ] + issues.map { TableColumn(header: $0) } + [
                TableColumn(header: "累计得分"), TableColumn(header: "名次", minWidth: 5), TableColumn(header: "稿件计入"),
            ] + MediaLevel.allCases.map { TableColumn(header: $0.rawValue) } + [
                TableColumn(header: "头版头条"), TableColumn(header: "未完成期数"), TableColumn(header: "迟报（份）"),
                TableColumn(header: "未报送（份）"), TableColumn(header: "期末未整改问题"), TableColumn(header: "逾期问题"),
                TableColumn(header: "榜单"),
            ],
            footer: pageFooter)
        // 重点任务 columns only where the plan has tasks.
        let hasTasks = !s.tasks.isEmpty || !s.plan.tasks.isEmpty
        let taskAt = spec.columns.count - 2
        if hasTasks {
            spec.columns.insert(contentsOf: [TableColumn(header: "重点任务迟报"), TableColumn(header: "重点任务未报送")], at: taskAt)
        }
        let rows = s.units.enumerated().map { i, u -> XlsxWriter.TableRow in
            let board = red.contains(u.unit) ? "红榜" : (black.contains(u.unit) ? "黑榜" : "")
            var cells: [CellValue] =
                [.integer(i + 1), .text(roster.units[u.unit].name), .text(u.type.rawValue)]
                + u.weekly.map { .number($0) }
                + [.number(u.total), .integer(u.rank), .integer(u.articles)]
                + MediaLevel.allCases.map { .integer(u.articlesByLevel[$0] ?? 0) }
                + [
                    .integer(u.headlines), .integer(u.weeksUnmet), .integer(u.late), .integer(u.missing),
                    .integer(u.problemsRemaining), .integer(u.overdue),
                    .text(board),
                ]
            if hasTasks { cells.insert(contentsOf: [.integer(u.tasksLate), .integer(u.tasksMissing)], at: taskAt) }
            return XlsxWriter.TableRow(cells: cells, tone: board == "红榜" ? .good : (board == "黑榜" ? .shortfall : .normal))
        }
        _ = try workbook.writeTable(spec, rows: rows)

        // 累计得分走势: the chart's data, in ranking order, so the top and bottom five are
        // the first and last rows.
        let trend = TableSheetSpec(
            name: "累计得分走势", title: "\(s.plan.campaign)各单位累计得分走势", subtitle: subtitle,
            columns: [
                TableColumn(header: "名次", minWidth: 5), TableColumn(header: "单位名称", minWidth: 14),
            ] + issues.map { TableColumn(header: $0) },
            footer: pageFooter)
        let trendRows = s.ranking.map { i -> XlsxWriter.TableRow in
            let u = s.units[i]
            return XlsxWriter.TableRow(
                cells: [.integer(u.rank), .text(roster.units[i].name)] + u.cumulative.map { .number($0) },
                tone: red.contains(i) ? .good : (black.contains(i) ? .shortfall : .normal))
        }
        let sheet = try workbook.writeTableSheet(trend, rows: trendRows)
        if !trendRows.isEmpty && !issues.isEmpty {
            // Title, subtitle and header take rows 0–2; the weeks are columns 2… of the header.
            let shown = trendRows.count > 10 ? Array(0..<5) + Array(trendRows.count - 5..<trendRows.count) : Array(trendRows.indices)
            let lastCol = 2 + issues.count - 1
            try sheet.insertLineChart(
                LineChart(
                    title: trendRows.count > 10 ? "累计得分走势（前5名与后5名）" : "各单位累计得分走势",
                    categoryAxisTitle: "期数", valueAxisTitle: "累计得分",
                    categories: ChartRange(sheet: trend.name, firstRow: 2, firstCol: 2, lastRow: 2, lastCol: lastCol),
                    series: shown.map { r in
                        LineChart.Series(
                            name: roster.units[s.ranking[r]].name,
                            values: ChartRange(sheet: trend.name, firstRow: 3 + r, firstCol: 2, lastRow: 3 + r, lastCol: lastCol))
                    },
                    widthScale: 2, heightScale: 1.6),
                row: 3, col: lastCol + 2)
        }
        return try workbook.close()
    }
}

/// What `OutputWriter.writeSummary` did.
public struct WrittenSummary: Sendable {
    /// `<output>/总结`.
    public var url: URL
    /// The 活动总结 text as written to 活动总结.txt, for a .docx writer to lay out.
    public var text: String
    public var outputs: [OutputTiming]
}

extension OutputWriter {
    public static let summaryFolder = "总结"
    public static let summaryTextFile = "活动总结.txt"
    public static let resultsWorkbook = "考核结果表.xlsx"
    public static let summaryDocx = "活动总结.docx"

    /// The 活动总结 text from the template's bytes: the value 活动总结.txt holds.
    static func summaryText(_ summary: CampaignSummary, template data: Data, path: String) throws -> String {
        try CampaignSummaryRenderer.render(summary, template: TemplateLocator.text(of: data, path: path), path: path)
    }

    /// Writes `output/总结/` — 考核结果表.xlsx, 活动总结.txt, summary.json and manifest.json —
    /// through a staging folder swapped into place, like a week. The workbook's creation time
    /// is the last summed-up week's report date, so the same inputs give the same bytes.
    @discardableResult
    public static func writeSummary(
        _ summary: CampaignSummary, to output: URL, template: TemplateSource, jobs: Int = Parallel.defaultJobs,
        checkpoint: ((SwapStep) -> Void)? = nil
    ) throws -> WrittenSummary {
        let (final, written) = try replaceFolder(summaryFolder, in: output, checkpoint: checkpoint) { staging in
            // Read once: the text and the manifest's digest come from the same bytes.
            let templateData = try template.data()
            let text = try summaryText(summary, template: templateData, path: template.displayPath)
            let created = summary.asOf.chinaMidnightUnixTime
            // The 公文 look of the weekly bulletin (templates/周通报样式.docx beside the template).
            let skeleton = try DocxSkeleton.locate(near: template)
            let plan = summary.campaign.plan
            let issuer = plan.issuer
            let tasks = [
                Task(name: resultsWorkbook) { try AttachmentWorkbooks.writeAssessmentResults(summary, to: $0, created: created) },
                Task.file(summaryTextFile) { Data(text.utf8) },
                Task.docx(summaryDocx, Once { text }, skeleton: skeleton, title: "\(plan.campaign)工作总结", issuer: issuer, date: summary.asOf),
                Task.file("summary.json") { try CampaignSummaryJSON(summary).json() },
            ]
            let timings = try runTasks(tasks, in: staging, jobs: jobs)
            var inputs = summary.inputDigests
            inputs[template.displayPath] = Digest.sha256(templateData)
            if let digest = skeleton.digest { inputs[skeleton.displayPath] = digest }
            let manifest = SummaryManifest(
                tool: "bulletin", version: BulletinVersion.string, folder: summaryFolder,
                weeks: summary.weeks.map(\.week.description), final: summary.isFinal, plan: summary.campaign.planFiles,
                template: template.displayPath, inputs: inputs, outputs: try digests(of: staging))
            try OutputFile.write(try manifest.json(), to: staging.appendingPathComponent("manifest.json"))
            return (text, timings)
        }
        return WrittenSummary(url: final, text: written.0, outputs: written.1)
    }
}
