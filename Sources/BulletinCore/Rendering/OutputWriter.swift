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

    @discardableResult
    public static func write(_ report: WeekReport, to output: URL, template: TemplateSource) throws -> URL {
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
            report.campaign.readLog.record(template.displayPath, templateData)

            var outputs: [String: Data] = [:]
            let created = report.reportDate.chinaMidnightUnixTime
            try AttachmentWorkbooks.writeSamples(report, to: staging.appendingPathComponent(samplesWorkbook), created: created)
            try AttachmentWorkbooks.writeArticles(report, to: staging.appendingPathComponent(articlesWorkbook), created: created)
            try AttachmentWorkbooks.writeLedger(report, to: staging.appendingPathComponent(ledgerWorkbook), created: created)
            try AttachmentWorkbooks.writeFindings(report, to: staging.appendingPathComponent(findingsWorkbook), created: created)
            try AttachmentWorkbooks.writeProblems(report, to: staging.appendingPathComponent(problemsWorkbook), created: created)
            try AttachmentWorkbooks.writeAssessment(report, to: staging.appendingPathComponent(assessmentWorkbook), created: created)
            let text = try BulletinRenderer.render(report, template: templateText, path: template.displayPath)
            outputs[bulletinText] = Data(text.utf8)
            outputs["summary.json"] = try Summary(report).json()
            for (name, data) in outputs { try data.write(to: staging.appendingPathComponent(name)) }

            var digests: [String: String] = [:]
            for name in try fm.contentsOfDirectory(atPath: staging.path) {
                digests[name] = ReadLog.sha256(try Data(contentsOf: staging.appendingPathComponent(name)))
            }
            let manifest = Manifest(
                tool: "bulletin", version: BulletinVersion.string, week: report.week.description,
                inputs: report.campaign.readLog.digests, outputs: digests)
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
            return final
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
