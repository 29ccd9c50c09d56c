import ArgumentParser
import BulletinCore
import Foundation

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "周五任务：生成 output/<周>/ 下的附件表格、周通报、summary.json 和 manifest.json。",
        discussion: "Exits 0 once the outputs are written, even when rows were rejected: rejected rows are listed in 数据问题清单.xlsx.")

    @OptionGroup var options: InputOptions

    @Option(name: .long, help: "The output folder; the week's outputs go to <output>/<week>/.")
    var output: String = "output"

    @Option(name: .long, help: "The bulletin template (default: templates/周通报.txt next to the input folder, else the built-in one).")
    var template: String?

    func run() throws {
        let campaign = try options.loadCampaign()
        let report = ReportBuilder.build(campaign)
        let written = try Failure.mapping {
            let source = try TemplateLocator.locate(explicit: template, input: URL(fileURLWithPath: options.input))
            return try OutputWriter.write(report, to: URL(fileURLWithPath: output), template: source)
        }
        Failure.stderr(
            "bulletin: \(report.week)（第\(report.issueNumber.map(String.init) ?? "-")期）已写入 \(written.path)："
                + "读取文件 \(report.filesRead) 个、数据行 \(report.rowsRead) 行；问题 \(report.errorCount) 个错误、\(report.warningCount) 个警告")
    }
}
