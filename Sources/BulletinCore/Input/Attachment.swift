/// The four submissions of the contract, with their folders and columns.
public enum SubmissionKind: String, CaseIterable, Sendable, Codable, Hashable {
    case samples = "样本企业汇总表"
    case ledger = "走访台账"
    case articles = "宣传稿件统计表"
    case problems = "问题清单"

    /// The folder inside a week folder that holds this kind's files.
    public var folder: String { rawValue }

    /// The 附件 label the office uses.
    public var label: String {
        switch self {
        case .samples: return "附件1 样本企业汇总表"
        case .ledger: return "附件2 样本企业走访台账"
        case .articles: return "附件3 宣传稿件统计表"
        case .problems: return "问题清单"
        }
    }

    /// Every column of the form, in the form's order.
    public var columns: [String] {
        switch self {
        case .samples:
            return [
                "序号", "指标名称", "企业名称", "统一社会信用代码", "所属镇街", "办理事项", "办理时间", "联系人", "联系电话",
                "是否存在分歧或投诉", "问题来源", "情况说明", "样本状态", "备注",
            ]
        case .ledger:
            return [
                "序号", "走访日期", "走访单位", "企业名称", "统一社会信用代码", "所属镇街", "走访方式", "走访对象", "联系电话",
                "是否宣传政策", "企业反映问题", "办理情况", "责任单位", "走访人",
            ]
        case .articles:
            return ["序号", "单位名称", "稿件标题", "发布媒体", "媒体级别", "发布日期", "链接", "是否头版头条", "备注"]
        case .problems:
            return ["问题编号", "问题来源", "问题描述", "企业名称", "统一社会信用代码", "责任单位", "整改时限", "整改状态", "完成日期"]
        }
    }

    /// Columns a file must have; a file missing one counts as received with nothing counted.
    public var requiredColumns: [String] {
        switch self {
        case .samples:
            return ["指标名称", "企业名称", "统一社会信用代码", "所属镇街", "办理事项", "办理时间", "联系人", "联系电话", "是否存在分歧或投诉"]
        case .ledger:
            return ["走访日期", "走访单位", "企业名称", "统一社会信用代码", "所属镇街", "走访方式", "走访对象", "联系电话", "办理情况", "走访人"]
        case .articles:
            return ["单位名称", "稿件标题", "发布媒体", "媒体级别", "发布日期", "链接"]
        case .problems:
            return ["问题编号", "问题来源", "问题描述", "责任单位", "整改时限", "整改状态"]
        }
    }

    public func columnIndex(_ name: String) -> Int? { columns.firstIndex(of: name) }
}
