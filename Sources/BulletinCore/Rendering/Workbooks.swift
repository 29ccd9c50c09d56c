import Foundation
import XlsxWriter

/// The attachment workbooks, as layouts (data) handed to the generic table writer.
public enum AttachmentWorkbooks {
    static func periodLine(_ report: WeekReport) -> String {
        "统计周期：\(report.period.start.chineseFull)—\(report.period.end.chineseFull)（第\(report.issueNumber.map(String.init) ?? "—")期）"
    }

    /// 附件3_宣传稿件统计表.xlsx: 稿件明细 and 完成情况.
    public static func writeArticles(_ report: WeekReport, to url: URL, created: Int) throws {
        let roster = report.roster
        let workbook = try Workbook(path: url.path, creationTime: created)
        let detail = TableSheetSpec(
            name: "稿件明细", title: "\(report.plan.campaign)宣传稿件统计表", subtitle: periodLine(report),
            columns: [
                TableColumn(header: "序号", minWidth: 5), TableColumn(header: "单位名称", minWidth: 12),
                TableColumn(header: "单位类型"), TableColumn(header: "稿件标题", minWidth: 30, maxWidth: 60),
                TableColumn(header: "发布媒体", minWidth: 10), TableColumn(header: "媒体级别"),
                TableColumn(header: "发布日期", minWidth: 11), TableColumn(header: "链接", minWidth: 20, maxWidth: 50),
                TableColumn(header: "是否头版头条"), TableColumn(header: "报送单位", minWidth: 10),
                TableColumn(header: "报送文件及行号", minWidth: 16, maxWidth: 50), TableColumn(header: "备注", maxWidth: 30, wrap: true),
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
                    .text(roster.units[a.submitter].name), .text("\(a.file):\(a.line)"), .text(a.note),
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
        try workbook.close()
    }

    /// 附件1_样本企业汇总表.xlsx: 样本明细 (the valid samples that count, by indicator) and
    /// 指标汇总 (one row per indicator). The office's internal attachment: the normalised
    /// 联系电话 is printed here, never in the bulletin text.
    public static func writeSamples(_ report: WeekReport, to url: URL, created: Int) throws {
        let roster = report.roster
        let week = report.samples
        let workbook = try Workbook(path: url.path, creationTime: created)
        let detail = TableSheetSpec(
            name: "样本明细", title: "\(report.plan.campaign)样本企业汇总表", subtitle: periodLine(report),
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
                    .text(s.source?.rawValue ?? ""), .text(s.explanation), .text(s.note), .text("\(s.file):\(s.line)"),
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
        try workbook.close()
    }

    /// 数据问题清单.xlsx: every finding of the week, sorted by unit, so the office can
    /// send each unit its own corrections.
    public static func writeFindings(_ report: WeekReport, to url: URL, created: Int) throws {
        let workbook = try Workbook(path: url.path, creationTime: created)
        let spec = TableSheetSpec(
            name: "问题明细", title: "\(report.plan.campaign)报送数据问题清单", subtitle: periodLine(report),
            columns: [
                TableColumn(header: "序号", minWidth: 5), TableColumn(header: "单位", minWidth: 14),
                TableColumn(header: "文件", minWidth: 20, maxWidth: 50), TableColumn(header: "行号"),
                TableColumn(header: "列"), TableColumn(header: "内容", maxWidth: 30),
                TableColumn(header: "问题", minWidth: 40, maxWidth: 80, wrap: true), TableColumn(header: "严重程度"),
                TableColumn(header: "代码", minWidth: 14),
            ])
        let rows = report.findings.enumerated().lazy.map { i, f in
            XlsxWriter.TableRow(
                cells: [
                    .integer(i + 1), .text(f.unit), .text(f.file), f.line > 0 ? .integer(f.line) : .empty,
                    .text(f.column), .text(f.value), .text(f.message), .text(f.severity.chinese), .text(f.code.rawValue),
                ],
                tone: f.severity == .error ? .shortfall : .warning)
        }
        _ = try workbook.writeTable(spec, rows: rows)

        var counts: [String: (Int, Int)] = [:]
        for f in report.findings {
            var c = counts[f.unit] ?? (0, 0)
            if f.severity == .error { c.0 += 1 } else { c.1 += 1 }
            counts[f.unit] = c
        }
        let order = report.findings.map(\.unit).reduce(into: [String]()) { if $0.last != $1 && !$0.contains($1) { $0.append($1) } }
        let bySpec = TableSheetSpec(
            name: "按单位汇总", title: "报送数据问题按单位汇总", subtitle: periodLine(report),
            columns: [
                TableColumn(header: "序号", minWidth: 5), TableColumn(header: "单位", minWidth: 14),
                TableColumn(header: "错误（未计入）"), TableColumn(header: "警告（已计入）"),
            ])
        let byRows = order.enumerated().map { i, unit in
            XlsxWriter.TableRow(cells: [
                .integer(i + 1), .text(unit.isEmpty ? "（未识别单位）" : unit), .integer(counts[unit]?.0 ?? 0),
                .integer(counts[unit]?.1 ?? 0),
            ])
        }
        _ = try workbook.writeTable(bySpec, rows: byRows)
        try workbook.close()
    }
}
