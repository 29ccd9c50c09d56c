import Foundation
import Testing
@testable import BulletinCore

/// The byte-level shortcuts the city benchmark asked for give exactly what the general
/// code gives: each is checked against the slow path it skips, on the cases that reach
/// its edges.
@Suite struct FastPathTests {
    /// The scalar walk `Text.trim` used for every cell before the first/last-byte check.
    func slowTrim(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.firstIndex(where: { !Text.isPadding($0) }),
            let last = scalars.lastIndex(where: { !Text.isPadding($0) })
        else { return "" }
        return String(scalars[first...last])
    }

    @Test(arguments: [
        "", " ", "a", "企", "一", "区税务局", " 区税务局", "区税务局 ", "\u{3000}区税务局\u{3000}", "\u{A0}12\u{A0}",
        "\u{FEFF}91370303MA3C5XYZ1K", "91370303MA3C5XYZ1K\u{200B}", "\t是\r\n", "·点", "点·", "é", "\u{7F}", "\u{1}x",
        "x\u{1}", "ab\u{3000}cd", "城东街道\u{3000}", "\u{2028}x\u{2028}", "一\u{A0}", "abc\u{3000}\u{3000}",
    ])
    func trimMatchesTheScalarWalk(_ s: String) {
        #expect(Text.trim(s) == slowTrim(s))
        #expect(Array(Text.trim(s).utf8) == Array(slowTrim(s).utf8))
    }

    /// What `Text.comparisonKey` gives without its byte-level shortcut: NFKC, padding dropped.
    @Test(arguments: [
        "", "区税务局", "城东街道", "ABC-123", "一", "\u{4E00}\u{9FFF}", "\u{3400}", "\u{F900}", "ＡＢＣ", "区 税务局",
        "区\u{3000}税务局", "（区）", "é", "e\u{301}", "\u{A0}x", "ｶ", "①", "\u{2F00}", "区税务局\u{FEFF}", "~!",
    ])
    func comparisonKeyMatchesNFKC(_ s: String) {
        let nfkc = s.precomposedStringWithCompatibilityMapping
        let slow = String(String.UnicodeScalarView(nfkc.unicodeScalars.filter { !Text.isPadding($0) }))
        #expect(Array(Text.comparisonKey(s).utf8) == Array(slow.utf8))
    }

    @Test func isMobileOnBytes() {
        #expect(PhoneRule.isMobile("13912345678"))
        #expect(PhoneRule.isMobile("19912345678"))
        #expect(!PhoneRule.isMobile("12912345678"))
        #expect(!PhoneRule.isMobile("1391234567"))
        #expect(!PhoneRule.isMobile("139123456789"))
        #expect(!PhoneRule.isMobile("1391234567８"))  // a full-width digit
        #expect(!PhoneRule.isMobile("139-2345678"))
        #expect(!PhoneRule.isMobile(""))
    }

    @Test func directionMarksAndControlBytesAreStillFound() {
        let record = CSVRecord(line: 4, fields: [])
        let cases: [(String, FindingCode?)] = [
            ("正常文字", nil), ("含\u{202E}反向", .controlCharacter), ("含\u{2066}隔离", .controlCharacter),
            ("破折号—", nil), ("tab\tok", nil), ("bell\u{7}", .controlCharacter), ("del\u{7F}", .controlCharacter),
            ("“引号”", nil),
        ]
        for (text, code) in cases {
            let f = TableReader.cellFinding(text, column: "备注", unit: "区税务局", file: "f.csv", record: record)
            #expect(f?.code == code, "\(text)")
        }
    }

    /// Every way a record can end or span lines, with blank lines and a quote never closed
    /// (reading resumes on the line after it).
    let tricky = Data(
        ("单位名称,稿件标题,备注\r\n区税务局,\"两行\n标题\",a\r\n\r\n区法院,\"含\"\"引号\"\"\",b\r区商务局,x,\"三\r\n行\r\n备注\"\n"
            + ",,\n区公安局,\"x\",\"\"\n区财政局,\"未闭合,c\n区教育局,y,z\n末行,无换行,w").utf8)

    func allRecords(_ data: Data) -> (records: [CSVRecord], problems: [CSVProblem]) {
        var out: [CSVRecord] = []
        let problems = CSVReader.forEachRecord(data) { out.append($0) }
        return (out, problems)
    }

    @Test(arguments: 1...7)
    func recordsReadInPartsAreTheRecordsReadInOnePass(_ parts: Int) {
        let whole = allRecords(tricky)
        #expect(whole.problems == [.unterminatedQuote(line: 11, row: 8)])
        #expect(whole.records.map(\.line) == [1, 2, 5, 6, 10, 12, 13])
        let split = CSVReader.mapRecords(tricky, from: CSVReader.Position(), parts: parts) { $0 }
        #expect(split.problems == whole.problems)
        #expect(split.results.map(\.line) == whole.records.map(\.line))
        #expect(split.results.map(\.row) == whole.records.map(\.row))
        #expect(split.results.map(\.fields) == whole.records.map(\.fields))
    }

    @Test func cutPointsAreRecordStarts() {
        let starts = tricky.withUnsafeBytes { CSVReader.split($0.bindMemory(to: UInt8.self), from: CSVReader.Position(), parts: 50) }
        let recordStarts = tricky.withUnsafeBytes { raw -> [Int] in
            var parser = CSVReader.Parser(buf: raw.bindMemory(to: UInt8.self))
            var out = [0]
            while parser.next() != nil { out.append(parser.pos) }
            return out
        }
        #expect(starts.count > 1)
        #expect(starts.allSatisfy { recordStarts.contains($0.pos) })
        #expect(starts.map(\.pos) == starts.map(\.pos).sorted())
    }

    @Test func enterpriseKeysRoundTrip() {
        for code in ["91370303MA3C5XYZ1K", "000000000000000000", "ZZZZZZZZZZZZZZZZZZ", "12345678901234567X"] {
            guard case .packed = EnterpriseIndex.Key(code) else {
                Issue.record("\(code) should pack")
                continue
            }
            #expect(EnterpriseIndex.Key(code).text == code)
        }
        // Not standard: kept as written.
        for code in ["9137030", "91370303ma3c5xyz1k", "91370303MA3C5XYZ1KK"] {
            #expect(EnterpriseIndex.Key(code).text == code)
        }
        var index = EnterpriseIndex()
        let added = [
            index.insert(EnterpriseIndex.Key("91370303MA3C5XYZ1K"), town: 3),
            index.insert(EnterpriseIndex.Key("91370303MA3C5XYZ1K"), town: 4),
            index.insert(EnterpriseIndex.Key("9137030"), town: 5),
        ]
        #expect(added == [true, false, true])
        #expect(index["91370303MA3C5XYZ1K"] == 3)
        #expect(index["9137030"] == 5)
    }

    @Test func codePoolNumbersCodesAsAStringPoolWould() {
        let codes = ["91370303MA3C5XYZ1K", "", "9137030", "91370303MA3C5XYZ1K", "x", "91370303MA3C5XYZ2K", "9137030", "x"]
        var pool = CodePool()
        var strings = StringPool()
        for code in codes {
            let a = pool.intern(code), b = strings.intern(code)
            #expect(a == b)
        }
        #expect(pool.strings == strings.strings)
        for code in codes + ["absent", "91370303MA3C5XYZ3K"] { #expect(pool.lookup(code) == strings.lookup(code)) }
    }
}

/// enterprises.csv is parsed on every core; what it yields is the file read top to bottom.
@Suite struct RosterEnterprisesTests {
    @Test func firstOfTwoEqualCodesWinsWhereverTheFileIsCut() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("roster-\(UUID().uuidString)")
        let roster = dir.appendingPathComponent("roster")
        try FileManager.default.createDirectory(at: roster, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "单位名称,单位类型,简称\n城东街道,镇街,\n城西街道,镇街,\n区法院,牵头单位,\n".write(
            to: roster.appendingPathComponent("units.csv"), atomically: true, encoding: .utf8)
        try "指标名称,牵头单位,责任单位\n开办企业,区法院,\n".write(
            to: roster.appendingPathComponent("indicators.csv"), atomically: true, encoding: .utf8)
        try "媒体名称,媒体级别\n人民网,中央级\n".write(to: roster.appendingPathComponent("media.csv"), atomically: true, encoding: .utf8)
        // 2,000 rows; line 3's code comes back on line 1,800 (past any cut), line 900's on 901.
        var lines = ["企业名称,统一社会信用代码,所属镇街"]
        func code(_ i: Int) -> String { "9137030" + String(format: "%010d", i) + "X" }
        for i in 2...2_001 {
            switch i {
            case 1_800: lines.append("重复企业,\(code(3)),城西街道")
            case 901: lines.append("\"两行\n名称\",\(code(900)),城西街道")
            case 1_200: lines.append("无代码企业,,城东街道")
            case 1_500: lines.append("外区企业,\(code(i)),区法院")
            case 1_600: lines.append("简码企业,9137030,城西街道")
            default: lines.append("企业\(i),\(code(i)),\(i % 2 == 0 ? "城东街道" : "城西街道")")
            }
        }
        try lines.joined(separator: "\n").write(to: roster.appendingPathComponent("enterprises.csv"), atomically: true, encoding: .utf8)

        var findings: [Finding] = []
        let (loaded, _) = try RosterLoader.load(folder: roster, relativeTo: dir, findings: &findings)
        let east = try #require(loaded.unitIndex(named: "城东街道")), west = try #require(loaded.unitIndex(named: "城西街道"))
        #expect(loaded.enterprises[code(3)] == Int32(west))  // line 3 (i = 3, odd): 城西街道, first wins
        #expect(loaded.enterprises[code(900)] == Int32(east))
        #expect(loaded.enterprises["9137030"] == Int32(west))
        #expect(loaded.enterprises[code(1_500)] == nil)
        // Line numbers are physical: the two-line name on line 901 pushes every later row down one.
        #expect(
            findings.spots == [
                Spot("roster/enterprises.csv", 901, "统一社会信用代码", .duplicateEnterprise),
                Spot("roster/enterprises.csv", 1_201, "统一社会信用代码", .missingCell),
                Spot("roster/enterprises.csv", 1_501, "所属镇街", .unknownTown),
                Spot("roster/enterprises.csv", 1_801, "统一社会信用代码", .duplicateEnterprise),
            ])
        let registered = (loaded.registeredPerTown[east] ?? 0) + (loaded.registeredPerTown[west] ?? 0)
        #expect(registered == 2_000 - 4)
    }
}
