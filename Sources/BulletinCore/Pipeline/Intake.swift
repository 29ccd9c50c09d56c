import Foundation

/// `bulletin intake`: files as they arrive (saved from WeChat, QQ, mail) copied into the
/// input tree under the contract's names, and their receipt times into 报送登记.csv.
public struct IntakeRequest: Sendable {
    public var sources: [URL]
    public var input: URL
    /// The output folder a `run` writes to: its `.<W>.lock` is the week's lock.
    public var output: URL
    public var week: ISOWeek?
    public var at: ReceiptTime?
    public var dryRun: Bool

    public init(sources: [URL], input: URL, output: URL, week: ISOWeek? = nil, at: ReceiptTime? = nil, dryRun: Bool = false) {
        self.sources = sources
        self.input = input
        self.output = output
        self.week = week
        self.at = at
        self.dryRun = dryRun
    }
}

/// What became of one file.
public struct IntakeItem: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// Copied into the tree now (or, with --dry-run, would be).
        case placed
        /// The same bytes were already there: nothing copied (`与已收文件相同`).
        case alreadyThere
        /// Not placed, and why (`未识别表格`, `未识别单位`, `多个单位匹配：…`, `无法读取…`).
        case left(String)
    }

    /// The file as found (the path given, or below a folder given).
    public var source: String
    public var outcome: Outcome
    /// Where it is in the tree, relative to the input folder (`2021-W35/走访台账/…`).
    public var path: String?
    public var form: String?
    public var unit: String?
    public var day: Day?
    public var received: ReceiptTime?
}

/// Points of an intake where a test may end the process, as a kill would.
public enum IntakeStep: String, Sendable {
    /// A copy's temporary file is written and synced, not yet under its name.
    case temporaryWritten = "temp"
    /// A copy is under its final name; the receipt log not yet rewritten.
    case placed
    /// The new receipt log is written beside the old one, not yet renamed over it.
    case logStaged = "log"
}

public enum Intake {
    /// Names a download folder holds that are no submission and no one's business:
    /// skipped without a line.
    static func isIgnored(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasPrefix("~$") || name == "Thumbs.db" || name == "desktop.ini"
    }

    /// The files `sources` name: files as given, folders walked (code-point order), hidden
    /// files, `Thumbs.db`, `~$` lock files and `.DS_Store` skipped. A path that does not
    /// exist stops the intake (`RunError.inputMissing`).
    static func collect(_ sources: [URL], skipping input: String? = nil) throws -> [URL] {
        var out: [URL] = []
        var seen = Set<String>()
        func walk(_ url: URL) {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted(by: Text.codePointLess)
            for name in names where !isIgnored(name.precomposedStringWithCanonicalMapping) {
                let child = url.appendingPathComponent(name)
                if InputTree.isDirectory(child) {
                    // A folder given that holds the input folder (`intake .`): the tree is not a download.
                    if let input, InputTree.realPath(child.path) == input { continue }
                    walk(child)
                } else if seen.insert(child.standardizedFileURL.path).inserted {
                    out.append(child)
                }
            }
        }
        for source in sources {
            var st = stat()
            guard stat(source.path, &st) == 0 else { throw RunError.inputMissing(source.path) }
            if (st.st_mode & S_IFMT) == S_IFDIR {
                walk(source)
            } else if !isIgnored(source.lastPathComponent.precomposedStringWithCanonicalMapping),
                seen.insert(source.standardizedFileURL.path).inserted
            {
                out.append(source)
            }
        }
        return out
    }

    /// A Unix time in China (UTC+8), to the minute.
    public static func chinaMinute(unix: Int) -> ReceiptTime {
        let local = unix + 8 * 3_600
        let day = Int((Double(local) / 86_400).rounded(.down))
        return ReceiptTime(day: Day(ordinal: Int32(day)), minutes: (local - day * 86_400) / 60)
    }

    /// A file decided: where it goes and what it is. Its bytes are read again when it is
    /// placed (one file in memory at a time) and must still have the digest it was decided on.
    struct Placement {
        var item: Int
        var url: URL
        var digest: String
        var week: ISOWeek
        var folder: String
        var base: String
        var ext: String
    }

    /// Runs the intake: decides every file, then places each week's files holding that
    /// week's lock (the one a `run` of the week takes to write it). Throws only what stops
    /// everything (roster, input folder, an unwritable tree).
    public static func run(_ request: IntakeRequest, stop: (@Sendable (IntakeStep, Int) -> Void)? = nil) throws -> [IntakeItem] {
        guard InputTree.isDirectory(request.input) else { throw RunError.inputMissing(request.input.path) }
        var rosterFindings: [Finding] = []
        let (roster, _) = try RosterLoader.load(
            folder: request.input.appendingPathComponent("roster"), relativeTo: request.input, findings: &rosterFindings)
        let matcher = UnitNameMatcher(roster: roster)
        // The campaign's weeks, for a receipt time far from them (a forwarded file keeping a
        // years-old modification time): its week folder would never be read.
        let campaign: [ISOWeek] = {
            guard let data = try? Data(contentsOf: request.input.appendingPathComponent("plan.yaml")),
                let text = String(data: data, encoding: .utf8),
                let plans = try? PlanLoader.plans(base: ("plan.yaml", text), overlays: [], weeks: [])
            else { return [] }
            return plans.base.campaignWeeks
        }()
        let realInput = InputTree.realPath(request.input.path) ?? request.input.standardizedFileURL.path
        let files = try collect(request.sources, skipping: realInput)
        var items: [IntakeItem] = []
        var placements: [Placement] = []
        for url in files {
            var item = IntakeItem(source: url.path, outcome: .left(""))
            defer { items.append(item) }
            if let real = InputTree.realPath(url.path), real == realInput || real.hasPrefix(realInput + "/") {
                item.outcome = .left("已在输入文件夹中，未处理")
                continue
            }
            var st = stat()
            guard stat(url.path, &st) == 0 else {
                item.outcome = .left("无法读取（\(String(cString: strerror(errno)))）")
                continue
            }
            let received = request.at ?? chinaMinute(unix: Int(st.st_mtim.tv_sec))
            item.received = received
            let data: Data
            switch RowSource.read(url, within: nil) {
            case .failure(let f):
                item.outcome = .left("无法读取（\(f.reason)）")
                continue
            case .success(let d): data = d
            }
            let name = url.lastPathComponent.precomposedStringWithCanonicalMapping
            let extLength = SubmissionFormat.extensionLength(name)
            let stem = String(name.dropLast(extLength))
            let ext = String(name.suffix(max(0, extLength - 1))).lowercased()
            let year = received.day.year
            let probe = FileProbe.probe(data, fileName: name, roster: roster, matcher: matcher, kinds: FormRegistry.standard.kinds, defaultYear: year)
            let kind: SubmissionKind
            switch probe.form {
            case .table(let k): kind = k
            case .deliverable, .unrecognised:
                // A deliverable (材料报送/, issue 25) is placed by its task name once plans have tasks.
                item.outcome = .left("未识别表格")
                continue
            case .unreadable(let why):
                item.outcome = .left("无法读取（\(why)）")
                continue
            }
            item.form = kind.folder
            let unit: Int
            let content = probe.contentUnit
            switch FileNameUnit.of(stem: stem, roster: roster, matcher: matcher) {
            case .exact(let u, _), .contained(let u):
                if let c = content, c != u, !(kind.speaksForCompiledUnits && roster.compiledUnits(of: u).contains(c)) {
                    item.outcome = .left(
                        "多个单位匹配：\(roster.units[u].name)（文件名）、\(roster.units[c].name)（表内\(probe.titleUnit != nil ? "填报单位" : "单位名称")）")
                    continue
                }
                unit = u
            case .ambiguous(let us):
                item.outcome = .left("多个单位匹配：\(us.map { roster.units[$0].name }.joined(separator: "、"))")
                continue
            case .none:
                guard let c = content else {
                    item.outcome = .left("未识别单位")
                    continue
                }
                unit = c
            }
            item.unit = roster.units[unit].name
            var base = roster.units[unit].name
            if kind.schedule == .daily {
                guard let day = FileProbe.dayInName(stem, matcher: matcher, defaultYear: year) ?? probe.commonDay else {
                    item.outcome = .left("无法确定台账日期（文件名和「走访日期」列中都没有）")
                    continue
                }
                item.day = day
                base += "_\(day)"
            }
            let week = request.week ?? ISOWeek(containing: received.day)
            if let first = campaign.first, let last = campaign.last, week < first.adding(weeks: -52) || week > last.adding(weeks: 52) {
                item.outcome = .left("收到时间 \(received) 所在的 \(week) 离活动期（\(first)—\(last)）超过一年，请用 --at 或 --week 指定")
                continue
            }
            placements.append(
                Placement(
                    item: items.count, url: url, digest: Digest.sha256(data), week: week, folder: kind.folder, base: base,
                    ext: ext))
        }
        let weeks = Set(placements.map(\.week)).sorted()
        for week in weeks {
            let mine = placements.filter { $0.week == week }
            try place(mine, week: week, request: request, items: &items, stop: stop)
        }
        return items
    }

    /// Places one week's files and adds their log rows, under the week's lock.
    static func place(
        _ placements: [Placement], week: ISOWeek, request: IntakeRequest, items: inout [IntakeItem],
        stop: (@Sendable (IntakeStep, Int) -> Void)?
    ) throws {
        let fm = FileManager.default
        let weekURL = request.input.appendingPathComponent(week.description)
        var lock: WeekLock?
        if !request.dryRun { lock = try WeekLock(week: week, output: request.output) }
        defer { lock?.release() }
        if !request.dryRun {
            do {
                try fm.createDirectory(at: weekURL, withIntermediateDirectories: true)
            } catch {
                throw RunError.outputNotWritable("\(weekURL.path)（\(error.localizedDescription)）")
            }
            removeStaleTemporaries(in: weekURL)
        }
        let logURL = weekURL.appendingPathComponent(SubmissionKind.receiptLog.folder)
        let oldLog = try? Data(contentsOf: logURL)
        var logged: [String: ReceiptTime] = [:]  // path key → earliest time logged
        if let oldLog {
            var ignored: [Finding] = []
            logged = ReceiptLog.parse(oldLog, file: "", defaultYear: week.year, existing: [], findings: &ignored).times
        }
        var planned: [String: String] = [:]  // digests placed during this intake (a dry run places nothing)
        var rows: [(String, ReceiptTime)] = []
        var copies = 0
        for p in placements {
            let folderURL = weekURL.appendingPathComponent(p.folder)
            guard case .success(let data) = RowSource.read(p.url, within: nil), Digest.sha256(data) == p.digest else {
                items[p.item].outcome = .left("读取后文件被改动或无法再读取，请重新收文")
                continue
            }
            if !request.dryRun {
                do {
                    try fm.createDirectory(at: folderURL, withIntermediateDirectories: true)
                } catch {
                    throw RunError.outputNotWritable("\(folderURL.path)（\(error.localizedDescription)）")
                }
            }
            var n = 1
            while true {
                let name = n == 1 ? "\(p.base).\(p.ext)" : "\(p.base)_\(n).\(p.ext)"
                let rel = "\(p.folder)/\(name)"
                let target = folderURL.appendingPathComponent(name)
                let existing = planned[rel] ?? (fm.fileExists(atPath: target.path) ? Digest.sha256((try? Data(contentsOf: target)) ?? Data()) : nil)
                if let existing {
                    if existing == p.digest {
                        items[p.item].outcome = .alreadyThere
                        items[p.item].path = "\(week)/\(rel)"
                        // A copy an interrupted intake placed but never logged gets its row now;
                        // the same file received earlier than logged (folders taken out of
                        // order) gets a row with that time (the log's earliest row counts).
                        let key = ReceiptLog.key(rel)
                        if let t = items[p.item].received, logged[key].map({ t < $0 }) ?? true {
                            rows.append((rel, t))
                            logged[key] = t
                        }
                        break
                    }
                    n += 1
                    continue
                }
                if !request.dryRun {
                    copies += 1
                    guard try copy(data, to: target, in: folderURL, step: copies, stop: stop) else {
                        continue  // taken meanwhile by someone not holding the lock: look again
                    }
                    stop?(.placed, copies)
                }
                planned[rel] = p.digest
                items[p.item].outcome = .placed
                items[p.item].path = "\(week)/\(rel)"
                if let t = items[p.item].received, logged[ReceiptLog.key(rel)].map({ t < $0 }) ?? true {
                    rows.append((rel, t))
                    logged[ReceiptLog.key(rel)] = t
                }
                break
            }
        }
        guard !rows.isEmpty, !request.dryRun else { return }
        try writeLog(old: oldLog, rows: rows, to: logURL, in: weekURL, stop: stop)
    }

    /// Temporary copies an intake killed before its rename left (under the lock no live
    /// intake has any).
    static func removeStaleTemporaries(in weekURL: URL) {
        let fm = FileManager.default
        var folders = [weekURL]
        for name in (try? fm.contentsOfDirectory(atPath: weekURL.path)) ?? [] {
            let url = weekURL.appendingPathComponent(name)
            if InputTree.isDirectory(url) { folders.append(url) }
        }
        for folder in folders {
            for name in (try? fm.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasPrefix(".") && name.contains(".intake-") {
                try? fm.removeItem(at: folder.appendingPathComponent(name))
            }
        }
    }

    /// Writes `data` to a temporary name in `folder`, syncs it, then links it under
    /// `target`'s name (never replacing a file there) and syncs the folder. False when the
    /// name was taken meanwhile.
    static func copy(_ data: Data, to target: URL, in folder: URL, step: Int, stop: (@Sendable (IntakeStep, Int) -> Void)?) throws -> Bool {
        let temp = folder.appendingPathComponent(".\(target.lastPathComponent).intake-\(getpid())")
        try writeSynced(data, to: temp)
        stop?(.temporaryWritten, step)
        defer { unlink(temp.path) }
        if link(temp.path, target.path) != 0 {
            if errno == EEXIST { return false }
            throw RunError.outputNotWritable("\(target.path)（\(String(cString: strerror(errno)))）")
        }
        syncFolder(folder)
        return true
    }

    static func writeSynced(_ data: Data, to url: URL) throws {
        unlink(url.path)
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw RunError.outputNotWritable("\(url.path)（\(String(cString: strerror(errno)))）") }
        defer { close(fd) }
        var failed = false
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count, let base = raw.baseAddress {
                let n = write(fd, base + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failed = true
                    return
                }
                offset += n
            }
        }
        guard !failed, fsync(fd) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(url.path)
            throw RunError.outputNotWritable("\(url.path)（\(why)）")
        }
    }

    static func syncFolder(_ folder: URL) {
        let fd = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    /// 报送登记.csv with `rows` added: the old bytes kept as they are, the rows appended in
    /// the old file's encoding (GB18030 or UTF-8) and line ends; a new log is UTF-8 with a
    /// BOM (what Excel opens as Chinese) and its header. Written beside the old one and
    /// renamed over it: a crash leaves the old log or the new one.
    static func writeLog(old: Data?, rows: [(String, ReceiptTime)], to logURL: URL, in weekURL: URL, stop: (@Sendable (IntakeStep, Int) -> Void)?) throws {
        var bytes = old ?? Data()
        var newline = "\r\n"
        var gb = false
        if let old, !old.isEmpty {
            if case .success(let d) = CSVReader.decode(old) { gb = d.encoding == .gb18030 }
            if !old.contains(0x0D) { newline = "\n" }
            if old.last != 0x0A { bytes.append(contentsOf: Array(newline.utf8)) }
        } else {
            bytes = Data([0xEF, 0xBB, 0xBF] + Array("文件,收到时间\(newline)".utf8))
        }
        // An office may have reordered the log's columns or added one: each new row puts its
        // path and time under the existing header's 文件 and 收到时间.
        let layout = old.map(logLayout) ?? LogLayout()
        var text = ""
        for (path, time) in rows {
            var cells = Array(repeating: "", count: layout.width)
            cells[layout.file] = csvField(path)
            cells[layout.time] = "\(time)"
            text += cells.joined(separator: ",") + newline
        }
        if gb, let encoded = text.data(using: CSVReader.gb18030) { bytes.append(encoded) } else { bytes.append(contentsOf: Array(text.utf8)) }
        let temp = weekURL.appendingPathComponent(".\(logURL.lastPathComponent).intake-\(getpid())")
        try writeSynced(bytes, to: temp)
        stop?(.logStaged, 0)
        guard rename(temp.path, logURL.path) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(temp.path)
            throw RunError.outputNotWritable("\(logURL.path)（\(why)）")
        }
        syncFolder(weekURL)
    }

    /// Where 文件 and 收到时间 stand in a log's header row (the table reader's header rule);
    /// the contract's two columns when the log has none.
    struct LogLayout: Equatable {
        var width = 2
        var file = 0
        var time = 1
    }

    static func logLayout(_ data: Data) -> LogLayout {
        guard case .success(let decoded) = CSVReader.decode(data) else { return LogLayout() }
        var layout: LogLayout?
        _ = CSVReader.forEachRecord(decoded.bytes) { record in
            guard layout == nil else { return }
            let cells = record.fields.map(Text.normaliseHeader)
            guard ReceiptLog.table.isHeader(cells), let file = cells.firstIndex(of: ReceiptLog.Column.file.header),
                let time = cells.firstIndex(of: ReceiptLog.Column.time.header)
            else { return }
            layout = LogLayout(width: cells.count, file: file, time: time)
        }
        return layout ?? LogLayout()
    }

    static func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}

/// The lock a `run` of a week takes to write `output/<W>/` (`output/.<W>.lock`, see
/// `OutputWriter.replaceFolder`): an intake of the week holds it while it places files and
/// rewrites the receipt log, so two intakes, or an intake and a run writing that week, take
/// turns. Opened without following a link.
struct WeekLock {
    let fd: Int32

    init(week: ISOWeek, output: URL) throws {
        do {
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        } catch {
            throw RunError.outputNotWritable("\(output.path)（\(error.localizedDescription)）")
        }
        let path = output.appendingPathComponent(".\(week).lock").path
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw RunError.outputNotWritable("\(output.path)（无法创建锁文件：\(String(cString: strerror(errno)))）") }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                close(fd)
                throw RunError.outputNotWritable("\(output.path)（无法加锁：\(String(cString: strerror(errno)))）")
            }
        }
    }

    func release() { close(fd) }
}
