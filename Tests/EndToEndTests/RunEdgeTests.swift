import Foundation
import Synchronization
import Testing

/// What the office must never lose: the input, the circulated week, a file's findings.
/// Each case runs the built binary on a copy of the 临江 fixture (the broken-input habit:
/// one planted change per test).
@Suite(.serialized) struct RunEdgeTests {
    typealias E = EndToEndTests

    func copyOfFixture() throws -> URL {
        let dir = try E.tempDir().appendingPathComponent("in")
        try FileManager.default.copyItem(at: E.fixture, to: dir)
        return dir
    }

    /// Every file under `root` with its bytes, by relative path.
    func snapshot(_ root: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let base = root.resolvingSymlinksInPath().path
        for case let url as URL in FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) ?? .init() {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue {
                out[String(url.resolvingSymlinksInPath().path.dropFirst(base.count))] = try Data(contentsOf: url)
            }
        }
        return out
    }

    @Test func anOutputFolderOverlappingTheInputIsRefusedAndNothingMoves() throws {
        let input = try copyOfFixture()
        let before = try snapshot(input)
        for output in [input, input.appendingPathComponent("2024-W11/out"), input.deletingLastPathComponent()] {
            let r = try E.run(["run", "--input", input.path, "--output", output.path, "--week", "2024-W11", "--template", E.template])
            #expect(r.status == 64, "\(output.path): \(r.stderr)")
            #expect(r.stderr.contains(input.path))
        }
        #expect(try snapshot(input) == before)
    }

    @Test func threeSimultaneousRunsOfOneWeekAllSucceed() throws {
        let out = try E.tempDir()
        let alone = try E.tempDir()
        let args = ["run", "--input", E.fixture.path, "--week", "2024-W11", "--template", E.template]
        #expect(try E.run(args + ["--output", alone.path]).status == 0)
        let statuses = Statuses()
        DispatchQueue.concurrentPerform(iterations: 3) { _ in
            let status = (try? E.run(args + ["--output", out.path]).status) ?? -1
            statuses.append(status)
        }
        #expect(statuses.value == [0, 0, 0])
        #expect(try E.files(in: out.appendingPathComponent("2024-W11")) == E.files(in: alone.appendingPathComponent("2024-W11")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { !$0.hasSuffix(".lock") } == ["2024-W11"])
    }

    /// The process is stopped (as by kill -9) at each step of the swap. Afterwards the week
    /// is readable — at once, or restored by the next run before it deletes anything — and
    /// a failing rerun (a template that does not parse) loses nothing.
    @Test(arguments: ["staged", "oldMovedAside", "newInPlace"])
    func aKillAtAnyPointOfTheSwapLosesNoWeek(step: String) throws {
        let out = try E.tempDir()
        let week = out.appendingPathComponent("2024-W10")
        let args = ["run", "--input", E.fixture.path, "--output", out.path, "--week", "2024-W10"]
        #expect(try E.run(args + ["--template", E.template]).status == 0)
        let original = try E.files(in: week)

        let killed = try E.run(args + ["--template", E.template], environment: ["BULLETIN_STOP_AT": step])
        #expect(killed.status == 9)
        if step != "oldMovedAside" { #expect(try E.files(in: week) == original) }

        let bad = out.appendingPathComponent("bad.txt")
        try "{{#unclosed}}".write(to: bad, atomically: true, encoding: .utf8)
        #expect(try E.run(args + ["--template", bad.path]).status == 65)
        #expect(try E.files(in: week) == original)
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(!names.contains { $0.contains(".partial-") || $0.contains(".old-") }, "\(names)")

        #expect(try E.run(args + ["--template", E.template]).status == 0)
        #expect(try E.files(in: week) == original)
    }

    @Test func aFileWhereTheWeekFolderShouldBeIsNotDeleted() throws {
        let out = try E.tempDir()
        let blocker = out.appendingPathComponent("2024-W10")
        try Data("草稿".utf8).write(to: blocker)
        let r = try E.run(["run", "--input", E.fixture.path, "--output", out.path, "--week", "2024-W10", "--template", E.template])
        #expect(r.status == 73)
        #expect(try Data(contentsOf: blocker) == Data("草稿".utf8))
    }

    @Test func aDeeplyNestedEmptyOrNonUTF8TemplateIsRefusedWith65() throws {
        let out = try E.tempDir()
        let deep = out.appendingPathComponent("deep.txt")
        try (String(repeating: "{{#a}}", count: 3_000) + String(repeating: "{{/a}}", count: 3_000)).write(to: deep, atomically: true, encoding: .utf8)
        let empty = out.appendingPathComponent("empty.txt")
        try Data().write(to: empty)
        let gbk = out.appendingPathComponent("gbk.txt")
        try Data([0xD6, 0xDC, 0xCD, 0xA8, 0xB1, 0xA8, 0x0A]).write(to: gbk)  // 周通报 in GB18030
        for template in [deep, empty, gbk] {
            let r = try E.run(["run", "--input", E.fixture.path, "--output", out.appendingPathComponent("o").path, "--week", "2024-W10", "--template", template.path])
            #expect(r.status == 65, "\(template.lastPathComponent): \(r.stderr)")
            #expect(r.stderr.contains(template.path))
        }
    }

    @Test func aHugeTitleRowOfBracketsIsReadInLinearTime() throws {
        let input = try copyOfFixture()
        let title = String(repeating: "()", count: 1_000_000)  // 2 MB
        let file = input.appendingPathComponent("2024-W10/宣传稿件统计表/区税务局.csv")
        // The title line is ASCII, so the file keeps whatever encoding it had.
        try (Data((title + "\n").utf8) + Data(contentsOf: file)).write(to: file)
        let start = Date()
        let r = try E.run(["check", "--input", input.path, "--week", "2024-W10", "--format", "json"])
        #expect(r.status == 1)
        // A bound far above the measured time (well under a second): this catches a return
        // of the quadratic path (minutes), it is not a speed test.
        #expect(Date().timeIntervalSince(start) < 30)
    }

    @Test func weekFoldersThatAreNoWeeksAreFindings() throws {
        let input = try copyOfFixture()
        for name in ["2024-W53", "2024-W00", "2024-W99", "9999-W52", "2999-W01"] {
            try FileManager.default.createDirectory(at: input.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        let r = try E.run(["check", "--input", input.path, "--format", "json"])
        let rows = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
        let bad = Set(rows.filter { $0["code"] as? String == "bad-week-folder" }.compactMap { $0["file"] as? String })
        #expect(bad == ["2024-W53", "2024-W00", "2024-W99", "9999-W52", "2999-W01"])
        // A plain run reports the latest campaign week with a folder, not 2999-W01.
        let out = try E.tempDir()
        #expect(try E.run(["run", "--input", input.path, "--output", out.path, "--template", E.template]).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { !$0.hasPrefix(".") } == ["2024-W11"])
    }

    @Test func aDanglingLinkAsAUnitsListIsAFindingAndNotOnTime() throws {
        let input = try copyOfFixture()
        let list = input.appendingPathComponent("2024-W10/宣传稿件统计表/区税务局.csv")
        try FileManager.default.removeItem(at: list)
        try FileManager.default.createSymbolicLink(atPath: list.path, withDestinationPath: "/nonexistent/区税务局.csv")
        let out = try E.tempDir()
        #expect(try E.run(["run", "--input", input.path, "--output", out.path, "--week", "2024-W10", "--template", E.template]).status == 0)
        let r = try E.run(["check", "--input", input.path, "--week", "2024-W10", "--unit", "区税务局", "--format", "json"])
        let rows = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(rows.contains { $0["code"] as? String == "unreadable-file" && $0["file"] as? String == "2024-W10/宣传稿件统计表/区税务局.csv" })
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("2024-W10/summary.json"))) as? [String: Any]
        let units = summary?["articles"] as? [[String: Any]] ?? []
        let tax = units.first { $0["unit"] as? String == "区税务局" }
        #expect(tax?["submission"] as? String == "未报送", "\(String(describing: tax))")
    }

    /// A FIFO (which would block a naive read) is not a file; a link to a device is a link
    /// out of the input folder.
    @Test func aFIFOOrADeviceAsAListIsAFinding() throws {
        let input = try copyOfFixture()
        let fifo = input.appendingPathComponent("2024-W10/宣传稿件统计表/区税务局_补充.csv")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        try FileManager.default.createSymbolicLink(
            atPath: input.appendingPathComponent("2024-W10/宣传稿件统计表/区司法局_补充.csv").path, withDestinationPath: "/dev/zero")
        let r = try E.run(["check", "--input", input.path, "--week", "2024-W10", "--format", "json"])
        let rows = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
        func files(_ code: String) -> Set<String> {
            Set(rows.filter { $0["code"] as? String == code }.compactMap { $0["file"] as? String })
        }
        #expect(files("unreadable-file") == ["2024-W10/宣传稿件统计表/区税务局_补充.csv"])
        // /dev/zero is outside the input folder: never opened at all.
        #expect(files("outside-input") == ["2024-W10/宣传稿件统计表/区司法局_补充.csv"])
    }

    @Test func controlCharactersInTheRosterNeverReachTheBulletin() throws {
        let input = try copyOfFixture()
        let units = input.appendingPathComponent("roster/units.csv")
        let text = try String(contentsOf: units, encoding: .utf8).replacingOccurrences(of: "区司法局", with: "区司法\u{1B}[31m局\u{0}")
        try text.write(to: units, atomically: true, encoding: .utf8)
        let out = try E.tempDir()
        #expect(try E.run(["run", "--input", input.path, "--output", out.path, "--week", "2024-W10", "--template", E.template]).status == 0)
        let bulletin = try Data(contentsOf: out.appendingPathComponent("2024-W10/周通报.txt"))
        #expect(!bulletin.contains(0x1B) && !bulletin.contains(0x00))
        // The name itself is still there, without its control characters.
        #expect(String(decoding: bulletin, as: UTF8.self).contains("区司法[31m局"))
    }
}

/// Exit statuses collected from runs on several threads.
final class Statuses: Sendable {
    private let list = Mutex<[Int32]>([])
    func append(_ x: Int32) { list.withLock { $0.append(x) } }
    var value: [Int32] { list.withLock { $0 } }
}

/// Auditors regenerate a circulated week and prove it unchanged, or learn what changed.
@Suite(.serialized) struct VerifyTests {
    typealias E = EndToEndTests

    func circulated() throws -> (input: URL, output: URL) {
        let base = try E.tempDir()
        let input = base.appendingPathComponent("in"), output = base.appendingPathComponent("out")
        try FileManager.default.copyItem(at: E.fixture, to: input)
        for week in ["2024-W10", "2024-W11"] {
            let r = try E.run(["run", "--input", input.path, "--output", output.path, "--week", week, "--template", E.template])
            #expect(r.status == 0, "\(r.stderr)")
        }
        return (input, output)
    }

    func verify(_ t: (input: URL, output: URL), _ week: String) throws -> EndToEndTests.Result {
        try E.run(["verify", "--input", t.input.path, "--output", t.output.path, "--week", week, "--template", E.template])
    }

    @Test func anUntouchedWeekVerifies() throws {
        let t = try circulated()
        for week in ["2024-W10", "2024-W11"] { #expect(try verify(t, week).status == 0) }
        // verify --all wants 总结/ too when the inputs give one (issue 22 point 9): run --all
        // writes it (and the same weeks, byte for byte).
        #expect(try E.run(["run", "--all", "--input", t.input.path, "--output", t.output.path, "--template", E.template]).status == 0)
        let all = try E.run(["verify", "--input", t.input.path, "--output", t.output.path, "--all", "--template", E.template])
        #expect(all.status == 0, "\(all.stdout)")
    }

    @Test func oneChangedInputByteIsNamedInItsWeekAndInLaterWeeksOnly() throws {
        let t = try circulated()
        let earlier = "2024-W10/问题清单/江南街道.csv"
        let handle = try FileHandle(forWritingTo: t.input.appendingPathComponent(earlier))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(" ".utf8))
        try handle.close()
        for week in ["2024-W10", "2024-W11"] {  // W11 depends on W10's files
            let r = try verify(t, week)
            #expect(r.status == 1)
            #expect(r.stdout.contains("输入已改动：\(earlier)"), "\(r.stdout)")
        }
        // A file of W11 changed: W10 does not read it and still verifies.
        let later = "2024-W11/宣传稿件统计表/区税务局_第2周.csv"
        try Data("单位名称,稿件标题\n".utf8).write(to: t.input.appendingPathComponent(later))
        #expect(try verify(t, "2024-W11").stdout.contains("输入已改动：\(later)"))
        try FileManager.default.removeItem(at: t.input.appendingPathComponent(earlier))
        let r = try verify(t, "2024-W10")
        #expect(r.stdout.contains("输入已删除：\(earlier)"))
        #expect(!r.stdout.contains(later))
    }

    @Test func anUntouchedEarlierWeekStillVerifiesAfterALaterInputChanges() throws {
        let t = try circulated()
        try Data("单位名称,稿件标题\n".utf8).write(to: t.input.appendingPathComponent("2024-W11/宣传稿件统计表/区税务局_第2周.csv"))
        #expect(try verify(t, "2024-W10").status == 0)
        #expect(try verify(t, "2024-W11").status == 1)
    }

    /// `verify --all` reads each input once, as `run --all` does, and still names a changed
    /// input in whichever week it was sent, in that week and every later one (总结/ too),
    /// saying exactly what it said when it read the inputs again for every week; the
    /// circulated outputs are left as they were.
    @Test func verifyAllNamesAChangedInputOfAnyWeek() throws {
        let cases: [(file: String, unchanged: [String])] = [
            ("2024-W10/问题清单/江南街道.csv", []),
            ("2024-W11/宣传稿件统计表/区税务局_第2周.csv", ["2024-W10"]),
        ]
        for c in cases {
            let base = try E.tempDir()
            let input = base.appendingPathComponent("in"), output = base.appendingPathComponent("out")
            try FileManager.default.copyItem(at: E.fixture, to: input)
            let run = try E.run(["run", "--input", input.path, "--output", output.path, "--all", "--quiet", "--template", E.template])
            #expect(run.status == 0, "\(run.stderr)")
            let args = ["verify", "--input", input.path, "--output", output.path, "--all", "--template", E.template]
            let clean = try E.run(args)
            #expect(clean.status == 0, "\(clean.stdout)")
            let handle = try FileHandle(forWritingTo: input.appendingPathComponent(c.file))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(" ".utf8))
            try handle.close()
            let before = try E.files(in: output)
            let r = try E.run(args)
            #expect(r.status == 1, "\(r.stderr)")
            var expected: [String] = []
            for week in ["2024-W10", "2024-W11", "2024-W12"] {
                if c.unchanged.contains(week) {
                    expected.append("\(week)：一致（重新生成的全部文件与 \(output.path)/\(week) 逐字节相同，输入文件未变）")
                } else {
                    expected += ["\(week)：不一致", "  输入已改动：\(c.file)", "  输出内容不同：manifest.json"]
                }
            }
            // 总结/ names the changed input too, as a week does (issue 23.14).
            expected += ["总结：不一致", "  输入已改动：\(c.file)", "  输出内容不同：manifest.json"]
            #expect(r.stdout.split(separator: "\n").map(String.init) == expected, "\(c.file)")
            #expect(try E.files(in: output) == before, "verify changed the circulated outputs")
        }
    }

    @Test func aChangedOutputIsNamed() throws {
        let t = try circulated()
        try Data("改过的通报\n".utf8).write(to: t.output.appendingPathComponent("2024-W11/周通报.txt"))
        let r = try verify(t, "2024-W11")
        #expect(r.status == 1)
        #expect(r.stdout.contains("输出内容不同：周通报.txt"))
        #expect(!r.stdout.contains("输入"))
    }
}

/// The template built into the binary: what a new district gets before it has a templates/.
@Suite(.serialized) struct BuiltInTemplateTests {
    typealias E = EndToEndTests

    @Test func aRunWithNoTemplateNearbyUsesTheBuiltInOne() throws {
        let base = try E.tempDir()
        let input = base.appendingPathComponent("in")
        try FileManager.default.copyItem(at: E.fixture, to: input)
        let builtIn = base.appendingPathComponent("out-builtin"), file = base.appendingPathComponent("out-file")
        // From a folder with no templates/ in it, and none beside the input.
        let r = try E.run(["run", "--input", input.path, "--output", builtIn.path, "--week", "2024-W10"], cwd: base)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try E.run(["run", "--input", input.path, "--output", file.path, "--week", "2024-W10", "--template", E.template]).status == 0)
        let a = try E.files(in: builtIn.appendingPathComponent("2024-W10")), b = try E.files(in: file.appendingPathComponent("2024-W10"))
        #expect(a["周通报.txt"] == b["周通报.txt"])
        let manifest = try JSONSerialization.jsonObject(with: a["manifest.json"] ?? Data()) as? [String: Any]
        #expect((manifest?["template"] as? String)?.hasPrefix("内置模板") == true)
    }
}

/// `run --all`: every week from one reading, each byte-identical to its own `run --week`.
@Suite(.serialized) struct RunAllTests {
    typealias E = EndToEndTests

    @Test func everyWeekEqualsItsOwnRun() throws {
        let all = try E.tempDir(), one = try E.tempDir()
        let r = try E.run(["run", "--input", E.fixture.path, "--output", all.path, "--all", "--template", E.template])
        #expect(r.status == 0, "\(r.stderr)")
        let folders = try FileManager.default.contentsOfDirectory(atPath: all.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(folders == ["2024-W10", "2024-W11", "2024-W12", "总结"])
        let weeks = folders.filter { $0 != "总结" }
        for week in weeks {
            #expect(try E.run(["run", "--input", E.fixture.path, "--output", one.path, "--week", week, "--template", E.template]).status == 0)
            let a = try E.files(in: all.appendingPathComponent(week)), b = try E.files(in: one.appendingPathComponent(week))
            #expect(a.keys.sorted() == b.keys.sorted())
            for (name, data) in a { #expect(b[name] == data, "\(week)/\(name) differs") }
        }
        #expect(try E.run(["run", "--input", E.fixture.path, "--all", "--week", "2024-W10"]).status == 64)
    }
}
