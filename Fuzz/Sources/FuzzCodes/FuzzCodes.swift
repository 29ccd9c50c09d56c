import BulletinCore
import FuzzSupport
import Foundation

/// Any text as a 统一社会信用代码 or a 联系电话 cell.
func fuzzCodes(_ data: Data) -> CInt {
    let text = String(decoding: data, as: UTF8.self)
    if case .valid(let code, _) = CreditCode.check(text) {
        precondition(code.utf8.count == 18, "a valid code of another length")
        precondition(CreditCode.check(code) == .valid(code: code, normalised: false), "a valid code not stable")
    }
    _ = PhoneRule.check(text, areaCode: nil)
    _ = PhoneRule.check(text, areaCode: "0533")
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt { fuzzCodes(fuzzData(bytes, size)) }

@_cdecl("FuzzCodes_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { testOneInput($0, $1) }
}
