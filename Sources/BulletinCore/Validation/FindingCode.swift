/// Every kind of finding, with a stable kebab-case code. The reference in
/// docs/finding-codes.md is generated from this list (`bulletin codes`), and a test
/// fails when it is stale.
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
    // Quotas and submissions (shortfalls reported by `check`)
    case articlesShort = "articles-short"
    case missingSubmission = "missing-submission"
    case lateSubmission = "late-submission"
    case problemOverdue = "problem-overdue"
    case samplesShort = "samples-short"
    case visitsShort = "visits-short"

    public var defaultSeverity: Finding.Severity {
        switch self {
        case .unknownColumn, .duplicateColumn, .raggedRow, .repeatedHeader, .controlCharacter, .cellTooLong, .numberFormatTooLong, .otherSheetsIgnored, .notCSV, .strayFile, .unknownMedium,
            .duplicateArticle, .receiptUnknownFile, .duplicateEnterprise, .creditCodeNormalised,
            .phoneWithoutAreaCode, .phoneZeroDropped, .lateSubmission, .duplicateSample, .townMismatch, .unregisteredEnterprise,
            .partialSampleList, .excelConvertedID:
            return .warning
        default:
            return .error
        }
    }

    /// A short Chinese name of the problem, for tables and the codes reference.
    public var title: String {
        switch self {
        case .badEncoding: return "文件编码无法识别"
        case .unterminatedQuote: return "引号未闭合"
        case .missingHeader: return "找不到表头"
        case .missingColumn: return "缺少必填列"
        case .unknownColumn: return "多余的列"
        case .duplicateColumn: return "列名重复"
        case .raggedRow: return "列数与表头不符"
        case .unknownUnitFile: return "文件名中的单位不在名册中"
        case .notCSV: return "不是 CSV 或 .xlsx 文件"
        case .strayFile: return "放错位置的文件"
        case .badFileName: return "文件名不符合规范"
        case .unreadableFile: return "文件无法读取"
        case .findingsTruncated: return "问题过多，未全部列出"
        case .badWeekFolder: return "周文件夹名不是有效的活动周"
        case .repeatedHeader: return "表头行重复出现"
        case .outsideInput: return "链接指向输入文件夹之外"
        case .controlCharacter: return "单元格含控制字符"
        case .cellTooLong: return "单元格超过 32767 个字符"
        case .garbledText: return "文字是乱码（编码被改错）"
        case .excelConvertedID: return "编号被 Excel 转成了数字或日期"
        case .oldExcelFormat: return "旧版 Excel/WPS 格式（.xls/.et）"
        case .encryptedWorkbook: return "Excel 文件设有打开密码"
        case .damagedWorkbook: return "Excel 文件损坏或无法读取"
        case .workbookTooLarge: return "Excel 文件解压后超出上限"
        case .numberFormatTooLong: return "数字格式超长，未解析"
        case .otherSheetsIgnored: return "其他工作表的行未读取"
        case .unsupportedFormat: return "无法读取的文件格式（.ods、.numbers、PDF、图片等）"
        case .missingCell: return "必填项为空"
        case .badChoice: return "不是可选值之一"
        case .badDate: return "日期无法识别"
        case .dateBeforeCampaign: return "日期早于活动开始"
        case .dateAfterCampaign: return "日期晚于活动结束"
        case .dateAfterReport: return "日期晚于本周通报日"
        case .unknownUnit: return "单位不在名册中"
        case .foreignUnit: return "无权代报的单位"
        case .unknownMedium: return "媒体不在媒体名录中"
        case .levelMismatch: return "媒体级别与名录不符"
        case .badLink: return "链接无效"
        case .linkTooLong: return "链接过长"
        case .duplicateArticle: return "重复报送的稿件"
        case .dateOutsideVisitPeriod: return "走访日期不在走访期内"
        case .dateAfterLedgerDay: return "走访日期晚于台账报送日"
        case .problemMarkedNone: return "反映了问题却填无问题"
        case .townMismatch: return "所属镇街与在册企业名单不符"
        case .unregisteredEnterprise: return "企业不在在册名单和样本表中"
        case .badReceiptTime: return "收到时间无法识别"
        case .receiptUnknownFile: return "登记的文件不存在"
        case .duplicateIndicator: return "指标重复登记"
        case .duplicateEnterprise: return "企业重复登记"
        case .unknownTown: return "不是名册中的镇街"
        case .badCreditCode: return "统一社会信用代码格式错误"
        case .badCheckCharacter: return "统一社会信用代码校验位错误"
        case .excelDamagedCode: return "统一社会信用代码被 Excel 改坏"
        case .creditCodeNormalised: return "统一社会信用代码已规范化"
        case .badPhone: return "联系电话无效"
        case .phoneWithoutAreaCode: return "联系电话缺少区号"
        case .phoneZeroDropped: return "联系电话区号首位 0 丢失"
        case .unknownIndicator: return "指标不在指标名册中"
        case .foreignIndicator: return "不是本单位牵头的指标"
        case .dateBeforeHandledSince: return "办理时间早于样本起算日"
        case .duplicateSample: return "同一指标下重复的样本企业"
        case .partialSampleList: return "新报样本表不到此前一份的一半行数"
        case .articlesShort: return "宣传稿件未完成任务数"
        case .missingSubmission: return "未报送"
        case .lateSubmission: return "迟报"
        case .problemOverdue: return "问题逾期未整改"
        case .samplesShort: return "有效样本企业不足"
        case .visitsShort: return "镇街走访覆盖率未达目标"
        }
    }
}
