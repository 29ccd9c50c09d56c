import Crypto
import Foundation

/// Reads any form's file with the form's rules: one generic loop for every submission.
public enum FormDriver {
    /// Findings kept per file (the table reader's cap, `TableReader.findingLimit`).
    public static let findingLimit = TableReader.findingLimit

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
        result.digest = Digest.sha256(data)

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
        result.payload = FormPayload(F.self, payload)
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

/// Every submission file's result, by path: what a run read, once, and the forms it was
/// read with.
public struct SubmissionResults: Sendable {
    var byPath: [String: FileResult]
    public let registry: FormRegistry

    public init(_ results: [FileResult], registry: FormRegistry = .standard) {
        byPath = Dictionary(results.map { ($0.file.path, $0) }, uniquingKeysWith: { a, _ in a })
        self.registry = registry
    }

    public subscript(_ file: SubmissionFile) -> FileResult? { byPath[file.path] }

    /// The files of form `F` the campaign's week counts (`FormRegistry.dueFiles`), in the
    /// tree's order, each with its typed payload when it was read.
    public func payloads<F: SubmissionForm>(of form: F.Type, for campaign: Campaign) -> FormFiles<F> {
        var files: [FormFile<F>] = []
        for due in registry.dueFiles(campaign) where due.file.kind == F.kind {
            guard let result = byPath[due.file.path] else { continue }
            files.append(FormFile(file: due.file, unit: due.unit, result: result, payload: result.payload(of: F.self)))
        }
        return FormFiles(all: files)
    }

    /// Form `F`'s fold over the files the campaign's week counts.
    public func fold<F: SubmissionForm>(_ form: F.Type, for campaign: Campaign) -> F.Reading {
        F.fold(payloads(of: F.self, for: campaign), campaign: campaign)
    }

    /// Files with a result, and the data rows read from them.
    public var count: Int { byPath.count }
    public var rowsRead: Int { byPath.values.reduce(0) { $0 + $1.rowsRead } }
}
