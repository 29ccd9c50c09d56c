import BulletinCore
import FuzzSupport
import Foundation

/// Any text as plan.yaml, and as a week overlay on a valid plan: a PlanError or a plan,
/// never a crash or a hang.
func fuzzPlan(_ data: Data) -> CInt {
    let text = String(decoding: data, as: UTF8.self)
    let base = "campaign: 测试\noffice: 测试办\nperiod: {start: 2021-08-27, end: 2021-09-10}\n"
    guard let week = ISOWeek("2021-W35") else { return 0 }
    _ = try? PlanLoader.plans(base: ("plan.yaml", text), overlays: [], weeks: [week])
    _ = try? PlanLoader.plans(base: ("plan.yaml", base), overlays: [(week, "2021-W35/plan.yaml", text)], weeks: [week])
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt { fuzzPlan(fuzzData(bytes, size)) }

@_cdecl("FuzzPlan_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { testOneInput($0, $1) }
}
