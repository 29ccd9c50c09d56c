import Foundation
import Testing
@testable import BulletinCore

/// Every input a fuzzer ever crashed on (Tests/Fixtures/fuzz/<target>/, kept by
/// scripts/fuzz.sh) replayed through the same checks as the fuzz targets in Fuzz/.
@Suite struct FuzzRegressionTests {
    static func inputs(_ target: String) -> [Data] {
        let folder = Fixtures.root.appendingPathComponent("fuzz/\(target)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().compactMap { try? Data(contentsOf: folder.appendingPathComponent($0)) }
    }

    @Test func csv() {
        for data in Self.inputs("csv") {
            for kind in FormRegistry.standard.kinds {
                var findings: [Finding] = []
                TableReader.read(data, kind: kind, file: "f.csv", unit: "区税务局", findings: &findings) { row in
                    #expect(row.row >= 1 && row.line >= row.row)
                }
            }
        }
    }

    @Test func date() {
        for data in Self.inputs("date") {
            let text = String(decoding: data, as: UTF8.self)
            if case .success(let day) = DateParser.parse(text, defaultYear: 2021) {
                #expect((1900...2999).contains(day.year), "\(text.debugDescription) → \(day)")
            }
            _ = DateParser.parseReceipt(text, defaultYear: 2021)
        }
        #expect(!Self.inputs("date").isEmpty)
    }

    @Test func codes() {
        for data in Self.inputs("codes") {
            let text = String(decoding: data, as: UTF8.self)
            if case .valid(let code, _) = CreditCode.check(text) {
                #expect(code.utf8.count == 18)
                #expect(CreditCode.check(code) == .valid(code: code, normalised: false))
            }
            _ = PhoneRule.check(text, areaCode: "0533")
        }
    }

    @Test func plan() throws {
        let week = try #require(ISOWeek("2021-W35"))
        for data in Self.inputs("plan") {
            _ = try? PlanLoader.plans(base: ("plan.yaml", String(decoding: data, as: UTF8.self)), overlays: [], weeks: [week])
        }
    }
}
