import ArgumentParser
import BulletinCore
import Foundation

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "审计核验：重新生成某一周，与 output/<周>/ 逐字节比较，并列出自那以后新增、改动或删除的输入文件。",
        discussion: "核验的各周完全一致时退出码为 0；有差异时列出差异，退出码为 1。",
        helpNames: [])

    @OptionGroup var flags: HelpFlags

    @OptionGroup var options: InputOptions

    @Option(name: .customLong("output"), help: ArgumentHelp("存放已印发各周结果的输出文件夹（默认：output）。", valueName: "folder"))
    var outputOption: String?

    var output: String { outputOption ?? "output" }

    func validate() throws { try flags.handle(self) }

    @OptionGroup var templates: TemplateOptions

    @Flag(name: .long, help: "核验输出文件夹中的每一周，以及其中的 总结/（如有）。")
    var all = false

    func run() throws {
        let outputURL = URL(fileURLWithPath: output)
        let input = URL(fileURLWithPath: options.input)
        var weeks: [ISOWeek] = []
        var requested: ISOWeek?
        var leftovers: [String] = []
        if all {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []
            // Every week the inputs imply (what run --all writes) must be there, as well as
            // every week folder the output holds: one missing, renamed or left hidden fails.
            // Weeks after the latest week folder of the input have not begun: not expected yet.
            let latest = try Failure.mapping { try InputTree.weekFolders(in: input) }.max()
            let implied = try Failure.mapping { try Campaign.weeksToReport(input: input) }.filter { week in latest.map { week <= $0 } ?? false }
            let present = names.compactMap(ISOWeek.init)
            guard !present.isEmpty else { throw ValidationError("\(output) 中没有已生成的周（如 2021-W35）") }
            weeks = Set(present + implied).sorted()
            leftovers = names.filter { name in
                ISOWeek(name) == nil && name != OutputWriter.summaryFolder && !name.hasSuffix(".lock")
                    && (ISOWeek(name.uppercased()) != nil || name.contains(".partial-") || name.contains(".old-"))
            }.sorted()
        } else {
            requested = try options.parsedWeek()
        }
        let jobs = try options.jobCount()
        // Located and checked once, as run does, whatever the number of weeks.
        let source = try templates.bulletin(input: input)
        // --all also checks 总结/: written again as run --all writes it and compared byte for
        // byte; it must be there whenever the input has a campaign week (run --all writes it).
        let circulatedSummary = outputURL.appendingPathComponent(OutputWriter.summaryFolder)
        let summaryExists = FileManager.default.fileExists(atPath: circulatedSummary.path)
        var identical = true
        var summary: CampaignSummary?
        if all {
            // Each input is read once, as run --all reads it, however many weeks are checked.
            summary = try Failure.mapping {
                try Verifier.rebuild(input: input, weeks: weeks, summary: true, jobs: jobs) { report in
                    if !(try verify(report, output: outputURL, template: source, jobs: jobs)) { identical = false }
                }
            }
        } else {
            let campaign = try Failure.mapping { try Campaign.load(input: input, week: requested) }
            identical = try verify(ReportBuilder.build(campaign, jobs: jobs), output: outputURL, template: source, jobs: jobs)
        }
        if all {
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("bulletin-verify-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: scratch) }
            if let summary, !summaryExists {
                identical = false
                print("总结：\(circulatedSummary.path) 不存在（输入中的活动周应有活动总结）")
            } else if let summary {
                let source = try templates.summary(input: input)
                _ = try Failure.mapping { try OutputWriter.writeSummary(summary, to: scratch, template: source, jobs: jobs) }
                let fresh = scratch.appendingPathComponent(OutputWriter.summaryFolder)
                let differences = try Verifier.compareOutputs(circulated: circulatedSummary, fresh: fresh)
                // As for a week: the inputs changed since 总结/ was written, then the outputs.
                let inputs = Verifier.inputChanges(circulated: circulatedSummary, fresh: fresh)
                if differences.isEmpty && inputs.isEmpty {
                    print("总结：一致（重新生成的全部文件与 \(circulatedSummary.path) 逐字节相同，输入文件未变）")
                } else {
                    identical = false
                    print("总结：不一致")
                    for item in inputs { print("  输入\(item.change.rawValue)：\(item.path)") }
                    for item in differences { print("  输出\(item.change.rawValue)：\(item.path)") }
                }
            } else if summaryExists {
                identical = false
                print("总结：输入中已没有活动周的文件夹，无法重新生成 \(circulatedSummary.path)")
            }
            // No campaign week folder yet and no 总结/: run --all writes none either.
        }
        for name in leftovers {
            identical = false
            print("另有 \(outputURL.appendingPathComponent(name).path)：不是本工具写出的周文件夹（改名或上次运行中断留下的；再运行一次 run 可恢复）")
        }
        if !identical { throw ExitCode(1) }
    }

    /// Writes the week again into a scratch folder and compares it with the circulated one;
    /// prints what it found and returns whether the two are the same.
    private func verify(_ report: WeekReport, output: URL, template source: TemplateSource, jobs: Int) throws -> Bool {
        let week = report.week
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("bulletin-verify-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let circulated = output.appendingPathComponent(week.description)
        // A week circulated with its PDFs (run --pdf) is regenerated with them.
        let withPDF = ((try? FileManager.default.contentsOfDirectory(atPath: circulated.path)) ?? []).contains { $0.hasSuffix(".pdf") }
        _ = try Failure.mapping {
            try OutputWriter.write(report, to: scratch, template: source, jobs: jobs, options: OutputOptions(pdf: withPDF))
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: circulated.path, isDirectory: &isFolder) else {
            print("\(week)：\(circulated.path) 不存在")
            return false
        }
        guard isFolder.boolValue else {
            print("\(week)：\(circulated.path) 是一个文件而不是输出文件夹，无法核验")
            return false
        }
        let result = try Verifier.compare(week: week, circulated: circulated, fresh: scratch.appendingPathComponent(week.description))
        if result.isIdentical {
            print("\(week)：一致（重新生成的全部文件与 \(circulated.path) 逐字节相同，输入文件未变）")
            return true
        }
        print("\(week)：不一致")
        for item in result.inputs { print("  输入\(item.change.rawValue)：\(item.path)") }
        for item in result.outputs { print("  输出\(item.change.rawValue)：\(item.path)") }
        return false
    }
}
