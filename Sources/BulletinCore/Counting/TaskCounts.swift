/// One unit's standing on one task at a week's report.
public struct TaskUnitStatus: Sendable, Hashable {
    public var unit: Int
    /// 按时, 迟报, 已报送 (no logged time), 未报送 (due and nothing), 未到时限 (not due, nothing yet).
    public var status: SubmissionStatus
    /// The first logged arrival among its files.
    public var receivedAt: ReceiptTime?
    /// Its files for the task (input-relative paths), in folder then code-point order.
    public var files: [String]
    /// A file of it is in the week's own folder.
    public var newThisWeek: Bool
}

/// One task of the plan as a week sees it.
public struct TaskState: Sendable, Hashable {
    public var task: PlanTask
    /// The campaign week whose points the task counts in: the first whose report date is on
    /// or after its due date (the last campaign week if none).
    public var pointsWeek: ISOWeek
    /// Whether the task is due by the week (its points week is the week or earlier).
    public var isDue: Bool
    /// Its points week is the next week: due within the coming week.
    public var dueNextWeek: Bool
    /// The units the task asks, roster order.
    public var units: [TaskUnitStatus]

    public var expected: Int { units.count }
    public var received: Int { units.filter { $0.status.isReceived }.count }
    public var late: Int { units.filter { $0.status == .late }.count }
    public var missing: [Int] { units.filter { $0.status == .missing }.map(\.unit) }
    public var notYet: [Int] { units.filter { $0.status == .missing || $0.status == .notDue }.map(\.unit) }
    public var hasNew: Bool { units.contains { $0.newThisWeek } }
}

/// The plan's tasks at a week's report.
public struct TaskWeek: Sendable, Hashable {
    public var week: ISOWeek
    public var tasks: [TaskState]
    public static func empty(_ week: ISOWeek) -> TaskWeek { TaskWeek(week: week, tasks: []) }
}

/// One unit's task points in one week.
public struct TaskPoints: Sendable, Hashable {
    public var points = 0.0
    public var missing = 0
    public var late = 0
}

public enum TaskCounter {
    /// The first campaign week whose report date is on or after the task's due date; the
    /// last campaign week when none is.
    public static func pointsWeek(of task: PlanTask, plan: Plan) -> ISOWeek {
        let weeks = plan.campaignWeeks
        return weeks.first { plan.reportDate(of: $0) >= task.due.day } ?? weeks.last ?? ISOWeek(containing: task.due.day)
    }

    /// Each deliverable's unit and task (index in `tasks`), for the files of folders ≤ `upTo`
    /// that name a task their unit is asked for.
    static func files(
        _ campaign: Campaign, tasks: [PlanTask], upTo week: ISOWeek
    ) -> [TaskKey: [Deliverable]] {
        var byKey: [TaskKey: [Deliverable]] = [:]
        let senders = tasks.map { Set($0.senders(in: campaign.roster).units) }
        for file in campaign.tree.deliverables where file.week <= week {
            guard let unit = file.unit else { continue }
            let parsed = DeliverableName.parse(fileName: file.fileName, tasks: tasks, roster: campaign.roster)
            guard let t = parsed.task, senders[t].contains(unit) else { continue }
            byKey[TaskKey(task: t, unit: unit), default: []].append(file)
        }
        return byKey
    }

    struct TaskKey: Hashable {
        var task: Int
        var unit: Int
    }

    /// The tasks of the plan in force for the run's week, at its report.
    public static func week(_ campaign: Campaign) -> TaskWeek {
        let week = campaign.week
        let plan = campaign.plan
        let tasks = plan.tasks
        guard !tasks.isEmpty else { return .empty(week) }
        let byKey = files(campaign, tasks: tasks, upTo: week)
        return TaskWeek(
            week: week,
            tasks: tasks.enumerated().map { t, task in
                let pw = pointsWeek(of: task, plan: plan)
                let due = pw <= week
                let units = task.senders(in: campaign.roster).units.map { unit -> TaskUnitStatus in
                    let list = byKey[TaskKey(task: t, unit: unit)] ?? []
                    let earliest = list.compactMap { campaign.logs[$0.week]?.time(of: $0.pathInWeek) }.min()
                    let status: SubmissionStatus
                    if list.isEmpty {
                        status = due ? .missing : .notDue
                    } else if let earliest {
                        status = earliest <= task.due ? .onTime : .late
                    } else {
                        status = .submitted
                    }
                    return TaskUnitStatus(
                        unit: unit, status: status, receivedAt: earliest, files: list.map(\.path),
                        newThisWeek: list.contains { $0.week == week })
                }
                return TaskState(task: task, pointsWeek: pw, isDue: due, dueNextWeek: pw == week.next, units: units)
            })
    }

    /// Each campaign week ≤ the run's week: the task points of every unit (roster index). A
    /// task counts once, in the first week whose plan has it and whose report date is on or
    /// after its due date: `late` when its first logged file came after the due time but by
    /// the end of that report date, `missing` when none had come by then (a file without a
    /// logged time is 已报送 and scores nothing).
    public static func points(_ campaign: Campaign, weeks: [ISOWeek]) -> [ISOWeek: [Int: TaskPoints]] {
        var result: [ISOWeek: [Int: TaskPoints]] = [:]
        var scored = Set<String>()
        for week in weeks {
            let plan = campaign.plan(for: week)
            let due = plan.tasks.enumerated().filter { _, task in
                !scored.contains(Text.comparisonKey(task.name)) && pointsWeek(of: task, plan: plan) <= week
            }
            guard !due.isEmpty else { continue }
            let byKey = files(campaign, tasks: plan.tasks, upTo: week)
            let cutoff = ReceiptTime(day: plan.reportDate(of: week), minutes: 1440)
            var figures: [Int: TaskPoints] = [:]
            for (t, task) in due {
                scored.insert(Text.comparisonKey(task.name))
                for unit in task.senders(in: campaign.roster).units {
                    let list = byKey[TaskKey(task: t, unit: unit)] ?? []
                    let earliest = list.compactMap { campaign.logs[$0.week]?.time(of: $0.pathInWeek) }.min()
                    let missing: Bool, late: Bool
                    if list.isEmpty {
                        (missing, late) = (true, false)
                    } else if let earliest {
                        (missing, late) = (earliest > cutoff, earliest > task.due && earliest <= cutoff)
                    } else {
                        (missing, late) = (false, false)
                    }
                    if missing {
                        figures[unit, default: TaskPoints()].missing += 1
                        figures[unit, default: TaskPoints()].points += task.missingPoints ?? plan.points.missingSubmission
                    } else if late {
                        figures[unit, default: TaskPoints()].late += 1
                        figures[unit, default: TaskPoints()].points += task.latePoints ?? plan.points.lateSubmission
                    }
                }
            }
            result[week] = figures
        }
        return result
    }
}
