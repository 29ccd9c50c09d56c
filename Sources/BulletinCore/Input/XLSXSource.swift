import Foundation

/// The formats a submission may come in, by file name.
public enum SubmissionFormat: Sendable, Hashable {
    case csv
    /// An Excel/WPS workbook (Office Open XML), read like its CSV twin.
    case xlsx
    /// The old binary formats (.xls, WPS .et): reported, not read.
    case legacyWorkbook
    /// Another format a unit saves its form in (OpenDocument, Numbers, .xlsb, a WPS document,
    /// a PDF, a picture): reported to the unit the name names, not read. The Chinese name of
    /// the format (`OpenDocument 电子表格（.ods）`).
    case unsupported(String)

    /// Formats units send that are not read, by extension: (extension, what it is, whether it
    /// is a table that could be saved again as .xlsx rather than a scan or a picture).
    static let unsupportedExtensions: [(ext: String, name: String, table: Bool)] = [
        ("ods", "OpenDocument 电子表格", true), ("fods", "OpenDocument 电子表格", true),
        ("numbers", "Apple Numbers 表格", true), ("xlsb", "Excel 二进制工作簿", true),
        ("wps", "WPS 文字文档", true), ("pdf", "PDF 文件", false),
        ("jpg", "图片", false), ("jpeg", "图片", false), ("png", "图片", false), ("gif", "图片", false),
        ("bmp", "图片", false), ("tif", "图片", false), ("tiff", "图片", false), ("heic", "图片", false),
        ("webp", "图片", false),
    ]

    /// The format a file name's extension says, nil for anything else.
    public init?(fileName: String) {
        let lower = fileName.lowercased()
        if lower.hasSuffix(".csv") {
            self = .csv
        } else if lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm") {
            // .xlsm is an .xlsx with macros, which are never run or read.
            self = .xlsx
        } else if lower.hasSuffix(".xls") || lower.hasSuffix(".et") {
            self = .legacyWorkbook
        } else if let dot = lower.lastIndex(of: "."),
            let known = Self.unsupportedExtensions.first(where: { $0.ext == lower[lower.index(after: dot)...] })
        {
            self = .unsupported("\(known.name)（.\(known.ext)）")
        } else {
            return nil
        }
    }

    /// Whether an unsupported format is a table at all (a PDF or a picture is not).
    static func isTable(_ name: String) -> Bool {
        !unsupportedExtensions.contains { !$0.table && name.hasPrefix($0.name) }
    }

    /// The extension's length with its dot, to take the stem.
    static func extensionLength(_ fileName: String) -> Int {
        guard let dot = fileName.lastIndex(of: ".") else { return 0 }
        return fileName.distance(from: dot, to: fileName.endIndex)
    }
}

/// A unit's .xlsx: the records of its first visible worksheet (or of the visible one whose
/// name names the form, when there are several), cell by cell as Excel/WPS shows them:
/// shared and inline strings, numbers (`1`, not `1.0`; past 15 digits Excel's own
/// `9.13703E+17`, as its CSV export writes it), date-formatted numbers as dates (1900 or
/// 1904 date system), booleans, formulas by their cached value. A record's line and row are
/// its spreadsheet row. Empty rows are skipped as in CSV; hidden rows are read.
///
/// The sheet is inflated in 64 KiB chunks and tokenised as it comes: memory holds one row,
/// the shared strings (one byte buffer) and the styles' date flags.
public struct XLSXSource: RecordSource {
    public var data: Data
    /// Sheet names that mark the form's sheet (its folder and 附件 label).
    public var preferring: [String]
    /// The form's table: another visible sheet whose first rows hold a header of it (the
    /// readers' rule, `TableColumns.isHeader`) is named in a note (its rows are not read).
    public var table: TableColumns?

    public init(data: Data, preferring: [String] = [], table: TableColumns? = nil) {
        self.data = data
        self.preferring = preferring
        self.table = table
    }

    /// A workbook row holds the cells present: never "shorter than the header".
    public var rowsHaveLength: Bool { false }

    public func forEachRecord(problem: (RecordProblem) -> Void, _ body: (CSVRecord) -> Void) {
        do {
            try read(note: { problem(.workbookNote($0)) }, body)
        } catch {
            problem(.workbook(error))
        }
    }

    /// Text one row of a sheet may hold in all (its cells' UTF-8 bytes, a shared string counted
    /// at each reference). A form's row at Excel's limit of 32,767 characters in each of 20
    /// cells is under 2 MB; past this the workbook is refused rather than its row held.
    static let rowTextLimit = 16 << 20
    /// Non-blank rows and inflated bytes looked at in each other visible sheet for a header.
    static let probeRows = 20, probeBytes = 4 << 20

    /// Sheet XML bounds: 1 GiB in all (a 300,000-row ledger is about 200 MB) and at most
    /// 200 times its compressed size past 16 MiB.
    static let sheetLimit = ZipParts.Limit(bytes: 1 << 30)
    static let stringsLimit = ZipParts.Limit(bytes: 512 << 20)

    func read(note: (WorkbookNote) -> Void = { _ in }, _ body: (CSVRecord) -> Void) throws(WorkbookProblem) {
        let zip = try ZipParts(data)
        // The workbook part: the package's officeDocument relationship, else the usual name.
        var workbookPath = "xl/workbook.xml"
        if let rels = zip.entry("_rels/.rels") {
            let found = try Self.relationships(zip.read(rels), base: "")
            if let main = found.values.first(where: { $0.type.hasSuffix("/officeDocument") }) { workbookPath = main.target }
        }
        guard let workbookEntry = zip.entry(workbookPath) else { throw .damaged("缺少工作簿内容（\(workbookPath)）") }
        var book = WorkbookHandler()
        try Self.parse(zip.read(workbookEntry), &book)
        let folder = workbookPath.split(separator: "/").dropLast().joined(separator: "/")
        let relsPath = (folder.isEmpty ? "" : folder + "/") + "_rels/" + (workbookPath.split(separator: "/").last.map(String.init) ?? "") + ".rels"
        guard let relsEntry = zip.entry(relsPath) else { throw .damaged("缺少工作簿的关系记录（\(relsPath)）") }
        let rels = try Self.relationships(zip.read(relsEntry), base: folder)

        let sheets = book.sheets.filter { sheet in
            guard sheet.visible, let rel = rels[sheet.relationship] else { return false }
            return rel.type.hasSuffix("/worksheet") || (rel.type.isEmpty && rel.target.contains("worksheets/"))
        }
        guard !sheets.isEmpty else { throw .damaged("工作簿中没有可见的工作表") }
        let keys = preferring.map(Text.comparisonKey).filter { !$0.isEmpty }
        let chosen = sheets.count > 1
            ? sheets.first { sheet in
                let name = Text.comparisonKey(sheet.name)
                return keys.contains { name.contains($0) }
            } ?? sheets[0]
            : sheets[0]
        guard let target = rels[chosen.relationship]?.target, let sheetEntry = zip.entry(target) else {
            throw .damaged("工作表「\(chosen.name)」的内容缺失")
        }

        var sharedStrings = SharedStringsHandler()
        if let rel = rels.values.first(where: { $0.type.hasSuffix("/sharedStrings") }), let entry = zip.entry(rel.target) {
            try Self.stream(zip, entry, limit: Self.stringsLimit, &sharedStrings)
        }
        var styles = StylesHandler()
        if let rel = rels.values.first(where: { $0.type.hasSuffix("/styles") }), let entry = zip.entry(rel.target) {
            try Self.parse(zip.read(entry), &styles)
        }
        if !styles.overlong.isEmpty { note(.longNumberFormat(count: styles.overlong.count)) }
        let strings = sharedStrings.table, dateStyles = styles.dateStyles, date1904 = book.date1904
        let others = sheets.filter { $0.relationship != chosen.relationship }
        if !others.isEmpty, let table {
            let holding = others.filter { sheet in
                guard let target = rels[sheet.relationship]?.target, let entry = zip.entry(target) else { return false }
                return Self.hasHeader(zip, entry, table: table, strings: strings, dateStyles: dateStyles, date1904: date1904)
            }
            if !holding.isEmpty { note(.otherSheets(read: chosen.name, holding: holding.map(\.name))) }
        }
        try Self.typed {
            try withoutActuallyEscaping(body) { emit in
                var sheet = SheetHandler(emit: emit, strings: strings, dateStyles: dateStyles, date1904: date1904)
                try Self.stream(zip, sheetEntry, limit: Self.sheetLimit, &sheet)
            }
        }
    }

    /// Whether one of the first rows of a sheet (`probeRows` non-blank rows, `probeBytes` of its
    /// XML) is a header of `table` (`TableColumns.isHeader`). A sheet that cannot be read is not
    /// looked into further: only the sheet that is read decides the file.
    static func hasHeader(
        _ zip: ZipParts, _ entry: ZipParts.Entry, table: TableColumns, strings: SharedStrings, dateStyles: [DateStyle], date1904: Bool
    ) -> Bool {
        var found = false, rows = 0, bytes = 0
        let look: (CSVRecord) -> Void = { record in
            rows += 1
            if table.isHeader(record.fields.map(Text.normaliseHeader)) { found = true }
        }
        var sheet = SheetHandler(emit: look, strings: strings, dateStyles: dateStyles, date1904: date1904)
        var scanner = XMLScanner()
        try? zip.stream(entry, limit: sheetLimit) { (chunk: Data) throws(WorkbookProblem) -> Bool in
            bytes += chunk.count
            try typed { try chunk.withUnsafeBytes { raw in try scanner.feed(raw, &sheet) } }
            return !found && rows < probeRows && bytes < probeBytes
        }
        return found
    }

    /// Runs `f`, whose closures the standard library types as throwing any error, keeping
    /// the workbook problem it threw.
    static func typed<T>(_ f: () throws -> T) throws(WorkbookProblem) -> T {
        do {
            return try f()
        } catch let problem as WorkbookProblem {
            throw problem
        } catch {
            throw .damaged("\(error)")
        }
    }

    static func stream<H: XMLHandler>(_ zip: ZipParts, _ entry: ZipParts.Entry, limit: ZipParts.Limit, _ handler: inout H) throws(WorkbookProblem) {
        var scanner = XMLScanner()
        try zip.stream(entry, limit: limit) { (chunk: Data) throws(WorkbookProblem) in
            try typed { try chunk.withUnsafeBytes { raw in try scanner.feed(raw, &handler) } }
        }
        try scanner.finish()
    }

    static func parse<H: XMLHandler>(_ xml: Data, _ handler: inout H) throws(WorkbookProblem) {
        var scanner = XMLScanner()
        try typed { try xml.withUnsafeBytes { raw in try scanner.feed(raw, &handler) } }
        try scanner.finish()
    }

    struct Relationship {
        var target: String
        var type: String
    }

    /// A .rels part: id → target (resolved against `base`, the source part's folder) and type.
    static func relationships(_ xml: Data, base: String) throws(WorkbookProblem) -> [String: Relationship] {
        var handler = RelationshipsHandler(base: base)
        try parse(xml, &handler)
        return handler.found
    }

    /// `target` relative to the folder `base` (or absolute from the package root), `..` resolved.
    static func resolve(_ target: String, base: String) -> String {
        var parts: [Substring] = target.hasPrefix("/") ? [] : base.split(separator: "/")
        for piece in target.split(separator: "/") {
            if piece == ".." {
                if !parts.isEmpty { parts.removeLast() }
            } else if piece != "." {
                parts.append(piece)
            }
        }
        return parts.joined(separator: "/")
    }
}

// MARK: - Handlers of the small parts

struct RelationshipsHandler: XMLHandler {
    let base: String
    var found: [String: XLSXSource.Relationship] = [:]

    mutating func start(_ name: UnsafeBufferPointer<UInt8>, _ tag: XMLTag) {
        guard XMLScanner.is(name, "Relationship"), let id = tag.string("Id"), let target = tag.string("Target") else { return }
        if tag.string("TargetMode") == "External" { return }
        found[id] = XLSXSource.Relationship(target: XLSXSource.resolve(target, base: base), type: tag.string("Type") ?? "")
    }
    mutating func end(_ name: UnsafeBufferPointer<UInt8>) {}
    mutating func text(_ raw: UnsafeBufferPointer<UInt8>, cdata: Bool) {}
}

struct WorkbookHandler: XMLHandler {
    struct Sheet {
        var name: String
        var visible: Bool
        var relationship: String
    }
    var sheets: [Sheet] = []
    var date1904 = false

    mutating func start(_ name: UnsafeBufferPointer<UInt8>, _ tag: XMLTag) {
        if XMLScanner.is(name, "sheet") {
            // `hidden` and `veryHidden` hide a sheet; `visible`, `show` (some writers) or none show it.
            let state = tag.string("state") ?? "visible"
            sheets.append(Sheet(name: tag.string("name") ?? "", visible: state != "hidden" && state != "veryHidden", relationship: tag.string("id") ?? ""))
        } else if XMLScanner.is(name, "workbookPr") {
            let v = tag.string("date1904") ?? ""
            date1904 = v == "1" || v == "true"
        }
    }
    mutating func end(_ name: UnsafeBufferPointer<UInt8>) {}
    mutating func text(_ raw: UnsafeBufferPointer<UInt8>, cdata: Bool) {}
}

/// The shared-string table, as one byte buffer and the end of each string in it.
struct SharedStrings {
    var bytes: [UInt8] = []
    var ends: [Int] = []

    var count: Int { ends.count }

    func string(_ i: Int) -> String? {
        guard i >= 0, i < ends.count else { return nil }
        let from = i == 0 ? 0 : ends[i - 1]
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[from..<ends[i]]), as: UTF8.self) }
    }

    /// The length in bytes of string `i`.
    func length(_ i: Int) -> Int {
        guard i >= 0, i < ends.count else { return 0 }
        return ends[i] - (i == 0 ? 0 : ends[i - 1])
    }
}

/// `<si>` items: the text of their `<t>` runs, phonetic runs (`<rPh>`) left out.
struct SharedStringsHandler: XMLHandler {
    var table = SharedStrings()
    private var item: [UInt8] = []
    private var inItem = false
    private var inText = false
    private var phonetic = 0

    mutating func start(_ name: UnsafeBufferPointer<UInt8>, _ tag: XMLTag) {
        if XMLScanner.is(name, "si") {
            inItem = true
            item.removeAll(keepingCapacity: true)
        } else if XMLScanner.is(name, "t") {
            inText = inItem && phonetic == 0
        } else if XMLScanner.is(name, "rPh") {
            phonetic += 1
        }
    }

    mutating func end(_ name: UnsafeBufferPointer<UInt8>) {
        if XMLScanner.is(name, "si") {
            inItem = false
            CellText.unescape(item, into: &table.bytes)
            table.ends.append(table.bytes.count)
        } else if XMLScanner.is(name, "t") {
            inText = false
        } else if XMLScanner.is(name, "rPh") {
            phonetic -= 1
        }
    }

    mutating func text(_ raw: UnsafeBufferPointer<UInt8>, cdata: Bool) {
        guard inText, item.count <= CellText.maxCellBytes else { return }
        if cdata { item.append(contentsOf: raw) } else { XMLScanner.decode(raw, into: &item) }
        CellText.cut(&item)
    }
}

/// styles.xml: for each cell format (`cellXfs`), whether its number format shows a date.
///
/// Each custom format is parsed once, when its `numFmt` is met, however many cell formats use
/// it; a format code longer than Excel's 255 characters is not parsed at all (its cells show
/// as General numbers) and is noted.
struct StylesHandler: XMLHandler {
    var custom: [Int: DateStyle] = [:]
    var formats: [Int] = []
    /// Ids of custom formats whose code is longer than `maxFormatCode`.
    var overlong: Set<Int> = []
    private var inCellXfs = false
    /// Excel's own limit on a number format code.
    static let maxFormatCode = 255

    var dateStyles: [DateStyle] {
        formats.map { id in custom[id] ?? (overlong.contains(id) ? .none : DateStyle(builtIn: id)) }
    }

    mutating func start(_ name: UnsafeBufferPointer<UInt8>, _ tag: XMLTag) {
        if XMLScanner.is(name, "numFmt") {
            guard let id = tag.int("numFmtId"), let raw = tag.raw("formatCode") else { return }
            // An entity stands for one character in at most 10 bytes: decoded only when it can fit.
            if raw.count > Self.maxFormatCode * 10 {
                overlong.insert(id)
                custom[id] = nil
                return
            }
            guard let code = tag.string("formatCode") else { return }
            if code.unicodeScalars.count > Self.maxFormatCode {
                overlong.insert(id)
                custom[id] = nil
            } else {
                overlong.remove(id)
                custom[id] = DateStyle(formatCode: code)
            }
        } else if XMLScanner.is(name, "cellXfs") {
            inCellXfs = true
        } else if inCellXfs, XMLScanner.is(name, "xf") {
            formats.append(tag.int("numFmtId") ?? 0)
        }
    }

    mutating func end(_ name: UnsafeBufferPointer<UInt8>) {
        if XMLScanner.is(name, "cellXfs") { inCellXfs = false }
    }
    mutating func text(_ raw: UnsafeBufferPointer<UInt8>, cdata: Bool) {}
}

/// What a number format makes of a number: a date, a time, both, or neither.
struct DateStyle: Equatable {
    var date = false
    var time = false
    var seconds = false
    /// Whether a date shows its year: `m"月"d"日"`, `m/d`, `d-mmm` do not, and the clerk
    /// reads the month and day alone.
    var year = true

    static let none = DateStyle()
    var isDate: Bool { date || time }

    /// Excel's built-in formats (ECMA-376 18.8.30, with the zh-CN ids 27–36 and 50–58).
    init(builtIn id: Int) {
        switch id {
        case 14, 15, 17, 27, 30, 31, 36, 50, 52, 57: date = true
        // d-mmm, and the zh-CN m"月"d"日" ids.
        case 16, 28, 29, 51, 53, 54, 58: date = true; year = false
        case 18, 20, 32, 34: time = true
        case 19, 21, 33, 35, 45...47, 55, 56: time = true; seconds = true
        case 22: date = true; time = true
        default: break
        }
    }

    init() {}

    /// A custom format code (`yyyy/m/d;@`, `yyyy"年"m"月"d"日"`, `[$-804]aaaa`, `h:mm`): its first
    /// section with quoted text, escapes, fills and bracketed parts (colours, locales) left out;
    /// y or d make a date, h or s a time, m a month unless h or s stand beside it.
    init(formatCode: String) {
        var letters: [UInt8] = []
        let b = Array(formatCode.utf8)
        var i = 0
        while i < b.count {
            let c = b[i]
            switch c {
            case 0x3B: i = b.count; continue  // ';' — only the first section
            case 0x22:  // quoted text
                i += 1
                while i < b.count, b[i] != 0x22 { i += 1 }
            case 0x5C, 0x5F, 0x2A: i += 1  // \x, _x, *x
            case 0x5B:  // [Red], [$-804], [h] (elapsed hours)
                let start = i + 1
                while i < b.count, b[i] != 0x5D { i += 1 }
                let inner = b[start..<min(i, b.count)].map { $0 | 0x20 }
                if let first = inner.first, [0x68, 0x6D, 0x73].contains(first), inner.allSatisfy({ $0 == first }) {
                    letters.append(first)
                }
            default:
                letters.append(c | 0x20)
            }
            i += 1
        }
        let text = String(decoding: letters, as: UTF8.self)
        if text.contains("general") { return }
        let cleaned = text.replacingOccurrences(of: "am/pm", with: "h").replacingOccurrences(of: "a/p", with: "h")
        let has = { (ch: Character) in cleaned.contains(ch) }
        time = has("h") || has("s")
        seconds = has("s")
        date = has("y") || has("d") || (has("m") && !time)
        year = has("y") || has("e") || !date
    }
}

/// Turning a cell's stored value into the text Excel/WPS shows (and its CSV export writes).
enum CellText {
    /// The bytes of a cell kept when reading (CSV field, sheet cell, shared string): a cell of
    /// more than Excel's 32,767 characters has more than 98,301 UTF-8 bytes (at most 3 bytes a
    /// UTF-16 unit), so a cell cut here still has more than 32,767 and gets its
    /// `cell-too-long` warning, and all of it that any workbook shows is kept.
    public static let maxCellBytes = 128 << 10

    /// Cuts `bytes` to at most `maxCellBytes`, on a character boundary.
    static func cut(_ bytes: inout [UInt8]) {
        guard bytes.count > maxCellBytes else { return }
        bytes.removeSubrange(boundary(bytes, maxCellBytes)...)
    }

    /// The largest index ≤ `limit` that starts a character of `bytes` (or is its end).
    static func boundary<C: RandomAccessCollection>(_ bytes: C, _ limit: Int) -> Int where C.Element == UInt8, C.Index == Int {
        var k = bytes.startIndex + limit
        guard k < bytes.endIndex else { return bytes.endIndex }
        var steps = 0
        while k > bytes.startIndex, bytes[k] & 0xC0 == 0x80, steps < 3 {
            k -= 1
            steps += 1
        }
        return k
    }

    /// Excel writes characters XML cannot hold as `_xHHHH_` (`_x000D_` for CR); decoded here.
    static func unescape(_ s: [UInt8], into out: inout [UInt8]) {
        var i = 0
        let n = s.count
        while i < n {
            if s[i] == 0x5F, i + 6 < n, s[i + 1] == 0x78, s[i + 6] == 0x5F,
                let a = XMLScanner.hexDigit(s[i + 2]), let b = XMLScanner.hexDigit(s[i + 3]),
                let c = XMLScanner.hexDigit(s[i + 4]), let d = XMLScanner.hexDigit(s[i + 5])
            {
                let v = UInt32(a) << 12 | UInt32(b) << 8 | UInt32(c) << 4 | UInt32(d)
                XMLScanner.appendUTF8(v, &out)
                i += 7
                continue
            }
            out.append(s[i])
            i += 1
        }
    }

    static func string(_ bytes: [UInt8]) -> String {
        guard bytes.contains(0x5F) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        unescape(bytes, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A number as Excel's General format writes it to CSV, except that whole numbers up to
    /// 15 digits keep every digit (a phone number, a 序号): Excel keeps 15 significant digits,
    /// so a longer whole number — an 18-digit credit code typed into a number cell — is shown
    /// as `9.13703E+17`, exactly the text its CSV export holds.
    static func number(_ v: Double) -> String {
        if v.rounded() == v {
            if abs(v) < 1e15 { return String(Int64(v) == 0 ? 0 : Int64(v)) }
            var s = String(format: "%.5E", v)  // 9.13703E+17
            if let e = s.firstIndex(of: "E") {
                var mantissa = String(s[..<e])
                if mantissa.contains(".") {
                    while mantissa.hasSuffix("0") { mantissa.removeLast() }
                    if mantissa.hasSuffix(".") { mantissa.removeLast() }
                }
                s = mantissa + s[e...]
            }
            return s
        }
        return String(format: "%.15g", v)
    }

    /// A date-formatted serial as `2021-08-30` (with ` 14:05` or ` 14:05:30` when the format
    /// shows a time; a time alone when the format has no date; `8月30日` when the format shows
    /// no year, so the year is taken as for that text in a CSV). Nil outside Excel's dates.
    static func date(_ v: Double, _ style: DateStyle, date1904: Bool) -> String? {
        guard v >= 0, v < 2_958_466 else { return nil }
        var days = v.rounded(.down)
        var seconds = ((v - days) * 86_400).rounded()
        if seconds >= 86_400 {
            days += 1
            seconds -= 86_400
        }
        let serial = Int(days)
        let clock: String = {
            let s = Int(seconds)
            let hm = "\(Day.pad(s / 3600)):\(Day.pad(s / 60 % 60))"
            return style.seconds ? "\(hm):\(Day.pad(s % 60))" : hm
        }()
        if !style.date { return serial == 0 ? clock : nil }
        let day: String
        if !style.year {
            // What the clerk sees is the month and day; the stored year (a file reused from
            // last year, a date typed across New Year) is not theirs.
            if serial == 60 && !date1904 {
                day = "2月29日"
            } else {
                let d = Day(ordinal: Int32(serial - (date1904 ? 24_107 : (serial > 60 ? 25_569 : 25_568))))
                day = d.chineseMonthDay
            }
        } else if date1904 {
            day = Day(ordinal: Int32(serial - 24_107)).description
        } else if serial == 60 {
            day = "1900-02-29"  // Lotus's leap day, which Excel keeps; no real date
        } else {
            // Excel's serial 1 is 1900-01-01 and it counts a 1900-02-29 that never was.
            day = Day(ordinal: Int32(serial - (serial > 60 ? 25_569 : 25_568))).description
        }
        return style.time ? "\(day) \(clock)" : day
    }
}

// MARK: - The sheet

/// `<sheetData>`: rows of cells, each cell's value rendered when its element closes and each
/// non-blank row handed on when it closes. A row holds the cells up to its last one present,
/// never padded to the sheet's widest row: cells that are not there are blank, so
/// `RecordSource.rowsHaveLength` is false for a workbook (no row is "short").
/// A shared string referenced again is the same `String` (its storage shared), and the text
/// of a row is bounded by `XLSXSource.rowTextLimit`.
struct SheetHandler: XMLHandler {
    enum Kind: UInt8 { case number, shared, inline, formulaString, boolean, error, isoDate }

    let emit: (CSVRecord) -> Void
    let strings: SharedStrings
    let dateStyles: [DateStyle]
    let date1904: Bool

    private var inSheetData = false
    private var inRow = false
    private var inCell = false
    private var inInline = false
    private var phonetic = 0
    private var collecting: UInt8 = 0  // 1: <v>, 2: inline <t>
    private var row = 0
    private var lastRow = 0
    private var rowText = 0
    private var fields: [String] = []
    /// The first non-empty cell of the row past `denseColumns` (its column and text).
    private var far: (column: Int, text: String)?
    /// Shared strings of 1 KiB or more already made, by index: every reference shares one.
    private var long: [Int: String] = [:]
    private var numbers: [StoredNumber] = []
    private var column = 0
    private var nextColumn = 0
    private var kind = Kind.number
    private var style = 0
    private var value: [UInt8] = []

    /// Excel's sheet bounds: 1,048,576 rows and 16,384 columns (A–XFD).
    static let maxRow = 1_048_576, maxColumn = 16_384
    /// Columns a record holds in place: A–IV, the 256 of the old .xls sheet, far past any form.
    /// A cell further right costs nothing by its position: the row keeps the first non-empty
    /// one of them, after column IV, so content past the header is still a `ragged-row`, and a
    /// row of cells at A and XFD is two fields' work, not 16,384.
    static let denseColumns = 256

    init(emit: @escaping (CSVRecord) -> Void, strings: SharedStrings, dateStyles: [DateStyle], date1904: Bool) {
        self.emit = emit
        self.strings = strings
        self.dateStyles = dateStyles
        self.date1904 = date1904
    }

    mutating func start(_ name: UnsafeBufferPointer<UInt8>, _ tag: XMLTag) throws(WorkbookProblem) {
        guard inSheetData else {
            if XMLScanner.is(name, "sheetData") { inSheetData = true }
            return
        }
        if inCell {
            if XMLScanner.is(name, "v") {
                // An inline string's text is its `<is>`; a `<v>` some writers add beside it is
                // ignored, as Excel and other readers do.
                if kind != .inline { collecting = 1 }
            } else if XMLScanner.is(name, "is") {
                inInline = true
            } else if XMLScanner.is(name, "rPh") {
                phonetic += 1
            } else if XMLScanner.is(name, "t"), inInline, phonetic == 0 {
                collecting = 2
            }
        } else if XMLScanner.is(name, "c"), inRow {
            inCell = true
            column = tag.raw("r").map(Self.columnIndex) ?? nextColumn
            guard column >= 0, column < Self.maxColumn else { throw .damaged("第\(row)行有超出 Excel 范围的列") }
            kind = Self.kind(tag.raw("t"))
            style = tag.int("s") ?? 0
            value.removeAll(keepingCapacity: true)
        } else if XMLScanner.is(name, "row") {
            row = tag.int("r") ?? lastRow + 1
            guard row >= 1, row <= Self.maxRow else { throw .damaged("行号 \(row) 超出 Excel 的范围") }
            inRow = true
            nextColumn = 0
            rowText = 0
            far = nil
            fields.removeAll(keepingCapacity: true)
            numbers.removeAll(keepingCapacity: true)
        }
    }

    mutating func end(_ name: UnsafeBufferPointer<UInt8>) throws(WorkbookProblem) {
        guard inSheetData else { return }
        if inCell {
            if XMLScanner.is(name, "c") {
                inCell = false
                inInline = false
                phonetic = 0
                collecting = 0
                let text = try render()
                rowText += text.utf8.count
                if rowText > XLSXSource.rowTextLimit {
                    throw .tooLarge("第\(row)行的内容超过 \(XLSXSource.rowTextLimit >> 20) MiB")
                }
                if !text.isEmpty, column < Self.denseColumns {
                    if fields.count <= column { fields.append(contentsOf: repeatElement("", count: column + 1 - fields.count)) }
                    fields[column] = text
                    if kind == .number || kind == .isoDate {
                        let dated = kind == .isoDate || (style < dateStyles.count && dateStyles[style].isDate)
                        numbers.append(StoredNumber(column: column, date: dated))
                    }
                } else if !text.isEmpty, far.map({ column < $0.column }) ?? true {
                    far = (column, text)
                }
                nextColumn = column + 1
            } else if XMLScanner.is(name, "v") || XMLScanner.is(name, "t") {
                collecting = 0
            } else if XMLScanner.is(name, "rPh") {
                phonetic -= 1
            } else if XMLScanner.is(name, "is") {
                inInline = false
            }
        } else if XMLScanner.is(name, "row") {
            inRow = false
            lastRow = row
            if let far, !Text.trim(far.text).isEmpty {
                if fields.count < Self.denseColumns { fields.append(contentsOf: repeatElement("", count: Self.denseColumns - fields.count)) }
                fields.append(far.text)
            }
            guard fields.contains(where: { !Text.trim($0).isEmpty }) else { return }
            var record = CSVRecord(line: row, fields: fields, row: row)
            record.numbers = numbers
            emit(record)
        } else if XMLScanner.is(name, "sheetData") {
            inSheetData = false
        }
    }

    mutating func text(_ raw: UnsafeBufferPointer<UInt8>, cdata: Bool) {
        guard collecting != 0, value.count <= CellText.maxCellBytes else { return }
        if cdata { value.append(contentsOf: raw) } else { XMLScanner.decode(raw, into: &value) }
        CellText.cut(&value)
    }

    static func kind(_ t: UnsafeBufferPointer<UInt8>?) -> Kind {
        guard let t, !t.isEmpty else { return .number }
        if XMLScanner.is(t, "s") { return .shared }
        if XMLScanner.is(t, "inlineStr") { return .inline }
        if XMLScanner.is(t, "str") { return .formulaString }
        if XMLScanner.is(t, "b") { return .boolean }
        if XMLScanner.is(t, "e") { return .error }
        if XMLScanner.is(t, "d") { return .isoDate }
        return .number
    }

    /// `BC12` → 54 (0-based); -1 when the reference has no column letters.
    static func columnIndex(_ ref: UnsafeBufferPointer<UInt8>) -> Int {
        var v = 0
        var letters = 0
        for b in ref {
            let upper = b & 0xDF
            guard upper >= 0x41, upper <= 0x5A else { break }
            v = v * 26 + Int(upper - 0x40)
            letters += 1
            if letters > 3 { return -1 }
        }
        return letters == 0 ? -1 : v - 1
    }

    private mutating func render() throws(WorkbookProblem) -> String {
        switch kind {
        case .shared:
            guard !value.isEmpty else { return "" }
            guard let index = Int(String(decoding: value, as: UTF8.self)), index >= 0, index < strings.count else {
                throw .damaged("第\(row)行引用了不存在的共享字符串")
            }
            if let made = long[index] { return made }
            let s = strings.string(index) ?? ""
            if strings.length(index) >= 1 << 10 { long[index] = s }
            return s
        case .inline, .formulaString:
            return CellText.string(value)
        case .boolean:
            return value == [0x31] ? "TRUE" : (value.isEmpty ? "" : "FALSE")
        case .error:
            return String(decoding: value, as: UTF8.self)
        case .isoDate:
            // Strict OOXML's `t="d"`: `2021-08-30T00:00:00`; the date alone when no time is given.
            let s = String(decoding: value, as: UTF8.self)
            if let t = s.firstIndex(of: "T") {
                let time = s[s.index(after: t)...]
                return time.allSatisfy({ $0 == "0" || $0 == ":" || $0 == "." || $0 == "Z" }) ? String(s[..<t]) : s.replacingOccurrences(of: "T", with: " ")
            }
            return s
        case .number:
            return number()
        }
    }

    private func number() -> String {
        guard !value.isEmpty else { return "" }
        let dateStyle = style < dateStyles.count ? dateStyles[style] : .none
        // The common cell: a whole number Excel wrote as plain digits.
        if !dateStyle.isDate, value.count <= 15, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), value.count == 1 || value[0] != 0x30 {
            return String(decoding: value, as: UTF8.self)
        }
        let raw = String(decoding: value, as: UTF8.self)
        guard let v = Double(raw.trimmingCharacters(in: .whitespaces)), v.isFinite else { return raw }
        if dateStyle.isDate, let date = CellText.date(v, dateStyle, date1904: date1904) { return date }
        return CellText.number(v)
    }
}
