import ArgumentParser
import BulletinCore

struct Codes: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Prints the reference of every finding code (the source of docs/finding-codes.md).")

    func run() throws {
        print(FindingReference.markdown(), terminator: "")
    }
}
