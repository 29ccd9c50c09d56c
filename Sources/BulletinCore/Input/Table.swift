import Foundation

/// One data row of a submission, its cells aligned to `SubmissionKind.columns`.
public struct SubmissionRow: Sendable {
    public var line: Int
    /// Trimmed cell values by column index of the kind; "" where absent or empty.
    public var cells: [String]
    /// The spreadsheet row (`CSVRecord.row`).
    public var row: Int

    public init(line: Int, cells: [String], row: Int? = nil) {
        self.line = line
        self.cells = cells
        self.row = row ?? line
    }

    public subscript(_ column: Int) -> String { column < cells.count ? cells[column] : "" }
}

/// The header of a submission file as found.
public struct TableHeader: Sendable {
    public var line: Int
    /// For each column of the kind, whether the file has it.
    public var present: [Bool]
    public var missingRequired: [String]
}

/// Reads one submission file: decodes, finds the header under any printed-form title
/// rows, maps columns by name, and streams the data rows.
public enum TableReader {
    /// Reads `data` as CSV: `read(_:kind:…)` over a `CSVSource`.
    @discardableResult
    public static func read(
        _ data: Data, kind: SubmissionKind, file: String, unit: String,
        findings: inout [Finding], uncounted: ((SubmissionRow) -> Void)? = nil,
        _ body: (SubmissionRow) -> Void
    ) -> TableHeader? {
        read(CSVSource(data: data), kind: kind, file: file, unit: unit, findings: &findings, uncounted: uncounted, body)
    }

    /// Reads a file's records as a submission of `kind`. Findings about the file's form are
    /// appended to `findings`; rows are handed to `body` in order. Returns the header,
    /// or nil when none was found (or the file could not be decoded).
    ///
    /// A file missing a required column counts as received with nothing counted: its rows
    /// never reach `body`. They go to `uncounted` instead, for what such a file still says
    /// (a lead unit's compiled list still names the units it reports for).
    ///
    /// A workbook that turns out unreadable part-way (a damaged or oversized sheet) returns
    /// nil after some rows may have reached `body`: the caller drops what it kept of them.
    @discardableResult
    public static func read<Source: RecordSource>(
        _ source: Source, kind: SubmissionKind, file: String, unit: String,
        findings: inout [Finding], uncounted: ((SubmissionRow) -> Void)? = nil,
        _ body: (SubmissionRow) -> Void
    ) -> TableHeader? {
        var all = CappedFindings(limit: .max / 4)
        let header = read(source, kind: kind, file: file, unit: unit, capped: &all, uncounted: uncounted, body)
        findings.append(contentsOf: all.kept)
        return header
    }

    /// `read` with the file's findings kept in `capped`: at most its limit of them are held,
    /// whatever their number (a 300,000-row ragged file), the rest only counted.
    static func read<Source: RecordSource>(
        _ source: Source, kind: SubmissionKind, file: String, unit: String,
        capped findings: inout CappedFindings, uncounted: ((SubmissionRow) -> Void)? = nil,
        _ body: (SubmissionRow) -> Void
    ) -> TableHeader? {
        let known = Dictionary(kind.columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let identifier = kind.columns.map(kind.identifierColumns.contains)
        var header: TableHeader?
        var mapping: [Int?] = []  // file column → kind column
        var width = 0
        var headerCells: [String] = []  // the header as written, trimmed
        var localFindings = CappedFindings(limit: findings.limit)
        var sourceProblems: [RecordProblem] = []
        var notes: [WorkbookNote] = []
        // The first records of a file with no header yet, for telling garbled text apart.
        var early: [CSVRecord] = []
        let rowsHaveLength = source.rowsHaveLength
        source.forEachRecord(problem: { problem in
            switch problem {
            case .unterminatedQuote(let line, let row):
                // Under the same cap as every other finding of the file.
                localFindings.append(
                    Finding(
                        code: .unterminatedQuote, unit: unit, file: file, line: line, row: row,
                        message: "第\(row)行的引号没有闭合，本行未能读取；请检查单元格中的英文双引号"))
            case .workbookNote(let note):
                notes.append(note)
            default:
                sourceProblems.append(problem)
            }
        }) { record in
            guard header != nil else {
                let names = record.fields.map(Text.normaliseHeader)
                guard isHeader(names, known: known) else {
                    if early.count < garbleProbeRows { early.append(record) }
                    return
                }
                var present = Array(repeating: false, count: kind.columns.count)
                mapping = []
                for (i, name) in names.enumerated() {
                    if let k = known[name] {
                        if present[k] {
                            localFindings.append(
                                Finding(
                                    code: .duplicateColumn, unit: unit, file: file, line: record.line, row: record.row, column: name,
                                    message: "「\(name)」列出现了两次，只读取第一列"))
                            mapping.append(nil)
                        } else {
                            present[k] = true
                            mapping.append(k)
                        }
                    } else {
                        mapping.append(nil)
                        if !name.isEmpty {
                            localFindings.append(
                                Finding(
                                    code: .unknownColumn, unit: unit, file: file, line: record.line, row: record.row,
                                    column: Text.trim(record.fields[i]), value: Text.trim(record.fields[i]),
                                    message: "「\(Text.trim(record.fields[i]))」不是\(kind.label)的列，已忽略"))
                        }
                    }
                }
                width = names.lastIndex(where: { !$0.isEmpty }).map { $0 + 1 } ?? 0
                let missing = kind.requiredColumns.filter { name in known[name].map { !present[$0] } ?? true }
                for name in missing {
                    localFindings.append(
                        Finding(
                            code: .missingColumn, unit: unit, file: file, line: record.line, row: record.row, column: name,
                            message: "缺少必填列「\(name)」，本文件视为已报送但不计入任何数据，请按模板补齐该列后重新报送"))
                }
                header = TableHeader(line: record.line, present: present, missingRequired: missing)
                headerCells = record.fields.map(Text.trim)
                return
            }
            // The header again (two exports pasted into one file): one finding, not a row of errors.
            if record.fields.count == headerCells.count, Text.trim(record.fields[0]) == headerCells[0],
                record.fields.map(Text.trim) == headerCells
            {
                localFindings.append(
                    Finding(
                        code: .repeatedHeader, unit: unit, file: file, line: record.line, row: record.row,
                        message: "表头在第\(record.row)行重复出现，该行已跳过；请删除多余的表头行"))
                return
            }
            let complete = header?.missingRequired.isEmpty ?? false
            var cells = Array(repeating: "", count: kind.columns.count)
            guard complete else {
                for (i, raw) in record.fields.enumerated() where i < mapping.count {
                    if let k = mapping[i] { cells[k] = Text.trim(raw) }
                }
                uncounted?(SubmissionRow(line: record.line, cells: cells, row: record.row))
                return
            }
            let lastFilled = record.fields.lastIndex(where: { !Text.trim($0).isEmpty }) ?? -1
            if lastFilled >= width {
                localFindings.append(
                    Finding(
                        code: .raggedRow, unit: unit, file: file, line: record.line, row: record.row,
                        value: Text.trim(record.fields[lastFilled]),
                        message: "本行有 \(lastFilled + 1) 列，超出表头的 \(width) 列，多出的内容已忽略"))
            } else if rowsHaveLength, record.fields.count < width {
                localFindings.append(
                    Finding(
                        code: .raggedRow, unit: unit, file: file, line: record.line, row: record.row,
                        message: "本行只有 \(record.fields.count) 列，少于表头的 \(width) 列，缺少的单元格按空白处理"))
            }
            for (i, raw) in record.fields.enumerated() where i < mapping.count {
                guard let k = mapping[i] else { continue }
                cells[k] = Text.trim(raw)
                if let finding = cellFinding(cells[k], column: kind.columns[k], unit: unit, file: file, record: record) {
                    localFindings.append(finding)
                }
                if identifier[k], !record.numbers.isEmpty, let stored = record.numbers.first(where: { $0.column == i }) {
                    localFindings.append(convertedIDFinding(cells[k], stored: stored, column: kind.columns[k], unit: unit, file: file, record: record))
                }
            }
            body(SubmissionRow(line: record.line, cells: cells, row: record.row))
        }
        for problem in sourceProblems {
            switch problem {
            case .badEncoding(let line):
                findings.append(contentsOf: [
                    Finding(
                        code: .badEncoding, unit: unit, file: file, line: line,
                        message: "第\(line)行起无法按 UTF-8 或 GB18030 读取，请在 Excel/WPS 中另存为「CSV UTF-8」或「CSV（逗号分隔）」后重新报送")
                ])
                return nil
            case .mixedEncoding(let line):
                findings.append(contentsOf: [
                    Finding(
                        code: .badEncoding, unit: unit, file: file, line: line,
                        message: "文件混用了 UTF-8 和 GB18030 两种编码（第\(line)行起与前面不同），请在 Excel/WPS 中整体另存为「CSV UTF-8」后重新报送")
                ])
                return nil
            case .workbook(let problem):
                findings.append(contentsOf: [workbookFinding(problem, file: file, unit: unit)])
                return nil
            case .unsupportedFormat(let format):
                findings.append(unsupportedFinding(format, file: file, unit: unit))
                return nil
            case .unterminatedQuote, .workbookNote:
                continue
            }
        }
        findings.absorb(localFindings)
        for note in notes { findings.append(contentsOf: [noteFinding(note, file: file, unit: unit)]) }
        if header == nil, let garbled = garbledHeader(early, known: known) {
            findings.append(contentsOf: [
                Finding(
                    code: .garbledText, unit: unit, file: file, line: garbled.record.line, row: garbled.record.row,
                    value: garbled.seen,
                    message: "文件中的文字是乱码（如「\(garbled.seen)」原应为「\(garbled.meant)」）：原文件是 UTF-8 编码，被按 \(garbled.cause) 打开后又保存了，本文件未计入；请用 WPS 或 Excel 打开原始文件，另存为 .xlsx 后重新报送")
            ])
        } else if header == nil {
            findings.append(contentsOf: [
                Finding(
                    code: .missingHeader, unit: unit, file: file, line: 1,
                    message: "找不到表头行（至少要有三个\(kind.label)的列名，如「\(kind.requiredColumns.prefix(3).joined(separator: "」「"))」），请使用统一模板")
            ])
        }
        return header
    }
}

extension TableReader {
    /// Whether a record (its cells through `Text.normaliseHeader`) is a file's header: at least
    /// three of its cells name columns of the form (`known`: column name → position).
    static func isHeader(_ names: [String], known: [String: Int]) -> Bool {
        Set(names.compactMap { known[$0] }).count >= 3
    }

    /// The one finding for a workbook that cannot be read; the file counts as received with
    /// nothing counted, like a CSV that cannot be decoded.
    static func workbookFinding(_ problem: WorkbookProblem, file: String, unit: String) -> Finding {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        switch problem {
        case .oldFormat:
            return Finding(
                code: .oldExcelFormat, unit: unit, file: file, line: 0,
                message: "「\(name)」是旧版 Excel/WPS 格式（.xls/.et），无法读取，本文件未计入；请在 Excel/WPS 中「另存为」Excel 工作簿（.xlsx）或 CSV 后重新报送")
        case .encrypted:
            return Finding(
                code: .encryptedWorkbook, unit: unit, file: file, line: 0,
                message: "「\(name)」设置了打开密码，无法读取，本文件未计入；请取消密码后重新报送")
        case .damaged(let why):
            return Finding(
                code: .damagedWorkbook, unit: unit, file: file, line: 0,
                message: "「\(name)」无法作为 Excel 工作簿读取（\(why)），本文件未计入；请在 Excel/WPS 中打开核对后重新另存为 .xlsx 或 CSV 报送")
        case .tooLarge(let part):
            return Finding(
                code: .workbookTooLarge, unit: unit, file: file, line: 0, value: part,
                message: "「\(name)」解压后超出上限（\(part)），疑为异常文件，未读取，本文件未计入；请只保留报送表格，重新另存为 .xlsx 或 CSV 后报送")
        }
    }

    /// The finding for a workbook's note (a warning: the sheet read still counts).
    static func noteFinding(_ note: WorkbookNote, file: String, unit: String) -> Finding {
        switch note {
        case .longNumberFormat(let count):
            return Finding(
                code: .numberFormatTooLong, unit: unit, file: file, line: 0,
                message: "工作簿中有 \(count) 个数字格式超过 Excel 的 255 个字符上限，已不予解析，使用这些格式的单元格按常规数字读取；请在 Excel/WPS 中清除异常格式后重新另存为 .xlsx")
        case .otherSheets(let read, let holding):
            let names = holding.map { "「\($0)」" }.joined(separator: "")
            return Finding(
                code: .otherSheetsIgnored, unit: unit, file: file, line: 0, value: holding.joined(separator: "、"),
                message: "工作簿只读取了工作表「\(read)」；另有可见工作表\(names)也有本表的表头，其中的行未读取、未计入；请把各表的行合并到一个工作表（或分成多个文件）后重新报送")
        }
    }

    /// Records looked at for garbled text when a file has no header: the title rows and header
    /// of any form sit within them.
    static let garbleProbeRows = 30

    /// A record of `early` whose cells, read back as the UTF-8 they once were, name at least two
    /// of the form's columns: the file's text was UTF-8 opened as GBK (or Latin-1/Windows-1252)
    /// and saved again. The first such cell as seen and as meant, and the encoding it went through.
    static func garbledHeader(_ early: [CSVRecord], known: [String: Int]) -> (record: CSVRecord, seen: String, meant: String, cause: String)? {
        for record in early {
            var matched = 0
            var first: (seen: String, meant: String, cause: String)?
            for raw in record.fields {
                let seen = Text.trim(raw)
                guard !seen.isEmpty, seen.utf8.count <= 256, let (meant, cause) = Text.ungarbled(seen) else { continue }
                let name = Text.normaliseHeader(meant)
                let hit = known[name] != nil || (name.contains("\u{FFFD}") && name.count >= 3 && known.keys.contains { column in
                    let stem = name.prefix { $0 != "\u{FFFD}" }
                    return stem.count >= 2 && column.hasPrefix(stem)
                })
                if hit {
                    matched += 1
                    if first == nil { first = (seen, meant, cause) }
                }
            }
            if matched >= 2, let first { return (record, first.seen, first.meant, first.cause) }
        }
        return nil
    }

    /// An identifier (问题编号) Excel stored as a number or a date: what it did and how to type
    /// it as text. A warning: the row counts with the number as shown.
    static func convertedIDFinding(
        _ cell: String, stored: StoredNumber, column: String, unit: String, file: String, record: CSVRecord
    ) -> Finding {
        let what = stored.date
            ? "被 Excel 当成日期存储（如输入的「9-1」会变成 9月1日），现显示为「\(cell)」"
            : "被 Excel 当成数字存储（开头的 0 会丢失，如输入的「001」会变成 1），现为「\(cell)」"
        return Finding(
            code: .excelConvertedID, unit: unit, file: file, line: record.line, row: record.row, column: column, value: cell,
            message: "「\(column)」\(what)，与其他周的编号可能对不上；请把该列单元格格式设为「文本」（或在编号前加英文单引号 '）后按原编号重新输入，再报送")
    }

    /// The one finding for a file in a format that is not read: the unit's, like an .xls.
    static func unsupportedFinding(_ format: String, file: String, unit: String) -> Finding {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        let fix = SubmissionFormat.isTable(format)
            ? "请在 WPS/Excel 中打开后「另存为」Excel 工作簿（.xlsx）或 CSV 后重新报送"
            : "扫描件和截图无法统计，请报送填好的 Excel 工作簿（.xlsx）或 CSV 表格"
        return Finding(
            code: .unsupportedFormat, unit: unit, file: file, line: 0, value: format,
            message: "「\(name)」是\(format)，无法读取，本文件未计入；\(fix)")
    }

    /// A cell the workbooks cannot show exactly as submitted: control characters (NUL,
    /// ESC …, which Excel cannot display and the bulletin drops) or more than Excel's 32,767
    /// characters (cut with "…"). A warning: the row counts unless its column's rule fails.
    /// Decided on the bytes; the common cell costs one pass.
    static func cellFinding(_ cell: String, column: String, unit: String, file: String, record: CSVRecord) -> Finding? {
        var cell = cell
        // One pass: control bytes, and whether an E2 lead byte (where the direction marks
        // live) is there at all.
        let scan = cell.withUTF8 { b -> (control: Bool, e2: Bool, long: Bool) in
            var control = false, e2 = false
            for x in b {
                if x < 0x20 { control = control || (x != 0x09 && x != 0x0A && x != 0x0D) }
                if x == 0x7F { control = true }
                if x == 0xE2 { e2 = true }
            }
            return (control, e2, b.count > 32_767)
        }
        var control = scan.control
        let long = scan.long
        // Bidirectional overrides (U+202A–202E, U+2066–2069, E2 80 AA–AE / E2 81 A6–A9) can make
        // a cell read differently from what it holds: shown, but not silently.
        if !control, scan.e2 {
            control = cell.unicodeScalars.contains { (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) }
        }
        if control {
            return Finding(
                code: .controlCharacter, unit: unit, file: file, line: record.line, row: record.row, column: column,
                value: String(String.UnicodeScalarView(cell.unicodeScalars.filter {
                    $0.value >= 0x20 && $0.value != 0x7F && !(0x202A...0x202E).contains($0.value) && !(0x2066...0x2069).contains($0.value)
                })),
                message: "「\(column)」含有不可见的控制字符或文字方向控制符（如从其他系统复制带入），表格中无法照原样显示；请删除后重新报送")
        }
        if long, cell.utf16.count > 32_767 {
            return Finding(
                code: .cellTooLong, unit: unit, file: file, line: record.line, row: record.row, column: column,
                value: String(cell.prefix(50)) + "…",
                // A cell cut when read (`CellText.maxCellBytes`) had more than it still has.
                message: "「\(column)」有 \(cell.utf16.count) 个\(cell.utf8.count >= CellText.maxCellBytes - 3 ? "以上" : "")字符，超过 Excel 单元格上限 32767，表格中截断显示；请精简内容")
        }
        return nil
    }
}

/// A problem that makes part of a file unreadable, whatever its format.
public enum RecordProblem: Sendable, Equatable {
    /// The file's text cannot be decoded from `line` on; nothing of it is read.
    case badEncoding(line: Int)
    /// UTF-8 and GB18030 lines in one file, from `line` on the other one.
    case mixedEncoding(line: Int)
    /// A record starting on `line` could not be read; reading resumed after it.
    case unterminatedQuote(line: Int, row: Int)
    /// Something about a workbook the unit should know; its records are read all the same.
    case workbookNote(WorkbookNote)
    /// The workbook cannot be read (old format, password, damage, past the bounds); records
    /// handed over before it was found must be dropped.
    case workbook(WorkbookProblem)
    /// A format that is not read (`OpenDocument 电子表格（.ods）`, `PDF 文件（.pdf）`).
    case unsupportedFormat(String)
}

/// Where a submission's records come from: cells as written, with the line a clerk finds
/// them on. The table reader and the rules above it never see bytes: `CSVSource` and
/// `XLSXSource` sit side by side.
public protocol RecordSource {
    /// Calls `body` with every non-blank record in order and `problem` with what could not
    /// be read. After a `badEncoding` or `workbook` problem no record follows.
    func forEachRecord(problem: (RecordProblem) -> Void, _ body: (CSVRecord) -> Void)
    /// Whether a record's field count is the row's length as written (a CSV line has its
    /// commas); false for a workbook, whose rows hold only the cells present, so a row is never
    /// "shorter than the header".
    var rowsHaveLength: Bool { get }
}

extension RecordSource {
    public var rowsHaveLength: Bool { true }
}

/// What a workbook says beside its records: a note, not a reason to refuse it.
public enum WorkbookNote: Sendable, Equatable {
    /// `count` number formats longer than Excel's 255 characters: not parsed, their cells read
    /// as General numbers.
    case longNumberFormat(count: Int)
    /// Visible sheets other than the one read (`read`) whose first rows hold the form's header.
    case otherSheets(read: String, holding: [String])
}

/// A submission's records, in the format its name says.
public enum SubmissionSource: RecordSource {
    case csv(CSVSource)
    case xlsx(XLSXSource)
    /// .xls / .et: nothing is read, one `old-excel-format` finding.
    case legacyWorkbook
    /// .ods, .numbers, .xlsb, a PDF, a picture … (its Chinese name): nothing is read, one
    /// `unsupported-format` finding.
    case unsupported(String)

    public var rowsHaveLength: Bool {
        if case .xlsx = self { return false }
        return true
    }

    public func forEachRecord(problem: (RecordProblem) -> Void, _ body: (CSVRecord) -> Void) {
        switch self {
        case .csv(let source): source.forEachRecord(problem: problem, body)
        case .xlsx(let source): source.forEachRecord(problem: problem, body)
        case .legacyWorkbook: problem(.workbook(.oldFormat))
        case .unsupported(let name): problem(.unsupportedFormat(name))
        }
    }
}

/// A CSV file's records: UTF-8 (BOM or not) or GB18030, decoded, split by `CSVReader`.
public struct CSVSource: RecordSource {
    public var data: Data
    public init(data: Data) { self.data = data }

    public func forEachRecord(problem: (RecordProblem) -> Void, _ body: (CSVRecord) -> Void) {
        switch CSVReader.decode(data) {
        case .failure(let p):
            switch p {
            case .badEncoding(let line): problem(.badEncoding(line: line))
            case .mixedEncoding(let line): problem(.mixedEncoding(line: line))
            case .unterminatedQuote: break
            }
        case .success(let decoded):
            for p in CSVReader.forEachRecord(decoded.bytes, body) {
                if case .unterminatedQuote(let line, let row) = p { problem(.unterminatedQuote(line: line, row: row)) }
            }
        }
    }
}

/// A file's row findings, at most `limit` of them in line order, with a count of the rest.
struct CappedFindings {
    let limit: Int
    private(set) var kept: [Finding] = []
    private(set) var dropped = 0
    private(set) var droppedErrors = 0
    private var sorted = true

    init(limit: Int, dropped: Int = 0, droppedErrors: Int = 0) {
        self.limit = limit
        self.dropped = dropped
        self.droppedErrors = droppedErrors
    }

    mutating func append(_ f: Finding) {
        if let last = kept.last, f.line < last.line { sorted = false }
        kept.append(f)
        // Keep memory bounded: trim to the first `limit` by line once twice over.
        if kept.count > 2 * limit { trim() }
    }

    /// Takes `other`'s kept findings and counts what it dropped.
    mutating func absorb(_ other: CappedFindings) {
        dropped += other.dropped
        droppedErrors += other.droppedErrors
        append(contentsOf: other.kept)
    }

    mutating func append(contentsOf findings: [Finding]) {
        for f in findings { append(f) }
    }

    private mutating func trim() {
        if !sorted {
            kept = stableSorted(kept)
            sorted = true
        }
        guard kept.count > limit else { return }
        let rest = kept[limit...]
        dropped += rest.count
        droppedErrors += rest.filter { $0.severity == .error }.count
        kept.removeSubrange(limit...)
    }

    private func stableSorted(_ a: [Finding]) -> [Finding] {
        a.enumerated().sorted { x, y in x.element.line != y.element.line ? x.element.line < y.element.line : x.offset < y.offset }
            .map(\.element)
    }

    /// The kept findings, and one `findings-truncated` finding for the rest.
    mutating func drain(file: String, unit: String) -> [Finding] {
        trim()
        var out = kept
        if dropped > 0 {
            out.append(
                Finding(
                    code: .findingsTruncated, severity: droppedErrors > 0 ? .error : .warning, unit: unit, file: file,
                    line: 0,
                    message: "本文件问题过多，只列出前 \(limit) 个；另有 \(dropped) 个问题（其中错误 \(droppedErrors) 个）未列出，请按模板整体核对后重新报送"))
        }
        return out
    }
}
