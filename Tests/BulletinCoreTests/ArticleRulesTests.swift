import Testing
@testable import BulletinCore

/// The 宣传稿件统计表 rules on the 临江 fixture tree (another district, year and quotas
/// than the demo): each bad row reported at its file, line and column with its code.
@Suite struct ArticleRulesTests {
    /// The ledger findings on the same tree are LedgerRulesTests' business.
    func articleFindings(_ report: WeekReport) -> [Finding] {
        report.findings.filter { !$0.file.contains("/\(SubmissionKind.ledger.folder)/") }
    }

    @Test func week10Findings() throws {
        let report = ReportBuilder.build(try Fixtures.campaign("2024-W10"))
        let dir = "2024-W10/宣传稿件统计表/"
        #expect(
            articleFindings(report).spots == [
                Spot(dir + "区发改局.csv", 7, "链接", .badLink),
                Spot(dir + "区税务局.csv", 4, "媒体级别", .levelMismatch),
                Spot(dir + "区税务局.csv", 5, "发布媒体", .unknownMedium),
                Spot(dir + "区税务局.csv", 5, "发布日期", .dateAfterReport),
                Spot(dir + "区司法局.csv", 2, "链接", .duplicateArticle),
                Spot(dir + "区司法局.csv", 3, "稿件标题", .missingCell),
                Spot(dir + "区档案馆.csv", 1, "", .unknownUnitFile),
            ])
        let warnings = articleFindings(report).filter { $0.severity == .warning }.map(\.code)
        #expect(Set(warnings) == [.unknownMedium, .duplicateArticle])
    }

    @Test func week11Findings() throws {
        let report = ReportBuilder.build(try Fixtures.campaign("2024-W11"))
        let dir = "2024-W11/宣传稿件统计表/"
        #expect(
            articleFindings(report).spots == [
                Spot(dir + "区发展和改革局.csv", 1, "发布日期", .missingColumn),
                Spot(dir + "区税务局_第2周.csv", 2, "稿件标题", .duplicateArticle),
                Spot(dir + "区税务局_第2周.csv", 3, "链接", .badLink),
                Spot(dir + "区税务局_第2周.csv", 5, "单位名称", .foreignUnit),
                Spot("2024-W11/报送登记.csv", 4, "文件", .receiptUnknownFile),
            ])
    }

    @Test func duplicateNamesTheFirstReport() throws {
        let report = ReportBuilder.build(try Fixtures.campaign("2024-W11"))
        let dup = try #require(report.articles.duplicates.first)
        #expect(dup.first.file == "2024-W10/宣传稿件统计表/区税务局.csv")
        #expect(dup.first.line == 2)
        #expect(!dup.sameLink)
    }

    @Test func withinAWeekTheUnitFirstInTheRosterReportsFirst() throws {
        // 区司法局's own file repeats the article 区发改局 compiled for it; 区发改局 comes first
        // in units.csv, so its row counts and 区司法局's own row is the duplicate.
        let report = ReportBuilder.build(try Fixtures.campaign("2024-W10"))
        let dup = try #require(report.articles.duplicates.first { $0.file.hasSuffix("区司法局.csv") })
        #expect(dup.first.file == "2024-W10/宣传稿件统计表/区发改局.csv")
        #expect(dup.first.line == 8)
        #expect(dup.sameLink)
    }

    @Test func unknownMediumCountsAtDistrictLevel() throws {
        let report = ReportBuilder.build(try Fixtures.campaign("2024-W10"))
        let levels = report.articles.articles.filter { $0.medium == "临江晚报" }.map(\.level)
        // that row also breaks the date rule, so it is not counted at all
        #expect(levels.isEmpty)
        #expect(report.articles.totalsByLevel[.district] == 3)
    }
}
