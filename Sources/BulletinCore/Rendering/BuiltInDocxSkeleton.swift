/// The built-in look of 周通报.docx, after GB/T 9704-2012 (党政机关公文格式): A4; margins
/// top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (版心 156 × 225 mm); title 方正小标宋简体
/// 二号 centred; body 仿宋_GB2312 三号 at a fixed 28.95 pt line pitch (22 lines of 28
/// characters a page, the standard's grid); 一、 headings 黑体; （一） lead-ins 楷体_GB2312;
/// page numbers `— 1 —` in 宋体 四号 at the foot; the 落款 right-aligned; the 版记 (报：/送：)
/// in 仿宋_GB2312 四号 between rules. Machines without these fonts substitute; the file names
/// them. templates/周通报样式.docx is this skeleton as a file (a test keeps them equal), for
/// the office to restyle in Word/WPS.
enum BuiltInDocxSkeleton {
    // Twips (1/1440 inch; 1 mm = 56.7 twips).
    static let sectionProperties = """
        <w:sectPr><w:footerReference w:type="default" r:id="rId3"/><w:pgSz w:w="11906" w:h="16838"/>\
        <w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="851" w:footer="1134" w:gutter="0"/>\
        <w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="579"/></w:sectPr>
        """

    static func fonts(_ name: String) -> String {
        "<w:rFonts w:ascii=\"\(name)\" w:eastAsia=\"\(name)\" w:hAnsi=\"\(name)\" w:cs=\"\(name)\"/>"
    }

    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
        <w:docDefaults><w:rPrDefault><w:rPr>\(fonts("仿宋_GB2312"))<w:sz w:val="32"/><w:szCs w:val="32"/>\
        <w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>\
        <w:pPrDefault><w:pPr><w:spacing w:line="579" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>\
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>\
        <w:style w:type="paragraph" w:customStyle="1" w:styleId="GWTitle"><w:name w:val="公文标题"/><w:basedOn w:val="Normal"/>\
        <w:qFormat/><w:pPr><w:spacing w:line="700" w:lineRule="exact"/><w:jc w:val="center"/><w:outlineLvl w:val="0"/></w:pPr>\
        <w:rPr>\(fonts("方正小标宋简体"))<w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:customStyle="1" w:styleId="GWIssue"><w:name w:val="期号"/><w:basedOn w:val="Normal"/>\
        <w:qFormat/><w:pPr><w:jc w:val="center"/></w:pPr></w:style>\
        <w:style w:type="paragraph" w:customStyle="1" w:styleId="GWHeading1"><w:name w:val="一级标题"/><w:basedOn w:val="Normal"/>\
        <w:qFormat/><w:pPr><w:ind w:firstLineChars="200" w:firstLine="640"/><w:outlineLvl w:val="1"/></w:pPr>\
        <w:rPr>\(fonts("黑体"))</w:rPr></w:style>\
        <w:style w:type="character" w:customStyle="1" w:styleId="GWHeading2Char"><w:name w:val="二级标题"/>\
        <w:qFormat/><w:rPr>\(fonts("楷体_GB2312"))</w:rPr></w:style>\
        <w:style w:type="paragraph" w:customStyle="1" w:styleId="GWBody"><w:name w:val="公文正文"/><w:basedOn w:val="Normal"/>\
        <w:qFormat/></w:style>\
        <w:style w:type="paragraph" w:customStyle="1" w:styleId="GWSignature"><w:name w:val="落款"/><w:basedOn w:val="Normal"/>\
        <w:qFormat/><w:pPr><w:ind w:right="1280"/><w:jc w:val="right"/></w:pPr></w:style>\
        <w:style w:type="paragraph" w:customStyle="1" w:styleId="GWRecord"><w:name w:val="版记"/><w:basedOn w:val="Normal"/>\
        <w:qFormat/><w:pPr><w:pBdr><w:top w:val="single" w:sz="8" w:space="1" w:color="000000"/>\
        <w:bottom w:val="single" w:sz="8" w:space="1" w:color="000000"/></w:pBdr><w:ind w:left="320" w:right="320"/></w:pPr>\
        <w:rPr><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:customStyle="1" w:styleId="GWFooter"><w:name w:val="页码"/><w:basedOn w:val="Normal"/>\
        <w:pPr><w:spacing w:line="240" w:lineRule="auto"/><w:jc w:val="center"/></w:pPr>\
        <w:rPr>\(fonts("宋体"))<w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>\
        </w:styles>
        """

    /// `— 1 —`: the PAGE field between em dashes.
    static let footer = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:pStyle w:val="GWFooter"/></w:pPr>\
        <w:r><w:t xml:space="preserve">— </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>\
        <w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>\
        <w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>
        """

    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
        <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
        <Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>\
        <Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>\
        <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
        <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
        </Types>
        """

    static let packageRels = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
        <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>\
        </Relationships>
        """

    static let documentRels = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>\
        <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>\
        </Relationships>
        """

    static let settings = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
        <w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/>\
        <w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>\
        </w:settings>
        """

    static let app = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>bulletin</Application></Properties>
        """

    /// In archive order; word/document.xml and docProps/core.xml are made for each bulletin.
    static let parts: [(path: String, text: String)] = [
        ("[Content_Types].xml", contentTypes), ("_rels/.rels", packageRels), ("word/_rels/document.xml.rels", documentRels),
        ("word/styles.xml", styles), ("word/settings.xml", settings), ("word/footer1.xml", footer), ("docProps/app.xml", app),
    ]

    /// A document showing each style, for templates/周通报样式.docx (the office opens it to restyle).
    static let sample = """
        某区“某某”活动
        工 作 周 通 报

        第1期

        一、一级标题（黑体）
        　　（一）二级标题（楷体）。正文（仿宋_GB2312 三号），每行28字，每页22行。
        　　正文段落以两个全角空格缩进。

        某区营商环境办公室
        2025年1月1日

        报：区委、区政府主要领导
        送：各成员单位
        """
}
