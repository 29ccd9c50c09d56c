import Testing
@testable import BulletinCore

@Suite struct DateParserTests {
    func parse(_ s: String) -> String? {
        (try? DateParser.parse(s, defaultYear: 2021).get())?.description
    }

    @Test(arguments: [
        ("2021-08-30", "2021-08-30"), ("2021/8/30", "2021-08-30"), ("2021.8.30", "2021-08-30"),
        ("2021年8月30日", "2021-08-30"), ("8月30日", "2021-08-30"), ("44438", "2021-08-30"),
        ("44438.0", "2021-08-30"), ("\u{3000}2021-08-30\u{3000}", "2021-08-30"), ("２０２１－０８－３０", "2021-08-30"),
    ])
    func acceptedForms(_ input: String, _ expected: String) {
        #expect(parse(input) == expected)
    }

    @Test(arguments: ["4.27", "2021-13-01", "abc", "", "8/30", "2021-08", "30.8.2021x"])
    func refused(_ input: String) {
        #expect(parse(input) == nil)
    }

    @Test func nonexistentDayIsToldApart() {
        #expect(DateParser.parse("2023年9月31日", defaultYear: 2023) == .failure(.nonexistent))
        #expect(DateParser.parse("2023-02-29", defaultYear: 2023) == .failure(.nonexistent))
        #expect(parse("2024-02-29") == "2024-02-29")
    }

    @Test func receiptTimes() {
        #expect(DateParser.parseReceipt("2021-09-03 14:52", defaultYear: 2021)?.description == "2021-09-03 14:52")
        #expect(DateParser.parseReceipt("2021/9/3 9:05:00", defaultYear: 2021)?.description == "2021-09-03 09:05")
        // Seconds count: 16:00:59 is after a 16:00 deadline, 16:00:00 is not.
        let deadline = ReceiptTime(day: Day(year: 2021, month: 9, day: 3)!, minutes: 16 * 60)
        #expect(DateParser.parseReceipt("2021-09-03 16:00:59", defaultYear: 2021).map { $0 > deadline } == true)
        #expect(DateParser.parseReceipt("2021-09-03 16:00:00", defaultYear: 2021).map { $0 <= deadline } == true)
        #expect(DateParser.parseReceipt("2021-09-03 16:00:59", defaultYear: 2021)?.description == "2021-09-03 16:00:59")
        #expect(DateParser.parseReceipt("2021-09-03", defaultYear: 2021) == nil)
        #expect(DateParser.parseReceipt("2021-09-03 25:00", defaultYear: 2021) == nil)
    }

    @Test func chinaTimeNeedsNoTimeZone() {
        // Workbook creation times are derived from the report date at midnight UTC+8.
        #expect(Day(year: 2021, month: 9, day: 3)?.chinaMidnightUnixTime == 1_630_598_400)
    }
}
