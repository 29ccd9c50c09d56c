import XlsxWriter
import Foundation

/// How long one output took and how much it holds (for the benchmark's `--timings`).
public struct OutputTiming: Sendable {
    public var name: String
    public var seconds: Double
    /// Cells, text bytes and width of a workbook; zero for text outputs.
    public var stats: WorkbookStats
}

/// What `OutputWriter.write` did.
public struct WrittenWeek: Sendable {
    /// `<output>/<week>`.
    public var url: URL
    /// Each output in the order they were started.
    public var outputs: [OutputTiming]
    /// What the run could not do and the clerk should hear (e.g. no LibreOffice for --pdf).
    public var notes: [String] = []
}

/// What a run writes besides the week's usual outputs.
public struct OutputOptions: Sendable {
    /// `--pdf`: PDFs of 周通报.docx and the workbooks, when LibreOffice is installed.
    public var pdf = false
    /// Workbooks larger than this are not converted (a city's 附件2 would be thousands of pages).
    public var pdfMaxBytes = 8 << 20
    public init(pdf: Bool = false) { self.pdf = pdf }
}

/// Writes a week's outputs into a temporary folder beside the destination and renames it
/// into place, so a failed run never leaves a half-written week.
public enum OutputWriter {
    public static let samplesWorkbook = "附件1_样本企业汇总表.xlsx"
    public static let articlesWorkbook = "附件3_宣传稿件统计表.xlsx"
    public static let ledgerWorkbook = "附件2_样本企业走访台账.xlsx"
    public static let findingsWorkbook = "数据问题清单.xlsx"
    public static let bulletinText = "周通报.txt"
    public static let bulletinDocx = BulletinDocx.fileName
    public static let problemsWorkbook = "问题整改清单.xlsx"
    public static let assessmentWorkbook = "通报附表.xlsx"

    /// One output: its file name and how it is written into the staging folder.
    struct Task: Sendable {
        var name: String
        var write: @Sendable (URL) throws -> WorkbookStats

        init(name: String, write: @escaping @Sendable (URL) throws -> WorkbookStats) {
            self.name = name
            self.write = write
        }

        /// A file of `bytes()` (a text or JSON output), its size counted as text bytes.
        static func file(_ name: String, _ bytes: @escaping @Sendable () throws -> Data) -> Task {
            Task(name: name) { url in
                let data = try bytes()
                try OutputFile.write(data, to: url)
                var stats = WorkbookStats()
                stats.textBytes = data.count
                return stats
            }
        }

        /// A .docx of `text` in the 公文 look.
        static func docx(
            _ name: String, _ text: Once<String>, skeleton: DocxSkeleton, title: String, issuer: String, date: Day
        ) -> Task {
            Task(name: name) { url in
                var stats = WorkbookStats()
                stats.textBytes = try BulletinDocx.write(
                    try text.value(), skeleton: skeleton, title: title, issuer: issuer, reportDate: date, to: url)
                return stats
            }
        }
    }

    /// The week's outputs, largest first: the big workbooks start at once on their own
    /// cores, the bulletin text and summary.json are rendered beside them.
    static func tasks(
        _ report: WeekReport, bulletin text: Once<String>, skeleton: DocxSkeleton, chase: (text: String, path: String),
        corrections: [UnitCorrections]
    ) -> [Task] {
        let created = report.reportDate.chinaMidnightUnixTime
        let plan = report.plan
        let issuer = plan.issuer
        let title = "\(plan.campaign)工作周通报" + (report.issueNumber.map { "第\($0)期" } ?? "（活动期外）")
        // Each unit's marked workbook is a task of its own: its files are read again here,
        // beside the other outputs, only for units with findings.
        let marked = corrections.map { unit in
            Task(name: unit.outputName) { try MarkedWorkbook.write(unit, report: report, to: $0, created: created) }
        }
        // 附件2 first, and alone while its rows are handed to libxlsxwriter (that thread and
        // the one making the rows fill both cores); the other outputs start once it is
        // closing, in the seconds zlib compresses its sheets on one core.
        let ledgerRows = Gate()
        let ledger = Task(name: ledgerWorkbook) {
            defer { ledgerRows.open() }
            return try AttachmentWorkbooks.writeLedger(report, to: $0, created: created, rowsHanded: ledgerRows.open)
        }
        let after: (Task) -> Task = { task in
            Task(name: task.name) { url in
                ledgerRows.wait()
                return try task.write(url)
            }
        }
        return [ledger] + ([
            Task(name: samplesWorkbook) { try AttachmentWorkbooks.writeSamples(report, to: $0, created: created) },
            Task(name: articlesWorkbook) { try AttachmentWorkbooks.writeArticles(report, to: $0, created: created) },
            Task(name: findingsWorkbook) { try AttachmentWorkbooks.writeFindings(report, to: $0, created: created) },
            Task(name: problemsWorkbook) { try AttachmentWorkbooks.writeProblems(report, to: $0, created: created) },
            Task(name: assessmentWorkbook) { try AttachmentWorkbooks.writeAssessment(report, to: $0, created: created) },
        ] + marked + [
            Task.file(ChaseList.fileName) {
                Data(try ChaseList.render(ChaseList.week(report), report: report, template: chase.text, path: chase.path).utf8)
            },
            // The 公文 from the same rendered text as 周通报.txt, paragraph for line.
            Task.docx(bulletinDocx, text, skeleton: skeleton, title: title, issuer: issuer, date: report.reportDate),
            Task.file(bulletinText) { Data(try text.value().utf8) },
            Task.file("summary.json") { try Summary(report).json() },
        ] as [Task]).map(after)
    }

    /// The input is read-only to the tool: an output folder that is the input folder, lies
    /// inside it, or contains it is refused before anything is written (a run would otherwise
    /// move submitted files aside). Paths are compared after resolving links; an output that
    /// does not exist yet is resolved through its nearest existing parent.
    public static func checkSeparate(output: URL, input: URL) throws {
        let out = resolved(output), inp = resolved(input)
        func inside(_ a: [String], _ b: [String]) -> Bool { a.count >= b.count && Array(a.prefix(b.count)) == b }
        let why: String?
        if out == inp {
            why = "输出文件夹就是输入文件夹"
        } else if inside(out, inp) {
            why = "输出文件夹在输入文件夹之内"
        } else if inside(inp, out) {
            why = "输入文件夹在输出文件夹之内"
        } else {
            why = nil
        }
        if let why {
            throw RunError.outputOverlapsInput(
                "\(why)（输出：\(output.path)，输入：\(input.path)）；为保护各单位报送的文件，请另选输出文件夹，如 output")
        }
    }

    /// Puts back a week an interrupted run left moved aside, before this run can fail for
    /// any other reason (it takes the week's lock; nothing when the output folder is absent).
    public static func restoreInterrupted(week: ISOWeek, in output: URL) throws {
        try restoreInterrupted(folder: week.description, in: output)
    }

    /// The same for any output folder (`总结`).
    public static func restoreInterrupted(folder: String, in output: URL) throws {
        guard FileManager.default.fileExists(atPath: output.path) else { return }
        let lock = open(output.appendingPathComponent(".\(folder).lock").path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard lock >= 0 else { return }  // a read-only output fails later, with its message
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 { guard errno == EINTR else { return } }
        try recover(week: folder, in: output)
    }

    /// What an interrupted run of `week` left, with this run holding the week's lock (so no
    /// other run of it is live): a week moved aside but never replaced is put back, then
    /// the staging and moved-aside folders are removed.
    static func recover(week: String, in output: URL) throws {
        let fm = FileManager.default
        let final = output.appendingPathComponent(week)
        let names = ((try? fm.contentsOfDirectory(atPath: output.path)) ?? []).sorted()
        let aside = names.filter { $0.hasPrefix(".\(week).old-") }
        if !fm.fileExists(atPath: final.path), let newest = aside.max(by: { modified(output, $0) < modified(output, $1) }) {
            try fm.moveItem(at: output.appendingPathComponent(newest), to: final)
        }
        for name in names where name.hasPrefix(".\(week).partial-") || name.hasPrefix(".\(week).old-") {
            let url = output.appendingPathComponent(name)
            if fm.fileExists(atPath: url.path) { try? fm.removeItem(at: url) }
        }
    }

    static func modified(_ folder: URL, _ name: String) -> Date {
        let attributes = try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)
        return attributes?[.modificationDate] as? Date ?? .distantPast
    }

    /// Path components after resolving links, for the part of the path that exists.
    static func resolved(_ url: URL) -> [String] {
        var existing = url.standardizedFileURL
        var rest: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path), existing.pathComponents.count > 1 {
            rest.insert(existing.lastPathComponent, at: 0)
            existing = existing.deletingLastPathComponent()
        }
        let real = InputTree.realPath(existing.path) ?? existing.path
        return real.split(separator: "/").map(String.init) + rest
    }

    /// The points of the swap a test may stop the process at (`write`'s `checkpoint`).
    public enum SwapStep: String, Sendable, CaseIterable {
        /// The staging folder is made; no output is written yet.
        case writing
        /// Every output is in the staging folder; nothing of the old week has moved.
        case staged
        /// The old week is under `.W.old-<pid>`; the new one is still staged.
        case oldMovedAside
        /// The new week is in place; the old one is not yet deleted.
        case newInPlace
    }

    /// - Parameter chaseTemplate: the 催报名单 template; nil: `ChaseList.template(input:)` for
    ///   the report's input folder.
    @discardableResult
    public static func write(
        _ report: WeekReport, to output: URL, template: TemplateSource, chaseTemplate: TemplateSource? = nil,
        jobs: Int = Parallel.defaultJobs, options: OutputOptions = OutputOptions(),
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil,
        checkpoint: ((SwapStep) -> Void)? = nil
    ) throws -> WrittenWeek {
        let (final, written) = try replaceFolder(report.week.description, in: output, checkpoint: checkpoint) {
            staging -> (timings: [OutputTiming], notes: [String]) in
            let fm = FileManager.default
            let templateData = try template.data()
            let templateText = try TemplateLocator.text(of: templateData, path: template.displayPath)
            var inputs = report.inputDigests
            inputs[template.displayPath] = Digest.sha256(templateData)
            let skeleton = try DocxSkeleton.locate(near: template)
            if let digest = skeleton.digest { inputs[skeleton.displayPath] = digest }
            // Rendered once, by whichever of 周通报.txt and 周通报.docx (the same text) comes
            // first — after 附件2's rows, off the path to its first row.
            let path = template.displayPath
            let bulletin = Once { try BulletinRenderer.render(report, template: templateText, path: path) }
            let chaseSource = try chaseTemplate ?? ChaseList.template(input: report.campaign.root)
            let chaseData = try chaseSource.data()
            let chaseText = try TemplateLocator.text(of: chaseData, path: chaseSource.displayPath)
            inputs[chaseSource.displayPath] = Digest.sha256(chaseData)

            let corrections = Corrections.units(report)
            if !corrections.isEmpty {
                try fm.createDirectory(at: staging.appendingPathComponent(Corrections.folder), withIntermediateDirectories: false)
            }
            let tasks = tasks(
                report, bulletin: bulletin, skeleton: skeleton, chase: (chaseText, chaseSource.displayPath),
                corrections: corrections)
            let timings = try runTasks(tasks, in: staging, jobs: jobs, progress: progress)
            var notes: [String] = []
            if options.pdf {
                if PDFExport.soffice() != nil, let noFont = PDFExport.missingCJKFont() {
                    // No Chinese font: a PDF of empty boxes is worse than none.
                    notes.append(noFont)
                } else if let soffice = PDFExport.soffice() {
                    var sources = [bulletinDocx]
                    // The leaders' workbooks; the units' marked files (退回修改/) stay workbooks.
                    for task in tasks where task.name.hasSuffix(".xlsx") && !task.name.contains("/") {
                        let size = (try? fm.attributesOfItem(atPath: staging.appendingPathComponent(task.name).path)[.size] as? Int) ?? 0
                        if size <= options.pdfMaxBytes {
                            sources.append(task.name)
                        } else {
                            notes.append("\(task.name) 超过 \(options.pdfMaxBytes >> 20) MB，未转换为 PDF（请直接打开表格）")
                        }
                    }
                    _ = try PDFExport.convert(sources, in: staging, soffice: soffice, reportDate: report.reportDate)
                } else {
                    notes.append("未找到 LibreOffice（soffice），未生成 PDF；安装后重新运行即可（Debian：apt-get install libreoffice-writer-nogui libreoffice-calc-nogui）")
                }
            }
            let manifest = Manifest(
                tool: "bulletin", version: BulletinVersion.string, week: report.week.description,
                plan: report.campaign.planFiles, template: template.displayPath, docx_style: skeleton.displayPath, inputs: inputs,
                outputs: try digests(of: staging),
                deliverables: Manifest.deliverables(report.campaign, digests: inputs))
            try OutputFile.write(try manifest.json(), to: staging.appendingPathComponent("manifest.json"))
            return (timings, notes)
        }
        return WrittenWeek(url: final, outputs: written.timings, notes: written.notes)
    }

    /// `run --all`: each week assembled from the one reading (`results`) as its own run would
    /// and written, up to `concurrent` weeks at a time — a week's 附件2 is one thread's work
    /// (libxlsxwriter and zlib), so two weeks side by side use both cores. Each week's folder
    /// is exactly what `write` gives for it alone. Results in the order of `campaigns`.
    public static func writeWeeks(
        _ campaigns: [Campaign], results: SubmissionResults, to output: URL, template: TemplateSource,
        jobs: Int = Parallel.defaultJobs, concurrent: Int = 2, options: OutputOptions = OutputOptions(),
        checkpoint: (@Sendable (SwapStep) -> Void)? = nil
    ) -> [Result<(report: WeekReport, written: WrittenWeek), any Error>] {
        Parallel.map(count: campaigns.count, jobs: concurrent) { i in
            let report = ReportBuilder.assemble(campaigns[i], results: results)
            try? restoreInterrupted(week: report.week, in: output)
            return Result {
                (report, try write(report, to: output, template: template, jobs: jobs, options: options, checkpoint: checkpoint))
            }
        }
    }

    /// The tasks written into `staging` on up to `jobs` threads; the first failure in task
    /// order is thrown, whichever thread met it first.
    static func runTasks(
        _ tasks: [Task], in staging: URL, jobs: Int, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) throws -> [OutputTiming] {
        let finished = Locked(0)
        let outcomes = Parallel.map(count: tasks.count, jobs: jobs) { i -> Result<OutputTiming, any Error> in
            let start = DispatchTime.now().uptimeNanoseconds
            let url = staging.appendingPathComponent(tasks[i].name)
            // A workbook is checked as soon as it is closed (its parts all there and whole):
            // what is published is what was finished. Any failure names the output.
            let outcome = Result {
                let stats = try tasks[i].write(url)
                if tasks[i].name.hasSuffix(".xlsx") { try OutputFile.checkWorkbook(at: url, name: tasks[i].name) }
                return stats
            }.mapError { OutputWriteError.wrapping($0, file: tasks[i].name) }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if let progress {
                let done = finished.withLock { n -> Int in
                    n += 1
                    return n
                }
                progress(done, tasks.count)
            }
            return outcome.map { OutputTiming(name: tasks[i].name, seconds: seconds, stats: $0) }
        }
        return try outcomes.map { try $0.get() }
    }

    /// Output file name → SHA-256 of every file in the folder.
    static func digests(of folder: URL) throws -> [String: String] {
        var digests: [String: String] = [:]
        for name in try outputFiles(in: folder) {
            digests[name] = Digest.sha256(try Data(contentsOf: folder.appendingPathComponent(name)))
        }
        return digests
    }

    /// Every file under a week's folder by its "/"-separated path inside it (`退回修改/区税务局.xlsx`),
    /// in code-point order.
    public static func outputFiles(in folder: URL) throws -> [String] {
        let fm = FileManager.default
        var out: [String] = []
        func walk(_ url: URL, _ prefix: String) throws {
            for name in try fm.contentsOfDirectory(atPath: url.path) {
                let child = url.appendingPathComponent(name)
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: child.path, isDirectory: &isDir), isDir.boolValue {
                    try walk(child, prefix + name + "/")
                } else {
                    out.append(prefix + name)
                }
            }
        }
        try walk(folder, "")
        return out.sorted(by: Text.codePointLess)
    }

    /// Replaces `output/<name>` with what `fill` writes into a staging folder beside it,
    /// holding `output/.<name>.lock` so runs of the same folder wait for each other. At every
    /// instant `output/<name>` is the old folder or the new one, or — between the two
    /// renames — the old one is `.<name>.old-<pid>`, which the next run puts back before it
    /// deletes anything. A failure leaves what was there.
    static func replaceFolder<T>(
        _ name: String, in output: URL, checkpoint: ((SwapStep) -> Void)?, fill: (URL) throws -> T
    ) throws -> (URL, T) {
        let fm = FileManager.default
        let final = output.appendingPathComponent(name)
        let pid = ProcessInfo.processInfo.processIdentifier
        let staging = output.appendingPathComponent(".\(name).partial-\(pid)")
        let lock: Int32
        do {
            try fm.createDirectory(at: output, withIntermediateDirectories: true)
            // One run of a folder writes at a time: a second waits here for the first to
            // finish, so no run deletes the staging of a live one.
            // Never through a link: a planted `.<name>.lock` → elsewhere must not create or
            // truncate a file there (O_NOFOLLOW fails with ELOOP on a link).
            let lockPath = output.appendingPathComponent(".\(name).lock").path
            lock = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
            guard lock >= 0 else {
                if errno == ELOOP {
                    throw RunError.outputNotWritable("\(lockPath) 是一个符号链接，为安全起见未使用；请删除这个链接后重试")
                }
                throw RunError.outputNotWritable("\(output.path)（无法创建锁文件：\(String(cString: strerror(errno)))）")
            }
        } catch let error as RunError {
            throw error
        } catch {
            throw RunError.outputNotWritable("\(output.path)（\(error.localizedDescription)）")
        }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 {
            guard errno == EINTR else { throw RunError.outputNotWritable("\(output.path)（无法加锁：\(String(cString: strerror(errno)))）") }
        }
        do {
            try recover(week: name, in: output)
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: final.path, isDirectory: &isDir), !isDir.boolValue {
                throw RunError.outputNotWritable("\(final.path) 是一个文件而不是输出文件夹，未覆盖；请移走或改名后重试")
            }
            if fm.fileExists(atPath: staging.path) { try fm.removeItem(at: staging) }
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch let error as RunError {
            throw error
        } catch {
            throw RunError.outputNotWritable("\(output.path)（\(error.localizedDescription)）")
        }
        // A signal (SIGTERM, SIGINT, SIGHUP) while the outputs are written removes them.
        let stagingToken = Cleanup.register(staging)
        defer { Cleanup.unregister(stagingToken) }
        do {
            checkpoint?(.writing)
            let value = try fill(staging)
            checkpoint?(.staged)
            let old = output.appendingPathComponent(".\(name).old-\(pid)")
            // The two renames are one step for the signal handler: it waits for them, so a
            // signal never leaves the week moved aside without the new one in place (a kill
            // -9 may; the next run puts it back). The old folder, once aside, is registered
            // so a signal after the swap still removes it.
            let oldToken = try Cleanup.swapping { paths -> Int? in
                guard fm.fileExists(atPath: final.path) else {
                    try fm.moveItem(at: staging, to: final)
                    paths.remove(stagingToken)
                    return nil
                }
                try fm.moveItem(at: final, to: old)
                checkpoint?(.oldMovedAside)
                do {
                    try fm.moveItem(at: staging, to: final)
                } catch {
                    // Put the previous folder back: a failed run leaves what was there.
                    try? fm.moveItem(at: old, to: final)
                    throw error
                }
                paths.remove(stagingToken)
                return paths.add(old)
            }
            checkpoint?(.newInPlace)
            if let oldToken {
                try? fm.removeItem(at: old)
                Cleanup.unregister(oldToken)
            }
            return (final, value)
        } catch let error as OutputWriteError {
            // The output that failed, by its place in the week's folder; nothing is published.
            try? fm.removeItem(at: staging)
            throw error.named(final.appendingPathComponent(error.file).path)
        } catch let error as TemplateError {
            try? fm.removeItem(at: staging)
            throw error
        } catch let error as ChangedDuringRun {
            try? fm.removeItem(at: staging)
            throw error
        } catch let error as PDFExport.Failure {
            try? fm.removeItem(at: staging)
            throw RunError.outputNotWritable("\(final.path)（\(error.message)）")
        } catch {
            try? fm.removeItem(at: staging)
            throw RunError.outputNotWritable("\(final.path)（\((error as? LocalizedError)?.errorDescription ?? "\(error)")）")
        }
    }
}

/// manifest.json: what a run read and wrote, for auditors.
public struct Manifest: Codable, Sendable {
    public var tool: String
    public var version: String
    public var week: String
    /// The plan files in force for the week, in the order they apply.
    public var plan: [String]
    /// The bulletin template used, as located.
    public var template: String
    /// The .docx skeleton 周通报.docx was styled with, as located (absent in older manifests
    /// and in 总结/'s).
    public var docx_style: String?
    /// Input path (relative to the input folder; the template as located) → SHA-256.
    public var inputs: [String: String]
    /// Output file name → SHA-256.
    public var outputs: [String: String]
    /// The deliverables (材料报送/) up to the week: name, size and SHA-256 (their contents are
    /// never read); absent when there are none.
    public var deliverables: [DeliverableEntry]? = nil
    public struct DeliverableEntry: Codable, Sendable, Hashable {
        public var file: String
        public var size: Int
        public var sha256: String
    }

    public func json() throws -> Data { try StableJSON.encode(self) }

    static func deliverables(_ campaign: Campaign, digests: [String: String]) -> [DeliverableEntry]? {
        let list = campaign.tree.deliverables.map {
            DeliverableEntry(file: $0.path, size: $0.size, sha256: digests[$0.path] ?? "")
        }
        return list.isEmpty ? nil : list
    }
}
