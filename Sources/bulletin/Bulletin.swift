import ArgumentParser
import BulletinCore
import Foundation

@main
struct Bulletin: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bulletin",
        abstract: "营商环境活动周通报工具：读取各单位报送的 CSV，核对任务数，生成附件表格和周通报。",
        discussion: """
            Exit codes:
              0   ok
              1   findings: errors or shortfalls to report (check only)
              64  bad arguments (an unknown option, a malformed or unknown week)
              65  plan.yaml, the roster or the bulletin template unreadable or invalid
              66  input folder, its week folders or the bulletin template missing
              73  output folder not writable
            """,
        version: BulletinVersion.string,
        subcommands: [Run.self, Check.self, Verify.self, Codes.self],
        defaultSubcommand: Run.self
    )
}

/// Options shared by the subcommands that read an input tree.
struct InputOptions: ParsableArguments {
    @Option(name: .long, help: "The input folder (plan.yaml, roster/, week folders).")
    var input: String = "input"

    @Option(name: .long, help: "The ISO week to report, e.g. 2021-W36 (default: the latest week folder).")
    var week: String?

    @Option(name: .long, help: "Files read and workbooks written at once (default: the number of cores); the outputs do not depend on it.")
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
