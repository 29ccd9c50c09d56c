import ArgumentParser
import BulletinCore

struct Codes: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "列出全部问题代码及其含义（docs/finding-codes.md 由此生成）。",
        helpNames: [])

    @OptionGroup var flags: HelpFlags

    func validate() throws { try flags.handle(self) }

    func run() throws {
        print(FindingReference.markdown(), terminator: "")
    }
}
