import Testing
@testable import BulletinCore

@Suite struct DayTests {
    @Test func isoWeekOfCampaignDays() {
        let d = Day(year: 2021, month: 8, day: 27)
        #expect(d?.description == "2021-08-27")
        #expect(d?.isoWeekday == 5)
        #expect(d.map { ISOWeek(containing: $0).description } == "2021-W34")
        #expect(ISOWeek("2021-W35")?.monday.description == "2021-08-30")
        #expect(ISOWeek("2020-W53")?.monday.description == "2020-12-28")
        #expect(ISOWeek("2021-W53") == nil)
    }
}
