/// The lead units' valid samples, as far as the visit counts need them: per indicator,
/// the credit codes of the samples that count in the run's week (each lead unit's latest
/// 样本企业汇总表, validated by the sample rules).
public enum SampleCodes {
    /// indicator index → credit codes of its valid samples.
    public static func of(_ week: SampleWeek) -> [Int: Set<String>] {
        var result: [Int: Set<String>] = [:]
        for sample in week.samples { result[sample.indicator, default: []].insert(sample.code) }
        return result
    }
}
