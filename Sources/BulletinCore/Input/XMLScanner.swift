/// What a workbook part's XML says, event by event. Names are local (a `x:` prefix dropped);
/// text arrives raw (entities not yet decoded, see `XMLScanner.decode`).
protocol XMLHandler {
    mutating func start(_ name: UnsafeBufferPointer<UInt8>, _ tag: XMLTag) throws(WorkbookProblem)
    mutating func end(_ name: UnsafeBufferPointer<UInt8>) throws(WorkbookProblem)
    mutating func text(_ raw: UnsafeBufferPointer<UInt8>, cdata: Bool)
}

/// A start tag's attributes, looked up by local name on demand.
struct XMLTag {
    /// The bytes after the element name, up to (not including) `>` or `/>`.
    let rest: UnsafeBufferPointer<UInt8>

    /// The raw value of attribute `name` (compared by local name: `r:id` answers `id`).
    func raw(_ name: StaticString) -> UnsafeBufferPointer<UInt8>? {
        let want = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        var i = 0
        let n = rest.count
        while i < n {
            while i < n, XMLScanner.isSpace(rest[i]) { i += 1 }
            let nameStart = i
            var local = i
            while i < n, rest[i] != 0x3D, !XMLScanner.isSpace(rest[i]) {  // '='
                if rest[i] == 0x3A { local = i + 1 }  // ':'
                i += 1
            }
            let nameEnd = i
            while i < n, rest[i] != 0x3D { i += 1 }
            i += 1
            while i < n, XMLScanner.isSpace(rest[i]) { i += 1 }
            guard i < n else { return nil }
            let quote = rest[i]
            guard quote == 0x22 || quote == 0x27 else { return nil }
            i += 1
            let valueStart = i
            while i < n, rest[i] != quote { i += 1 }
            let value = UnsafeBufferPointer(rebasing: rest[valueStart..<min(i, n)])
            i += 1
            if nameEnd > nameStart, XMLScanner.equal(UnsafeBufferPointer(rebasing: rest[local..<nameEnd]), want) {
                return value
            }
        }
        return nil
    }

    /// Attribute `name`, entities decoded.
    func string(_ name: StaticString) -> String? {
        guard let raw = raw(name) else { return nil }
        var out: [UInt8] = []
        XMLScanner.decode(raw, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Attribute `name` as a non-negative decimal integer.
    func int(_ name: StaticString) -> Int? {
        guard let raw = raw(name), !raw.isEmpty, raw.count <= 18 else { return nil }
        var v = 0
        for b in raw {
            guard b >= 0x30, b <= 0x39 else { return nil }
            v = v * 10 + Int(b - 0x30)
        }
        return v
    }
}

/// A streaming tokenizer for the XML subset of workbook parts (elements, attributes, text,
/// CDATA, comments, processing instructions; a DOCTYPE is refused, so no entity expansion).
/// Bytes arrive in chunks as they are inflated; only an unfinished token is carried over.
///
/// Hand-written rather than Foundation's `XMLParser`, because it measurably beats it:
/// `scripts/xml_scan_bench.sh` (the city week's 300,000 ledger rows as one 130 MB sheet, both
/// doing the same cell bookkeeping, `swiftc -O`, Swift 6.3.1 on the 2-core Linux machine of
/// docs/performance.md, shared with other builds) timed 4.0 s here against 29.1 s through
/// `XMLParser` with a delegate (7.3×; `XMLParser` also ended with an internal error on the
/// 130 MB document after delivering every row). `XMLParser` also wants the whole document (or an
/// `InputStream`), builds a dictionary per element's attributes and needs libxml2 at run time.
struct XMLScanner {
    private var pending: [UInt8] = []
    /// How many bytes of `pending`'s unfinished token were already searched for its end, and
    /// the quote a tag's scan stood in then.
    private var carried = 0
    private var carriedQuote: UInt8 = 0
    private var depth = 0
    private var sawRoot = false
    /// A text node or tag longer than this is no spreadsheet's (a cell holds 32,767 characters).
    static let maxToken = 8 << 20

    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

    @inline(__always) static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        for i in 0..<a.count where a[i] != b[i] { return false }
        return true
    }

    @inline(__always) static func `is`(_ a: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        equal(a, UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }

    mutating func feed<H: XMLHandler>(_ bytes: UnsafeRawBufferPointer, _ handler: inout H) throws(WorkbookProblem) {
        if pending.isEmpty {
            let consumed = try scan(bytes.bindMemory(to: UInt8.self), &handler)
            pending.append(contentsOf: bytes[consumed...])
        } else {
            // The unfinished token is scanned on from where the last chunk left it (`carried`),
            // never again from its start, and moved only when something was consumed: a token
            // spread over many chunks costs its length once, not once per chunk.
            pending.append(contentsOf: bytes)
            var buffer: [UInt8] = []
            swap(&buffer, &pending)
            let consumed = try buffer.withUnsafeBufferPointer { (b) throws(WorkbookProblem) -> Int in try scan(b, &handler) }
            if consumed > 0 { buffer.removeSubrange(..<consumed) }
            swap(&buffer, &pending)
        }
        if pending.count > Self.maxToken { throw .tooLarge("工作表中超过 \(Self.maxToken >> 20) MiB 的单个 XML 内容") }
    }

    /// After the last chunk: the document must be complete.
    func finish() throws(WorkbookProblem) {
        guard sawRoot, depth == 0, pending.allSatisfy(Self.isSpace) else {
            throw .damaged("文件内容不完整（XML 未结束）")
        }
    }

    /// Scans complete tokens; returns how many bytes were consumed.
    private mutating func scan<H: XMLHandler>(_ b: UnsafeBufferPointer<UInt8>, _ handler: inout H) throws(WorkbookProblem) -> Int {
        let n = b.count
        var i = 0
        // Bytes of the first token already searched in an earlier call (0 once past it).
        var known = carried
        let knownQuote = carriedQuote
        carried = 0
        carriedQuote = 0
        func unfinished(_ start: Int, quote: UInt8 = 0) -> Int {
            carried = n - start
            carriedQuote = quote
            return start
        }
        while i < n {
            defer { known = 0 }
            if b[i] != 0x3C {  // text up to the next '<'
                var j = max(i, i + known)
                while j < n, b[j] != 0x3C { j += 1 }
                guard j < n else { return unfinished(i) }
                if depth > 0 { handler.text(UnsafeBufferPointer(rebasing: b[i..<j]), cdata: false) }
                i = j
                continue
            }
            guard i + 1 < n else { return i }
            let next = b[i + 1]
            if next == 0x21 {  // '!'
                if starts(b, i, "<!--") {
                    guard let end = find(b, from: max(i + 4, i + known - 2), "-->") else { return unfinished(i) }
                    i = end + 3
                } else if starts(b, i, "<![CDATA[") {
                    guard let end = find(b, from: max(i + 9, i + known - 2), "]]>") else { return unfinished(i) }
                    if depth > 0 { handler.text(UnsafeBufferPointer(rebasing: b[(i + 9)..<end]), cdata: true) }
                    i = end + 3
                } else if i + 9 > n {
                    return i
                } else {
                    throw .damaged("工作簿含有不支持的 XML 声明（DOCTYPE）")
                }
                continue
            }
            if next == 0x3F {  // '?'
                guard let end = find(b, from: max(i + 2, i + known - 1), "?>") else { return unfinished(i) }
                i = end + 2
                continue
            }
            // A tag: find its '>' outside quoted attribute values.
            var j = max(i + 1, i + known)
            var quote: UInt8 = known > 0 ? knownQuote : 0
            while j < n {
                let c = b[j]
                if quote != 0 {
                    if c == quote { quote = 0 }
                } else if c == 0x22 || c == 0x27 {
                    quote = c
                } else if c == 0x3E {
                    break
                }
                j += 1
            }
            guard j < n else { return unfinished(i, quote: quote) }
            let closing = next == 0x2F
            var k = closing ? i + 2 : i + 1
            let nameStart = k
            var local = k
            while k < j, !Self.isSpace(b[k]), b[k] != 0x2F {
                if b[k] == 0x3A { local = k + 1 }
                k += 1
            }
            guard k > nameStart else { throw .damaged("文件内容不是有效的 XML") }
            let name = UnsafeBufferPointer(rebasing: b[local..<k])
            if closing {
                guard depth > 0 else { throw .damaged("文件内容不是有效的 XML") }
                depth -= 1
                try handler.end(name)
            } else {
                let selfClosing = b[j - 1] == 0x2F
                let restEnd = selfClosing ? j - 1 : j
                try handler.start(name, XMLTag(rest: UnsafeBufferPointer(rebasing: b[k..<max(k, restEnd)])))
                sawRoot = true
                if selfClosing { try handler.end(name) } else { depth += 1 }
            }
            i = j + 1
        }
        return i
    }

    private func starts(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ s: StaticString) -> Bool {
        let m = s.utf8CodeUnitCount
        guard i + m <= b.count else { return false }
        let p = s.utf8Start
        for k in 0..<m where b[i + k] != p[k] { return false }
        return true
    }

    private func find(_ b: UnsafeBufferPointer<UInt8>, from: Int, _ s: StaticString) -> Int? {
        let m = s.utf8CodeUnitCount
        let p = s.utf8Start
        var i = from
        while i + m <= b.count {
            if b[i] == p[0] {
                var k = 1
                while k < m, b[i + k] == p[k] { k += 1 }
                if k == m { return i }
            }
            i += 1
        }
        return nil
    }

    /// Appends `raw` with the five predefined entities and character references decoded and
    /// line ends normalised to LF, as an XML processor does. An unknown entity stays as written.
    static func decode(_ raw: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        let n = raw.count
        var i = 0
        while i < n {
            let c = raw[i]
            if c == 0x26 {  // '&'
                var j = i + 1
                while j < n, j - i <= 10, raw[j] != 0x3B { j += 1 }
                if j < n, raw[j] == 0x3B, let scalar = entity(UnsafeBufferPointer(rebasing: raw[(i + 1)..<j])) {
                    appendUTF8(scalar, &out)
                    i = j + 1
                    continue
                }
                out.append(c)
            } else if c == 0x0D {
                out.append(0x0A)
                if i + 1 < n, raw[i + 1] == 0x0A { i += 1 }
            } else {
                out.append(c)
            }
            i += 1
        }
    }

    private static func entity(_ e: UnsafeBufferPointer<UInt8>) -> UInt32? {
        if `is`(e, "lt") { return 0x3C }
        if `is`(e, "gt") { return 0x3E }
        if `is`(e, "amp") { return 0x26 }
        if `is`(e, "quot") { return 0x22 }
        if `is`(e, "apos") { return 0x27 }
        guard e.count >= 2, e[0] == 0x23 else { return nil }  // '#'
        var v: UInt32 = 0
        if e[1] == 0x78 || e[1] == 0x58 {  // 'x'
            guard e.count > 2 else { return nil }
            for b in e[2...] {
                guard let d = hexDigit(b) else { return nil }
                v = v &* 16 &+ UInt32(d)
            }
        } else {
            for b in e[1...] {
                guard b >= 0x30, b <= 0x39 else { return nil }
                v = v &* 10 &+ UInt32(b - 0x30)
            }
        }
        return Unicode.Scalar(v) != nil ? v : nil
    }

    static func hexDigit(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }

    static func appendUTF8(_ v: UInt32, _ out: inout [UInt8]) {
        guard let scalar = Unicode.Scalar(v), let encoded = UTF8.encode(scalar) else { return }
        out.append(contentsOf: encoded)
    }
}
