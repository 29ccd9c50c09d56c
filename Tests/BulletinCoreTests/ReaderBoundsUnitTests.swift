import Foundation
import Testing
@testable import BulletinCore

/// The readers' bounds, rule by rule (the hostile files themselves run end to end in
/// ReaderBoundsTests): the XML scanner's resumed tokens, cut cells, the CSV record's width,
/// header normalisation of huge cells, garbled text, sheet states, inline strings, duplicate
/// parts, other sheets and long number formats.
@Suite struct ReaderBoundsUnitTests {
    /// Every event, as text.
    struct Recorder: XMLHandler {
        var events: [String] = []
        mutating func start(_ name: UnsafeBufferPointer<UInt8>, _ tag: XMLTag) {
            events.append("<\(String(decoding: name, as: UTF8.self)) a=\(tag.string("a") ?? "-")")
        }
        mutating func end(_ name: UnsafeBufferPointer<UInt8>) { events.append("</\(String(decoding: name, as: UTF8.self))") }
        mutating func text(_ raw: UnsafeBufferPointer<UInt8>, cdata: Bool) {
            var out: [UInt8] = []
            if cdata { out.append(contentsOf: raw) } else { XMLScanner.decode(raw, into: &out) }
            events.append((cdata ? "C:" : "T:") + String(decoding: out, as: UTF8.self))
        }
    }

    func events(_ xml: String, chunk: Int) throws -> [String] {
        let bytes = Array(xml.utf8)
        var scanner = XMLScanner()
        var recorder = Recorder()
        var i = 0
        while i < bytes.count {
            let piece = Array(bytes[i..<min(bytes.count, i + chunk)])
            try piece.withUnsafeBytes { raw in try scanner.feed(raw, &recorder) }
            i += chunk
        }
        try scanner.finish()
        return recorder.events
    }

    /// A token resumed where the last chunk left it (comments, CDATA, instructions, a tag with
    /// `>` and the other quote inside quoted attributes, text) reads the same in any chunking.
    @Test func tokensResumedAcrossChunksReadTheSame() throws {
        let xml = """
            <?xml version="1.0"?><!-- a -- comment -> --><r a='x>"y'><c a="1>'2">t&amp;ext</c>\
            <![CDATA[<not a tag>]]]]><?pi ?>?><d/><e a= "v" >\(String(repeating: "长", count: 100))</e></r>
            """
        let whole = try events(xml, chunk: 1 << 20)
        #expect(whole.contains("<r a=x>\"y"))
        #expect(whole.contains("<c a=1>'2"))
        #expect(whole.contains("C:<not a tag>]]"))
        for chunk in [1, 2, 3, 5, 7, 64] {
            #expect(try events(xml, chunk: chunk) == whole, "chunk \(chunk)")
        }
    }

    @Test func aTokenPastTheBoundIsRefusedAsTooLarge() throws {
        let xml = "<r><!--" + String(repeating: "x", count: XMLScanner.maxToken + (1 << 20)) + "--></r>"
        #expect(throws: WorkbookProblem.self) { try events(xml, chunk: 64 << 10) }
        do {
            _ = try events(xml, chunk: 64 << 10)
        } catch let problem as WorkbookProblem {
            if case .tooLarge = problem {} else { Issue.record("\(problem)") }
        }
    }

    // MARK: cells and records

    @Test func aCSVCellIsCutOnACharacterAndStillTooLong() throws {
        let long = String(repeating: "长", count: 200_000)  // 600,000 bytes
        let csv = "单位名称,稿件标题\n区税务局," + long + "\n"
        var fields: [[String]] = []
        CSVReader.forEachRecord(Data(csv.utf8)) { fields.append($0.fields) }
        let cell = fields[1][1]
        #expect(cell.utf8.count <= CellText.maxCellBytes)
        #expect(cell.allSatisfy { $0 == "长" })
        #expect(cell.utf16.count > 32_767)  // still `cell-too-long`
        // Quoted, with doubled quotes, the same.
        let quoted = "a\n\"" + String(repeating: "长\"\"", count: 100_000) + "\"\n"
        fields = []
        CSVReader.forEachRecord(Data(quoted.utf8)) { fields.append($0.fields) }
        #expect(fields[1][0].utf8.count <= CellText.maxCellBytes)
        #expect(fields[1][0].utf16.count > 32_767)
    }

    @Test func aCSVRecordKeepsExcelsColumnsAndTheFirstCellPastThem() throws {
        let row = String(repeating: ",", count: 20_000) + "x,y"
        var fields: [[String]] = []
        CSVReader.forEachRecord(Data(("a" + row + "\n").utf8)) { fields.append($0.fields) }
        #expect(fields[0].count == 16_385)
        #expect(fields[0].first == "a")
        #expect(fields[0].last == "x")
    }

    @Test func aHugeHeaderCellIsJudgedOnItsStart() {
        #expect(Text.normaliseHeader(String(repeating: "\u{0}", count: 5_000_000)).unicodeScalars.count <= 1 << 10)
        #expect(Text.normaliseHeader("单位名称" + String(repeating: " ", count: 2_000)) == "单位名称")
    }

    @Test func garbledTextIsReadBack() {
        let gbk = String(data: Data("单位名称".utf8), encoding: String.Encoding(rawValue: 0x8000_0632)) ?? ""
        #expect(gbk == "鍗曚綅鍚嶇О")
        #expect(Text.ungarbled(gbk)?.text == "单位名称")
        #expect(Text.ungarbled("å\u{8D}\u{95}ä½\u{8D}")?.text == "单位")
        // Chinese, plain ASCII and Latin text are not garbled.
        #expect(Text.ungarbled("单位名称") == nil)
        #expect(Text.ungarbled("Unit name") == nil)
        #expect(Text.ungarbled("Café") == nil)
    }

    @Test func garbledHeadersAreGarbledTextNotAMissingHeader() {
        // Cells of an even number of UTF-8 bytes, so each reads as whole GBK characters.
        let csv = "单位名称,稿件标题,发布媒体,媒体级别,发布日期,链接\n区税务局,标题\n"
        let garbled = String(data: Data(csv.utf8), encoding: String.Encoding(rawValue: 0x8000_0632)) ?? ""
        var findings: [Finding] = []
        let header = TableReader.read(Data(garbled.utf8), kind: .articles, file: "f.csv", unit: "区税务局", findings: &findings) { _ in }
        #expect(header == nil)
        #expect(findings.map(\.code) == [.garbledText])
        #expect(findings.first?.line == 1)
    }

    // MARK: workbooks

    /// A case of scripts/make_hostile_inputs.py.
    func build(_ name: String) throws -> Data {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bulletin-bounds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let script = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/make_hostile_inputs.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, dir.path, name]
        try process.run()
        process.waitUntilExit()
        return try Data(contentsOf: dir.appendingPathComponent(name))
    }

    func read(_ data: Data) -> (records: [CSVRecord], problems: [RecordProblem]) {
        var records: [CSVRecord] = [], problems: [RecordProblem] = []
        XLSXSource(data: data, preferring: ["宣传稿件统计表"], table: SubmissionKind.articles.table)
            .forEachRecord(problem: { problems.append($0) }) { records.append($0) }
        return (records, problems)
    }

    @Test func anInlineStringWithAValueIsItsTextAlone() throws {
        let r = read(try build("inline-with-value.xlsx"))
        #expect(r.problems.isEmpty)
        #expect(r.records.last?.fields == ["区税务局", "标题", "人民网", "中央级", "2024-03-07", "https://www.people.com.cn/hostile.html"])
    }

    @Test func aShownSheetIsVisible() throws {
        let r = read(try build("state-show.xlsx"))
        #expect(r.problems.isEmpty)
        #expect(r.records.count == 2)
    }

    @Test func duplicatePartNamesAreADamagedWorkbook() throws {
        let r = read(try build("duplicate-parts.xlsx"))
        #expect(r.records.isEmpty)
        guard r.problems.count == 1, case .workbook(.damaged(let why)) = r.problems[0] else {
            Issue.record("\(r.problems)")
            return
        }
        #expect(why.contains("xl/worksheets/sheet1.xml"))
    }

    @Test func otherVisibleSheetsOfTheFormAreNoted() throws {
        let r = read(try build("second-sheet.xlsx"))
        #expect(r.records.count == 2)  // Sheet1's header and row
        #expect(r.problems == [.workbookNote(.otherSheets(read: "Sheet1", holding: ["Sheet2"]))])
    }

    @Test func aLongNumberFormatIsNotedAndItsCellsAreGeneral() throws {
        let r = read(try build("long-number-format.xlsx"))
        #expect(r.problems == [.workbookNote(.longNumberFormat(count: 1))])
        #expect(r.records.count == 2)
    }

    @Test func rowsAreNotPaddedToTheWidestRow() throws {
        let r = read(try build("xfd-and-rows.xlsx"))
        #expect(r.problems.isEmpty)
        // The header's cell at XFD1 is kept after column IV, not at 16,384.
        #expect(r.records.first?.fields.count == SheetHandler.denseColumns + 1)
        #expect(r.records.first?.fields.last == "多余")
        #expect(r.records.dropFirst().allSatisfy { $0.fields.count == 1 })
    }

    @Test func aCellFarRightIsKeptAfterColumnIV() throws {
        let r = read(try build("xfd-every-row.xlsx"))
        #expect(r.problems.isEmpty)
        #expect(r.records.count == 20_001)
        #expect(r.records.dropFirst().allSatisfy { $0.fields.count == SheetHandler.denseColumns + 1 && $0.fields.last == "远处" })
    }

    @Test func aRowsTextIsBounded() throws {
        let r = read(try build("big-shared-string.xlsx"))
        guard case .workbook(.tooLarge(let why))? = r.problems.last else {
            Issue.record("\(r.problems)")
            return
        }
        #expect(why.contains("第2行"))
    }
}
