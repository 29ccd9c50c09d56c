import Foundation
import Testing
@testable import BulletinCore

/// The one unit-name matcher behind `bulletin intake` and the scanner's misnamed files.
@Suite struct UnitNameMatcherTests {
    static func roster(_ rows: [(String, UnitType, String?)]) -> Roster {
        var roster = Roster()
        for (name, type, alias) in rows {
            let unit = RosterUnit(index: roster.units.count, name: name, type: type, alias: alias)
            roster.units.append(unit)
            _ = roster.register(unit)
        }
        return roster
    }

    static let boshan = roster([
        ("区商务局", .lead, nil),
        ("区水利局", .lead, nil),
        ("区住房和城乡建设局", .lead, "区住建局"),
        ("区市场监管局", .lead, nil),
        ("市场监管局", .responsible, nil),
        ("山头街道", .town, nil),
        ("区法院", .lead, nil),
    ])

    func names(_ text: String) -> [String] {
        UnitNameMatcher(roster: Self.boshan).candidates(in: text).map { Self.boshan.units[$0].name }
    }

    @Test func fullNameAliasAndPrefixStripped() {
        #expect(names("区商务局") == ["区商务局"])
        #expect(names("附件3 宣传稿件统计表（区商务局）") == ["区商务局"])
        #expect(names("商务局第3周") == ["区商务局"])
        #expect(names("水利局第三周宣传稿件") == ["区水利局"])
        #expect(names("住建局样本表") == ["区住房和城乡建设局"])
        #expect(names("区住建局") == ["区住房和城乡建设局"])
        #expect(names("法院") == ["区法院"])
    }

    @Test func downloadCopiesStillMatch() {
        #expect(names("区商务局(1)") == ["区商务局"])
        #expect(names("区商务局（2）") == ["区商务局"])
        #expect(names("山头街道8.31台账(1)") == ["山头街道"])
    }

    @Test func twoUnitsAreAmbiguous() {
        #expect(names("商务局水利局联合报送") == ["区商务局", "区水利局"])
        let matcher = UnitNameMatcher(roster: Self.boshan)
        #expect(FileNameUnit.of(stem: "商务局水利局", roster: Self.boshan, matcher: matcher) == .ambiguous([0, 1]))
    }

    /// A name inside a longer one is part of it: `区市场监管局` is not also 市场监管局.
    @Test func longerNameWins() {
        #expect(names("区市场监管局宣传稿件") == ["区市场监管局"])
        #expect(names("市场监管局宣传稿件") == ["市场监管局"])
    }

    @Test func nothingMatches() {
        #expect(names("附件3 宣传稿件统计表") == [])
        #expect(names("IMG_2041") == [])
    }

    @Test func contractNamesComeFirst() {
        let matcher = UnitNameMatcher(roster: Self.boshan)
        #expect(FileNameUnit.of(stem: "山头街道_2021-08-31", roster: Self.boshan, matcher: matcher) == .exact(unit: 5, suffix: "2021-08-31"))
        #expect(FileNameUnit.of(stem: "区住建局", roster: Self.boshan, matcher: matcher) == .exact(unit: 2, suffix: ""))
        #expect(FileNameUnit.of(stem: "附件3_区商务局", roster: Self.boshan, matcher: matcher) == .contained(unit: 0))
        #expect(FileNameUnit.of(stem: "说明", roster: Self.boshan, matcher: matcher) == .none)
    }

    @Test func daysInNames() {
        let matcher = UnitNameMatcher(roster: Self.boshan)
        func day(_ stem: String) -> String? { FileProbe.dayInName(stem, matcher: matcher, defaultYear: 2021).map { "\($0)" } }
        #expect(day("山头街道8.31台账") == "2021-08-31")
        #expect(day("山头街道_2021-08-31") == "2021-08-31")
        #expect(day("山头街道9月1日走访台账(1)") == "2021-09-01")
        #expect(day("山头街道0902") == "2021-09-02")
        #expect(day("山头街道20210903") == "2021-09-03")
        #expect(day("山头街道台账(1)") == nil)
    }
}
