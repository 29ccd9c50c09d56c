import Foundation

/// One data row of a table, its cells aligned to the table's columns (`TableColumns.names`).
public struct SubmissionRow: Sendable {
    public var line: Int
    /// Trimmed cell values by column index of the table; "" where absent or empty.
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

/// A table the readers know — a submission form's, a roster file's, the receipt log's: its
/// columns by name in order, the ones a file must have, and what messages call it.
public struct TableColumns: Sendable {
    /// The table's name in messages (`附件3 宣传稿件统计表`, `单位名册（units.csv）`).
    public let label: String
    /// Every column, in the table's order.
    public let names: [String]
    /// Columns a file must have.
    public let required: [String]
    /// Columns that hold identifiers typed as text (问题编号): a workbook cell Excel stored as
    /// a number or a date there is a warning.
    public let identifiers: [String]
    /// Column name → position in `names`.
    let known: [String: Int]

    public init(label: String, names: [String], required: [String], identifiers: [String] = []) {
        self.label = label
        self.names = names
        self.required = required
        self.identifiers = identifiers
        known = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// A table of a column enum: its columns in case order.
    public init<C: FormColumn>(label: String, _ columns: C.Type, required: [C], identifiers: [C] = []) {
        self.init(label: label, names: C.allCases.map(\.header), required: required.map(\.header), identifiers: identifiers.map(\.header))
    }

    /// The header rule, the one every reader uses (docs/decisions.md, "One header rule"): a
    /// file's header is its first row in which at least three cells name columns of the table
    /// (the contract's rule for the forms) — or, for a table that requires fewer than three
    /// columns (units.csv, media.csv, 报送登记.csv), as many as it requires.
    public var headerMinimum: Int { max(1, min(3, required.isEmpty ? names.count : required.count)) }

    /// How many of the table's columns a record's cells (through `Text.normaliseHeader`) name.
    public func columnsNamed(by cells: [String]) -> Int { Set(cells.compactMap { known[$0] }).count }

    /// Whether a record (its cells through `Text.normaliseHeader`) is the table's header.
    public func isHeader(_ cells: [String]) -> Bool { columnsNamed(by: cells) >= headerMinimum }
}

/// The header of a table file as found.
public struct TableHeader: Sendable {
    public var line: Int
    /// For each column of the table, whether the file has it.
    public var present: [Bool]
    public var missingRequired: [String]
}

/// Why nothing of a table file counts.
public enum TableFailure: Sendable {
    /// The text cannot be decoded from `line` on.
    case badEncoding(line: Int)
    /// UTF-8 and GB18030 lines in one file, from `line` on the other one.
    case mixedEncoding(line: Int)
    /// The workbook cannot be read (old format, password, damage, past the bounds).
    case workbook(WorkbookProblem)
    /// A format that is not read (its Chinese name).
    case unsupportedFormat(String)
    /// No record is the header. `garbled`: the first records hold the header as UTF-8 text
    /// that went through another encoding.
    case noHeader(garbled: GarbledHeader?)
}

/// A header whose UTF-8 text was opened as GBK (or Latin-1/Windows-1252) and saved again:
/// the record, the first cell as seen and as meant, and the encoding it went through.
public struct GarbledHeader: Sendable {
    public var record: CSVRecord
    public var seen: String
    public var meant: String
    public var cause: String
}

/// What reading one table file gave besides its rows.
public struct TableRead {
    /// The header; nil when nothing of the file counts (`failure` says why).
    public var header: TableHeader?
    public var failure: TableFailure?
    /// The file's findings under the per-file cap: the reader's and those its rows' rules added.
    public var findings: FileFindings
}

/// A file's findings, at most `TableReader.findingLimit` of them kept (the first by line), the
/// rest counted in one `findings-truncated` finding — as frictionless's `limit_errors`: a
/// broken 300,000-row file must not fill memory. The reader keeps its own (header, records,
/// cells) apart from the rows' rules' and joins them at the end, the rules' first on a line.
public struct FileFindings: Sendable {
    /// Found reading the file: its header, its records, its cells.
    var reading: CappedFindings
    /// Added by the rules on its rows, and across them (a form's `finish`).
    var rules: CappedFindings

    init(limit: Int) {
        reading = CappedFindings(limit: limit)
        rules = CappedFindings(limit: limit)
    }

    public mutating func append(_ finding: Finding) { rules.append(finding) }
    public mutating func append(contentsOf findings: [Finding]) { rules.append(contentsOf: findings) }

    /// Nothing of the file counts: what its rows' rules said goes.
    mutating func dropRules() { rules = CappedFindings(limit: rules.limit) }

    /// Findings past the cap, after `drain` (all, and errors).
    public var dropped: Int { rules.dropped + reading.dropped }
    public var droppedErrors: Int { rules.droppedErrors + reading.droppedErrors }

    /// All of them, kept in the order found (uncapped readers: tests and tools).
    var kept: [Finding] { rules.kept + reading.kept }

    /// The kept findings in line order, and one `findings-truncated` finding for the rest.
    public mutating func drain(file: String, unit: String) -> [Finding] {
        rules.absorb(reading)
        reading = CappedFindings(limit: reading.limit)
        return rules.drain(file: file, unit: unit)
    }
}

/// Reads one table file — a submission, a roster file, a receipt log: decodes, finds the
/// header under any printed-form title rows, maps columns by name, and streams the data
/// rows, keeping the file's findings under the per-file cap.
public enum TableReader {
    /// Findings kept per file; the rest are counted in one `findings-truncated` finding.
    public static let findingLimit = 1_000

    /// Reads `data` as CSV: `read(_:kind:…)` over a `CSVSource`.
    @discardableResult
    public static func read(
        _ data: Data, kind: SubmissionKind, file: String, unit: String,
        findings: inout [Finding], uncounted: ((SubmissionRow) -> Void)? = nil,
        _ body: (SubmissionRow) -> Void
    ) -> TableHeader? {
        read(CSVSource(data: data), kind: kind, file: file, unit: unit, findings: &findings, uncounted: uncounted, body)
    }

    /// Reads a file's records as a submission of `kind`, with no cap on its findings (tests
    /// and tools). Findings about the file's form are appended to `findings`; rows are
    /// handed to `body` in order. Returns the header, or nil when none was found (or the file
    /// could not be decoded).
    @discardableResult
    public static func read<Source: RecordSource>(
        _ source: Source, kind: SubmissionKind, file: String, unit: String,
        findings: inout [Finding], uncounted: ((SubmissionRow) -> Void)? = nil,
        _ body: (SubmissionRow) -> Void
    ) -> TableHeader? {
        let read = self.read(source, kind: kind, file: file, unit: unit, limit: .max / 4, uncounted: uncounted) { row, _ in body(row) }
        findings.append(contentsOf: read.findings.kept)
        return read.header
    }

    /// Reads a submission of `kind`: `read(_:table:…)`, and the form's finding for a file
    /// none of which counts (undecodable, a workbook that cannot be read, no header).
    static func read<Source: RecordSource>(
        _ source: Source, kind: SubmissionKind, file: String, unit: String, limit: Int = findingLimit,
        uncounted: ((SubmissionRow) -> Void)? = nil,
        _ body: (SubmissionRow, inout FileFindings) -> Void
    ) -> TableRead {
        var read = self.read(source, table: kind.table, file: file, unit: unit, limit: limit, uncounted: uncounted, body)
        if let failure = read.failure { read.findings.reading.append(failureFinding(failure, kind: kind, file: file, unit: unit)) }
        return read
    }

    /// Reads a file's records as a table of `table`. Rows are handed to `body` in order, with
    /// the file's findings for the row's rules to add to.
    ///
    /// A file missing a required column has no rows that count: its rows never reach `body`.
    /// They go to `uncounted` instead, for what such a file still says (a lead unit's compiled
    /// list still names the units it reports for).
    ///
    /// When nothing of the file counts (`failure`: it cannot be decoded, a workbook turns out
    /// unreadable part-way, no header), the rules' findings are dropped and the header is nil;
    /// rows may have reached `body` before a workbook's damage was found: the caller drops
    /// what it kept of them. The finding that says so is the caller's (a form's file, a
    /// roster file and the receipt log each have their own consequence).
    static func read<Source: RecordSource>(
        _ source: Source, table: TableColumns, file: String, unit: String, limit: Int = findingLimit,
        uncounted: ((SubmissionRow) -> Void)? = nil,
        _ body: (SubmissionRow, inout FileFindings) -> Void
    ) -> TableRead {
        var read = TableRead(header: nil, failure: nil, findings: FileFindings(limit: limit))
        var scan = HeaderScan(table: table, file: file, unit: unit)
        var layout: TableLayout?
        var sourceProblems: [RecordProblem] = []
        var notes: [WorkbookNote] = []
        var found: [Finding] = []
        let rowsHaveLength = source.rowsHaveLength
        source.forEachRecord(problem: { problem in
            switch problem {
            case .unterminatedQuote(let line, let row):
                // Under the same cap as every other finding of the file.
                read.findings.reading.append(scan.unterminatedQuote(line: line, row: row))
            case .workbookNote(let note):
                notes.append(note)
            default:
                sourceProblems.append(problem)
            }
        }) { record in
            guard let current = layout else {
                layout = scan.feed(record, findings: &read.findings.reading)
                return
            }
            let outcome = current.row(record, rowsHaveLength: rowsHaveLength, findings: &found)
            if !found.isEmpty {
                read.findings.reading.append(contentsOf: found)
                found.removeAll(keepingCapacity: true)
            }
            switch outcome {
            case .repeatedHeader: break
            case .uncounted(let row): uncounted?(row)
            case .counted(let row): body(row, &read.findings)
            }
        }
        for problem in sourceProblems {
            let failure: TableFailure
            switch problem {
            case .badEncoding(let line): failure = .badEncoding(line: line)
            case .mixedEncoding(let line): failure = .mixedEncoding(line: line)
            case .workbook(let problem): failure = .workbook(problem)
            case .unsupportedFormat(let format): failure = .unsupportedFormat(format)
            case .unterminatedQuote, .workbookNote: continue
            }
            read.findings = FileFindings(limit: limit)
            read.failure = failure
            return read
        }
        for note in notes { read.findings.reading.append(noteFinding(note, file: file, unit: unit)) }
        read.header = layout?.header
        if layout == nil {
            read.findings.dropRules()
            read.failure = .noHeader(garbled: scan.garbled())
        }
        return read
    }
}

extension TableReader {
    /// Reads a CSV table of many rows (enterprises.csv: a province's 1.5 million) on `parts`
    /// threads: the header found as `read` finds it, then the data rows cut at record
    /// boundaries and each made a row, and a `T` by `prepare`, on its part's thread; `prepared`
    /// hears how many there are, then each goes through `body` in file order. The header rule,
    /// column mapping, findings and cap are `read`'s; a file missing a required column is read
    /// no further (its header says which: the roster stops the run on it).
    static func read<T: Sendable>(
        csv data: Data, table: TableColumns, file: String, unit: String, parts: Int,
        prepare: @escaping @Sendable (SubmissionRow) -> T, prepared: ((Int) -> Void)? = nil,
        _ body: (T, inout FileFindings) throws -> Void
    ) rethrows -> TableRead {
        var read = TableRead(header: nil, failure: nil, findings: FileFindings(limit: findingLimit))
        let decoded: Data
        switch CSVReader.decode(data) {
        case .success(let d): decoded = d.bytes
        case .failure(.badEncoding(let line)):
            read.failure = .badEncoding(line: line)
            return read
        case .failure(.mixedEncoding(let line)):
            read.failure = .mixedEncoding(line: line)
            return read
        case .failure(.unterminatedQuote): decoded = Data()  // not a decoding outcome: as `CSVSource`, no records
        }
        var scan = HeaderScan(table: table, file: file, unit: unit)
        var layout: TableLayout?
        let (before, headerEnd) = decoded.withUnsafeBytes { raw in
            let buf = raw.bindMemory(to: UInt8.self)
            return CSVReader.records(buf, from: CSVReader.Position(), to: buf.count) { record in
                layout = scan.feed(record, findings: &read.findings.reading)
                return layout == nil
            }
        }
        for case .unterminatedQuote(let line, let row) in before {
            read.findings.reading.append(scan.unterminatedQuote(line: line, row: row))
        }
        guard let layout, let headerEnd else {
            read.failure = .noHeader(garbled: scan.garbled())
            return read
        }
        read.header = layout.header
        guard layout.header.missingRequired.isEmpty else { return read }
        let limit = read.findings.reading.limit
        let (values, found, problems) = CSVReader.mapRecords(
            decoded, from: headerEnd, parts: parts, side: { CappedFindings(limit: limit) }
        ) { record, capped -> T? in
            var here: [Finding] = []
            let outcome = layout.row(record, rowsHaveLength: true, findings: &here)
            if !here.isEmpty { capped.append(contentsOf: here) }
            guard case .counted(let row) = outcome else { return nil }
            return prepare(row)
        }
        for part in found { read.findings.reading.absorb(part) }
        for case .unterminatedQuote(let line, let row) in problems {
            read.findings.reading.append(scan.unterminatedQuote(line: line, row: row))
        }
        prepared?(values.count)
        for value in values { try body(value, &read.findings) }
        return read
    }

    /// The finding for a submission none of which counts: it is received, nothing counted.
    static func failureFinding(_ failure: TableFailure, kind: SubmissionKind, file: String, unit: String) -> Finding {
        switch failure {
        case .badEncoding(let line):
            return Finding(
                code: .badEncoding, unit: unit, file: file, line: line,
                message: "第\(line)行起无法按 UTF-8 或 GB18030 读取，请在 Excel/WPS 中另存为「CSV UTF-8」或「CSV（逗号分隔）」后重新报送")
        case .mixedEncoding(let line):
            return Finding(
                code: .badEncoding, unit: unit, file: file, line: line,
                message: "文件混用了 UTF-8 和 GB18030 两种编码（第\(line)行起与前面不同），请在 Excel/WPS 中整体另存为「CSV UTF-8」后重新报送")
        case .workbook(let problem):
            return workbookFinding(problem, file: file, unit: unit)
        case .unsupportedFormat(let format):
            return unsupportedFinding(format, file: file, unit: unit)
        case .noHeader(let garbled?):
            return Finding(
                code: .garbledText, unit: unit, file: file, line: garbled.record.line, row: garbled.record.row,
                value: garbled.seen,
                message: "文件中的文字是乱码（如「\(garbled.seen)」原应为「\(garbled.meant)」）：原文件是 UTF-8 编码，被按 \(garbled.cause) 打开后又保存了，本文件未计入；请用 WPS 或 Excel 打开原始文件，另存为 .xlsx 后重新报送")
        case .noHeader(nil):
            return Finding(
                code: .missingHeader, unit: unit, file: file, line: 1,
                message: "找不到表头行（至少要有三个\(kind.label)的列名，如「\(kind.requiredColumns.prefix(3).joined(separator: "」「"))」），请使用统一模板")
        }
    }
}

/// Looks for a table file's header among its first records.
struct HeaderScan {
    let table: TableColumns
    let file: String
    let unit: String
    /// The first records of a file with no header yet, for telling garbled text apart.
    private var early: [CSVRecord] = []

    init(table: TableColumns, file: String, unit: String) {
        self.table = table
        self.file = file
        self.unit = unit
    }

    /// The layout when `record` is the header (its findings to `findings`), else nil.
    mutating func feed(_ record: CSVRecord, findings: inout CappedFindings) -> TableLayout? {
        let names = record.fields.map(Text.normaliseHeader)
        guard table.isHeader(names) else {
            if early.count < TableReader.garbleProbeRows { early.append(record) }
            return nil
        }
        return TableLayout(header: record, names: names, table: table, file: file, unit: unit, findings: &findings)
    }

    /// After a file with no header: its garbled header, if that is what it has.
    func garbled() -> GarbledHeader? { TableReader.garbledHeader(early, table: table) }

    func unterminatedQuote(line: Int, row: Int) -> Finding {
        Finding(
            code: .unterminatedQuote, unit: unit, file: file, line: line, row: row,
            message: "第\(row)行的引号没有闭合，本行未能读取；请检查单元格中的英文双引号")
    }
}

/// How a file's columns map onto its table's, from the header found; makes its data records
/// rows. A value: the parallel reader's threads share it.
struct TableLayout: Sendable {
    let header: TableHeader
    /// File column → table column.
    let mapping: [Int?]
    /// The file columns a table column takes, with it, in file order.
    let mapped: [(field: Int, column: Int)]
    /// Table column → the file column it is read from.
    let source: [Int?]
    /// The header's width: up to its last named cell.
    let width: Int
    /// The header as written, trimmed (to know it when it comes again).
    let headerCells: [String]
    /// The table's column names, and which hold identifiers.
    let columns: [String]
    let identifier: [Bool]
    let file: String
    let unit: String

    init(header record: CSVRecord, names: [String], table: TableColumns, file: String, unit: String, findings: inout CappedFindings) {
        var present = Array(repeating: false, count: table.names.count)
        var mapping: [Int?] = []
        for (i, name) in names.enumerated() {
            if let k = table.known[name] {
                if present[k] {
                    findings.append(
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
                    findings.append(
                        Finding(
                            code: .unknownColumn, unit: unit, file: file, line: record.line, row: record.row,
                            column: Text.trim(record.fields[i]), value: Text.trim(record.fields[i]),
                            message: "「\(Text.trim(record.fields[i]))」不是\(table.label)的列，已忽略"))
                }
            }
        }
        let missing = table.required.filter { name in table.known[name].map { !present[$0] } ?? true }
        for name in missing {
            findings.append(
                Finding(
                    code: .missingColumn, unit: unit, file: file, line: record.line, row: record.row, column: name,
                    message: "缺少必填列「\(name)」，本文件视为已报送但不计入任何数据，请按模板补齐该列后重新报送"))
        }
        self.header = TableHeader(line: record.line, present: present, missingRequired: missing)
        self.mapping = mapping
        self.mapped = mapping.enumerated().compactMap { i, k in k.map { (i, $0) } }
        var source = [Int?](repeating: nil, count: table.names.count)
        for (i, k) in mapped { source[k] = i }
        self.source = source
        self.width = names.lastIndex(where: { !$0.isEmpty }).map { $0 + 1 } ?? 0
        self.headerCells = record.fields.map(Text.trim)
        self.columns = table.names
        self.identifier = table.names.map(table.identifiers.contains)
        self.file = file
        self.unit = unit
    }

    enum Row {
        /// The header again (two exports pasted into one file).
        case repeatedHeader
        /// A row of a file missing a required column: none counts.
        case uncounted(SubmissionRow)
        case counted(SubmissionRow)
    }

    /// A data record as a row of the table; what is wrong with the record itself (its width,
    /// a cell no workbook can show) goes to `findings`. Each cell is trimmed once (a roster's
    /// 1.5 million rows come through here).
    func row(_ record: CSVRecord, rowsHaveLength: Bool, findings: inout [Finding]) -> Row {
        let fields = record.fields
        let cells = source.map { i in i.map { $0 < fields.count ? Text.trim(fields[$0]) : "" } ?? "" }
        // The header again: one finding, not a row of errors. The first cell's length decides
        // for almost every row.
        if fields.count == headerCells.count {
            let first = mapping[0].map { cells[$0] } ?? Text.trim(fields[0])
            if first.utf8.count == headerCells[0].utf8.count, first == headerCells[0], fields.map(Text.trim) == headerCells {
                findings.append(
                    Finding(
                        code: .repeatedHeader, unit: unit, file: file, line: record.line, row: record.row,
                        message: "表头在第\(record.row)行重复出现，该行已跳过；请删除多余的表头行"))
                return .repeatedHeader
            }
        }
        guard header.missingRequired.isEmpty else {
            return .uncounted(SubmissionRow(line: record.line, cells: cells, row: record.row))
        }
        var lastFilled = fields.count - 1
        while lastFilled >= 0 {
            let k = lastFilled < mapping.count ? mapping[lastFilled] : nil
            if !(k.map { cells[$0] } ?? Text.trim(fields[lastFilled])).isEmpty { break }
            lastFilled -= 1
        }
        if lastFilled >= width {
            findings.append(
                Finding(
                    code: .raggedRow, unit: unit, file: file, line: record.line, row: record.row,
                    value: Text.trim(fields[lastFilled]),
                    message: "本行有 \(lastFilled + 1) 列，超出表头的 \(width) 列，多出的内容已忽略"))
        } else if rowsHaveLength, fields.count < width {
            findings.append(
                Finding(
                    code: .raggedRow, unit: unit, file: file, line: record.line, row: record.row,
                    message: "本行只有 \(fields.count) 列，少于表头的 \(width) 列，缺少的单元格按空白处理"))
        }
        for (i, k) in mapped where i < fields.count {
            if !TableReader.isPlainCell(cells[k]),
                let finding = TableReader.cellFinding(cells[k], column: columns[k], unit: unit, file: file, record: record)
            {
                findings.append(finding)
            }
            if identifier[k], !record.numbers.isEmpty, let stored = record.numbers.first(where: { $0.column == i }) {
                findings.append(
                    TableReader.convertedIDFinding(cells[k], stored: stored, column: columns[k], unit: unit, file: file, record: record))
            }
        }
        return .counted(SubmissionRow(line: record.line, cells: cells, row: record.row))
    }
}

/// A file's findings, at most `limit` of them in line order, with a count of the rest.
struct CappedFindings: Sendable {
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

extension TableReader {
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
    static func garbledHeader(_ early: [CSVRecord], table: TableColumns) -> GarbledHeader? {
        let known = table.known
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
            if matched >= 2, let first { return GarbledHeader(record: record, seen: first.seen, meant: first.meant, cause: first.cause) }
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

    /// Whether `cellFinding` has nothing to say about a cell, decided on its bytes in one pass
    /// with no branch a byte (a roster's 1.5 million rows, a ledger's 300,000): no byte below
    /// 0x20 (tab and line breaks go to `cellFinding`, which lets them be), no DEL, no E2 lead
    /// byte (where the direction marks live), and too few bytes to pass Excel's 32,767
    /// characters (a character is never fewer UTF-8 bytes than UTF-16 units).
    @inline(__always)
    static func isPlainCell(_ cell: String) -> Bool {
        cell.utf8.withContiguousStorageIfAvailable { b -> Bool in
            let n = b.count
            guard n <= 32_767 else { return false }
            guard let base = b.baseAddress else { return true }
            // Eight bytes at a time: a byte below 0x20, a 0x7F or an 0xE2 sets its high bit in
            // `odd` (exact as to whether any does: "hasless" and "haszero" of Bit Twiddling Hacks).
            let raw = UnsafeRawPointer(base)
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            func odd(_ x: UInt64) -> UInt64 {
                let del = x ^ (ones &* 0x7F), e2 = x ^ (ones &* 0xE2)
                return ((x &- ones &* 0x20) & ~x | (del &- ones) & ~del | (e2 &- ones) & ~e2) & highs
            }
            guard n >= 8 else {
                // Under a word: its bytes in one padded with spaces.
                var x = ones &* 0x20
                withUnsafeMutableBytes(of: &x) { $0.copyMemory(from: UnsafeRawBufferPointer(start: raw, count: n)) }
                return odd(x) == 0
            }
            var found: UInt64 = 0
            var i = 0
            while i + 8 <= n {
                found |= odd(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                i += 8
            }
            // The last bytes as the last word (overlapping the one before).
            if i < n { found |= odd(raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)) }
            return found == 0
        } ?? false
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
