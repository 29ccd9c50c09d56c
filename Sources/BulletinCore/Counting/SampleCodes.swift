/// The lead units' valid samples, as far as the visit counts need them: per indicator,
/// the credit codes of its lead unit's latest 样本企业汇总表.
///
/// A deliberately small stand-in for the samples work (issue 3), which validates every
/// column; the merge swaps `latest` for those validated samples. Here a row is a sample
/// when its indicator is one its file's unit leads, its 样本状态 is 有效 (or empty) and
/// its code is structurally valid (or listed in the plan's accepted codes).
public enum SampleCodes {
    static let cIndicator = 1, cCode = 3, cState = 12

    /// indicator index → credit codes of its valid samples. A lead unit's latest file
    /// (latest week folder, then the last path in code-point order) replaces earlier ones.
    public static func latest(_ campaign: Campaign) -> [Int: Set<String>] {
        let roster = campaign.roster
        var latestFile: [Int: SubmissionFile] = [:]
        for file in campaign.tree.files(of: .samples) {
            guard let unit = file.unit, roster.units[unit].type == .lead else { continue }
            if let current = latestFile[unit] {
                if current.week < file.week || (current.week == file.week && Text.codePointLess(current.path, file.path)) {
                    latestFile[unit] = file
                }
            } else {
                latestFile[unit] = file
            }
        }
        var result: [Int: Set<String>] = [:]
        for unit in latestFile.keys.sorted() {
            guard let file = latestFile[unit], let data = campaign.data(of: file) else { continue }
            let plan = campaign.plan(for: file.week)
            var ignored: [Finding] = []
            TableReader.read(data, kind: .samples, file: file.path, unit: roster.units[unit].name, findings: &ignored) { row in
                guard let indicator = roster.indicators.first(where: {
                    $0.lead == unit && Text.comparisonKey($0.name) == Text.comparisonKey(row[cIndicator])
                }) else { return }
                let state = Text.comparisonKey(row[cState])
                guard state.isEmpty || state == "有效" else { return }
                switch CreditCode.check(row[cCode], accepted: plan.acceptedCreditCodes) {
                case .valid(let code, _), .accepted(let code):
                    result[indicator.index, default: []].insert(code)
                default:
                    return
                }
            }
        }
        return result
    }
}
