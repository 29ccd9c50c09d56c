/// One indicator's valid samples for the run's week, from its lead unit's latest list.
public struct IndicatorSamples: Sendable, Hashable {
    public var indicator: Int
    public var lead: Int
    public var valid: Int
    public var quota: Int
    /// Valid samples marked 是否存在分歧或投诉 = 是, by 问题来源.
    public var complaintsBySource: [ComplaintSource: Int]
    /// Rows marked 已替换 in the list that counts.
    public var replaced: Int
    /// 已报送 once any list of the lead unit arrived, else 未报送 — or 未到时限 before
    /// `deadlines.samples`.
    public var submission: SubmissionStatus
    /// Whether 附件1 is due by the week's report (`deadlines.samples`); before it the
    /// indicator is never short (no indicator_short, no 未报送).
    public var due: Bool = true
    /// The list that counts, nil when none arrived.
    public var file: String?

    public var met: Bool { valid >= quota }
    public var shortBy: Int { max(0, quota - valid) }
    /// Short of valid samples once the list is due (what points and shortfalls count).
    public var isShort: Bool { due && shortBy > 0 }
    public var complaints: Int { complaintsBySource.values.reduce(0, +) }
}

/// A lead unit's newer list replacing its earlier one.
public struct SampleResubmission: Sendable, Hashable {
    public struct Change: Sendable, Hashable {
        public var indicator: Int
        public var before: Int
        public var after: Int
    }
    public var unit: Int
    public var file: String
    public var week: ISOWeek
    public var previousFile: String
    public var previousWeek: ISOWeek
    /// Per indicator the unit leads, in indicators.csv order.
    public var changes: [Change]

    public var before: Int { changes.reduce(0) { $0 + $1.before } }
    public var after: Int { changes.reduce(0) { $0 + $1.after } }
}

/// The sample section of a week.
public struct SampleWeek: Sendable {
    public var week: ISOWeek
    public var quota: Int
    /// Every indicator, in indicators.csv order.
    public var indicators: [IndicatorSamples]
    /// The valid samples that count, by indicator (indicators.csv order), then file line.
    public var samples: [Sample]
    /// Lists that arrived this week and replace an earlier list of the same unit.
    public var resubmissions: [SampleResubmission]
    /// Lead units whose first list arrived this week, in roster order.
    public var firstSubmissions: [Int]
    /// Whether any list arrived before this week (else every list is a first one).
    public var hadEarlierLists: Bool
    /// Data rows of sample lists read this week.
    public var rowsRead: Int
    /// 附件1 is due by this week's report (`deadlines.samples`, nil = from the start).
    public var due: Bool = true
    public var deadline: ReceiptTime?

    public var metCount: Int { indicators.filter(\.met).count }
}

/// Pure functions of the validated sample lists.
public enum SampleCounter {
    /// The run week's figures: each lead unit's latest list up to the week (the reading
    /// holds nothing later) replaces its earlier ones.
    public static func week(_ reading: SampleReading, campaign: Campaign, week requested: ISOWeek? = nil) -> SampleWeek {
        let week = requested ?? campaign.week
        let roster = campaign.roster
        let plan = campaign.plan(for: week)
        let quota = plan.samplesPerIndicator
        let due = plan.samplesDue(by: week)
        // Each unit's latest list up to the week, and its latest list before the week: a list
        // arriving this week replaces the one before it (a resubmission, reported once however
        // many lists came this week), or is the unit's first.
        var latest: [Int: SampleList] = [:]
        var beforeWeek: [Int: SampleList] = [:]
        for list in reading.lists where list.file.week <= week {
            if list.file.week < week { beforeWeek[list.unit] = list }
            latest[list.unit] = list
        }
        var resubmissions: [SampleResubmission] = []
        var firstSubmissions: [Int] = []
        for unit in latest.keys.sorted() {
            guard let list = latest[unit], list.file.week == week else { continue }
            guard let previous = beforeWeek[unit] else {
                firstSubmissions.append(unit)
                continue
            }
            let changes = roster.indicators(ledBy: unit).map {
                SampleResubmission.Change(indicator: $0.index, before: previous.valid(for: $0.index), after: list.valid(for: $0.index))
            }
            resubmissions.append(
                SampleResubmission(
                    unit: unit, file: list.file.path, week: list.file.week, previousFile: previous.file.path,
                    previousWeek: previous.file.week, changes: changes))
        }
        firstSubmissions.sort()
        resubmissions.sort { $0.unit < $1.unit }

        var indicators: [IndicatorSamples] = []
        var counted: [Sample] = []
        for ind in roster.indicators {
            let list = latest[ind.lead]
            let mine = list?.samples.filter { $0.indicator == ind.index } ?? []
            let valid = mine.filter(\.counts)
            var bySource: [ComplaintSource: Int] = [:]
            for s in valid where s.complaint { bySource[s.source ?? .other, default: 0] += 1 }
            indicators.append(
                IndicatorSamples(
                    indicator: ind.index, lead: ind.lead, valid: valid.count, quota: quota, complaintsBySource: bySource,
                    replaced: mine.filter { $0.status == .replaced }.count, submission: list != nil ? .submitted : due ? .missing : .notDue,
                    due: due, file: list?.file.path))
            counted.append(contentsOf: valid)
        }
        return SampleWeek(
            week: week, quota: quota, indicators: indicators, samples: counted, resubmissions: resubmissions,
            firstSubmissions: firstSubmissions, hadEarlierLists: reading.lists.contains { $0.file.week < week },
            rowsRead: reading.rowsRead[week] ?? 0, due: due, deadline: plan.samplesDeadline)
    }
}
