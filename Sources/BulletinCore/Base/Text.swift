import Foundation

/// Cell and header normalisation shared by every reader.
public enum Text {
    /// Characters units leave around values: ASCII and full-width spaces, tabs,
    /// no-break spaces and the BOM that some exports repeat inside a file.
    @inline(__always)
    static func isPadding(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0A, 0x0D, 0x3000, 0xA0, 0xFEFF, 0x200B: return true
        default: return false
        }
    }

    static let maxHeaderBytes = 1 << 10

    /// The text `s` was before a UTF-8 file was opened in the wrong encoding and saved again:
    /// its characters encoded back in that encoding give the original UTF-8 bytes. Tried as
    /// Latin-1 (every character below U+0100, `å\u{8D}\u{95}ä½\u{8D}`), Windows-1252 and GBK
    /// (`鍗曚綅鍚嶇О`); nil unless the bytes give Chinese text (a lost last byte shows as U+FFFD).
    /// Returns the text and, in Chinese, the encoding it went through.
    public static func ungarbled(_ s: String) -> (text: String, cause: String)? {
        var attempts: [(Data, String)] = []
        if s.unicodeScalars.allSatisfy({ $0.value < 0x100 }) {
            attempts.append((Data(s.unicodeScalars.map { UInt8($0.value) }), "Latin-1（西欧）编码"))
        } else if let d = s.data(using: .windowsCP1252) {
            attempts.append((d, "Windows-1252（西欧）编码"))
        } else if let d = s.data(using: String.Encoding(rawValue: 0x8000_0632)) {
            attempts.append((d, "GBK"))
        }
        for (bytes, cause) in attempts {
            guard bytes.contains(where: { $0 >= 0x80 }) else { continue }
            let text = String(decoding: bytes, as: UTF8.self)
            let scalars = text.unicodeScalars
            let chinese = scalars.filter { (0x4E00...0x9FFF).contains($0.value) }.count
            let broken = scalars.filter { $0 == "\u{FFFD}" }.count
            if chinese >= 2, broken <= 1, text != s { return (text, cause) }
        }
        return nil
    }

    /// Trims ASCII and full-width (U+3000) white space from both ends.
    public static func trim(_ s: String) -> String {
        // Most cells need no trimming: decided on the first and last bytes, the scalar walk
        // below only when either could belong to padding (every padding character starts
        // with 09, 0A, 0D, 20, C2, E2, E3 or EF and ends with 09, 0A, 0D, 20, 80, 8B, A0 or BF).
        var copy = s
        let untouched = copy.withUTF8 { b -> Bool in
            guard let first = b.first, let last = b.last else { return false }
            let firstOK = (first > 0x20 && first < 0x80) || (first >= 0xC3 && first != 0xE2 && first != 0xE3 && first != 0xEF)
            let lastOK = (last > 0x20 && last < 0x80) || (last >= 0x80 && last < 0xC0 && last != 0x80 && last != 0x8B && last != 0xA0 && last != 0xBF)
            return firstOK && lastOK
        }
        if untouched { return s }
        let scalars = s.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isPadding($0) }) else { return "" }
        guard let last = scalars.lastIndex(where: { !isPadding($0) }) else { return "" }
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return s }
        return String(scalars[first...last])
    }

    /// Normalises a header cell: NFKC (full-width letters and brackets become ASCII),
    /// padding trimmed, and a trailing bracketed note such as `（实地/电话）` dropped.
    public static func normaliseHeader(_ raw: String) -> String {
        // No column name is near 1 KiB; a longer cell (a title row, a pasted article, a
        // megabyte of NUL bytes) is judged on its first 1 KiB, so a header check never
        // normalises or copies a whole huge cell.
        if raw.utf8.count > maxHeaderBytes {
            return normaliseHeader(String(decoding: raw.utf8.prefix(maxHeaderBytes), as: UTF8.self))
        }
        // One pass over the scalars with an end index moving left, so a title row of a
        // million `()` pairs is linear, not a copy per pair.
        let scalars = Array(trim(raw.precomposedStringWithCompatibilityMapping).unicodeScalars)
        var end = scalars.count
        func trimEnd() { while end > 0 && isPadding(scalars[end - 1]) { end -= 1 } }
        // NFKC has turned （ ） 【 】 into ( ) and leaves 【】 alone; strip any trailing note.
        while end > 0 {
            let close = scalars[end - 1]
            let open: Unicode.Scalar
            switch close {
            case ")": open = "("
            case "】": open = "【"
            case "]": open = "["
            default: open = "\0"
            }
            guard open != "\0" else { break }
            var i = end - 2
            while i > 0 && scalars[i] != open { i -= 1 }
            guard i > 0 else { break }  // no opening bracket after the first character
            end = i
            trimEnd()
        }
        var out = String.UnicodeScalarView()
        for scalar in scalars[..<end] where scalar != " " { out.append(scalar) }
        return String(out)
    }

    /// A key for comparing free text (titles, media names): NFKC, padding trimmed,
    /// inner white space removed, so `区法院 召开` and `区法院召开` are the same article.
    /// Whether `a` becomes `b` by at most one inserted, deleted or replaced character.
    public static func withinOneEdit(_ a: String, _ b: String) -> Bool {
        let x = Array(a), y = Array(b)
        guard abs(x.count - y.count) <= 1 else { return false }
        var i = 0, j = 0, edits = 0
        while i < x.count && j < y.count {
            if x[i] == y[j] {
                i += 1
                j += 1
                continue
            }
            edits += 1
            if edits > 1 { return false }
            if x.count > y.count { i += 1 } else if y.count > x.count { j += 1 } else { i += 1; j += 1 }
        }
        return edits + (x.count - i) + (y.count - j) <= 1
    }

    public static func comparisonKey(_ s: String) -> String {
        // Fast path for the common cell — printable ASCII and CJK unified ideographs, which
        // NFKC leaves alone and which hold no padding: Foundation's NFKC costs microseconds
        // per call, and a city's ledger has millions of cells.
        // Decided on the UTF-8 bytes: 21–7E, or a three-byte character from E4 B8 80 (U+4E00)
        // to E9 BF BF (U+9FFF).
        var copy = s
        let plain = copy.withUTF8 { b -> Bool in
            var i = 0
            while i < b.count {
                let x = b[i]
                if x < 0x80 {
                    guard x >= 0x21 && x <= 0x7E else { return false }
                    i += 1
                } else {
                    guard x >= 0xE4 && x <= 0xE9, i + 2 < b.count, x != 0xE4 || b[i + 1] >= 0xB8 else { return false }
                    i += 3
                }
            }
            return true
        }
        if plain { return s }
        let n = s.precomposedStringWithCompatibilityMapping
        var out = String.UnicodeScalarView()
        for scalar in n.unicodeScalars where !isPadding(scalar) { out.append(scalar) }
        return String(out)
    }

    /// Code-point order, the order the contract sorts file paths in (not locale order).
    public static func codePointLess(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }
}
