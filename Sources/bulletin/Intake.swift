import ArgumentParser
import BulletinCore
import Foundation

struct IntakeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake",
        abstract: "收文：把从微信、QQ、邮箱下载的报送文件按表格、单位、日期改名复制到 input/<周>/ 下，并在 报送登记.csv 中登记收到时间。",
        discussion: """
            每个文件输出一行：原文件 → 放入的位置（表格、单位、台账日期、收到时间），或未放入的原因；最后一行为合计。
            原文件不移动、不修改。同一文件再收一次不重复放入；同名的不同文件依次存为 _2、_3…。
            退出码：0 全部放入或已收；1 有文件未放入；64 参数有误；65 名册有误；66 文件或输入文件夹不存在；73 无法写入。
            """,
        helpNames: [])

    @OptionGroup var flags: HelpFlags

    @Argument(help: ArgumentHelp("收到的文件或文件夹（文件夹中的文件逐个处理）。", valueName: "文件或文件夹"))
    var sources: [String] = []

    @Option(name: .customLong("input"), help: ArgumentHelp("输入文件夹（默认：input）。", valueName: "folder"))
    var input: String = "input"

    @Option(name: .customLong("output"), help: ArgumentHelp("run 的输出文件夹（默认：output）：收文时与同一周的 run 互斥。", valueName: "folder"))
    var output: String = "output"

    @Option(name: .long, help: "放入这一周（ISO 周，如 2021-W36；默认：收到时间所在的周）。")
    var week: String?

    @Option(name: .long, help: ArgumentHelp("收到时间（北京时间，\"YYYY-MM-DD HH:MM\"；默认：文件的修改时间）。", valueName: "time"))
    var at: String?

    @Flag(name: .long, help: "只列出将如何处理，不复制、不登记。")
    var dryRun = false

    /// For the end-to-end test of an interrupted intake only: `BULLETIN_INTAKE_STOP=<step>:<n>`
    /// ends the process abruptly (as a kill would) at that step of the n-th copy.
    static let stopForTests: (@Sendable (IntakeStep, Int) -> Void)? = {
        guard let spec = ProcessInfo.processInfo.environment["BULLETIN_INTAKE_STOP"] else { return nil }
        let parts = spec.split(separator: ":")
        guard let step = parts.first.flatMap({ IntakeStep(rawValue: String($0)) }) else { return nil }
        let n = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        return { s, i in if s == step && i == n { _exit(9) } }
    }()

    func validate() throws {
        try flags.handle(self)
        if sources.isEmpty { throw ValidationError("请给出收到的文件或文件夹，如：bulletin intake 下载文件夹") }
        _ = try parsedWeek()
        _ = try parsedAt()
    }

    func parsedWeek() throws -> ISOWeek? {
        guard let week else { return nil }
        guard let parsed = ISOWeek(week.uppercased()) else { throw ValidationError("--week 应为 ISO 周，如 2021-W36：\(week)") }
        return parsed
    }

    func parsedAt() throws -> ReceiptTime? {
        guard let at else { return nil }
        let year = Intake.chinaMinute(unix: Int(Date().timeIntervalSince1970)).day.year
        guard let parsed = DateParser.parseReceipt(at, defaultYear: year) else {
            throw ValidationError("--at 应为 \"YYYY-MM-DD HH:MM\"（北京时间），如 \"2021-09-03 14:00\"：\(at)")
        }
        return parsed
    }

    func run() throws {
        // A path that is not there is a mistyped argument, not a file to list.
        for source in sources where !FileManager.default.fileExists(atPath: source) {
            Failure.stderr("bulletin: 找不到收到的文件或文件夹：\(source)")
            throw ExitCode(66)
        }
        let request = IntakeRequest(
            sources: sources.map { URL(fileURLWithPath: $0) }, input: URL(fileURLWithPath: input),
            output: URL(fileURLWithPath: output), week: try parsedWeek(), at: try parsedAt(), dryRun: dryRun)
        let items = try Failure.mapping { try Intake.run(request, stop: Self.stopForTests) }
        var placed = 0, already = 0, left = 0
        for item in items {
            let name = item.source
            switch item.outcome {
            case .placed, .alreadyThere:
                // Already there: its time is the one logged then, not this file's.
                let received = item.outcome == .placed ? item.received.map { "收到 \($0)" } : nil
                let details = [item.form, item.unit, item.day.map { "\($0)" }, received].compactMap { $0 }
                let note: String
                if item.outcome == .placed {
                    placed += 1
                    note = dryRun ? "（将放入）" : ""
                } else {
                    already += 1
                    note = "（与已收文件相同，未重复放入）"
                }
                print("\(name) → \(item.path ?? "")\(note)：\(details.joined(separator: "，"))")
            case .left(let why):
                left += 1
                print("\(name)：未放入（\(why)）")
            }
        }
        print("共 \(items.count) 个文件：\(dryRun ? "将放入" : "放入") \(placed) 个，已收 \(already) 个，未放入 \(left) 个\(dryRun ? "（试运行，未做任何改动）" : "")")
        if left > 0 { throw ExitCode(1) }
    }
}
