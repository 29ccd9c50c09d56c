import Foundation
import Testing
@testable import BulletinCore

/// Issue 20 point 5: a finding code's facts are one row of `FindingCode.facts`; every row is
/// complete. (docs/finding-codes.md against the table: `GoldenTests.findingCodesReferenceIsCurrent`;
/// against `bulletin codes`: `ReadingTests`.)
@Suite struct FindingCodeTests {
    static func isChinese(_ s: String) -> Bool {
        s.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF }
    }

    @Test(arguments: FindingCode.allCases)
    func everyRowIsComplete(_ code: FindingCode) {
        let facts = code.facts
        #expect(Self.isChinese(facts.title), "\(code.rawValue): a Chinese title")
        #expect(facts.title == facts.title.trimmingCharacters(in: .whitespacesAndNewlines))
        // nil says on purpose that the code's messages explain it alone; a tip says something.
        if let tip = facts.tip {
            #expect(Self.isChinese(tip) && tip.count >= 10, "\(code.rawValue): a Chinese tip, or none")
            #expect(!tip.contains("|"), "\(code.rawValue): the reference's table cell")
        }
        #expect(FindingScope.allCases.contains(facts.scope))
        // What a warning does; `.notCounted` is an error's, whatever the code.
        #expect(facts.warningEffect != .notCounted, "\(code.rawValue)")
        #expect(FindingEffect.of(code, severity: .error) == .notCounted)
        #expect(FindingEffect.of(code, severity: .warning) == facts.warningEffect)
        #expect(code.defaultSeverity == facts.severity && code.title == facts.title)
    }

    /// A 说明 sheet and 数据问题清单 tell codes apart by title.
    @Test func titlesAreDistinct() {
        let titles = FindingCode.allCases.map(\.facts.title)
        #expect(Set(titles).count == titles.count)
    }

    /// The reference's prose names by hand the codes whose warnings do not simply count their
    /// row; a code added with such an effect must be named there too.
    @Test func theReferenceNamesEveryWarningThatIsNotCounted() {
        let text = FindingReference.markdown()
        guard let engineers = text.range(of: "## For engineers") else {
            Issue.record("no For engineers section")
            return
        }
        let prose = String(text[engineers.upperBound...])
        for code in FindingCode.allCases where code.facts.warningEffect != .counted {
            #expect(prose.contains("`\(code.rawValue)`"), "\(code.rawValue)")
        }
    }

    /// Quota codes come from the counts (`Shortfalls`), never from reading a file; the week's
    /// findings (数据问题清单, 退回修改) hold none.
    @Test(arguments: ["2024-W10", "2024-W11"])
    func quotaCodesAreTheShortfalls(_ week: String) throws {
        let report = ReportBuilder.build(try Fixtures.campaign(week))
        let shortfalls = Shortfalls.findings(report)
        #expect(!shortfalls.isEmpty)
        #expect(shortfalls.allSatisfy { $0.code.facts.scope == .quota })
        #expect(!report.findings.isEmpty)
        #expect(report.findings.allSatisfy { $0.code.facts.scope != .quota })
    }
}
