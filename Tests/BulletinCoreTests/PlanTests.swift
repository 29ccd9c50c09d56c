import Testing
@testable import BulletinCore

@Suite struct PlanTests {
    let minimal = """
        campaign: 测试活动
        office: 测试办公室
        period: {start: 2021-08-27, end: 2021-09-10}
        """

    func plan(_ yaml: String) throws -> Plan {
        try PlanLoader.plans(base: ("plan.yaml", yaml), overlays: [], weeks: []).base
    }

    func error(_ yaml: String) -> PlanError? {
        do {
            _ = try plan(yaml)
            return nil
        } catch let e as PlanError {
            return e
        } catch {
            return nil
        }
    }

    @Test func defaultsComeFromTheSeeds() throws {
        let p = try plan(minimal)
        #expect(p.quota(for: .lead) == 5)
        #expect(p.quota(for: .responsible) == 3)
        #expect(p.quota(for: .town) == 0)
        #expect(p.samplesPerIndicator == 50)
        #expect(p.reportWeekday == 5)
        #expect(p.articlesDeadline == 15 * 60)
        #expect(p.ledgerDeadline == 16 * 60)
        #expect(p.visitPeriod == p.period)
        #expect(p.problemsClearBy.description == "2021-09-10")
        #expect(p.samplesHandledSince.description == "2020-08-01")
        #expect(p.areaCode == nil)
        #expect(p.points.mediaWeight[.central] == 3)
        #expect(p.rankingRed == 3 && p.rankingBlack == 3)
        #expect(p.campaignWeeks.map(\.description) == ["2021-W34", "2021-W35", "2021-W36"])
    }

    @Test func samplesDeadlineRankingBasisAndBulletinParts() throws {
        let d = try plan(minimal)
        #expect(d.samplesDeadline == nil && d.rankingBy == .week && d.bulletin == BulletinSettings())
        #expect(d.bulletin.maxListed == 10)
        let p = try plan(
            minimal + """

                deadlines: {samples: "2021-08-30 12:00"}
                ranking: {by: cumulative}
                bulletin: {max_listed: 5, recipients: 区委主要领导, copy_to: 各成员单位, issuer: 区营商办, attachments: [通报附表]}
                """)
        #expect(p.samplesDeadline == ReceiptTime(day: Day(year: 2021, month: 8, day: 30)!, minutes: 12 * 60))
        #expect(p.rankingBy == .cumulative)
        #expect(p.bulletin.maxListed == 5 && p.bulletin.recipients == "区委主要领导" && p.bulletin.copyTo == "各成员单位")
        #expect(p.bulletin.issuer == "区营商办" && p.bulletin.attachments == ["通报附表"])
        // Due by a week's report: W34's report (8-27) is before the deadline, W35's (9-3) after.
        #expect(!p.samplesDue(by: ISOWeek("2021-W34")!))
        #expect(p.samplesDue(by: ISOWeek("2021-W35")!))
        #expect(error(minimal + "\ndeadlines: {samples: 2021-08-30}")?.key == "deadlines.samples")
        #expect(error(minimal + "\nranking: {by: total}")?.key == "ranking.by")
        #expect(error(minimal + "\nbulletin: {max_listed: 0}")?.key == "bulletin.max_listed")
        #expect(error(minimal + "\nbulletin: {signature: x}")?.key == "bulletin.signature")
        #expect(try plan(minimal + "\ndeadlines: {samples: null}").samplesDeadline == nil)
    }

    @Test func wrongSettingsNameTheKeyAndFile() {
        #expect(error(minimal + "\nquotas: {articles_per_week: {牵头单位: -1}}")?.key == "quotas.articles_per_week.牵头单位")
        #expect(error(minimal + "\nquota: {}")?.key == "quota")
        #expect(error(minimal + "\nreport_weekday: 8")?.key == "report_weekday")
        #expect(error(minimal + "\ndeadlines: {ledger: \"25:00\"}")?.key == "deadlines.ledger")
        #expect(error(minimal + "\nvisit_period: {start: 2021-09-03, end: 2021-08-30}")?.key == "visit_period")
        #expect(error("campaign: x\noffice: y")?.key == "period")
        #expect(error(minimal + "\npoints: {media_weight: {国家级: 3}}")?.key == "points.media_weight.国家级")
        #expect(error(minimal + "\n  bad: [")?.file == "plan.yaml")
        #expect(error(minimal + "\ncalendar: {holidays: [2021-09-01], workdays: [2021-09-01]}")?.key == "calendar")
    }

    /// Hostile plans are refused with the file named, before they can use the machine up:
    /// nested aliases standing for 10^30 nodes, 200,000 keys, deep nesting.
    @Test func aYAMLBombOrAHugePlanIsRefusedAtOnce() {
        var bomb = minimal + "\na0: &a0 [x, x, x, x, x, x, x, x, x, x]"
        for i in 1..<30 { bomb += "\na\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]" }
        #expect(error(bomb)?.file == "plan.yaml")
        var keys = minimal + "\nextra:"
        for i in 0..<200_000 { keys += "\n  k\(i): \(i)" }
        #expect(error(keys)?.file == "plan.yaml")
        var manyKeys = minimal + "\nextra:"
        for i in 0..<25_000 { manyKeys += "\n k\(i): 1" }
        #expect(error(manyKeys)?.file == "plan.yaml")
        let deep = minimal + "\nextra: " + String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        #expect(error(deep)?.file == "plan.yaml")
    }

    @Test func numbersThatMakeNonsenseAreRefused() {
        #expect(error(minimal + "\nquotas: {articles_per_week: {牵头单位: 9223372036854775807}}")?.key == "quotas.articles_per_week.牵头单位")
        #expect(error(minimal + "\nquotas: {samples_per_indicator: 100001}")?.key == "quotas.samples_per_indicator")
        #expect(error("campaign: x\noffice: y\nperiod: {start: 2021-08-27, end: 2121-09-10}")?.key == "period")
    }

    @Test func reportDateFallsBackBeforeAHoliday() throws {
        let p = try plan(minimal + "\ncalendar: {holidays: [2021-09-10]}")
        #expect(p.reportDate(of: ISOWeek("2021-W36")!).description == "2021-09-09")
        #expect(p.reportDate(of: ISOWeek("2021-W35")!).description == "2021-09-03")
        // A holiday after a holiday: back to the last working day (Thursday 09-09 off too).
        let two = try plan(minimal + "\ncalendar: {holidays: [2021-09-09, 2021-09-10]}")
        #expect(two.reportDate(of: ISOWeek("2021-W36")!).description == "2021-09-08")
        // A Saturday report day is not a holiday: it stands.
        let saturday = try plan(minimal + "\nreport_weekday: 6")
        #expect(saturday.reportDate(of: ISOWeek("2021-W35")!).description == "2021-09-04")
        // Back past the weekend: Monday 09-06 a holiday → Friday 09-03 (report_weekday 1).
        let monday = try plan(minimal + "\nreport_weekday: 1\ncalendar: {holidays: [2021-09-06]}")
        #expect(monday.reportDate(of: ISOWeek("2021-W36")!).description == "2021-09-03")
    }

    @Test func weekOverlaysTakeEffectFromTheirWeekOn() throws {
        let weeks = ["2021-W34", "2021-W35", "2021-W36"].compactMap(ISOWeek.init)
        let overlay = "quotas: {articles_per_week: {镇街: 2}}\ncalendar: {holidays: [2021-09-10]}"
        let plans = try PlanLoader.plans(
            base: ("plan.yaml", minimal + "\ncalendar: {holidays: [2021-09-02]}"),
            overlays: [(weeks[1], "2021-W35/plan.yaml", overlay)], weeks: weeks)
        #expect(plans.byWeek[weeks[0]]?.quota(for: .town) == 0)
        #expect(plans.byWeek[weeks[1]]?.quota(for: .town) == 2)
        // nested maps merge key by key: the lead quota keeps its default
        #expect(plans.byWeek[weeks[2]]?.quota(for: .lead) == 5)
        // a list replaces the earlier list
        #expect(plans.byWeek[weeks[2]]?.holidays.map(\.description) == ["2021-09-10"])
    }

    @Test func anOverlayErrorNamesTheOverlayFile() {
        let weeks = ["2021-W35"].compactMap(ISOWeek.init)
        #expect(throws: PlanError.self) {
            try PlanLoader.plans(
                base: ("plan.yaml", minimal), overlays: [(weeks[0], "2021-W35/plan.yaml", "quotas: {samples_per_indicator: x}")],
                weeks: weeks)
        }
        do {
            _ = try PlanLoader.plans(
                base: ("plan.yaml", minimal), overlays: [(weeks[0], "2021-W35/plan.yaml", "quotas: {samples_per_indicator: x}")],
                weeks: weeks)
        } catch let e as PlanError {
            #expect(e.file == "2021-W35/plan.yaml")
        } catch {}
    }
}
