import ArgumentParser
import BulletinCore
import Foundation

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "周五任务：生成 output/<周>/ 下的附件表格、周通报、summary.json 和 manifest.json。",
        discussion: "输出写完即退出码 0，即使有数据行未计入：未计入的行列在 数据问题清单.xlsx 中。",
        helpNames: [])

    @OptionGroup var flags: HelpFlags

    @OptionGroup var options: InputOptions

    @Option(name: .customLong("output"), help: ArgumentHelp("输出文件夹；每周的结果写在 <输出文件夹>/<周>/ 下（默认：output）。", valueName: "folder"))
    var outputOption: String?

    var output: String { outputOption ?? "output" }

    @OptionGroup var templates: TemplateOptions

    @Flag(name: .long, help: "生成每个活动周和每个周文件夹的结果，每个文件只读一次（每周的内容与 --week 单独生成的完全相同），并在 <输出文件夹>/总结/ 中写出活动总结。")
    var all = false

    @Flag(name: .long, help: "不显示进度行（进度行只在终端中显示）。")
    var quiet = false

    @Flag(name: .long, help: "同时生成周通报和各表格的 PDF（需要已安装 LibreOffice；没有时给出提示，仍正常完成）。")
    var pdf = false

    @Option(name: .long, help: ArgumentHelp("Write each stage's seconds, rows and peak memory as JSON to this file (for scripts/bench.sh).", visibility: .hidden))
    var timings: String?

    /// For the end-to-end test of the output swap only: `BULLETIN_STOP_AT=<step>` ends the
    /// process abruptly (as a kill would) at that step of `OutputWriter.write`.
    /// `BULLETIN_PAUSE_AT=<step>` instead writes `paused at <step>` to stderr and waits 3 s
    /// there, for the signal tests to send a signal at that step.
    static let stopForTests: (@Sendable (OutputWriter.SwapStep) -> Void)? = {
        let env = ProcessInfo.processInfo.environment
        if let step = env["BULLETIN_STOP_AT"].flatMap(OutputWriter.SwapStep.init) {
            return { if $0 == step { _exit(9) } }
        }
        if let step = env["BULLETIN_PAUSE_AT"].flatMap(OutputWriter.SwapStep.init) {
            return { reached in
                guard reached == step else { return }
                Failure.stderr("paused at \(step.rawValue)")
                sleep(3)
            }
        }
        return nil
    }()

    func validate() throws {
        try flags.handle(self)
        if all && options.week != nil { throw ValidationError("--all 与 --week 不能同时使用") }
        if !all && templates.summaryTemplate != nil { throw ValidationError("--summary-template 只用于 --all") }
    }

    func run() throws {
        if all { return try runAll() }
        let jobs = try options.jobCount()
        let progress = ProgressLine(enabled: !quiet)
        var clock = StageClock()

        progress.show("扫描输入文件夹…")
        let campaign = try options.loadCampaign()
        // Nothing is written, moved or deleted before this: the input is read-only to the tool.
        try Failure.mapping {
            try OutputWriter.checkSeparate(output: URL(fileURLWithPath: output), input: URL(fileURLWithPath: options.input))
        }
        // A week a killed run left moved aside is put back before this run can fail.
        try? OutputWriter.restoreInterrupted(week: campaign.week, in: URL(fileURLWithPath: output))
        // A bad template stops the run before any submission is read.
        let source = try templates.bulletin(input: URL(fileURLWithPath: options.input))
        clock.finish("扫描", files: campaign.tree.files.count)

        let results = SubmissionReader.read(campaign, jobs: jobs, progress: progress.reading)
        clock.finish("读取与校验", rows: results.rowsRead, files: results.count)

        let report = ReportBuilder.assemble(campaign, results: results)
        clock.finish("统计", rows: report.rowsRead)

        progress.show("写出：0 个文件")
        let written = try Failure.mapping {
            try OutputWriter.write(
                report, to: URL(fileURLWithPath: output), template: source, jobs: jobs, options: OutputOptions(pdf: pdf),
                progress: { done, total in progress.show("写出：\(done)/\(total) 个文件") },
                checkpoint: Self.stopForTests)
        }
        clock.finish("写出", files: written.outputs.count)
        progress.clear()
        if let timings {
            try clock.write(to: timings, jobs: jobs, outputs: written.outputs)
        }
        Self.summarise(report, written)
    }

    /// The one line a run prints for each week it wrote.
    static func summarise(_ report: WeekReport, _ written: WrittenWeek) {
        for note in written.notes { Failure.stderr("bulletin: 提示：\(note)") }
        if report.issueNumber == nil {
            let p = report.plan.period
            Failure.stderr(
                "bulletin: 警告：\(report.week) 不在活动期（\(p.start)—\(p.end)）内：通报只汇总收到的材料，不计分、不排名；"
                    + "如需延长活动期，请在该周文件夹中放 plan.yaml 修改 period（见 README）")
        }
        Failure.stderr(
            "bulletin: \(report.week)（\(report.issueNumber.map { "第\($0)期" } ?? "活动期外")）已写入 \(written.url.path)："
                + "读取文件 \(report.filesRead) 个、数据行 \(report.rowsRead) 行；问题 \(report.errorCount) 个错误、\(report.warningCount) 个警告")
    }

    /// `--all`: one reading of every file, then each week assembled from the results as its
    /// own run would (the campaign restricted to the week) and written; then 总结/, summed up
    /// from the weeks just assembled (the campaign weeks up to the latest week folder).
    func runAll() throws {
        let jobs = try options.jobCount()
        let progress = ProgressLine(enabled: !quiet)
        let input = URL(fileURLWithPath: options.input), out = URL(fileURLWithPath: output)
        let weeks = try Failure.mapping { try Campaign.weeksToReport(input: input) }
        guard let last = weeks.last else { throw ValidationError("\(input.path) 中没有活动周") }
        progress.show("扫描输入文件夹…")
        let top = try Failure.mapping { try Campaign.load(input: input, week: last) }
        try Failure.mapping { try OutputWriter.checkSeparate(output: out, input: input) }
        let source = try templates.bulletin(input: input)
        let summarySource = try templates.summary(input: input)
        let results = SubmissionReader.read(top, jobs: jobs, progress: progress.reading)
        var summary = CampaignSummary.lastWeek(of: top).map(CampaignSummaryBuilder.init(lastWeek:))
        progress.show("统计与写出 \(weeks.count) 周…")
        let campaigns = weeks.map { $0 == top.week ? top : top.restricted(to: $0) }
        // Two weeks are written side by side (each week's bytes as its own run writes them).
        let outcomes = OutputWriter.writeWeeks(
            campaigns, results: results, to: out, template: source, jobs: jobs, concurrent: min(2, jobs),
            options: OutputOptions(pdf: pdf), checkpoint: Self.stopForTests)
        progress.clear()
        for outcome in outcomes {
            let (report, written) = try Failure.mapping { try outcome.get() }
            Self.summarise(report, written)
            summary?.add(report)
        }
        guard let built = summary?.build() else {
            Failure.stderr("bulletin: 输入中还没有活动周的文件夹，未生成总结")
            return
        }
        progress.show("总结：写出…")
        try? OutputWriter.restoreInterrupted(folder: OutputWriter.summaryFolder, in: out)
        let written = try Failure.mapping {
            try OutputWriter.writeSummary(built, to: out, template: summarySource, jobs: jobs, checkpoint: Self.stopForTests)
        }
        progress.clear()
        let span = built.weeks.map { "第\($0.issueNumber)期" }
        Failure.stderr(
            "bulletin: 总结（\(built.isFinal ? "最终" : "截至\(built.asOf)")，\(span.first ?? "")至\(span.last ?? "")）已写入 \(written.url.path)；"
                + "问题\(built.clearance.rawValue)")
    }
}

