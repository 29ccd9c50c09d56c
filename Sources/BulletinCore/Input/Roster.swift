import Foundation

public struct RosterUnit: Sendable, Hashable {
    /// Position in units.csv; the roster order used everywhere units are listed.
    public var index: Int
    public var name: String
    public var type: UnitType
    public var alias: String?
    /// units.csv's optional 联络员 column (the unit's contact person), printed on 催报名单.
    public var contact: String? = nil

    /// The 简称 when there is one, for compact tables.
    public var shortName: String { alias ?? name }
}

public struct Indicator: Sendable, Hashable {
    public var index: Int
    public var name: String
    public var lead: Int
    public var responsible: [Int]
}

/// The master lists the office keeps.
public struct Roster: Sendable {
    public var units: [RosterUnit] = []
    public var indicators: [Indicator] = []
    public var media: [String: MediaLevel] = [:]
    /// Registered enterprises: credit code → 镇街 unit index. Nothing else is kept: the
    /// list may hold a province's 1.5 million rows, and no output prints their names.
    public var enterprises = EnterpriseIndex()
    /// Registered enterprises per 镇街 (unit index), counted once when the roster is read.
    public var registeredPerTown: [Int: Int] = [:]

    /// Keyed by the bytes of the comparison key: keys are in NFKC form, so equal text is
    /// equal bytes, and String's own hashing (which normalises non-ASCII text on every call)
    /// is skipped on the three unit names of each ledger row.
    var byName: [StringPool.Key: Int] = [:]

    public init() {}

    /// Resolves a full name or 简称 (padding and full-width forms ignored).
    public func unit(named raw: String) -> RosterUnit? { unitIndex(named: raw).map { units[$0] } }

    public func unitIndex(named raw: String) -> Int? { Self.nameKey(raw).flatMap { byName[$0] } }

    /// A name's key in `byName`; nil for a blank name.
    static func nameKey(_ raw: String) -> StringPool.Key? {
        let key = Text.comparisonKey(raw)
        return key.isEmpty ? nil : StringPool.Key(text: key)
    }

    /// The unit a wrongly written name most likely means, for the message that refuses it:
    /// the longest roster name or 简称 appearing anywhere in `text` (`附件3_区商务局` →
    /// 区商务局), else the one name or 简称 a single edit away from the part before the
    /// first `_` (`商务局` → 区商务局). Nil when nothing or more than one unit fits.
    public func suggestion(for text: String) -> RosterUnit? {
        let whole = Text.comparisonKey(text)
        guard !whole.isEmpty else { return nil }
        var best: (length: Int, unit: Int)?
        var tie = false
        for (k, unit) in byName where k.text.count >= 2 && whole.contains(k.text) {
            let key = k.text
            if best == nil || key.count > best!.length {
                best = (key.count, unit)
                tie = false
            } else if key.count == best!.length && unit != best!.unit {
                tie = true
            }
        }
        if let best, !tie { return units[best.unit] }
        let head = Text.comparisonKey(String(text.split(separator: "_", maxSplits: 1).first ?? Substring(text)))
        guard head.count >= 2 else { return nil }
        let near = Set(byName.filter { $0.key.text.count >= 3 && Text.withinOneEdit($0.key.text, head) }.map(\.value))
        return near.count == 1 ? near.first.map { units[$0] } : nil
    }

    public var towns: [RosterUnit] { units.filter { $0.type == .town } }

    /// Indicators led by a unit.
    public func indicators(ledBy unit: Int) -> [Indicator] { indicators.filter { $0.lead == unit } }

    /// The responsible units a lead unit compiles article lists for.
    public func compiledUnits(of lead: Int) -> Set<Int> {
        var set = Set<Int>()
        for ind in indicators where ind.lead == lead { set.formUnion(ind.responsible) }
        set.remove(lead)
        return set
    }

    /// Files the unit under its name and 简称; the index of an earlier unit already holding
    /// either, else nil.
    mutating func register(_ unit: RosterUnit) -> Int? {
        let keys = ([unit.name] + (unit.alias.map { [$0] } ?? [])).compactMap(Self.nameKey)
        for k in keys {
            if let other = byName[k], other != unit.index { return other }
        }
        for k in keys { byName[k] = unit.index }
        return nil
    }
}

/// A roster that cannot be used at all. Stops the run (exit 65).
public struct RosterError: LocalizedError, Sendable {
    public var file: String
    public var problem: String
    public var errorDescription: String? { "\(file)：\(problem)" }
}

/// The roster's files as tables, with the input contract's columns in its order. They are
/// read by the table reader the forms use: title rows above the header, bracketed notes in
/// header cells, columns in any order, extra columns ignored, the per-file cap.
public enum RosterColumns {
    /// units.csv. 简称 and 联络员 (printed on 催报名单) may be left out.
    public enum Unit: Int, FormColumn {
        case name, type, alias, contact
        public var header: String {
            switch self {
            case .name: return "单位名称"
            case .type: return "单位类型"
            case .alias: return "简称"
            case .contact: return "联络员"
            }
        }
    }

    /// indicators.csv.
    public enum Indicator: Int, FormColumn {
        case name, lead, responsible
        public var header: String {
            switch self {
            case .name: return "指标名称"
            case .lead: return "牵头单位"
            case .responsible: return "责任单位"
            }
        }
    }

    /// media.csv.
    public enum Medium: Int, FormColumn {
        case name, level
        public var header: String {
            switch self {
            case .name: return "媒体名称"
            case .level: return "媒体级别"
            }
        }
    }

    /// enterprises.csv.
    public enum Enterprise: Int, FormColumn {
        case name, code, town
        public var header: String {
            switch self {
            case .name: return "企业名称"
            case .code: return "统一社会信用代码"
            case .town: return "所属镇街"
            }
        }
    }

    public static let units = TableColumns(label: "单位名册（units.csv）", Unit.self, required: [.name, .type])
    public static let indicators = TableColumns(label: "指标名册（indicators.csv）", Indicator.self, required: [.name, .lead, .responsible])
    public static let media = TableColumns(label: "媒体名册（media.csv）", Medium.self, required: [.name, .level])
    public static let enterprises = TableColumns(label: "企业名册（enterprises.csv）", Enterprise.self, required: [.name, .code, .town])
}

public enum RosterLoader {
    /// Reads the roster folder. Row problems are findings (the row is skipped), at most
    /// `TableReader.findingLimit` a file; a missing or unreadable file, or one without its
    /// header or a required column, throws.
    public static func load(folder: URL, relativeTo root: URL, findings: inout [Finding]) throws -> (Roster, [String: Data]) {
        var roster = Roster()
        var read: [String: Data] = [:]
        /// A roster file's rows, through the table reader. Each row is made a `T` by `prepare`
        /// (on `parts` threads, for a big file); `prepared` hears how many rows that gave, and
        /// then each goes, in file order, through `body`, with the file's findings.
        func table<C: FormColumn, T: Sendable>(
            _ name: String, _ columns: TableColumns, as: C.Type, parts: Int = 1, prepared: ((Int) -> Void)? = nil,
            prepare: @escaping @Sendable (FormRow<C>) -> T, _ body: (T, inout FileFindings) throws -> Void
        ) throws {
            let url = folder.appendingPathComponent(name)
            let rel = "roster/\(name)"
            guard InputTree.isInside(folder, root: root), InputTree.isInside(url, root: root) else {
                throw RosterError(file: rel, problem: "是指向输入文件夹之外的链接，未读取")
            }
            guard let data = try? Data(contentsOf: url, options: .alwaysMapped) else {
                throw RosterError(file: rel, problem: "名册文件缺失或无法读取")
            }
            read[rel] = data
            let expected = "（应含列：\(columns.names.joined(separator: ","))）"
            var file = try TableReader.read(
                csv: data, table: columns, file: rel, unit: "", parts: parts, prepare: { prepare(FormRow<C>($0)) },
                prepared: prepared, body)
            switch file.failure {
            case .badEncoding(let line)?, .mixedEncoding(let line)?:
                throw RosterError(file: rel, problem: "第\(line)行无法按 UTF-8 或 GB18030 读取")
            case .noHeader?:
                throw RosterError(file: rel, problem: "找不到表头\(expected)")
            case .workbook?, .unsupportedFormat?:
                throw RosterError(file: rel, problem: "无法读取")
            case nil:
                break
            }
            if let column = file.header?.missingRequired.first {
                throw RosterError(file: rel, problem: "缺少列「\(column)」\(expected)")
            }
            findings.append(contentsOf: file.findings.drain(file: rel, unit: ""))
        }
        func table<C: FormColumn>(
            _ name: String, _ columns: TableColumns, as: C.Type, _ body: (FormRow<C>, inout FileFindings) throws -> Void
        ) throws {
            try table(name, columns, as: C.self, prepare: { $0 }, body)
        }

        // units.csv
        var unitLines: [Int] = []  // units.csv line of each unit, for messages
        try table("units.csv", RosterColumns.units, as: RosterColumns.Unit.self) { row, found in
            let rel = "roster/units.csv"
            let line = row.line
            let name = row[.name]
            guard !name.isEmpty else {
                found.append(Finding(code: .missingCell, file: rel, line: line, column: "单位名称", message: "单位名称为空，本行未读取"))
                return
            }
            guard let type = UnitType(rawValue: Text.comparisonKey(row[.type])) else {
                found.append(
                    Finding(
                        code: .badChoice, file: rel, line: line, column: "单位类型", value: row[.type],
                        message: "单位类型「\(row[.type])」应为 牵头单位、责任单位 或 镇街，本行未读取"))
                return
            }
            let unit = RosterUnit(
                index: roster.units.count, name: name, type: type, alias: row[.alias].isEmpty ? nil : row[.alias],
                contact: row[.contact].isEmpty ? nil : row[.contact])
            roster.units.append(unit)
            if let clash = roster.register(unit) {
                // Two units one name: every file, row and figure of either would go to one of
                // them and the other would vanish from the bulletin. The office must fix it.
                throw RosterError(
                    file: rel,
                    problem: "第\(line)行「\(name)」\(unit.alias.map { "（简称「\($0)」）" } ?? "")与第\(unitLines[clash])行的「\(roster.units[clash].name)」\(roster.units[clash].alias.map { "（简称「\($0)」）" } ?? "")重名，单位名称和简称都不能重复；请改正名册后重新运行")
            }
            unitLines.append(line)
        }
        guard !roster.units.isEmpty else { throw RosterError(file: "roster/units.csv", problem: "没有任何单位") }
        // Visit records keep unit indices in 16 bits (they are counted by the hundred thousand).
        guard roster.units.count <= Int(Int16.max) else {
            throw RosterError(file: "roster/units.csv", problem: "单位数 \(roster.units.count) 超过上限 \(Int16.max)")
        }

        // indicators.csv
        try table("indicators.csv", RosterColumns.indicators, as: RosterColumns.Indicator.self) { row, found in
            let rel = "roster/indicators.csv"
            let line = row.line
            let name = row[.name], leadName = row[.lead]
            guard !name.isEmpty else {
                found.append(Finding(code: .missingCell, file: rel, line: line, column: "指标名称", message: "指标名称为空，本行未读取"))
                return
            }
            guard let lead = roster.unit(named: leadName) else {
                found.append(
                    Finding(
                        code: .unknownUnit, file: rel, line: line, column: "牵头单位", value: leadName,
                        message: "牵头单位「\(leadName)」不在 units.csv 中，本指标未读取"))
                return
            }
            if roster.indicators.contains(where: { $0.name == name }) {
                found.append(
                    Finding(code: .duplicateIndicator, file: rel, line: line, column: "指标名称", value: name, message: "指标「\(name)」重复，只读取第一行"))
                return
            }
            var responsible: [Int] = []
            for part in row[.responsible].split(whereSeparator: { "、,，;；/".contains($0) }) {
                let unitName = Text.trim(String(part))
                if unitName.isEmpty { continue }
                if let u = roster.unit(named: unitName) {
                    if !responsible.contains(u.index) { responsible.append(u.index) }
                } else {
                    found.append(
                        Finding(
                            code: .unknownUnit, file: rel, line: line, column: "责任单位", value: unitName,
                            message: "责任单位「\(unitName)」不在 units.csv 中，已忽略"))
                }
            }
            roster.indicators.append(Indicator(index: roster.indicators.count, name: name, lead: lead.index, responsible: responsible))
        }

        // media.csv
        try table("media.csv", RosterColumns.media, as: RosterColumns.Medium.self) { row, found in
            let name = row[.name], levelName = row[.level]
            guard !name.isEmpty else { return }
            guard let level = MediaLevel(rawValue: Text.comparisonKey(levelName)) else {
                found.append(
                    Finding(
                        code: .badChoice, file: "roster/media.csv", line: row.line, column: "媒体级别", value: levelName,
                        message: "媒体级别「\(levelName)」应为 中央级、省级、市级 或 区级，本行未读取"))
                return
            }
            roster.media[Text.comparisonKey(name)] = level
        }

        // enterprises.csv — may hold a province's 1.5 million rows: keep code → 镇街 only.
        // Rows are parsed and looked up on every core (each row alone, against the units
        // read above), then taken in file order: the first of two equal codes wins.
        enum Registered: Sendable {
            case entry(line: Int, code: EnterpriseIndex.Key, town: Int32)
            case noCode(line: Int)
            case notATown(line: Int, value: String)
        }
        let units = roster
        // Registered enterprises per unit index, counted in an array on the file-order pass
        // (the one pass that cannot be spread over the cores), kept as the dictionary after.
        var perTown = [Int](repeating: 0, count: roster.units.count)
        try table(
            "enterprises.csv", RosterColumns.enterprises, as: RosterColumns.Enterprise.self, parts: Parallel.defaultJobs,
            prepared: { roster.enterprises.reserve($0) },
            prepare: { row in
                let code = CreditCode.canonical(row[.code])
                guard !code.isEmpty else { return .noCode(line: row.line) }
                guard let town = units.unitIndex(named: row[.town]), units.units[town].type == .town else {
                    return .notATown(line: row.line, value: row[.town])
                }
                return .entry(line: row.line, code: EnterpriseIndex.Key(code), town: Int32(town))
            }
        ) { (row: Registered, found) in
            let rel = "roster/enterprises.csv"
            switch row {
            case .noCode(let line):
                found.append(Finding(code: .missingCell, file: rel, line: line, column: "统一社会信用代码", message: "统一社会信用代码为空，本行未读取"))
            case .notATown(let line, let value):
                found.append(
                    Finding(
                        code: .unknownTown, file: rel, line: line, column: "所属镇街", value: value,
                        message: "所属镇街「\(value)」不是 units.csv 中的镇街，本行未读取"))
            case .entry(let line, let key, let town):
                guard roster.enterprises.insert(key, town: town) else {
                    let code = key.text
                    found.append(
                        Finding(
                            code: .duplicateEnterprise, severity: .warning, file: rel, line: line, column: "统一社会信用代码", value: code,
                            message: "统一社会信用代码 \(code) 重复登记，只按第一行计"))
                    return
                }
                perTown[Int(town)] += 1
            }
        }
        for (town, count) in perTown.enumerated() where count > 0 { roster.registeredPerTown[town] = count }
        return (roster, read)
    }
}

/// Registered enterprises: credit code → 镇街 (unit index). A province's roster holds 1.5
/// million codes, so a standard code (18 characters of 0–9 and A–Z) is kept as two 64-bit
/// words — 6 bits a character, no string on the heap, a cheap hash — and anything else
/// (a code the plan accepts as written) by its text.
public struct EnterpriseIndex: Sendable {
    struct Packed: Hashable, Sendable {
        var hi: UInt64
        var lo: UInt64
    }

    private var packed: [Packed: Int32] = [:]
    private var other: [String: Int32] = [:]

    public init() {}

    static func pack(_ code: String) -> Packed? {
        var code = code
        return code.withUTF8 { b -> Packed? in
            guard b.count == 18 else { return nil }
            var words: (UInt64, UInt64) = (0, 0)
            for i in 0..<18 {
                let c = b[i]
                let v: UInt64
                if c >= 48 && c <= 57 {
                    v = UInt64(c - 48)
                } else if c >= 65 && c <= 90 {
                    v = UInt64(c - 65 + 10)
                } else {
                    return nil
                }
                if i < 9 { words.0 = words.0 << 6 | v } else { words.1 = words.1 << 6 | v }
            }
            return Packed(hi: words.0, lo: words.1)
        }
    }

    /// Room for `n` codes without regrowing.
    public mutating func reserve(_ n: Int) { packed.reserveCapacity(n) }

    /// A code as the index keeps it: packed when standard, else its text.
    enum Key: Hashable, Sendable {
        case packed(Packed)
        case other(String)

        init(_ code: String) { self = EnterpriseIndex.pack(code).map(Key.packed) ?? .other(code) }

        /// The code's text again.
        var text: String {
            switch self {
            case .other(let s): return s
            case .packed(let p):
                var bytes = [UInt8](repeating: 0, count: 18)
                for (word, offset) in [(p.hi, 0), (p.lo, 9)] {
                    var w = word
                    for i in stride(from: 8, through: 0, by: -1) {
                        let v = UInt8(w & 63)
                        bytes[offset + i] = v < 10 ? 48 + v : 65 + v - 10
                        w >>= 6
                    }
                }
                return String(decoding: bytes, as: UTF8.self)
            }
        }
    }

    /// Adds `key` → `town` unless the code is already there; whether it was added.
    @inline(__always)
    mutating func insert(_ key: Key, town: Int32) -> Bool {
        switch key {
        case .packed(let p):
            if packed[p] != nil { return false }
            packed[p] = town
        case .other(let s):
            if other[s] != nil { return false }
            other[s] = town
        }
        return true
    }

    public subscript(_ code: String) -> Int32? {
        get {
            if let key = Self.pack(code) { return packed[key] }
            return other[code]
        }
        set {
            if let key = Self.pack(code) { packed[key] = newValue } else { other[code] = newValue }
        }
    }
}

/// Interns credit codes (index 0 is ""): a standard code is looked up by its two packed
/// words (`EnterpriseIndex.Key`), anything else by its text. Merging a city's week of
/// visits hashes 300,000 codes on the path to the first 走访明细 row; the packed key halves
/// that against `StringPool`'s hashing of the text (measured: docs/performance.md).
public struct CodePool: Sendable {
    public private(set) var strings: [String] = [""]
    private var index: [EnterpriseIndex.Key: Int32] = [EnterpriseIndex.Key(""): 0]

    public init() {}

    public mutating func intern(_ s: String) -> Int32 {
        let key = EnterpriseIndex.Key(s)
        if let i = index[key] { return i }
        let i = Int32(strings.count)
        strings.append(s)
        index[key] = i
        return i
    }

    public subscript(_ i: Int32) -> String { strings[Int(i)] }

    public mutating func reserve(_ n: Int) {
        strings.reserveCapacity(n)
        index.reserveCapacity(n)
    }

    public func lookup(_ s: String) -> Int32? { index[EnterpriseIndex.Key(s)] }
}
