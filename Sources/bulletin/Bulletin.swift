import ArgumentParser
import BulletinCore
import Foundation

@main
struct Bulletin: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bulletin",
        abstract: "营商环境活动周通报工具：读取各单位报送的 CSV，核对任务数，生成附件表格和周通报。",
        discussion: """
            退出码：
              0   完成
              1   有错误或任务缺口需要报告（check、verify），或有文件未放入（intake）
              64  参数有误（未知选项、周格式不对或不存在、输出文件夹与输入文件夹重叠）
              65  plan.yaml、名册或通报模板无法读取或有误
              66  输入文件夹、周文件夹或通报模板不存在
              73  输出文件夹无法写入
            """,
        subcommands: [Run.self, Check.self, Verify.self, IntakeCommand.self, Codes.self],
        defaultSubcommand: Run.self
    )
}

/// `-h/--help` and `--version` with Chinese help: each subcommand turns the parser's own
/// (English) help flag off (`helpNames: []`) and takes these instead. The root command's
/// page keeps the parser's flag; `bulletin --version` reaches `run`'s.
struct HelpFlags: ParsableArguments {
    @Flag(name: [.customShort("h"), .long], help: "显示本帮助。")
    var help = false

    @Flag(name: .long, help: "显示版本号。")
    var version = false

    func handle<C: ParsableCommand>(_ command: C) throws {
        if help { throw CleanExit.helpRequest(command) }
        if version { throw CleanExit.message(BulletinVersion.string) }
    }
}

/// The office's templates, for `run` and `verify` (which writes what `run` wrote).
struct TemplateOptions: ParsableArguments {
    @Option(name: .long, help: "通报模板（默认：输入文件夹旁的 templates/周通报.txt，没有则用内置模板）。")
    var template: String?

    @Option(name: .long, help: ArgumentHelp("与 --all 一起用：活动总结模板（默认：输入文件夹旁的 templates/活动总结.txt，没有则用内置模板）。", valueName: "file"))
    var summaryTemplate: String?

    /// The bulletin template, located and checked (with its docx style and the 催报名单 template).
    func bulletin(input: URL) throws -> TemplateSource {
        try Failure.mapping { try TemplateLocator.ready(explicit: template, input: input) }
    }

    func summary(input: URL) throws -> TemplateSource {
        try Failure.mapping { try TemplateLocator.ready(explicit: summaryTemplate, input: input, kind: .summary) }
    }
}

/// Options shared by the subcommands that read an input tree.
struct InputOptions: ParsableArguments {
    @Option(name: .customLong("input"), help: ArgumentHelp("输入文件夹（含 plan.yaml、roster/ 和各周文件夹；默认：input）。", valueName: "folder"))
    var inputOption: String?

    var input: String { inputOption ?? "input" }

    @Option(name: .long, help: "要统计的周（ISO 周，如 2021-W36；默认：最新的活动周文件夹）。")
    var week: String?

    @Option(name: .long, help: "同时读取的文件数和同时写出的表格数（默认：CPU 核数）；不影响输出内容。")
    var jobs: Int?

    func jobCount() throws -> Int {
        guard let jobs else { return Parallel.defaultJobs }
        guard (1...256).contains(jobs) else { throw ValidationError("--jobs 应为 1 到 256 之间的整数：\(jobs)") }
        return jobs
    }

    func parsedWeek() throws -> ISOWeek? {
        guard let week else { return nil }
        guard let parsed = ISOWeek(week.uppercased()) else {
            throw ValidationError("--week 应为 ISO 周，如 2021-W36：\(week)")
        }
        return parsed
    }

    func loadCampaign() throws -> Campaign {
        let week = try parsedWeek()
        return try Failure.mapping { try Campaign.load(input: URL(fileURLWithPath: input), week: week) }
    }
}

enum Failure {
    /// Maps run-stopping errors to the documented exit codes, printing the Chinese message.
    static func mapping<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PlanError {
            stderr("bulletin: 计划文件错误：\(error.localizedDescription)")
            throw ExitCode(65)
        } catch let error as RosterError {
            stderr("bulletin: 名册错误：\(error.localizedDescription)")
            throw ExitCode(65)
        } catch let error as TemplateError {
            stderr("bulletin: \(error.localizedDescription)")
            throw ExitCode(error.missing ? 66 : 65)
        } catch let error as RunError {
            stderr("bulletin: \(error.localizedDescription)")
            switch error {
            case .inputMissing: throw ExitCode(66)
            case .weekNotFound: throw ExitCode(64)
            case .outputNotWritable: throw ExitCode(73)
            case .outputOverlapsInput: throw ExitCode(64)
            }
        }
    }

    static func stderr(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
