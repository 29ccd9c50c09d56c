import Foundation
import Mustache

/// One expected file a unit has not sent.
public struct ChaseItem: Sendable, Hashable {
    public enum Form: Sendable, Hashable {
        /// 附件1: due by `deadlines.samples` (from the campaign's start when the plan sets none);
        /// not listed before the deadline (its status is then 未到时限, not 未报送).
        case samples
        /// 附件2 for one working day.
        case ledger(Day)
        /// 附件3, the week's list.
        case articles
        /// A task of the plan (材料报送/), by its name.
        case task(String)
    }
    public var unit: Int
    public var form: Form
    /// nil: no deadline (附件1 without `deadlines.samples`).
    public var deadline: ReceiptTime?

    /// The day of a daily ledger item; nil for the other forms.
    public var ledgerDay: Day? {
        if case .ledger(let day) = form { return day }
        return nil
    }

    /// What the unit has to send, as the office says it.
    public var what: String {
        switch form {
        case .samples: return "样本企业汇总表（附件1）"
        case .ledger(let day): return "\(day.chineseMonthDay)走访台账（附件2）"
        case .articles: return "本周宣传稿件统计表（附件3）"
        case .task(let name): return "重点任务「\(name)」材料"
        }
    }

    var order: Int {
        switch form {
        case .samples: return 0
        case .ledger: return 1
        case .articles: return 2
        case .task: return 3
        }
    }
}

/// 催报名单: who has not sent which expected file — the week's list, the ledgers of the days
/// so far, the 附件1 list — grouped by unit in roster order. Built from the week's counted
/// statuses (SubmissionRule, via the report), never counted again here.
public struct ChaseList: Sendable {
    public var week: ISOWeek
    /// The moment the list describes (`check --missing --at`); nil for the week's own file,
    /// which describes the files the run found.
    public var moment: ReceiptTime?
    /// By unit (roster order), then 附件1, ledgers by day, the weekly list.
    public var items: [ChaseItem]

    public static let fileName = "催报名单.txt"
    public static let templateName = "催报名单.txt"
    public static let builtInName = TemplateKind.chase.builtInName

    /// The units missing something, in roster order.
    public var units: [Int] { items.map(\.unit).reduce(into: []) { if $0.last != $1 { $0.append($1) } } }

    /// What the week's run found missing: every expected file the report marks 未报送.
    public static func week(_ report: WeekReport) -> ChaseList {
        ChaseList(week: report.week, moment: nil, items: missing(in: report, through: nil))
    }

    /// The same at a moment of the week: a file the receipt log says arrived after `moment`
    /// had not arrived then (a file the log does not list counts as arrived: it is in the
    /// folder); ledgers are expected for the days up to the moment's day.
    /// - Returns: the list and the week as it stood then (for the template's context).
    public static func at(
        _ moment: ReceiptTime, campaign: Campaign, jobs: Int = Parallel.defaultJobs
    ) -> (list: ChaseList, report: WeekReport) {
        var then = campaign
        then.tree.files = campaign.tree.files.filter { file in
            guard let received = campaign.receipt(of: file) else { return true }
            return received <= moment
        }
        then.tree.deliverables = campaign.tree.deliverables.filter { file in
            guard let received = campaign.logs[file.week]?.time(of: file.pathInWeek) else { return true }
            return received <= moment
        }
        let report = ReportBuilder.build(then, jobs: jobs)
        return (ChaseList(week: report.week, moment: moment, items: missing(in: report, through: moment.day, at: moment)), report)
    }

    /// China time (UTC+8) of a unix time, to the minute: `check --missing`'s default moment.
    public static func chinaTime(unix: Int) -> ReceiptTime {
        let local = unix + 8 * 3_600
        let day = Int((Double(local) / 86_400).rounded(.down))
        return ReceiptTime(day: Day(ordinal: Int32(day)), minutes: (local - day * 86_400) / 60)
    }

    /// How far ahead a task is chased: tasks due within this many days of the moment.
    public static let taskWindowDays = 3

    /// The moment the week's own list describes: its report date at the articles deadline.
    static func reportMoment(_ report: WeekReport) -> ReceiptTime {
        ReceiptTime(day: report.reportDate, minutes: report.plan.articlesDeadline)
    }

    static func missing(in report: WeekReport, through day: Day?, at moment: ReceiptTime? = nil) -> [ChaseItem] {
        // Outside the campaign nothing is due: nobody is chased.
        guard report.issueNumber != nil else { return [] }
        var items: [ChaseItem] = []
        var samplesMissing = Set<Int>()
        for i in report.samples.indicators where i.submission == .missing { samplesMissing.insert(i.lead) }
        for lead in samplesMissing { items.append(ChaseItem(unit: lead, form: .samples, deadline: report.samples.deadline)) }
        for d in report.visits.ledgerDays where d.status == .missing && (day.map { d.day <= $0 } ?? true) {
            items.append(ChaseItem(unit: d.unit, form: .ledger(d.day), deadline: d.deadline))
        }
        for u in report.articles.units where u.quota > 0 && u.submission == .missing {
            items.append(ChaseItem(unit: u.unit, form: .articles, deadline: report.articles.deadline))
        }
        // Tasks: a unit that has sent nothing for a task already due, or due within the next
        // three days of the moment.
        let now = moment ?? reportMoment(report)
        let window = ReceiptTime(day: now.day.adding(days: taskWindowDays), minutes: now.minutes, seconds: now.seconds)
        for t in report.tasks where t.task.due <= window {
            for u in t.notYet {
                items.append(ChaseItem(unit: u, form: .task(t.task.name), deadline: t.task.due))
            }
        }
        return items.sorted { a, b in
            if a.unit != b.unit { return a.unit < b.unit }
            if a.order != b.order { return a.order < b.order }
            return (a.deadline ?? ReceiptTime(day: Day(ordinal: 0), minutes: 0)) < (b.deadline ?? ReceiptTime(day: Day(ordinal: 0), minutes: 0))
        }
    }

    // MARK: - Text

    /// `3月7日 16:00`.
    static func when(_ t: ReceiptTime) -> String { "\(t.day.chineseMonthDay) \(BulletinContext.clock(t.minutes))" }

    /// `还剩2小时5分` before the deadline, `已超过1天3小时` after it.
    static func left(until deadline: ReceiptTime, from moment: ReceiptTime) -> String {
        func seconds(_ t: ReceiptTime) -> Int { Int(t.day.ordinal) * 86_400 + t.minutes * 60 + t.seconds }
        let d = seconds(deadline) - seconds(moment)
        let m = abs(d) / 60
        let span: String
        if m >= 1_440 {
            span = "\(m / 1_440)天" + (m % 1_440 >= 60 ? "\(m % 1_440 / 60)小时" : "")
        } else if m >= 60 {
            span = "\(m / 60)小时" + (m % 60 > 0 ? "\(m % 60)分" : "")
        } else {
            span = "\(max(m, d > 0 ? 1 : 0))分钟"
        }
        return d > 0 ? "还剩\(span)" : (d == 0 ? "已到截止时间" : "已超过\(span)")
    }

    /// A 联络员 cell as printed: names only — digit runs that look like phone numbers (seven
    /// digits or more, spaces and dashes allowed inside) are left out, for a group chat.
    static func contactWithoutPhones(_ raw: String) -> String {
        var out = "", run = "", digits = 0
        func flush() {
            if digits < 7 { out += run }
            run = ""
            digits = 0
        }
        for c in raw {
            if c.isNumber || ((c == "-" || c == " " || c == "+" || c == "－") && !run.isEmpty) {
                run.append(c)
                if c.isNumber { digits += 1 }
            } else {
                flush()
                out.append(c)
            }
        }
        flush()
        let cleaned = Text.trim(out)
        // What is left around a removed number: "张三（）", "张三 ，".
        return cleaned.replacingOccurrences(of: "（）", with: "").replacingOccurrences(of: "()", with: "")
            .trimmingCharacters(in: CharacterSet(charactersIn: " ，,、;；:："))
    }

    /// The template's keys (docs/template.md lists them).
    public static func context(_ list: ChaseList, report: WeekReport) -> [String: Any] {
        let roster = report.roster
        let grouped = Dictionary(grouping: list.items, by: \.unit)
        let misnamed = Dictionary(grouping: report.findings.filter { $0.code == .misnamedFile }.sorted(by: Finding.locationOrder), by: \.unit)
            .mapValues { $0.map(\.message) }
        let units: [[String: Any]] = list.units.enumerated().map { n, u in
            let contact = roster.units[u].contact.map(contactWithoutPhones) ?? ""
            func context(_ item: ChaseItem) -> [String: Any] {
                // A task's time left is said on the week's list too, counted from the report.
                let isTask: Bool = { if case .task = item.form { return true } else { return false } }()
                let reference = list.moment ?? (isTask ? reportMoment(report) : nil)
                let remaining = reference.flatMap { m in item.deadline.map { Self.left(until: $0, from: m) } } ?? ""
                return [
                    "what": item.what,
                    "deadline": item.deadline.map(when) ?? "",
                    "has_deadline": item.deadline != nil,
                    "left": remaining,
                    "has_left": !remaining.isEmpty,
                    "overdue": reference.flatMap { m in item.deadline.map { m > $0 } } ?? false,
                ]
            }
            // The list is pasted into a group chat: a unit's missing ledgers are one line
            // (`8月30日、8月31日走访台账（附件2，共2份）`), not one line a day — the week's file
            // and `check --missing` alike; at a moment the line says the time left (or past)
            // for the earliest of them.
            let mine = grouped[u] ?? []
            let ledgers = mine.filter { $0.ledgerDay != nil }
            let merge = ledgers.count > 1
            var items: [[String: Any]] = []
            for item in mine {
                guard merge, item.ledgerDay != nil else {
                    items.append(context(item))
                    continue
                }
                guard item == ledgers.first else { continue }
                let clocks = Set(ledgers.compactMap { $0.deadline?.minutes })
                let earliest = ledgers.compactMap(\.deadline).min()
                let left = list.moment.flatMap { m in earliest.map { "最早一份" + Self.left(until: $0, from: m) } } ?? ""
                items.append([
                    "what": ledgers.compactMap(\.ledgerDay?.chineseMonthDay).joined(separator: "、") + "走访台账（附件2，共\(ledgers.count)份）",
                    "deadline": clocks.count == 1 ? "各日 \(BulletinContext.clock(clocks.first ?? 0))" : "各日报送时限",
                    "has_deadline": true, "left": left, "has_left": !left.isEmpty,
                    "overdue": list.moment.flatMap { m in earliest.map { m > $0 } } ?? false,
                ])
            }
            // A file that arrived under a name that is not the unit's (misnamed-file): the unit
            // hears which file came under which name, and whether it counted.
            let notes = misnamed[roster.units[u].name] ?? []
            return [
                "notes": notes,
                "has_notes": !notes.isEmpty,
                "index": n + 1,
                "name": roster.units[u].name,
                "contact": contact,
                "has_contact": !contact.isEmpty,
                "items": items,
                "count": items.count,
            ]
        }
        return [
            "campaign": report.plan.campaign,
            "office": report.plan.office,
            "week": report.week.description,
            "issue": report.issueNumber.map { "第\($0)期" } ?? "",
            "report_date": report.reportDate.chineseMonthDay,
            "has_moment": list.moment != nil,
            "as_of": list.moment.map { "\($0.day.chineseMonthDay) \(BulletinContext.clock($0.minutes))" } ?? "",
            "units": units,
            "has_units": !units.isEmpty,
            "unit_count": units.count,
            "item_count": list.items.count,
        ]
    }

    /// The list through the office's template (plain text: nothing HTML-escaped), control
    /// characters dropped, runs of blank lines collapsed, one final line break.
    public static func render(_ list: ChaseList, report: WeekReport, template text: String, path: String) throws -> String {
        let template = try BulletinRenderer.parse(text, path: path)
        let context = context(list, report: report)
        try TemplateWork.check(text, context: context, path: path)
        return BulletinRenderer.clean(template.render(context))
    }

    /// `templates/催报名单.txt` beside the input folder, else in the current folder, else the
    /// one built into the binary (scripts/embed_template.py writes it from the shipped file).
    public static func template(input: URL) throws -> TemplateSource {
        try TemplateLocator.locate(explicit: nil, input: input, kind: .chase)
    }
}
