import Foundation

/// One file a unit sent that the week reports, with the week's findings on it: one sheet
/// of the unit's marked workbook.
public struct FileCorrections: Sendable {
    public var file: SubmissionFile
    /// Unique in the workbook, at most 31 characters, none of `[]:*?/\`.
    public var sheetName: String
    /// In location order (line, column, code).
    public var findings: [Finding]
    public var errors: Int { findings.filter { $0.severity == .error }.count }
    public var warnings: Int { findings.filter { $0.severity == .warning }.count }
}

/// What goes back to one unit for a week: its files, marked where the week found something.
public struct UnitCorrections: Sendable {
    public var unit: Int
    public var name: String
    /// Every file of the unit the week reports, in path order (code points).
    public var files: [FileCorrections]
    /// The unit's findings that concern no file of its (shown on the 说明 sheet).
    public var other: [Finding]
    public var errors: Int
    public var warnings: Int
    /// The workbook's path inside the week's output folder: `退回修改/<单位名称>.xlsx`.
    public var outputName: String

    public var findingCount: Int { errors + warnings }
}

/// The week's findings grouped per unit and file, for the workbooks sent back to the units
/// (`退回修改/`) and summary.json's `corrections`. Which findings: exactly those the week
/// lists (数据问题清单.xlsx), of units of the roster; quota shortfalls are not mistakes in a
/// file and are not marked.
public enum Corrections {
    public static let folder = "退回修改"
    public static let guideSheet = "说明"

    /// Every unit with at least one finding in the week, in roster order.
    public static func units(_ report: WeekReport) -> [UnitCorrections] {
        let byUnit = Dictionary(grouping: report.findings, by: \.unit)
        let names = fileNames(report.roster)
        return report.roster.units.compactMap { unit in
            guard let findings = byUnit[unit.name], !findings.isEmpty else { return nil }
            return make(unit.index, findings: findings, report: report, outputName: names[unit.index])
        }
    }

    /// One unit's corrections, with or without findings (`check --unit NAME --format xlsx`).
    public static func unit(_ index: Int, _ report: WeekReport) -> UnitCorrections {
        let name = report.roster.units[index].name
        return make(index, findings: report.findings.filter { $0.unit == name }, report: report, outputName: fileNames(report.roster)[index])
    }

    static func make(_ index: Int, findings: [Finding], report: WeekReport, outputName: String) -> UnitCorrections {
        let reports = ReportBuilder.reportsPath(report.campaign)
        let files = report.campaign.tree.files
            .filter { $0.unit == index && reports($0.path) }
            .sorted { Text.codePointLess($0.path, $1.path) }
        let byFile = Dictionary(grouping: findings, by: \.file)
        var taken: Set<String> = [guideSheet.lowercased()]
        var sheets: [FileCorrections] = []
        for file in files {
            let name = uniqueSheetName(sheetBase(file), taken: &taken)
            sheets.append(FileCorrections(file: file, sheetName: name, findings: (byFile[file.path] ?? []).sorted(by: Finding.locationOrder)))
        }
        let placed = Set(files.map(\.path))
        let other = findings.filter { !placed.contains($0.file) }.sorted(by: Finding.locationOrder)
        let errors = findings.filter { $0.severity == .error }.count
        return UnitCorrections(
            unit: index, name: report.roster.units[index].name, files: sheets, other: other, errors: errors,
            warnings: findings.count - errors, outputName: outputName)
    }

    /// By when a unit should send its corrected files: the next week's report day at the
    /// weekly deadline, so the next bulletin counts them.
    public static func resubmitBy(_ report: WeekReport) -> ReceiptTime {
        ReceiptTime(day: report.plan.reportDate(of: report.week.next), minutes: report.plan.articlesDeadline)
    }

    // MARK: - Names

    /// `附件3 宣传稿件统计表`, with what follows the unit in the file name (a ledger's date,
    /// `第2周`) — what a clerk calls the file.
    static func sheetBase(_ file: SubmissionFile) -> String {
        let suffix = Text.trim(file.suffix)
        return suffix.isEmpty ? file.kind.label : "\(file.kind.label) \(suffix)"
    }

    /// A sheet name Excel accepts: forbidden characters and controls replaced, no apostrophe
    /// at either end, at most 31 UTF-16 units, unique ignoring case ("(2)", "(3)" … when taken).
    static func uniqueSheetName(_ base: String, taken: inout Set<String>) -> String {
        var clean = String(String.UnicodeScalarView(base.unicodeScalars.map { s -> Unicode.Scalar in
            "[]:*?/\\".unicodeScalars.contains(s) || s.value < 0x20 || s.value == 0x7F || s.value == 0xFFFE || s.value == 0xFFFF ? "_" : s
        }))
        while clean.hasPrefix("'") { clean.removeFirst() }
        while clean.hasSuffix("'") { clean.removeLast() }
        if clean.isEmpty || clean.lowercased() == "history" { clean = "文件" }
        func cut(_ s: String, to limit: Int) -> String {
            var out = ""
            for c in s {
                if out.utf16.count + String(c).utf16.count > limit { break }
                out.append(c)
            }
            while out.hasSuffix("'") || out.hasSuffix(" ") { out.removeLast() }
            return out
        }
        var candidate = cut(clean, to: 31)
        var n = 1
        while taken.contains(candidate.lowercased()) {
            n += 1
            let suffix = "(\(n))"
            candidate = cut(clean, to: 31 - suffix.utf16.count) + suffix
        }
        taken.insert(candidate.lowercased())
        return candidate
    }

    /// `退回修改/<单位名称>.xlsx` for every unit of the roster, by index: the name as the roster
    /// writes it, with what a file name cannot hold replaced by `_`, at most 200 bytes, and
    /// "(2)" on a name that would clash once cleaned.
    static func fileNames(_ roster: Roster) -> [String] {
        var taken = Set<String>()
        return roster.units.map { unit in
            var clean = String(String.UnicodeScalarView(unit.name.unicodeScalars.map { s -> Unicode.Scalar in
                s == "/" || s == "\\" || s.value < 0x20 || s.value == 0x7F ? "_" : s
            }))
            if clean.hasPrefix(".") { clean = "_" + clean.dropFirst() }
            var short = ""
            for c in clean {
                if short.utf8.count + String(c).utf8.count > 200 { break }
                short.append(c)
            }
            var candidate = short, n = 1
            while taken.contains(candidate.lowercased()) {
                n += 1
                candidate = "\(short)(\(n))"
            }
            taken.insert(candidate.lowercased())
            return "\(folder)/\(candidate).xlsx"
        }
    }

    // MARK: - How to fix

    /// What a clerk does about the commonest findings, for the 说明 sheet. Codes without a
    /// tip are explained by their cell comments alone.
    static func tip(_ code: FindingCode) -> String? {
        switch code {
        case .excelDamagedCode:
            return "统一社会信用代码被 Excel 显示成科学计数法或末尾变成 000：先选中该列，右键「设置单元格格式」设为「文本」，再从营业执照或原始资料重新粘贴代码"
        case .badCheckCharacter:
            return "统一社会信用代码校验位不对，多为抄错一位：请对照营业执照或国家企业信用信息公示系统逐位核对"
        case .badCreditCode:
            return "统一社会信用代码应为 18 位数字或大写字母：请对照营业执照重新填写，并把该列设为「文本」格式"
        case .creditCodeNormalised:
            return "代码中有小写字母、全角字符或空格，已自动规范；以后请直接填 18 位大写代码"
        case .missingCell:
            return "必填项不能空着：请补全标红的单元格"
        case .misnamedFile:
            return "文件名请以本单位全称或简称开头（如「区商务局.csv」，走访台账为「山头街道_2021-08-31.csv」），不要只写附件名或把单位名写在后面；含有两个单位名称的文件无法计入"
        case .badChoice:
            return "只能填模板规定的选项（批注中写明了可选值），请照抄，不要改写或加字"
        case .badDate:
            return "日期请写成 2021-08-30 或 2021年8月30日，不要写「8.30」「21/8/30」这类写法"
        case .dateBeforeCampaign, .dateAfterCampaign, .dateAfterReport, .dateOutsideVisitPeriod, .dateAfterLedgerDay,
            .dateBeforeHandledSince:
            return "日期不在允许的范围内（批注中写明了范围）：请核对年份、月份是否写错"
        case .badPhone:
            return "联系电话只填一个号码：手机 11 位，座机带区号（如 0533-4130090）"
        case .phoneZeroDropped, .phoneWithoutAreaCode:
            return "座机号码开头的 0 被 Excel 去掉或缺少区号：先把该列设为「文本」格式，再填写带区号的号码"
        case .badLink, .linkTooLong:
            return "链接请从浏览器地址栏完整复制，以 http:// 或 https:// 开头"
        case .unknownMedium, .levelMismatch:
            return "发布媒体请写媒体名录中的全称，媒体级别与名录一致"
        case .duplicateArticle:
            return "这篇稿件此前已报送过（批注写明首次报送的单位和期次），不再计入，不必重复报送"
        case .unknownUnit, .foreignUnit:
            return "单位名称请写单位名册中的全称或简称；只能报送本单位的内容（牵头单位可汇总其牵头指标的责任单位）"
        case .unknownIndicator, .foreignIndicator:
            return "指标名称请写指标名册中本单位牵头的指标全称"
        case .duplicateSample:
            return "同一指标下同一企业只计一次：请删除重复行或换成其他企业"
        case .townMismatch, .unregisteredEnterprise:
            return "所属镇街以在册企业名单为准；企业不在名单中的，请核对统一社会信用代码是否填错"
        case .problemMarkedNone:
            return "企业反映了问题时，办理情况不能填「无问题」，请填 已解决、正在解决 或 无法解决"
        case .missingColumn, .missingHeader, .unknownColumn, .duplicateColumn, .repeatedHeader:
            return "请使用统一模板：不要增删、改名或重复列，表头只保留一行"
        case .badEncoding:
            return "文件编码无法识别：请在 Excel/WPS 中「另存为」选「CSV UTF-8（逗号分隔）」后重新报送"
        case .raggedRow, .unterminatedQuote:
            return "行错位多因单元格中的英文逗号或双引号：请在 Excel/WPS 中检查后另存为 CSV，不要用记事本手工编辑"
        case .controlCharacter, .cellTooLong:
            return "单元格中有从其他系统带入的不可见字符或内容过长：请删除后重新报送"
        case .unreadableFile, .badFileName:
            return "文件无法读取或文件名不规范：请按「单位名称.csv」（走访台账为「单位名称_2021-08-30.csv」）命名后重新报送"
        case .findingsTruncated:
            return "本文件问题太多，只标出了前 1000 个：请按模板整体核对后重新报送"
        default:
            return nil
        }
    }
}
