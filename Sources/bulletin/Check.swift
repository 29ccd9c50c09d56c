import ArgumentParser
import BulletinCore
import Foundation

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "报送前自查：列出本周报送文件中的问题和任务缺口（全部单位或 --unit 指定的单位）。",
        discussion: "没有问题时退出码为 0；有错误或任务缺口时为 1。",
        helpNames: [])

    @OptionGroup var flags: HelpFlags

    enum Format: String, ExpressibleByArgument {
        case text, json
    }

    @OptionGroup var options: InputOptions

    @Option(name: .long, help: "只看这个单位（全称或简称）。")
    var unit: String?

    @Option(name: .customLong("format"), help: "输出格式：text（默认，每条一行：文件:行: 列: 说明）或 json。")
    var formatOption: Format?

    var format: Format { formatOption ?? .text }

    func validate() throws { try flags.handle(self) }

    func run() throws {
        let campaign = try options.loadCampaign()
        var only: RosterUnit?
        if let unit {
            guard let u = campaign.roster.unit(named: unit) else {
                let hint = campaign.roster.suggestion(for: unit).map { "；是否为「\($0.name)」？" } ?? ""
                throw ValidationError("--unit「\(unit)」不在单位名册中（可用全称或简称）\(hint)")
            }
            only = u
        }
        let report = ReportBuilder.build(campaign, jobs: try options.jobCount())
        var items = report.findings + Shortfalls.findings(report)
        if let only { items = items.filter { $0.unit == only.name } }
        switch format {
        case .text:
            for f in items { print(Shortfalls.line(f)) }
            if items.isEmpty { print("\(report.week)：没有发现问题。") }
        case .json:
            print(String(decoding: try StableJSON.encode(items.map(CheckRow.init)), as: UTF8.self), terminator: "")
        }
        if items.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
    }
}

struct CheckRow: Encodable {
    var code: String
    var severity: String
    var unit: String
    var file: String
    var line: Int
    var row: Int
    var column: String
    var value: String
    var message: String

    init(_ f: Finding) {
        code = f.code.rawValue
        severity = f.severity.rawValue
        unit = f.unit
        file = f.file
        line = f.line
        row = f.row
        column = f.column
        value = f.value
        message = f.message
    }
}
