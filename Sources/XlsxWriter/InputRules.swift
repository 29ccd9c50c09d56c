// Excel's limits, checked in Swift before anything reaches libxlsxwriter. The library
// either rejects such input with a warning on stderr or, worse, writes a file Excel
// has to "repair"; checking first gives callers a clear error or a safe fallback.

enum ExcelLimits {
    static let rows = 1_048_576
    static let columns = 16_384
    /// Characters in one cell, counted in UTF-16 units as Excel does.
    static let cellTextLength = 32_767
    static let sheetNameLength = 31
    static let urlLength = 2_079
    static let hyperlinksPerSheet = 65_530
}

enum CellText {
    /// Makes arbitrary text safe to store in a cell:
    /// - NUL and U+FFFE/U+FFFF are dropped (they cannot appear in XML at all);
    /// - other C0 controls except tab and newline become `_xHHHH_`, Excel's escape.
    ///   CR is escaped too: a raw CR would be normalised to LF by any XML parser
    ///   (libxlsxwriter escapes it the same way);
    /// - a literal `_xHHHH_` already in the text becomes `_x005F_xHHHH_`, otherwise
    ///   Excel would decode it into a character the text never contained;
    /// - text longer than 32,767 UTF-16 units (after escaping) is cut and ends in "…".
    static func sanitized(_ text: String) -> String {
        if isPlain(text) { return text }
        if text.utf16.count <= ExcelLimits.cellTextLength && !needsEscaping(text) { return text }

        // One walk over the scalars that stops as soon as the cut is known: the text is never
        // expanded whole (a 150 MB cell costs what its first 32,767 characters cost).
        let scalars = text.unicodeScalars
        let ellipsis = "…"
        let room = ExcelLimits.cellTextLength - ellipsis.utf16.count
        var kept = String.UnicodeScalarView()
        var keptLength = 0
        func piece(at i: String.UnicodeScalarView.Index) -> String {
            let scalar = scalars[i]
            switch scalar.value {
            case 0, 0xFFFE, 0xFFFF: return ""
            case 0x09, 0x0A: return String(scalar)
            case 0x01..<0x20: return "_x" + hex4(scalar.value) + "_"
            case 0x5F where startsExcelEscape(scalars, at: i): return "_x005F_"
            default: return String(scalar)
            }
        }
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let next = piece(at: index)
            let length = next.utf16.count
            if keptLength + length > room {
                // Past the room left for the ellipsis: the rest is kept only if it is all that
                // is left and the whole stays within the limit; looked at no further than that.
                var rest = String.UnicodeScalarView()
                var restLength = 0
                var j = index
                while j < scalars.endIndex, keptLength + restLength <= ExcelLimits.cellTextLength {
                    let p = piece(at: j)
                    rest.append(contentsOf: p.unicodeScalars)
                    restLength += p.utf16.count
                    j = scalars.index(after: j)
                }
                if j == scalars.endIndex, keptLength + restLength <= ExcelLimits.cellTextLength {
                    kept.append(contentsOf: rest)
                    return String(kept)
                }
                return String(kept) + ellipsis
            }
            kept.append(contentsOf: next.unicodeScalars)
            keptLength += length
            index = scalars.index(after: index)
        }
        return String(kept)
    }

    /// True when `_xHHHH_` starts at `index`.
    private static func startsExcelEscape(_ scalars: String.UnicodeScalarView, at index: String.UnicodeScalarView.Index) -> Bool {
        var i = index
        var look: [Unicode.Scalar] = []
        while look.count < 7, i < scalars.endIndex {
            look.append(scalars[i])
            i = scalars.index(after: i)
        }
        guard look.count == 7, look[1] == "x", look[6] == "_" else { return false }
        return look[2...5].allSatisfy { $0.properties.isASCIIHexDigit }
    }

    /// The common case decided on the UTF-8 bytes (every table cell passes here): no C0
    /// control but tab and newline, no `_x`, no U+FFFE/U+FFFF (EF BF BE/BF), and at most
    /// 32,767 bytes, so at most as many UTF-16 units. Anything else takes the scalar path.
    private static func isPlain(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count <= ExcelLimits.cellTextLength else { return false }
            var previous: UInt8 = 0
            for b in bytes {
                if b < 0x20 && b != 0x09 && b != 0x0A { return false }
                if b == 0x78 && previous == 0x5F { return false }
                if (b == 0xBE || b == 0xBF) && previous == 0xBF { return false }
                previous = b
            }
            return true
        }
    }

    private static func needsEscaping(_ text: String) -> Bool {
        var previousWasUnderscore = false
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A: break
            case 0..<0x20, 0xFFFE, 0xFFFF: return true
            case 0x78 where previousWasUnderscore: return true  // "_x": maybe an escape
            default: break
            }
            previousWasUnderscore = scalar == "_"
        }
        return false
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// For document properties and chart labels, which are plain XML text without
    /// Excel's `_xHHHH_` decoding: just drop what XML cannot carry.
    static func xmlSafe(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { scalar in
            scalar.value >= 0x20 && scalar.value != 0xFFFE && scalar.value != 0xFFFF
                || scalar == "\t" || scalar == "\n"
        }))
    }
}

enum SheetName {
    static let forbiddenCharacters: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]

    /// Case-insensitive identity, as Excel compares sheet names.
    static func key(_ name: String) -> String { name.lowercased() }

    static func validate(_ name: String, existingKeys: Set<String>) throws {
        func reject(_ why: String) -> XlsxError {
            XlsxError(.invalidSheetName, "addWorksheet", sheet: name, why)
        }
        if name.isEmpty { throw reject("a sheet name cannot be empty") }
        if name.utf16.count > ExcelLimits.sheetNameLength {
            throw reject("a sheet name is limited to \(ExcelLimits.sheetNameLength) characters")
        }
        if let bad = name.first(where: { forbiddenCharacters.contains($0) }) {
            throw reject("a sheet name cannot contain '\(bad)' (none of [ ] : * ? / \\ are allowed)")
        }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0xFFFE || $0.value == 0xFFFF }) {
            throw reject("a sheet name cannot contain control characters")
        }
        if name.hasPrefix("'") || name.hasSuffix("'") {
            throw reject("a sheet name cannot start or end with an apostrophe")
        }
        if key(name) == "history" { throw reject("Excel reserves the sheet name 'History'") }
        if existingKeys.contains(key(name)) {
            throw reject("the workbook already has a sheet with this name (names ignore case)")
        }
    }
}

enum HyperlinkRule {
    /// Whether `url` can become a real hyperlink. Anything else is written as plain text.
    /// Only http/https: other schemes (javascript:, file:, ...) are unsafe or unportable.
    static func isAcceptable(_ url: String) -> Bool {
        let lower = url.lowercased()
        let afterScheme = lower.hasPrefix("https://") ? lower.dropFirst(8)
            : lower.hasPrefix("http://") ? lower.dropFirst(7) : ""
        guard !afterScheme.isEmpty else { return false }
        // libxlsxwriter 1.1.4 looks for these markers *anywhere* in the URL and would turn
        // the link into a workbook-internal or file link.
        guard !lower.contains("internal:"), !lower.contains("external:") else { return false }
        guard !url.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return false }
        return url.utf16.count + 2 * libraryEscapeCount(url) <= ExcelLimits.urlLength
    }

    /// libxlsxwriter percent-escapes a few characters before the '#' and then checks the
    /// *escaped* length; count those expansions so its length check never fires.
    private static func libraryEscapeCount(_ url: String) -> Int {
        let bytes = Array(url.utf8.prefix(while: { $0 != UInt8(ascii: "#") }))
        var count = 0
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\""), UInt8(ascii: "<"), UInt8(ascii: ">"),
                 UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "`"), UInt8(ascii: "^"),
                 UInt8(ascii: "{"), UInt8(ascii: "}"):
                count += 1
            case UInt8(ascii: "%"):
                let isEscape = index + 2 < bytes.count && isHexDigit(bytes[index + 1]) && isHexDigit(bytes[index + 2])
                if !isEscape { count += 1 }
            default: break
            }
        }
        return count
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }
}
