import XlsxWriter
import Foundation

/// Where the bulletin template comes from.
public struct TemplateSource: Sendable {
    public var url: URL
    /// As recorded in manifest.json.
    public var displayPath: String
}

public enum TemplateLocator {
    public static let fileName = "周通报.txt"

    /// `--template` when given; else `templates/周通报.txt` beside the input folder, then in
    /// the current folder. Missing is a run-stopping error.
    public static func locate(explicit: String?, input: URL) throws -> TemplateSource {
        let fm = FileManager.default
        if let explicit {
            guard fm.fileExists(atPath: explicit) else {
                throw TemplateError(path: explicit, problem: "文件不存在", missing: true)
            }
            return TemplateSource(url: URL(fileURLWithPath: explicit), displayPath: explicit)
        }
        let candidates = [
            (input.standardizedFileURL.deletingLastPathComponent().appendingPathComponent("templates/\(fileName)"), "templates/\(fileName)"),
            (URL(fileURLWithPath: "templates/\(fileName)"), "templates/\(fileName)"),
        ]
        for (url, display) in candidates where fm.fileExists(atPath: url.path) {
            return TemplateSource(url: url, displayPath: display)
        }
        throw TemplateError(path: "templates/\(fileName)", problem: "找不到通报模板（可用 --template 指定）", missing: true)
    }
}

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
}

/// Writes a week's outputs into a temporary folder beside the destination and renames it
/// into place, so a failed run never leaves a half-written week.
public enum OutputWriter {
    public static let samplesWorkbook = "附件1_样本企业汇总表.xlsx"
    public static let articlesWorkbook = "附件3_宣传稿件统计表.xlsx"
    public static let ledgerWorkbook = "附件2_样本企业走访台账.xlsx"
    public static let findingsWorkbook = "数据问题清单.xlsx"
    public static let bulletinText = "周通报.txt"
    public static let problemsWorkbook = "问题整改清单.xlsx"
    public static let assessmentWorkbook = "通报附表.xlsx"

    /// One output: its file name and how it is written into the staging folder.
    struct Task: Sendable {
        var name: String
        var write: @Sendable (URL) throws -> WorkbookStats
    }

    /// The week's outputs, largest first: the big workbooks start at once on their own
    /// cores, the bulletin text and summary.json are rendered beside them.
    static func tasks(_ report: WeekReport, templateText: String, templatePath: String) -> [Task] {
        let created = report.reportDate.chinaMidnightUnixTime
        return [
            Task(name: ledgerWorkbook) { try AttachmentWorkbooks.writeLedger(report, to: $0, created: created) },
            Task(name: samplesWorkbook) { try AttachmentWorkbooks.writeSamples(report, to: $0, created: created) },
            Task(name: articlesWorkbook) { try AttachmentWorkbooks.writeArticles(report, to: $0, created: created) },
            Task(name: findingsWorkbook) { try AttachmentWorkbooks.writeFindings(report, to: $0, created: created) },
            Task(name: problemsWorkbook) { try AttachmentWorkbooks.writeProblems(report, to: $0, created: created) },
            Task(name: assessmentWorkbook) { try AttachmentWorkbooks.writeAssessment(report, to: $0, created: created) },
            Task(name: bulletinText) { url in
                let text = try BulletinRenderer.render(report, template: templateText, path: templatePath)
                let data = Data(text.utf8)
                try data.write(to: url)
                var stats = WorkbookStats()
                stats.textBytes = data.count
                return stats
            },
            Task(name: "summary.json") { url in
                let data = try Summary(report).json()
                try data.write(to: url)
                var stats = WorkbookStats()
                stats.textBytes = data.count
                return stats
            },
        ]
    }

    @discardableResult
    public static func write(
        _ report: WeekReport, to output: URL, template: TemplateSource, jobs: Int = Parallel.defaultJobs,
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) throws -> WrittenWeek {
        let fm = FileManager.default
        let final = output.appendingPathComponent(report.week.description)
        let pid = ProcessInfo.processInfo.processIdentifier
        let staging = output.appendingPathComponent(".\(report.week).partial-\(pid)")
        do {
            try fm.createDirectory(at: output, withIntermediateDirectories: true)
            // Staging folders of this week left by an interrupted run are not outputs.
            for name in (try? fm.contentsOfDirectory(atPath: output.path)) ?? []
            where name.hasPrefix(".\(report.week).partial-") || name.hasPrefix(".\(report.week).old-") {
                try? fm.removeItem(at: output.appendingPathComponent(name))
            }
            if fm.fileExists(atPath: staging.path) { try fm.removeItem(at: staging) }
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw RunError.outputNotWritable("\(output.path)（\(error.localizedDescription)）")
        }
        do {
            guard let templateData = try? Data(contentsOf: template.url),
                let templateText = String(data: templateData, encoding: .utf8)
            else { throw TemplateError(path: template.displayPath, problem: "无法读取或不是 UTF-8 文本", missing: true) }
            var inputs = report.inputDigests
            inputs[template.displayPath] = FormDriver.sha256(templateData)

            let tasks = tasks(report, templateText: templateText, templatePath: template.displayPath)
            let finished = Locked(0)
            let outcomes = Parallel.map(count: tasks.count, jobs: jobs) { i -> Result<OutputTiming, any Error> in
                let start = DispatchTime.now().uptimeNanoseconds
                let outcome = Result { try tasks[i].write(staging.appendingPathComponent(tasks[i].name)) }
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
            // The first failure in task order, whichever thread met it first.
            let timings = try outcomes.map { try $0.get() }

            var digests: [String: String] = [:]
            for name in try fm.contentsOfDirectory(atPath: staging.path) {
                digests[name] = FormDriver.sha256(try Data(contentsOf: staging.appendingPathComponent(name)))
            }
            let manifest = Manifest(
                tool: "bulletin", version: BulletinVersion.string, week: report.week.description, inputs: inputs,
                outputs: digests)
            try manifest.json().write(to: staging.appendingPathComponent("manifest.json"))

            if fm.fileExists(atPath: final.path) {
                let old = output.appendingPathComponent(".\(report.week).old-\(pid)")
                try fm.moveItem(at: final, to: old)
                do {
                    try fm.moveItem(at: staging, to: final)
                } catch {
                    // Put the previous week back: a failed run leaves what was there.
                    try? fm.moveItem(at: old, to: final)
                    throw error
                }
                try? fm.removeItem(at: old)
            } else {
                try fm.moveItem(at: staging, to: final)
            }
            return WrittenWeek(url: final, outputs: timings)
        } catch let error as TemplateError {
            try? fm.removeItem(at: staging)
            throw error
        } catch {
            try? fm.removeItem(at: staging)
            throw RunError.outputNotWritable("\(final.path)（\(error)）")
        }
    }
}

/// manifest.json: what a run read and wrote, for auditors.
public struct Manifest: Codable, Sendable {
    public var tool: String
    public var version: String
    public var week: String
    /// Input path (relative to the input folder; the template as located) → SHA-256.
    public var inputs: [String: String]
    /// Output file name → SHA-256.
    public var outputs: [String: String]

    public func json() throws -> Data { try StableJSON.encode(self) }
}
