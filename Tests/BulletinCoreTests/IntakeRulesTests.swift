import Foundation
import Testing
import XlsxWriter
@testable import BulletinCore

/// The rules of `bulletin intake`, one by one, on the 临江 roster (the end-to-end test with
/// a whole generated week is Tests/EndToEndTests/IntakeTests.swift).
@Suite struct IntakeRulesTests {
    static let fm = FileManager.default
    static let articleHeader = "单位名称,稿件标题,发布媒体,媒体级别,发布日期,链接,是否头版头条\n"

    /// An input folder holding only the 临江 plan and roster, an empty download folder and an output folder.
    static func dirs() throws -> (input: URL, downloads: URL, output: URL) {
        let root = fm.temporaryDirectory.appendingPathComponent("intake-\(UUID().uuidString)")
        let input = root.appendingPathComponent("input")
        try fm.createDirectory(at: input, withIntermediateDirectories: true)
        for name in ["plan.yaml", "roster"] {
            try fm.copyItem(at: Fixtures.linjiang.appendingPathComponent(name), to: input.appendingPathComponent(name))
        }
        let downloads = root.appendingPathComponent("下载")
        try fm.createDirectory(at: downloads, withIntermediateDirectories: true)
        return (input, downloads, root.appendingPathComponent("output"))
    }

    static func put(_ data: Data, _ name: String, in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try data.write(to: url)
        return url
    }

    static let at = ReceiptTime(day: Day(year: 2024, month: 3, day: 7) ?? Day(ordinal: 0), minutes: 14 * 60 + 52)

    @Test func titleRowsNameTheUnitAndTheHeaderTheForm() throws {
        let (input, dl, output) = try Self.dirs()
        let csv = "附件3\n2024年营商环境宣传稿件统计表\n填报单位：区税务局　填报日期：3月7日\n" + Self.articleHeader
            + "区税务局,税务稿件,临江发布,区级,2024-03-07,https://mp.weixin.qq.com/s/x,否\n"
        _ = try Self.put(Data(csv.utf8), "附件3 宣传稿件统计表.csv", in: dl)
        let items = try Intake.run(IntakeRequest(sources: [dl], input: input, output: output, at: Self.at))
        #expect(items.map(\.outcome) == [.placed])
        #expect(items.first?.path == "2024-W10/宣传稿件统计表/区税务局.csv")
        let log = try Data(contentsOf: input.appendingPathComponent("2024-W10/报送登记.csv"))
        #expect(log == Data([0xEF, 0xBB, 0xBF] + Array("文件,收到时间\r\n宣传稿件统计表/区税务局.csv,2024-03-07 14:52\r\n".utf8)))
    }

    @Test func aResubmissionUnderATakenNameGoesToTheNextNumber() throws {
        let (input, dl, output) = try Self.dirs()
        let first = Self.articleHeader + "区司法局,甲,临江发布,区级,2024-03-07,https://mp.weixin.qq.com/s/a,否\n"
        let second = Self.articleHeader + "区司法局,乙,临江发布,区级,2024-03-07,https://mp.weixin.qq.com/s/b,否\n"
        let a = try Self.put(Data(first.utf8), "区司法局.csv", in: dl)
        _ = try Intake.run(IntakeRequest(sources: [a], input: input, output: output, at: Self.at))
        let b = try Self.put(Data(second.utf8), "司法局(1).csv", in: dl)
        let items = try Intake.run(IntakeRequest(sources: [a, b], input: input, output: output, at: Self.at))
        #expect(items.map(\.outcome) == [.alreadyThere, .placed])
        #expect(items.map(\.path) == ["2024-W10/宣传稿件统计表/区司法局.csv", "2024-W10/宣传稿件统计表/区司法局_2.csv"])
    }

    /// `--week` overrides the receipt time's week; a GB18030 log stays GB18030.
    @Test func theWeekOptionAndAGB18030Log() throws {
        let (input, dl, output) = try Self.dirs()
        let week = input.appendingPathComponent("2024-W11")
        try Self.fm.createDirectory(at: week, withIntermediateDirectories: true)
        let gb = String.Encoding(rawValue: 0x8000_0632)
        let old = try #require("文件,收到时间\r\n走访台账/江北镇_2024-03-11.csv,2024-03-11 10:00\r\n".data(using: gb))
        try old.write(to: week.appendingPathComponent("报送登记.csv"))
        let ledger = "走访日期,走访单位,企业名称,统一社会信用代码,所属镇街,走访方式,走访对象,联系电话,办理情况,走访人\n"
            + "2024-03-12,江北镇,甲公司,91370300MA3C4U7T8L,江北镇,实地走访,企业法人,13800000000,无问题,张三\n"
            + "2024-03-12,江北镇,乙公司,91370300MA3C4U7T8L,江北镇,实地走访,企业法人,13800000000,无问题,张三\n"
            + "2024-03-11,江北镇,丙公司,91370300MA3C4U7T8L,江北镇,实地走访,企业法人,13800000000,无问题,张三\n"
        let file = try Self.put(Data(ledger.utf8), "江北镇走访台账.csv", in: dl)
        let items = try Intake.run(IntakeRequest(sources: [file], input: input, output: output, week: ISOWeek("2024-W11"), at: Self.at))
        // No date in the name: the day most rows carry.
        #expect(items.first?.path == "2024-W11/走访台账/江北镇_2024-03-12.csv")
        let log = try Data(contentsOf: week.appendingPathComponent("报送登记.csv"))
        #expect(log.prefix(old.count) == old)
        #expect(String(data: log, encoding: gb)?.hasSuffix("走访台账/江北镇_2024-03-12.csv,2024-03-07 14:52\r\n") == true)
        #expect(String(data: log, encoding: .utf8) == nil, "rows appended in UTF-8 to a GB18030 log")
    }

    @Test func whatIsLeftAndWhy() throws {
        let (input, dl, output) = try Self.dirs()
        let list = Self.articleHeader + "区司法局,甲,临江发布,区级,2024-03-07,https://mp.weixin.qq.com/s/a,否\n"
        _ = try Self.put(Data(list.utf8), "司法局税务局合报.csv", in: dl)
        let town = Self.articleHeader + "江南街道,乙,临江发布,区级,2024-03-07,https://mp.weixin.qq.com/s/b,否\n"
        _ = try Self.put(Data(town.utf8), "区税务局稿件.csv", in: dl)
        _ = try Self.put(Data(Self.articleHeader.replacingOccurrences(of: "单位名称,", with: "").utf8), "无名.csv", in: dl)
        _ = try Self.put(Data("a,b,c\n1,2,3\n".utf8), "区司法局.csv", in: dl)
        _ = try Self.put(Data([0x89, 0x50, 0x4E, 0x47]), "截图.png", in: dl)
        _ = try Self.put(Data([0xD0, 0xCF, 0x11, 0xE0]), "区司法局.xls", in: dl)
        _ = try Self.put(Data("lock".utf8), "~$区司法局.xlsx", in: dl)
        _ = try Self.put(Data(), "Thumbs.db", in: dl)
        let items = try Intake.run(IntakeRequest(sources: [dl], input: input, output: output, at: Self.at, dryRun: true))
        let why = Dictionary(uniqueKeysWithValues: items.map { (URL(fileURLWithPath: $0.source).lastPathComponent, $0.outcome) })
        #expect(why.count == 6, "lock files and Thumbs.db are skipped: \(why.keys.sorted())")
        #expect(why["司法局税务局合报.csv"] == .left("多个单位匹配：区税务局、区司法局"))
        #expect(why["区税务局稿件.csv"] == .left("多个单位匹配：区税务局（文件名）、江南街道（表内单位名称）"))
        #expect(why["无名.csv"] == .left("未识别单位"))
        #expect(why["区司法局.csv"] == .left("未识别表格"))
        #expect(why["截图.png"] == .left("未识别表格"))
        if case .left(let reason) = why["区司法局.xls"] { #expect(reason.hasPrefix("无法读取")) } else { Issue.record("xls placed") }
        // A dry run creates nothing.
        #expect(!Self.fm.fileExists(atPath: input.appendingPathComponent("2024-W10").path))
        #expect(!Self.fm.fileExists(atPath: output.path))
    }

    /// A forwarded file can keep a years-old time: its week folder would never be read.
    @Test func aReceiptTimeFarFromTheCampaignIsLeft() throws {
        let (input, dl, output) = try Self.dirs()
        let list = Self.articleHeader + "区司法局,甲,临江发布,区级,2024-03-07,https://mp.weixin.qq.com/s/a,否\n"
        let file = try Self.put(Data(list.utf8), "区司法局.csv", in: dl)
        let old = ReceiptTime(day: Day(year: 2021, month: 3, day: 7) ?? Day(ordinal: 0), minutes: 600)
        let items = try Intake.run(IntakeRequest(sources: [file], input: input, output: output, at: old))
        if case .left(let why) = items.first?.outcome { #expect(why.contains("--at")) } else { Issue.record("placed in 2021") }
        let placed = try Intake.run(IntakeRequest(sources: [file], input: input, output: output, week: ISOWeek("2024-W10"), at: old))
        #expect(placed.first?.path == "2024-W10/宣传稿件统计表/区司法局.csv")
    }

    @Test func anXlsxIsRecognisedFromItsHeader() throws {
        let (input, dl, output) = try Self.dirs()
        let source = Fixtures.root.appendingPathComponent("linjiang-2024-xlsx/2024-W10/样本企业汇总表/区发改局.xlsx")
        try Self.fm.copyItem(at: source, to: dl.appendingPathComponent("附件1（发改局）.XLSX"))
        let items = try Intake.run(IntakeRequest(sources: [dl], input: input, output: output, at: Self.at))
        #expect(items.map(\.path) == ["2024-W10/样本企业汇总表/区发展和改革局.xlsx"])
        #expect(try Data(contentsOf: input.appendingPathComponent("2024-W10/样本企业汇总表/区发展和改革局.xlsx")) == Data(contentsOf: source))
    }

    /// No header the readers know and no title: the sheet's name names the form.
    @Test func aSheetNameNamesTheFormWhenNothingElseDoes() throws {
        let (input, dl, output) = try Self.dirs()
        let path = dl.appendingPathComponent("司法局本周.xlsx").path
        let book = try Workbook(path: path, creationTime: 1_700_000_000)
        let sheet = try book.addWorksheet(name: "附件3 宣传稿件统计表")
        for (col, text) in ["单位", "标题", "媒体"].enumerated() { try sheet.writeString(row: 0, col: col, text) }
        for (col, text) in ["区司法局", "甲", "临江发布"].enumerated() { try sheet.writeString(row: 1, col: col, text) }
        _ = try book.close()
        let items = try Intake.run(IntakeRequest(sources: [dl], input: input, output: output, at: Self.at))
        #expect(items.map(\.path) == ["2024-W10/宣传稿件统计表/区司法局.xlsx"])
    }

    @Test func aFormBetweenTwoHeadersIsTheOneWithMoreColumns() throws {
        let roster = try Fixtures.campaign("2024-W10").roster
        let ledger = "走访日期,走访单位,企业名称,统一社会信用代码,所属镇街,走访方式,走访对象,联系电话,办理情况,走访人\n"
        let probe = FileProbe.probe(Data(ledger.utf8), fileName: "x.csv", roster: roster, matcher: UnitNameMatcher(roster: roster), kinds: FormRegistry.standard.kinds, defaultYear: 2024)
        #expect(probe.form == .table(.ledger))
    }

    /// An office's log with its columns reordered, an extra one and a title row: the appended
    /// row puts the path under 文件 and the time under 收到时间, and reads back as logged.
    @Test func anAppendedReceiptGoesUnderTheLogsOwnColumns() throws {
        let week = Self.fm.temporaryDirectory.appendingPathComponent("intake-log-\(UUID().uuidString)")
        try Self.fm.createDirectory(at: week, withIntermediateDirectories: true)
        defer { try? Self.fm.removeItem(at: week) }
        let log = week.appendingPathComponent("报送登记.csv")
        let old = Data("第3周报送登记\n收到时间,备注,文件\n2024-03-08 09:00,,宣传稿件统计表/区税务局.csv\n".utf8)
        let time = ReceiptTime(day: try #require(Day(year: 2024, month: 3, day: 8)), minutes: 17 * 60 + 5)
        try Intake.writeLog(old: old, rows: [("走访台账/区税务局_2024-03-08.csv", time)], to: log, in: week, stop: nil)
        let written = try String(contentsOf: log, encoding: .utf8)
        #expect(written.hasSuffix("2024-03-08 17:05,,走访台账/区税务局_2024-03-08.csv\n"))
        var findings: [Finding] = []
        let parsed = ReceiptLog.parse(
            try Data(contentsOf: log), file: "2024-W10/报送登记.csv", defaultYear: 2024,
            existing: ["宣传稿件统计表/区税务局.csv", "走访台账/区税务局_2024-03-08.csv"], findings: &findings)
        #expect(findings.map { [$0.line, $0.column, $0.code.rawValue] as [AnyHashable] } == [[2, "备注", "unknown-column"]])  // the extra column only
        #expect(parsed.time(of: "走访台账/区税务局_2024-03-08.csv") == time)
        #expect(Intake.logLayout(Data("文件,收到时间\n".utf8)) == Intake.LogLayout())
    }
}
