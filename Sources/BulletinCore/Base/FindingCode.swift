/// Every kind of finding, with a stable kebab-case code. Everything else about a code — its
/// severity, title, tip, scope, what a warning of it does — is its row of `facts`, below.
/// The reference in docs/finding-codes.md is generated from both (`bulletin codes`), and a
/// test fails when it is stale.
public enum FindingCode: String, CaseIterable, Sendable, Codable, Hashable {
    // The file as a whole
    case badEncoding = "bad-encoding"
    case unterminatedQuote = "unterminated-quote"
    case missingHeader = "missing-header"
    case missingColumn = "missing-column"
    case unknownColumn = "unknown-column"
    case duplicateColumn = "duplicate-column"
    case raggedRow = "ragged-row"
    case unknownUnitFile = "unknown-unit-file"
    case misnamedFile = "misnamed-file"
    case notCSV = "not-csv"
    case strayFile = "stray-file"
    case badFileName = "bad-file-name"
    case unreadableFile = "unreadable-file"
    case findingsTruncated = "findings-truncated"
    case badWeekFolder = "bad-week-folder"
    case repeatedHeader = "repeated-header"
    case outsideInput = "outside-input"
    case controlCharacter = "control-character"
    case cellTooLong = "cell-too-long"
    case garbledText = "garbled-text"
    case excelConvertedID = "excel-converted-id"
    // Workbooks (.xlsx, .xls, .et)
    case oldExcelFormat = "old-excel-format"
    case encryptedWorkbook = "encrypted-workbook"
    case damagedWorkbook = "damaged-workbook"
    case workbookTooLarge = "workbook-too-large"
    case numberFormatTooLong = "number-format-too-long"
    case otherSheetsIgnored = "other-sheets-ignored"
    case unsupportedFormat = "unsupported-format"
    // Cells
    case missingCell = "missing-cell"
    case badChoice = "bad-choice"
    case badDate = "bad-date"
    case dateBeforeCampaign = "date-before-campaign"
    case dateAfterCampaign = "date-after-campaign"
    case dateAfterReport = "date-after-report"
    case unknownUnit = "unknown-unit"
    case foreignUnit = "foreign-unit"
    // Articles
    case unknownMedium = "unknown-medium"
    case levelMismatch = "level-mismatch"
    case badLink = "bad-link"
    case linkTooLong = "link-too-long"
    case duplicateArticle = "duplicate-article"
    // Visit ledgers
    case dateOutsideVisitPeriod = "date-outside-visit-period"
    case dateAfterLedgerDay = "date-after-ledger-day"
    case problemMarkedNone = "problem-marked-none"
    case townMismatch = "town-mismatch"
    case unregisteredEnterprise = "unregistered-enterprise"
    // Receipt log
    case badReceiptTime = "bad-receipt-time"
    case receiptUnknownFile = "receipt-unknown-file"
    // Roster
    case duplicateIndicator = "duplicate-indicator"
    case duplicateEnterprise = "duplicate-enterprise"
    case unknownTown = "unknown-town"
    // Credit codes and phone numbers
    case badCreditCode = "bad-credit-code"
    case badCheckCharacter = "bad-check-character"
    case excelDamagedCode = "excel-damaged-code"
    case creditCodeNormalised = "credit-code-normalised"
    case badPhone = "bad-phone"
    case phoneWithoutAreaCode = "phone-without-area-code"
    case phoneZeroDropped = "phone-zero-dropped"
    // Sample enterprises (附件1)
    case unknownIndicator = "unknown-indicator"
    case foreignIndicator = "foreign-indicator"
    case dateBeforeHandledSince = "date-before-handled-since"
    case duplicateSample = "duplicate-sample"
    case partialSampleList = "partial-sample-list"
    // Deliverables (材料报送/)
    case unknownTask = "unknown-task"
    case taskNotExpected = "task-not-expected"
    // Quotas and submissions (shortfalls reported by `check`)
    case articlesShort = "articles-short"
    case missingSubmission = "missing-submission"
    case lateSubmission = "late-submission"
    case problemOverdue = "problem-overdue"
    case samplesShort = "samples-short"
    case visitsShort = "visits-short"
}

/// What a finding is about, and so where a marked workbook (`退回修改/`) shows it.
public enum FindingScope: Sendable, CaseIterable {
    /// The file as a whole (its encoding, header, name, place, format): a note row above the
    /// file's rows, never on a cell.
    case file
    /// One row or cell of a file (a submission, the roster, a receipt log): marked on the cell
    /// its column names, else on the row's number; a note when it has no line.
    case row
    /// A unit's quota or submissions over the week, found from the counts: printed by
    /// `bulletin check`, never in 数据问题清单.xlsx or a marked workbook.
    case quota
}

/// Everything the program knows about a finding code besides its rule: one row of
/// `FindingCode.facts`.
public struct FindingCodeFacts: Sendable, Equatable {
    /// The severity of a finding of the code unless its rule says otherwise (a truncation
    /// that dropped errors, a town's visits short once the period is over).
    public var severity: Finding.Severity
    public var scope: FindingScope
    /// A short Chinese name of the problem, for tables, note rows and the codes reference.
    public var title: String
    /// What a finding of the code does to its row (or file) when it is a warning: `.counted`,
    /// `.firstOnly` (a repeat) or `.notRead` (a file or entry the run does not read). An
    /// error's row is never counted, whatever the code (`FindingEffect.of`).
    public var warningEffect: FindingEffect
    /// What a clerk does about it, in Chinese, for a marked workbook's 说明 sheet and the codes
    /// reference; nil for a code explained by its findings' messages alone.
    public var tip: String?

    init(_ severity: Finding.Severity, _ scope: FindingScope, _ title: String, asWarning warningEffect: FindingEffect, tip: String?) {
        self.severity = severity
        self.scope = scope
        self.title = title
        self.warningEffect = warningEffect
        self.tip = tip
    }
}

extension FindingCode {
    /// The code's row of the table: one exhaustive switch, so a new code does not compile
    /// without all its facts. Every other file asks here instead of switching on codes.
    public var facts: FindingCodeFacts {
        switch self {
        // The file as a whole
        case .badEncoding:
            .init(.error, .file, "文件编码无法识别", asWarning: .counted,
                  tip: "文件编码无法识别：请在 Excel/WPS 中「另存为」选「CSV UTF-8（逗号分隔）」后重新报送")
        case .unterminatedQuote:
            .init(.error, .file, "引号未闭合", asWarning: .counted, tip: Tip.csvRows)
        case .missingHeader:
            .init(.error, .file, "找不到表头", asWarning: .counted, tip: Tip.template)
        case .missingColumn:
            .init(.error, .file, "缺少必填列", asWarning: .counted, tip: Tip.template)
        case .unknownColumn:
            .init(.warning, .row, "多余的列", asWarning: .counted, tip: Tip.template)
        case .duplicateColumn:
            .init(.warning, .row, "列名重复", asWarning: .counted, tip: Tip.template)
        case .raggedRow:
            .init(.warning, .row, "列数与表头不符", asWarning: .counted, tip: Tip.csvRows)
        case .unknownUnitFile:
            .init(.error, .file, "文件名中的单位不在名册中", asWarning: .counted, tip: nil)
        case .misnamedFile:
            .init(.warning, .file, "文件名未以单位名称开头", asWarning: .counted,
                  tip: "文件名请以本单位全称或简称开头（如「区商务局.csv」，走访台账为「山头街道_2021-08-31.csv」），不要只写附件名或把单位名写在后面；含有两个单位名称的文件无法计入")
        case .notCSV:
            .init(.warning, .file, "不是 CSV 或 .xlsx 文件", asWarning: .notRead, tip: nil)
        case .strayFile:
            .init(.warning, .file, "放错位置的文件", asWarning: .notRead, tip: nil)
        case .badFileName:
            .init(.error, .file, "文件名不符合规范", asWarning: .counted, tip: Tip.fileName)
        case .unreadableFile:
            .init(.error, .file, "文件无法读取", asWarning: .counted, tip: Tip.fileName)
        case .findingsTruncated:
            .init(.error, .file, "问题过多，未全部列出", asWarning: .counted,
                  tip: "本文件问题太多，只标出了前 1000 个：请按模板整体核对后重新报送")
        case .badWeekFolder:
            .init(.error, .file, "周文件夹名不是有效的活动周", asWarning: .counted, tip: nil)
        case .repeatedHeader:
            .init(.warning, .row, "表头行重复出现", asWarning: .counted, tip: Tip.template)
        case .outsideInput:
            .init(.error, .file, "链接指向输入文件夹之外", asWarning: .counted, tip: nil)
        case .controlCharacter:
            .init(.warning, .row, "单元格含控制字符", asWarning: .counted, tip: Tip.strangeCell)
        case .cellTooLong:
            .init(.warning, .row, "单元格超过 32767 个字符", asWarning: .counted, tip: Tip.strangeCell)
        case .garbledText:
            .init(.error, .row, "文字是乱码（编码被改错）", asWarning: .counted, tip: nil)
        case .excelConvertedID:
            .init(.warning, .row, "编号被 Excel 转成了数字或日期", asWarning: .counted, tip: nil)
        // Workbooks (.xlsx, .xls, .et)
        case .oldExcelFormat:
            .init(.error, .file, "旧版 Excel/WPS 格式（.xls/.et）", asWarning: .counted, tip: nil)
        case .encryptedWorkbook:
            .init(.error, .file, "Excel 文件设有打开密码", asWarning: .counted, tip: nil)
        case .damagedWorkbook:
            .init(.error, .file, "Excel 文件损坏或无法读取", asWarning: .counted, tip: nil)
        case .workbookTooLarge:
            .init(.error, .file, "Excel 文件解压后超出上限", asWarning: .counted, tip: nil)
        case .numberFormatTooLong:
            .init(.warning, .file, "数字格式超长，未解析", asWarning: .counted, tip: nil)
        case .otherSheetsIgnored:
            .init(.warning, .file, "其他工作表的行未读取", asWarning: .counted, tip: nil)
        case .unsupportedFormat:
            .init(.error, .file, "无法读取的文件格式（.ods、.numbers、PDF、图片等）", asWarning: .counted, tip: nil)
        // Cells
        case .missingCell:
            .init(.error, .row, "必填项为空", asWarning: .counted, tip: "必填项不能空着：请补全标红的单元格")
        case .badChoice:
            .init(.error, .row, "不是可选值之一", asWarning: .counted,
                  tip: "只能填模板规定的选项（批注中写明了可选值），请照抄，不要改写或加字")
        case .badDate:
            .init(.error, .row, "日期无法识别", asWarning: .counted,
                  tip: "日期请写成 2021-08-30 或 2021年8月30日，不要写「8.30」「21/8/30」这类写法")
        case .dateBeforeCampaign:
            .init(.error, .row, "日期早于活动开始", asWarning: .counted, tip: Tip.dateRange)
        case .dateAfterCampaign:
            .init(.error, .row, "日期晚于活动结束", asWarning: .counted, tip: Tip.dateRange)
        case .dateAfterReport:
            .init(.error, .row, "日期晚于本周通报日", asWarning: .counted, tip: Tip.dateRange)
        case .unknownUnit:
            .init(.error, .row, "单位不在名册中", asWarning: .counted, tip: Tip.unit)
        case .foreignUnit:
            .init(.error, .row, "无权代报的单位", asWarning: .counted, tip: Tip.unit)
        // Articles
        case .unknownMedium:
            .init(.warning, .row, "媒体不在媒体名录中", asWarning: .counted, tip: Tip.medium)
        case .levelMismatch:
            .init(.error, .row, "媒体级别与名录不符", asWarning: .counted, tip: Tip.medium)
        case .badLink:
            .init(.error, .row, "链接无效", asWarning: .counted, tip: Tip.link)
        case .linkTooLong:
            .init(.error, .row, "链接过长", asWarning: .counted, tip: Tip.link)
        case .duplicateArticle:
            .init(.warning, .row, "重复报送的稿件", asWarning: .firstOnly,
                  tip: "这篇稿件此前已报送过（批注写明首次报送的单位和期次），不再计入，不必重复报送")
        // Visit ledgers
        case .dateOutsideVisitPeriod:
            .init(.error, .row, "走访日期不在走访期内", asWarning: .counted, tip: Tip.dateRange)
        case .dateAfterLedgerDay:
            .init(.error, .row, "走访日期晚于台账报送日", asWarning: .counted, tip: Tip.dateRange)
        case .problemMarkedNone:
            .init(.error, .row, "反映了问题却填无问题", asWarning: .counted,
                  tip: "企业反映了问题时，办理情况不能填「无问题」，请填 已解决、正在解决 或 无法解决")
        case .townMismatch:
            .init(.warning, .row, "所属镇街与在册企业名单不符", asWarning: .counted, tip: Tip.town)
        case .unregisteredEnterprise:
            .init(.warning, .row, "企业不在在册名单和样本表中", asWarning: .counted, tip: Tip.town)
        // Receipt log
        case .badReceiptTime:
            .init(.error, .row, "收到时间无法识别", asWarning: .counted, tip: nil)
        case .receiptUnknownFile:
            .init(.warning, .row, "登记的文件不存在", asWarning: .notRead, tip: nil)
        // Roster
        case .duplicateIndicator:
            .init(.error, .row, "指标重复登记", asWarning: .counted, tip: nil)
        case .duplicateEnterprise:
            .init(.warning, .row, "企业重复登记", asWarning: .firstOnly, tip: nil)
        case .unknownTown:
            .init(.error, .row, "不是名册中的镇街", asWarning: .counted, tip: nil)
        // Credit codes and phone numbers
        case .badCreditCode:
            .init(.error, .row, "统一社会信用代码格式错误", asWarning: .counted,
                  tip: "统一社会信用代码应为 18 位数字或大写字母：请对照营业执照重新填写，并把该列设为「文本」格式")
        case .badCheckCharacter:
            .init(.error, .row, "统一社会信用代码校验位错误", asWarning: .counted,
                  tip: "统一社会信用代码校验位不对，多为抄错一位：请对照营业执照或国家企业信用信息公示系统逐位核对")
        case .excelDamagedCode:
            .init(.error, .row, "统一社会信用代码被 Excel 改坏", asWarning: .counted,
                  tip: "统一社会信用代码被 Excel 显示成科学计数法或末尾变成 000：先选中该列，右键「设置单元格格式」设为「文本」，再从营业执照或原始资料重新粘贴代码")
        case .creditCodeNormalised:
            .init(.warning, .row, "统一社会信用代码已规范化", asWarning: .counted,
                  tip: "代码中有小写字母、全角字符或空格，已自动规范；以后请直接填 18 位大写代码")
        case .badPhone:
            .init(.error, .row, "联系电话无效", asWarning: .counted,
                  tip: "联系电话只填一个号码：手机 11 位，座机带区号（如 0533-4130090）")
        case .phoneWithoutAreaCode:
            .init(.warning, .row, "联系电话缺少区号", asWarning: .counted, tip: Tip.areaCode)
        case .phoneZeroDropped:
            .init(.warning, .row, "联系电话区号首位 0 丢失", asWarning: .counted, tip: Tip.areaCode)
        // Sample enterprises (附件1)
        case .unknownIndicator:
            .init(.error, .row, "指标不在指标名册中", asWarning: .counted, tip: Tip.indicator)
        case .foreignIndicator:
            .init(.error, .row, "不是本单位牵头的指标", asWarning: .counted, tip: Tip.indicator)
        case .dateBeforeHandledSince:
            .init(.error, .row, "办理时间早于样本起算日", asWarning: .counted, tip: Tip.dateRange)
        case .duplicateSample:
            .init(.warning, .row, "同一指标下重复的样本企业", asWarning: .firstOnly,
                  tip: "同一指标下同一企业只计一次：请删除重复行或换成其他企业")
        case .partialSampleList:
            .init(.warning, .file, "新报样本表不到此前一份的一半行数", asWarning: .counted, tip: nil)
        // Deliverables (材料报送/)
        case .unknownTask:
            .init(.error, .file, "材料名称未写明计划中的任务", asWarning: .counted, tip: nil)
        case .taskNotExpected:
            .init(.warning, .file, "任务不要求该单位报送", asWarning: .counted, tip: nil)
        // Quotas and submissions (shortfalls reported by `check`)
        case .articlesShort:
            .init(.error, .quota, "宣传稿件未完成任务数", asWarning: .counted, tip: nil)
        case .missingSubmission:
            .init(.error, .quota, "未报送", asWarning: .counted, tip: nil)
        case .lateSubmission:
            .init(.warning, .quota, "迟报", asWarning: .counted, tip: nil)
        case .problemOverdue:
            .init(.error, .quota, "问题逾期未整改", asWarning: .counted, tip: nil)
        case .samplesShort:
            .init(.error, .quota, "有效样本企业不足", asWarning: .counted, tip: nil)
        case .visitsShort:
            .init(.error, .quota, "镇街走访覆盖率未达目标", asWarning: .counted, tip: nil)
        }
    }

    /// The severity of a finding of this code unless its rule says otherwise.
    public var defaultSeverity: Finding.Severity { facts.severity }

    /// A short Chinese name of the problem, for tables and the codes reference.
    public var title: String { facts.title }

    /// Tips that several codes share, each written once.
    private enum Tip {
        static let template = "请使用统一模板：不要增删、改名或重复列，表头只保留一行"
        static let csvRows = "行错位多因单元格中的英文逗号或双引号：请在 Excel/WPS 中检查后另存为 CSV，不要用记事本手工编辑"
        static let fileName = "文件无法读取或文件名不规范：请按「单位名称.csv」（走访台账为「单位名称_2021-08-30.csv」）命名后重新报送"
        static let strangeCell = "单元格中有从其他系统带入的不可见字符或内容过长：请删除后重新报送"
        static let dateRange = "日期不在允许的范围内（批注中写明了范围）：请核对年份、月份是否写错"
        static let unit = "单位名称请写单位名册中的全称或简称；只能报送本单位的内容（牵头单位可汇总其牵头指标的责任单位）"
        static let medium = "发布媒体请写媒体名录中的全称，媒体级别与名录一致"
        static let link = "链接请从浏览器地址栏完整复制，以 http:// 或 https:// 开头"
        static let town = "所属镇街以在册企业名单为准；企业不在名单中的，请核对统一社会信用代码是否填错"
        static let areaCode = "座机号码开头的 0 被 Excel 去掉或缺少区号：先把该列设为「文本」格式，再填写带区号的号码"
        static let indicator = "指标名称请写指标名册中本单位牵头的指标全称"
    }
}
