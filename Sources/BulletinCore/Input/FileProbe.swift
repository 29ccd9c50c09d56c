import Foundation

/// What a file's own content says about it, read before it has a place in the tree: which
/// form its header row is (the readers' header rule, `TableColumns.isHeader`: the first row in
/// which at least three cells name columns of a form), else which form its title rows name; the unit its
/// `填报单位：…` title cell or its unit column names; and, for a ledger, the 走访日期 most of
/// its rows carry. `bulletin intake` places files by it; the tree scanner asks it whether a
/// misnamed file's cells name another unit.
public struct FileProbe: Sendable {
    /// What the file is.
    public enum Form: Sendable, Equatable {
        /// A table of one of the registry's forms.
        case table(SubmissionKind)
        /// A one-off deliverable (材料报送/, issue 25): not recognised here yet; the seam where
        /// a file whose name names a plan task will be placed.
        case deliverable
        /// A table, or something else, that matches no form.
        case unrecognised
        /// The bytes cannot be read as a table (a damaged or old-format workbook, bad encoding).
        case unreadable(String)
    }

    public var form: Form
    /// The unit of the `填报单位：…` title cell, when it names exactly one.
    public var titleUnit: Int?
    /// The units the form's unit column (附件3 单位名称, 附件2 走访单位) holds, ascending.
    public var columnUnits: [Int]
    /// The most common 走访日期 (the latest of equally common days); nil when none.
    public var commonDay: Day?

    /// The unit the content names: the title cell's, else the column's when one unit fills it.
    public var contentUnit: Int? { titleUnit ?? (columnUnits.count == 1 ? columnUnits[0] : nil) }

    /// The column that names the sending unit, per form.
    static let unitColumns: [String: String] = ["宣传稿件统计表": "单位名称", "走访台账": "走访单位"]

    /// Reads `data` (a file named `fileName`) as a table of one of `kinds` (the registry's forms).
    /// `defaultYear` completes a 走访日期 written without a year.
    public static func probe(
        _ data: Data, fileName: String, roster: Roster, matcher: UnitNameMatcher, kinds: [SubmissionKind],
        defaultYear: Int
    ) -> FileProbe {
        var probe = FileProbe(form: .unrecognised, titleUnit: nil, columnUnits: [], commonDay: nil)
        let source: SubmissionSource
        switch SubmissionFormat(fileName: fileName.precomposedStringWithCanonicalMapping.lowercased()) {
        case .csv: source = .csv(CSVSource(data: data))
        case .xlsx: source = .xlsx(XLSXSource(data: data))
        case .legacyWorkbook:
            probe.form = .unreadable("旧版 Excel/WPS 格式（.xls/.et），无法读取")
            return probe
        case .unsupported(let name):
            // A table in another format (.ods, .numbers …) is a form that cannot be read; a
            // PDF or a picture is no table (a deliverable of 材料报送/ once tasks are placed).
            if SubmissionFormat.isTable(name) { probe.form = .unreadable("\(name)，无法读取，请另存为 .xlsx 或 CSV") }
            return probe
        case nil:
            return probe
        }
        let tables = kinds.map(\.table)
        var chosen: Int?  // index into kinds
        var titleText = ""
        var titleRows = 0
        var unitColumn: Int?, dateColumn: Int?
        var units = Set<Int>()
        var days: [Day: Int] = [:]
        var problem: String?
        source.forEachRecord(problem: { p in
            switch p {
            case .badEncoding, .mixedEncoding: problem = "无法按 UTF-8 或 GB18030 读取"
            case .workbook(let w):
                switch w {
                case .oldFormat: problem = "旧版 Excel/WPS 格式（.xls/.et），无法读取"
                case .encrypted: problem = "设置了打开密码，无法读取"
                case .damaged(let why): problem = "无法作为 Excel 工作簿读取（\(why)）"
                case .tooLarge(let part): problem = "解压后超出上限（\(part)）"
                }
            case .unsupportedFormat(let name): problem = "\(name)，无法读取"
            case .unterminatedQuote, .workbookNote: break
            }
        }) { record in
            guard let k = chosen else {
                let names = record.fields.map(Text.normaliseHeader)
                // The readers' rule (`TableColumns.isHeader`) per form; the form naming most columns wins.
                let scores = tables.map { table in table.isHeader(names) ? table.columnsNamed(by: names) : 0 }
                let best = scores.max() ?? 0
                guard best > 0 else {
                    // A title row above the header: kept for the form's name and 填报单位.
                    titleRows += 1
                    if titleRows <= 30 { titleText += record.fields.map(Text.trim).joined(separator: " ") + "\n" }
                    return
                }
                let top = scores.indices.filter { scores[$0] == best }
                // Two forms sharing as many columns: the title rows decide below.
                chosen = top.count == 1 ? top[0] : (titleForm(titleText, kinds: kinds).flatMap { t in top.contains(t) ? t : nil } ?? -1)
                guard let c = chosen, c >= 0 else { return }
                let kind = kinds[c]
                if let column = unitColumns[kind.folder] { unitColumn = names.firstIndex(of: column) }
                if kind.folder == "走访台账" { dateColumn = names.firstIndex(of: "走访日期") }
                return
            }
            guard k >= 0 else { return }
            if let c = unitColumn, c < record.fields.count {
                let cell = Text.trim(record.fields[c])
                if !cell.isEmpty, let u = roster.unitIndex(named: cell) { units.insert(u) }
            }
            if let c = dateColumn, c < record.fields.count {
                let cell = Text.trim(record.fields[c])
                // A date with a time (`2021-08-31 10:30`) is that day.
                let datePart = String(cell.split(whereSeparator: { $0 == " " || $0 == "T" }).first ?? "")
                if case .success(let d) = DateParser.parse(datePart, defaultYear: defaultYear) { days[d, default: 0] += 1 }
            }
        }
        if let problem {
            probe.form = .unreadable(problem)
            return probe
        }
        if let c = chosen, c >= 0 {
            probe.form = .table(kinds[c])
        } else if chosen == nil, let t = titleForm(titleText, kinds: kinds) ?? sheetForm(data, source: source, kinds: kinds) {
            // No header row the readers know (columns renamed, a title only): its title or
            // sheet name names the form, and the run reports what is wrong with it to its unit.
            probe.form = .table(kinds[t])
        }
        probe.titleUnit = titleUnit(titleText, roster: roster, matcher: matcher)
        probe.columnUnits = units.sorted()
        probe.commonDay = days.max { a, b in a.value != b.value ? a.value < b.value : a.key < b.key }?.key
        return probe
    }

    /// The form a title names (`附件3`, `宣传稿件统计表`, `走访台账` …): the one form whose
    /// folder name or 附件 number the text holds; nil when none or several.
    public static func titleForm(_ text: String, kinds: [SubmissionKind]) -> Int? {
        let key = Text.comparisonKey(text)
        guard !key.isEmpty else { return nil }
        var hits = Set<Int>()
        for (i, kind) in kinds.enumerated() {
            var marks = [kind.folder]
            if let label = kind.label.split(separator: " ").first, label.hasPrefix("附件") { marks.append(String(label)) }
            if marks.contains(where: { key.contains(Text.comparisonKey($0)) }) { hits.insert(i) }
        }
        return hits.count == 1 ? hits.first : nil
    }

    /// The form a workbook's visible sheet names name (`附件3`, `宣传稿件统计表`); nil for a CSV.
    static func sheetForm(_ data: Data, source: SubmissionSource, kinds: [SubmissionKind]) -> Int? {
        guard case .xlsx = source else { return nil }
        return titleForm(XLSXSource.visibleSheetNames(data).joined(separator: "\n"), kinds: kinds)
    }

    /// The unit of a `填报单位：区税务局　填报日期：…` title: the text after 填报单位 up to the
    /// next space or label, as a roster name, else the one unit the matcher finds in it.
    static func titleUnit(_ text: String, roster: Roster, matcher: UnitNameMatcher) -> Int? {
        guard let range = text.range(of: "填报单位") else { return nil }
        var rest = text[range.upperBound...].drop(while: { $0 == ":" || $0 == "：" || $0 == " " || $0 == "\u{3000}" })
        if let end = rest.firstIndex(where: { $0 == " " || $0 == "\u{3000}" || $0 == "\n" || $0 == "\t" }) {
            rest = rest[..<end]
        }
        for label in ["填报日期", "填报人", "联系人", "日期"] {
            if let r = rest.range(of: label) { rest = rest[..<r.lowerBound] }
        }
        let name = String(rest)
        if let u = roster.unitIndex(named: name) { return u }
        let found = matcher.candidates(in: name)
        return found.count == 1 ? found[0] : nil
    }

    /// A day a file name gives (`山头街道8.31台账`, `山头街道_2021-08-31`, `0831`), read from
    /// what is left of the name once unit names and copy marks (`(1)`) are taken out.
    public static func dayInName(_ stem: String, matcher: UnitNameMatcher, defaultYear: Int) -> Day? {
        var rest = matcher.remainder(of: stem)
        // `(1)`, `（2）`: a copy the download folder numbered, not a date.
        rest = rest.replacingOccurrences(of: "\\([0-9]+\\)", with: " ", options: .regularExpression)
        let patterns = [
            "[0-9]{4}[-./年][0-9]{1,2}[-./月][0-9]{1,2}日?",
            "(?<![0-9])[0-9]{8}(?![0-9])",
            "(?<![0-9])[0-9]{1,2}[-.月][0-9]{1,2}日?(?![0-9])",
            "(?<![0-9])[0-9]{4}(?![0-9])",
        ]
        for pattern in patterns {
            guard let r = rest.range(of: pattern, options: .regularExpression) else { continue }
            var token = String(rest[r])
            if token.range(of: "^[0-9]{1,2}[-.][0-9]{1,2}$", options: .regularExpression) != nil {
                token = token.replacingOccurrences(of: ".", with: "-")
                let parts = token.split(separator: "-")
                token = "\(parts[0])月\(parts[1])日"
            } else if token.range(of: "^[0-9]{1,2}月[0-9]{1,2}$", options: .regularExpression) != nil {
                token += "日"
            }
            if let d = DateParser.fileNameDate(token, defaultYear: defaultYear) { return d }
        }
        return nil
    }
}

extension XLSXSource {
    /// The names of a workbook's visible sheets, in workbook order; [] when it cannot be read.
    static func visibleSheetNames(_ data: Data) -> [String] {
        guard let zip = try? ZipParts(data) else { return [] }
        var workbookPath = "xl/workbook.xml"
        if let rels = zip.entry("_rels/.rels"), let xml = try? zip.read(rels), let found = try? relationships(xml, base: ""),
            let main = found.values.first(where: { $0.type.hasSuffix("/officeDocument") })
        {
            workbookPath = main.target
        }
        guard let entry = zip.entry(workbookPath), let xml = try? zip.read(entry) else { return [] }
        var book = WorkbookHandler()
        guard (try? parse(xml, &book)) != nil else { return [] }
        return book.sheets.filter(\.visible).map(\.name)
    }
}
