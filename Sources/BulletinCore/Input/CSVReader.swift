import Foundation

/// One CSV record as it stands in the file.
public struct CSVRecord: Sendable {
    /// 1-based physical line where the record starts.
    public var line: Int
    public var fields: [String]
    /// 1-based spreadsheet row: records counted from the file's first line, blank ones
    /// included — the row Excel/WPS shows for it (a cell with line breaks is one row).
    public var row: Int
    /// Cells of a workbook that Excel stored as numbers or dates (their text is how Excel
    /// shows them); empty for CSV, where a cell is only its text.
    public var numbers: [StoredNumber] = []

    public init(line: Int, fields: [String], row: Int? = nil) {
        self.line = line
        self.fields = fields
        self.row = row ?? line
    }
}

/// A workbook cell stored as a number (`001` typed becomes 1) or a date (`9-1` becomes 9月1日).
public struct StoredNumber: Sendable, Hashable {
    /// 0-based column in the record.
    public var column: Int
    /// A date: the number shown through a date format.
    public var date: Bool

    public init(column: Int, date: Bool) {
        self.column = column
        self.date = date
    }
}

/// The text encodings units' exports come in.
public enum SourceEncoding: String, Sendable {
    case utf8 = "UTF-8"
    case utf8BOM = "UTF-8 (BOM)"
    case gb18030 = "GB18030"
}

/// A problem that makes part of a file unreadable as CSV.
public enum CSVProblem: Error, Sendable, Equatable {
    /// Neither UTF-8 nor GB18030; `line` is the first line that is neither.
    case badEncoding(line: Int)
    /// Every line is UTF-8 or GB18030, but not all the same: `line` is the first line in the
    /// encoding the file did not start with (two exports pasted together).
    case mixedEncoding(line: Int)
    /// A quote opened on `line` is never closed; that record is dropped and
    /// reading resumes on the line after it.
    case unterminatedQuote(line: Int, row: Int)
}

/// Decodes and splits Excel/WPS CSV exports (RFC 4180 plus what Excel writes:
/// CR, LF or CRLF line ends, quoted cells spanning lines, doubled quotes).
///
/// Hand-written over raw bytes rather than built on SwiftCSV or CSV.swift: both
/// materialise the whole table (or decode it to a String first) and neither reports
/// physical line numbers, which every finding needs; this reader streams records
/// from one buffer and tracks the physical line of each record.
public enum CSVReader {
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// Decodes a file's bytes to UTF-8: a BOM or valid UTF-8 wins (strict UTF-8 is
    /// tried first because GB18030 would accept UTF-8 bytes as mojibake), else GB18030.
    public static func decode(_ data: Data) -> Result<(bytes: Data, encoding: SourceEncoding), CSVProblem> {
        if data.starts(with: [0xEF, 0xBB, 0xBF]) {
            let rest = data.dropFirst(3)
            if let bad = firstInvalidUTF8(rest) {
                return .failure(.badEncoding(line: lineNumber(in: rest, at: bad)))
            }
            return .success((Data(rest), .utf8BOM))
        }
        guard let bad = firstInvalidUTF8(data) else { return .success((data, .utf8)) }
        if let text = String(data: data, encoding: gb18030) {
            return .success((Data(text.utf8), .gb18030))
        }
        if let line = firstUndecodableLine(data) { return .failure(.badEncoding(line: line)) }
        return .failure(.mixedEncoding(line: lineNumber(in: data, at: bad)))
    }

    /// Calls `body` with every non-blank record in order. Returns the problems met;
    /// records after an unterminated quote's line are still read.
    @discardableResult
    public static func forEachRecord(_ bytes: Data, _ body: (CSVRecord) throws -> Void) rethrows -> [CSVProblem] {
        try bytes.withUnsafeBytes { raw -> [CSVProblem] in
            let buf = raw.bindMemory(to: UInt8.self)
            return try records(buf, from: Position(), to: buf.count) { record in
                try body(record)
                return true
            }.problems
        }
    }

    /// Where the parser stands between two records.
    struct Position: Sendable, Equatable {
        var pos = 0
        var line = 1
        /// Records started before it, blank and broken ones included.
        var rows = 0
    }

    /// The non-blank records starting in `from..<end` (both record starts, as the parser
    /// meets them) until `body` returns false; the problems met, and where it stopped.
    static func records(
        _ buf: UnsafeBufferPointer<UInt8>, from: Position, to end: Int, _ body: (CSVRecord) throws -> Bool
    ) rethrows -> (problems: [CSVProblem], stopped: Position?) {
        var parser = Parser(buf: buf, at: from)
        var problems: [CSVProblem] = []
        while parser.pos < end, let outcome = parser.next() {
            switch outcome {
            case .record(let record):
                if record.fields.contains(where: { !Text.trim($0).isEmpty }), try !body(record) {
                    return (problems, parser.position)
                }
            case .unterminated(let line, let row):
                problems.append(.unterminatedQuote(line: line, row: row))
            }
        }
        return (problems, nil)
    }

    /// `from..<buf.count` cut into up to `parts` runs of records of about equal size: the
    /// start of each run, exactly where reading record by record from `from` meets it (the
    /// cut points are found by the same parser, building no fields).
    static func split(_ buf: UnsafeBufferPointer<UInt8>, from: Position, parts: Int) -> [Position] {
        var starts = [from]
        let size = buf.count - from.pos
        guard parts > 1, size > 0 else { return starts }
        var parser = Parser(buf: buf, at: from)
        for k in 1..<parts {
            let target = from.pos + size * k / parts
            while parser.pos < target, parser.next(building: false) != nil {}
            guard parser.pos < buf.count else { break }
            if parser.position != starts.last { starts.append(parser.position) }
        }
        return starts
    }

    /// `transform` of every non-blank record from `from` on, run over `parts` runs of the
    /// bytes on as many threads; results (nil ones dropped) and problems in file order —
    /// the same as one pass would give.
    static func mapRecords<T: Sendable>(
        _ bytes: Data, from: Position, parts: Int, _ transform: @escaping @Sendable (CSVRecord) -> T?
    ) -> (results: [T], problems: [CSVProblem]) {
        let mapped = mapRecords(bytes, from: from, parts: parts, side: {}) { record, _ in transform(record) }
        return (mapped.results, mapped.problems)
    }

    /// `mapRecords`, each run also keeping a `Side` value of its own (made by `side`, updated by
    /// `transform`): the runs' side values come back in file order.
    static func mapRecords<T: Sendable, Side: Sendable>(
        _ bytes: Data, from: Position, parts: Int, side: @escaping @Sendable () -> Side,
        _ transform: @escaping @Sendable (CSVRecord, inout Side) -> T?
    ) -> (results: [T], sides: [Side], problems: [CSVProblem]) {
        let starts = bytes.withUnsafeBytes { split($0.bindMemory(to: UInt8.self), from: from, parts: parts) }
        let runs = Parallel.map(count: starts.count, jobs: starts.count) { i -> ([T], Side, [CSVProblem]) in
            bytes.withUnsafeBytes { raw in
                let buf = raw.bindMemory(to: UInt8.self)
                var out: [T] = []
                var kept = side()
                let end = i + 1 < starts.count ? starts[i + 1].pos : buf.count
                let problems = records(buf, from: starts[i], to: end) { record in
                    if let t = transform(record, &kept) { out.append(t) }
                    return true
                }.problems
                return (out, kept, problems)
            }
        }
        return (runs.flatMap(\.0), runs.map(\.1), runs.flatMap(\.2))
    }

    enum Outcome { case record(CSVRecord), unterminated(line: Int, row: Int) }

    struct Parser {
        let buf: UnsafeBufferPointer<UInt8>
        var pos = 0
        var line = 1
        /// Records started so far, blank and broken ones included.
        var rows = 0
        /// The last record's field count: the next one's array is made that size at once
        /// rather than grown cell by cell (a table's records are as wide as its header).
        var width = 0

        init(buf: UnsafeBufferPointer<UInt8>, at start: Position = Position()) {
            self.buf = buf
            pos = start.pos
            line = start.line
            rows = start.rows
        }

        var position: Position { Position(pos: pos, line: line, rows: rows) }

        /// Excel's columns; see `next` for what lies past them.
        static let maxFields = 16_384
        static let comma: UInt8 = 0x2C, quote: UInt8 = 0x22, cr: UInt8 = 0x0D, lf: UInt8 = 0x0A

        /// The next record; with `building` false only the position moves (its fields are empty).
        mutating func next(building: Bool = true) -> Outcome? {
            guard pos < buf.count else { return nil }
            let startLine = line, startPos = pos
            rows += 1
            let row = rows
            var fields: [String] = []
            if building { fields.reserveCapacity(width) }
            var field: [UInt8] = []
            while true {
                // Start of a field.
                if pos < buf.count && buf[pos] == Self.quote {
                    pos += 1
                    var closed = false
                    while pos < buf.count {
                        let b = buf[pos]
                        if b == Self.quote {
                            if pos + 1 < buf.count && buf[pos + 1] == Self.quote {
                                if building { field.append(Self.quote) }
                                pos += 2; continue
                            }
                            pos += 1; closed = true; break
                        }
                        if b == Self.lf || (b == Self.cr && !(pos + 1 < buf.count && buf[pos + 1] == Self.lf)) {
                            line += 1
                        }
                        if building, field.count <= CellText.maxCellBytes { field.append(b) }
                        pos += 1
                    }
                    if !closed {
                        // Resume after the line the broken record started on.
                        pos = startPos; line = startLine
                        skipLine()
                        return .unterminated(line: startLine, row: row)
                    }
                }
                // Unquoted part (or what follows a closing quote, kept as Excel does).
                let fieldStart = pos
                while pos < buf.count {
                    let b = buf[pos]
                    if b == Self.comma || b == Self.cr || b == Self.lf { break }
                    pos += 1
                }
                if building {
                    // A cell is kept to `CellText.maxCellBytes` (more than any workbook shows,
                    // and still over Excel's limit for `cell-too-long`); a record to Excel's
                    // 16,384 columns and, past them, the first non-empty cell beyond (so a row
                    // reaching past the header is still `ragged-row`).
                    let keep = fields.count < Self.maxFields
                        || (fields.count == Self.maxFields && (pos > fieldStart || !field.isEmpty))
                    if !keep {
                        // dropped: past Excel's columns, after the one kept
                    } else if field.isEmpty {
                        // The common unquoted cell: straight from the file's bytes.
                        let end = fieldStart + CellText.boundary(UnsafeBufferPointer(rebasing: buf[fieldStart..<pos]), CellText.maxCellBytes)
                        fields.append(String(decoding: UnsafeBufferPointer(rebasing: buf[fieldStart..<end]), as: UTF8.self))
                    } else {
                        if pos > fieldStart, field.count <= CellText.maxCellBytes {
                            field.append(contentsOf: UnsafeBufferPointer(rebasing: buf[fieldStart..<min(pos, fieldStart + CellText.maxCellBytes + 4)]))
                        }
                        CellText.cut(&field)
                        fields.append(String(decoding: field, as: UTF8.self))
                    }
                    field.removeAll(keepingCapacity: true)
                }
                if pos >= buf.count {
                    width = fields.count
                    return .record(CSVRecord(line: startLine, fields: fields, row: row))
                }
                let b = buf[pos]
                pos += 1
                if b == Self.comma { continue }
                if b == Self.cr && pos < buf.count && buf[pos] == Self.lf { pos += 1 }
                line += 1
                width = fields.count
                return .record(CSVRecord(line: startLine, fields: fields, row: row))
            }
        }

        mutating func skipLine() {
            while pos < buf.count {
                let b = buf[pos]
                pos += 1
                if b == Self.lf { line += 1; return }
                if b == Self.cr {
                    if pos < buf.count && buf[pos] == Self.lf { pos += 1 }
                    line += 1
                    return
                }
            }
        }
    }

    /// Offset (from the start of `bytes`) of the first byte that breaks UTF-8, or nil.
    static func firstInvalidUTF8<C: Collection>(_ bytes: C) -> Int? where C.Element == UInt8 {
        // The standard library's validator is vectorised; walk scalar by scalar only to
        // locate the first bad byte of a file that fails it.
        let valid = bytes.withContiguousStorageIfAvailable { String(validating: $0, as: UTF8.self) != nil }
        if valid == true { return nil }
        var iterator = CountingIterator(base: bytes.makeIterator())
        var decoder = UTF8()
        while true {
            let start = iterator.count
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return nil
            case .error: return start
            }
        }
    }

    struct CountingIterator<Base: IteratorProtocol>: IteratorProtocol where Base.Element == UInt8 {
        var base: Base
        var count = 0
        mutating func next() -> UInt8? {
            guard let b = base.next() else { return nil }
            count += 1
            return b
        }
    }

    static func lineNumber<D: DataProtocol>(in data: D, at offset: Int) -> Int where D.Index == Int {
        var line = 1
        var i = data.startIndex
        let end = min(data.startIndex + offset, data.endIndex)
        while i < end {
            let b = data[i]
            if b == 0x0A { line += 1 } else if b == 0x0D, i + 1 >= data.endIndex || data[i + 1] != 0x0A { line += 1 }
            i += 1
        }
        return line
    }

    /// The first physical line that is neither UTF-8 nor GB18030.
    static func firstUndecodableLine(_ data: Data) -> Int? {
        var line = 1
        var start = data.startIndex
        var i = data.startIndex
        func check(_ range: Range<Int>) -> Bool {
            let slice = data[range]
            if firstInvalidUTF8(slice) == nil { return true }
            return String(data: Data(slice), encoding: gb18030) != nil
        }
        while i < data.endIndex {
            let b = data[i]
            if b == 0x0A || b == 0x0D {
                if !check(start..<i) { return line }
                if b == 0x0D, i + 1 < data.endIndex, data[i + 1] == 0x0A { i += 1 }
                line += 1
                start = i + 1
            }
            i += 1
        }
        return check(start..<data.endIndex) ? nil : line
    }
}
