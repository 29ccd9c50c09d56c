import BulletinCore
import FuzzSupport
import Foundation

/// Any bytes as a submission: decoding (UTF-8, BOM, GB18030), record splitting, header
/// finding, column mapping, for every form.
func fuzzCSV(_ data: Data) -> CInt {
    for kind in FormRegistry.standard.kinds {
        var findings: [Finding] = []
        var rows = 0
        TableReader.read(data, kind: kind, file: "f.csv", unit: "区税务局", findings: &findings) { row in
            rows += 1
            precondition(row.row >= 1 && row.line >= row.row, "a row's spreadsheet row is at most its line")
        }
        for f in findings { precondition(f.row <= f.line || f.line == 0 || f.code == .badEncoding, "row beyond line") }
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt { fuzzCSV(fuzzData(bytes, size)) }

@_cdecl("FuzzCSV_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { testOneInput($0, $1) }
}
