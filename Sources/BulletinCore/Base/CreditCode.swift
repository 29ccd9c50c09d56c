/// 统一社会信用代码 per GB 32100-2015.
public enum CreditCode {
    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    static let values: [Character: Int] = Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { ($1, $0) })

    /// Upper-case ASCII with full-width forms folded and spaces removed: the key codes
    /// are compared by.
    public static func canonical(_ raw: String) -> String {
        // Already canonical (digits and upper-case ASCII letters only), as a roster's codes are.
        var raw = raw
        let plain = raw.withUTF8 { b in !b.isEmpty && b.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) } }
        return plain ? raw : Text.comparisonKey(raw).uppercased()
    }

    /// The check character the first 17 characters call for, or nil when one of them
    /// is outside the code alphabet.
    public static func expectedCheck<S: StringProtocol>(_ first17: S) -> Character? {
        guard first17.count == 17 else { return nil }
        var sum = 0
        for (ch, w) in zip(first17, weights) {
            guard let v = values[ch] else { return nil }
            sum += v * w
        }
        return alphabet[(31 - sum % 31) % 31]
    }

    public enum Verdict: Equatable, Sendable {
        /// A usable code; `normalised` when the clerk's text differed (case, width, spaces).
        case valid(code: String, normalised: Bool)
        /// Accepted as written because the plan lists it (pre-2016 codes).
        case accepted(code: String)
        /// Scientific notation or digits lost after the 15th: Excel formatted the column as a number.
        case excelDamaged
        case badFormat(code: String)
        case badCheck(code: String, expected: Character)
    }

    public static func check(_ raw: String, accepted: Set<String> = []) -> Verdict {
        if let valid = plainValid(raw), !accepted.contains(raw) { return valid }
        let trimmed = Text.trim(raw)
        let code = canonical(raw)
        // The plan's accepted codes are canonicalised when the plan is read.
        if accepted.contains(code) { return .accepted(code: code) }
        // `9.14403001922038E+17`, `9.14403E+17`: Excel showed the number in scientific notation.
        // (Byte tests: this runs once per ledger row.)
        let bytes = code.utf8
        if bytes.contains(UInt8(ascii: "+")), code.contains("E+"), let first = bytes.first, (48...57).contains(first),
            bytes.allSatisfy({ (48...57).contains($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "E") || $0 == UInt8(ascii: "+") })
        {
            return .excelDamaged
        }
        guard code.count == 18, code.allSatisfy({ values[$0] != nil }) else {
            return .badFormat(code: code)
        }
        guard let expected = expectedCheck(code.prefix(17)) else { return .badFormat(code: code) }
        if code.last == expected {
            return .valid(code: code, normalised: code != trimmed)
        }
        // Excel keeps 15 significant digits: an all-digit code ending in 000 lost its tail.
        if code.allSatisfy({ $0.isASCII && $0.isNumber }), code.hasSuffix("000") { return .excelDamaged }
        return .badCheck(code: code, expected: expected)
    }

    /// Byte values of the code alphabet (`0`–`9`, `A`–`Y` without I, O, S, V, Z), -1 elsewhere.
    static let byteValues: [Int8] = {
        var t = [Int8](repeating: -1, count: 256)
        for (i, ch) in alphabet.enumerated() { t[Int(ch.asciiValue ?? 0)] = Int8(i) }
        return t
    }()

    /// The common cell — 18 upper-case characters of the alphabet with the right check
    /// character — decided on its bytes: `.valid(code, normalised: false)`, else nil for
    /// the general path (which gives every other verdict). A ledger has one per row.
    static func plainValid(_ raw: String) -> Verdict? {
        var raw = raw
        let ok = raw.withUTF8 { b -> Bool in
            guard b.count == 18 else { return false }
            var sum = 0
            for k in 0..<17 {
                let v = Int(byteValues[Int(b[k])])
                guard v >= 0 else { return false }
                sum += v * weights[k]
            }
            let check = Int(byteValues[Int(b[17])])
            return check >= 0 && check == (31 - sum % 31) % 31
        }
        return ok ? .valid(code: raw, normalised: false) : nil
    }

    /// Why a code is not in the GB 32100 form, for the clerk: its length, or the first
    /// character the code alphabet does not use (I, O, Z, S, V, punctuation, CJK …).
    public static func formatProblem(_ code: String) -> String {
        if let bad = code.first(where: { values[$0] == nil }) {
            let hint = "IOZSV".contains(bad) ? "（代码不使用字母 I、O、Z、S、V，请核对是否应为数字）" : ""
            return "含有不允许的字符「\(bad)」\(hint)"
        }
        return "应为18位，实为\(code.count)位"
    }
}
