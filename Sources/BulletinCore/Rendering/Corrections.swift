import Foundation

/// One file a unit sent that the week reports, with the week's findings on it: one sheet
/// of the unit's marked workbook.
public struct FileCorrections: Sendable {
    public var file: SubmissionFile
    /// Unique in the workbook, at most 31 characters, none of `[]:*?/\`.
    public var sheetName: String
    /// In location order (line, column, code).
    public var findings: [Finding]
    public var errors: Int { findings.filter { $0.severity == .error }.count }
    public var warnings: Int { findings.filter { $0.severity == .warning }.count }
}

/// What goes back to one unit for a week: its files, marked where the week found something.
public struct UnitCorrections: Sendable {
    public var unit: Int
    public var name: String
    /// Every file of the unit the week reports, in path order (code points).
    public var files: [FileCorrections]
    /// The unit's findings that concern no file of its (shown on the 说明 sheet).
    public var other: [Finding]
    public var errors: Int
    public var warnings: Int
    /// The workbook's path inside the week's output folder: `退回修改/<单位名称>.xlsx`.
    public var outputName: String

    public var findingCount: Int { errors + warnings }
}

/// The week's findings grouped per unit and file, for the workbooks sent back to the units
/// (`退回修改/`) and summary.json's `corrections`. Which findings: exactly those the week
/// lists (数据问题清单.xlsx), of units of the roster; quota shortfalls are not mistakes in a
/// file and are not marked.
public enum Corrections {
    public static let folder = "退回修改"
    public static let guideSheet = "说明"

    /// Every unit with at least one finding in the week, in roster order.
    public static func units(_ report: WeekReport) -> [UnitCorrections] {
        let byUnit = Dictionary(grouping: report.findings, by: \.unit)
        let names = fileNames(report.roster)
        // The reported files grouped by unit once, not searched again for every unit.
        let reports = report.registry.reportsPath(report.campaign)
        let filesByUnit = Dictionary(grouping: report.campaign.tree.files.filter { $0.unit != nil && reports($0.path) }, by: { $0.unit ?? -1 })
        return report.roster.units.compactMap { unit in
            guard let findings = byUnit[unit.name], !findings.isEmpty else { return nil }
            return make(unit.index, findings: findings, files: filesByUnit[unit.index] ?? [], report: report, outputName: names[unit.index])
        }
    }

    /// Each unit's error and warning count and workbook name, without its sheets (summary.json).
    public static func counts(_ report: WeekReport) -> [(name: String, errors: Int, warnings: Int, outputName: String)] {
        var byUnit: [String: (errors: Int, all: Int)] = [:]
        for f in report.findings {
            byUnit[f.unit, default: (0, 0)].all += 1
            if f.severity == .error { byUnit[f.unit, default: (0, 0)].errors += 1 }
        }
        let names = fileNames(report.roster)
        return report.roster.units.compactMap { unit in
            guard let n = byUnit[unit.name], n.all > 0 else { return nil }
            return (unit.name, n.errors, n.all - n.errors, names[unit.index])
        }
    }

    /// One unit's corrections, with or without findings (`check --unit NAME --format xlsx`).
    public static func unit(_ index: Int, _ report: WeekReport) -> UnitCorrections {
        let name = report.roster.units[index].name
        let reports = report.registry.reportsPath(report.campaign)
        return make(
            index, findings: report.findings.filter { $0.unit == name },
            files: report.campaign.tree.files.filter { $0.unit == index && reports($0.path) }, report: report,
            outputName: fileNames(report.roster)[index])
    }

    static func make(_ index: Int, findings: [Finding], files: [SubmissionFile], report: WeekReport, outputName: String) -> UnitCorrections {
        let files = files.sorted { Text.codePointLess($0.path, $1.path) }
        let byFile = Dictionary(grouping: findings, by: \.file)
        var names = UniqueNames(taken: [guideSheet.lowercased()])
        var sheets: [FileCorrections] = []
        for file in files {
            let name = uniqueSheetName(sheetBase(file), names: &names)
            sheets.append(FileCorrections(file: file, sheetName: name, findings: (byFile[file.path] ?? []).sorted(by: Finding.locationOrder)))
        }
        let placed = Set(files.map(\.path))
        let other = findings.filter { !placed.contains($0.file) }.sorted(by: Finding.locationOrder)
        let errors = findings.filter { $0.severity == .error }.count
        return UnitCorrections(
            unit: index, name: report.roster.units[index].name, files: sheets, other: other, errors: errors,
            warnings: findings.count - errors, outputName: outputName)
    }

    /// By when a unit should send its corrected files: the next week's report day at the
    /// weekly deadline, so the next bulletin counts them.
    public static func resubmitBy(_ report: WeekReport) -> ReceiptTime {
        ReceiptTime(day: report.plan.reportDate(of: report.week.next), minutes: report.plan.articlesDeadline)
    }

    // MARK: - Names

    /// `附件3 宣传稿件统计表`, with what follows the unit in the file name (a ledger's date,
    /// `第2周`) — what a clerk calls the file.
    static func sheetBase(_ file: SubmissionFile) -> String {
        let suffix = Text.trim(file.suffix)
        return suffix.isEmpty ? file.kind.label : "\(file.kind.label) \(suffix)"
    }

    /// Names taken so far, compared ignoring case (as Excel compares sheet names and Windows
    /// file names), and for each first choice the next number to try: the `(n)` of a name
    /// given a thousand times is found in one step, not by counting up from 2 each time.
    struct UniqueNames {
        var taken: Set<String> = []
        var next: [String: Int] = [:]

        /// `first` when free, else the first free `numbered(n)` for n = 2, 3 … (the numbers
        /// already handed out for the same first choice are not tried again: taken stays taken).
        mutating func claim(_ first: String, numbered: (Int) -> String) -> String {
            let key = first.lowercased()
            if taken.insert(key).inserted { return first }
            var n = next[key] ?? 2
            while true {
                let candidate = numbered(n)
                n += 1
                if taken.insert(candidate.lowercased()).inserted {
                    next[key] = n
                    return candidate
                }
            }
        }
    }

    /// A sheet name Excel accepts: forbidden characters and controls replaced, no apostrophe
    /// at either end, at most 31 UTF-16 units, unique ignoring case ("(2)", "(3)" … when taken).
    static func uniqueSheetName(_ base: String, names: inout UniqueNames) -> String {
        var clean = String(String.UnicodeScalarView(base.unicodeScalars.map { s -> Unicode.Scalar in
            "[]:*?/\\".unicodeScalars.contains(s) || s.value < 0x20 || s.value == 0x7F || s.value == 0xFFFE || s.value == 0xFFFF ? "_" : s
        }))
        while clean.hasPrefix("'") { clean.removeFirst() }
        while clean.hasSuffix("'") { clean.removeLast() }
        if clean.isEmpty || clean.lowercased() == "history" { clean = "文件" }
        func cut(_ s: String, to limit: Int) -> String {
            var out = ""
            for c in s {
                if out.utf16.count + String(c).utf16.count > limit { break }
                out.append(c)
            }
            while out.hasSuffix("'") || out.hasSuffix(" ") { out.removeLast() }
            return out
        }
        return names.claim(cut(clean, to: 31)) { n in
            let suffix = "(\(n))"
            return cut(clean, to: 31 - suffix.utf16.count) + suffix
        }
    }

    /// `退回修改/<单位名称>.xlsx` for every unit of the roster, by index: the name as the roster
    /// writes it, made a file name Windows and Linux both accept (`fileStem`), and "(2)" on
    /// a name that would clash once cleaned (ignoring case, as Windows compares names).
    static func fileNames(_ roster: Roster) -> [String] {
        var names = UniqueNames()
        return roster.units.map { unit in
            let clean = fileNameScalars(unit.name)
            let stem = names.claim(fileStem(clean, suffix: "")) { n in fileStem(clean, suffix: "(\(n))") }
            return "\(folder)/\(stem).xlsx"
        }
    }

    /// At most this many UTF-8 bytes before `.xlsx` (Linux allows 255 per name, Windows 255 UTF-16 units).
    static let fileStemBytes = 200

    /// Characters no Windows or Linux file name should hold, each replaced by `_`: the path
    /// separators, `*?<>|:"` (forbidden on Windows), control characters (C0, DEL, C1) and the
    /// bidirectional controls that make a name display as another (U+202E `xslx.exe`).
    static func fileNameScalars(_ name: String) -> String {
        String(String.UnicodeScalarView(name.unicodeScalars.map { s -> Unicode.Scalar in
            switch s.value {
            case 0..<0x20, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return "_"
            default: return "/\\*?<>|:\"".unicodeScalars.contains(s) ? "_" : s
            }
        }))
    }

    /// `clean` (already through `fileNameScalars`) as the part of a file name before `.xlsx`,
    /// `suffix` included: cut to `fileStemBytes` on character boundaries (on scalar
    /// boundaries only when a single character is longer, such as a letter carrying hundreds
    /// of combining marks), then no trailing dots or spaces (Windows drops them), no leading
    /// dot (hidden on Linux), never empty, and never a name Windows reserves for a device
    /// (`CON`, `NUL.txt`, `com1` …): those get a leading `_`.
    static func fileStem(_ clean: String, suffix: String) -> String {
        func shape(_ limit: Int) -> String {
            var out = ""
            var bytes = 0
            for c in clean {
                let n = String(c).utf8.count
                if bytes + n > limit {
                    if out.isEmpty {
                        for s in c.unicodeScalars {
                            if bytes + String(s).utf8.count > limit { break }
                            out.unicodeScalars.append(s)
                            bytes += String(s).utf8.count
                        }
                    }
                    break
                }
                out.append(c)
                bytes += n
            }
            var scalars = out.unicodeScalars
            while let last = scalars.last, last == "." || last == " " { scalars.removeLast() }
            if scalars.first == "." { scalars.replaceSubrange(scalars.startIndex..<scalars.index(after: scalars.startIndex), with: ["_"]) }
            let shaped = String(scalars)
            return shaped.isEmpty ? "单位" : shaped
        }
        let room = fileStemBytes - suffix.utf8.count
        let stem = shape(room) + suffix
        return windowsReserved(stem) ? "_" + shape(room - 1) + suffix : stem
    }

    /// Whether Windows takes the name for a device, with any extension: `CON`, `prn.xlsx`, `COM1.x` …
    static func windowsReserved(_ stem: String) -> Bool {
        let base = stem.prefix { $0 != "." }.uppercased()
        let trimmed = String(base.reversed().drop { $0 == " " }.reversed())
        if ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"].contains(trimmed) { return true }
        guard trimmed.count == 4, trimmed.hasPrefix("COM") || trimmed.hasPrefix("LPT"), let last = trimmed.last else { return false }
        return "123456789¹²³".contains(last)
    }
}
