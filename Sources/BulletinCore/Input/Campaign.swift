import Crypto
import Foundation
import XlsxWriter

/// Everything a run knows before counting: the plans, the roster, the tree up to the
/// run's week, the receipt logs.
public struct Campaign: Sendable {
    public var root: URL
    /// The run's week.
    public var week: ISOWeek
    /// The plan in force for the run's week.
    public var plan: Plan
    var plans: [ISOWeek: Plan]
    public var roster: Roster
    public var tree: InputTree
    public var logs: [ISOWeek: ReceiptLog]
    /// Findings about the roster, the tree and the receipt logs.
    public var findings: [Finding]
    /// SHA-256 of every file the campaign itself was read from (plans, roster, receipt
    /// logs), by path relative to the input folder; submission files' are in their results.
    public var digests: [String: String]
    /// The submission forms' kinds the tree was scanned for (`FormRegistry.kinds`).
    public var kinds: [SubmissionKind]
    /// The plan files in force for the run's week, in the order they apply: plan.yaml, then
    /// each week's overlay up to the week (manifest.json records them).
    public var planFiles: [String] = ["plan.yaml"]

    /// What the row rules see of the campaign.
    public var context: CampaignContext { CampaignContext(roster: roster, plans: plans, base: plan) }

    /// The plan in force for a week (the base plan with the overlays up to that week).
    public func plan(for week: ISOWeek) -> Plan { plans[week] ?? plan }

    public func reportDate(of week: ISOWeek) -> Day { plan(for: week).reportDate(of: week) }

    /// The weeks whose figures the run computes: campaign weeks and week folders up to the run's week.
    public var weeksUpToRun: [ISOWeek] { plans.keys.filter { $0 <= week }.sorted() }

    /// The bulletin's period: the week's Monday, or the campaign start if later, to the report date.
    public func period(of week: ISOWeek) -> DayRange {
        let p = plan(for: week)
        let end = p.reportDate(of: week)
        // A holiday on a Monday report day moves the report into the week before: the
        // period is then that one day, never an inverted range.
        return DayRange(start: min(max(week.monday, p.period.start), end), end: end)
    }

    /// How a person reads a week: `第2期`, or `9月3日当周` (its report date) outside the
    /// campaign — never the folder's ISO code.
    public func issueText(_ week: ISOWeek) -> String {
        let plan = plan(for: week)
        if let n = plan.issueNumber(of: week) { return "第\(n)期" }
        return "\(plan.reportDate(of: week).chineseMonthDay)当周"
    }

    public func receipt(of file: SubmissionFile) -> ReceiptTime? { logs[file.week]?.time(of: file.pathInWeek) }

    /// The same campaign as a run for an earlier week would load it: only the folders,
    /// receipt logs, plans and findings up to `earlier`.
    public func restricted(to earlier: ISOWeek) -> Campaign {
        var copy = self
        copy.week = earlier
        copy.plans = plans.filter { $0.key <= earlier }
        copy.plan = plans[earlier] ?? plan
        copy.tree.weeks = tree.weeks.filter { $0 <= earlier }
        copy.tree.files = tree.files.filter { $0.week <= earlier }
        copy.tree.deliverables = tree.deliverables.filter { $0.week <= earlier }
        copy.tree.receiptLogs = tree.receiptLogs.filter { $0.key <= earlier }
        copy.tree.planOverlays = tree.planOverlays.filter { $0.key <= earlier }
        copy.logs = logs.filter { $0.key <= earlier }
        let later = Set(tree.weeks.filter { $0 > earlier }.map { "\($0)/" })
        // Findings in later folders belong to later weeks; so does a mis-cased later folder
        // (`2021-w37`), which a run for `earlier` never looks at.
        let keep: (Finding) -> Bool = { f in
            if later.contains(where: { f.file.hasPrefix($0) }) { return false }
            if f.code == .strayFile, let w = ISOWeek(f.file.uppercased()), w > earlier { return false }
            return true
        }
        copy.tree.findings = tree.findings.filter(keep)
        copy.findings = findings.filter(keep)
        return Campaign(
            root: root, week: copy.week, plan: copy.plan, plans: copy.plans, roster: roster, tree: copy.tree,
            logs: copy.logs, findings: copy.findings, digests: digests.filter { d in !later.contains { d.key.hasPrefix($0) } },
            kinds: kinds, planFiles: planFiles.filter { f in !later.contains { f.hasPrefix($0) } })
    }

    /// Every week `run --all` writes: each campaign week and each week folder (bad ones
    /// aside), in order.
    public static func weeksToReport(input root: URL) throws -> [ISOWeek] {
        let folders = try InputTree.weekFolders(in: root)
        guard let data = try? Data(contentsOf: root.appendingPathComponent("plan.yaml")),
            let text = String(data: data, encoding: .utf8)
        else { throw PlanError(file: "plan.yaml", key: "", problem: "缺失或不是 UTF-8 文本") }
        let base = try PlanLoader.plans(base: ("plan.yaml", text), overlays: [], weeks: []).base
        let bad = InputTree.badWeekFolders(in: root, campaign: base.campaignWeeks).bad
        return Set(base.campaignWeeks + folders.filter { !bad.contains($0.description) }).sorted()
    }

    /// The campaign's weeks as the plans of `folders` make them: the base plan's, and those
    /// of each folder's plan once its overlays up to that folder are applied (an overlay may
    /// extend the period). Overlays are read here only to choose the week; the run reads
    /// those up to its week again.
    static func campaignWeeks(root: URL, folders: [ISOWeek], planText: String, base: Plan) throws -> Set<ISOWeek> {
        var overlays: [(week: ISOWeek, file: String, text: String)] = []
        for folder in folders {
            let url = root.appendingPathComponent("\(folder)/plan.yaml")
            guard FileManager.default.fileExists(atPath: url.path), InputTree.isInside(url, root: root),
                let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8)
            else { continue }
            overlays.append((folder, "\(folder)/plan.yaml", text))
        }
        var weeks = Set(base.campaignWeeks)
        guard !overlays.isEmpty else { return weeks }
        let plans = try PlanLoader.plans(base: ("plan.yaml", planText), overlays: overlays, weeks: folders)
        for folder in folders { if let plan = plans.byWeek[folder], plan.campaignWeeks.contains(folder) { weeks.insert(folder) } }
        return weeks
    }

    /// Loads the input folder for `week` (default: the latest week folder), its tree scanned
    /// for the folders of `kinds`. `Campaign.load(input:week:registry:)` passes the registry's.
    public static func load(input root: URL, week requested: ISOWeek?, kinds: [SubmissionKind]) throws -> Campaign {
        var digests: [String: String] = [:]
        func read(_ url: URL, as path: String) -> Data? {
            guard let data = try? Data(contentsOf: url, options: .alwaysMapped) else { return nil }
            digests[path] = Digest.sha256(data)
            return data
        }
        let folders = try InputTree.weekFolders(in: root)
        let planURL = root.appendingPathComponent("plan.yaml")
        guard InputTree.isInside(planURL, root: root) else {
            throw PlanError(file: "plan.yaml", key: "", problem: "是指向输入文件夹之外的链接，未读取")
        }
        guard let planData = read(planURL, as: "plan.yaml"), let planText = String(data: planData, encoding: .utf8) else {
            throw PlanError(file: "plan.yaml", key: "", problem: "缺失或不是 UTF-8 文本")
        }
        // Overlays are read for every folder up to the week so a past week never sees a later plan.
        var overlayTexts: [(week: ISOWeek, file: String, text: String)] = []
        let basePlan = try PlanLoader.plans(base: ("plan.yaml", planText), overlays: [], weeks: []).base
        let week: ISOWeek
        if let requested {
            guard folders.contains(requested) || basePlan.campaignWeeks.contains(requested) else {
                throw RunError.weekNotFound(
                    "\(requested) 既不是活动周（\(basePlan.campaignWeeks.first?.description ?? "")–\(basePlan.campaignWeeks.last?.description ?? "")），输入中也没有该周文件夹")
            }
            week = requested
        } else {
            // The latest campaign week with a folder; a stray far-off folder (an empty
            // `2999-W01`) never becomes the week of a plain run. The campaign is the one the
            // folders' plans make it: an overlay extending period.end (`2021-W37/plan.yaml`)
            // adds its weeks, so a plain run after it takes the new week, not the last old one.
            let bad = InputTree.badWeekFolders(in: root, campaign: basePlan.campaignWeeks).bad
            let sane = folders.filter { !bad.contains($0.description) }
            let campaignWeeks = try Self.campaignWeeks(root: root, folders: sane, planText: planText, base: basePlan)
            guard let latest = sane.last(where: campaignWeeks.contains) ?? sane.last else {
                throw RunError.inputMissing("\(root.path) 中没有周文件夹（如 2021-W35）")
            }
            week = latest
        }
        for folder in folders where folder <= week {
            let url = root.appendingPathComponent("\(folder)/plan.yaml")
            let rel = "\(folder)/plan.yaml"
            if FileManager.default.fileExists(atPath: url.path) {
                guard InputTree.isInside(url, root: root) else {
                    throw PlanError(file: rel, key: "", problem: "是指向输入文件夹之外的链接，未读取")
                }
                guard let data = read(url, as: rel), let text = String(data: data, encoding: .utf8) else {
                    throw PlanError(file: rel, key: "", problem: "无法读取或不是 UTF-8 文本")
                }
                overlayTexts.append((folder, rel, text))
            }
        }
        let weeks = Set(folders.filter { $0 <= week } + basePlan.campaignWeeks.filter { $0 <= week } + [week])
        let plans = try PlanLoader.plans(base: ("plan.yaml", planText), overlays: overlayTexts, weeks: Array(weeks))

        var findings: [Finding] = []
        let (roster, rosterData) = try RosterLoader.load(
            folder: root.appendingPathComponent("roster"), relativeTo: root, findings: &findings)
        // The roster's digests (a province's enterprises.csv is 100 MB) beside the tree scan.
        let rosterDigests = Background { rosterData.mapValues(Digest.sha256) }

        let tree = try InputTree.scan(
            root: root, upTo: week, roster: roster, kinds: kinds, campaign: basePlan.campaignWeeks)
        findings.append(contentsOf: tree.findings)
        // A task's `from` names units of the roster: a name it does not know is the plan's error.
        for w in plans.byWeek.keys.sorted() {
            guard let p = plans.byWeek[w] else { continue }
            for (i, task) in p.tasks.enumerated() {
                let unknown = task.senders(in: roster).unknown
                guard unknown.isEmpty else {
                    let file = overlayTexts.last(where: { $0.week <= w })?.file ?? "plan.yaml"
                    throw PlanError(
                        file: file, key: "tasks[\(i)].from",
                        problem: "中的单位不在单位名册（units.csv）中：\(unknown.joined(separator: "、"))")
                }
            }
        }
        findings += deliverableFindings(tree.deliverables, plans: plans.byWeek, base: plans.base, roster: roster)
        // A deliverable's content is never read, only hashed: verify names an added, changed
        // or removed one, and the manifest lists them.
        for d in tree.deliverables { _ = read(d.url, as: d.path) }
        var logs: [ISOWeek: ReceiptLog] = [:]
        for (w, url) in tree.receiptLogs {
            let rel = "\(w)/报送登记.csv"
            guard let data = read(url, as: rel) else { continue }
            let existing = Set(
                tree.files.filter { $0.week == w }.map { ReceiptLog.key($0.pathInWeek) }
                    + tree.deliverables.filter { $0.week == w }.map { ReceiptLog.key($0.pathInWeek) })
            logs[w] = ReceiptLog.parse(
                data, file: rel, defaultYear: plans.byWeek[w]?.period.start.year ?? basePlan.period.start.year,
                existing: existing, findings: &findings)
        }
        digests.merge(rosterDigests.value()) { a, _ in a }
        return Campaign(
            root: root, week: week, plan: plans.byWeek[week] ?? plans.base, plans: plans.byWeek, roster: roster,
            tree: tree, logs: logs, findings: findings, digests: digests, kinds: kinds,
            planFiles: ["plan.yaml"] + overlayTexts.map(\.file))
    }
}

/// The campaign as the row rules see it: plans per week and the roster. A value, shared
/// read-only by the file readers running in parallel.
public struct CampaignContext: Sendable {
    public var roster: Roster
    var plans: [ISOWeek: Plan]
    var base: Plan

    public init(roster: Roster, plans: [ISOWeek: Plan], base: Plan) {
        self.roster = roster
        self.plans = plans
        self.base = base
    }

    public func plan(for week: ISOWeek) -> Plan { plans[week] ?? base }
}
