/// Article links: http or https with a host, nothing else (`javascript:`, `file:`, and
/// `www.x.com` without a scheme are refused), at most 2,000 characters.
public enum LinkRule {
    public static let maxLength = 2_000

    public enum Verdict: Equatable, Sendable {
        case valid
        case tooLong(Int)
        case noScheme
        case badScheme(String)
        case noHost
        case whitespace
    }

    public static func check(_ link: String) -> Verdict {
        if link.count > maxLength { return .tooLong(link.count) }
        if link.unicodeScalars.contains(where: { Text.isPadding($0) }) { return .whitespace }
        guard let sep = link.range(of: "://") else {
            // `javascript:void(0)`, `mailto:x` name a scheme; `www.x.com/a` names none.
            if let colon = link.firstIndex(of: ":") {
                let scheme = link[..<colon].lowercased()
                if let first = scheme.first, first.isLetter,
                    scheme.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" })
                {
                    return .badScheme(scheme)
                }
            }
            return .noScheme
        }
        let scheme = link[..<sep.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return .badScheme(scheme) }
        let rest = link[sep.upperBound...]
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostName = host.split(separator: "@").last.map { $0.split(separator: ":").first ?? "" } ?? ""
        guard !hostName.isEmpty, hostName.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "[" || $0 == "]" }),
            hostName.first != ".", hostName.last != "."
        else { return .noHost }
        return .valid
    }
}
