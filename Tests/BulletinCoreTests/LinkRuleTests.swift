import Testing
@testable import BulletinCore

@Suite struct LinkRuleTests {
    @Test(arguments: [
        "http://www.people.com.cn/a.html", "https://mp.weixin.qq.com/s/abc", "HTTPS://WWW.GOV.CN",
        "https://www.gov.cn:8080/x?y=1#z", "http://www.boshan.gov.cn/新闻/1.html",
    ])
    func valid(_ link: String) {
        #expect(LinkRule.check(link) == .valid)
    }

    @Test func refused() {
        #expect(LinkRule.check("www.x.com/a.html") == .noScheme)
        #expect(LinkRule.check("javascript:void(0)") == .badScheme("javascript"))
        #expect(LinkRule.check("file:///D:/稿件.docx") == .badScheme("file"))
        #expect(LinkRule.check("ftp://x.com/a") == .badScheme("ftp"))
        #expect(LinkRule.check("http://") == .noHost)
        #expect(LinkRule.check("http:///path") == .noHost)
        #expect(LinkRule.check("https://a.cn/x y") == .whitespace)
        let long = "https://a.cn/" + String(repeating: "x", count: 1_988)
        #expect(long.count == 2_001)
        #expect(LinkRule.check(long) == .tooLong(2_001))
        #expect(LinkRule.check(String(long.dropLast())) == .valid)
    }
}
