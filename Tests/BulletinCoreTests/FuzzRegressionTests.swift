import Foundation
import Testing
@testable import BulletinCore

/// Every input a fuzzer ever crashed on (Tests/Fixtures/fuzz/<target>/<name>, kept by
/// scripts/fuzz.sh), replayed through the same checks as its fuzz target in Fuzz/. One test
/// case per kept input: a target without crash inputs has no case to pass vacuously.
@Suite struct FuzzRegressionTests {
    struct Input: Sendable, CustomStringConvertible {
        var target: String
        var name: String
        var data: Data
        var description: String { "\(target)/\(name)" }
    }

    static let inputs: [Input] = {
        let root = Fixtures.root.appendingPathComponent("fuzz")
        let fm = FileManager.default
        return ((try? fm.contentsOfDirectory(atPath: root.path)) ?? []).sorted().flatMap { target in
            let folder = root.appendingPathComponent(target)
            return ((try? fm.contentsOfDirectory(atPath: folder.path)) ?? []).sorted().compactMap { name in
                (try? Data(contentsOf: folder.appendingPathComponent(name))).map { Input(target: target, name: name, data: $0) }
            }
        }
    }()

    @Test func theCrashFolderIsRead() {
        #expect(Self.inputs.contains { $0.target == "date" && $0.name == "serial-1-was-1899" })
    }

    @Test(arguments: inputs)
    func replay(_ input: Input) throws {
        let text = String(decoding: input.data, as: UTF8.self)
        switch input.target {
        case "csv":
            for kind in FormRegistry.standard.kinds {
                var findings: [Finding] = []
                TableReader.read(input.data, kind: kind, file: "f.csv", unit: "区税务局", findings: &findings) { row in
                    #expect(row.row >= 1 && row.line >= row.row)
                }
            }
        case "date":
            if case .success(let day) = DateParser.parse(text, defaultYear: 2021) {
                #expect((1900...2999).contains(day.year), "\(text.debugDescription) → \(day)")
            }
            _ = DateParser.parseReceipt(text, defaultYear: 2021)
        case "codes":
            if case .valid(let code, _) = CreditCode.check(text) {
                #expect(code.utf8.count == 18)
                #expect(CreditCode.check(code) == .valid(code: code, normalised: false))
            }
            _ = PhoneRule.check(text, areaCode: "0533")
        case "plan":
            let week = try #require(ISOWeek("2021-W35"))
            _ = try? PlanLoader.plans(base: ("plan.yaml", text), overlays: [], weeks: [week])
        case "xlsx":
            // Kept inputs are whole workbooks: an input the target took as bare sheet XML is to
            // be kept packed as the sheet of a workbook (FuzzXLSX's `wrap`), not as found.
            for kind in FormRegistry.standard.kinds {
                var findings: [Finding] = []
                TableReader.read(XLSXSource(data: input.data, preferring: [kind.folder]), kind: kind, file: "f.xlsx", unit: "区税务局", findings: &findings) { row in
                    #expect(row.line == row.row && (1...1_048_576).contains(row.row))
                }
            }
        default:
            Issue.record("no fuzz target \(input.target)")
        }
    }
}
