import BulletinCore
import FuzzSupport
import Foundation

/// Any text as a date cell or a receipt time.
func fuzzDate(_ data: Data) -> CInt {
    let text = String(decoding: data, as: UTF8.self)
    if case .success(let day) = DateParser.parse(text, defaultYear: 2021) {
        precondition((1900...2999).contains(day.year), "a date outside the accepted years")
    }
    _ = DateParser.parseReceipt(text, defaultYear: 2021)
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt { fuzzDate(fuzzData(bytes, size)) }

@_cdecl("FuzzDate_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { testOneInput($0, $1) }
}
