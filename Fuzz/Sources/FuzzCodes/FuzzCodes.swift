import BulletinCore
import FuzzSupport
import Foundation

/// Any text as a 统一社会信用代码 or a 联系电话 cell.
public func fuzzCodes(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    if case .valid(let code, _) = CreditCode.check(text) {
        precondition(code.utf8.count == 18, "a valid code of another length")
        precondition(CreditCode.check(code) == .valid(code: code, normalised: false), "a valid code not stable")
    }
    _ = PhoneRule.check(text, areaCode: nil)
    _ = PhoneRule.check(text, areaCode: "0533")
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    return fuzzCodes(UnsafeRawPointer(data), size)
}

@_cdecl("FuzzCodes_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { data, size in testOneInput(data, size) }
}
