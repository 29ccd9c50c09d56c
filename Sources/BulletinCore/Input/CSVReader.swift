import Foundation

/// One CSV record as it stands in the file.
public struct CSVRecord: Sendable {
    /// 1-based physical line where the record starts.
    public var line: Int
    public var fields: [String]
    /// 1-based spreadsheet row: records counted from the file's first line, blank ones
    /// included — the row Excel/WPS shows for it (a cell with line breaks is one row).
    public var row: Int

    public init(line: Int, fields: [String], row: Int? = nil) {
        self.line = line
        self.fields = fields
        self.row = row ?? line
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
            var parser = Parser(buf: buf)
            var problems: [CSVProblem] = []
            while let outcome = parser.next() {
                switch outcome {
                case .record(let record):
                    if record.fields.contains(where: { !Text.trim($0).isEmpty }) { try body(record) }
                case .unterminated(let line, let row):
                    problems.append(.unterminatedQuote(line: line, row: row))
                }
            }
            return problems
        }
    }

    enum Outcome { case record(CSVRecord), unterminated(line: Int, row: Int) }

    struct Parser {
        let buf: UnsafeBufferPointer<UInt8>
        var pos = 0
        var line = 1
        /// Records started so far, blank and broken ones included.
        var rows = 0

        init(buf: UnsafeBufferPointer<UInt8>) { self.buf = buf }

        static let comma: UInt8 = 0x2C, quote: UInt8 = 0x22, cr: UInt8 = 0x0D, lf: UInt8 = 0x0A

        mutating func next() -> Outcome? {
            guard pos < buf.count else { return nil }
            let startLine = line, startPos = pos
            rows += 1
            let row = rows
            var fields: [String] = []
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
                                field.append(Self.quote); pos += 2; continue
                            }
                            pos += 1; closed = true; break
                        }
                        if b == Self.lf || (b == Self.cr && !(pos + 1 < buf.count && buf[pos + 1] == Self.lf)) {
                            line += 1
                        }
                        field.append(b); pos += 1
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
                if pos > fieldStart { field.append(contentsOf: UnsafeBufferPointer(rebasing: buf[fieldStart..<pos])) }
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                if pos >= buf.count { return .record(CSVRecord(line: startLine, fields: fields, row: row)) }
                let b = buf[pos]
                pos += 1
                if b == Self.comma { continue }
                if b == Self.cr && pos < buf.count && buf[pos] == Self.lf { pos += 1 }
                line += 1
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
