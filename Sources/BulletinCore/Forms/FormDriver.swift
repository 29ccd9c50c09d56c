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
        case .xlsx: return .xlsx(XLSXSource(data: data, preferring: [file.kind.folder, file.kind.label], columns: file.kind.columns))
        case .legacyWorkbook: return .legacyWorkbook
        case .unsupported(let name): return .unsupported(name)
        case .csv, nil: return .csv(CSVSource(data: data))
        }
    }
}

/// Reads any form's file with the form's rules: one generic loop for every submission.
public enum FormDriver {
    /// Findings kept per file; the rest are counted in one `findings-truncated` finding
    /// (as frictionless's `limit_errors`): a broken 300,000-row file must not fill memory.
    public static let findingLimit = 1_000

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
        var fileFindings = CappedFindings(limit: findingLimit)
        var rowFindings = CappedFindings(limit: findingLimit)
        var rows = 0
        let path = file.path
        let unit = context.submitterName
        let header = TableReader.read(
            RowSource.records(of: data, file: file), kind: F.kind, file: path, unit: unit, capped: &fileFindings,
            uncounted: { row in
                if let u = F.namedUnit(FormRow(row), context) { named.insert(u) }
            }
        ) { row in
            rows += 1
            let typed = FormRow<F.Column>(row)
            if let u = F.namedUnit(typed, context) { named.insert(u) }
            var check = RowCheck<F.Column>(row, file: path, unit: unit, rejection: F.rejection)
            if let record = F.check(typed, context, &check) { records.append(record) }
            rowFindings.append(contentsOf: check.findings)
        }
        if header == nil {
            // No header, or a workbook found unreadable part-way: nothing of the file counts.
            records = []
            named = []
            rows = 0
            rowFindings = CappedFindings(limit: findingLimit)
        }
        var finished: [Finding] = []
        let payload = F.finish(records, context, findings: &finished)
        rowFindings.append(contentsOf: finished)
        result.payload = payload
        result.named = named.sorted()
        result.rowsRead = rows
        // One cap over all of the file's findings, its header's and reading's included.
        rowFindings.absorb(fileFindings)
        result.findings = rowFindings.drain(file: path, unit: unit)
        result.droppedFindings = rowFindings.dropped
        result.droppedErrors = rowFindings.droppedErrors
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
