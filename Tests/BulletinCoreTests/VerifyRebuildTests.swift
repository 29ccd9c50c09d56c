import Foundation
import Synchronization
import Testing
@testable import BulletinCore

/// `verify --all` writes every week again from one reading of the inputs, as `run --all`
/// does (`Verifier.rebuild`): each file is opened once, and each week is the report its own
/// run gives.
@Suite struct VerifyRebuildTests {
    final class Opens: Sendable {
        private let counts = Mutex<[String: Int]>([:])
        func opener(within root: URL) -> RowSource.Opener {
            let open = RowSource.opener(within: root)
            return { file in
                self.counts.withLock { $0[file.path, default: 0] += 1 }
                return open(file)
            }
        }
        var value: [String: Int] { counts.withLock { $0 } }
    }

    @Test func everyWeekAndTheSummaryFromOneReadingOfEachFile() throws {
        let input = Fixtures.linjiang
        let weeks = try Campaign.weeksToReport(input: input)
        #expect(weeks.map(\.description) == ["2024-W10", "2024-W11", "2024-W12"])
        let opens = Opens()
        var rebuilt: [WeekReport] = []
        let summary = try Verifier.rebuild(input: input, weeks: weeks, summary: true, jobs: 2, open: opens.opener(within: input)) {
            rebuilt.append($0)
        }
        // Each file opened once, and the files run --all reads: those of the last week's run.
        #expect(opens.value.values.allSatisfy { $0 == 1 }, "\(opens.value.filter { $0.value != 1 })")
        let plain = Opens()
        _ = SubmissionReader.read(try Campaign.load(input: input, week: weeks.last), jobs: 2, open: plain.opener(within: input))
        #expect(opens.value == plain.value)
        #expect(opens.value.count > 20)

        // Each week as its own run assembles it.
        #expect(rebuilt.map(\.week) == weeks)
        for report in rebuilt {
            let own = ReportBuilder.build(try Campaign.load(input: input, week: report.week), jobs: 2)
            #expect(try Summary(report).json() == Summary(own).json(), "\(report.week)")
            #expect(report.findings == own.findings, "\(report.week)")
            #expect(report.inputDigests == own.inputDigests, "\(report.week)")
        }
        // And 总结/ as run --all sums it up.
        let top = try Campaign.load(input: input, week: weeks.last)
        let results = SubmissionReader.read(top, jobs: 2)
        var builder = try #require(CampaignSummary.lastWeek(of: top).map(CampaignSummaryBuilder.init(lastWeek:)))
        for week in weeks { builder.add(ReportBuilder.assemble(week == top.week ? top : top.restricted(to: week), results: results)) }
        let expected = try #require(builder.build())
        let got = try #require(summary)
        #expect(try CampaignSummaryJSON(got).json() == CampaignSummaryJSON(expected).json())
    }

    /// Only the weeks asked for are handed over; without the summary none is made; a week
    /// neither in the plan nor in the input throws as a run for it would.
    @Test func onlyTheWeeksAskedForAndAnUnknownWeekThrows() throws {
        let input = Fixtures.linjiang
        var seen: [String] = []
        let summary = try Verifier.rebuild(input: input, weeks: [try #require(ISOWeek("2024-W11"))], summary: false, jobs: 2) {
            seen.append($0.week.description)
        }
        #expect(seen == ["2024-W11"])
        #expect(summary == nil)
        #expect(throws: RunError.self) {
            _ = try Verifier.rebuild(input: input, weeks: [try #require(ISOWeek("2024-W10")), try #require(ISOWeek("2030-W01"))],
                                     summary: false, jobs: 2) { _ in }
        }
    }
}
