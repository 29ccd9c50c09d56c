import Foundation
import Yams

public enum UnitType: String, Sendable, CaseIterable, Codable, Hashable {
    case lead = "牵头单位"
    case responsible = "责任单位"
    case town = "镇街"
}

public enum MediaLevel: String, Sendable, CaseIterable, Codable, Hashable, Comparable {
    case central = "中央级"
    case provincial = "省级"
    case city = "市级"
    case district = "区级"

    var rank: Int { MediaLevel.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: MediaLevel, b: MediaLevel) -> Bool { a.rank < b.rank }
}

public struct DayRange: Sendable, Hashable {
    public var start: Day
    public var end: Day
    public func contains(_ day: Day) -> Bool { start <= day && day <= end }
}

public struct PointRules: Sendable, Hashable {
    public var articleOverQuota = 0.5
    public var articleShort = -1.0
    public var missingSubmission = -2.0
    public var lateSubmission = -1.0
    public var problemOverdue = -2.0
    public var indicatorShort = -1.0
    public var mediaWeight: [MediaLevel: Double] = [.central: 3, .provincial: 2, .city: 1.5, .district: 1]
    public var headlineFactor = 2.0
}

/// The campaign's settings (plan.yaml), with the contract's defaults.
public struct Plan: Sendable, Hashable {
    public var campaign: String
    public var office: String
    public var period: DayRange
    public var visitPeriod: DayRange
    public var samplesHandledSince: Day
    public var problemsClearBy: Day
    public var areaCode: String?
    public var acceptedCreditCodes: Set<String>
    public var reportWeekday: Int
    /// Minutes after midnight, China time.
    public var ledgerDeadline: Int
    public var articlesDeadline: Int
    public var holidays: Set<Day>
    public var workdays: Set<Day>
    public var articleQuota: [UnitType: Int]
    public var samplesPerIndicator: Int
    public var visitCoverage: Double
    public var points: PointRules
    public var rankingRed: Int
    public var rankingBlack: Int
    /// `ranking.by`: the week's ranking orders the week's points, or the cumulative points.
    public var rankingBy: RankingBasis = .week
    /// `deadlines.samples`: when 附件1 is due (nil: due from the start). Before it, no
    /// indicator_short and no 未报送 for 附件1.
    public var samplesDeadline: ReceiptTime?
    /// `bulletin`: the 公文 parts of the bulletin.
    public var bulletin = BulletinSettings()
    /// `tasks`: the 方案's one-off deliverables (材料报送/), in plan order.
    public var tasks: [PlanTask] = []

    /// Whether 附件1 is due by the week's report: its deadline is at or before the report
    /// date at the articles deadline (the moment the week's figures are cut).
    public func samplesDue(by week: ISOWeek) -> Bool {
        guard let d = samplesDeadline else { return true }
        let report = reportDate(of: week)
        return d.day < report || (d.day == report && d.minutes <= articlesDeadline)
    }

    /// The seeds' 2020-08-01 (博山: "自2020年8月1日以来").
    public static let defaultHandledSince = Day(ordinal: 18_475)

    public func quota(for type: UnitType) -> Int { articleQuota[type] ?? 0 }

    /// Who signs the bulletin and the summary: `bulletin.issuer`, else the office.
    public var issuer: String { bulletin.issuer.isEmpty ? office : bulletin.issuer }

    public func isWorkingDay(_ day: Day) -> Bool {
        if workdays.contains(day) { return true }
        if holidays.contains(day) { return false }
        return day.isoWeekday <= 5
    }

    /// The report weekday of the week; if that is a holiday (calendar.holidays), the last
    /// working day before it. A report weekday at the weekend (6 or 7) stands as it is: only
    /// a holiday moves it.
    public func reportDate(of week: ISOWeek) -> Day {
        var day = week.day(isoWeekday: reportWeekday)
        guard holidays.contains(day) else { return day }
        let floor = week.monday.adding(days: -14)
        repeat { day = day.adding(days: -1) } while !isWorkingDay(day) && day > floor
        return day
    }

    /// The ISO weeks the campaign spans; the first is 第1期.
    public var campaignWeeks: [ISOWeek] {
        var weeks: [ISOWeek] = []
        var w = ISOWeek(containing: period.start)
        let last = ISOWeek(containing: period.end)
        while w <= last {
            weeks.append(w)
            w = w.next
        }
        return weeks
    }

    public func issueNumber(of week: ISOWeek) -> Int? {
        campaignWeeks.firstIndex(of: week).map { $0 + 1 }
    }
}

/// Who a task asks: every unit of a type, or units by name / 简称 (as written in the plan;
/// resolved against the roster when the campaign loads).
public enum TaskSenders: Sendable, Hashable {
    case type(UnitType)
    case units([String])

    /// As the plan says it: `牵头单位`, or the names joined with `、`.
    public var text: String {
        switch self {
        case .type(let t): return t.rawValue
        case .units(let names): return names.joined(separator: "、")
        }
    }
}

/// One task of the plan (`tasks:`): a one-off deliverable with its 完成时限.
public struct PlanTask: Sendable, Hashable {
    public var name: String
    public var from: TaskSenders
    /// The 完成时限, China time; a date alone is 24:00 of that day (`minutes` 1440).
    public var due: ReceiptTime
    /// `points.missing` / `points.late`; nil: the plan's missing_submission / late_submission.
    public var missingPoints: Double?
    public var latePoints: Double?

    public init(name: String, from: TaskSenders, due: ReceiptTime, missingPoints: Double? = nil, latePoints: Double? = nil) {
        self.name = name
        self.from = from
        self.due = due
        self.missingPoints = missingPoints
        self.latePoints = latePoints
    }

    /// `2021-09-10 17:00`, or `2021-09-10` for a date alone (24:00).
    public var dueText: String { due.minutes >= 1440 ? due.day.description : due.description }

    /// `9月10日17:00`, or `9月10日` for a date alone: as the bulletin says it.
    public var dueChinese: String {
        let d = due.day.chineseMonthDay
        return due.minutes >= 1440 ? d : "\(d)\(Day.pad(due.minutes / 60)):\(Day.pad(due.minutes % 60))"
    }
}

public enum RankingBasis: String, Sendable, Hashable {
    case week
    case cumulative
}

/// The 公文 parts of the bulletin (plan.yaml `bulletin:`), all optional.
public struct BulletinSettings: Sendable, Hashable {
    /// A list in the text names at most this many items, then "等N个…，详见…".
    public var maxListed = 10
    /// 报：… (e.g. 区委、区政府主要领导); "" prints no line.
    public var recipients = ""
    /// 送：/抄送：…; "" prints no line.
    public var copyTo = ""
    /// Who signs; "" means the office.
    public var issuer = ""
    /// The 附件 list under the body; empty means the workbooks the run writes.
    public var attachments: [String] = []
}

/// A plan.yaml that cannot be used. Stops the run (exit 65).
public struct PlanError: LocalizedError, Sendable, Equatable {
    public var file: String
    public var key: String
    public var problem: String
    public var errorDescription: String? {
        key.isEmpty ? "\(file)：\(problem)" : "\(file)：设置项「\(key)」\(problem)"
    }
}

/// Loads plan.yaml and week overlays. YAML is parsed by Yams into a small tree first so
/// overlays can merge key by key (maps merge, lists replace) before any value is read.
public enum PlanLoader {
    indirect enum Value: Equatable {
        case scalar(String, quoted: Bool)
        case list([Value])
        case map([(String, Value)])

        static func == (a: Value, b: Value) -> Bool {
            switch (a, b) {
            case let (.scalar(x, _), .scalar(y, _)): return x == y
            case let (.list(x), .list(y)): return x == y
            case let (.map(x), .map(y)): return x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1)
            default: return false
            }
        }

        subscript(key: String) -> Value? {
            if case .map(let pairs) = self { return pairs.first(where: { $0.0 == key })?.1 }
            return nil
        }
    }

    /// Bounds on a plan file, checked while it is read so that a hostile one (nested
    /// aliases that expand to billions of nodes, hundreds of thousands of keys) is refused
    /// in well under a second: a real plan has a few dozen keys.
    static let maxBytes = 256 * 1024
    static let maxNodes = 20_000
    static let maxDepth = 16

    static func parse(yaml: String, file: String) throws -> Value {
        guard yaml.utf8.count <= maxBytes else {
            throw PlanError(file: file, key: "", problem: "超过 \(maxBytes / 1024) KB，不像活动计划")
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch {
            throw PlanError(file: file, key: "", problem: "不是有效的 YAML：\(error)")
        }
        guard let node else { return .map([]) }
        var budget = maxNodes
        return try convert(node, file: file, path: "", depth: 0, budget: &budget)
    }

    /// The node as a plain value, walking at most `budget` nodes and `maxDepth` levels:
    /// aliases share their anchor's node, so a small file can stand for an exponential tree.
    static func convert(_ node: Node, file: String, path: String, depth: Int, budget: inout Int) throws -> Value {
        budget -= 1
        guard budget >= 0 else {
            throw PlanError(file: file, key: "", problem: "展开后超过 \(maxNodes) 项（YAML 别名 *alias 展开过大或设置项过多），不像活动计划")
        }
        guard depth <= maxDepth else {
            throw PlanError(file: file, key: path, problem: "嵌套超过 \(maxDepth) 层")
        }
        switch node {
        case .scalar(let s):
            return .scalar(s.string, quoted: s.style != .plain)
        case .sequence(let seq):
            var items: [Value] = []
            for item in seq { items.append(try convert(item, file: file, path: path, depth: depth + 1, budget: &budget)) }
            return .list(items)
        case .mapping(let map):
            var pairs: [(String, Value)] = []
            var seen = Set<String>()
            for (k, v) in map {
                guard case .scalar(let ks) = k else {
                    throw PlanError(file: file, key: path, problem: "的键必须是文字")
                }
                let key = ks.string
                guard seen.insert(key).inserted else {
                    throw PlanError(file: file, key: join(path, key), problem: "重复出现")
                }
                pairs.append((key, try convert(v, file: file, path: join(path, key), depth: depth + 1, budget: &budget)))
            }
            return .map(pairs)
        case .alias:
            throw PlanError(file: file, key: path, problem: "不支持 YAML 别名（*alias）")
        }
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Overlay `top` on `base`: maps merge key by key, anything else replaces.
    static func merge(_ base: Value, _ top: Value) -> Value {
        guard case .map(var pairs) = base, case .map(let overrides) = top else { return top }
        for (key, value) in overrides {
            if let i = pairs.firstIndex(where: { $0.0 == key }) {
                pairs[i].1 = merge(pairs[i].1, value)
            } else {
                pairs.append((key, value))
            }
        }
        return .map(pairs)
    }

    /// Builds the plan from the merged settings. `origin` names, for each top-level
    /// key, the file that last set it, so an error points at the right file.
    static func build(_ root: Value, origin: [String: String], baseFile: String) throws -> Plan {
        let known: Set<String> = [
            "campaign", "office", "period", "visit_period", "samples_handled_since", "problems_clear_by",
            "area_code", "accepted_credit_codes", "report_weekday", "deadlines", "calendar", "quotas",
            "points", "ranking", "bulletin", "tasks",
        ]
        guard case .map(let pairs) = root else {
            throw PlanError(file: baseFile, key: "", problem: "顶层必须是键值映射")
        }
        func fileOf(_ key: String) -> String {
            let top = String(key.split(separator: ".").first ?? "")
            return origin[top] ?? baseFile
        }
        func fail(_ key: String, _ problem: String) -> PlanError {
            PlanError(file: fileOf(key), key: key, problem: problem)
        }
        for (key, _) in pairs where !known.contains(key) {
            throw fail(key, "不是已知的设置项（可用：\(known.sorted().joined(separator: "、"))）")
        }
        func checkKeys(_ value: Value, _ path: String, _ allowed: [String]) throws {
            guard case .map(let sub) = value else { throw fail(path, "必须是键值映射") }
            for (k, _) in sub where !allowed.contains(k) {
                throw fail("\(path).\(k)", "不是已知的设置项（可用：\(allowed.joined(separator: "、"))）")
            }
        }
        func string(_ path: String, _ value: Value?) throws -> String? {
            guard let value else { return nil }
            guard case .scalar(let s, _) = value else { throw fail(path, "必须是文字") }
            return s
        }
        func requiredString(_ key: String) throws -> String {
            guard let s = try string(key, root[key]), !Text.trim(s).isEmpty else {
                throw fail(key, "缺失（必填）")
            }
            return Text.trim(s)
        }
        func day(_ path: String, _ value: Value?) throws -> Day? {
            guard let s = try string(path, value) else { return nil }
            guard let d = try? DateParser.parse(s, defaultYear: 0, allowingTime: false).get(), s.contains("-") || s.contains("/") else {
                throw fail(path, "不是有效日期（应为 2021-08-30 形式）：\(s)")
            }
            return d
        }
        func range(_ key: String) throws -> DayRange? {
            guard let v = root[key] else { return nil }
            try checkKeys(v, key, ["start", "end"])
            guard let s = try day("\(key).start", v["start"]) else { throw fail("\(key).start", "缺失") }
            guard let e = try day("\(key).end", v["end"]) else { throw fail("\(key).end", "缺失") }
            guard s <= e else { throw fail(key, "结束日期 \(e) 早于开始日期 \(s)") }
            return DayRange(start: s, end: e)
        }
        func number(_ path: String, _ value: Value?) throws -> Double? {
            guard let s = try string(path, value) else { return nil }
            guard let d = Double(Text.trim(s)), d.isFinite else { throw fail(path, "必须是数字：\(s)") }
            // Points and weights are small numbers; a bound keeps every sum exact and printable.
            guard abs(d) <= 1_000_000 else { throw fail(path, "超出合理范围（绝对值不超过 1000000）：\(s)") }
            return d
        }
        func integer(_ path: String, _ value: Value?, min: Int = 0, max: Int = .max) throws -> Int? {
            guard let s = try string(path, value) else { return nil }
            guard let n = Int(Text.trim(s)) else { throw fail(path, "必须是整数：\(s)") }
            guard n >= min else { throw fail(path, n < 0 ? "不能为负数：\(n)" : "不能小于 \(min)：\(n)") }
            guard n <= max else { throw fail(path, "不能大于 \(max)：\(n)") }
            return n
        }
        func dayList(_ path: String, _ value: Value?) throws -> [Day] {
            guard let value else { return [] }
            guard case .list(let items) = value else { throw fail(path, "必须是列表，如 [2021-09-20]") }
            return try items.enumerated().map { i, v in
                guard let d = try day("\(path)[\(i)]", v) else { throw fail(path, "含空项") }
                return d
            }
        }

        let campaign = try requiredString("campaign")
        let office = try requiredString("office")
        guard let period = try range("period") else { throw fail("period", "缺失（必填，如 {start: 2021-08-27, end: 2021-09-10}）") }
        // A campaign runs weeks or months: two years is far beyond any plan the seeds know,
        // and a century would be numbered 第5214期.
        guard period.start.days(until: period.end) <= 731 else {
            throw fail("period", "超过两年（\(period.start)—\(period.end)），请核对年份")
        }
        let visit = try range("visit_period") ?? period
        let handledSince = try day("samples_handled_since", root["samples_handled_since"])
            ?? Plan.defaultHandledSince
        let clearBy = try day("problems_clear_by", root["problems_clear_by"]) ?? period.end
        var areaCode: String?
        if let raw = try string("area_code", root["area_code"]) {
            let code = Text.trim(raw)
            if !code.isEmpty {
                guard code.hasPrefix("0"), (3...4).contains(code.count), code.allSatisfy({ $0.isASCII && $0.isNumber })
                else { throw fail("area_code", "应为以 0 开头的 3–4 位区号（如 \"0533\"，请加引号）：\(raw)") }
                areaCode = code
            }
        }
        var accepted: Set<String> = []
        if let v = root["accepted_credit_codes"] {
            guard case .list(let items) = v else { throw fail("accepted_credit_codes", "必须是列表") }
            for (i, item) in items.enumerated() {
                guard let s = try string("accepted_credit_codes[\(i)]", item) else { continue }
                accepted.insert(CreditCode.canonical(s))
            }
        }
        let weekday = try integer("report_weekday", root["report_weekday"], min: 1, max: 7) ?? 5
        var ledger = 16 * 60, articles = 15 * 60
        var samplesDeadline: ReceiptTime?
        if let v = root["deadlines"] {
            try checkKeys(v, "deadlines", ["ledger", "articles", "samples"])
            if let s = try string("deadlines.samples", v["samples"]), !["", "null", "~"].contains(Text.trim(s)) {
                guard let t = DateParser.parseReceipt(s, defaultYear: period.start.year) else {
                    throw fail("deadlines.samples", "应为 \"2021-08-30 12:00\" 形式的日期和时间：\(s)")
                }
                samplesDeadline = t
            }
            for (key, target) in [("ledger", 0), ("articles", 1)] {
                guard let s = try string("deadlines.\(key)", v[key]) else { continue }
                guard let m = DateParser.parseClock(s) else { throw fail("deadlines.\(key)", "应为 \"16:00\" 形式的时间：\(s)") }
                if target == 0 { ledger = m } else { articles = m }
            }
        }
        var holidays: [Day] = [], workdays: [Day] = []
        if let v = root["calendar"] {
            try checkKeys(v, "calendar", ["holidays", "workdays"])
            holidays = try dayList("calendar.holidays", v["holidays"])
            workdays = try dayList("calendar.workdays", v["workdays"])
            if let both = Set(holidays).intersection(workdays).min() {
                throw fail("calendar", "\(both) 同时列为节假日和调休工作日")
            }
        }
        var quota: [UnitType: Int] = [.lead: 5, .responsible: 3, .town: 0]
        var samples = 50
        var coverage = 1.0
        if let v = root["quotas"] {
            try checkKeys(v, "quotas", ["articles_per_week", "samples_per_indicator", "visit_coverage"])
            if let a = v["articles_per_week"] {
                try checkKeys(a, "quotas.articles_per_week", UnitType.allCases.map(\.rawValue))
                for type in UnitType.allCases {
                    if let n = try integer("quotas.articles_per_week.\(type.rawValue)", a[type.rawValue], max: 100_000) {
                        quota[type] = n
                    }
                }
            }
            samples = try integer("quotas.samples_per_indicator", v["samples_per_indicator"], max: 100_000) ?? samples
            if let c = try number("quotas.visit_coverage", v["visit_coverage"]) {
                guard (0...1).contains(c) else { throw fail("quotas.visit_coverage", "应在 0 到 1 之间：\(c)") }
                coverage = c
            }
        }
        var points = PointRules()
        if let v = root["points"] {
            let scalarKeys: [(String, WritableKeyPath<PointRules, Double>)] = [
                ("article_over_quota", \.articleOverQuota), ("article_short", \.articleShort),
                ("missing_submission", \.missingSubmission), ("late_submission", \.lateSubmission),
                ("problem_overdue", \.problemOverdue), ("indicator_short", \.indicatorShort),
                ("headline_factor", \.headlineFactor),
            ]
            try checkKeys(v, "points", scalarKeys.map(\.0) + ["media_weight"])
            for (key, path) in scalarKeys {
                if let n = try number("points.\(key)", v[key]) { points[keyPath: path] = n }
            }
            if points.headlineFactor < 0 { throw fail("points.headline_factor", "不能为负数") }
            if let w = v["media_weight"] {
                try checkKeys(w, "points.media_weight", MediaLevel.allCases.map(\.rawValue))
                for level in MediaLevel.allCases {
                    if let n = try number("points.media_weight.\(level.rawValue)", w[level.rawValue]) {
                        guard n >= 0 else { throw fail("points.media_weight.\(level.rawValue)", "不能为负数：\(n)") }
                        points.mediaWeight[level] = n
                    }
                }
            }
        }
        var red = 3, black = 3
        var by = RankingBasis.week
        if let v = root["ranking"] {
            try checkKeys(v, "ranking", ["red", "black", "by"])
            red = try integer("ranking.red", v["red"], max: 10_000) ?? red
            black = try integer("ranking.black", v["black"], max: 10_000) ?? black
            if let s = try string("ranking.by", v["by"]) {
                guard let b = RankingBasis(rawValue: Text.trim(s)) else {
                    throw fail("ranking.by", "应为 week（按本周得分）或 cumulative（按累计得分）：\(s)")
                }
                by = b
            }
        }
        var bulletin = BulletinSettings()
        if let v = root["bulletin"] {
            try checkKeys(v, "bulletin", ["max_listed", "recipients", "copy_to", "issuer", "attachments"])
            bulletin.maxListed = try integer("bulletin.max_listed", v["max_listed"], min: 1, max: 10_000) ?? bulletin.maxListed
            bulletin.recipients = Text.trim(try string("bulletin.recipients", v["recipients"]) ?? "")
            bulletin.copyTo = Text.trim(try string("bulletin.copy_to", v["copy_to"]) ?? "")
            bulletin.issuer = Text.trim(try string("bulletin.issuer", v["issuer"]) ?? "")
            if let a = v["attachments"] {
                guard case .list(let items) = a else { throw fail("bulletin.attachments", "必须是列表，如 [通报附表, 数据问题清单]") }
                bulletin.attachments = try items.enumerated().compactMap { i, item in
                    let s = Text.trim(try string("bulletin.attachments[\(i)]", item) ?? "")
                    return s.isEmpty ? nil : s
                }
            }
        }
        var tasks: [PlanTask] = []
        if let v = root["tasks"] {
            guard case .list(let items) = v else {
                throw fail("tasks", "必须是列表（每项含 name、from、due）")
            }
            var names = Set<String>()
            for (i, item) in items.enumerated() {
                let path = "tasks[\(i)]"
                try checkKeys(item, path, ["name", "from", "due", "points"])
                let name = Text.trim(try string("\(path).name", item["name"]) ?? "")
                guard !name.isEmpty else { throw fail("\(path).name", "缺失（必填，如 工作总结及案例）") }
                guard !name.contains("/") && !name.contains("_") else {
                    throw fail("\(path).name", "不能含「/」或「_」（文件名用「单位_任务名」分隔）：\(name)")
                }
                guard names.insert(Text.comparisonKey(name)).inserted else { throw fail("\(path).name", "重复：\(name)") }
                let from: TaskSenders
                switch item["from"] {
                case .scalar(let s, _)?:
                    let t = Text.trim(s)
                    if let type = UnitType(rawValue: t) {
                        from = .type(type)
                    } else if !t.isEmpty {
                        from = .units(t.split(whereSeparator: { $0 == "、" || $0 == "," || $0 == "，" }).map { Text.trim(String($0)) }.filter { !$0.isEmpty })
                    } else {
                        throw fail("\(path).from", "缺失（单位类型如 牵头单位，或单位名称列表）")
                    }
                case .list(let names)?:
                    let list = try names.enumerated().map { j, n in Text.trim(try string("\(path).from[\(j)]", n) ?? "") }.filter { !$0.isEmpty }
                    guard !list.isEmpty else { throw fail("\(path).from", "不能为空列表") }
                    from = .units(list)
                default:
                    throw fail("\(path).from", "缺失（单位类型如 牵头单位，或单位名称列表）")
                }
                guard let rawDue = try string("\(path).due", item["due"]), !Text.trim(rawDue).isEmpty else {
                    throw fail("\(path).due", "缺失（完成时限，如 \"2021-09-10 17:00\" 或 2021-09-10）")
                }
                let due: ReceiptTime
                if let t = DateParser.parseReceipt(rawDue, defaultYear: period.start.year) {
                    due = t
                } else if let d = try day("\(path).due", item["due"]) {
                    due = ReceiptTime(day: d, minutes: 1440)
                } else {
                    throw fail("\(path).due", "应为 \"2021-09-10 17:00\" 或 2021-09-10 形式：\(rawDue)")
                }
                var task = PlanTask(name: name, from: from, due: due)
                if let p = item["points"] {
                    try checkKeys(p, "\(path).points", ["missing", "late"])
                    task.missingPoints = try number("\(path).points.missing", p["missing"])
                    task.latePoints = try number("\(path).points.late", p["late"])
                }
                tasks.append(task)
            }
        }
        return Plan(
            campaign: campaign, office: office, period: period, visitPeriod: visit,
            samplesHandledSince: handledSince, problemsClearBy: clearBy, areaCode: areaCode,
            acceptedCreditCodes: accepted, reportWeekday: weekday, ledgerDeadline: ledger,
            articlesDeadline: articles, holidays: Set(holidays), workdays: Set(workdays),
            articleQuota: quota, samplesPerIndicator: samples, visitCoverage: coverage, points: points,
            rankingRed: red, rankingBlack: black, rankingBy: by, samplesDeadline: samplesDeadline, bulletin: bulletin, tasks: tasks)
    }

    /// The plan in force for each week: the base file with every week overlay up to that
    /// week merged on top, so changing the plan never changes a past week.
    public static func plans(
        base: (file: String, text: String), overlays: [(week: ISOWeek, file: String, text: String)],
        weeks: [ISOWeek]
    ) throws -> (base: Plan, byWeek: [ISOWeek: Plan]) {
        var merged = try parse(yaml: base.text, file: base.file)
        var origin: [String: String] = [:]
        let basePlan = try build(merged, origin: origin, baseFile: base.file)
        var byWeek: [ISOWeek: Plan] = [:]
        var current = basePlan
        let sortedOverlays = overlays.sorted { $0.week < $1.week }
        var next = 0
        for week in weeks.sorted() {
            while next < sortedOverlays.count && sortedOverlays[next].week <= week {
                let overlay = sortedOverlays[next]
                let top = try parse(yaml: overlay.text, file: overlay.file)
                guard case .map(let pairs) = top else {
                    throw PlanError(file: overlay.file, key: "", problem: "顶层必须是键值映射（只写本周起要改的设置项）")
                }
                for (k, _) in pairs { origin[k] = overlay.file }
                merged = merge(merged, top)
                current = try build(merged, origin: origin, baseFile: base.file)
                next += 1
            }
            byWeek[week] = current
        }
        return (basePlan, byWeek)
    }
}
