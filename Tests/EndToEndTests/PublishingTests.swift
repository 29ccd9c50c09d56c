import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Issue 26 and issue 22 points 4, 8, 9, 12, 13, 15, 16: a run publishes only outputs it
/// finished writing, removes its staging folder on any failure or signal, and says in
/// Chinese which file failed and why. Each test builds its input; every process is run
/// under a time limit in the harness (killed after `limit` seconds, and the test fails).
@Suite(.serialized) struct PublishingTests {
    typealias E = EndToEndTests

    struct Outcome {
        var status: Int32
        var signalled: Bool
        var stderr: String
        var timedOut: Bool
    }

    /// What a child has written to stderr so far (read from a pipe, never a file: a file
    /// would be under the child's own file-size limit).
    final class Collected: Sendable {
        let data = Mutex(Data())
        var text: String { data.withLock { String(decoding: $0, as: UTF8.self) } }
    }

    /// Runs `executable` with `arguments`, killed after `limit` seconds; `started` gets the
    /// process and its stderr so far.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], limit: Double = 120,
        started: ((Process, Collected) -> Void)? = nil
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        let collected = Collected()
        let done = DispatchSemaphore(value: 0)
        let reader = pipe.fileHandleForReading
        try process.run()
        Thread.detachNewThread {
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                collected.data.withLock { $0.append(chunk) }
            }
            done.signal()
        }
        started?(process, collected)
        let deadline = Date().addingTimeInterval(limit)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                kill(process.processIdentifier, SIGKILL)
                break
            }
            usleep(20_000)
        }
        process.waitUntilExit()
        done.wait()
        return Outcome(
            status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal, stderr: collected.text,
            timedOut: timedOut)
    }

    /// Bytes per block of `/bin/sh`'s `ulimit -f` (512 for dash and POSIX shells, 1024 for bash).
    static let blockSize: Int = {
        let out = try? E.python(
            "import subprocess\nprint(subprocess.run(['/bin/sh', '-c', 'ulimit -f 1; exec python3 -c \"import resource; print(resource.getrlimit(resource.RLIMIT_FSIZE)[0])\"'], capture_output=True, text=True).stdout)",
            [])
        return Int(out?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 512
    }()

    /// `bulletin run` of 临江 week 2024-W11 into `out` with the file-size limit at about
    /// `bytes`, set by `ulimit -f` in `/bin/sh -c` as a clerk's shell would. Returns the
    /// limit in bytes as set.
    static func limitedRun(bytes: Int, out: URL, template: String = E.template) throws -> (Outcome, Int) {
        let blocks = max(1, bytes / blockSize)
        let script = "ulimit -f \(blocks); exec \"$0\" \"$@\""
        let r = try run(
            "/bin/sh",
            ["-c", script, E.binary.path, "run", "--input", E.fixture.path, "--output", out.path, "--week", "2024-W11",
             "--template", template, "--quiet"])
        return (r, blocks * blockSize)
    }

    static func leftovers(_ out: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.contains(".partial-") || $0.contains(".old-") }
    }

    /// A week written without limits: the "previous week" every failing run must leave as it was.
    static func previousWeek() throws -> (out: URL, week: URL, files: [String: Data]) {
        let out = try E.tempDir().appendingPathComponent("out")
        let r = try run(E.binary.path, ["run", "--input", E.fixture.path, "--output", out.path, "--week", "2024-W11", "--template", E.template, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let week = out.appendingPathComponent("2024-W11")
        return (out, week, try E.files(in: week))
    }

    /// The output a failure message names (the path after the week folder).
    static func namedFile(_ stderr: String, week: URL) -> String? {
        guard let range = stderr.range(of: "无法写出 \(week.path)/") else { return nil }
        return String(stderr[range.upperBound...].prefix { $0 != "：" })
    }

    /// Issue 26 points 1–4, issue 22 point 8: EFBIG at several limits. Each lands in
    /// another place (a sheet's temporary file, a workbook's zip, the .docx of a long
    /// bulletin); the run is never killed by SIGXFSZ, exits 73 naming an output that is
    /// (or has a part) at least as large as the limit, leaves no staging folder, and the
    /// week published before is byte-identical.
    @Test func aFileSizeLimitPublishesNothingAndNamesTheFile() throws {
        let (out, week, before) = try Self.previousWeek()
        // The sizes each output reaches without a limit (file, and largest zip part).
        var reach: [String: Int] = [:]
        for name in try OutputWriterNames.all(in: week) {
            let url = week.appendingPathComponent(name)
            var size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
            if name.hasSuffix(".xlsx") { size = max(size, try Self.largestPart(url)) }
            reach[name] = size
        }
        // All outputs; the workbooks' zips and large parts; only 附件2's sheet (its rows'
        // temporary file and its part), the largest part of all.
        let largest = reach.values.max() ?? 0
        var named: Set<String> = []
        for target in [2_048, 12_000, largest - 400] {
            let (r, limit) = try Self.limitedRun(bytes: target, out: out)
            #expect(!r.timedOut && !r.signalled, "limit \(limit): killed (\(r.status))")
            #expect(r.status == 73, "limit \(limit): \(r.stderr)")
            #expect(r.stderr.contains("文件超过大小限制"), "limit \(limit): \(r.stderr)")
            let file = Self.namedFile(r.stderr, week: week)
            #expect(file != nil, "limit \(limit): no file named in \(r.stderr)")
            if let file {
                named.insert(file)
                #expect((reach[file] ?? 0) >= limit, "limit \(limit): \(file) reaches only \(reach[file] ?? 0) bytes")
            }
            #expect(try Self.leftovers(out) == [])
            #expect(try E.files(in: week) == before, "limit \(limit) changed the published week")
            if target == largest - 400 {
                // Only 附件2's sheet is past the limit: its zip fits, libxlsxwriter reports
                // nothing, and the run's own checks (row stream, temporary files, part
                // sizes) caught it.
                #expect(Self.namedFile(r.stderr, week: week) == "附件2_样本企业走访台账.xlsx", "\(r.stderr)")
                #expect(!r.stderr.contains("workbook_close()"), "\(r.stderr)")
            }
        }
        // A bulletin longer than any workbook part: the limit lands in 周通报.docx.
        let long = try E.tempDir().appendingPathComponent("长通报.txt")
        // 60,000 CJK characters that deflate poorly (a fixed linear congruential sequence).
        var state: UInt32 = 2_024
        var text = ""
        for _ in 0..<60_000 {
            state = state &* 1_664_525 &+ 1_013_904_223
            text.unicodeScalars.append(Unicode.Scalar(0x4E00 + (state >> 8) % 0x51A5) ?? "字")
        }
        try ("{{title}}\n" + text + "\n").write(to: long, atomically: true, encoding: .utf8)
        let (r, _) = try Self.limitedRun(bytes: largest + 4_096, out: out, template: long.path)
        #expect(r.status == 73, "\(r.stderr)")
        #expect(Self.namedFile(r.stderr, week: week) == "周通报.docx", "\(r.stderr)")
        #expect(try Self.leftovers(out) == [])
        #expect(try E.files(in: week) == before)
        #expect(named.count >= 1)
    }

    static func largestPart(_ xlsx: URL) throws -> Int {
        let listing = try E.python(
            "import sys, zipfile\nprint(max(i.file_size for i in zipfile.ZipFile(sys.argv[1]).infolist()))", [xlsx.path])
        return Int(listing.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// Issue 26 point 4: ENOSPC on a small tmpfs (mounted by the test when it may: as root).
    /// Without the right to mount, the test is reported as not run, with the reason; with
    /// `CI` set it must run.
    @Test(.enabled(if: Tmpfs.available || ProcessInfo.processInfo.environment["CI"] != nil, "mounting a tmpfs needs root (CAP_SYS_ADMIN)"))
    func aFullDiskPublishesNothingAndNamesTheFile() throws {
        let mount = try E.tempDir().appendingPathComponent("small")
        try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: true)
        guard Tmpfs.mount(mount, kilobytes: 256) else {
            Issue.record("could not mount a 256 KiB tmpfs at \(mount.path): the ENOSPC case was not run")
            return
        }
        defer { Tmpfs.unmount(mount) }
        let out = mount.appendingPathComponent("out")
        let args = ["run", "--input", E.fixture.path, "--output", out.path, "--week", "2024-W11", "--template", E.template, "--quiet"]
        let first = try Self.run(E.binary.path, args)
        try #require(first.status == 0, "the first week must fit: \(first.stderr)")
        let week = out.appendingPathComponent("2024-W11")
        let before = try E.files(in: week)
        // The second run needs room for the week twice: the disk fills while it writes.
        let r = try Self.run(E.binary.path, args)
        #expect(r.status == 73, "\(r.stderr)")
        #expect(r.stderr.contains("磁盘空间不足"), "\(r.stderr)")
        #expect(Self.namedFile(r.stderr, week: week) != nil, "\(r.stderr)")
        #expect(try Self.leftovers(out) == [])
        #expect(try E.files(in: week) == before)
    }

    /// Issue 26 point 4: failures no limit reaches in a test, through the writers' seam
    /// (BULLETIN_TEST_WRITE_FAILURE): an fsync or close that fails, a write of summary.json or
    /// manifest.json, rows lost on the way into a sheet's temporary file, parts lost on the
    /// way into theirs during the close (libxlsxwriter zips what is there and reports nothing).
    @Test(arguments: [
        ("summary.json=fsync:EIO", "summary.json", "写入失败"),
        ("summary.json=write:ENOSPC", "summary.json", "磁盘空间不足"),
        ("周通报.txt=close:EIO", "周通报.txt", "写入失败"),
        ("周通报.docx=write:EFBIG", "周通报.docx", "文件超过大小限制"),
        ("manifest.json=fsync:EDQUOT", "manifest.json", "磁盘空间不足"),
        ("附件3_宣传稿件统计表.xlsx=sheet", "附件3_宣传稿件统计表.xlsx", "写入失败"),
        ("附件2_样本企业走访台账.xlsx=part", "附件2_样本企业走访台账.xlsx", "写入失败"),
    ])
    func anInjectedWriteFailurePublishesNothing(spec: String, file: String, cause: String) throws {
        let (out, week, before) = try Self.previousWeek()
        let r = try Self.run(
            E.binary.path,
            ["run", "--input", E.fixture.path, "--output", out.path, "--week", "2024-W11", "--template", E.template, "--quiet"],
            environment: ["BULLETIN_TEST_WRITE_FAILURE": spec])
        #expect(r.status == 73, "\(spec): \(r.stderr)")
        #expect(Self.namedFile(r.stderr, week: week) == file, "\(spec): \(r.stderr)")
        #expect(r.stderr.contains(cause), "\(spec): \(r.stderr)")
        #expect(try Self.leftovers(out) == [])
        #expect(try E.files(in: week) == before)
    }

    /// Issue 22 point 16: SIGTERM, SIGINT and SIGHUP at each step of the swap: the process
    /// ends as by the signal, the staging (and moved-aside) folder is gone, and the week is
    /// in place — the old one or the new one, never missing or hidden.
    @Test(arguments: ["staged", "oldMovedAside", "newInPlace"])
    func aSignalAtAnyStepOfTheSwapLeavesTheWeekInPlaceAndNoStaging(step: String) throws {
        let (out, week, before) = try Self.previousWeek()
        for signo in [SIGTERM, SIGINT, SIGHUP] {
            let r = try Self.run(
                E.binary.path,
                ["run", "--input", E.fixture.path, "--output", out.path, "--week", "2024-W11", "--template", E.template, "--quiet"],
                environment: ["BULLETIN_PAUSE_AT": step]
            ) { process, stderr in
                // Wait for the pause line, then signal.
                let deadline = Date().addingTimeInterval(60)
                while Date() < deadline, process.isRunning, !stderr.text.contains("paused at") { usleep(20_000) }
                kill(process.processIdentifier, signo)
            }
            #expect(!r.timedOut)
            #expect(r.signalled && r.status == signo, "\(step) signal \(signo): \(r.status) \(r.stderr)")
            #expect(try Self.leftovers(out) == [], "\(step) signal \(signo)")
            #expect(try E.files(in: week) == before, "\(step) signal \(signo)")
        }
    }

    /// Issue 22 point 4: seven nested `{{#points.units}}` (44⁷ repetitions over the demo's
    /// 44 units) end at once with 65 naming the template.
    @Test func aTemplateOfNestedListSectionsIsRefusedWith65() throws {
        let template = try E.tempDir().appendingPathComponent("嵌套.txt")
        try (String(repeating: "{{#points.units}}", count: 7) + "x" + String(repeating: "{{/points.units}}", count: 7))
            .write(to: template, atomically: true, encoding: .utf8)
        #expect(try Data(contentsOf: template).count < 250)
        let out = try E.tempDir().appendingPathComponent("out")
        let r = try Self.run(
            E.binary.path,
            ["run", "--input", E.repo.appendingPathComponent("input").path, "--output", out.path, "--template", template.path, "--quiet"],
            limit: 60)
        #expect(!r.timedOut, "the render was not bounded")
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains(template.path))
        #expect(try Self.leftovers(out) == [])
    }

    /// Issue 22 point 13: a planted `.W.lock` link is never followed: a clear error, and
    /// nothing is created where it points.
    @Test func aLinkPlantedAsTheLockIsNotFollowed() throws {
        let out = try E.tempDir().appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let target = try E.tempDir().appendingPathComponent("elsewhere")
        try FileManager.default.createSymbolicLink(atPath: out.appendingPathComponent(".2024-W11.lock").path, withDestinationPath: target.path)
        let r = try Self.run(
            E.binary.path, ["run", "--input", E.fixture.path, "--output", out.path, "--week", "2024-W11", "--template", E.template, "--quiet"])
        #expect(r.status == 73, "\(r.stderr)")
        #expect(r.stderr.contains("符号链接"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target.path))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("2024-W11").path))
    }

    /// Issue 22 point 9: verify --all fails, naming it, when a week folder or 总结/ is
    /// missing, renamed (lower-case w) or left hidden after a kill.
    @Test func verifyAllNamesAMissingRenamedOrHiddenWeek() throws {
        let out = try E.tempDir().appendingPathComponent("out")
        let args = ["--input", E.fixture.path, "--output", out.path, "--template", E.template]
        #expect(try Self.run(E.binary.path, ["run", "--all", "--quiet"] + args).status == 0)
        #expect(try E.run(["verify", "--all"] + args).status == 0)
        let fm = FileManager.default
        let cases: [(String, String?)] = [("2024-W10", nil), ("2024-W10", "2024-w10"), ("2024-W10", ".2024-W10.old-4242"), ("总结", nil), ("总结", "总结.bak")]
        for (folder, renamed) in cases {
            let url = out.appendingPathComponent(folder)
            let aside = try E.tempDir().appendingPathComponent(folder)
            try fm.moveItem(at: url, to: aside)
            if let renamed { try fm.copyItem(at: aside, to: out.appendingPathComponent(renamed)) }
            let r = try E.run(["verify", "--all"] + args)
            #expect(r.status == 1, "\(folder) → \(renamed ?? "missing"): \(r.stdout)")
            #expect(r.stdout.contains(url.path), "\(folder) → \(renamed ?? "missing"): \(r.stdout)")
            if let renamed, renamed.contains("W") || renamed.contains("w") {
                #expect(r.stdout.contains(renamed), "\(r.stdout)")
                try fm.removeItem(at: out.appendingPathComponent(renamed))
            } else if let renamed {
                try fm.removeItem(at: out.appendingPathComponent(renamed))
            }
            try fm.moveItem(at: aside, to: url)
        }
        #expect(try E.run(["verify", "--all"] + args).status == 0)
    }

    /// Issue 22 point 15: with output/W a regular file, verify says so instead of listing
    /// every input as new.
    @Test func verifyOfAWeekThatIsAFileSaysSo() throws {
        let out = try E.tempDir().appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: out.appendingPathComponent("2024-W11"))
        let r = try E.run(["verify", "--input", E.fixture.path, "--output", out.path, "--week", "2024-W11", "--template", E.template])
        #expect(r.status == 1)
        #expect(r.stdout.contains("是一个文件而不是输出文件夹"), "\(r.stdout)")
        #expect(!r.stdout.contains("输入新增"), "\(r.stdout)")
    }

    /// Issue 22 point 15: a style template or a bulletin template too large to be one
    /// exists: 65 ("too large"), never 66 ("missing"). A sparse file stands for the 6 GB one.
    @Test func aHugeTemplateIs65NotMissing() throws {
        let dir = try E.tempDir()
        let template = dir.appendingPathComponent("周通报.txt")
        try FileManager.default.copyItem(atPath: E.template, toPath: template.path)
        let style = dir.appendingPathComponent("周通报样式.docx")
        #expect(FileManager.default.createFile(atPath: style.path, contents: nil))
        #expect(truncate(style.path, 6 << 30) == 0)
        let out = dir.appendingPathComponent("out")
        var r = try Self.run(
            E.binary.path, ["run", "--input", E.fixture.path, "--output", out.path, "--week", "2024-W11", "--template", template.path, "--quiet"],
            limit: 60)
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("周通报样式.docx"), "\(r.stderr)")
        try FileManager.default.removeItem(at: style)
        #expect(truncate(template.path, 6 << 30) == 0)
        r = try Self.run(
            E.binary.path, ["run", "--input", E.fixture.path, "--output", out.path, "--week", "2024-W11", "--template", template.path, "--quiet"],
            limit: 60)
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains(template.path), "\(r.stderr)")
    }

    /// Issue 22 point 12: a style template with a broken w:sectPr, a DOCTYPE, a part named
    /// `../../x` or `/x`, or parts inflating past the bound is refused with 65 naming it,
    /// with and without --pdf; a part outside a Word document's folders is left out.
    @Test(arguments: ["broken-sectPr", "doctype", "dotdot", "absolute", "huge-parts", "bad-page-size"])
    func aBadStyleTemplateIsRefusedWith65(kind: String) throws {
        let dir = try E.tempDir()
        let template = dir.appendingPathComponent("周通报.txt")
        try FileManager.default.copyItem(atPath: E.template, toPath: template.path)
        let style = dir.appendingPathComponent("周通报样式.docx")
        _ = try E.python(Self.styleScript, [E.repo.appendingPathComponent("templates/周通报样式.docx").path, style.path, kind])
        for pdf in [false, true] {
            let out = dir.appendingPathComponent("out")
            let r = try Self.run(
                E.binary.path,
                ["run", "--input", E.fixture.path, "--output", out.path, "--week", "2024-W11", "--template", template.path, "--quiet"]
                    + (pdf ? ["--pdf"] : []),
                limit: 60)
            #expect(r.status == 65, "\(kind) pdf=\(pdf): \(r.stderr)")
            #expect(r.stderr.contains("周通报样式.docx"), "\(kind): \(r.stderr)")
        }
    }

    @Test func aStyleTemplateKeepsOnlyTheWordParts() throws {
        let dir = try E.tempDir()
        let template = dir.appendingPathComponent("周通报.txt")
        try FileManager.default.copyItem(atPath: E.template, toPath: template.path)
        let style = dir.appendingPathComponent("周通报样式.docx")
        _ = try E.python(Self.styleScript, [E.repo.appendingPathComponent("templates/周通报样式.docx").path, style.path, "extra-part"])
        let out = dir.appendingPathComponent("out")
        let r = try Self.run(
            E.binary.path, ["run", "--input", E.fixture.path, "--output", out.path, "--week", "2024-W11", "--template", template.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let names = try E.python(
            "import sys, zipfile\nprint('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))",
            [out.appendingPathComponent("2024-W11/周通报.docx").path])
        #expect(!names.contains("macros/evil.bin"), "\(names)")
        #expect(names.contains("word/styles.xml"))
    }

    /// Rewrites the shipped style template with one defect (argv: source, destination, kind).
    static let styleScript = """
        import sys, zipfile
        src, dst, kind = sys.argv[1:4]
        parts = [(i.filename, zipfile.ZipFile(src).read(i.filename)) for i in zipfile.ZipFile(src).infolist()]
        out = []
        for name, data in parts:
            if name == 'word/document.xml':
                if kind == 'broken-sectPr':
                    data = data.replace(b'</w:sectPr>', b'</w:pgSz></w:sectPr>', 1)
                if kind == 'bad-page-size':
                    data = data.replace(b'w:w="11906"', b'w:w="99999999"', 1)
            if name == 'word/styles.xml' and kind == 'doctype':
                data = data.replace(b'?>', b'?><!DOCTYPE w:styles [<!ENTITY x "y">]>', 1)
            out.append((name, data))
        if kind == 'dotdot': out.append(('../../x', b'x'))
        if kind == 'absolute': out.append(('/x', b'x'))
        if kind == 'extra-part': out.append(('macros/evil.bin', b'x' * 100))
        if kind == 'huge-parts':
            for i in range(3): out.append(('word/media/image%d.png' % i, b'\\0' * (5 << 20)))
        with zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as z:
            for name, data in out:
                info = zipfile.ZipInfo('x')
                info.filename = name
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, data)
        """

    /// Issue 22 point 15: a file name whose bytes are GBK is read as GBK in the finding; one
    /// that is neither UTF-8 nor GBK is said to be unreadable — never "missing".
    @Test func aNonUTF8FileNameIsNamedAsGBKOrUnreadable() throws {
        let input = try E.tempDir().appendingPathComponent("in")
        try FileManager.default.copyItem(at: E.fixture, to: input)
        let folder = input.appendingPathComponent("2024-W11/宣传稿件统计表")
        let source = try Data(contentsOf: folder.appendingPathComponent("区发展和改革局.csv"))
        for raw in [Array("区税务局_补报.csv".data(using: String.Encoding(rawValue: 0x8000_0632))!), [0xFF, 0xFE, 0x80] + Array("x.csv".utf8)] {
            let path = (folder.path.utf8 + [UInt8(ascii: "/")] + raw).map { CChar(bitPattern: $0) } + [0]
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            #expect(fd >= 0)
            _ = source.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
        }
        let r = try E.run(["check", "--input", input.path, "--week", "2024-W11", "--format", "json"])
        let rows = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
        let unreadable = rows.filter { $0["code"] as? String == "unreadable-file" }
        #expect(unreadable.contains { $0["file"] as? String == "2024-W11/宣传稿件统计表/区税务局_补报.csv" }, "\(unreadable)")
        #expect(unreadable.count == 2, "\(unreadable)")
        #expect(!r.stdout.contains("文件不存在或链接失效"))
        #expect(unreadable.contains { ($0["message"] as? String ?? "").contains("编码无法识别") })
    }

    /// Issue 22 point 15: a submission changed while the run writes (its unit's 退回修改
    /// workbook reads it again) ends with 73 and a Chinese message suggesting a rerun, not
    /// Swift's `ChangedDuringRun(file: …)`; nothing is published.
    @Test func aFileChangedDuringTheRunIs73InChinese() throws {
        let input = try E.tempDir().appendingPathComponent("in")
        try FileManager.default.copyItem(at: E.fixture, to: input)
        let out = try E.tempDir().appendingPathComponent("out")
        let file = input.appendingPathComponent("2024-W11/宣传稿件统计表/区税务局_第2周.csv")
        let r = try Self.run(
            E.binary.path,
            ["run", "--input", input.path, "--output", out.path, "--week", "2024-W11", "--template", E.template, "--quiet"],
            environment: ["BULLETIN_PAUSE_AT": "writing"]
        ) { process, stderr in
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline, process.isRunning, !stderr.text.contains("paused at") { usleep(20_000) }
            if let handle = try? FileHandle(forWritingTo: file) {
                _ = try? handle.seekToEnd()
                try? handle.write(contentsOf: Data("\n".utf8))
                try? handle.close()
            }
        }
        #expect(r.status == 73, "\(r.stderr)")
        #expect(r.stderr.contains("在本次运行期间被改动"), "\(r.stderr)")
        #expect(r.stderr.contains("重新运行"))
        #expect(!r.stderr.contains("ChangedDuringRun"))
        #expect(try Self.leftovers(out) == [])
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("2024-W11").path))
    }
}

/// The names of a week folder's outputs (`退回修改/…` included).
enum OutputWriterNames {
    static func all(in week: URL) throws -> [String] { try EndToEndTests.files(in: week).keys.sorted() }
}

/// A small tmpfs for the ENOSPC case: `mount -t tmpfs` (root only).
enum Tmpfs {
    static let available: Bool = {
        guard let dir = try? EndToEndTests.tempDir().appendingPathComponent("probe") else { return false }
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        guard mount(dir, kilobytes: 64) else { return false }
        unmount(dir)
        return true
    }()

    static func mount(_ dir: URL, kilobytes: Int) -> Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/mount")
        p.arguments = ["-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", dir.path]
        p.standardError = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }

    static func unmount(_ dir: URL) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/umount")
        p.arguments = [dir.path]
        guard (try? p.run()) != nil else { return }
        p.waitUntilExit()
    }
}
