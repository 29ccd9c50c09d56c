/// What the row rules of every submission share: a finding at one of the row's cells,
/// required cells, and the credit-code and phone rules with the messages a clerk acts on.
/// The form driver makes one per row and keeps its findings whatever the row's outcome;
/// cells are named by the form's column enum.
public struct RowCheck<Column: FormColumn> {
    let row: SubmissionRow
    let file: String
    /// The submitting unit's full name.
    let unit: String
    /// What an error does to this row, said at the end of each error message
    /// (`本行未计入`; for problems, `本行未采用，问题保持原状态`).
    let rejection: String
    private(set) var findings: [Finding] = []
    private(set) var errors = 0

    init(_ row: SubmissionRow, file: String, unit: String, rejection: String = "本行未计入") {
        self.row = row
        self.file = file
        self.unit = unit
        self.rejection = rejection
    }

    public var hasErrors: Bool { errors > 0 }

    mutating func report(
        _ code: FindingCode, _ column: Column, _ message: String, severity: Finding.Severity? = nil, value: String? = nil
    ) {
        let f = Finding(
            code: code, severity: severity, unit: unit, file: file, line: row.line, row: row.row, column: column.header,
            value: value ?? row[column.rawValue], message: message)
        if f.severity == .error { errors += 1 }
        findings.append(f)
    }

    /// The cell's value, or nil with a `missing-cell` error when it is empty.
    mutating func required(_ column: Column, _ why: String = "必填") -> String? {
        let v = row[column.rawValue]
        if v.isEmpty {
            report(.missingCell, column, "「\(column.header)」为空（\(why)），\(rejection)")
            return nil
        }
        return v
    }

    /// 统一社会信用代码 (GB 32100-2015): the canonical code, or nil with the error that says
    /// what happened (Excel damage, a wrong check character and which one, a bad form).
    mutating func creditCode(_ column: Column, raw: String, accepted: Set<String>) -> String? {
        switch CreditCode.check(raw, accepted: accepted) {
        case .valid(let c, let normalised):
            if normalised {
                report(.creditCodeNormalised, column, "统一社会信用代码「\(raw)」含小写字母、全角字符或空格，已按「\(c)」计入；请改为18位大写半角字符")
            }
            return c
        case .accepted(let c):
            return c
        case .excelDamaged:
            report(.excelDamagedCode, column,
                   "统一社会信用代码「\(raw)」已被 Excel 当作数字改坏（科学计数法或第15位后变成0），\(rejection)；请将该列设置为「文本」格式后重新填写完整的18位代码")
        case .badFormat(let c):
            report(.badCreditCode, column, "统一社会信用代码「\(raw)」\(CreditCode.formatProblem(c))，\(rejection)；请核对营业执照")
        case .badCheck(let c, let expected):
            report(.badCheckCharacter, column,
                   "统一社会信用代码「\(c)」校验位（第18位）为「\(c.last.map(String.init) ?? "")」，按前17位应为「\(expected)」，\(rejection)；请核对营业执照上的代码（2016年前赋码且核实无误的，可请营商环境办列入 accepted_credit_codes）")
        }
        return nil
    }

    /// 联系电话: the normalised number (`0533-4130090 转8001`), or nil with a `bad-phone` error;
    /// a number without area code or with Excel's dropped 0 counts, with a warning.
    mutating func phone(_ column: Column, raw: String, areaCode: String?) -> String? {
        let verdict = PhoneRule.check(raw, areaCode: areaCode)
        switch verdict {
        case .mobile, .landline, .completed:
            break
        case .withoutAreaCode:
            report(.phoneWithoutAreaCode, column, "联系电话「\(raw)」没有区号（计划未设置本区区号 area_code，无法补全），按原号码计入；请补上区号（如 0533-4130090）")
        case .zeroDropped(let n, _):
            report(.phoneZeroDropped, column, "联系电话「\(raw)」开头的 0 被 Excel 去掉了，已按「\(n)」计入；请将该列设置为「文本」格式后重新填写")
        case .invalid(let problem):
            let why: String
            switch problem {
            case .empty: why = "为空"
            case .notANumber(let c): why = "含有「\(c)」，不是电话号码"
            case .several: why = "填了多个号码，只能填一个"
            case .wrongLength(let n): why = "有 \(n) 位数字，既不是11位手机号，也不是带区号的固定电话"
            }
            report(.badPhone, column, "联系电话「\(raw)」\(why)，\(rejection)；请填写11位手机号或「区号-号码」形式的固定电话")
        }
        return verdict.display
    }

    /// 所属镇街: a 镇街 of units.csv (full name or 简称), or nil with an `unknown-town` error.
    mutating func town(_ column: Column, raw: String, roster: Roster) -> Int? {
        if let unit = roster.unitIndex(named: raw), roster.units[unit].type == .town { return unit }
        report(.unknownTown, column, "所属镇街「\(raw)」不是单位名册中的镇街，\(rejection)；请填写镇街全称")
        return nil
    }

    /// A date in any accepted form, or nil with a `bad-date` error that tells a day that does
    /// not exist (`2023年9月31日`) apart from a form that cannot be read. Range rules are the
    /// caller's.
    mutating func date(_ column: Column, raw: String, defaultYear: Int) -> Day? {
        switch DateParser.parse(raw, defaultYear: defaultYear) {
        case .success(let d):
            return d
        case .failure(.nonexistent):
            report(.badDate, column, "\(column.header)「\(raw)」不存在，\(rejection)")
        case .failure:
            report(.badDate, column, "\(column.header)「\(raw)」无法识别，应为 2021-08-30、2021/8/30 或 8月30日 形式，\(rejection)")
        }
        return nil
    }
}
