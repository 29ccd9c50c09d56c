import ArgumentParser
import BulletinCore
import Foundation

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "报送前自查：列出本周报送文件中的问题和任务缺口（全部单位或 --unit 指定的单位）；--missing 列出此刻尚未报送的单位（催报名单）。",
        discussion: """
            没有问题时退出码为 0；有错误或任务缺口时为 1（--missing：有单位尚未报送应报文件时为 1）。
            --format xlsx --unit 单位 --output 文件：写出该单位标注了问题的报送文件（与 output/<周>/退回修改/ 中的相同）。
            """,
        helpNames: [])

    @OptionGroup var flags: HelpFlags

    enum Format: String, ExpressibleByArgument {
        case text, json, xlsx
    }

    @OptionGroup var options: InputOptions

    @Option(name: .long, help: "只看这个单位（全称或简称）。")
    var unit: String?

    @Option(name: .customLong("format"), help: "输出格式：text（默认，每条一行：文件:行: 列: 说明）、json，或 xlsx（该单位标注问题的表格，需 --unit 和 --output）。")
    var formatOption: Format?

    var format: Format { formatOption ?? .text }

    @Option(name: .long, help: ArgumentHelp("与 --format xlsx 一起用：要写出的 .xlsx 文件。", valueName: "file"))
    var output: String?

    @Flag(name: .long, help: "催报名单：哪些单位尚未报送哪些应报文件，距截止还有多久。")
    var missing = false

    @Option(name: .long, help: ArgumentHelp("与 --missing 一起用：按这个时刻（北京时间，\"YYYY-MM-DD HH:MM\"，默认：现在）列出。", valueName: "time"))
    var at: String?

    func validate() throws {
        try flags.handle(self)
        if at != nil && !missing { throw ValidationError("--at 只能与 --missing 一起使用") }
        if missing && format != .text { throw ValidationError("--missing 只输出文本，不能与 --format \(format.rawValue) 一起使用") }
        if format == .xlsx && (unit == nil || output == nil) {
            throw ValidationError("--format xlsx 需要 --unit（单位全称或简称）和 --output（要写出的 .xlsx 文件）")
        }
        if output != nil && format != .xlsx { throw ValidationError("--output 只用于 --format xlsx") }
    }

    func run() throws {
        if missing { return try runMissing() }
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
            if items.isEmpty { print("\(report.campaign.issueText(report.week))：没有发现问题。") }
        case .json:
            print(String(decoding: try StableJSON.encode(items.map(CheckRow.init)), as: UTF8.self), terminator: "")
        case .xlsx:
            guard let only, let output else { throw ValidationError("--format xlsx 需要 --unit 和 --output") }
            let url = URL(fileURLWithPath: output)
            // The input is read-only to the tool, whatever the file is called.
            try Failure.mapping { try OutputWriter.checkSeparate(output: url, input: URL(fileURLWithPath: options.input)) }
            let corrections = Corrections.unit(only.index, report)
            var written = false
            do {
                try MarkedWorkbook.write(corrections, report: report, to: url, created: report.reportDate.chinaMidnightUnixTime)
                written = true
                // Checked as run checks its workbooks: a part cut short is no output.
                try OutputFile.checkWorkbook(at: url, name: output)
            } catch {
                if written { try? FileManager.default.removeItem(at: url) }
                let failure = OutputWriteError.wrapping(error, file: output)
                Failure.stderr("bulletin: 无法写出 \((failure as? LocalizedError)?.errorDescription ?? "\(output)（\(error)）")")
                throw ExitCode(73)
            }
            Failure.stderr(
                "bulletin: 已写出 \(output)：\(only.name) \(report.campaign.issueText(report.week)) 报送文件 \(corrections.files.count) 个，错误 \(corrections.errors) 个、警告 \(corrections.warnings) 个")
        }
        if items.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
    }

    /// `--missing [--at T]`: the chase list at a moment (the wall clock by default: this is a
    /// console report, never an output file).
    func runMissing() throws {
        let moment: ReceiptTime
        if let at {
            let year = ChaseList.chinaTime(unix: Int(Date().timeIntervalSince1970)).day.year
            guard let parsed = DateParser.parseReceipt(at, defaultYear: year) else {
                throw ValidationError("--at 应为 \"YYYY-MM-DD HH:MM\"（北京时间），如 \"2021-09-03 14:00\"：\(at)")
            }
            moment = parsed
        } else {
            moment = ChaseList.chinaTime(unix: Int(Date().timeIntervalSince1970))
        }
        let input = URL(fileURLWithPath: options.input)
        var campaign: Campaign
        if let week = try options.parsedWeek() {
            campaign = try Failure.mapping { try Campaign.load(input: input, week: week) }
        } else {
            // The week whose report collects T's day: a day after its ISO week's report date
            // (a Friday after a Thursday report) is chased in the next week, when there is one.
            let week = ISOWeek(containing: moment.day)
            campaign = try Failure.mapping { try Campaign.load(input: input, week: week) }
            if moment.day > campaign.plan(for: week).reportDate(of: week),
                let next = try? Campaign.load(input: input, week: week.next)
            {
                campaign = next
            }
        }
        let source = try Failure.mapping { try ChaseList.template(input: input) }
        let text = try Failure.mapping { () throws -> String in
            try TemplateLocator.validate(source)
            return try TemplateLocator.text(of: source.data(), path: source.displayPath)
        }
        var (list, report) = ChaseList.at(moment, campaign: campaign, jobs: try options.jobCount())
        if let unit {
            guard let u = campaign.roster.unit(named: unit) else {
                throw ValidationError("--unit「\(unit)」不在单位名册中（可用全称或简称）")
            }
            list.items = list.items.filter { $0.unit == u.index }
        }
        print(try Failure.mapping { try ChaseList.render(list, report: report, template: text, path: source.displayPath) }, terminator: "")
        if !list.items.isEmpty { throw ExitCode(1) }
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
