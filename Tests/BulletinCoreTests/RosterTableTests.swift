import Foundation
import Testing
@testable import BulletinCore

/// The roster files and 报送登记.csv are tables read by the forms' reader: title rows, columns
/// in any order, extra columns, one header rule, the per-file cap (issue 20, point 4).
@Suite struct RosterTableTests {
    static let units = "单位名称,单位类型,简称\n城东街道,镇街,\n区法院,牵头单位,法院\n区司法局,责任单位,\n"
    static let indicators = "指标名称,牵头单位,责任单位\n开办企业,区法院,区司法局\n"
    static let media = "媒体名称,媒体级别\n人民网,中央级\n"
    static let enterprises = "企业名称,统一社会信用代码,所属镇街\n甲公司,913703030000000010,城东街道\n"

    /// A roster folder of the files above, `changed` replacing some (nil: the file is absent).
    func roster(_ changed: [String: String?]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("roster-table-\(UUID().uuidString)")
        let folder = dir.appendingPathComponent("roster")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let files = ["units.csv": Self.units, "indicators.csv": Self.indicators, "media.csv": Self.media, "enterprises.csv": Self.enterprises]
        for (name, text) in files {
            let content = changed.keys.contains(name) ? changed[name] ?? nil : text
            if let content { try content.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        }
        return dir
    }

    func load(_ changed: [String: String?]) throws -> (roster: Roster, findings: [Finding]) {
        let dir = try roster(changed)
        defer { try? FileManager.default.removeItem(at: dir) }
        var findings: [Finding] = []
        let (loaded, _) = try RosterLoader.load(folder: dir.appendingPathComponent("roster"), relativeTo: dir, findings: &findings)
        return (loaded, findings)
    }

    func summary(_ r: Roster) -> [String] {
        r.units.map { "\($0.name)/\($0.type.rawValue)/\($0.alias ?? "")" }
            + r.indicators.map { "\($0.name):\($0.lead)>\($0.responsible)" }
            + r.media.keys.sorted().map { "\($0)=\(r.media[$0]?.rawValue ?? "")" }
            + ["\(r.enterprises["913703030000000010"] ?? -1)"]
    }

    @Test func theDefaultRosterReadsCleanly() throws {
        let plain = try load([:])
        #expect(plain.findings.isEmpty)
        #expect(summary(plain.roster) == ["城东街道/镇街/", "区法院/牵头单位/法院", "区司法局/责任单位/", "开办企业:1>[2]", "人民网=中央级", "0"])
    }

    @Test func titleRowsAboveTheHeaderAndNotesInItAreSkippedAsInAForm() throws {
        let titled = try load([
            "units.csv": "附件1\n2024年参加单位名册,,\n填报单位：营商环境办,,\n单位名称,单位类型（牵头单位/责任单位/镇街）,简称（可不填）\n"
                + "城东街道,镇街,\n区法院,牵头单位,法院\n区司法局,责任单位,\n区档案馆,局,\n",
            "enterprises.csv": "2024年企业名册\n企业名称,统一社会信用代码,所属镇街（镇街全称）\n甲公司,913703030000000010,城东街道\n乙公司,913703030000000029,区法院\n",
        ])
        let plain = try load([:])
        #expect(summary(titled.roster) == summary(plain.roster))
        // Lines are the file's: the title rows count.
        #expect(
            titled.findings.spots == [
                Spot("roster/units.csv", 8, "单位类型", .badChoice),
                Spot("roster/enterprises.csv", 4, "所属镇街", .unknownTown),
            ])
    }

    @Test func columnsInAnotherOrderAndAnExtraColumnReadAsInAForm() throws {
        let moved = try load([
            "units.csv": "简称,备注,单位类型,单位名称\n,,镇街,城东街道\n法院,新设,牵头单位,区法院\n,,责任单位,区司法局\n",
            "indicators.csv": "责任单位,指标名称,牵头单位\n区司法局,开办企业,区法院\n",
            "media.csv": "媒体级别,媒体名称\n中央级,人民网\n",
            "enterprises.csv": "序号,所属镇街,统一社会信用代码,企业名称\n1,城东街道,913703030000000010,甲公司\n",
        ])
        #expect(summary(moved.roster) == summary(try load([:]).roster))
        // An extra column is the forms' `unknown-column` warning on the header; its cells are ignored.
        #expect(
            moved.findings.spots == [
                Spot("roster/units.csv", 1, "备注", .unknownColumn),
                Spot("roster/enterprises.csv", 1, "序号", .unknownColumn),
            ])
        #expect(moved.findings.allSatisfy { $0.severity == .warning })
        // units.csv may leave out its optional columns (简称, 联络员).
        let bare = try load(["units.csv": "单位名称,单位类型\n城东街道,镇街\n区法院,牵头单位\n区司法局,责任单位\n"])
        #expect(bare.roster.units.map(\.name) == ["城东街道", "区法院", "区司法局"])
        #expect(bare.findings.isEmpty)
    }

    @Test func aMissingRequiredColumnOrFileStopsTheRunAsBefore() throws {
        // A header naming some columns but not a required one: the column is named.
        do {
            _ = try load(["units.csv": "单位名称,简称\n城东街道,\n"])
            Issue.record("units.csv without 单位类型 was accepted")
        } catch let error as RosterError {
            #expect(error.file == "roster/units.csv")
            #expect(error.problem.contains("单位类型"))
        }
        // Two of indicators.csv's three columns are no header (the one rule: three names).
        #expect(throws: RosterError.self) { _ = try load(["indicators.csv": "指标名称,牵头单位\n开办企业,区法院\n"]) }
        do {
            _ = try load(["media.csv": nil])
            Issue.record("a missing media.csv was accepted")
        } catch let error as RosterError {
            #expect(error.file == "roster/media.csv")
        }
        let dir = try roster([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data([0xFF, 0xFE, 0x00, 0x41, 0x0A, 0x81]).write(to: dir.appendingPathComponent("roster/enterprises.csv"))
        var findings: [Finding] = []
        #expect(throws: RosterError.self) {
            _ = try RosterLoader.load(folder: dir.appendingPathComponent("roster"), relativeTo: dir, findings: &findings)
        }
    }

    @Test func aRosterFileHasAtMostAThousandFindingsAndOneThatCountsTheRest() throws {
        // 1,500 rows naming no 镇街, read on every core: the first 1,000 by line, then one
        // `findings-truncated` (an error: the rest are errors).
        var lines = ["企业名称,统一社会信用代码,所属镇街"]
        for i in 0..<1_500 { lines.append("企业\(i),9137030300000\(String(format: "%05d", i)),外区\(i)") }
        let capped = try load(["enterprises.csv": lines.joined(separator: "\n") + "\n"])
        let mine = capped.findings.filter { $0.file == "roster/enterprises.csv" }
        #expect(mine.count == TableReader.findingLimit + 1)
        #expect(mine.prefix(TableReader.findingLimit).map(\.line) == Array(2...1_001))
        #expect(mine.prefix(TableReader.findingLimit).allSatisfy { $0.code == .unknownTown && $0.column == "所属镇街" })
        let last = try #require(mine.last)
        #expect(Spot(last) == Spot("roster/enterprises.csv", 0, "", .findingsTruncated))
        #expect(last.severity == .error)
    }

    @Test func theReceiptLogIsReadByColumnNameUnderItsTitle() throws {
        let text = "报送登记（第11周）\n收到时间,备注,文件\n2024-03-13 12:00,电子邮件,宣传稿件统计表/区税务局.csv\n"
            + "下午两点,,宣传稿件统计表/区法院.csv\n2024-03-13 09:00,,宣传稿件统计表/不存在.csv\n"
        let existing: Set<String> = ["宣传稿件统计表/区税务局.csv", "宣传稿件统计表/区法院.csv"]
        var findings: [Finding] = []
        let log = ReceiptLog.parse(Data(text.utf8), file: "2024-W11/报送登记.csv", defaultYear: 2024, existing: existing, findings: &findings)
        #expect(log.time(of: "宣传稿件统计表/区税务局.csv") == DateParser.parseReceipt("2024-03-13 12:00", defaultYear: 2024))
        #expect(log.time(of: "宣传稿件统计表/区法院.csv") == nil)
        #expect(
            findings.spots == [
                Spot("2024-W11/报送登记.csv", 2, "备注", .unknownColumn),
                Spot("2024-W11/报送登记.csv", 4, "收到时间", .badReceiptTime),
                Spot("2024-W11/报送登记.csv", 5, "文件", .receiptUnknownFile),
            ])
        // A log without both its columns is one finding: the week counts as unlogged.
        var missing: [Finding] = []
        let none = ReceiptLog.parse(Data("文件,备注\na.csv,x\n".utf8), file: "w/报送登记.csv", defaultYear: 2024, existing: [], findings: &missing)
        #expect(none.times.isEmpty)
        #expect(missing.spots == [Spot("w/报送登记.csv", 1, "", .missingHeader)])
    }

    @Test func theReceiptLogHasTheSameCap() {
        var text = "文件,收到时间\n"
        for i in 0..<1_200 { text += "宣传稿件统计表/单位\(i).csv,不是时间\n" }
        var findings: [Finding] = []
        _ = ReceiptLog.parse(Data(text.utf8), file: "w/报送登记.csv", defaultYear: 2024, existing: [], findings: &findings)
        #expect(findings.count == TableReader.findingLimit + 1)
        #expect(findings.last.map(Spot.init) == Spot("w/报送登记.csv", 0, "", .findingsTruncated))
    }

    /// One header rule for every table: three column names, or as many as a table requires
    /// when it requires fewer.
    @Test func oneHeaderRule() {
        #expect(SubmissionKind.articles.table.headerMinimum == 3)
        #expect(RosterColumns.indicators.headerMinimum == 3)
        #expect(RosterColumns.enterprises.headerMinimum == 3)
        #expect(RosterColumns.units.headerMinimum == 2)
        #expect(RosterColumns.media.headerMinimum == 2)
        #expect(ReceiptLog.table.headerMinimum == 2)
        // A title row holding two of a form's column names is not its header.
        #expect(!SubmissionKind.articles.table.isHeader(["单位名称", "稿件标题", ""]))
        #expect(SubmissionKind.articles.table.isHeader(["单位名称", "稿件标题", "链接"]))
        // A name twice counts once.
        #expect(!SubmissionKind.articles.table.isHeader(["单位名称", "单位名称", "链接"]))
        #expect(RosterColumns.units.isHeader(["单位名称", "单位类型"]))
        #expect(!ReceiptLog.table.isHeader(["文件", "备注"]))
    }

    /// enterprises.csv is read on every core; it gives what the one-pass reader gives the same
    /// bytes: header under a title, reader findings (ragged rows, control characters, the header
    /// again, an unclosed quote) in the same order.
    @Test(arguments: [1, 2, 3, 5])
    func theParallelReadIsTheOnePassRead(_ parts: Int) {
        var lines = ["企业名册", "企业名称,统一社会信用代码,所属镇街"]
        for i in 0..<400 {
            switch i {
            case 5, 120, 399: lines.append("企业\(i),91370303000000\(i),城东街道,多余")
            case 17, 250: lines.append("企业\u{1}\(i),91370303000000\(i)")
            case 41, 333: lines.append("企业名称,统一社会信用代码,所属镇街")
            case 300: lines.append("\"企业\(i),91370303000000\(i),城东街道")  // the file's only quote, never closed
            default: lines.append("企业\(i),91370303000000\(i),城东街道")
            }
        }
        let data = Data(lines.joined(separator: "\n").utf8)
        let table = RosterColumns.enterprises
        var oneRows: [Int] = []
        var one = TableReader.read(CSVSource(data: data), table: table, file: "e.csv", unit: "") { row, _ in oneRows.append(row.line) }
        var partRows: [Int] = []
        var cut = TableReader.read(csv: data, table: table, file: "e.csv", unit: "", parts: parts, prepare: { $0.line }) { line, _ in
            partRows.append(line)
        }
        #expect(one.failure == nil && cut.failure == nil)
        #expect(partRows == oneRows)
        let a = one.findings.drain(file: "e.csv", unit: ""), b = cut.findings.drain(file: "e.csv", unit: "")
        #expect(a.map(Spot.init) == b.map(Spot.init))
        #expect(Set(a.map(\.code)) == [.raggedRow, .controlCharacter, .repeatedHeader, .unterminatedQuote])
    }

    @Test func aPlainCellIsDecidedOnItsBytesAsTheFullCheckDecides() {
        let specials = ["\t", "\n", "\u{1}", "\u{7F}", "\u{2014}", "\u{202E}", "é", "中", "a"]
        for length in 0...40 {
            for position in 0..<max(length, 1) {
                for special in specials {
                    var scalars = Array(repeating: "x", count: length)
                    if length > 0 { scalars[position] = special }
                    let cell = scalars.joined()
                    let expected = !cell.utf8.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0xE2 }
                    #expect(TableReader.isPlainCell(cell) == expected, "\(cell.debugDescription)")
                }
            }
        }
        #expect(!TableReader.isPlainCell(String(repeating: "x", count: 32_768)))
        #expect(TableReader.isPlainCell(String(repeating: "x", count: 32_767)))
    }
}
