/// The generated reference of finding codes (docs/finding-codes.md).
public enum FindingReference {
    public static func markdown(registry: FormRegistry = .standard) -> String {
        var out = """
            # 问题代码说明

            由 `bulletin codes` 生成（本文件过时时测试会失败）。**错误**：所在行（整个文件的问题则为该文件）不计入任何统计，须改正；
            **警告**：所在行照常计入，请核实；重复报送的稿件和样本只计首次报送；放错位置的文件不读取。
            任务类问题（未完成任务、未报送、迟报、逾期、样本不足、走访不足）由 `bulletin check` 列出，不在《数据问题清单》中。

            | 问题 | 严重程度 | 对所在行的处理 | 怎么改 | 代码 |
            |---|---|---|---|---|

            """
        for code in FindingCode.allCases {
            let facts = code.facts
            let effect = FindingEffect.of(code, severity: facts.severity)
            let tip = (facts.tip ?? "—").replacingOccurrences(of: "|", with: "／")
            out += "| \(facts.title) | \(facts.severity.chinese) | \(effect.outcome) | \(tip) | `\(code.rawValue)` |\n"
        }
        out += """

            ## 报送表格

            本工具读取的表格。缺少必填列的文件（`missing-column`）算已报送，但不计入任何内容；多余的列为
            `unknown-column`；每张表格按其规则逐行检查。

            | 表格 | 文件夹 | 报送单位 | 报送时间 | 必填列 | 其他列 |
            |---|---|---|---|---|---|

            """
        for kind in registry.allKinds {
            let other = kind.columns.filter { !kind.requiredColumns.contains($0) }
            let folder = kind.isWeekFile ? "`<周>/\(kind.folder)`" : "`<周>/\(kind.folder)/`"
            out += "| \(kind.label) | \(folder) | \(kind.senders) | \(kind.schedule.rawValue) | "
                + "\(kind.requiredColumns.joined(separator: "、")) | \(other.isEmpty ? "—" : other.joined(separator: "、")) |\n"
        }
        out += """

            ## For engineers

            The codes are stable (`FindingCode`); a finding with severity **error** excludes its row
            from every count; a **warning** keeps the row, except `duplicate-article`,
            `duplicate-sample` and `duplicate-enterprise` (only the first report counts) and
            `not-csv`, `stray-file`, `receipt-unknown-file` (the file or entry is not read) —
            `FindingEffect`. Quota findings are printed by `bulletin check`, not listed in
            数据问题清单.xlsx.

            """
        return out
    }
}
