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
              73  输出文件夹无法写入，或输出未能写完（磁盘空间不足、文件超过大小限制、输入在运行中被改动）：未发布任何输出
            """,
        subcommands: [Run.self, Check.self, Verify.self, IntakeCommand.self, Codes.self],
        defaultSubcommand: Run.self
    )

    /// The parser's own messages are English (`Error: Unknown option '--bogus'`, `Usage: …`):
    /// a parse error is printed in Chinese here, `错误：…` and `用法：…`, with the parser's
    /// exit code (64). Help, `--version` and the commands' own failures are as before.
    static func main() {
        let sources = Signals.install()
        withExtendedLifetime(sources) { mainInChinese() }
    }

    static func mainInChinese() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        var command: ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            let code = exitCode(for: error)
            guard code != .success else { exit(withError: error) }
            let subcommand = CLIMessages.subcommand(arguments, among: configuration.subcommands) ?? Run.self
            var usage = usageString(for: subcommand).trimmingCharacters(in: .whitespacesAndNewlines)
            if usage.isEmpty { usage = "bulletin run [选项]" }
            let name = subcommand._commandName
            Failure.stderr("错误：\(CLIMessages.chinese(message(for: error)))")
            Failure.stderr("用法：\(usage)")
            Failure.stderr("　　　bulletin \(name) --help 显示全部选项。")
            Foundation.exit(code.rawValue)
        }
        do {
            try command.run()
        } catch {
            // A command's own ValidationError (thrown from run) is an argument error too.
            let code = exitCode(for: error)
            let text = message(for: error)
            guard !(error is ExitCode), code == .validationFailure, !text.isEmpty else { exit(withError: error) }
            let subcommand = type(of: command)
            Failure.stderr("错误：\(CLIMessages.chinese(text))")
            Failure.stderr("用法：\(usageString(for: subcommand).trimmingCharacters(in: .whitespacesAndNewlines))")
            Failure.stderr("　　　bulletin \(subcommand._commandName) --help 显示全部选项。")
            Foundation.exit(code.rawValue)
        }
    }
}

/// The argument parser's English messages in Chinese.
enum CLIMessages {
    /// The subcommand the arguments name (the first argument that is a subcommand's name).
    static func subcommand(_ arguments: [String], among commands: [ParsableCommand.Type]) -> ParsableCommand.Type? {
        guard let first = arguments.first else { return nil }
        return commands.first { $0._commandName == first }
    }

    /// `Unknown option '--bogus'` → `未知选项 --bogus`; a message already in Chinese (the
    /// commands' own `ValidationError`s) is kept as it is.
    static func chinese(_ message: String) -> String {
        let text = message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message
        func quoted(_ s: Substring) -> [String] {
            s.split(separator: "'", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
        }
        let firstLine = text.split(separator: "\n", omittingEmptySubsequences: false).first ?? Substring(text)
        let q = quoted(firstLine)
        func option(_ synopsis: String) -> String { String(synopsis.split(separator: " ").first ?? Substring(synopsis)) }
        if firstLine.hasPrefix("Unknown option"), let o = q.first {
            let suggestion = q.count > 1 ? "（是否为 \(option(q[1]))？）" : ""
            return "未知选项 \(o)\(suggestion)"
        }
        if firstLine.hasPrefix("Missing value for"), let o = q.first { return "选项 \(option(o)) 缺少取值" }
        if firstLine.hasPrefix("Unexpected argument"), let a = q.first { return "多余的参数 \(a)" }
        if firstLine.contains("unexpected arguments") { return "多余的参数 \(q.joined(separator: "、"))" }
        if firstLine.hasPrefix("The value"), q.count >= 2 {
            let reason = firstLine.range(of: "': ").map { String(firstLine[$0.upperBound...]) } ?? ""
            return "选项 \(option(q[1])) 的取值 \(q[0]) 无效" + (reason.isEmpty ? "" : "：\(reason)")
        }
        if firstLine.hasPrefix("The option"), q.count >= 2 { return "选项 \(q[0]) 不带取值，却给了 \(q[1])" }
        if firstLine.hasPrefix("Missing expected argument"), let a = q.first { return "缺少参数 \(a)" }
        if firstLine.hasPrefix("Missing one of"), !q.isEmpty { return "缺少参数，应为其中之一：\(q.joined(separator: "、"))" }
        if firstLine.hasPrefix("Value to be set with") { return "同一选项给了两次：\(q.joined(separator: "、"))" }
        if firstLine.hasPrefix("Invalid option") { return "无效的选项 \(firstLine.dropFirst("Invalid option: ".count))" }
        if firstLine.hasPrefix("Missing required subcommand") { return "缺少子命令（run、check、verify、intake、codes）" }
        // Any other English message is shown after a Chinese lead, never alone.
        if firstLine.unicodeScalars.contains(where: { $0.value >= 0x4E00 && $0.value <= 0x9FFF }) { return text }
        return "参数有误（\(text)）"
    }
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
        } catch let error as OutputWriteError {
            stderr("bulletin: 无法写出 \(error.localizedDescription)；未发布任何输出，原有的输出文件夹保持不变，请处理后重新运行")
            throw ExitCode(73)
        } catch let error as ChangedDuringRun {
            stderr("bulletin: 输入文件 \(error.file) 在本次运行期间被改动，未发布任何输出（原有的输出文件夹保持不变）；请等报送文件不再变动后重新运行")
            throw ExitCode(73)
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
        // Never a trap: stderr may be a file past the size limit or on a full disk, and the
        // message is not worth the run's exit code (FileHandle.write(_:) traps on failure).
        try? FileHandle.standardError.write(contentsOf: Data((line + "\n").utf8))
    }
}
