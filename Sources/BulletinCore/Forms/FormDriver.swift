import Crypto
import Foundation

/// Opening a submission file's bytes. The default maps the file; tests inject failures.
public enum RowSource {
    public typealias Opener = @Sendable (SubmissionFile) -> Result<Data, OpenFailure>

    public struct OpenFailure: Error, Sendable {
        /// Why, in Chinese, for the finding.
        public var reason: String
        public init(_ reason: String) { self.reason = reason }
    }

    /// Reads a file wherever its links lead (for tests and tools; runs use `opener(within:)`).
    public static let mapFile: Opener = { file in read(file.url, within: nil) }

    /// Reads submission files only inside `root`: the path's links are resolved first, the
    /// resolved path must lie inside the input folder, and it is opened without following a
    /// link (a path swapped for a link after the check fails instead of leading elsewhere)
    /// and without waiting on a FIFO; only a regular file is read.
    public static func opener(within root: URL) -> Opener {
        let realRoot = InputTree.realPath(root.path) ?? root.standardizedFileURL.path
        return { file in read(file.url, within: realRoot) }
    }

    static func read(_ url: URL, within realRoot: String?) -> Result<Data, OpenFailure> {
        guard let real = InputTree.realPath(url.path) else {
            return .failure(OpenFailure(errno == ENOENT ? "文件不存在或链接失效" : "无法访问（\(String(cString: strerror(errno)))）"))
        }
        if let realRoot, !real.hasPrefix(realRoot.hasSuffix("/") ? realRoot : realRoot + "/") {
            return .failure(OpenFailure("链接指向输入文件夹之外"))
        }
        let fd = open(real, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let reason = errno == ELOOP ? "读取时路径被换成了链接" : (errno == EACCES ? "没有读取权限" : String(cString: strerror(errno)))
            return .failure(OpenFailure("无法打开（\(reason)）"))
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return .failure(OpenFailure("不是普通文件")) }
        do {
            return .success(try handle.readToEnd() ?? Data())
        } catch {
            return .failure(OpenFailure("无法读取（\(error.localizedDescription)）"))
        }
    }

    /// The record source for a file's bytes, by the format its name says: CSV, an .xlsx
    /// (preferring, among several visible sheets, one named for the form), or an old
    /// binary workbook that is reported, not read.
    static func records(of data: Data, file: SubmissionFile) -> SubmissionSource {
        switch file.format {
        case .xlsx: return .xlsx(XLSXSource(data: data, preferring: [file.kind.folder, file.kind.label], table: file.kind.table))
        case .legacyWorkbook: return .legacyWorkbook
        case .unsupported(let name): return .unsupported(name)
        case .csv, nil: return .csv(CSVSource(data: data))
        }
    }
}

/// Reads any form's file with the form's rules: one generic loop for every submission.
public enum FormDriver {
    /// Findings kept per file (the table reader's cap, `TableReader.findingLimit`).
    public static let findingLimit = TableReader.findingLimit

    public static func sha256(_ data: Data) -> String {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in SHA256.hash(data: data) {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// One row through form `F`'s rule: its record (nil when rejected) and findings.
    public static func checkRow<F: SubmissionForm>(
        _ form: F.Type, _ row: SubmissionRow, _ context: RowContext
    ) -> (record: F.Record?, findings: [Finding]) {
        var check = RowCheck<F.Column>(row, file: context.file.path, unit: context.submitterName, rejection: F.rejection)
        let record = F.check(FormRow(row), context, &check)
        return (record, check.findings)
    }

    /// Reads, checks and finishes one file of form `F`.
    public static func read<F: SubmissionForm>(
        _ form: F.Type, file: SubmissionFile, submitter: Int, campaign: CampaignContext,
        open: RowSource.Opener = RowSource.mapFile
    ) -> FileResult {
        var result = FileResult(file: file)
        let context: RowContext
        switch F.context(for: file, submitter: submitter, in: campaign) {
        case .refused(let finding):
            result.findings = [finding]
            return result
        case .placed(let c):
            context = c
        }
        result.context = context
        let data: Data
        switch open(file) {
        case .failure(let failure):
            result.findings = [
                Finding(
                    code: .unreadableFile, unit: context.submitterName, file: file.path, line: 0,
                    message: "文件无法读取（\(failure.reason)），本文件未计入，视为未报送；请重新报送")
            ]
            return result
        case .success(let d):
            data = d
        }
        result.digest = sha256(data)

        var records: [F.Record] = []
        var named = Set<Int>()
        var rows = 0
        let path = file.path
        let unit = context.submitterName
        var read = TableReader.read(
            RowSource.records(of: data, file: file), kind: F.kind, file: path, unit: unit,
            uncounted: { row in
                if let u = F.namedUnit(FormRow(row), context) { named.insert(u) }
            }
        ) { row, findings in
            rows += 1
            let typed = FormRow<F.Column>(row)
            if let u = F.namedUnit(typed, context) { named.insert(u) }
            var check = RowCheck<F.Column>(row, file: path, unit: unit, rejection: F.rejection)
            if let record = F.check(typed, context, &check) { records.append(record) }
            findings.append(contentsOf: check.findings)
        }
        if read.header == nil {
            // No header, or a workbook found unreadable part-way: nothing of the file counts
            // (the reader dropped what the rows' rules said).
            records = []
            named = []
            rows = 0
        }
        var finished: [Finding] = []
        let payload = F.finish(records, context, findings: &finished)
        read.findings.append(contentsOf: finished)
        result.payload = payload
        result.named = named.sorted()
        result.rowsRead = rows
        // One cap over all of the file's findings, its header's and reading's included.
        result.findings = read.findings.drain(file: path, unit: unit)
        result.droppedFindings = read.findings.dropped
        result.droppedErrors = read.findings.droppedErrors
        return result
    }

    /// Every file's findings with `extra` ones found across files (duplicates of articles in
    /// earlier files) joined to their file's under the same cap: whatever finds them, a file
    /// has at most `findingLimit` findings and one `findings-truncated` counting the rest.
    public static func cappedPerFile(_ results: [FileResult], adding extra: [Finding]) -> [Finding] {
        var extraByFile = Dictionary(grouping: extra, by: \.file)
        var out: [Finding] = []
        for r in results {
            guard let more = extraByFile.removeValue(forKey: r.file.path) else {
                out.append(contentsOf: r.findings)
                continue
            }
            var capped = CappedFindings(limit: findingLimit, dropped: r.droppedFindings, droppedErrors: r.droppedErrors)
            capped.append(contentsOf: r.findings.filter { $0.code != .findingsTruncated })
            capped.append(contentsOf: more)
            out.append(contentsOf: capped.drain(file: r.file.path, unit: r.findings.first?.unit ?? more.first?.unit ?? ""))
        }
        for file in extraByFile.keys.sorted(by: Text.codePointLess) { out.append(contentsOf: extraByFile[file] ?? []) }
        return out
    }
}

/// Every submission file's result, by path: what a run read, once.
public struct SubmissionResults: Sendable {
    var byPath: [String: FileResult]

    public init(_ results: [FileResult]) {
        byPath = Dictionary(results.map { ($0.file.path, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public subscript(_ file: SubmissionFile) -> FileResult? { byPath[file.path] }

    /// Files with a result, and the data rows read from them.
    public var count: Int { byPath.count }
    public var rowsRead: Int { byPath.values.reduce(0) { $0 + $1.rowsRead } }
}
