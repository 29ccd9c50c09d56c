import Foundation

/// 材料报送/: the one-off deliverables of the plan's `tasks`. A deliverable is not a table:
/// its content is never read (its name, size and SHA-256 are recorded), so it is a kind of
/// its own in the registry, scanned by the tree, never driven through `FormDriver`.
extension SubmissionKind {
    public static let deliverables = SubmissionKind(
        folder: "材料报送", label: "材料报送（重点任务）", columns: [], requiredColumns: [],
        senders: "方案所列单位（plan.yaml tasks.from）", schedule: .task)
}

/// A file found in `<W>/材料报送/`.
public struct Deliverable: Sendable, Hashable {
    public var week: ISOWeek
    /// Relative to the input folder: `2021-W36/材料报送/区税务局_工作总结及案例.docx`.
    public var path: String
    /// Relative to the week folder, as the receipt log names it.
    public var pathInWeek: String
    /// The file name as found (NFC).
    public var fileName: String
    /// The sending unit (roster index); nil when the name starts with no unit.
    public var unit: Int?
    /// What follows the unit and `_` in the name (the task's name, then anything), without extension.
    public var rest: String
    public var size: Int
    public var url: URL
}

/// What a deliverable's file name says: its unit and its task.
public struct DeliverableName: Sendable, Hashable {
    /// The unit the name starts with (roster index), nil when none.
    public var unit: Int?
    /// The task the name names (index in the task list), nil when none.
    public var task: Int?
    /// When no task is named: the task whose name is closest to what the name says.
    public var closest: Int?

    /// `<unit>_<task name>[anything].<ext>`: the unit is the part before the first `_` (full
    /// name or 简称), the task the longest task name the rest starts with (compared without
    /// padding, NFKC). `区税务局_工作总结及案例_附件2.pdf` and `区税务局_工作总结及案例（二）.docx`
    /// both name 工作总结及案例. Public so `bulletin intake` can ask whether a file names a task.
    public static func parse(fileName: String, tasks: [PlanTask], roster: Roster) -> DeliverableName {
        let name = fileName.precomposedStringWithCanonicalMapping
        let stem = DeliverableName.stem(of: name)
        let (unit, rest) = DeliverableName.unitOf(stem: stem, roster: roster)
        var result = DeliverableName(unit: unit?.index, task: nil, closest: nil)
        let key = Text.comparisonKey(rest)
        var best: (length: Int, index: Int)?
        for (i, task) in tasks.enumerated() {
            let t = Text.comparisonKey(task.name)
            if !t.isEmpty && key.hasPrefix(t) && t.count > (best?.length ?? 0) { best = (t.count, i) }
        }
        if let best {
            result.task = best.index
        } else {
            result.closest = closestTask(to: key, tasks: tasks)
        }
        return result
    }

    /// The unit a deliverable's name starts with: the part before the first `_`, a full name
    /// or 简称 (nil when none), and what follows the `_`.
    static func unitOf(stem: String, roster: Roster) -> (RosterUnit?, String) {
        let parts = stem.split(separator: "_", maxSplits: 1, omittingEmptySubsequences: false)
        let head = parts.first.map(String.init) ?? stem
        return (roster.unit(named: head), parts.count > 1 ? String(parts[1]) : "")
    }

    /// The name without its extension (the part after the last `.`, when that is 1–5 ASCII
    /// letters or digits: `.docx`, `.pdf`, `.jpg`, `.zip`).
    static func stem(of name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        let ext = name[name.index(after: dot)...]
        guard (1...5).contains(ext.count), ext.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return name }
        return String(name[..<dot])
    }

    /// The task sharing the most characters in order with `text` (a longest common
    /// subsequence, at least two characters); ties to the earlier task.
    static func closestTask(to text: String, tasks: [PlanTask]) -> Int? {
        let a = Array(text.prefix(200))
        var best: (score: Int, index: Int)?
        for (i, task) in tasks.enumerated() {
            let b = Array(Text.comparisonKey(task.name).prefix(200))
            guard !a.isEmpty, !b.isEmpty else { continue }
            var prev = Array(repeating: 0, count: b.count + 1)
            for x in a {
                var cur = Array(repeating: 0, count: b.count + 1)
                for (j, y) in b.enumerated() { cur[j + 1] = x == y ? prev[j] + 1 : max(prev[j + 1], cur[j]) }
                prev = cur
            }
            let score = prev[b.count]
            if score >= 2 && score > (best?.score ?? 0) { best = (score, i) }
        }
        return best?.index
    }
}

extension PlanTask {
    /// The roster units the task asks, in roster order; names the roster does not know are
    /// returned apart (the plan is then refused when the campaign loads).
    public func senders(in roster: Roster) -> (units: [Int], unknown: [String]) {
        switch from {
        case .type(let t): return (roster.units.filter { $0.type == t }.map(\.index), [])
        case .units(let names):
            var units = Set<Int>()
            var unknown: [String] = []
            for n in names {
                // A unit type in the list stands for every unit of that type (成员单位 = 牵头单位、责任单位).
                if let type = UnitType(rawValue: n) {
                    units.formUnion(roster.units.filter { $0.type == type }.map(\.index))
                } else if let i = roster.unitIndex(named: n) {
                    units.insert(i)
                } else {
                    unknown.append(n)
                }
            }
            return (units.sorted(), unknown)
        }
    }
}

extension InputTree {
    /// The files of `<W>/材料报送/`: every file is a deliverable whatever its extension; a
    /// name that starts with no unit is a finding (the file counts for nobody).
    mutating func scanDeliverables(folder: URL, week: ISOWeek, roster: Roster, realRoot: String) {
        guard let entries = entries(
            of: folder, kind: .deliverables, week: week, realRoot: realRoot, unreadable: "其中材料未计入")
        else { return }
        for entry in entries {
            let (name, url, pathInWeek, path) = (entry.name, entry.url, entry.pathInWeek, entry.path)
            guard !InputTree.isDirectory(url) else {
                findings.append(
                    Finding(
                        code: .strayFile, file: path, line: 0,
                        message: "「\(name)」是文件夹，未读取；请把材料文件（或其压缩包）直接放在「材料报送」中"))
                continue
            }
            let normalised = name.precomposedStringWithCanonicalMapping
            if normalised.hasPrefix("~$") {
                findings.append(
                    Finding(
                        code: .strayFile, file: path, line: 0,
                        message: "「\(name)」是 Office/WPS 打开文档时生成的临时文件，未计入；关闭文档后可删除"))
                continue
            }
            let stem = DeliverableName.stem(of: normalised)
            let (unit, rest) = DeliverableName.unitOf(stem: stem, roster: roster)
            let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
            if unit == nil {
                let head = stem.split(separator: "_", maxSplits: 1).first.map(String.init) ?? stem
                let hint = roster.suggestion(for: stem).map { "；是否为「\($0.name)」？" } ?? ""
                findings.append(
                    Finding(
                        code: .unknownUnitFile, file: path, line: 0, value: head,
                        message: "材料「\(name)」开头的单位「\(head)」不在单位名册（units.csv）中，未计入\(hint)请按「单位名称_任务名称」命名"))
            }
            deliverables.append(
                Deliverable(
                    week: week, path: path, pathInWeek: pathInWeek, fileName: normalised, unit: unit?.index, rest: rest,
                    size: size, url: url))
        }
    }
}

extension Campaign {
    /// The findings about each deliverable's name, with the plan in force for its week: no
    /// task named (`unknown-task`, with the closest task), or a unit the task does not ask
    /// (`task-not-expected`).
    static func deliverableFindings(_ files: [Deliverable], plans: [ISOWeek: Plan], base: Plan, roster: Roster) -> [Finding] {
        var findings: [Finding] = []
        for file in files {
            guard let unit = file.unit else { continue }
            let tasks = (plans[file.week] ?? base).tasks
            let unitName = roster.units[unit].name
            let parsed = DeliverableName.parse(fileName: file.fileName, tasks: tasks, roster: roster)
            guard let t = parsed.task else {
                let hint = parsed.closest.map { "；是否为「\(tasks[$0].name)」？请改名为「\(unitName)_\(tasks[$0].name)」" }
                    ?? (tasks.isEmpty ? "；活动计划中没有重点任务" : "；任务有：\(tasks.map(\.name).joined(separator: "、"))")
                findings.append(
                    Finding(
                        code: .unknownTask, unit: unitName, file: file.path, line: 0, value: file.rest,
                        message: "材料「\(file.fileName)」的名称未写明活动计划中的任务，未计入\(hint)"))
                continue
            }
            if !tasks[t].senders(in: roster).units.contains(unit) {
                findings.append(
                    Finding(
                        code: .taskNotExpected, unit: unitName, file: file.path, line: 0, value: tasks[t].name,
                        message: "任务「\(tasks[t].name)」不要求\(unitName)报送（报送单位：\(tasks[t].from.text)），材料已收到，未计入"))
            }
        }
        return findings
    }
}
