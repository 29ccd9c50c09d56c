import Foundation

/// A submission file found in a week folder.
public struct SubmissionFile: Sendable, Hashable {
    public var week: ISOWeek
    public var kind: SubmissionKind
    /// Relative to the input folder, "/"-separated: `2021-W35/走访台账/山头街道_2021-08-31.csv`.
    public var path: String
    /// Relative to the week folder, as the receipt log names it: `走访台账/山头街道_2021-08-31.csv`.
    public var pathInWeek: String
    /// The file name without its extension (`.csv`, `.xlsx` …).
    public var stem: String
    /// The submitting unit (roster index), nil when the name matches no unit.
    public var unit: Int?
    /// What follows the unit's name and `_` (a date for daily ledgers), "" when nothing.
    public var suffix: String
    public var url: URL

    /// The format the file's name says (nil for a name no submission has).
    public var format: SubmissionFormat? { SubmissionFormat(fileName: path) }
}

/// Something a run cannot go on without. Each maps to an exit code in the executable.
public enum RunError: LocalizedError, Sendable {
    case inputMissing(String)
    case weekNotFound(String)
    case outputNotWritable(String)
    /// The output folder is the input folder, inside it, or holds it (exit 64).
    case outputOverlapsInput(String)

    public var errorDescription: String? {
        switch self {
        case .inputMissing(let p): return "找不到输入文件夹：\(p)"
        case .weekNotFound(let w): return w
        case .outputNotWritable(let p): return "无法写入输出文件夹：\(p)"
        case .outputOverlapsInput(let why): return why
        }
    }
}

/// The input folder: week folders and their files, never reading past the week asked for.
public struct InputTree: Sendable {
    public var root: URL
    /// Week folders present, up to and including the run's week, ascending.
    public var weeks: [ISOWeek]
    /// Every submission file of those weeks: by week, then kind, then path in code-point order.
    public var files: [SubmissionFile]
    public var receiptLogs: [ISOWeek: URL]
    public var planOverlays: [ISOWeek: URL]
    /// Every file of the weeks' 材料报送/ folders: by week, then path in code-point order.
    public var deliverables: [Deliverable] = []
    /// Problems with the tree itself (stray files, unknown units in file names).
    public var findings: [Finding]

    public static func weekFolders(in root: URL) throws -> [ISOWeek] {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: root.path, isDirectory: &isDir), isDir.boolValue else {
            throw RunError.inputMissing(root.path)
        }
        let names = (try? fm.contentsOfDirectory(atPath: root.path)) ?? []
        return names.compactMap { ISOWeek($0) }.sorted()
    }

    static func isDirectory(_ url: URL) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue
    }

    /// Whether `url`, links followed, is inside `root` (links followed too). A dangling link
    /// counts as inside: reading it then fails with its own finding.
    public static func isInside(_ url: URL, root: URL) -> Bool {
        isInside(url, realRoot: realPath(root.path) ?? root.standardizedFileURL.path)
    }

    /// `isInside` with the root already resolved (once per scan, not once per file).
    static func isInside(_ url: URL, realRoot: String) -> Bool {
        var st = stat()
        guard lstat(url.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK else {
            // Not a link itself: inside when its folder is (the scan only walks folders it accepted).
            return true
        }
        guard let target = realPath(url.path) else { return true }
        return target == realRoot || target.hasPrefix(realRoot.hasSuffix("/") ? realRoot : realRoot + "/")
    }

    /// realpath(3): every link resolved; nil when the path does not resolve (dangling).
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func outsideFinding(_ path: String) -> Finding {
        Finding(
            code: .outsideInput, file: path, line: 0,
            message: "「\(path)」是指向输入文件夹之外的链接，未读取；请把文件本身放进文件夹")
    }

    static func sortedNames(_ url: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
    }

    /// Scans the week folders up to `last`: the registry's form folders, the receipt log and
    /// plan overlays; anything else is a finding.
    /// A folder name shaped like a week (`2021-W35`, `2024-W99`, `2021-w35`), real or not.
    public static func looksLikeWeek(_ name: String) -> Bool {
        let b = Array(name.utf8)
        func digit(_ i: Int) -> Bool { b[i] >= 48 && b[i] <= 57 }
        return b.count == 8 && (0..<4).allSatisfy(digit) && b[4] == 0x2D && (b[5] == 0x57 || b[5] == 0x77)
            && digit(6) && digit(7)
    }

    /// Week folders the campaign cannot have: names shaped like a week that are no real ISO
    /// week (`2021-W53` in a 52-week year, `W00`, `W99`, a year past 2999), and real weeks
    /// more than a year from the campaign. Each is a finding; nothing in it is read.
    public static func badWeekFolders(in root: URL, campaign: [ISOWeek]) -> (bad: Set<String>, findings: [Finding]) {
        var bad = Set<String>()
        var findings: [Finding] = []
        guard let first = campaign.first, let last = campaign.last else { return (bad, findings) }
        let earliest = first.adding(weeks: -52), latest = last.adding(weeks: 52)
        for name in sortedNames(root) where looksLikeWeek(name) && name.utf8[name.utf8.index(name.utf8.startIndex, offsetBy: 5)] == 0x57 {
            let why: String
            if let week = ISOWeek(name) {
                guard week < earliest || week > latest else { continue }
                why = "离活动期（\(first)—\(last)）超过一年"
            } else {
                why = "不是存在的 ISO 周（每年第 01 周到第 52 或 53 周）"
            }
            bad.insert(name)
            findings.append(
                Finding(
                    code: .badWeekFolder, file: name, line: 0, value: name,
                    message: "周文件夹「\(name)」\(why)，其中文件未读取；请检查文件夹名（如 \(first)）"))
        }
        return (bad, findings)
    }

    public static func scan(
        root: URL, upTo last: ISOWeek, roster: Roster, kinds: [SubmissionKind], campaign: [ISOWeek] = []
    ) throws -> InputTree {
        var tree = InputTree(root: root, weeks: [], files: [], receiptLogs: [:], planOverlays: [:], findings: [])
        let (bad, badFindings) = badWeekFolders(in: root, campaign: campaign)
        tree.findings += badFindings
        tree.weeks = try weekFolders(in: root).filter { $0 <= last && !bad.contains($0.description) }
        // `2021-w35` looks like a week but is not named as one: say so rather than skip it.
        for name in sortedNames(root) where ISOWeek(name) == nil {
            if let week = ISOWeek(name.uppercased()), week <= last {
                tree.findings.append(
                    Finding(
                        code: .strayFile, file: name, line: 0,
                        message: "周文件夹「\(name)」应命名为「\(week)」（大写 W），其中文件未读取"))
            }
        }
        // Nothing outside the input folder is read: a linked week folder, form folder or file
        // that leads out of it is a finding.
        let realRoot = realPath(root.path) ?? root.standardizedFileURL.path
        let matcher = UnitNameMatcher(roster: roster)
        tree.weeks = tree.weeks.filter { week in
            guard isInside(root.appendingPathComponent(week.description), realRoot: realRoot) else {
                tree.findings.append(outsideFinding(week.description))
                return false
            }
            return true
        }
        for week in tree.weeks {
            let folderName = week.description
            let weekURL = root.appendingPathComponent(folderName)
            for name in sortedNames(weekURL) {
                let url = weekURL.appendingPathComponent(name)
                guard isInside(url, realRoot: realRoot) else {
                    tree.findings.append(outsideFinding("\(folderName)/\(name)"))
                    continue
                }
                let normalised = name.precomposedStringWithCanonicalMapping
                if isDirectory(url) && Text.trim(normalised) == SubmissionKind.deliverables.folder {
                    tree.scanDeliverables(folder: url, week: week, roster: roster, realRoot: realRoot)
                } else if isDirectory(url) {
                    guard let kind = kinds.first(where: { $0.folder == Text.trim(normalised) }) else {
                        tree.findings.append(
                            Finding(
                                code: .strayFile, file: "\(folderName)/\(name)", line: 0,
                                message: "「\(name)」不是约定的报送文件夹（\((kinds + [.deliverables]).map(\.folder).joined(separator: "、"))），其中文件未读取"))
                        continue
                    }
                    tree.scanKind(kind, folder: url, week: week, roster: roster, matcher: matcher, realRoot: realRoot, kinds: kinds)
                } else if let kind = kinds.first(where: { $0.folder == Text.trim(normalised) }) {
                    // A form's folder that is not one (a broken link, a file): its files are lost
                    // to the run, which must say so.
                    tree.findings.append(
                        Finding(
                            code: .unreadableFile, file: "\(folderName)/\(name)", line: 0,
                            message: "「\(kind.folder)」文件夹无法打开（不是文件夹或链接失效），其中文件未读取，本周该项各单位按未报送处理"))
                } else if normalised == SubmissionKind.receiptLog.folder {
                    tree.receiptLogs[week] = url
                } else if normalised == "plan.yaml" {
                    tree.planOverlays[week] = url
                } else {
                    tree.findings.append(
                        Finding(
                            code: .strayFile, file: "\(folderName)/\(name)", line: 0,
                            message: "周文件夹中只应有各报送文件夹、报送登记.csv 和 plan.yaml；「\(name)」未读取"))
                }
            }
        }
        return tree
    }

    /// One entry of a week's form folder, with its path inside the week and in the tree.
    struct FolderEntry {
        let name: String
        let url: URL
        let pathInWeek: String
        let path: String
    }

    /// The entries of `kind`'s folder of `week`, in name order. A folder that cannot be
    /// listed is an `unreadable-file` finding (`unreadable` says what follows) and nil; an
    /// entry that resolves outside the input folder is reported and left out. Shared by the
    /// table forms' scan and 材料报送/'s.
    mutating func entries(
        of folder: URL, kind: SubmissionKind, week: ISOWeek, realRoot: String, unreadable: String
    ) -> [FolderEntry]? {
        do {
            _ = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            findings.append(
                Finding(
                    code: .unreadableFile, file: "\(week)/\(kind.folder)", line: 0,
                    message: "「\(kind.folder)」文件夹无法读取（没有权限），\(unreadable)"))
            return nil
        }
        var entries: [FolderEntry] = []
        for name in InputTree.sortedNames(folder) {
            let url = folder.appendingPathComponent(name)
            let pathInWeek = "\(kind.folder)/\(name)"
            let path = "\(week)/\(pathInWeek)"
            guard InputTree.isInside(url, realRoot: realRoot) else {
                findings.append(InputTree.outsideFinding(path))
                continue
            }
            entries.append(FolderEntry(name: name, url: url, pathInWeek: pathInWeek, path: path))
        }
        return entries
    }

    mutating func scanKind(
        _ kind: SubmissionKind, folder: URL, week: ISOWeek, roster: Roster, matcher: UnitNameMatcher, realRoot: String,
        kinds: [SubmissionKind]
    ) {
        guard let entries = entries(
            of: folder, kind: kind, week: week, realRoot: realRoot, unreadable: "其中文件未读取，本周该项各单位按未报送处理")
        else { return }
        for entry in entries {
            let (name, url, pathInWeek, path) = (entry.name, entry.url, entry.pathInWeek, entry.path)
            guard !InputTree.isDirectory(url) else {
                if SubmissionFormat(fileName: name.precomposedStringWithCanonicalMapping) != nil {
                    // Named as a submission, but not one that can be read: the unit must hear so.
                    findings.append(
                        Finding(
                            code: .unreadableFile, file: path, line: 0,
                            message: "「\(name)」是文件夹而不是文件，无法读取，本文件未计入；请重新报送"))
                } else {
                    findings.append(Finding(code: .strayFile, file: path, line: 0, message: "「\(name)」是文件夹，未读取"))
                }
                continue
            }
            let normalised = name.precomposedStringWithCanonicalMapping
            // A name whose bytes are not UTF-8 (a zip made on a Chinese Windows PC keeps GBK
            // names) cannot be opened by the text Foundation lists for it: said as such, with
            // the name read as GBK where its bytes are GBK, never as a file that is missing.
            if name.unicodeScalars.contains("\u{FFFD}"), let raw = InputTree.undecodableName(name, in: folder) {
                let gbk = String(data: raw, encoding: CSVReader.gb18030)
                findings.append(
                    Finding(
                        code: .unreadableFile, file: gbk.map { "\(week)/\(kind.folder)/\($0)" } ?? path, line: 0, value: gbk ?? "",
                        message: gbk.map { "文件名不是 UTF-8 编码（按 GBK 读作「\($0)」），未读取；请把文件改名为「\($0)」后重新报送" }
                            ?? "文件名的编码无法识别（既不是 UTF-8 也不是 GBK），未读取；请把文件改名后重新报送"))
                continue
            }
            // `~$区税务局.xlsx`: the owner file Excel/WPS leave beside a workbook someone has
            // open (hidden on Windows, not here). Not a submission, and no unit's error.
            if normalised.hasPrefix("~$") {
                findings.append(
                    Finding(
                        code: .strayFile, file: path, line: 0,
                        message: "「\(name)」是 Excel/WPS 打开表格时生成的临时文件，未读取；关闭表格后可删除"))
                continue
            }
            // CSV and .xlsx/.xlsm are read; .xls/.et, .ods, .numbers, .xlsb, a PDF or a picture
            // are submissions too, reported when read as the unit's (it is 已报送 with nothing
            // counted and hears to save them again) rather than lost as stray files.
            guard SubmissionFormat(fileName: normalised) != nil else {
                findings.append(
                    Finding(
                        code: .notCSV, file: path, line: 0,
                        message: "「\(name)」不是 CSV 或 Excel（.xlsx）文件，未读取；请在 Excel/WPS 中「另存为」.xlsx 或 CSV 格式后报送"))
                continue
            }
            let stem = String(normalised.dropLast(SubmissionFormat.extensionLength(normalised)))
            var file = SubmissionFile(
                week: week, kind: kind, path: path, pathInWeek: pathInWeek, stem: stem, unit: nil, suffix: "", url: url)
            switch FileNameUnit.of(stem: stem, roster: roster, matcher: matcher) {
            case .exact(let unit, let suffix):
                file.unit = unit
                file.suffix = suffix
            case .contained(let unit):
                placeMisnamed(&file, name: name, unit: unit, roster: roster, matcher: matcher, realRoot: realRoot, kinds: kinds)
            case .ambiguous(let units):
                // Nobody's file: each unit it names hears of it (退回修改, check --unit, 催报).
                let names = units.map { roster.units[$0].name }
                for unit in names {
                    findings.append(
                        Finding(
                            code: .misnamedFile, severity: .error, unit: unit, file: path, line: 0, value: stem,
                            message: "文件「\(name)」的文件名含有多个单位（\(names.joined(separator: "、"))），无法确定是哪个单位报送的，本文件未计入；请以本单位名称开头命名（如「\(unit).csv」）后重新报送"))
                }
            case .none:
                // The file is the office's to sort out: it is never shown as a unit of its own
                // name (`附件3`), and the message names the unit it most likely is.
                let head = stem.split(separator: "_", maxSplits: 1).first.map(String.init) ?? stem
                let hint = roster.suggestion(for: stem).map {
                    "；是否为「\($0.name)」？请改名为「\($0.name)\(InputTree.suffixHint(stem: stem, unit: $0, roster: roster)).csv」后重新报送"
                } ?? "；请用单位全称或简称开头命名文件（如「单位名称_说明.csv」）"
                findings.append(
                    Finding(
                        code: .unknownUnitFile, file: path, line: 1, value: head,
                        message: "文件名「\(name)」开头的单位「\(head)」不在单位名册（units.csv）中，本文件未计入\(hint)"))
            }
            files.append(file)
        }
    }

    /// The raw bytes of the entry of `folder` that Foundation lists as `shown` (its bytes
    /// not UTF-8, each bad byte shown as U+FFFD), or nil when there is no such entry.
    static func undecodableName(_ shown: String, in folder: URL) -> Data? {
        guard let dir = opendir(folder.path) else { return nil }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            guard String(validatingUTF8: bytes.map { CChar(bitPattern: $0) } + [0]) == nil else { continue }
            if String(decoding: bytes, as: UTF8.self) == shown { return Data(bytes) }
        }
        return nil
    }

    /// A file whose name does not start with a unit but names exactly one (`水利局第三周宣传稿件.csv`):
    /// that unit's submission with a `misnamed-file` warning giving the expected name, unless
    /// its own 填报单位 / 单位名称 cells name another unit — then it counts for nobody and
    /// both units hear of it. A ledger takes its day from a date in the name.
    mutating func placeMisnamed(
        _ file: inout SubmissionFile, name: String, unit: Int, roster: Roster, matcher: UnitNameMatcher, realRoot: String,
        kinds: [SubmissionKind]
    ) {
        let unitName = roster.units[unit].name
        var content: Int?
        if case .success(let data) = RowSource.read(file.url, within: realRoot) {
            let probe = FileProbe.probe(data, fileName: name, roster: roster, matcher: matcher, kinds: kinds, defaultYear: file.week.year)
            content = probe.contentUnit
        }
        if let other = content, other != unit, !(file.kind.speaksForCompiledUnits && roster.compiledUnits(of: unit).contains(other)) {
            let otherName = roster.units[other].name
            for who in [unitName, otherName] {
                findings.append(
                    Finding(
                        code: .misnamedFile, severity: .error, unit: who, file: file.path, line: 0, value: file.stem,
                        message: "文件「\(name)」的文件名含有「\(unitName)」，表内写的单位却是「\(otherName)」，无法确定是哪个单位报送的，本文件未计入；请以报送单位名称开头命名（如「\(who).csv」）后重新报送"))
            }
            return
        }
        var expected = unitName
        if file.kind.schedule == .daily {
            let day = FileProbe.dayInName(file.stem, matcher: matcher, defaultYear: file.week.year)
            file.suffix = day.map { "\($0)" } ?? ""
            expected += "_" + (day.map { "\($0)" } ?? "日期")
        }
        file.unit = unit
        let ext = name.split(separator: ".").last.map { "." + $0.lowercased() } ?? ""
        findings.append(
            Finding(
                code: .misnamedFile, unit: unitName, file: file.path, line: 0, value: file.stem,
                message: "文件「\(name)」未以单位名称开头，已按文件名中的「\(unitName)」计入；请今后命名为「\(expected)\(ext)」"))
    }

    /// What may follow the unit in a renamed file: the stem's part after `_`, unless that
    /// part is the unit itself (`附件3_区商务局` → `区商务局_附件3`).
    static func suffixHint(stem: String, unit: RosterUnit, roster: Roster) -> String {
        let parts = stem.split(separator: "_", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return "" }
        return "_" + (roster.unit(named: parts[1])?.index == unit.index ? parts[0] : parts[1])
    }

    public func files(of kind: SubmissionKind, week: ISOWeek? = nil) -> [SubmissionFile] {
        files.filter { $0.kind == kind && (week == nil || $0.week == week) }
    }
}
