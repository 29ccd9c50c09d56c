import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A workbook read the way the tests check fills and comments: unzipped, its XML parsed —
/// no spreadsheet library in between.
struct XlsxXML {
    struct Cell {
        /// The text (`_xHHHH_` escapes undone) or the number as written.
        var value: String
        var isNumber: Bool
        /// The solid fill's RGB (`FFC7CE`), nil when unfilled.
        var fill: String?
    }
    struct Sheet {
        var name: String
        /// "B4" → cell.
        var cells: [String: Cell]
        /// "B4" → comment text.
        var comments: [String: String]

        func cell(_ row: Int, _ col: Int) -> Cell? { cells[XlsxXML.ref(row: row, col: col)] }
        /// 1-based rows that hold any cell.
        var rows: [Int] { Set(cells.keys.map { XlsxXML.split($0).row }).sorted() }
        func values(row: Int) -> [Int: Cell] {
            var out: [Int: Cell] = [:]
            for (ref, c) in cells {
                let p = XlsxXML.split(ref)
                if p.row == row { out[p.col] = c }
            }
            return out
        }
    }

    var sheets: [Sheet]

    func sheet(_ name: String) -> Sheet? { sheets.first { $0.name == name } }

    init(path: String) throws {
        func member(_ name: String) throws -> Data { try EndToEndTests.zipMember(path, name) }
        let workbook = try Node.parse(member("xl/workbook.xml"))
        let rels = try Node.parse(member("xl/_rels/workbook.xml.rels"))
        var targets: [String: String] = [:]
        for r in rels.all("Relationship") { targets[r.attributes["Id"] ?? ""] = r.attributes["Target"] }
        let styles = try Node.parse(member("xl/styles.xml"))
        let fills: [String?] = (styles.first("fills")?.all("fill") ?? []).map { fill in
            guard let pattern = fill.first("patternFill"), pattern.attributes["patternType"] == "solid" else { return nil }
            return pattern.first("fgColor")?.attributes["rgb"].map { String($0.suffix(6)) }
        }
        let xfs: [String?] = (styles.first("cellXfs")?.all("xf") ?? []).map { xf in
            Int(xf.attributes["fillId"] ?? "0").flatMap { $0 < fills.count ? fills[$0] : nil }
        }
        var shared: [String] = []
        if let data = try? member("xl/sharedStrings.xml") {
            shared = try Node.parse(data).all("si").map { XlsxXML.unescape($0.all("t").map(\.text).joined()) }
        }
        sheets = []
        for s in workbook.all("sheet") {
            guard let target = targets[s.attributes["r:id"] ?? ""] else { continue }
            let file = "xl/" + target
            let xml = try Node.parse(member(file))
            var cells: [String: Cell] = [:]
            for c in xml.all("c") {
                let ref = c.attributes["r"] ?? ""
                let style = Int(c.attributes["s"] ?? "0") ?? 0
                let fill = style < xfs.count ? xfs[style] : nil
                switch c.attributes["t"] {
                case "inlineStr":
                    cells[ref] = Cell(value: XlsxXML.unescape(c.all("t").map(\.text).joined()), isNumber: false, fill: fill)
                case "s":
                    let i = Int(c.first("v")?.text ?? "") ?? -1
                    cells[ref] = Cell(value: i >= 0 && i < shared.count ? shared[i] : "", isNumber: false, fill: fill)
                default:
                    let v = c.first("v")?.text
                    cells[ref] = Cell(value: v ?? "", isNumber: v != nil, fill: fill)
                }
            }
            var comments: [String: String] = [:]
            let name = (file as NSString).lastPathComponent
            if let relData = try? member("xl/worksheets/_rels/\(name).rels") {
                for r in try Node.parse(relData).all("Relationship") where (r.attributes["Type"] ?? "").hasSuffix("/comments") {
                    let target = (r.attributes["Target"] ?? "").replacingOccurrences(of: "../", with: "xl/")
                    for c in try Node.parse(member(target)).all("comment") {
                        comments[c.attributes["ref"] ?? ""] = XlsxXML.unescape(c.all("t").map(\.text).joined())
                    }
                }
            }
            sheets.append(Sheet(name: s.attributes["name"] ?? "", cells: cells, comments: comments))
        }
    }

    static func ref(row: Int, col: Int) -> String {
        var letters = "", n = col
        repeat {
            letters = String(UnicodeScalar(UInt8(65 + n % 26))) + letters
            n = n / 26 - 1
        } while n >= 0
        return "\(letters)\(row)"
    }

    /// "B4" → (row 4, col 1).
    static func split(_ ref: String) -> (row: Int, col: Int) {
        var col = 0, digits = ""
        for c in ref {
            if c.isLetter, let a = c.asciiValue { col = col * 26 + Int(a - 64) } else { digits.append(c) }
        }
        return (Int(digits) ?? 0, col - 1)
    }

    /// Excel's `_xHHHH_` escapes undone (`_x005F_` is a literal underscore).
    static func unescape(_ s: String) -> String {
        guard s.contains("_x") else { return s }
        var out = "", chars = Array(s), i = 0
        while i < chars.count {
            if chars[i] == "_", i + 6 < chars.count, chars[i + 1] == "x", chars[i + 6] == "_",
                let v = UInt32(String(chars[(i + 2)...(i + 5)]), radix: 16), let u = Unicode.Scalar(v)
            {
                out.append(Character(u))
                i += 7
            } else {
                out.append(chars[i])
                i += 1
            }
        }
        return out
    }

    /// A minimal element tree.
    final class Node {
        let name: String
        let attributes: [String: String]
        var children: [Node] = []
        var text = ""

        init(name: String, attributes: [String: String]) {
            self.name = name
            self.attributes = attributes
        }

        func first(_ name: String) -> Node? {
            for c in children {
                if c.name == name { return c }
                if let d = c.first(name) { return d }
            }
            return nil
        }

        func all(_ name: String) -> [Node] {
            var out: [Node] = []
            for c in children {
                if c.name == name { out.append(c) }
                out += c.all(name)
            }
            return out
        }

        static func parse(_ data: Data) throws -> Node {
            let builder = Builder()
            let parser = XMLParser(data: data)
            parser.delegate = builder
            guard parser.parse() else { throw parser.parserError ?? CocoaError(.fileReadCorruptFile) }
            return builder.root
        }

        final class Builder: NSObject, XMLParserDelegate {
            let root = Node(name: "#document", attributes: [:])
            var stack: [Node] = []

            override init() {
                super.init()
                stack = [root]
            }

            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                        attributes: [String: String] = [:]) {
                let node = Node(name: name, attributes: attributes)
                stack.last?.children.append(node)
                stack.append(node)
            }

            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                stack.removeLast()
            }

            func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last?.text += string }
        }
    }
}
