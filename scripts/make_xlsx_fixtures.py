#!/usr/bin/env python3
"""Writes the .xlsx test fixtures (committed; run again only to change them).

  Tests/Fixtures/xlsx/            one workbook per cell type, and the broken/hostile cases
  Tests/Fixtures/linjiang-2024-xlsx/
                                  the linjiang-2024 tree with about three quarters of its
                                  submissions saved as .xlsx twins: title rows merged,
                                  numbers and real dates in cells, line breaks kept, every
                                  record on the same spreadsheet row as in the CSV

Usage: python3 scripts/make_xlsx_fixtures.py [--soffice]
  --soffice  re-save the twins with LibreOffice (`soffice --headless`), so they are files a
             spreadsheet program wrote rather than openpyxl's; the committed tree was made so.

Workbooks made with openpyxl get fixed document times; the hand-built ones (cell types
openpyxl cannot write: inline strings, cached formula values, phonetic runs, and every
broken file) come from `raw_xlsx`/`zip_bytes` below, byte for byte the same on each run.
"""
import csv
import datetime as dt
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

import openpyxl
from openpyxl.styles import Alignment
from openpyxl.utils.datetime import CALENDAR_MAC_1904

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from csv_to_xlsx import rename_in_receipt_logs  # noqa: E402  (the same renaming as the benchmark's)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CELLS = os.path.join(ROOT, "Tests/Fixtures/xlsx")
SOURCE_TREE = os.path.join(ROOT, "Tests/Fixtures/linjiang-2024")
TWIN_TREE = os.path.join(ROOT, "Tests/Fixtures/linjiang-2024-xlsx")
FIXED = dt.datetime(2024, 3, 1, 8, 0, 0)

# ---------------------------------------------------------------------------------------
# A hand-built zip: every header field written here, so broken ones can be too.


def zip_bytes(entries):
    """entries: dicts with name, data (bytes as stored), method (0/8), crc, size (uncompressed),
    optional flags, optional local_offset_override."""
    out = io.BytesIO()
    central = []
    for e in entries:
        offset = out.tell()
        name = e["name"].encode()
        flags = e.get("flags", 0) | 0x800
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, e["method"], 0, 0x21,
                              e["crc"], len(e["data"]), e["size"], len(name), 0))
        out.write(name)
        out.write(e["data"])
        central.append((e, name, flags, e.get("local_offset_override", offset)))
    cd_start = out.tell()
    for e, name, flags, offset in central:
        out.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, e["method"], 0, 0x21,
                              e["crc"], len(e["data"]), e["size"], len(name), 0, 0, 0, 0, 0, offset))
        out.write(name)
    cd_size = out.tell() - cd_start
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), cd_size, cd_start, 0))
    return out.getvalue()


def deflate(data):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def entry(name, text, method=8):
    data = text.encode() if isinstance(text, str) else text
    return {"name": name, "data": deflate(data) if method == 8 else data, "method": method,
            "crc": zlib.crc32(data) & 0xFFFFFFFF, "size": len(data)}


NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def raw_parts(sheets, shared=None, styles=None, date1904=False):
    """sheets: list of (name, state, sheet_xml_body or None for a missing part)."""
    def state(s):
        return "" if s == "visible" else ' state="%s"' % s
    book_sheets = "".join(
        f'<sheet name="{n}" sheetId="{i + 1}"{state(s)} r:id="rId{i + 1}"/>'
        for i, (n, s, _) in enumerate(sheets))
    pr = ' date1904="1"' if date1904 else ""

    rels = "".join(
        f'<Relationship Id="rId{i + 1}" Type="{REL}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
        for i in range(len(sheets)))
    rels += f'<Relationship Id="rIdS" Type="{REL}/styles" Target="styles.xml"/>'
    parts = [
        entry("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
        entry("_rels/.rels", f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        entry("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {NS}>'
              f'<workbookPr{pr}/><sheets>{book_sheets}</sheets></workbook>'),
    ]
    if shared is not None:
        rels += f'<Relationship Id="rIdT" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        parts.append(entry("xl/sharedStrings.xml", f'<?xml version="1.0"?><sst {NS} count="{len(shared)}" uniqueCount="{len(shared)}">'
                           + "".join(f"<si>{s}</si>" for s in shared) + "</sst>"))
    parts.append(entry("xl/_rels/workbook.xml.rels", f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>'))
    parts.append(entry("xl/styles.xml", styles or f'<?xml version="1.0"?><styleSheet {NS}><cellXfs count="1"><xf numFmtId="0"/></cellXfs></styleSheet>'))
    for i, (_, _, body) in enumerate(sheets):
        if body is not None:
            parts.append(entry(f"xl/worksheets/sheet{i + 1}.xml", sheet_xml(body)))
    return parts


def sheet_xml(body):
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {NS}><sheetData>{body}</sheetData></worksheet>'


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def save_openpyxl(wb, path):
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.save(path)


# ---------------------------------------------------------------------------------------
# One workbook per cell type (each an articles table, 附件3, unless said otherwise).

HEADER = ["单位名称", "稿件标题", "发布媒体", "媒体级别", "发布日期", "链接", "是否头版头条", "备注"]


def cell_fixtures():
    os.makedirs(CELLS, exist_ok=True)

    # Shared strings, a cell with line breaks, a merged two-row title, an empty and a hidden row.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "附件3"
    ws.append(["附件3"])
    ws.append(["2024年营商环境宣传稿件统计表"])
    ws.merge_cells("A1:H1")
    ws.merge_cells("A2:H2")
    ws.append(HEADER)
    ws.append(["区税务局", "第一行\n第二行", "临江发布", "区级", "2024-03-07", "https://a.cn/1", "否", ""])
    ws.cell(row=4, column=2).alignment = Alignment(wrap_text=True)
    ws.append([])
    ws.append(["区税务局", "隐藏行的稿件", "临江发布", "区级", "2024-03-07", "https://a.cn/2", "否", "  有空格  "])
    ws.row_dimensions[6].hidden = True
    ws.append(["区税务局", "第七行", "临江发布", "区级", "2024-03-07", "https://a.cn/3"])
    save_openpyxl(wb, os.path.join(CELLS, "shared-strings.xlsx"))

    # Numbers: integer-valued (1, 2.0), fractions, an 11-digit phone, and an 18-digit credit
    # code that Excel keeps only to 15 digits (shown 9.13703E+17).
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "数", "电话", "代码", "负数", "小数和"])
    ws.append([1, 2.0, 13912345678, 913703001922038123, -3, 0.1 + 0.2])
    ws.append([2, 1.5, 5332123456, 9.13703e17, 1e15, 123456789012345])
    save_openpyxl(wb, os.path.join(CELLS, "numbers.xlsx"))

    # Dates as Excel stores them: serials with date formats (built-in and custom), a date
    # and time, a time alone, and a serial left in General format.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["默认日期", "斜杠", "中文", "日期时间", "时间", "常规数字", "内置14"])
    ws.append([dt.date(2024, 3, 7), dt.date(2024, 3, 8), dt.date(2024, 2, 29), dt.datetime(2024, 3, 7, 14, 5),
               dt.time(9, 30), 45358, dt.date(1900, 1, 1)])
    ws["B2"].number_format = "yyyy/m/d;@"
    ws["C2"].number_format = 'yyyy"年"m"月"d"日"'
    ws["D2"].number_format = "yyyy-mm-dd hh:mm"
    ws["E2"].number_format = "h:mm"
    ws["G2"].number_format = "mm-dd-yy"
    save_openpyxl(wb, os.path.join(CELLS, "dates.xlsx"))

    # The 1904 date system (Excel for Mac before 2011): the same day, a different serial.
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.append(["日期"])
    ws.append([dt.date(2024, 3, 7)])
    save_openpyxl(wb, os.path.join(CELLS, "dates-1904.xlsx"))

    # Built-in number formats by id (14, 22, 31 and 57 are dates in zh-CN Excel, 20 a time),
    # custom codes with a locale and a colour, and a plain "0.00".
    styles = (f'<?xml version="1.0"?><styleSheet {NS}><numFmts count="3">'
              '<numFmt numFmtId="176" formatCode="[$-804]yyyy/m/d;@"/>'
              '<numFmt numFmtId="177" formatCode="[Red]0.00;\\-0.00"/>'
              '<numFmt numFmtId="178" formatCode="&quot;第&quot;0&quot;号&quot;"/></numFmts>'
              '<cellStyleXfs count="1"><xf numFmtId="22"/></cellStyleXfs><cellXfs count="9">'
              '<xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="22"/><xf numFmtId="31"/><xf numFmtId="57"/>'
              '<xf numFmtId="20"/><xf numFmtId="176"/><xf numFmtId="177"/><xf numFmtId="178"/></cellXfs></styleSheet>')
    row = "".join(f'<c r="{chr(65 + i)}1" s="{i}"><v>{v}</v></c>' for i, v in enumerate(
        ["45358", "45358", "45358.5", "45358", "45358", "0.75", "45358", "1.5", "7"]))
    write(os.path.join(CELLS, "number-formats.xlsx"), zip_bytes(raw_parts([("Sheet1", "visible", f'<row r="1">{row}</row>')], styles=styles)))

    # Booleans.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["真", "假"])
    ws.append([True, False])
    save_openpyxl(wb, os.path.join(CELLS, "booleans.xlsx"))

    # Inline strings (plain, rich runs, a phonetic run left out, entities, Excel's _x000D_
    # escape) and shared strings with rich runs and a phonetic guide.
    shared = ["<t>共享</t>", "<r><t>富</t></r><r><rPr><b/></rPr><t>文本</t></r><rPh sb=\"0\" eb=\"1\"><t>フ</t></rPh>"]
    body = ('<row r="1"><c r="A1" t="inlineStr"><is><t>内联</t></is></c>'
            '<c r="B1" t="inlineStr"><is><r><t xml:space="preserve">分 </t></r><r><t>段</t></r><rPh><t>ダン</t></rPh></is></c>'
            '<c r="C1" t="inlineStr"><is><t>A&amp;B &lt;C&gt; &#x4E2D;&#25991;</t></is></c>'
            '<c r="D1" t="inlineStr"><is><t>回车_x000D_\n换行</t></is></c>'
            '<c r="E1" t="s"><v>0</v></c><c r="F1" t="s"><v>1</v></c></row>')
    write(os.path.join(CELLS, "strings.xlsx"), zip_bytes(raw_parts([("Sheet1", "visible", body)], shared=shared)))

    # Formulas by their cached value: a number, a string, a boolean, an error, none cached.
    body = ('<row r="1"><c r="A1"><f>1+1</f><v>2</v></c><c r="B1" t="str"><f>"区"&amp;"税务局"</f><v>区税务局</v></c>'
            '<c r="C1" t="b"><f>TRUE()</f><v>1</v></c><c r="D1" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
            '<c r="E1"><f>A1*2</f></c><c r="F1" t="str"><f>"x"</f><v></v></c></row>')
    write(os.path.join(CELLS, "formulas.xlsx"), zip_bytes(raw_parts([("Sheet1", "visible", body)])))

    # Rows and cells without `r` (some generators leave them out), a gap row, and sheet XML
    # with a namespace prefix on every element.
    body = ('<row><c t="inlineStr"><is><t>甲</t></is></c><c t="inlineStr"><is><t>乙</t></is></c></row>'
            '<row r="4"><c r="C4"><v>3</v></c><c><v>4</v></c></row><row><c><v>5</v></c></row>')
    write(os.path.join(CELLS, "no-references.xlsx"), zip_bytes(raw_parts([("Sheet1", "visible", body)])))
    prefixed = (f'<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                '<x:sheetData><x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>前缀</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>')
    parts = raw_parts([("Sheet1", "visible", "")])
    parts[-1] = entry("xl/worksheets/sheet1.xml", prefixed)
    write(os.path.join(CELLS, "prefixed.xlsx"), zip_bytes(parts))

    # Several sheets: a hidden first one, a note sheet, and the form's own sheet by name.
    wb = openpyxl.Workbook()
    hidden = wb.active
    hidden.title = "旧表"
    hidden.append(["隐藏的表"])
    hidden.sheet_state = "hidden"
    notes = wb.create_sheet("填表说明")
    notes.append(["说明"])
    form = wb.create_sheet("附件3 宣传稿件统计表")
    form.append(["表单"])
    save_openpyxl(wb, os.path.join(CELLS, "sheets.xlsx"))

    # ---- broken and hostile ----
    cfb = bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + bytes(504)
    write(os.path.join(CELLS, "old.xls"), cfb + b"Workbook".ljust(512, b"\0"))
    write(os.path.join(CELLS, "old.et"), cfb + b"WPS".ljust(512, b"\0"))
    write(os.path.join(CELLS, "renamed-xls.xlsx"), cfb + b"Workbook".ljust(512, b"\0"))
    write(os.path.join(CELLS, "encrypted.xlsx"), cfb + "EncryptionInfo".encode("utf-16-le").ljust(512, b"\0")
          + "EncryptedPackage".encode("utf-16-le").ljust(512, b"\0"))
    write(os.path.join(CELLS, "not-a-workbook.xlsx"), "单位名称,稿件标题\n区税务局,标题\n".encode())

    good = open(os.path.join(CELLS, "shared-strings.xlsx"), "rb").read()
    write(os.path.join(CELLS, "truncated.xlsx"), good[: len(good) * 2 // 3])

    one_row = '<row r="1"><c r="A1" t="inlineStr"><is><t>单位名称</t></is></c></row>'
    # A zip bomb: 26 MB of sheet XML (a million rows) that deflates to about 26 KB.
    write(os.path.join(CELLS, "bomb.xlsx"), zip_bytes(raw_parts([("Sheet1", "visible", "<row><c><v>1</v></c></row>" * 1_000_000)])))

    # The sheet's header declares fewer bytes than it expands to.
    parts = raw_parts([("Sheet1", "visible", one_row * 50)])
    parts[-1]["size"] = 100
    write(os.path.join(CELLS, "lying-size.xlsx"), zip_bytes(parts))

    # A deflate stream that stops before its end (the entry's data cut, sizes consistent).
    parts = raw_parts([("Sheet1", "visible", one_row * 200)])
    parts[-1]["data"] = parts[-1]["data"][: len(parts[-1]["data"]) // 2]
    write(os.path.join(CELLS, "unended-deflate.xlsx"), zip_bytes(parts))

    parts = raw_parts([("Sheet1", "visible", one_row)])
    parts[-1]["crc"] ^= 0xFFFF
    write(os.path.join(CELLS, "bad-crc.xlsx"), zip_bytes(parts))

    parts = raw_parts([("Sheet1", "visible", one_row)])
    parts[-1]["local_offset_override"] = 10_000_000
    write(os.path.join(CELLS, "bad-offset.xlsx"), zip_bytes(parts))

    parts = raw_parts([("Sheet1", "visible", one_row)])
    for p in parts:
        p["flags"] = 1
    write(os.path.join(CELLS, "encrypted-entries.xlsx"), zip_bytes(parts))

    write(os.path.join(CELLS, "missing-sheet.xlsx"), zip_bytes(raw_parts([("Sheet1", "visible", None)])))
    write(os.path.join(CELLS, "no-visible-sheet.xlsx"), zip_bytes(raw_parts([("Sheet1", "hidden", one_row)])))
    parts = [p for p in raw_parts([("Sheet1", "visible", one_row)]) if p["name"] != "xl/workbook.xml"]
    write(os.path.join(CELLS, "no-workbook.xlsx"), zip_bytes(parts))

    parts = raw_parts([("Sheet1", "visible", one_row)])
    cut = sheet_xml(one_row * 3)[:-60]
    parts[-1] = entry("xl/worksheets/sheet1.xml", cut)
    write(os.path.join(CELLS, "cut-xml.xlsx"), zip_bytes(parts))

    parts = raw_parts([("Sheet1", "visible", one_row)])
    parts[-1] = entry("xl/worksheets/sheet1.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
                      f'<worksheet {NS}><sheetData>{one_row}</sheetData></worksheet>')
    write(os.path.join(CELLS, "doctype.xlsx"), zip_bytes(parts))

    parts = raw_parts([("Sheet1", "visible", '<row r="1"><c r="A1" t="s"><v>7</v></c></row>')], shared=["<t>唯一</t>"])
    write(os.path.join(CELLS, "bad-shared-index.xlsx"), zip_bytes(parts))


# ---------------------------------------------------------------------------------------
# The twin tree.

DATE_COLUMNS = {"走访日期", "发布日期", "办理时间", "整改时限", "完成日期"}
DATE_FORMATS = ["yyyy-mm-dd", "yyyy/m/d;@", 'yyyy"年"m"月"d"日"', "mm-dd-yy"]


def decode(data):
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            pass
    return None


def header_name(cell):
    s = re.sub(r"[（(【\[].*$", "", cell.replace("\u3000", " ")).strip().replace(" ", "")
    return s


def as_date(text):
    m = re.fullmatch(r"(\d{4})(?:-|/|\.|年)(\d{1,2})(?:-|/|\.|月)(\d{1,2})日?", text.strip())
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def twin(csv_path, xlsx_path, index):
    """Writes the CSV's records as a workbook, record n on row n; None when it cannot be twinned."""
    text = decode(open(csv_path, "rb").read())
    if text is None:
        return False
    records = list(csv.reader(io.StringIO(text, newline="")))
    lengths = {len(r) for r in records if r}
    if len(lengths) > 1:
        return False  # ragged rows: a workbook has no such thing
    width = max(lengths) if lengths else 0
    header_row = next((i for i, r in enumerate(records) if sum(1 for c in r if header_name(c) in ALL_COLUMNS) >= 3), None)
    if header_row is None:
        return False
    names = [header_name(c) for c in records[header_row]]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for r, record in enumerate(records, start=1):
        for c, value in enumerate(record, start=1):
            if value == "":
                continue
            cell = ws.cell(row=r, column=c)
            column = names[c - 1] if c - 1 < len(names) and r - 1 > header_row else ""
            date = as_date(value) if column in DATE_COLUMNS else None
            if date is not None:
                cell.value = date
                cell.number_format = DATE_FORMATS[(index + r) % len(DATE_FORMATS)]
            elif r - 1 > header_row and re.fullmatch(r"[1-9]\d{0,14}", value):
                cell.value = int(value)
            elif r - 1 > header_row and re.fullmatch(r"\d\.\d+E\+\d\d", value):
                cell.value = float(value)  # Excel-damaged code: the number itself
            else:
                cell.value = value
                if "\n" in value:
                    cell.alignment = Alignment(wrap_text=True)
        # Title rows above the header: one text across the table, merged.
        if r - 1 < header_row and width > 1 and sum(1 for v in record if v.strip()) == 1 and record[0].strip():
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
    save_openpyxl(wb, xlsx_path)
    return True


ALL_COLUMNS = {"序号", "指标名称", "企业名称", "统一社会信用代码", "所属镇街", "办理事项", "办理时间", "联系人", "联系电话",
               "是否存在分歧或投诉", "问题来源", "情况说明", "样本状态", "备注", "走访日期", "走访单位", "走访方式", "走访对象",
               "是否宣传政策", "企业反映问题", "办理情况", "责任单位", "走访人", "单位名称", "稿件标题", "发布媒体", "媒体级别",
               "发布日期", "链接", "是否头版头条", "问题编号", "问题描述", "整改时限", "整改状态", "完成日期"}


def twin_tree(use_soffice):
    if os.path.exists(TWIN_TREE):
        shutil.rmtree(TWIN_TREE)
    shutil.copytree(SOURCE_TREE, TWIN_TREE)
    submissions = []
    for week in sorted(os.listdir(TWIN_TREE)):
        if not re.fullmatch(r"\d{4}-W\d\d", week):
            continue
        for folder in sorted(os.listdir(os.path.join(TWIN_TREE, week))):
            path = os.path.join(TWIN_TREE, week, folder)
            if os.path.isdir(path):
                submissions += [os.path.join(path, n) for n in sorted(os.listdir(path)) if n.endswith(".csv")]
    made = []
    for i, path in enumerate(submissions):
        if i % 4 == 3:
            continue  # every fourth stays CSV
        xlsx = path[:-4] + ".xlsx"
        if twin(path, xlsx, i):
            os.remove(path)
            made.append(xlsx)
    if use_soffice and made:
        with tempfile.TemporaryDirectory() as tmp:
            for k, path in enumerate(made):
                # Distinct names: the twins of two weeks share file names.
                shutil.copy(path, os.path.join(tmp, f"{k:03d}.xlsx"))
            subprocess.run(["soffice", "--headless", "--calc", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
                            "--outdir", os.path.join(tmp, "out")] + [os.path.join(tmp, f"{k:03d}.xlsx") for k in range(len(made))],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for k, path in enumerate(made):
                shutil.copy(os.path.join(tmp, "out", f"{k:03d}.xlsx"), path)
    # The receipt logs name the files as they now are.
    rename_in_receipt_logs(os.path.join(TWIN_TREE, week) for week in os.listdir(TWIN_TREE))
    total = len(submissions)
    print(f"twins: {len(made)} of {total} submissions saved as .xlsx")


if __name__ == "__main__":
    cell_fixtures()
    twin_tree("--soffice" in sys.argv)
