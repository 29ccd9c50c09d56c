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

    /// Parses a week's log. Rows whose time cannot be read are errors (the file then counts
    /// as unlogged, 已报送); rows naming a file that is not in the week folder are warnings.
    public static func parse(
        _ data: Data, file: String, defaultYear: Int, existing: Set<String>, findings: inout [Finding]
    ) -> ReceiptLog {
        var log = ReceiptLog()
        guard case .success(let decoded) = CSVReader.decode(data) else {
            findings.append(Finding(code: .badEncoding, file: file, line: 1, message: "报送登记无法按 UTF-8 或 GB18030 读取，本周按未登记处理"))
            return log
        }
        var columns: (file: Int, time: Int)?
        var local: [Finding] = []
        CSVReader.forEachRecord(decoded.bytes) { record in
            let cells = record.fields.map(Text.trim)
            guard let cols = columns else {
                let names = record.fields.map(Text.normaliseHeader)
                if let f = names.firstIndex(of: "文件"), let t = names.firstIndex(of: "收到时间") { columns = (f, t) }
                return
            }
            let path = cols.file < cells.count ? cells[cols.file] : ""
            let raw = cols.time < cells.count ? cells[cols.time] : ""
            guard !path.isEmpty else { return }
            guard let time = DateParser.parseReceipt(raw, defaultYear: defaultYear) else {
                local.append(
                    Finding(
                        code: .badReceiptTime, file: file, line: record.line, column: "收到时间", value: raw,
                        message: "收到时间「\(raw)」无法识别，应为 2021-09-03 14:52 形式；该文件按未登记处理"))
                return
            }
            let k = key(path)
            if !existing.contains(k) {
                local.append(
                    Finding(
                        code: .receiptUnknownFile, file: file, line: record.line, column: "文件", value: path,
                        message: "登记的文件「\(path)」不在本周文件夹中，请核对文件名"))
            }
            if let earlier = log.times[k] { log.times[k] = min(earlier, time) } else { log.times[k] = time }
        }
        if columns == nil {
            local.append(Finding(code: .missingHeader, file: file, line: 1, message: "报送登记缺少表头「文件,收到时间」，本周按未登记处理"))
        }
        findings.append(contentsOf: local)
        return log
    }
}
