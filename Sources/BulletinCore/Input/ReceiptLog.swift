import Foundation

/// 报送登记.csv: when the office received each file, China time.
public struct ReceiptLog: Sendable {
    /// Path relative to the week folder → time received.
    public var times: [String: ReceiptTime] = [:]

    public init() {}

    static func key(_ path: String) -> String {
        Text.trim(path.precomposedStringWithCanonicalMapping).replacingOccurrences(of: "\\", with: "/")
    }

    public func time(of pathInWeek: String) -> ReceiptTime? { times[ReceiptLog.key(pathInWeek)] }

    /// 报送登记.csv's columns.
    public enum Column: Int, FormColumn {
        case file, time
        public var header: String {
            switch self {
            case .file: return "文件"
            case .time: return "收到时间"
            }
        }
    }

    /// 报送登记.csv as the table reader knows it.
    public static let table = TableColumns(label: "报送登记", Column.self, required: [.file, .time])

    /// Parses a week's log, through the table reader the forms use (title rows, columns in
    /// any order, the per-file cap). Rows whose time cannot be read are errors (the file then
    /// counts as unlogged, 已报送); rows naming a file that is not in the week folder are
    /// warnings. A log that cannot be decoded or has no header is one finding: the week
    /// counts as unlogged.
    public static func parse(
        _ data: Data, file: String, defaultYear: Int, existing: Set<String>, findings: inout [Finding]
    ) -> ReceiptLog {
        var log = ReceiptLog()
        var read = TableReader.read(CSVSource(data: data), table: table, file: file, unit: "") { row, found in
            let row = FormRow<Column>(row)
            let path = row[.file], raw = row[.time]
            guard !path.isEmpty else { return }
            guard let time = DateParser.parseReceipt(raw, defaultYear: defaultYear) else {
                found.append(
                    Finding(
                        code: .badReceiptTime, file: file, line: row.line, column: Column.time.header, value: raw,
                        message: "收到时间「\(raw)」无法识别，应为 2021-09-03 14:52 形式；该文件按未登记处理"))
                return
            }
            let k = key(path)
            if !existing.contains(k) {
                found.append(
                    Finding(
                        code: .receiptUnknownFile, file: file, line: row.line, column: Column.file.header, value: path,
                        message: "登记的文件「\(path)」不在本周文件夹中，请核对文件名"))
            }
            if let earlier = log.times[k] { log.times[k] = min(earlier, time) } else { log.times[k] = time }
        }
        if read.failure != nil { log = ReceiptLog() }
        switch read.failure {
        case .badEncoding(let line), .mixedEncoding(let line):
            read.findings.append(Finding(code: .badEncoding, file: file, line: line, message: "报送登记无法按 UTF-8 或 GB18030 读取，本周按未登记处理"))
        case .noHeader, .workbook, .unsupportedFormat:
            read.findings.append(Finding(code: .missingHeader, file: file, line: 1, message: "报送登记缺少表头「文件,收到时间」，本周按未登记处理"))
        case nil:
            break
        }
        findings.append(contentsOf: read.findings.drain(file: file, unit: ""))
        return log
    }
}
