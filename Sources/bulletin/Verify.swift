import ArgumentParser
import BulletinCore
import Foundation

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "审计核验：重新生成某一周，与 output/<周>/ 逐字节比较，并列出自那以后新增、改动或删除的输入文件。",
        discussion: "Exit 0 when every checked week is identical, 1 with the differences listed.")

    @OptionGroup var options: InputOptions

    @Option(name: .long, help: "The output folder holding the circulated weeks.")
    var output: String = "output"

    @Option(name: .long, help: "The bulletin template (as for run).")
    var template: String?

    @Flag(name: .long, help: "Every week folder in the output folder.")
    var all = false

    func run() throws {
        let outputURL = URL(fileURLWithPath: output)
        var weeks: [ISOWeek?] = []
        if all {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []
            weeks = names.compactMap(ISOWeek.init).sorted()
            guard !weeks.isEmpty else { throw ValidationError("\(output) 中没有已生成的周（如 2021-W35）") }
        } else {
            weeks = [try options.parsedWeek()]
        }
        let jobs = try options.jobCount()
        var identical = true
        for requested in weeks {
            let campaign = try Failure.mapping { try Campaign.load(input: URL(fileURLWithPath: options.input), week: requested) }
            let week = campaign.week
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("bulletin-verify-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: scratch) }
            let report = ReportBuilder.build(campaign, jobs: jobs)
            _ = try Failure.mapping {
                try OutputWriter.write(
                    report, to: scratch, template: TemplateLocator.ready(explicit: template, input: URL(fileURLWithPath: options.input)),
                    jobs: jobs)
            }
            let circulated = outputURL.appendingPathComponent(week.description)
            guard FileManager.default.fileExists(atPath: circulated.path) else {
                print("\(week)：\(circulated.path) 不存在")
                identical = false
                continue
            }
            let result = try Verifier.compare(week: week, circulated: circulated, fresh: scratch.appendingPathComponent(week.description))
            if result.isIdentical {
                print("\(week)：一致（重新生成的全部文件与 \(circulated.path) 逐字节相同，输入文件未变）")
                continue
            }
            identical = false
            print("\(week)：不一致")
            for item in result.inputs { print("  输入\(item.change.rawValue)：\(item.path)") }
            for item in result.outputs { print("  输出\(item.change.rawValue)：\(item.path)") }
        }
        if !identical { throw ExitCode(1) }
    }
}
