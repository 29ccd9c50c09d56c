import Testing
@testable import BulletinCore

/// Problem states and counts on the 临江 fixture, worked out by hand from
/// 2024-W10/问题清单/江南街道.csv, 2024-W11/问题清单/区应急局.csv and 江南街道.csv.
/// Report dates: W10 2024-03-07 (Thursday), W11 2024-03-13 (3-14 is a holiday), W12 2024-03-21.
@Suite struct ProblemCounterTests {
    struct Row: Equatable, CustomStringConvertible {
        var unit: String, total: Int, done: Int, inProgress: Int, open: Int, overdue: Int
        var description: String { "\(unit) \(total) \(done) \(inProgress) \(open) \(overdue)" }
        init(_ unit: String, _ total: Int, _ done: Int, _ inProgress: Int, _ open: Int, _ overdue: Int) {
            self.unit = unit
            self.total = total
            self.done = done
            self.inProgress = inProgress
            self.open = open
            self.overdue = overdue
        }
    }

    func week(_ w: String) throws -> (ProblemWeek, Roster) {
        let report = ReportBuilder.build(try Fixtures.campaign(w))
        return (report.problems, report.roster)
    }

    func rows(_ p: ProblemWeek, _ roster: Roster) -> [Row] {
        p.units.map { Row(roster.units[$0.unit].name, $0.total, $0.done, $0.inProgress, $0.open, $0.overdue) }
    }

    func overdue(_ p: ProblemWeek) -> [String] { p.overdue.map { "\($0.id):\($0.daysOverdue)" } }

    @Test func week10() throws {
        // LJ-001 整改中 due 3-06: 1 day overdue; LJ-002 due 3-07, the report day itself: not overdue;
        // LJ-003 已整改; LJ-004 and LJ-005 rejected (never created); LJ-006 整改中 due 3-05: 2 days.
        let (p, roster) = try week("2024-W10")
        #expect(p.problems.map(\.id) == ["LJ-002", "LJ-001", "LJ-003", "LJ-006"])
        #expect(
            rows(p, roster) == [
                Row("区发展和改革局", 1, 0, 0, 1, 0), Row("区税务局", 1, 0, 1, 0, 1), Row("区司法局", 1, 1, 0, 0, 0),
                Row("区应急管理局", 1, 0, 1, 0, 1),
            ])
        #expect(overdue(p) == ["LJ-006:2", "LJ-001:1"])
        #expect((p.total, p.done, p.inProgress, p.open, p.remaining) == (4, 1, 2, 1, 3))
        #expect(p.clearBy.description == "2024-03-20")  // problems_clear_by defaults to the campaign's end
        #expect(p.daysToClearBy == 13)
        #expect(!p.cleared)
        #expect(p.submitters == [4])
    }

    @Test func week11() throws {
        // LJ-001 已整改 3-11; LJ-002 now 整改中 due 3-12: 1 day; LJ-004 created with a valid code, due 3-20;
        // LJ-006's 已整改 row has no 完成日期 and is rejected: still 整改中 from W10, 8 days overdue;
        // LJ-007 first 未整改 due 3-15 (区应急局.csv), then updated by the later file 江南街道.csv to
        // 整改中 due 3-12: 1 day overdue; LJ-008 rejected (2024-02-30).
        let (p, roster) = try week("2024-W11")
        #expect(p.problems.map(\.id) == ["LJ-002", "LJ-001", "LJ-003", "LJ-004", "LJ-006", "LJ-007"])
        #expect(
            rows(p, roster) == [
                Row("区发展和改革局", 1, 0, 1, 0, 1), Row("区税务局", 1, 1, 0, 0, 0), Row("区司法局", 1, 1, 0, 0, 0),
                Row("区应急管理局", 2, 0, 2, 0, 1), Row("江北镇", 1, 0, 1, 0, 1),
            ])
        #expect(overdue(p) == ["LJ-006:8", "LJ-002:1", "LJ-007:1"])
        let lj6 = try #require(p.problems.first { $0.id == "LJ-006" })
        #expect(lj6.record.file == "2024-W10/问题清单/江南街道.csv")
        #expect(lj6.record.line == 7)
        #expect(lj6.firstWeek.description == "2024-W10")
        let lj7 = try #require(p.problems.first { $0.id == "LJ-007" })
        #expect(lj7.record.file == "2024-W11/问题清单/江南街道.csv")
        #expect(lj7.firstWeek.description == "2024-W11")
        #expect((p.total, p.done, p.remaining, p.daysToClearBy) == (6, 2, 4, 7))
        #expect(p.submitters == [3, 4])
    }

    @Test func week12PastTheClearByDate() throws {
        // No W12 folder: the W11 states at 3-21. LJ-004 due 3-20 is now 1 day overdue.
        let (p, _) = try week("2024-W12")
        #expect(overdue(p) == ["LJ-006:16", "LJ-002:9", "LJ-007:9", "LJ-004:1"])
        #expect(p.daysToClearBy == -1)
        #expect(p.submitters.isEmpty)
    }

    @Test func overdueRule() {
        let d = Day(year: 2024, month: 3, day: 7)!
        var r = ProblemRecord(
            id: "x", source: .visit, description: "", enterprise: "", creditCode: "", unit: 0, due: d, status: .open,
            completed: nil, week: ISOWeek("2024-W10")!, file: "", line: 2, row: 2, submitter: 0)
        #expect(ProblemCounter.daysOverdue(r, at: d) == 0)  // the due day itself
        #expect(ProblemCounter.daysOverdue(r, at: d.adding(days: 1)) == 1)
        #expect(ProblemCounter.daysOverdue(r, at: d.adding(days: -3)) == 0)
        r.status = .inProgress
        #expect(ProblemCounter.daysOverdue(r, at: d.adding(days: 5)) == 5)
        r.status = .done
        #expect(ProblemCounter.daysOverdue(r, at: d.adding(days: 5)) == 0)
    }

    @Test func latestRowWinsAndRejectedRowsChangeNothing() {
        let w10 = ISOWeek("2024-W10")!, w11 = ISOWeek("2024-W11")!
        let due = Day(year: 2024, month: 3, day: 8)!
        func rec(_ week: ISOWeek, _ file: String, _ line: Int, _ status: ProblemStatus, unit: Int = 0) -> ProblemRecord {
            ProblemRecord(
                id: "A", source: .hotline, description: "", enterprise: "", creditCode: "", unit: unit, due: due,
                status: status, completed: nil, week: week, file: file, line: line, row: line, submitter: 0)
        }
        var reading = ProblemReading()
        reading.records = [rec(w10, "a", 2, .open), rec(w11, "a", 2, .inProgress), rec(w11, "b", 3, .open, unit: 2)]
        var roster = Roster()
        roster.units = (0..<3).map { RosterUnit(index: $0, name: "u\($0)", type: .responsible) }
        let at10 = ProblemCounter.week(reading, week: w10, reportDate: due, clearBy: due, roster: roster)
        #expect(at10.problems.map(\.record.status) == [.open])
        let at11 = ProblemCounter.week(reading, week: w11, reportDate: due.adding(days: 2), clearBy: due, roster: roster)
        #expect(at11.problems.map(\.record.status) == [.open])
        #expect(at11.problems.map(\.unit) == [2])  // the update moved it to another unit
        #expect(at11.overdue.map(\.daysOverdue) == [2])
        #expect(at11.units.map(\.unit) == [2])
    }
}

/// The shipped demo (input/, 博山 2021) as input/README.md designs it.
@Suite struct DemoProblemTests {
    static let demo = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("input")

    @Test func week35HasTwentyTwoProblemsAndNoneOverdue() throws {
        let report = ReportBuilder.build(try Fixtures.campaign("2021-W35", input: Self.demo))
        // 7 + 8 + 5 + 5 rows, 3 rejected (two in 区12345热线服务中心.csv, one in 城东街道.csv)
        #expect(report.problems.total == 22)
        #expect(report.problems.overdue.isEmpty)
        #expect(
            report.findings.filter { $0.file.contains("/问题清单/") }.spots == [
                Spot("2021-W35/问题清单/区12345热线服务中心.csv", 7, "责任单位", .unknownUnit),
                Spot("2021-W35/问题清单/区12345热线服务中心.csv", 8, "问题来源", .badChoice),
                Spot("2021-W35/问题清单/城东街道.csv", 6, "责任单位", .unknownUnit),
            ])
    }

    @Test func week36HasTheTwoDesignedOverdueProblems() throws {
        let report = ReportBuilder.build(try Fixtures.campaign("2021-W36", input: Self.demo))
        #expect(report.reportDate.description == "2021-09-10")
        // WZSD-2021-004 整改中, due 9-08: 2 days. WZSD-2021-006's W36 已整改 row lacks 完成日期 and is
        // rejected, so it stays 整改中 (W35), due 9-09: 1 day. WZSD-2021-007 and JSJB-0827-011 were extended.
        #expect(
            report.problems.overdue.map { "\($0.id) \(report.roster.units[$0.unit].name) \($0.daysOverdue)" } == [
                "WZSD-2021-004 区人力资源和社会保障局 2", "WZSD-2021-006 区税务局 1",
            ])
        #expect(
            report.findings.filter { $0.file.contains("/问题清单/") }.spots == [
                Spot("2021-W36/问题清单/区网信办.csv", 7, "完成日期", .missingCell)
            ])
        // 22 from W35, plus RX-0828-002, RX-0828-017 and CD-05 whose rows are accepted in W36.
        #expect(report.problems.total == 25)
        #expect(report.problems.remaining == 4)  // 004, 006, 007, JSJB-0827-011
        #expect(!report.problems.cleared)
        #expect(report.problems.daysToClearBy == -1)  // problems_clear_by 2021-09-09
        // Each overdue problem costs its 责任单位 2 points.
        let tax = try #require(report.assessment.unit(report.roster.unitIndex(named: "区税务局") ?? -1))
        #expect(tax.breakdown.problemOverdue == -2)
    }
}
