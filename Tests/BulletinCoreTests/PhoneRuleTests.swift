import Testing
@testable import BulletinCore

/// 联系电话: the shared rule of 附件1 and 附件2.
@Suite struct PhoneRuleTests {
    @Test func mobiles() {
        #expect(PhoneRule.check("13912345678", areaCode: nil) == .mobile("13912345678"))
        #expect(PhoneRule.check("+86 139 1234 5678", areaCode: nil) == .mobile("13912345678"))
        #expect(PhoneRule.check("0086-139-1234-5678", areaCode: nil) == .mobile("13912345678"))
        #expect(PhoneRule.check("8613912345678", areaCode: nil) == .mobile("13912345678"))
        #expect(PhoneRule.check("１３９１２３４５６７８", areaCode: nil) == .mobile("13912345678"))
        #expect(PhoneRule.check("139—1234—5678", areaCode: nil) == .mobile("13912345678"))
        #expect(PhoneRule.check("12912345678", areaCode: nil) == .invalid(.wrongLength(11)))
        #expect(PhoneRule.check("1391234567", areaCode: "0533") == .invalid(.wrongLength(10)))
    }

    @Test func landlinesWithAreaCode() {
        #expect(PhoneRule.check("0533-4130090", areaCode: nil) == .landline("0533-4130090", extension: nil))
        #expect(PhoneRule.check("05334130090", areaCode: nil) == .landline("0533-4130090", extension: nil))
        #expect(PhoneRule.check("(0533)4130090", areaCode: nil) == .landline("0533-4130090", extension: nil))
        #expect(PhoneRule.check("010-62345678", areaCode: nil) == .landline("010-62345678", extension: nil))
        #expect(PhoneRule.check("02162345678", areaCode: nil) == .landline("021-62345678", extension: nil))
        #expect(PhoneRule.check("0533-413009", areaCode: nil) == .invalid(.wrongLength(10)))
    }

    @Test func extensionsAreKeptApart() {
        let expected = PhoneRule.Verdict.landline("0533-4130090", extension: "8001")
        #expect(PhoneRule.check("0533-4130090-8001", areaCode: nil) == expected)
        #expect(PhoneRule.check("0533-4130090转8001", areaCode: nil) == expected)
        #expect(PhoneRule.check("0533-4130090 分机 8001", areaCode: nil) == expected)
        #expect(PhoneRule.check("０５３３－４１３００９０＃８００１", areaCode: nil) == expected)
        #expect(PhoneRule.check("0533-413-0090", areaCode: nil) == .landline("0533-4130090", extension: nil))
        #expect(expected.display == "0533-4130090 转8001")
        #expect(expected.number == "0533-4130090")
    }

    @Test func localNumbersAreCompletedOrWarned() {
        #expect(PhoneRule.check("4130090", areaCode: "0533") == .completed("0533-4130090", extension: nil))
        #expect(PhoneRule.check("4130090", areaCode: nil) == .withoutAreaCode("4130090", extension: nil))
        #expect(PhoneRule.check("4130090-8001", areaCode: "0533") == .completed("0533-4130090", extension: "8001"))
    }

    @Test func aLeadingZeroDroppedByExcel() {
        #expect(PhoneRule.check("5334130090", areaCode: nil) == .zeroDropped("0533-4130090", extension: nil))
        #expect(PhoneRule.check("5334130090", areaCode: "0533") == .zeroDropped("0533-4130090", extension: nil))
        #expect(PhoneRule.check("1062345678", areaCode: nil) == .zeroDropped("010-62345678", extension: nil))
    }

    @Test func notANumber() {
        #expect(PhoneRule.check("", areaCode: nil) == .invalid(.empty))
        #expect(PhoneRule.check("无", areaCode: nil) == .invalid(.notANumber("无")))
        #expect(PhoneRule.check("12345", areaCode: nil) == .invalid(.wrongLength(5)))
        #expect(PhoneRule.check("13912345678/0533-4130090", areaCode: nil) == .invalid(.several))
        #expect(PhoneRule.check("13912345678", areaCode: nil).display == "13912345678")
        #expect(PhoneRule.check("abc", areaCode: nil).number == nil)
    }

    @Test func droppedZeroOfAnotherAreaAndBrokenMobiles() {
        // Another district's landline (0571) that lost its 0 is still a dropped zero.
        #expect(PhoneRule.check("5714130090", areaCode: "0533") == .zeroDropped("0571-4130090", extension: nil))
        // Eleven digits starting with 1 are a mistyped mobile, never a landline without its 0.
        #expect(PhoneRule.check("12841476170", areaCode: nil).number == nil)
        #expect(PhoneRule.check("+86 138 4147 6170", areaCode: nil) == .mobile("13841476170"))
    }
}
