import BulletinCore
import FuzzSupport
import Foundation

/// Any bytes as a unit's .xlsx: the zip directory, inflating with its bounds, the workbook
/// parts and the sheet, through the table reader of every form. Input that does not start
/// like a zip or an OLE file is taken as the sheet's XML and packed (stored, CRCs right) into
/// a workbook with shared strings and date styles, so the fuzzer reaches the XML scanner and
/// the cell rules instead of stopping at a checksum.
func fuzzXLSX(_ data: Data) -> CInt {
    let workbook = data.starts(with: [0x50, 0x4B]) || data.starts(with: [0xD0, 0xCF]) ? data : wrap(sheet: data)
    for kind in FormRegistry.standard.kinds {
        var findings: [Finding] = []
        TableReader.read(XLSXSource(data: workbook, preferring: [kind.folder]), kind: kind, file: "f.xlsx", unit: "区税务局", findings: &findings) { row in
            precondition(row.line == row.row && (1...1_048_576).contains(row.row), "a workbook row is its spreadsheet row")
        }
    }
    return 0
}

func sharedStrings() -> Data { Data((#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
    + ["单位名称", "稿件标题", "发布媒体", "媒体级别", "发布日期", "链接", "区税务局", "人民网", "中央级"].map { "<si><t>\($0)</t></si>" }.joined()
    + "</sst>").utf8) }
func styles() -> Data { Data(#"<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="22"/><xf numFmtId="176"/></cellXfs></styleSheet>"#.utf8) }
func book() -> Data { Data(#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="附件3" sheetId="1" r:id="rId1"/></sheets></workbook>"#.utf8) }
func rels() -> Data { Data(#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#.utf8) }

// The parts are made per input, not kept in globals: LeakSanitizer reports a lazily made
// global as a leak when the fuzzer exits.
func crc32(_ d: Data) -> UInt32 {
    let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }
    var c: UInt32 = 0xFFFF_FFFF
    for b in d { c = crcTable[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
    return c ^ 0xFFFF_FFFF
}

/// A stored (uncompressed) zip of the parts.
func wrap(sheet: Data) -> Data {
    let parts: [(String, Data)] = [
        ("xl/workbook.xml", book()), ("xl/_rels/workbook.xml.rels", rels()), ("xl/sharedStrings.xml", sharedStrings()),
        ("xl/styles.xml", styles()), ("xl/worksheets/sheet1.xml", sheet),
    ]
    var out = Data()
    var central = Data()
    func le(_ v: Int, _ n: Int, into d: inout Data) { for i in 0..<n { d.append(UInt8((v >> (8 * i)) & 0xFF)) } }
    for (name, body) in parts {
        let offset = out.count, crc = Int(crc32(body)), n = Array(name.utf8)
        le(0x0403_4B50, 4, into: &out); le(20, 2, into: &out); le(0, 2, into: &out); le(0, 2, into: &out); le(0, 4, into: &out)
        le(crc, 4, into: &out); le(body.count, 4, into: &out); le(body.count, 4, into: &out); le(n.count, 2, into: &out); le(0, 2, into: &out)
        out.append(contentsOf: n)
        out.append(body)
        le(0x0201_4B50, 4, into: &central); le(20, 2, into: &central); le(20, 2, into: &central); le(0, 2, into: &central); le(0, 2, into: &central)
        le(0, 4, into: &central); le(crc, 4, into: &central); le(body.count, 4, into: &central); le(body.count, 4, into: &central)
        le(n.count, 2, into: &central); le(0, 2, into: &central); le(0, 2, into: &central); le(0, 2, into: &central); le(0, 2, into: &central)
        le(0, 4, into: &central); le(offset, 4, into: &central)
        central.append(contentsOf: n)
    }
    let cdStart = out.count
    out.append(central)
    le(0x0605_4B50, 4, into: &out); le(0, 2, into: &out); le(0, 2, into: &out); le(parts.count, 2, into: &out); le(parts.count, 2, into: &out)
    le(central.count, 4, into: &out); le(cdStart, 4, into: &out); le(0, 2, into: &out)
    return out
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt { fuzzXLSX(fuzzData(bytes, size)) }

@_cdecl("FuzzXLSX_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { testOneInput($0, $1) }
}
