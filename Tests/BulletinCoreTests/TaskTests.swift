import Foundation
import Testing
@testable import BulletinCore

/// 重点任务 (plan.yaml `tasks`, 材料报送/): statuses, points once at the due week, findings.
/// Trees are the 临江 fixture (report Thursday; W11's Thursday 3月14日 is a holiday, so its
/// report is Wednesday 3月13日; the campaign ends 3月20日, in W12) with tasks planted.
@Suite struct TaskTests: EditsFixture {
    static let tasks = """

        tasks:
          - name: 工作总结
            from: [区发改局, 区税务局, 区司法局]
            due: "2024-03-12 17:00"
          - name: 落实情况
            from: [区司法局, 区应急局]
            due: 2024-03-25
            points: {missing: -5, late: -3}

        """

    /// 工作总结, due Tuesday of W11: 区发改局 on time, 区税务局 late (the report day), 区司法局
    /// sends only a misnamed file (missing), 区应急局 is not asked; 落实情况 is due after the
    /// campaign ends: 区应急局's file has no logged time (已报送), 区司法局 sends nothing.
    func plantedTree() throws -> URL {
        try tree { root in
            let plan = root.appendingPathComponent("plan.yaml")
            try (String(contentsOf: plan, encoding: .utf8) + Self.tasks).write(to: plan, atomically: true, encoding: .utf8)
            for name in [
                "区发展和改革局_工作总结.docx", "区税务局_工作总结.pdf", "区司法局_工做总结.docx", "区应急局_工作总结.docx",
                "未知单位_工作总结.docx", "区应急管理局_落实情况（签字版）.pdf",
            ] {
                try write("材料\n", "2024-W11/材料报送/\(name)", in: root)
            }
            let log = root.appendingPathComponent("2024-W11/报送登记.csv")
            let rows = """
                材料报送/区发展和改革局_工作总结.docx,2024-03-12 10:00
                材料报送/区税务局_工作总结.pdf,2024-03-13 21:30
                材料报送/区司法局_工做总结.docx,2024-03-12 09:00

                """
            try (String(contentsOf: log, encoding: .utf8) + rows).write(to: log, atomically: true, encoding: .utf8)
        }
    }

    func unit(_ c: Campaign, _ name: String) -> Int { c.roster.unitIndex(named: name) ?? -1 }

    @Test func theBasePlanWithoutTasksHasNone() throws {
        #expect(try Fixtures.campaign("2024-W11").plan.tasks.isEmpty)
    }

    @Test func aTaskDueMidWeekIsOnTimeLateMissingAndMisnamedFilesAreFindings() throws {
        let root = try plantedTree()
        defer { try? FileManager.default.removeItem(at: root) }
        let c = try Fixtures.campaign("2024-W11", input: root)
        let report = ReportBuilder.build(c)
        let work = try #require(report.tasks.first { $0.task.name == "工作总结" })
        #expect(work.pointsWeek == ISOWeek("2024-W11"))
        #expect(work.isDue)
        let status = Dictionary(uniqueKeysWithValues: work.units.map { (c.roster.units[$0.unit].name, $0.status) })
        #expect(status == ["区发展和改革局": .onTime, "区税务局": .late, "区司法局": .missing])
        #expect((work.expected, work.received, work.late) == (3, 2, 1))
        #expect(work.missing == [unit(c, "区司法局")])

        let spots = report.findings.spots
        #expect(spots.contains(Spot("2024-W11/材料报送/区司法局_工做总结.docx", 0, "", .unknownTask)))
        #expect(spots.contains(Spot("2024-W11/材料报送/区应急局_工作总结.docx", 0, "", .taskNotExpected)))
        #expect(spots.contains(Spot("2024-W11/材料报送/未知单位_工作总结.docx", 0, "", .unknownUnitFile)))
        // Deliverables are in the receipt log's folder: no receipt-unknown-file for them.
        #expect(!report.findings.contains { $0.code == .receiptUnknownFile && $0.value.hasPrefix("材料报送/") })
        // The misnamed file's finding names the closest task.
        let misnamed = try #require(report.findings.first { $0.code == .unknownTask })
        #expect(misnamed.message.contains("区司法局_工作总结"))
        #expect(misnamed.unit == "区司法局")
    }

    @Test func aFileNameNamesItsUnitAndTask() throws {
        let c = try Fixtures.campaign("2024-W11")
        let tasks = [
            PlanTask(name: "工作总结", from: .type(.lead), due: ReceiptTime(day: Day(year: 2024, month: 3, day: 12)!, minutes: 1440)),
            PlanTask(name: "工作总结及案例", from: .type(.lead), due: ReceiptTime(day: Day(year: 2024, month: 3, day: 12)!, minutes: 1440)),
        ]
        let a = DeliverableName.parse(fileName: "区税务局_工作总结及案例_2.pdf", tasks: tasks, roster: c.roster)
        #expect(a.unit == unit(c, "区税务局") && a.task == 1)
        let b = DeliverableName.parse(fileName: "区发改局_工作总结.docx", tasks: tasks, roster: c.roster)
        #expect(b.unit == unit(c, "区发展和改革局") && b.task == 0)
        let d = DeliverableName.parse(fileName: "区税务局_总结材料.zip", tasks: tasks, roster: c.roster)
        #expect(d.task == nil && d.closest == 0)
        let e = DeliverableName.parse(fileName: "税务_工作总结.docx", tasks: tasks, roster: c.roster)
        #expect(e.unit == nil && e.task == 0)
    }

    /// Points once, in the due week: 区税务局 −1 (late, by the end of the report day),
    /// 区司法局 −2 (missing), 区发改局 nothing; the total and the rank recomputed by hand.
    @Test func pointsAndRanksRecomputedByHand() throws {
        let root = try plantedTree()
        defer { try? FileManager.default.removeItem(at: root) }
        let with = ReportBuilder.build(try Fixtures.campaign("2024-W11", input: root))
        let without = ReportBuilder.build(try Fixtures.campaign("2024-W11"))
        let c = with.campaign
        for (name, task, missing, late) in [("区税务局", -1.0, 0, 1), ("区司法局", -2.0, 1, 0), ("区发展和改革局", 0.0, 0, 0)] {
            let u = try #require(with.assessment.unit(unit(c, name)))
            let before = try #require(without.assessment.unit(unit(c, name)))
            #expect(u.breakdown.task == task, "\(name)")
            #expect((u.inputs.tasksMissing, u.inputs.tasksLate) == (missing, late), "\(name)")
            #expect(u.total == Points.rounded(before.total + task), "\(name)")
            #expect(u.cumulative == Points.rounded(before.cumulative + task), "\(name)")
        }
        // 区司法局's rank: one more than the units with more points this week.
        let judicial = try #require(with.assessment.unit(unit(c, "区司法局")))
        let higher = with.assessment.units.filter { $0.total > judicial.total }.count
        #expect(judicial.rank == higher + 1)
        // W10 knows nothing of the tasks' points.
        let w10 = ReportBuilder.build(try Fixtures.campaign("2024-W10", input: root))
        #expect(w10.assessment.units.allSatisfy { $0.breakdown.task == 0 })
    }

    /// 落实情况 is due 3月25日 (a date alone: 24:00), after the campaign's end: it counts in the
    /// last campaign week, W12, with its own points; an unlogged file is 已报送 and scores nothing.
    @Test func aTaskDueAfterTheCampaignCountsInItsLastWeek() throws {
        let root = try plantedTree()
        defer { try? FileManager.default.removeItem(at: root) }
        let c11 = try Fixtures.campaign("2024-W11", input: root)
        let task = try #require(c11.plan.tasks.first { $0.name == "落实情况" })
        #expect(task.due == ReceiptTime(day: Day(year: 2024, month: 3, day: 25)!, minutes: 1440))
        #expect(task.dueText == "2024-03-25")
        let w11 = ReportBuilder.build(c11)
        let state11 = try #require(w11.tasks.first { $0.task.name == "落实情况" })
        #expect(!state11.isDue && state11.pointsWeek == ISOWeek("2024-W12"))
        #expect(state11.units.map(\.status) == [.notDue, .submitted])
        // In W11 区司法局 loses only 工作总结's points; 落实情况 waits for W12.
        #expect(w11.assessment.unit(unit(c11, "区司法局"))?.breakdown.task == -2)

        let w12 = ReportBuilder.build(try Fixtures.campaign("2024-W12", input: root))
        let state12 = try #require(w12.tasks.first { $0.task.name == "落实情况" })
        #expect(state12.isDue)
        #expect(state12.units.map(\.status) == [.missing, .submitted])
        #expect(w12.assessment.unit(unit(c11, "区司法局"))?.breakdown.task == -5)
        #expect(w12.assessment.unit(unit(c11, "区应急管理局"))?.breakdown.task == 0)
        // 工作总结 scored in W11 and never again.
        #expect(w12.assessment.unit(unit(c11, "区税务局"))?.breakdown.task == 0)
    }

    /// A date alone is 24:00 of that day: a file logged at 23:30 of the due day is on time.
    @Test func aDateOnlyDueIsTheEndOfThatDay() throws {
        let root = try tree { root in
            let plan = root.appendingPathComponent("plan.yaml")
            try (String(contentsOf: plan, encoding: .utf8) + "\ntasks:\n  - {name: 方案, from: 牵头单位, due: 2024-03-12}\n")
                .write(to: plan, atomically: true, encoding: .utf8)
            try write("x", "2024-W11/材料报送/区税务局_方案.docx", in: root)
            try write("x", "2024-W11/材料报送/区发改局_方案.docx", in: root)
            let log = root.appendingPathComponent("2024-W11/报送登记.csv")
            try (String(contentsOf: log, encoding: .utf8) + "材料报送/区税务局_方案.docx,2024-03-12 23:30\n材料报送/区发改局_方案.docx,2024-03-13 00:10\n")
                .write(to: log, atomically: true, encoding: .utf8)
        }
        defer { try? FileManager.default.removeItem(at: root) }
        let report = ReportBuilder.build(try Fixtures.campaign("2024-W11", input: root))
        let c = report.campaign
        let state = try #require(report.tasks.first)
        let status = Dictionary(uniqueKeysWithValues: state.units.map { (c.roster.units[$0.unit].name, $0.status) })
        #expect(status == ["区发展和改革局": .late, "区税务局": .onTime])
    }

    /// Several files for one task: the first logged arrival decides; a later one changes nothing.
    @Test func theFirstOfSeveralFilesCounts() throws {
        let root = try tree { root in
            let plan = root.appendingPathComponent("plan.yaml")
            try (String(contentsOf: plan, encoding: .utf8) + "\ntasks:\n  - {name: 方案, from: [区税务局], due: \"2024-03-12 12:00\"}\n")
                .write(to: plan, atomically: true, encoding: .utf8)
            try write("x", "2024-W11/材料报送/区税务局_方案_附件.pdf", in: root)
            try write("x", "2024-W11/材料报送/区税务局_方案.docx", in: root)
            let log = root.appendingPathComponent("2024-W11/报送登记.csv")
            try (String(contentsOf: log, encoding: .utf8) + "材料报送/区税务局_方案_附件.pdf,2024-03-12 15:00\n材料报送/区税务局_方案.docx,2024-03-12 11:00\n")
                .write(to: log, atomically: true, encoding: .utf8)
        }
        defer { try? FileManager.default.removeItem(at: root) }
        let report = ReportBuilder.build(try Fixtures.campaign("2024-W11", input: root))
        let unit = try #require(report.tasks.first?.units.first)
        #expect(unit.status == .onTime)
        #expect(unit.receivedAt == ReceiptTime(day: Day(year: 2024, month: 3, day: 12)!, minutes: 11 * 60))
        #expect(unit.files.count == 2)
        #expect(report.assessment.unit(unit.unit)?.breakdown.task == 0)
    }

    /// A week overlay adds a task (its list replaces the earlier one): W10 has none and its
    /// file naming the task is `unknown-task`; from W11 the same file counts.
    @Test func aPlanOverlayAddsATask() throws {
        let root = try tree { root in
            let overlay = root.appendingPathComponent("2024-W11/plan.yaml")
            try (String(contentsOf: overlay, encoding: .utf8) + "tasks:\n  - {name: 典型案例, from: 牵头单位, due: \"2024-03-13 12:00\"}\n")
                .write(to: overlay, atomically: true, encoding: .utf8)
            try write("x", "2024-W10/材料报送/区税务局_典型案例.docx", in: root)
        }
        defer { try? FileManager.default.removeItem(at: root) }
        let w10 = ReportBuilder.build(try Fixtures.campaign("2024-W10", input: root))
        #expect(w10.tasks.isEmpty)
        #expect(w10.findings.spots.contains(Spot("2024-W10/材料报送/区税务局_典型案例.docx", 0, "", .unknownTask)))
        let w11 = ReportBuilder.build(try Fixtures.campaign("2024-W11", input: root))
        let c = w11.campaign
        let state = try #require(w11.tasks.first)
        #expect(state.task.name == "典型案例" && state.isDue)
        let status = Dictionary(uniqueKeysWithValues: state.units.map { (c.roster.units[$0.unit].name, $0.status) })
        #expect(status == ["区发展和改革局": .missing, "区税务局": .submitted])
        #expect(w11.assessment.unit(unit(c, "区发展和改革局"))?.breakdown.task == -2)
    }

    @Test func badTasksAreThePlansErrors() throws {
        func build(_ yaml: String) throws -> Plan {
            let base = "campaign: x\noffice: y\nperiod: {start: 2024-03-06, end: 2024-03-20}\n"
            return try PlanLoader.plans(base: ("plan.yaml", base + yaml), overlays: [], weeks: []).base
        }
        #expect(throws: PlanError.self) { try build("tasks: {name: a}\n") }
        #expect(throws: PlanError.self) { try build("tasks:\n  - {name: a, from: 牵头单位}\n") }
        #expect(throws: PlanError.self) { try build("tasks:\n  - {name: a, from: 牵头单位, due: 明天}\n") }
        #expect(throws: PlanError.self) { try build("tasks:\n  - {name: a, from: 牵头单位, due: 2024-03-09, color: red}\n") }
        #expect(throws: PlanError.self) { try build("tasks:\n  - {name: a, from: 牵头单位, due: 2024-03-09}\n  - {name: a, from: 镇街, due: 2024-03-09}\n") }
        let p = try build("tasks:\n  - {name: a, from: 镇街, due: \"2024-03-09 17:00\", points: {missing: -4}}\n")
        #expect(p.tasks.first?.from == .type(.town))
        #expect(p.tasks.first?.missingPoints == -4 && p.tasks.first?.latePoints == nil)
        #expect(p.tasks.first?.due == ReceiptTime(day: Day(year: 2024, month: 3, day: 9)!, minutes: 17 * 60))
        // A unit the roster does not know is refused when the campaign loads.
        let root = try tree { root in
            let plan = root.appendingPathComponent("plan.yaml")
            try (String(contentsOf: plan, encoding: .utf8) + "\ntasks:\n  - {name: a, from: [区外星局], due: 2024-03-12}\n")
                .write(to: plan, atomically: true, encoding: .utf8)
        }
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(throws: PlanError.self) { try Fixtures.campaign("2024-W11", input: root) }
    }

    /// 催报名单: a task due within three days of the moment, unit by unit, with the time left.
    @Test func theChaseListNamesTasksDueWithinThreeDays() throws {
        let root = try plantedTree()
        defer { try? FileManager.default.removeItem(at: root) }
        let c = try Fixtures.campaign("2024-W11", input: root)
        let moment = ReceiptTime(day: Day(year: 2024, month: 3, day: 11)!, minutes: 9 * 60)
        let (list, report) = ChaseList.at(moment, campaign: c, jobs: 1)
        let tasks = list.items.filter { if case .task = $0.form { return true } else { return false } }
        // At 3月11日 9:00 nothing of 工作总结 was logged yet; the unlogged files count as arrived.
        #expect(Set(tasks.map { c.roster.units[$0.unit].name }) == ["区发展和改革局", "区税务局", "区司法局"])
        let text = try ChaseList.render(list, report: report, template: BuiltInTemplate.chase, path: "t")
        #expect(text.contains("重点任务「工作总结」材料，截止3月12日 17:00，还剩1天8小时"))
        // 落实情况 (3月25日) is more than three days away: not chased yet.
        #expect(!text.contains("落实情况"))
    }
}
