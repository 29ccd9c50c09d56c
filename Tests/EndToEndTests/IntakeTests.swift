import Foundation
import Testing

/// `bulletin intake` on a generated campaign week whose files are renamed and scattered the
/// ways units send them (WeChat, QQ, mail), with their arrival times as file times.
@Suite(.serialized) struct IntakeTests {
    typealias E = EndToEndTests
    static let fm = FileManager.default

    /// A generated one-week campaign (scripts/gen_bench.py, small), every file logged.
    static func generated() throws -> URL {
        let dir = try E.tempDir().appendingPathComponent("orig")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", E.repo.appendingPathComponent("scripts/gen_bench.py").path, dir.path, "1000", "1000", "1"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "scripts/gen_bench.py failed (python3 is required)")
        // The generator leaves the sample lists unlogged; log them so every file has its time.
        let week = dir.appendingPathComponent("2021-W35")
        let log = week.appendingPathComponent("报送登记.csv")
        var text = try String(contentsOf: log, encoding: .utf8)
        let logged = Set(parseLog(text).keys)
        for path in try weekFiles(week).keys.sorted() where !logged.contains(path) {
            text += "\(path),2021-08-30 09:00\n"
        }
        try text.write(to: log, atomically: true, encoding: .utf8)
        return dir
    }

    /// `文件,收到时间` rows as path → earliest time.
    static func parseLog(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in text.replacingOccurrences(of: "\u{FEFF}", with: "").split(whereSeparator: \.isNewline).dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            // The earliest row of a file counts, as the run reads the log.
            if cells.count >= 2 { out[cells[0]] = min(out[cells[0]] ?? cells[1], cells[1]) }
        }
        return out
    }

    /// The submission files of a week folder (the receipt log left out), by path in the week.
    static func weekFiles(_ week: URL) throws -> [String: Data] {
        try E.files(in: week).filter { $0.key != "报送登记.csv" }
    }

    static func unix(_ chinaTime: String) -> TimeInterval {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.date(from: chinaTime)?.timeIntervalSince1970 ?? 0
    }

    /// A copy of `orig` without its week folder: the tree intake fills.
    static func emptyTree(_ orig: URL) throws -> URL {
        let dir = try E.tempDir().appendingPathComponent("tree")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        for name in ["plan.yaml", "roster"] {
            try fm.copyItem(at: orig.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        return dir
    }

    /// The week's files as units send them, with their receipt times as modification times.
    /// Returns the download folder and the files that must be left, with their reasons.
    static func downloads(from orig: URL) throws -> (URL, [String: String]) {
        let dl = try E.tempDir().appendingPathComponent("下载")
        let week = orig.appendingPathComponent("2021-W35")
        let times = parseLog(try String(contentsOf: week.appendingPathComponent("报送登记.csv"), encoding: .utf8))
        func put(_ path: String, as name: String, in folder: String, time: String) throws {
            let target = dl.appendingPathComponent(folder).appendingPathComponent(name)
            try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            #expect(!fm.fileExists(atPath: target.path), "two downloads named \(folder)/\(name)")
            try fm.copyItem(at: week.appendingPathComponent(path), to: target)
            try fm.setAttributes([.modificationDate: Date(timeIntervalSince1970: unix(time))], ofItemAtPath: target.path)
        }
        func stripped(_ unit: String) -> String { unit.hasPrefix("区") ? String(unit.dropFirst()) : unit }
        let paths = try weekFiles(week).keys.sorted()
        for (i, path) in paths.enumerated() {
            let parts = path.split(separator: "/").map(String.init)
            let stem = String(parts[1].dropLast(4))
            let time = times[path] ?? ""
            switch parts[0] {
            case "样本企业汇总表":
                let name = [
                    "附件1 样本企业汇总表（\(stem)）.csv", "\(stripped(stem))样本企业名单.csv", "\(stem)(1).csv",
                ][i % 3]
                try put(path, as: name, in: "邮箱", time: time)
            case "宣传稿件统计表":
                let name = ["附件3 宣传稿件统计表（\(stem)）.csv", "\(stripped(stem))第35周宣传稿件.csv", "\(stem).csv"][i % 3]
                try put(path, as: name, in: "微信群", time: time)
            default:  // 走访台账/<unit>_<date>.csv
                let unit = String(stem.split(separator: "_")[0]), date = String(stem.split(separator: "_")[1])
                let month = Int(date.dropFirst(5).prefix(2)) ?? 0, day = Int(date.suffix(2)) ?? 0
                if date <= "2021-08-31" {
                    // Two days' ledgers of each unit in one folder: the day is in the name.
                    try put(path, as: i % 2 == 0 ? "\(unit)\(month).\(day)台账.csv" : "\(unit)_\(date).csv", in: "QQ", time: time)
                } else {
                    // No date in the name: the day most rows carry.
                    let name = ["\(unit)\(month)月\(day)日走访台账(1).csv", "\(unit)走访台账.csv", "\(unit)_\(date).csv"][i % 3]
                    try put(path, as: name, in: "QQ/\(month).\(day)", time: time)
                }
            }
        }
        // What also lands in a download folder.
        try Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]).write(to: dl.appendingPathComponent("微信群/IMG_2041.jpg"))
        try Data("owner".utf8).write(to: dl.appendingPathComponent("微信群/~$区牵头单位01.xlsx"))
        try Data().write(to: dl.appendingPathComponent("微信群/Thumbs.db"))
        try Data().write(to: dl.appendingPathComponent(".DS_Store"))
        // The same file sent twice.
        try put("宣传稿件统计表/区牵头单位02.csv", as: "区牵头单位02(2).csv", in: "邮箱", time: "2021-09-03 16:00")
        // One unit's list under another unit's name.
        try put("宣传稿件统计表/区责任单位01.csv", as: "区责任单位02宣传稿件.csv", in: "邮箱", time: "2021-09-03 11:00")
        return (dl, ["IMG_2041.jpg": "未识别表格", "区责任单位02宣传稿件.csv": "多个单位匹配"])
    }

    static func intake(_ dl: URL, _ tree: URL, _ extra: [String] = [], environment: [String: String] = [:]) throws -> E.Result {
        try E.run(["intake", dl.path, "--input", tree.path, "--output", tree.deletingLastPathComponent().appendingPathComponent("out").path] + extra, environment: environment)
    }

    /// summary.json of a run of the week: the figures.
    static func figures(_ tree: URL) throws -> Data {
        let out = try E.tempDir()
        let r = try E.run(["run", "--input", tree.path, "--output", out.path, "--week", "2021-W35", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        return try Data(contentsOf: out.appendingPathComponent("2021-W35/summary.json"))
    }

    @Test func aWeekAsUnitsSendItLandsWhereItWas() throws {
        let orig = try Self.generated()
        let tree = try Self.emptyTree(orig)
        let (dl, left) = try Self.downloads(from: orig)

        // --dry-run: the same lines, nothing changed.
        let dry = try Self.intake(dl, tree, ["--dry-run"])
        #expect(dry.status == 1, "\(dry.stderr)")
        #expect(!Self.fm.fileExists(atPath: tree.appendingPathComponent("2021-W35").path))
        #expect(!Self.fm.fileExists(atPath: tree.deletingLastPathComponent().appendingPathComponent("out").path))

        // The mailbox first (the sample lists): `check --missing` then names who has not sent.
        let mail = try Self.intake(dl.appendingPathComponent("邮箱"), tree)
        #expect(mail.status == 1, "\(mail.stderr)")
        let chase = ["check", "--input", tree.path, "--missing", "--at", "2021-09-03 18:00", "--week", "2021-W35"]
        let partly = try E.run(chase)
        #expect(partly.status == 1, "\(partly.stderr)")
        #expect(partly.stdout.contains("区牵头单位01") && partly.stdout.contains("走访台账") && !partly.stdout.contains("样本企业汇总表"))

        let r = try Self.intake(dl, tree)
        #expect(r.status == 1, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        // Every file placed is where the original was, with the same bytes; nothing else is there.
        let original = try Self.weekFiles(orig.appendingPathComponent("2021-W35"))
        let placed = try Self.weekFiles(tree.appendingPathComponent("2021-W35"))
        #expect(Set(placed.keys) == Set(original.keys), "missing \(Set(original.keys).subtracting(placed.keys).sorted()) extra \(Set(placed.keys).subtracting(original.keys).sorted())")
        for (path, data) in original { #expect(placed[path] == data, "\(path)") }
        // The log holds the times the files were given.
        let origLog = Self.parseLog(try String(contentsOf: orig.appendingPathComponent("2021-W35/报送登记.csv"), encoding: .utf8))
        let newLogText = try String(contentsOf: tree.appendingPathComponent("2021-W35/报送登记.csv"), encoding: .utf8)
        #expect(Self.parseLog(newLogText) == origLog)
        // One row a file, but 区牵头单位02's list: its copy in the mailbox (16:00) was taken in
        // first, then the same bytes with their earlier time (14:00), which the log keeps.
        #expect(newLogText.split(whereSeparator: \.isNewline).count == origLog.count + 2, "one row a file")
        // Every left file is named with its reason; the lock file, Thumbs.db and .DS_Store are not mentioned.
        for (name, reason) in left {
            #expect(lines.contains { $0.contains(name) && $0.contains("未放入") && $0.contains(reason) }, "\(name)")
        }
        #expect(lines.filter { $0.contains("：未放入（") }.count == left.count, "\(lines.filter { $0.contains("：未放入（") })")
        #expect(!r.stdout.contains("~$") && !r.stdout.contains("Thumbs.db") && !r.stdout.contains(".DS_Store"))
        #expect(lines.contains { $0.contains("区牵头单位02(2).csv") && $0.contains("与已收文件相同") })
        #expect(lines.last?.contains("未放入 2 个") == true, "\(lines.last ?? "")")
        // Nobody is missing anything now.
        let after = try E.run(chase)
        #expect(after.status == 0, "\(after.stdout)")
        // The dry run said the same (but for what it would do).
        #expect(dry.stdout.split(separator: "\n").count == lines.count)

        // `run` gives the same figures as on the original tree.
        #expect(try Self.figures(tree) == Self.figures(orig))

        // A second intake changes nothing.
        let before = try E.files(in: tree)
        let again = try Self.intake(dl, tree)
        #expect(again.status == 1)
        #expect(try E.files(in: tree) == before)
        #expect(again.stdout.split(separator: "\n").last?.contains("放入 0 个") == true, "\(again.stdout.split(separator: "\n").last ?? "")")

    }

    /// An intake killed at any point, then run again, leaves every file once and every time logged.
    @Test func aKilledIntakeRerunLosesAndDoublesNothing() throws {
        let orig = try Self.generated()
        let tree = try Self.emptyTree(orig)
        let (dl, _) = try Self.downloads(from: orig)
        for stop in ["temp:3", "placed:40", "temp:41", "log:0"] {
            let r = try Self.intake(dl, tree, environment: ["BULLETIN_INTAKE_STOP": stop])
            #expect(r.status == 9, "\(stop): \(r.stderr)")
            // No half-copied file is under a name the run reads.
            let week = tree.appendingPathComponent("2021-W35")
            for (path, data) in try Self.weekFiles(week) where !path.split(separator: "/").last!.hasPrefix(".") {
                #expect(data == Self.fmData(orig.appendingPathComponent("2021-W35").appendingPathComponent(path)), "\(stop): \(path)")
            }
        }
        let r = try Self.intake(dl, tree)
        #expect(r.status == 1, "\(r.stderr)")
        let week = tree.appendingPathComponent("2021-W35")
        let placed = try Self.weekFiles(week)
        #expect(placed.keys.filter { $0.split(separator: "/").last!.hasPrefix(".") }.isEmpty, "temporary files left")
        #expect(Set(placed.keys) == Set(try Self.weekFiles(orig.appendingPathComponent("2021-W35")).keys))
        let origLog = Self.parseLog(try String(contentsOf: orig.appendingPathComponent("2021-W35/报送登记.csv"), encoding: .utf8))
        let logText = try String(contentsOf: week.appendingPathComponent("报送登记.csv"), encoding: .utf8)
        #expect(Self.parseLog(logText) == origLog)
        #expect(logText.split(whereSeparator: \.isNewline).count == origLog.count + 1, "no row twice")
        #expect(try Self.figures(tree) == Self.figures(orig))
    }

    static func fmData(_ url: URL) -> Data? { try? Data(contentsOf: url) }

    /// Two intakes at once place each file once.
    @Test func twoIntakesAtOncePlaceEachFileOnce() throws {
        let orig = try Self.generated()
        let tree = try Self.emptyTree(orig)
        let (dl, _) = try Self.downloads(from: orig)
        // Two processes started together, their output to files (a pipe could fill and stall one).
        var processes: [Process] = []
        for n in 0..<2 {
            let p = Process()
            p.executableURL = E.binary
            p.arguments = ["intake", dl.path, "--input", tree.path, "--output", tree.deletingLastPathComponent().appendingPathComponent("out").path]
            let log = tree.deletingLastPathComponent().appendingPathComponent("intake-\(n).txt")
            _ = Self.fm.createFile(atPath: log.path, contents: nil)
            p.standardOutput = try FileHandle(forWritingTo: log)
            p.standardError = FileHandle.nullDevice
            processes.append(p)
        }
        for p in processes { try p.run() }
        for p in processes { p.waitUntilExit() }
        #expect(processes.map(\.terminationStatus) == [1, 1])
        let logText = try String(contentsOf: tree.appendingPathComponent("2021-W35/报送登记.csv"), encoding: .utf8)
        let origLog = Self.parseLog(try String(contentsOf: orig.appendingPathComponent("2021-W35/报送登记.csv"), encoding: .utf8))
        #expect(Set(try Self.weekFiles(tree.appendingPathComponent("2021-W35")).keys) == Set(origLog.keys))
        #expect(logText.split(whereSeparator: \.isNewline).count == origLog.count + 1)
    }
}

