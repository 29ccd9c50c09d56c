/// What a finding did to its row (or file), so that a text a person reads never sums a
/// finding that keeps its row with one that drops it under one description (issue 23.1).
public enum FindingEffect: Int, CaseIterable, Sendable, Comparable {
    /// An error: the row (or the file) is not counted.
    case notCounted
    /// A repeated article or sample: only the first report counts.
    case firstOnly
    /// A file or receipt entry the run did not read (stray file, not a table, unknown file).
    case notRead
    /// A warning whose row is counted as it is: check it.
    case counted

    public static func < (a: FindingEffect, b: FindingEffect) -> Bool { a.rawValue < b.rawValue }

    /// The effect of a finding of `code` with `severity`: an error's row is not counted; a
    /// warning does what its code's row says (`FindingCodeFacts.warningEffect`).
    public static func of(_ code: FindingCode, severity: Finding.Severity) -> FindingEffect {
        severity == .error ? .notCounted : code.facts.warningEffect
    }

    /// The short name of the kind, as a count says it: `错误3处`.
    public var noun: String {
        switch self {
        case .notCounted: return "错误"
        case .firstOnly: return "重复报送"
        case .notRead: return "未读取的文件或登记"
        case .counted: return "警告"
        }
    }

    /// What happened to the rows, as the bulletin and the workbooks say it.
    public var outcome: String {
        switch self {
        case .notCounted: return "相关行未计入"
        case .firstOnly: return "只计首次报送"
        case .notRead: return "未计入"
        case .counted: return "已计入，请核实"
        }
    }

    /// `错误3处（相关行未计入）、重复报送2处（只计首次报送）`: the kinds present, in this
    /// order; `long: false` leaves out what happened.
    public static func countsText(_ counts: [FindingEffect: Int], long: Bool) -> String {
        allCases.compactMap { e -> String? in
            guard let n = counts[e], n > 0 else { return nil }
            return long ? "\(e.noun)\(n)处（\(e.outcome)）" : "\(e.noun)\(n)处"
        }.joined(separator: "、")
    }
}

extension Finding {
    public var effect: FindingEffect { FindingEffect.of(code, severity: severity) }
}
