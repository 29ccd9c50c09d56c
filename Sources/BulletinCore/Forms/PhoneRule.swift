/// 联系电话 as units type it into Excel/WPS: an 11-digit mobile (`+86`/`0086`, spaces and
/// dashes dropped), or a landline with its area code (`0533-4130090`, local part 7 or 8
/// digits), an extension (`-8001`, `转8001`) kept apart. Shared by 附件1 and 附件2.
///
/// A pure function of the cell and the plan's `area_code`: the callers turn the verdict
/// into findings (`bad-phone` error; `phone-without-area-code`, `phone-zero-dropped` warnings).
public enum PhoneRule {
    public enum Problem: Equatable, Sendable {
        case empty
        /// Letters or other signs that are not part of a number (the first one found).
        case notANumber(Character)
        /// Several numbers in one cell (`/`, `、`, `,` …).
        case several
        /// Digits that make neither a mobile nor a landline (their count).
        case wrongLength(Int)
    }

    public enum Verdict: Equatable, Sendable {
        /// `13912345678`
        case mobile(String)
        /// `0533-4130090`
        case landline(String, extension: String?)
        /// A local number completed with the plan's area code: `0533-4130090`.
        case completed(String, extension: String?)
        /// A local number and the plan sets no area code: kept as written (`4130090`). Warning.
        case withoutAreaCode(String, extension: String?)
        /// A landline whose leading 0 Excel dropped (`5334130090`), restored: `0533-4130090`. Warning.
        case zeroDropped(String, extension: String?)
        case invalid(Problem)

        /// The normalised number, nil when invalid.
        public var number: String? {
            switch self {
            case .mobile(let n): return n
            case .landline(let n, _), .completed(let n, _), .withoutAreaCode(let n, _), .zeroDropped(let n, _): return n
            case .invalid: return nil
            }
        }

        public var extensionNumber: String? {
            switch self {
            case .landline(_, let e), .completed(_, let e), .withoutAreaCode(_, let e), .zeroDropped(_, let e): return e
            case .mobile, .invalid: return nil
            }
        }

        /// The number as tables print it: `0533-4130090 转8001`.
        public var display: String? {
            guard let n = number else { return nil }
            return extensionNumber.map { "\(n) 转\($0)" } ?? n
        }
    }

    public static func check(_ raw: String, areaCode: String?) -> Verdict {
        // NFKC: full-width digits and signs become ASCII; spaces go. Dashes Word/WPS substitute count as `-`.
        // (A scalar map rather than Foundation's replacingOccurrences: this runs once per
        // ledger row, hundreds of thousands of times in a city's week.)
        var s = Text.comparisonKey(raw)
        // Most cells are a plain mobile or `0533-4130090`: decide those on the bytes, without
        // the marker searches below (this runs once per ledger row).
        let bytes = s.utf8
        let isDigit: (UInt8) -> Bool = { $0 >= 48 && $0 <= 57 }
        if bytes.count == 11, bytes.allSatisfy(isDigit), isMobile(s) { return .mobile(s) }
        let plain = bytes.allSatisfy { isDigit($0) || $0 == UInt8(ascii: "-") }
        if s.unicodeScalars.contains(where: { $0 == "—" || $0 == "–" }) {
            s = String(String.UnicodeScalarView(s.unicodeScalars.map { $0 == "—" || $0 == "–" ? "-" : $0 }))
        }
        if s.isEmpty { return .invalid(.empty) }
        if !plain, s.contains(where: { "/、,，;；|".contains($0) }), s.filter(\.isASCIINumber).count > 12 {
            return .invalid(.several)
        }
        // An extension: `转8001`, `分机8001`, `ext8001`, `#8001`, `x8001`.
        var ext: String?
        for marker in ["分机号", "分机", "转", "EXT.", "EXT", "ext.", "ext", "#", "x", "X"] where !plain {
            if let r = s.range(of: marker) {
                let tail = String(s[r.upperBound...]).filter { $0 != "-" }
                guard !tail.isEmpty else { break }
                if let bad = tail.first(where: { !$0.isASCIINumber }) { return .invalid(.notANumber(bad)) }
                ext = tail
                s = String(s[..<r.lowerBound])
                break
            }
        }
        if s.hasPrefix("+86") {
            s.removeFirst(3)
        } else if s.hasPrefix("0086") {
            s.removeFirst(4)
        } else if s.hasPrefix("(+86)") || s.hasPrefix("(86)") {
            s = String(s.drop(while: { $0 != ")" }).dropFirst())
        }
        if let bad = s.first(where: { !($0.isASCIINumber || $0 == "-" || $0 == "(" || $0 == ")" || $0 == ".") }) {
            return .invalid(.notANumber(bad))
        }
        var groups = s.split(whereSeparator: { $0 == "-" || $0 == "(" || $0 == ")" || $0 == "." }).map(String.init)
        if groups.isEmpty { return .invalid(.empty) }
        var digits = groups.joined()

        // Mobile: 1[3-9] and 9 more digits; `86` glued in front is the country code.
        if digits.count == 13, digits.hasPrefix("861") { digits.removeFirst(2) }
        // A mobile has no extension: one written after it is not part of the number.
        if isMobile(digits) { return .mobile(digits) }

        // A trailing short group after a full landline is an extension: `0533-4130090-8001`.
        if ext == nil, groups.count >= 3, let last = groups.last, (1...6).contains(last.count),
            isLocal(groups[groups.count - 2])
        {
            ext = last
            groups.removeLast()
            digits = groups.joined()
        } else if ext == nil, groups.count == 2, !groups[0].hasPrefix("0"), isLocal(groups[0]),
            (1...6).contains(groups[1].count)
        {
            ext = groups[1]  // `4130090-8001`: a local number with an extension
            groups.removeLast()
            digits = groups[0]
        }

        if digits.hasPrefix("0") {
            let (area, local) = split(digits, groups: groups)
            if let area, isLocal(local) { return .landline("\(area)-\(local)", extension: ext) }
            return .invalid(.wrongLength(digits.count))
        }
        if isLocal(digits) {
            if let areaCode { return .completed("\(areaCode)-\(digits)", extension: ext) }
            return .withoutAreaCode(digits, extension: ext)
        }
        // 9–11 digits that read as a landline once a 0 is put back: Excel dropped it. (Eleven
        // digits starting with 1 are a mistyped mobile: no area code starting 01 is that long.)
        if (9...11).contains(digits.count), !(digits.count == 11 && digits.hasPrefix("1")) {
            let (area, local) = split("0" + digits, groups: groups.count > 1 ? ["0" + groups[0]] + groups.dropFirst() : ["0" + digits])
            if let area, isLocal(local) {
                return .zeroDropped("\(area)-\(local)", extension: ext)
            }
        }
        return .invalid(.wrongLength(digits.count))
    }

    static func isMobile(_ d: String) -> Bool {
        // On the bytes (once per ledger row): 11 ASCII digits, `1`, then 3–9.
        var d = d
        return d.withUTF8 { b in
            b.count == 11 && b[0] == 0x31 && b[1] >= 0x33 && b[1] <= 0x39 && b.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        }
    }

    /// A local landline number: 7 or 8 digits, not starting with 0 or 1.
    static func isLocal(_ d: String) -> Bool {
        guard (7...8).contains(d.count), d.allSatisfy(\.isASCIINumber), let first = d.first else { return false }
        return first != "0" && first != "1"
    }

    /// Splits `05334130090` into area code and local part: the written grouping when the
    /// first group is an area code, else 010 and 02x take three digits, the rest four.
    static func split(_ digits: String, groups: [String]) -> (String?, String) {
        if groups.count >= 2, groups[0].hasPrefix("0"), (3...4).contains(groups[0].count) {
            return (groups[0], groups.dropFirst().joined())
        }
        let n = digits.hasPrefix("010") || digits.hasPrefix("02") ? 3 : 4
        guard digits.count > n else { return (nil, digits) }
        return (String(digits.prefix(n)), String(digits.dropFirst(n)))
    }
}

fileprivate extension Character {
    var isASCIINumber: Bool { isASCII && isNumber }
}
