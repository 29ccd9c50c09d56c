import CXlsxWriter

/// How a cell looks. A value type so styles can be compared and cached: the workbook
/// turns each distinct style into exactly one libxlsxwriter format, in first-use order,
/// which keeps styles.xml identical for identical inputs.
public struct CellStyle: Hashable, Sendable {
    public enum HorizontalAlignment: Hashable, Sendable { case general, left, center, right }

    public var bold: Bool
    public var italic: Bool
    /// Single underline, as used for hyperlinks.
    public var underline: Bool
    /// Points; nil keeps the workbook default (11).
    public var fontSize: Double?
    /// 0xRRGGBB.
    public var fontColor: UInt32?
    /// 0xRRGGBB solid fill.
    public var background: UInt32?
    public var thinBorder: Bool
    public var wrapText: Bool
    public var horizontal: HorizontalAlignment
    public var verticalCenter: Bool
    /// Excel number format code such as "0", "0.0#" or "0.0%".
    public var numberFormat: String?

    public init(bold: Bool = false, italic: Bool = false, underline: Bool = false,
                fontSize: Double? = nil, fontColor: UInt32? = nil, background: UInt32? = nil,
                thinBorder: Bool = false, wrapText: Bool = false,
                horizontal: HorizontalAlignment = .general, verticalCenter: Bool = false,
                numberFormat: String? = nil) {
        self.bold = bold
        self.italic = italic
        self.underline = underline
        self.fontSize = fontSize
        self.fontColor = fontColor
        self.background = background
        self.thinBorder = thinBorder
        self.wrapText = wrapText
        self.horizontal = horizontal
        self.verticalCenter = verticalCenter
        self.numberFormat = numberFormat
    }

    public static let plain = CellStyle()
    /// The colour Excel's own "Hyperlink" cell style uses.
    public static let linkColor: UInt32 = 0x0563C1

    /// The same style dressed as a hyperlink.
    public var asLink: CellStyle {
        var link = self
        link.underline = true
        link.fontColor = Self.linkColor
        return link
    }

    func validate() throws {
        // libxlsxwriter silently truncates format codes to 127 bytes; a cut code is garbage.
        if let numberFormat, numberFormat.utf8.count >= Int(LXW_FORMAT_FIELD_LEN) || numberFormat.contains("\0") {
            throw XlsxError(.invalidArgument, "format_set_num_format",
                            "number format must be under \(LXW_FORMAT_FIELD_LEN) bytes without NUL: \(numberFormat)")
        }
        if let fontSize, !(1...409).contains(fontSize) {
            throw XlsxError(.invalidArgument, "format_set_font_size", "font size \(fontSize) is outside 1...409")
        }
    }

    func apply(to format: UnsafeMutablePointer<lxw_format>) {
        if bold { format_set_bold(format) }
        if italic { format_set_italic(format) }
        if underline { format_set_underline(format, UInt8(LXW_UNDERLINE_SINGLE.rawValue)) }
        if let fontSize { format_set_font_size(format, fontSize) }
        if let fontColor { format_set_font_color(format, Self.libraryColor(fontColor)) }
        if let background {
            format_set_pattern(format, UInt8(LXW_PATTERN_SOLID.rawValue))
            format_set_bg_color(format, Self.libraryColor(background))
        }
        if thinBorder { format_set_border(format, UInt8(LXW_BORDER_THIN.rawValue)) }
        if wrapText { format_set_text_wrap(format) }
        switch horizontal {
        case .general: break
        case .left: format_set_align(format, UInt8(LXW_ALIGN_LEFT.rawValue))
        case .center: format_set_align(format, UInt8(LXW_ALIGN_CENTER.rawValue))
        case .right: format_set_align(format, UInt8(LXW_ALIGN_RIGHT.rawValue))
        }
        if verticalCenter { format_set_align(format, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue)) }
        if let numberFormat { numberFormat.withCString { format_set_num_format(format, $0) } }
    }

    /// libxlsxwriter treats colour 0 as "unset", so black has its own sentinel value.
    private static func libraryColor(_ rgb: UInt32) -> lxw_color_t {
        let rgb = rgb & 0xFF_FFFF
        return rgb == 0 ? lxw_color_t(LXW_COLOR_BLACK.rawValue) : rgb
    }
}
