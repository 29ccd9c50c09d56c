import Testing
@testable import BulletinCore

/// 统一社会信用代码 per GB 32100-2015, and how Excel's damage is told apart.
@Suite struct CreditCodeTests {
    @Test(arguments: ["914403001922038216", "91110000802100433B", "9144030071526726XG"])
    func validVectors(_ code: String) {
        #expect(CreditCode.check(code) == .valid(code: code, normalised: false))
        #expect(CreditCode.expectedCheck(code.prefix(17)) == code.last)
    }

    @Test func lowerCaseFullWidthAndSpacesAreNormalised() {
        #expect(CreditCode.check("91110000802100433b") == .valid(code: "91110000802100433B", normalised: true))
        #expect(CreditCode.check("９１１１００００８０２１００４３３Ｂ") == .valid(code: "91110000802100433B", normalised: true))
        #expect(CreditCode.check("9111 0000 8021 0043 3B") == .valid(code: "91110000802100433B", normalised: true))
        // Padding around the cell is not a change worth a warning.
        #expect(CreditCode.check("　91110000802100433B ") == .valid(code: "91110000802100433B", normalised: false))
    }

    @Test func excelDamageIsNotAWrongCheckCharacter() {
        #expect(CreditCode.check("9.14403001922038E+17") == .excelDamaged)
        #expect(CreditCode.check("9.13703E+17") == .excelDamaged)
        #expect(CreditCode.check("9.13703e+17") == .excelDamaged)
        // 15 significant digits kept, the rest turned to 0.
        #expect(CreditCode.check("914403001922038000") == .excelDamaged)
    }

    @Test func wrongCheckCharacterNamesTheExpectedOne() {
        #expect(CreditCode.check("91370304MA3RYXJN15") == .badCheck(code: "91370304MA3RYXJN15", expected: "X"))
        #expect(CreditCode.check("9144030071526726X0") == .badCheck(code: "9144030071526726X0", expected: "G"))
        #expect(CreditCode.check("914403001922038217") == .badCheck(code: "914403001922038217", expected: "6"))
    }

    @Test func badFormat() {
        #expect(CreditCode.check("9144030071526726X") == .badFormat(code: "9144030071526726X"))
        #expect(CreditCode.check("91440300715267260O") == .badFormat(code: "91440300715267260O"))
        #expect(CreditCode.check("9144030071526726XG1") == .badFormat(code: "9144030071526726XG1"))
        // A real code that merely contains E and digits is not taken for scientific notation.
        if case .excelDamaged = CreditCode.check("9137030400000E1234") { Issue.record("taken for Excel damage") }
        #expect(CreditCode.formatProblem("9144030071526726X").contains("17"))
        #expect(CreditCode.formatProblem("91440300715267260O").contains("O"))
    }

    @Test func thePlanMayAcceptPre2016Codes() {
        let accepted: Set<String> = ["913703048641011164"]
        #expect(CreditCode.check("913703048641011164") == .badCheck(code: "913703048641011164", expected: "1"))
        #expect(CreditCode.check("913703048641011164", accepted: accepted) == .accepted(code: "913703048641011164"))
        // The plan's list is canonicalised when the plan is read, so a code written with
        // spaces or in lower case in plan.yaml still matches.
        let plan = try? PlanLoader.plans(
            base: ("plan.yaml", "campaign: x\noffice: y\nperiod: {start: 2021-08-27, end: 2021-09-10}\naccepted_credit_codes: [\" 91370304ma3rpjfc9m\"]"),
            overlays: [], weeks: []
        ).base
        #expect(plan?.acceptedCreditCodes == ["91370304MA3RPJFC9M"])
        #expect(
            CreditCode.check("91370304ma3rpjfc9m", accepted: plan?.acceptedCreditCodes ?? []) == .accepted(code: "91370304MA3RPJFC9M"))
    }
}
