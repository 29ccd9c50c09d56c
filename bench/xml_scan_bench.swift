// Measures the sheet tokenizer (Sources/BulletinCore/Input/XMLScanner.swift) against
// Foundation's XMLParser on the same sheet XML, each doing the reader's cell bookkeeping
// (a row's cells collected as Strings, the `r`, `t` and `s` attributes read).
// Built and run by scripts/xml_scan_bench.sh; not part of the package.
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

enum WorkbookProblem: Error { case damaged(String) }

struct Cells: XMLHandler {
    var rows = 0, cells = 0, bytes = 0
    var inV = false
    var value: [UInt8] = []
    var fields: [String] = []
    var refs = 0
    mutating func start(_ name: UnsafeBufferPointer<UInt8>, _ tag: XMLTag) throws(WorkbookProblem) {
        if XMLScanner.is(name, "c") {
            if tag.raw("r") != nil { refs += 1 }
            _ = tag.raw("t"); _ = tag.int("s")
            value.removeAll(keepingCapacity: true)
        } else if XMLScanner.is(name, "v") { inV = true } else if XMLScanner.is(name, "row") { fields.removeAll(keepingCapacity: true) }
    }
    mutating func end(_ name: UnsafeBufferPointer<UInt8>) throws(WorkbookProblem) {
        if XMLScanner.is(name, "v") { inV = false } else if XMLScanner.is(name, "c") {
            fields.append(String(decoding: value, as: UTF8.self)); cells += 1
        } else if XMLScanner.is(name, "row") { rows += 1; bytes += fields.reduce(0) { $0 + $1.utf8.count } }
    }
    mutating func text(_ raw: UnsafeBufferPointer<UInt8>, cdata: Bool) { if inV { XMLScanner.decode(raw, into: &value) } }
}

final class Delegate: NSObject, XMLParserDelegate {
    var rows = 0, cells = 0, bytes = 0, refs = 0
    var inV = false
    var value = ""
    var fields: [String] = []
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if name == "c" {
            if attributes["r"] != nil { refs += 1 }
            _ = attributes["t"]; _ = attributes["s"].flatMap { Int($0) }
            value = ""
        } else if name == "v" { inV = true } else if name == "row" { fields.removeAll(keepingCapacity: true) }
    }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "v" { inV = false } else if name == "c" { fields.append(value); cells += 1 } else if name == "row" {
            rows += 1; bytes += fields.reduce(0) { $0 + $1.utf8.count }
        }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { if inV { value += string } }
}

let data = try Data(contentsOf: URL(fileURLWithPath: CommandLine.arguments[1]))
func seconds(_ f: () throws -> Void) rethrows -> Double {
    let t = DispatchTime.now().uptimeNanoseconds
    try f()
    return Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9
}
var cells = Cells()
let a = try seconds {
    var scanner = XMLScanner()
    var offset = 0
    while offset < data.count {
        let chunk = data[offset..<min(data.count, offset + 65_536)]
        try chunk.withUnsafeBytes { raw in try scanner.feed(raw, &cells) }
        offset += 65_536
    }
    try scanner.finish()
}
print(String(format: "XMLScanner  %6.2f s  rows %d  cells %d  value bytes %d", a, cells.rows, cells.cells, cells.bytes))
let delegate = Delegate()
let b = seconds {
    let parser = XMLParser(data: data)
    parser.delegate = delegate
    if !parser.parse() { print("XMLParser failed: \(String(describing: parser.parserError))") }
}
print(String(format: "XMLParser   %6.2f s  rows %d  cells %d  value bytes %d", b, delegate.rows, delegate.cells, delegate.bytes))
print(String(format: "XMLParser / XMLScanner = %.1f", b / a))
