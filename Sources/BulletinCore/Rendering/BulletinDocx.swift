import Foundation
import ZIPFoundation

/// The look of 周通报.docx: a .docx "skeleton" whose styles, footer, settings and page
/// setup (the `w:sectPr` of its document.xml) are used as they are, while the document
/// body is made from the rendered bulletin text. The office restyles
/// `templates/周通报样式.docx` in Word/WPS (fonts, sizes, margins) without touching code;
/// without that file the built-in skeleton (`BuiltInDocxSkeleton`) is used.
public struct DocxSkeleton: Sendable {
    /// Parts in archive order, document.xml's body excepted.
    public var parts: [(path: String, data: Data)]
    /// The section properties (page size, margins, footer reference) of the skeleton's document.xml.
    public var sectionProperties: String
    /// As manifest.json names it, and its SHA-256 when it is a file.
    public var displayPath: String
    public var digest: String?

    public static let fileName = "周通报样式.docx"
    public static let builtInName = "内置公文样式（templates/周通报样式.docx）"
    /// Bounds for a skeleton file: a real one is some tens of KB.
    static let maxBytes = 8 << 20
    static let maxParts = 200
    /// What is taken from a skeleton file: a part at most `maxPartBytes`, all of them at
    /// most `maxBytes` inflated (a Word-saved skeleton is some tens of KB; its largest part,
    /// a theme or a header's logo, well under 1 MB), so no 周通报.docx grows past that.
    static let maxPartBytes = 4 << 20
    /// The folders of a .docx whose parts are taken; others (macros, embedded objects,
    /// anything a Word document does not need to show its styles) are left out.
    static let keptPrefixes = ["[Content_Types].xml", "_rels/", "docProps/", "word/", "customXml/"]

    /// The skeleton beside the bulletin template in use (templates/周通报样式.docx), else
    /// the built-in one. A skeleton that is present but unusable stops the run (exit 65).
    public static func locate(near template: TemplateSource) throws -> DocxSkeleton {
        if let folder = template.url?.deletingLastPathComponent() {
            let url = folder.appendingPathComponent(fileName)
            if FileManager.default.fileExists(atPath: url.path) {
                let display = (template.displayPath as NSString).deletingLastPathComponent
                return try read(url, displayPath: display.isEmpty ? fileName : "\(display)/\(fileName)")
            }
        }
        return builtIn
    }

    /// The skeleton built into the binary.
    public static var builtIn: DocxSkeleton {
        DocxSkeleton(
            parts: BuiltInDocxSkeleton.parts.map { ($0.path, Data($0.text.utf8)) },
            sectionProperties: BuiltInDocxSkeleton.sectionProperties, displayPath: builtInName, digest: nil)
    }

    static func read(_ url: URL, displayPath: String) throws -> DocxSkeleton {
        func fail(_ problem: String) -> TemplateError { TemplateError(path: displayPath, problem: problem, missing: false) }
        // The size first: a file too large to be a skeleton exists (65), it is not missing.
        if let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int, size > maxBytes {
            throw fail("超过 \(maxBytes >> 20) MB，不像公文样式文件")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw TemplateError(path: displayPath, problem: "无法读取", missing: !FileManager.default.fileExists(atPath: url.path))
        }
        guard data.count <= maxBytes else { throw fail("超过 \(maxBytes >> 20) MB，不像公文样式文件") }
        // The same guarded zip reading as the units' workbooks (ZipParts): sizes bounded while
        // inflating, offsets checked, no ZIPFoundation Archive over untrusted bytes.
        let zip: ZipParts
        do {
            zip = try ZipParts(data)
        } catch {
            throw fail("不是 .docx 文件（无法按 zip 打开）；请在 Word/WPS 中另存为 .docx")
        }
        let entries = zip.entries.values.filter { !$0.name.hasSuffix("/") }.sorted { $0.localHeader < $1.localHeader }
        guard entries.count <= maxParts else { throw fail("部件过多") }
        var parts: [(path: String, data: Data)] = []
        var document: String?
        var total = 0
        for entry in entries {
            // Names copied into every 周通报.docx: never a path out of the package.
            guard isSafePartName(entry.name) else { throw fail("含有不安全的部件名「\(entry.name)」") }
            guard keptPrefixes.contains(where: { entry.name.hasPrefix($0) }) else { continue }
            let part: Data
            do {
                part = try zip.read(entry, limit: maxPartBytes)
            } catch {
                throw fail("部件「\(entry.name)」已损坏或超过 \(maxPartBytes >> 20) MB")
            }
            total += part.count
            guard total <= maxBytes else { throw fail("部件合计超过 \(maxBytes >> 20) MB，不像公文样式文件") }
            if entry.name.hasSuffix(".xml") || entry.name.hasSuffix(".rels") {
                guard wellFormed(part) else { throw fail("部件「\(entry.name)」不是有效的 XML（或含有 DOCTYPE）") }
            }
            if entry.name == "word/document.xml" {
                document = String(data: part, encoding: .utf8)
                continue
            }
            // The document's core properties are written for each bulletin.
            if entry.name == "docProps/core.xml" { continue }
            parts.append((entry.name, part))
        }
        guard let document else { throw fail("缺少 word/document.xml，不是 Word 文档") }
        guard parts.contains(where: { $0.path == "word/styles.xml" }) else { throw fail("缺少 word/styles.xml（样式）") }
        guard let start = document.range(of: "<w:sectPr", options: .backwards),
            let end = document.range(of: "</w:sectPr>", range: start.upperBound..<document.endIndex)
        else { throw fail("document.xml 中没有页面设置（w:sectPr）") }
        let section = String(document[start.lowerBound..<end.upperBound])
        let rels = parts.first { $0.path == "word/_rels/document.xml.rels" }.map { String(decoding: $0.data, as: UTF8.self) } ?? ""
        if let problem = sectionProblem(section, relationships: rels) { throw fail("页面设置（w:sectPr）有误：\(problem)") }
        return DocxSkeleton(parts: parts, sectionProperties: section, displayPath: displayPath, digest: Digest.sha256(data))
    }

    /// A part name that stays inside the package wherever it is unpacked: relative, no
    /// `..` or empty segment, no backslash, drive letter or control character.
    static func isSafePartName(_ name: String) -> Bool {
        guard !name.isEmpty, !name.hasPrefix("/"), !name.contains("\\"), !name.contains(":") else { return false }
        guard !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return false }
        let segments = name.split(separator: "/", omittingEmptySubsequences: false)
        return !segments.contains { $0.isEmpty || $0 == ".." || $0 == "." }
    }

    /// Whether `data` is one well-formed XML element tree (tags balanced, one root), with
    /// no DOCTYPE (refused by the scanner, so no entity is ever declared or expanded).
    static func wellFormed(_ data: Data) -> Bool {
        var scanner = XMLScanner()
        var handler = XMLBalance()
        do {
            let bytes = [UInt8](data)
            try bytes.withUnsafeBytes { raw in try scanner.feed(raw, &handler) }
            try scanner.finish()
        } catch {
            return false
        }
        return handler.stack.isEmpty && handler.roots == 1
    }

    /// What is wrong with the section properties copied into every 周通报.docx, or nil: they
    /// must be well-formed, give a page size and margins Word accepts (in twips, at most
    /// 22 inches), and every header or footer they name must be a relationship of document.xml.
    static func sectionProblem(_ section: String, relationships: String) -> String? {
        guard wellFormed(Data(section.utf8)) else { return "不是完整的 XML" }
        func attribute(_ element: String, _ name: String) -> Int? {
            guard let tag = section.range(of: "<w:\(element) "), let close = section[tag.upperBound...].firstIndex(of: ">") else { return nil }
            let body = section[tag.upperBound..<close]
            guard let key = body.range(of: "w:\(name)=\"") else { return nil }
            return Int(body[key.upperBound...].prefix { $0 != "\"" })
        }
        guard let width = attribute("pgSz", "w"), let height = attribute("pgSz", "h"),
            (1440...31680).contains(width), (1440...31680).contains(height)
        else { return "纸张大小缺失或不合理" }
        for side in ["top", "bottom", "left", "right"] {
            guard let margin = attribute("pgMar", side) else { return "页边距缺失" }
            guard (-31680...31680).contains(margin) else { return "页边距不合理" }
        }
        guard section.components(separatedBy: "<w:sectPr").count == 2 else { return "含有嵌套的页面设置" }
        var rest = section[...]
        while let ref = rest.range(of: "r:id=\"") {
            let id = rest[ref.upperBound...].prefix { $0 != "\"" }
            guard relationships.contains("Id=\"\(id)\"") else { return "引用了不存在的页眉或页脚（\(id)）" }
            rest = rest[ref.upperBound...]
        }
        return nil
    }
}

/// Tags balanced, roots counted (a skeleton part's well-formedness).
struct XMLBalance: XMLHandler {
    var stack: [[UInt8]] = []
    var roots = 0
    var ok = true
    mutating func start(_ name: UnsafeBufferPointer<UInt8>, _ tag: XMLTag) throws(WorkbookProblem) {
        if stack.isEmpty { roots += 1 }
        stack.append(Array(name))
    }
    mutating func end(_ name: UnsafeBufferPointer<UInt8>) throws(WorkbookProblem) {
        guard let last = stack.popLast(), last.elementsEqual(name) else { throw .damaged("不匹配的结束标记") }
    }
    mutating func text(_ raw: UnsafeBufferPointer<UInt8>, cdata: Bool) {}
}

/// 周通报.docx: the bulletin text as a 公文 after GB/T 9704-2012, paragraph for paragraph
/// the lines of 周通报.txt (so the two never disagree), each given the skeleton's style for
/// its kind: the title lines, the issue number, 一、 headings (黑体), （一） lead-ins (楷体),
/// body (仿宋), the 落款 (right-aligned), and the 报：/送： lines of the 版记.
public enum BulletinDocx {
    public static let fileName = "周通报.docx"

    /// The paragraph styles the skeleton defines (their ids in styles.xml).
    enum Style: String {
        case title = "GWTitle"
        case issue = "GWIssue"
        case heading = "GWHeading1"
        case body = "GWBody"
        case signature = "GWSignature"
        case record = "GWRecord"
    }

    /// The document.xml for the text: one `w:p` per line.
    static func documentXML(_ text: String, sectionProperties: String, issuer: String, reportDate: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        var out = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>
            """
        // The first blank line ends the title block and the next line is the issue number;
        // lines in the second half equal to the issuer or the report date are the 落款.
        let titleEnd = lines.firstIndex(of: "") ?? 0
        let issueLine = lines[titleEnd...].firstIndex { !$0.isEmpty }.flatMap { i -> Int? in
            let line = lines[i]
            let isIssue = line == "活动期外" || (line.hasPrefix("第") && line.hasSuffix("期") && line.count <= 8)
            return isIssue ? i : nil
        }
        let signatureLines = Set(lines.indices.filter { i in
            (lines[i] == issuer || lines[i] == reportDate) && i > lines.count / 2
        })
        // The 落款 block (issue 23.8): from the last line of text before the signature to the
        // end, every paragraph keeps with the next and is not split, so the signature, the
        // date and the 报/送 lines never stand alone on the last page.
        let keepFrom = signatureLines.min().map { first in
            lines[..<first].lastIndex { !$0.isEmpty } ?? first
        } ?? lines.count
        let lastLine = lines.lastIndex { !$0.isEmpty } ?? lines.count
        // A 公文 runs its body without blank lines (GB/T 9704): the text's blank lines
        // between sections are left out of the .docx after the first body paragraph, except
        // before the 附件 list, the 落款 and the 版记 (issue 23.7).
        let bodyStart = lines.indices.first { i in (issueLine.map { i > $0 } ?? true) && lines[i].hasPrefix("　　") } ?? lines.count
        func dropped(_ i: Int) -> Bool {
            guard lines[i].isEmpty, i > bodyStart else { return false }
            guard let next = lines[(i + 1)...].firstIndex(where: { !$0.isEmpty }) else { return false }
            let following = lines[next]
            // The 版记 (报：/送：) has its own rule above it: no blank line before it either.
            return !(signatureLines.contains(next) || following.hasPrefix("　　附件"))
        }
        for (i, line) in lines.enumerated() {
            if dropped(i) { continue }
            let style: Style
            var lead = ""
            var rest = line
            if i < titleEnd {
                style = .title
            } else if i == issueLine {
                style = .issue
            } else if signatureLines.contains(i) {
                style = .signature
            } else if line.hasPrefix("报：") || line.hasPrefix("送：") || line.hasPrefix("抄送：") {
                style = .record
            } else if isHeading(line) {
                style = .heading
            } else {
                style = .body
                // `　　（一）宣传稿件统计表。…`: the numbered lead-in in 楷体, the rest as body.
                if line.hasPrefix("　　（"), let close = line.firstIndex(of: "）"),
                    line[line.index(line.startIndex, offsetBy: 3)..<close].allSatisfy({ "一二三四五六七八九十".contains($0) })
                {
                    let afterClose = line.index(after: close)
                    let stop = line[afterClose...].firstIndex(of: "。").map { line.index(after: $0) } ?? afterClose
                    lead = String(line[..<stop])
                    rest = String(line[stop...])
                }
            }
            // A heading stays with its first paragraph.
            let keep = i >= keepFrom
                ? (i < lastLine ? "<w:keepNext/><w:keepLines/>" : "<w:keepLines/>") : (style == .heading ? "<w:keepNext/>" : "")
            out += "<w:p><w:pPr><w:pStyle w:val=\"\(style.rawValue)\"/>\(keep)</w:pPr>"
            if !lead.isEmpty { out += run(lead, characterStyle: "GWHeading2Char") }
            if style == .signature && line == issuer {
                // A long issuer is broken where a person would break it, never inside a word.
                let parts = issuerLines(issuer, fits: signatureWidth(sectionProperties))
                for (k, part) in parts.enumerated() {
                    if k > 0 { out += "<w:r><w:br/></w:r>" }
                    out += run(part, characterStyle: nil)
                }
            } else if !rest.isEmpty {
                out += run(rest, characterStyle: nil)
            }
            out += "</w:p>"
        }
        out += sectionProperties
        out += "</w:body></w:document>"
        return out
    }

    /// How many 3号 (16 pt) characters the 落款 line holds: the page's text width (from the
    /// section's w:pgSz and w:pgMar) less the signature's right indent (4 characters).
    static func signatureWidth(_ sectionProperties: String) -> Int {
        func attribute(_ element: String, _ name: String) -> Int? {
            guard let e = sectionProperties.range(of: "<w:\(element) "),
                let close = sectionProperties[e.upperBound...].firstIndex(of: ">"),
                let a = sectionProperties[e.upperBound..<close].range(of: "w:\(name)=\"")
            else { return nil }
            let digits = sectionProperties[a.upperBound...].prefix { $0.isNumber }
            return Int(digits)
        }
        let width = attribute("pgSz", "w") ?? 11906
        let text = width - (attribute("pgMar", "left") ?? 1587) - (attribute("pgMar", "right") ?? 1474) - 1280
        return max(8, text / 320)
    }

    /// The issuer in lines of at most `fits` characters, broken before a known organ's suffix
    /// (`领导小组办公室`, `办公室` …) or after `和`/`及`/`、`, the first line the longest that
    /// fits; a name that fits is one line.
    static func issuerLines(_ issuer: String, fits: Int) -> [String] {
        let chars = Array(issuer)
        guard chars.count > fits else { return [issuer] }
        let suffixes = ["领导小组办公室", "工作领导小组", "领导小组", "工作专班", "办公室", "委员会", "指挥部", "工作组"]
        var breaks = Set<Int>()
        for suffix in suffixes {
            var from = issuer.startIndex
            while let r = issuer.range(of: suffix, range: from..<issuer.endIndex) {
                breaks.insert(issuer.distance(from: issuer.startIndex, to: r.lowerBound))
                from = r.upperBound
            }
        }
        for (i, c) in chars.enumerated() where "和及、".contains(c) { breaks.insert(i + 1) }
        // The latest break that leaves a first line that fits and a rest that is not empty.
        guard let at = breaks.filter({ $0 > 0 && $0 <= fits && $0 < chars.count }).max() else {
            return [String(chars.prefix(fits))] + issuerLines(String(chars.dropFirst(fits)), fits: fits)
        }
        return [String(chars.prefix(at))] + issuerLines(String(chars.dropFirst(at)), fits: fits)
    }

    /// `一、总体情况`: a first-level heading (a Chinese numeral and 、 at the start of the line).
    static func isHeading(_ line: String) -> Bool {
        guard let mark = line.firstIndex(of: "、"), mark != line.startIndex else { return false }
        return line[..<mark].allSatisfy { "一二三四五六七八九十".contains($0) } && line.distance(from: line.startIndex, to: mark) <= 3
    }

    static func run(_ text: String, characterStyle: String?) -> String {
        let props = characterStyle.map { "<w:rPr><w:rStyle w:val=\"\($0)\"/></w:rPr>" } ?? ""
        return "<w:r>\(props)<w:t xml:space=\"preserve\">\(escape(text))</w:t></w:r>"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            // XML 1.0 has no place for other control characters (the renderer removed them already).
            case _ where ch.value < 0x20 && ch != "\t": continue
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// docProps/core.xml: the title and fixed dates (the report date, China time), so two
    /// runs give the same bytes.
    static func coreXML(title: String, created: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
        xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>\(escape(title))</dc:title>\
        <dc:creator>bulletin</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">\(created)</dcterms:created>\
        <dcterms:modified xsi:type="dcterms:W3CDTF">\(created)</dcterms:modified></cp:coreProperties>
        """
    }

    /// Writes the .docx for `text` at `url`. `reportDay` fixes every time in the package.
    public static func write(
        _ text: String, skeleton: DocxSkeleton, title: String, issuer: String, reportDate: Day, to url: URL
    ) throws -> Int {
        let document = documentXML(
            text, sectionProperties: skeleton.sectionProperties, issuer: issuer, reportDate: reportDate.chineseFull)
        let created = "\(reportDate.description)T00:00:00Z"
        var parts = skeleton.parts
        // document.xml and core.xml where Word keeps them: after the content types and rels.
        parts.append(("word/document.xml", Data(document.utf8)))
        parts.append(("docProps/core.xml", Data(coreXML(title: title, created: created).utf8)))
        let time = Date(timeIntervalSince1970: TimeInterval(reportDate.chinaMidnightUnixTime))
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, data) in parts {
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: time,
                permissions: 0o644, compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let bytes = archive.data else { throw CocoaError(.fileWriteUnknown) }
        try OutputFile.write(bytes, to: url)
        return bytes.count
    }
}
