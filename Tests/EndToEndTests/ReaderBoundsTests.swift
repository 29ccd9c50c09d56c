import Foundation
import TestTools
import Testing

/// The readers' bounds (issue 22 points 1–3, 6, 7, 10, 11; issue 21 points 5–7, 12): each
/// hostile submission is built by scripts/make_hostile_inputs.py, planted in a copy of the
/// fixture and run through the binary, which is killed when it outlives its time limit (the
/// test then fails) — the limit is the harness's, not a timed assertion.
@Suite(.serialized) struct ReaderBoundsTests {
    typealias E = EndToEndTests

    static let articles = "2024-W10/宣传稿件统计表/区税务局_补充"

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
        var timedOut: Bool
    }

    /// Runs the binary, killing it (SIGKILL) after `seconds`.
    static func run(within seconds: Double, _ arguments: [String]) throws -> Outcome {
        let child = try ChildProcess.run(E.binary, arguments, timeLimit: seconds)
        return Outcome(status: child.status, stdout: child.stdoutText, stderr: child.stderrText, timedOut: child.timedOut)
    }

    /// A case of scripts/make_hostile_inputs.py, built into a fresh folder.
    static func build(_ name: String) throws -> Data {
        let dir = try E.tempDir()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", E.repo.appendingPathComponent("scripts/make_hostile_inputs.py").path, dir.path, name]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "scripts/make_hostile_inputs.py \(name) failed")
        return try Data(contentsOf: dir.appendingPathComponent(name))
    }

    /// The fixture with `name` planted as 区税务局's extra article list (its extension kept).
    static func plant(_ name: String) throws -> (input: URL, path: String) {
        let input = try E.tempDir().appendingPathComponent("in")
        try FileManager.default.copyItem(at: E.fixture, to: input)
        let ext = name.hasSuffix(".csv") ? ".csv" : ".xlsx"
        let path = articles + ext
        try build(name).write(to: input.appendingPathComponent(path))
        return (input, path)
    }

    /// `check --format json` within `seconds`: the findings at the planted file.
    static func check(_ name: String, within seconds: Double) throws -> [[String: Any]] {
        let (input, path) = try plant(name)
        let r = try run(within: seconds, ["check", "--input", input.path, "--week", "2024-W10", "--format", "json"])
        #expect(!r.timedOut, "\(name): check was still running after \(Int(seconds)) s")
        #expect(r.status == 1, "\(name): \(r.stderr.prefix(500))")
        let rows = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
        return rows.filter { ($0["file"] as? String) == path.precomposedStringWithCanonicalMapping }
    }

    /// `run` within `seconds`: every output written, exit 0.
    static func runWeek(_ name: String, within seconds: Double) throws {
        let (input, _) = try plant(name)
        let out = try E.tempDir()
        let r = try run(within: seconds, ["run", "--input", input.path, "--output", out.path, "--week", "2024-W10", "--template", E.template])
        #expect(!r.timedOut, "\(name): run was still running after \(Int(seconds)) s")
        #expect(r.status == 0, "\(name): \(r.stderr.prefix(500))")
    }

    static func codes(_ rows: [[String: Any]]) -> [String] { rows.compactMap { $0["code"] as? String } }

    // MARK: issue 22

    @Test func aMillionCharacterNumberFormatUsedBy15000StylesIsAFindingNotWork() throws {
        let here = try Self.check("long-number-format.xlsx", within: 60)
        #expect(Self.codes(here) == ["number-format-too-long"], "\(Self.codes(here))")
    }

    @Test func aCellAtXFD1AboveOneCellRowsFollowsTheCellsPresent() throws {
        let here = try Self.check("xfd-and-rows.xlsx", within: 60)
        // The extra header cell is reported; each one-cell row is short of its required cells
        // (capped), and none is called shorter than the header.
        #expect(Self.codes(here).contains("unknown-column"))
        #expect(Self.codes(here).contains("findings-truncated"))
        #expect(!Self.codes(here).contains("ragged-row"))
        try Self.runWeek("xfd-and-rows.xlsx", within: 120)
    }

    @Test func aCellAtXFDInEveryRowCostsOneCell() throws {
        let here = try Self.check("xfd-every-row.xlsx", within: 90)
        // Each row's far cell lies past the header: a ragged row (capped), every article counted.
        #expect(Set(Self.codes(here)) == ["ragged-row", "findings-truncated"], "\(Set(Self.codes(here)))")
    }

    @Test func commentsSpreadOverManyChunksAreScannedOnce() throws {
        let here = try Self.check("comment-flood.xlsx", within: 30)
        #expect(here.isEmpty, "\(Self.codes(here))")  // its one row is valid and counts
    }

    @Test func aTokenPastTheBoundIsAFinding() throws {
        let here = try Self.check("over-long-token.xlsx", within: 30)
        #expect(Self.codes(here) == ["workbook-too-large"], "\(Self.codes(here))")
    }

    @Test func aSharedStringReferencedThousandsOfTimesInARowIsBounded() throws {
        let here = try Self.check("big-shared-string.xlsx", within: 60)
        #expect(Self.codes(here) == ["workbook-too-large"], "\(Self.codes(here))")
    }

    @Test func aHugeCSVCellIsCutBeforeItIsExpanded() throws {
        let here = try Self.check("huge-cell.csv", within: 60)
        #expect(Self.codes(here).contains("cell-too-long"), "\(Self.codes(here))")
        try Self.runWeek("huge-cell.csv", within: 120)
    }

    @Test func aThirtyMegabyteLineAndFiftyMegabytesOfNULs() throws {
        let line = try Self.check("one-line.csv", within: 60)
        #expect(Self.codes(line).contains("unknown-column"), "\(Self.codes(line))")
        #expect(line.count <= 1_001)
        try Self.runWeek("one-line.csv", within: 120)
        let nul = try Self.check("nul-bytes.csv", within: 60)
        #expect(Self.codes(nul) == ["missing-header"], "\(Self.codes(nul))")
        try Self.runWeek("nul-bytes.csv", within: 120)
    }

    @Test func twoPartsOfOneNameRefuseTheWorkbook() throws {
        let here = try Self.check("duplicate-parts.xlsx", within: 30)
        #expect(Self.codes(here) == ["damaged-workbook"], "\(Self.codes(here))")
    }

    @Test func anotherVisibleSheetOfTheFormIsNamed() throws {
        let here = try Self.check("second-sheet.xlsx", within: 30)
        #expect(Self.codes(here) == ["other-sheets-ignored"], "\(Self.codes(here))")
        #expect(here.first?["value"] as? String == "Sheet2")
    }

    // MARK: issue 21

    @Test func anInlineStringIsItsTextAloneAndAShownSheetIsVisible() throws {
        #expect(try Self.check("inline-with-value.xlsx", within: 30).isEmpty)
        #expect(try Self.check("state-show.xlsx", within: 30).isEmpty)
    }

    @Test func garbledTextHasItsOwnError() throws {
        for name in ["garbled-latin1.xlsx", "garbled-gbk.csv"] {
            let here = try Self.check(name, within: 30)
            #expect(Self.codes(here) == ["garbled-text"], "\(name): \(Self.codes(here))")
            #expect(here.first?["line"] as? Int == 1)
        }
    }

    @Test func theFindingsCapHoldsForEveryFindingOfAFile() throws {
        let here = try Self.check("ragged-flood.csv", within: 120)
        #expect(here.count == 1_001, "\(here.count)")
        #expect(Self.codes(here).filter { $0 == "findings-truncated" }.count == 1)
        let kinds = Set(Self.codes(here))
        #expect(kinds.isSuperset(of: ["ragged-row", "control-character", "cell-too-long"]), "\(kinds)")
    }
}
