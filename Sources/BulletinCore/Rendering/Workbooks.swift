import Foundation
import XlsxWriter

/// The attachment workbooks, as layouts (data) handed to the generic table writer.
public enum AttachmentWorkbooks {
    static func periodLine(_ report: WeekReport) -> String {
        "统计周期：\(report.period.start.chineseFull)—\(report.period.end.chineseFull)（\(report.issueNumber.map { "第\($0)期" } ?? "活动期外")）"
    }

    /// The 走访明细 subtitle: the dates of the visits it lists (not the bulletin's period).
    static func visitDatesLine(_ visits: VisitWeek) -> String {
        var first: Day?, last: Day?
        for i in visits.detail {
            let day = visits.reading.visits[Int(i)].date
            if first.map({ day < $0 }) ?? true { first = day }
            if last.map({ day > $0 }) ?? true { last = day }
        }
        guard let first, let last else { return "本期没有走访记录" }
        let range = first == last ? first.chineseFull : "\(first.chineseFull)—\(last.chineseFull)"
        return "走访日期：\(range)，共\(visits.detail.count)条"
    }

    /// `附件3　`: the workbook's number in the bulletin's 附件 list, before its first sheet's
    /// title, so the file name, the list and the title agree (issue 23.3); "" when the office's
    /// list does not hold it.
    static func attachmentLabel(_ report: WeekReport, _ title: String) -> String {
        let list = report.plan.bulletin.attachments.isEmpty ? AttachmentTitle.all : report.plan.bulletin.attachments
        return list.firstIndex(of: title).map { "附件\($0 + 1)　" } ?? ""
    }

    /// `；计入稿件发布于9月4日至9月10日` when the articles counted this week were published
    /// outside the period (they count in the week their list arrives; issue 23.4).
    static func articleDatesNote(_ report: WeekReport) -> String {
        let dates = report.articles.articles.map(\.date)
        guard let first = dates.min(), let last = dates.max(), first < report.period.start || last > report.period.end else { return "" }
        return "；计入稿件发布于\(first == last ? first.chineseMonthDay : "\(first.chineseMonthDay)至\(last.chineseMonthDay)")"
    }

    /// 附件3_宣传稿件统计表.xlsx: 稿件明细 and 完成情况.
    @discardableResult
    public static func writeArticles(_ report: WeekReport, to url: URL, created: Int) throws -> WorkbookStats {
        let roster = report.roster
        let workbook = try Workbook(path: url.path, creationTime: created)
        let detail = TableSheetSpec(
            name: "稿件明细", title: "\(attachmentLabel(report, AttachmentTitle.articles))\(report.plan.campaign)宣传稿件统计表",
            subtitle: periodLine(report) + articleDatesNote(report),
            columns: [
                TableColumn(header: "序号", minWidth: 5), TableColumn(header: "单位名称", minWidth: 12),
                TableColumn(header: "单位类型"), TableColumn(header: "稿件标题", minWidth: 30, maxWidth: 60),
                TableColumn(header: "发布媒体", minWidth: 10), TableColumn(header: "媒体级别"),
                TableColumn(header: "发布日期", minWidth: 11), TableColumn(header: "链接", minWidth: 20, maxWidth: 40),
                TableColumn(header: "是否头版头条"), TableColumn(header: "报送单位", minWidth: 10),
                TableColumn(header: "备注", maxWidth: 30, wrap: true), TableColumn(header: "报送文件及行号", minWidth: 16, maxWidth: 36),
            ])
        let articles = report.articles.articles.sorted { a, b in
            if a.unit != b.unit { return a.unit < b.unit }
            if a.date != b.date { return a.date < b.date }
            if a.file != b.file { return Text.codePointLess(a.file, b.file) }
            return a.line < b.line
        }
        let detailRows = articles.enumerated().lazy.map { i, a in
            XlsxWriter.TableRow(
                cells: [
                    .integer(i + 1), .text(roster.units[a.unit].name), .text(roster.units[a.unit].type.rawValue),
                    .text(a.title), .text(a.medium), .text(a.level.rawValue), .text(a.date.description),
                    .link(url: a.link, text: a.link), .text(a.headline ? "是" : "否"),
                    .text(roster.units[a.submitter].name), .text(a.note), .text("\(a.file):\(a.row)"),
                ],
                tone: a.headline ? .note : .normal)
        }
        _ = try workbook.writeTable(detail, rows: detailRows)

        let summary = TableSheetSpec(
            name: "完成情况", title: "\(report.plan.campaign)宣传稿件完成情况", subtitle: periodLine(report),
            columns: [
                TableColumn(header: "序号", minWidth: 5), TableColumn(header: "单位名称", minWidth: 14),
                TableColumn(header: "单位类型"), TableColumn(header: "本周任务数"), TableColumn(header: "本周计入"),
                TableColumn(header: "差额"), TableColumn(header: "是否完成"), TableColumn(header: "累计计入"),
            ] + MediaLevel.allCases.map { TableColumn(header: $0.rawValue) } + [
                TableColumn(header: "头版头条"), TableColumn(header: "报送情况"), TableColumn(header: "收到时间", minWidth: 16),
            ])
        let summaryRows = report.articles.units.enumerated().map { i, u in
            let tone: RowTone =
                u.submission == .missing || u.shortBy > 0 ? .shortfall : (u.submission == .late ? .warning : .normal)
            let cells: [CellValue] =
                [
                    .integer(i + 1), .text(roster.units[u.unit].name), .text(u.type.rawValue), .integer(u.quota),
                    .integer(u.counted), .integer(u.shortBy), .text(u.quota == 0 ? "—" : (u.met ? "是" : "否")),
                    .integer(u.cumulative),
                ] + MediaLevel.allCases.map { .integer(u.byLevel[$0] ?? 0) } + [
                    .integer(u.headlines), .text(u.submission.rawValue), .text(u.receivedAt?.description ?? ""),
                ]
            return XlsxWriter.TableRow(cells: cells, tone: tone)
        }
        _ = try workbook.writeTable(summary, rows: summaryRows)
        return try workbook.close()
    }

    /// 附件1_样本企业汇总表.xlsx: 样本明细 (the valid samples that count, by indicator) and
    /// 指标汇总 (one row per indicator). The office's internal attachment: the normalised
    /// 联系电话 is printed here, never in the bulletin text.
    @discardableResult
    public static func writeSamples(_ report: WeekReport, to url: URL, created: Int) throws -> WorkbookStats {
        let roster = report.roster
        let week = report.samples
        let workbook = try Workbook(path: url.path, creationTime: created)
        let detail = TableSheetSpec(
            name: "样本明细", title: "\(attachmentLabel(report, AttachmentTitle.samples))\(report.plan.campaign)样本企业汇总表", subtitle: periodLine(report),
            columns: [
                TableColumn(header: "序号", minWidth: 5), TableColumn(header: "指标名称", minWidth: 10),
                TableColumn(header: "牵头单位", minWidth: 12), TableColumn(header: "企业名称", minWidth: 20, maxWidth: 40),
                TableColumn(header: "统一社会信用代码", minWidth: 20), TableColumn(header: "所属镇街", minWidth: 8),
                TableColumn(header: "办理事项", minWidth: 12, maxWidth: 30), TableColumn(header: "办理时间", minWidth: 11),
                TableColumn(header: "联系人"), TableColumn(header: "联系电话", minWidth: 13),
                TableColumn(header: "是否存在分歧或投诉"), TableColumn(header: "问题来源", minWidth: 10),
                TableColumn(header: "情况说明", minWidth: 16, maxWidth: 40, wrap: true), TableColumn(header: "备注", maxWidth: 30, wrap: true),
                TableColumn(header: "报送文件及行号", minWidth: 16, maxWidth: 50),
            ])
        let detailRows = week.samples.enumerated().lazy.map { i, s in
            XlsxWriter.TableRow(
                cells: [
                    .integer(i + 1), .text(roster.indicators[s.indicator].name), .text(roster.units[s.submitter].name),
                    .text(s.enterprise), .text(s.code), .text(roster.units[s.town].name), .text(s.matter),
                    .text(s.handled.description), .text(s.contact), .text(s.phone), .text(s.complaint ? "是" : "否"),
                    .text(s.source?.rawValue ?? ""), .text(s.explanation), .text(s.note), .text("\(s.file):\(s.row)"),
                ],
                tone: s.complaint ? .warning : .normal)
        }
        _ = try workbook.writeTable(detail, rows: detailRows)

        let summary = TableSheetSpec(
            name: "指标汇总", title: "\(report.plan.campaign)样本企业完成情况", subtitle: periodLine(report),
            columns: [
                TableColumn(header: "序号", minWidth: 5), TableColumn(header: "指标名称", minWidth: 12),
                TableColumn(header: "牵头单位", minWidth: 14), TableColumn(header: "有效样本"), TableColumn(header: "任务数"),
                TableColumn(header: "差额"), TableColumn(header: "是否达标"),
            ] + ComplaintSource.allCases.map { TableColumn(header: "投诉·\($0.rawValue)") } + [
                TableColumn(header: "投诉合计"), TableColumn(header: "已替换"), TableColumn(header: "报送情况"),
                TableColumn(header: "计入的样本表", minWidth: 20, maxWidth: 50),
            ])
        let summaryRows = week.indicators.enumerated().map { i, ind in
            let cells: [CellValue] =
                [
                    .integer(i + 1), .text(roster.indicators[ind.indicator].name), .text(roster.units[ind.lead].name),
                    .integer(ind.valid), .integer(ind.quota), .integer(ind.shortBy), .text(ind.met ? "是" : "否"),
                ] + ComplaintSource.allCases.map { .integer(ind.complaintsBySource[$0] ?? 0) } + [
                    .integer(ind.complaints), .integer(ind.replaced), .text(ind.submission.rawValue), .text(ind.file ?? ""),
                ]
            return XlsxWriter.TableRow(cells: cells, tone: ind.met ? .normal : .shortfall)
        }
        _ = try workbook.writeTable(summary, rows: summaryRows)
        return try workbook.close()
    }

    /// 数据问题清单.xlsx: every finding of the week, sorted by unit, so the office can
    /// send each unit its own corrections.
    @discardableResult
    public static func writeFindings(_ report: WeekReport, to url: URL, created: Int) throws -> WorkbookStats {
        let workbook = try Workbook(path: url.path, creationTime: created)
        let spec = TableSheetSpec(
            name: "问题明细", title: "\(attachmentLabel(report, AttachmentTitle.findings))\(report.plan.campaign)报送数据问题清单", subtitle: periodLine(report),
            columns: [
                TableColumn(header: "序号", minWidth: 5), TableColumn(header: "单位", minWidth: 14),
                TableColumn(header: "文件", minWidth: 20, maxWidth: 50), TableColumn(header: "行号"),
                TableColumn(header: "列"), TableColumn(header: "内容", maxWidth: 30),
                TableColumn(header: "问题", minWidth: 40, maxWidth: 80, wrap: true), TableColumn(header: "严重程度"),
                TableColumn(header: "本行的处理", minWidth: 12), TableColumn(header: "代码", minWidth: 14),
            ])
        let rows = report.findings.enumerated().lazy.map { i, f in
            XlsxWriter.TableRow(
                cells: [
                    .integer(i + 1), .text(f.unit), .text(f.file), f.row > 0 ? .integer(f.row) : .empty,
                    .text(f.column), .text(f.value), .text(f.message), .text(f.severity.chinese), .text(f.effect.outcome),
                    .text(f.code.rawValue),
                ],
                tone: f.severity == .error ? .shortfall : .warning)
        }
        _ = try workbook.writeTable(spec, rows: rows)

        // Per unit, per kind of what happened to the rows (issue 23.1).
        var counts: [String: [FindingEffect: Int]] = [:]
        for f in report.findings { counts[f.unit, default: [:]][f.effect, default: 0] += 1 }
        let order = report.findings.map(\.unit).reduce(into: [String]()) { if $0.last != $1 && !$0.contains($1) { $0.append($1) } }
        let bySpec = TableSheetSpec(
            name: "按单位汇总", title: "报送数据问题按单位汇总", subtitle: periodLine(report),
            columns: [
                TableColumn(header: "序号", minWidth: 5), TableColumn(header: "单位", minWidth: 14),
            ] + FindingEffect.allCases.map { TableColumn(header: "\($0.noun)（\($0.outcome)）", maxWidth: 16) })
        let byRows = order.enumerated().map { i, unit in
            XlsxWriter.TableRow(cells: [
                .integer(i + 1), .text(unit.isEmpty ? "（未识别单位）" : unit),
            ] + FindingEffect.allCases.map { CellValue.integer(counts[unit]?[$0] ?? 0) })
        }
        _ = try workbook.writeTable(bySpec, rows: byRows)
        return try workbook.close()
    }

    /// 问题整改清单.xlsx: 问题明细 (every problem's current state, overdue ones in red) and
    /// 整改汇总 (per 责任单位).
    @discardableResult
    public static func writeProblems(_ report: WeekReport, to url: URL, created: Int) throws -> WorkbookStats {
        let roster = report.roster
        let problems = report.problems
        let workbook = try Workbook(path: url.path, creationTime: created)
        let asOf = "整改状态截至\(report.reportDate.chineseFull)；清零时限\(problems.clearBy.chineseFull)"
        let detail = TableSheetSpec(
            name: "问题明细", title: "\(attachmentLabel(report, AttachmentTitle.problems))\(report.plan.campaign)问题整改清单", subtitle: periodLine(report) + "　" + asOf,
            columns: [
                TableColumn(header: "序号", minWidth: 5), TableColumn(header: "问题编号", minWidth: 12),
                TableColumn(header: "问题来源"), TableColumn(header: "问题描述", minWidth: 30, maxWidth: 50, wrap: true),
                TableColumn(header: "企业名称", minWidth: 14, maxWidth: 36), TableColumn(header: "统一社会信用代码", minWidth: 20),
                TableColumn(header: "责任单位", minWidth: 12), TableColumn(header: "整改时限", minWidth: 11),
                TableColumn(header: "整改状态"), TableColumn(header: "完成日期", minWidth: 11), TableColumn(header: "是否逾期"),
                TableColumn(header: "逾期天数"), TableColumn(header: "首次报送"),
                TableColumn(header: "最近一次采用的报送（文件及行号）", minWidth: 20, maxWidth: 50),
            ])
        let rows = problems.problems.enumerated().map { i, p in
            let r = p.record
            let tone: RowTone = p.isOverdue ? .shortfall : (r.status == .done ? .good : .normal)
            return XlsxWriter.TableRow(
                cells: [
                    .integer(i + 1), .text(r.id), .text(r.source.rawValue), .text(r.description), .text(r.enterprise),
                    .text(r.creditCode), .text(roster.units[r.unit].name), .text(r.due.description), .text(r.status.rawValue),
                    .text(r.completed?.description ?? ""), .text(p.isOverdue ? "逾期" : ""),
                    p.isOverdue ? .integer(p.daysOverdue) : .empty, .text(p.firstWeek.description),
                    .text("\(r.file):\(r.row)"),
                ],
                tone: tone)
        }
        _ = try workbook.writeTable(detail, rows: rows)

        let summary = TableSheetSpec(
            name: "整改汇总", title: "\(report.plan.campaign)问题整改汇总", subtitle: periodLine(report) + "　" + asOf,
            columns: [
                TableColumn(header: "序号", minWidth: 5), TableColumn(header: "责任单位", minWidth: 14),
                TableColumn(header: "问题总数"), TableColumn(header: "已整改"), TableColumn(header: "整改中"),
                TableColumn(header: "未整改"), TableColumn(header: "逾期"), TableColumn(header: "整改完成率"),
                TableColumn(header: "逾期问题（逾期天数）", minWidth: 20, maxWidth: 60, wrap: true),
                TableColumn(header: "上周问题总数"), TableColumn(header: "上周已整改"), TableColumn(header: "上周逾期"),
            ])
        let before = report.previous?.problems
        func previous(_ unit: Int?) -> [CellValue] {
            guard let before else { return [.empty, .empty, .empty] }
            if let unit {
                let u = before.units.first { $0.unit == unit }
                return [.integer(u?.total ?? 0), .integer(u?.done ?? 0), .integer(u?.overdue ?? 0)]
            }
            return [.integer(before.total), .integer(before.done), .integer(before.overdue.count)]
        }
        var summaryRows = problems.units.enumerated().map { i, u in
            let overdue = problems.overdue.filter { $0.unit == u.unit }.map { "\($0.id)（\($0.daysOverdue)天）" }
            return XlsxWriter.TableRow(
                cells: [
                    .integer(i + 1), .text(roster.units[u.unit].name), .integer(u.total), .integer(u.done),
                    .integer(u.inProgress), .integer(u.open), .integer(u.overdue),
                    .percent(u.total == 0 ? 0 : Double(u.done) / Double(u.total)), .text(overdue.joined(separator: "、")),
                ] + previous(u.unit),
                tone: u.overdue > 0 ? .shortfall : (u.done == u.total ? .good : .normal))
        }
        summaryRows.append(
            XlsxWriter.TableRow(
                cells: [
                    .empty, .text("合计"), .integer(problems.total), .integer(problems.done), .integer(problems.inProgress),
                    .integer(problems.open), .integer(problems.overdue.count),
                    .percent(problems.total == 0 ? 0 : Double(problems.done) / Double(problems.total)),
                    .text(problems.cleared ? "已清零" : "未清零，尚有\(problems.remaining)个问题未整改"),
                ] + previous(nil),
                tone: .note))
        _ = try workbook.writeTable(summary, rows: summaryRows)
        return try workbook.close()
    }

    /// 通报附表.xlsx: 考核得分 (points by rule, total, cumulative, rank, change) in ranking
    /// order, and a column chart of articles counted against quota per unit. Charts need
    /// cached cell values, which constant-memory mode does not keep: this small workbook
    /// is written in normal mode.
    @discardableResult
    public static func writeAssessment(_ report: WeekReport, to url: URL, created: Int) throws -> WorkbookStats {
        let roster = report.roster
        let assessment = report.assessment
        let previous = report.previous?.assessment
        let workbook = try Workbook(path: url.path, creationTime: created, constantMemory: false)
        // The column titles say the rules as they are computed (issue 23.6), so a unit can
        // recompute its points from this sheet alone.
        let rules = report.plan.points
        var spec = TableSheetSpec(
            name: "考核得分", title: "\(attachmentLabel(report, AttachmentTitle.points))\(report.plan.campaign)考核得分", subtitle: periodLine(report),
            columns: [
                TableColumn(header: "名次", minWidth: 5, maxWidth: 6), TableColumn(header: "单位名称", minWidth: 14, maxWidth: 30),
                TableColumn(header: "单位类型", maxWidth: 10), TableColumn(header: "稿件任务数", maxWidth: 10),
                TableColumn(header: "稿件计入", maxWidth: 10),
                TableColumn(header: "稿件加权数（按媒体级别、头版头条加权）", maxWidth: 14),
                TableColumn(
                    header: "稿件超额加分（计入数达到任务数时，加权数超出任务数的部分每篇加\(Points.text(rules.articleOverQuota))分）",
                    maxWidth: 16),
                TableColumn(header: "稿件不足扣分（计入数每少1篇扣\(Points.text(abs(rules.articleShort)))分）", maxWidth: 14),
            ] + ["未报送扣分", "迟报扣分", "问题逾期扣分", "样本不足扣分", "本周得分", "累计得分", "上周得分", "上周名次", "名次变化"]
                .map { TableColumn(header: $0, maxWidth: 10) })
        // 重点任务扣分 only where the plan has tasks: a campaign without them keeps its table.
        let hasTasks = !report.plan.tasks.isEmpty
        if hasTasks { spec.columns.insert(TableColumn(header: "重点任务扣分（每项任务未报或迟报按计划扣分）", maxWidth: 10), at: 12) }
        // Outside the campaign nobody is scored or ranked: the sheet says so instead.
        let inCampaign = report.issueNumber != nil
        spec.emptyNote = "本周不在活动期（\(report.plan.period.start.chineseFull)—\(report.plan.period.end.chineseMonthDay)）内，不考核计分、不排名。"
        let ranked = inCampaign ? assessment.ranking.compactMap { assessment.unit($0) } : []
        let rows = ranked.map { u -> XlsxWriter.TableRow in
            let b = u.breakdown
            let before = previous?.unit(u.unit)
            let tone: RowTone =
                assessment.red.contains(u.unit) ? .good : (assessment.black.contains(u.unit) ? .shortfall : .normal)
            var cells: [XlsxWriter.CellValue] = [
                .integer(u.rank), .text(roster.units[u.unit].name), .text(roster.units[u.unit].type.rawValue),
                .integer(u.inputs.quota), .integer(u.inputs.articlesCounted), .number(u.inputs.articlesWeighted),
                .number(b.articleOverQuota), .number(b.articleShort), .number(b.missingSubmission),
                .number(b.lateSubmission), .number(b.problemOverdue), .number(b.indicatorShort), .number(u.total),
                .number(u.cumulative), before.map { .number($0.total) } ?? .empty,
                before.map { .integer($0.rank) } ?? .empty, .text(BulletinContext.rankChange(now: u.rank, before: before?.rank)),
            ]
            if hasTasks { cells.insert(.number(b.task), at: 12) }
            return XlsxWriter.TableRow(cells: cells, tone: tone)
        }
        _ = try workbook.writeTable(spec, rows: rows)
        // The chart shows the units with an article quota (a 镇街 without one has no bar to
        // compare), in ranking order, from a hidden sheet holding just those rows.
        let charted = ranked.filter { $0.inputs.quota > 0 }
        if !charted.isEmpty {
            let chartSheet = try workbook.addWorksheet(name: "稿件完成图")
            // One landscape A4 page, the chart drawn at the page's proportions so it fills it.
            try chartSheet.setLandscape()
            try chartSheet.setPaper(Worksheet.paperA4)
            try chartSheet.fitToPages(width: 1, height: 1)
            try chartSheet.setFooter(Worksheet.pageNumberFooter)
            // The chart is anchored to cells; LibreOffice's default rows and columns are not
            // Excel's and would change its shape, so the cells under it say their size.
            // (Excel's defaults themselves, 15 and 8.43, are left unwritten by libxlsxwriter.)
            for row in 0..<48 { try chartSheet.setRow(row, height: 15.05) }
            try chartSheet.setColumn(first: 0, last: 24, width: 8.5)
            let data = try workbook.addWorksheet(name: "图表数据")
            try data.setPaper(Worksheet.paperA4)
            try data.setFooter(Worksheet.pageNumberFooter)
            for (col, header) in ["单位名称", "任务数", "本周计入"].enumerated() { try data.writeString(row: 0, col: col, header) }
            for (i, u) in charted.enumerated() {
                try data.writeString(row: i + 1, col: 0, roster.units[u.unit].name)
                try data.writeNumber(row: i + 1, col: 1, Double(u.inputs.quota))
                try data.writeNumber(row: i + 1, col: 2, Double(u.inputs.articlesCounted))
            }
            try data.hide()
            try chartSheet.insertColumnChart(
                ColumnChart(
                    title: "各单位宣传稿件计入数与任务数", categoryAxisTitle: "单位", valueAxisTitle: "篇数",
                    dataSheet: "图表数据", firstRow: 1, lastRow: charted.count, categoryColumn: 0,
                    series: [ColumnChart.Series(name: "本周计入", valuesColumn: 2), ColumnChart.Series(name: "任务数", valuesColumn: 1)],
                    widthScale: 2.5, heightScale: 3.9),
                row: 0, col: 0)
        }
        return try workbook.close()
    }

    /// 附件2_样本企业走访台账.xlsx: 走访明细, 镇街覆盖, 样本覆盖, 每日报送 and 问题办理.
    /// `maxRowsPerSheet` is Excel's limit; tests lower it to see 走访明细 continue on
    /// 走访明细(2)… without writing a million rows.
    @discardableResult
    /// `rowsHanded` is called once every row is with libxlsxwriter, before the workbook is
    /// closed (zlib then compresses the sheets on this thread alone).
    public static func writeLedger(
        _ report: WeekReport, to url: URL, created: Int, maxRowsPerSheet: Int = 1_048_576,
        rowsHanded: (@Sendable () -> Void)? = nil
    ) throws -> WorkbookStats {
        let roster = report.roster
        let visits = report.visits
        let reading = visits.reading
        let workbook = try Workbook(path: url.path, creationTime: created)
        let campaign = report.plan.campaign

        let detail = TableSheetSpec(
            name: "走访明细", title: "\(attachmentLabel(report, AttachmentTitle.visits))\(campaign)样本企业走访台账", subtitle: visitDatesLine(visits),
            columns: [
                TableColumn(header: "序号", minWidth: 5), TableColumn(header: "走访日期", minWidth: 11),
                TableColumn(header: "走访单位", minWidth: 10), TableColumn(header: "企业名称", minWidth: 20, maxWidth: 40),
                TableColumn(header: "统一社会信用代码", minWidth: 20), TableColumn(header: "所属镇街", minWidth: 8),
                TableColumn(header: "走访方式"), TableColumn(header: "走访对象"), TableColumn(header: "联系电话", minWidth: 13),
                TableColumn(header: "是否宣传政策"), TableColumn(header: "企业反映问题", minWidth: 16, maxWidth: 40, wrap: true),
                TableColumn(header: "办理情况"), TableColumn(header: "责任单位", minWidth: 10),
                TableColumn(header: "走访人", minWidth: 8, maxWidth: 20), TableColumn(header: "报送文件及行号", minWidth: 16, maxWidth: 50),
            ])
        // The biggest sheet of all: its rows are made on a second thread while libxlsxwriter writes.
        let order = visits.detail
        let makeRow: @Sendable (Int) -> XlsxWriter.TableRow = { i in
            let v = reading.visits[Int(order[i])]
            let cells: [CellValue] = [
                .integer(i + 1), .text(v.date.description), .text(roster.units[Int(v.unit)].name),
                .text(reading.name(of: v)), .text(reading.code(of: v)), .text(roster.units[Int(v.town)].name),
                .text(v.mode.text), .text(v.target.text), .text(reading.phone(of: v)),
                .text(v.policy < 0 ? "" : (v.policy == 1 ? "是" : "否")), .text(reading.problem(of: v)),
                .text(v.handling.text), .text(v.responsible >= 0 ? roster.units[Int(v.responsible)].name : ""),
                .text(reading.visitor(of: v)), .text("\(reading.files[Int(v.file)]):\(v.row)"),
            ]
            let tone: RowTone = v.handling == .unresolvable ? .shortfall : (v.handling == .inProgress ? .warning : .normal)
            return XlsxWriter.TableRow(cells: cells, tone: tone)
        }
        _ = try workbook.writeTable(detail, count: order.count, maxRowsPerSheet: maxRowsPerSheet, row: makeRow)

        let towns = TableSheetSpec(
            name: "镇街覆盖", title: "\(campaign)镇街在册企业走访覆盖情况", subtitle: periodLine(report),
            columns: [
                TableColumn(header: "序号", minWidth: 5), TableColumn(header: "镇街", minWidth: 10),
                TableColumn(header: "在册企业"), TableColumn(header: "已走访"), TableColumn(header: "未走访"),
                TableColumn(header: "覆盖率"), TableColumn(header: "实地走访"), TableColumn(header: "仅电话回访"),
                TableColumn(header: "反映问题"), TableColumn(header: "已解决"), TableColumn(header: "是否达标"),
            ])
        var townRows = visits.towns.enumerated().map { i, t in
            let met = t.coverage >= visits.target
            return XlsxWriter.TableRow(
                cells: [
                    .integer(i + 1), .text(roster.units[t.town].name), .integer(t.registered), .integer(t.visited),
                    .integer(t.unvisited), .percent(t.coverage), .integer(t.onSite), .integer(t.phoneOnly),
                    .integer(t.problemsRaised), .integer(t.problemsResolved), .text(met ? "是" : "否"),
                ],
                tone: met ? .normal : .shortfall)
        }
        townRows.append(
            XlsxWriter.TableRow(
                cells: [
                    .empty, .text("合计"), .integer(visits.registered), .integer(visits.visited),
                    .integer(visits.registered - visits.visited), .percent(visits.coverage),
                    .integer(visits.towns.reduce(0) { $0 + $1.onSite }), .integer(visits.towns.reduce(0) { $0 + $1.phoneOnly }),
                    .integer(visits.towns.reduce(0) { $0 + $1.problemsRaised }),
                    .integer(visits.towns.reduce(0) { $0 + $1.problemsResolved }), .empty,
                ],
                tone: .note))
        _ = try workbook.writeTable(towns, rows: townRows)

        let samples = TableSheetSpec(
            name: "样本覆盖", title: "\(campaign)样本企业走访覆盖情况", subtitle: periodLine(report),
            columns: [
                TableColumn(header: "序号", minWidth: 5), TableColumn(header: "指标名称", minWidth: 14),
                TableColumn(header: "牵头单位", minWidth: 14), TableColumn(header: "有效样本"),
                TableColumn(header: "已走访"), TableColumn(header: "未走访"), TableColumn(header: "覆盖率"),
            ])
        let sampleRows = visits.indicators.enumerated().map { i, c in
            XlsxWriter.TableRow(
                cells: [
                    .integer(i + 1), .text(roster.indicators[c.indicator].name), .text(roster.units[c.lead].name),
                    .integer(c.samples), .integer(c.visited), .integer(c.samples - c.visited),
                    c.samples == 0 ? .text("—") : .percent(c.coverage),
                ],
                tone: c.samples == 0 || c.visited < c.samples ? .warning : .normal)
        }
        _ = try workbook.writeTable(samples, rows: sampleRows)

        let days = visits.days
        let daily = TableSheetSpec(
            name: "每日报送", title: "\(campaign)走访台账每日报送情况",
            subtitle: "\(periodLine(report))；每日截止 \(BulletinContext.clock(report.plan.ledgerDeadline))",
            columns: [
                TableColumn(header: "序号", minWidth: 5), TableColumn(header: "单位", minWidth: 14), TableColumn(header: "单位类型"),
            ] + days.map { TableColumn(header: $0.chineseMonthDay, minWidth: 8) } + [
                TableColumn(header: "按时"), TableColumn(header: "迟报"), TableColumn(header: "已报送"), TableColumn(header: "未报送"),
            ],
            emptyNote: "本期没有走访台账报送日。")
        var perUnit: [(unit: Int, days: [LedgerDay])] = []
        for d in visits.ledgerDays {
            if perUnit.last?.unit == d.unit { perUnit[perUnit.count - 1].days.append(d) } else { perUnit.append((d.unit, [d])) }
        }
        let dailyRows = perUnit.enumerated().map { i, entry in
            var cells: [CellValue] = [.integer(i + 1), .text(roster.units[entry.unit].name), .text(roster.units[entry.unit].type.rawValue)]
            var tones: [Int: RowTone] = [:]
            for (j, d) in entry.days.enumerated() {
                let text = d.status == .late ? "迟报（\(d.receivedAt?.description ?? "")）" : d.status.rawValue
                cells.append(.text(text))
                switch d.status {
                case .onTime: tones[3 + j] = .good
                case .late: tones[3 + j] = .warning
                case .submitted: tones[3 + j] = .note
                case .missing: tones[3 + j] = .shortfall
                case .notRequired, .notDue: break
                }
            }
            for s in [SubmissionStatus.onTime, .late, .submitted, .missing] {
                cells.append(.integer(entry.days.filter { $0.status == s }.count))
            }
            return XlsxWriter.TableRow(cells: cells, cellTones: tones)
        }
        _ = try workbook.writeTable(daily, rows: dailyRows)

        let problems = TableSheetSpec(
            name: "问题办理", title: "\(campaign)走访发现问题办理情况（按责任单位）", subtitle: periodLine(report),
            columns: [
                TableColumn(header: "序号", minWidth: 5), TableColumn(header: "责任单位", minWidth: 14),
                TableColumn(header: "反映问题"), TableColumn(header: "已解决"), TableColumn(header: "正在解决"),
                TableColumn(header: "无法解决"),
            ])
        var problemRows = visits.problemsByUnit.enumerated().map { i, e in
            XlsxWriter.TableRow(cells: [
                .integer(i + 1), .text(roster.units[e.unit].name), .integer(e.problems.raised), .integer(e.problems.resolved),
                .integer(e.problems.inProgress), .integer(e.problems.unresolvable),
            ])
        }
        let p = visits.problems
        problemRows.append(
            XlsxWriter.TableRow(
                cells: [.empty, .text("合计"), .integer(p.raised), .integer(p.resolved), .integer(p.inProgress), .integer(p.unresolvable)],
                tone: .note))
        _ = try workbook.writeTable(problems, rows: problemRows)
        rowsHanded?()
        return try workbook.close()
    }
}
