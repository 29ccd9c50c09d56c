/// A unit's status for one expected file (a weekly list, a daily ledger).
public enum SubmissionStatus: String, Sendable, Codable, CaseIterable {
    case onTime = "按时"
    case late = "迟报"
    /// Present, but the receipt log does not list it (or the week has no log).
    case submitted = "已报送"
    case missing = "未报送"
    /// Not expected (quota 0) and nothing sent.
    case notRequired = "无需报送"
    /// Not sent, and not due yet (附件1 before `deadlines.samples`).
    case notDue = "未到时限"

    public var isReceived: Bool { self == .onTime || self == .late || self == .submitted }
}

public enum SubmissionRule {
    /// The status of an expected submission from the files that count for it: the earliest
    /// logged receipt among them decides 按时 / 迟报; 已报送 when none is logged.
    public static func status(
        files: [SubmissionFile], expected: Bool, deadline: ReceiptTime, receipt: (SubmissionFile) -> ReceiptTime?
    ) -> (status: SubmissionStatus, receivedAt: ReceiptTime?) {
        guard !files.isEmpty else { return (expected ? .missing : .notRequired, nil) }
        guard let earliest = files.compactMap(receipt).min() else { return (.submitted, nil) }
        return (earliest <= deadline ? .onTime : .late, earliest)
    }
}
