import Foundation

/// A publicity article that counts: valid and the first report of its article.
public struct Article: Sendable, Hashable {
    public var week: ISOWeek
    public var file: String
    public var line: Int
    /// The spreadsheet row (what findings and workbooks show).
    public var row: Int
    /// The unit the article is credited to (its 单位名称).
    public var unit: Int
    /// The unit whose file reported it.
    public var submitter: Int
    public var title: String
    public var medium: String
    public var level: MediaLevel
    public var date: Day
    public var link: String
    public var headline: Bool
    public var note: String
}

/// A later report of an article already counted.
public struct DuplicateArticle: Sendable, Hashable {
    public var week: ISOWeek
    public var file: String
    public var line: Int
    public var row: Int
    public var unit: Int?
    public var title: String
    public var first: Article
    /// true when the link matched, false when the title and medium did.
    public var sameLink: Bool
}

/// The outcome of reading every article list up to the run's week.
public struct ArticleReading: Sendable {
    public var articles: [Article] = []
    public var duplicates: [DuplicateArticle] = []
    /// week → unit → the files that count as that unit's list (its own, or a lead unit's compiled list naming it).
    public var received: [ISOWeek: [Int: [SubmissionFile]]] = [:]
    public var findings: [Finding] = []
    /// week → data rows read.
    public var rowsRead: [ISOWeek: Int] = [:]
}

/// 宣传稿件统计表: each unit's weekly list of publicity articles; a lead unit may compile
/// its indicators' responsible units' articles into its own list.
public enum ArticleForm: SubmissionForm {
    /// The fold across the week's files (`ArticleRules.reading`).
    public static func fold(_ files: FormFiles<ArticleForm>, campaign: Campaign) -> ArticleReading {
        ArticleRules.reading(files, campaign: campaign)
    }

    public typealias Payload = [Article]

    public enum Column: Int, FormColumn {
        case seq, unit, title, medium, level, date, link, headline, note
        public var header: String {
            switch self {
            case .seq: return "序号"
            case .unit: return "单位名称"
            case .title: return "稿件标题"
            case .medium: return "发布媒体"
            case .level: return "媒体级别"
            case .date: return "发布日期"
            case .link: return "链接"
            case .headline: return "是否头版头条"
            case .note: return "备注"
            }
        }
    }

    public static let kind: SubmissionKind = {
        var kind = SubmissionKind(
            folder: "宣传稿件统计表", label: "附件3 宣传稿件统计表", columns: Column.self,
            required: [.unit, .title, .medium, .level, .date, .link], senders: "牵头单位、责任单位、镇街", schedule: .weekly)
        kind.speaksForCompiledUnits = true
        return kind
    }()

    public static func context(for file: SubmissionFile, submitter: Int, in campaign: CampaignContext) -> Placement {
        var context = campaign.rowContext(for: file, submitter: submitter)
        if campaign.roster.units[submitter].type == .lead { context.compiled = campaign.roster.compiledUnits(of: submitter) }
        return .placed(context)
    }

    /// A row naming a unit the lead compiles for makes the list that unit's, even when the
    /// row is rejected — or the file lacks a required column.
    public static func namedUnit(_ row: FormRow<Column>, _ context: RowContext) -> Int? {
        guard let named = context.roster.unit(named: row[.unit]), context.compiled.contains(named.index) else { return nil }
        return named.index
    }

    public static func check(_ row: FormRow<Column>, _ context: RowContext, _ check: inout RowCheck<Column>) -> Article? {
        ArticleRules.validate(row, context, &check)
    }
}

/// The rules of the contract's 宣传稿件统计表 table across files: duplicates, and which
/// files count as each unit's list.
public enum ArticleRules {
    typealias C = ArticleForm.Column

    /// The article lists of every week up to the campaign's run week, from their files'
    /// results, de-duplicated in report order: earliest week; within a week, the file of
    /// the unit first in units.csv (then file path); then the earlier line.
    static func reading(_ forms: FormFiles<ArticleForm>, campaign: Campaign) -> ArticleReading {
        var reading = ArticleReading()
        var byLink: [String: Article] = [:]
        var byTitle: [String: Article] = [:]
        let roster = campaign.roster
        for week in campaign.tree.weeks {
            let files = forms.week(week).sorted {
                $0.unit != $1.unit ? $0.unit < $1.unit : Text.codePointLess($0.file.path, $1.file.path)
            }
            var weekReceived: [Int: [SubmissionFile]] = [:]
            var rows = 0
            for f in files {
                let (file, submitter, result) = (f.file, f.unit, f.result)
                // An unreadable file is not a received list: its finding says so.
                guard let articles = f.payload else { continue }
                weekReceived[submitter, default: []].append(file)
                rows += result.rowsRead
                var dedupeFindings: [Finding] = []
                for article in articles {
                    dedupe(
                        article, byLink: &byLink, byTitle: &byTitle, reading: &reading, findings: &dedupeFindings, roster: roster,
                        weekText: campaign.issueText)
                }
                for unit in result.named { weekReceived[unit, default: []].append(file) }
                reading.findings.append(contentsOf: dedupeFindings)
            }
            reading.received[week] = weekReceived
            reading.rowsRead[week] = rows
        }
        return reading
    }

    /// Validates one row; returns the article when the row has no error.
    static func validate(_ row: FormRow<C>, _ context: RowContext, _ check: inout RowCheck<C>) -> Article? {
        let roster = context.roster, plan = context.plan, reportDate = context.reportDate, file = context.file
        let submitter = context.submitter, compiled = context.compiled

        var credited: Int?
        if let name = check.required(.unit) {
            if let unit = roster.unit(named: name) {
                if unit.index == submitter || compiled.contains(unit.index) {
                    credited = unit.index
                } else {
                    let why = roster.units[submitter].type == .lead
                        ? "既不是报送单位本身，也不是其牵头指标的责任单位"
                        : "不是报送单位本身（只有牵头单位可汇总其指标责任单位的稿件）"
                    check.report(.foreignUnit, .unit, "单位「\(name)」\(why)，本行未计入；请由该单位自行报送")
                }
            } else {
                check.report(.unknownUnit, .unit, "单位「\(name)」不在单位名册中，本行未计入；请填写单位全称或名册中的简称")
            }
        }
        let title = check.required(.title)
        let medium = check.required(.medium)
        var level: MediaLevel?
        let known = medium.flatMap { roster.media[Text.comparisonKey($0)] }
        if let levelText = check.required(.level) {
            if let l = MediaLevel(rawValue: Text.comparisonKey(levelText)) {
                if let known, known != l {
                    check.report(.levelMismatch, .level, "「\(medium ?? "")」在媒体名录中为\(known.rawValue)，与填写的「\(levelText)」不符，本行未计入；请按名录更正")
                } else {
                    level = l
                }
            } else {
                check.report(.badChoice, .level, "媒体级别「\(levelText)」应为 中央级、省级、市级 或 区级，本行未计入")
            }
        }
        if let medium, known == nil {
            check.report(.unknownMedium, .medium, "「\(medium)」不在媒体名录（media.csv）中，按区级计入；如为正规媒体请联系营商环境办补录")
            if level != nil { level = .district }
        }
        var date: Day?
        if let raw = check.required(.date), let d = check.date(.date, raw: raw, defaultYear: plan.period.start.year) {
            if d < plan.period.start {
                check.report(.dateBeforeCampaign, .date, "发布日期 \(d) 早于活动开始（\(plan.period.start)），本行未计入")
            } else if d > plan.period.end {
                check.report(.dateAfterCampaign, .date, "发布日期 \(d) 晚于活动结束（\(plan.period.end)），本行未计入")
            } else if d > reportDate {
                check.report(.dateAfterReport, .date, "发布日期 \(d) 晚于本周通报日 \(reportDate)，请在下周报送")
            } else {
                date = d
            }
        }
        var link: String?
        if let raw = check.required(.link) {
            switch LinkRule.check(raw) {
            case .valid: link = raw
            case .tooLong(let n):
                check.report(.linkTooLong, .link, "链接长 \(n) 个字符，超过 \(LinkRule.maxLength) 个字符上限，本行未计入；请提供稿件的原始短链接")
            case .noScheme:
                check.report(.badLink, .link, "链接缺少 http:// 或 https:// 开头，本行未计入；请从浏览器地址栏完整复制")
            case .badScheme(let s):
                check.report(.badLink, .link, "链接以「\(s):」开头，只接受 http 或 https 网址，本行未计入")
            case .noHost:
                check.report(.badLink, .link, "链接中没有有效的网站域名，本行未计入")
            case .whitespace:
                check.report(.badLink, .link, "链接中含有空格，本行未计入；请从浏览器地址栏完整复制")
            }
        }
        var headline = false
        let h = Text.comparisonKey(row[.headline])
        switch h {
        case "", "否": headline = false
        case "是": headline = true
        default: check.report(.badChoice, .headline, "是否头版头条「\(row[.headline])」应为 是 或 否，本行未计入")
        }
        guard !check.hasErrors, let credited, let title, let medium, let level, let date, let link else { return nil }
        return Article(
            week: file.week, file: file.path, line: row.line, row: row.sheetRow, unit: credited, submitter: submitter, title: title,
            medium: medium, level: level, date: date, link: link, headline: headline, note: row[.note])
    }

    static func dedupe(
        _ article: Article, byLink: inout [String: Article], byTitle: inout [String: Article],
        reading: inout ArticleReading, findings: inout [Finding], roster: Roster,
        weekText: (ISOWeek) -> String = { $0.description }
    ) {
        let linkKey = article.link
        let titleKey = Text.comparisonKey(article.title) + "\u{1F}" + Text.comparisonKey(article.medium)
        let first = byLink[linkKey].map { ($0, true) } ?? byTitle[titleKey].map { ($0, false) }
        guard let (original, sameLink) = first else {
            byLink[linkKey] = article
            byTitle[titleKey] = article
            reading.articles.append(article)
            return
        }
        if byLink[linkKey] == nil { byLink[linkKey] = original }
        if byTitle[titleKey] == nil { byTitle[titleKey] = original }
        reading.duplicates.append(
            DuplicateArticle(
                week: article.week, file: article.file, line: article.line, row: article.row, unit: article.unit, title: article.title,
                first: original, sameLink: sameLink))
        let where_ = original.file == article.file ? "本文件第\(original.row)行" : "\(original.file) 第\(original.row)行"
        findings.append(
            Finding(
                code: .duplicateArticle, unit: roster.units[article.submitter].name, file: article.file, line: article.line,
                row: article.row,
                column: sameLink ? "链接" : "稿件标题", value: sameLink ? article.link : article.title,
                message: "与\(where_)（\(roster.units[original.unit].name)，\(weekText(original.week))）报送的稿件重复（\(sameLink ? "链接相同" : "标题和发布媒体相同")），只计第一次报送"))
    }
}
