#!/usr/bin/env python3
"""Builds the hostile submissions of issues 21 and 22 (reader bounds) into a folder, for the
tests (Tests/EndToEndTests/ReaderBoundsTests.swift, Tests/BulletinCoreTests/ReaderBoundsUnitTests.swift).

Usage: python3 scripts/make_hostile_inputs.py OUTDIR [CASE ...]   (all cases when none is named)

Every workbook is made of hand-written zip parts (no openpyxl), because the writer quirk is
the point: a 1,000,000-character number format, a cell at XFD1, junk after a deflate stream,
a 3.9 MB shared string, two parts of one name, `state="show"`, a `<v>` beside an inline
string. Output is the same bytes on every run. The sizes are the issue's where the suite
stays fast, smaller where the bound makes the behaviour the same (see each case).
"""
import os
import struct
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from csv_to_xlsx import column as col  # noqa: E402  (A, B, … XFD: the same letters as the fixtures')

HEADER = ["单位名称", "稿件标题", "发布媒体", "媒体级别", "发布日期", "链接"]
ROW = ["区税务局", "标题", "人民网", "中央级", "2024-03-07", "https://www.people.com.cn/hostile.html"]


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def entry(name, data, deflate=True, junk=0):
    """One zip part; with `junk`, that many bytes follow the deflate stream inside the part's
    declared compressed size (readers stop at the stream's end)."""
    crc = zlib.crc32(data) & 0xFFFFFFFF
    if deflate:
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        stored = c.compress(data) + c.flush() + bytes(junk)
        method = 8
    else:
        stored, method = data, 0
    return {"name": name, "data": stored, "method": method, "crc": crc, "size": len(data)}


def zip_bytes(entries):
    out = bytearray()
    central = bytearray()
    for e in entries:
        offset = len(out)
        name = e["name"].encode()
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, e["method"], 0, 0x21,
                           e["crc"], len(e["data"]), e["size"], len(name), 0)
        out += name + e["data"]
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x800, e["method"], 0, 0x21,
                               e["crc"], len(e["data"]), e["size"], len(name), 0, 0, 0, 0, 0, offset)
        central += name
    start = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), start, 0)
    return bytes(out)


def cell(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{esc(text)}</t></is></c>'


def row_xml(r, values, start=0):
    cells = "".join(cell(f"{col(start + i)}{r}", v) for i, v in enumerate(values) if v != "")
    return f'<row r="{r}">{cells}</row>'


def sheet_xml(rows_xml, before=""):
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + before + "<sheetData>" + rows_xml + "</sheetData></worksheet>").encode()


def workbook(sheets, styles=None, shared=None, extra=(), sheet_junk=0, states=None):
    """sheets: list of (name, xml bytes). Returns the .xlsx bytes."""
    states = states or {}
    wb = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>']
    rels = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">']
    parts = []
    for i, (name, xml) in enumerate(sheets, 1):
        state = f' state="{states[name]}"' if name in states else ""
        wb.append(f'<sheet name="{esc(name)}" sheetId="{i}"{state} r:id="rId{i}"/>')
        rels.append(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>')
        parts.append(entry(f"xl/worksheets/sheet{i}.xml", xml, junk=sheet_junk if i == 1 else 0))
    wb.append("</sheets></workbook>")
    if styles is not None:
        rels.append('<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>')
        parts.append(entry("xl/styles.xml", styles))
    if shared is not None:
        rels.append('<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>')
        parts.append(entry("xl/sharedStrings.xml", shared))
    rels.append("</Relationships>")
    root = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>').encode()
    return zip_bytes([entry("_rels/.rels", root), entry("xl/workbook.xml", "".join(wb).encode()),
                      entry("xl/_rels/workbook.xml.rels", "".join(rels).encode())] + parts + list(extra))


def plain_sheet(rows):
    return sheet_xml("".join(row_xml(r, v) for r, v in rows))


# --- issue 22 ---------------------------------------------------------------------------

def long_number_format():
    """22.1: one numFmt with a 1,000,000-character formatCode, used by 15,000 xfs (as issued)."""
    code = "0" * 1_000_000
    xfs = '<xf numFmtId="164"/>' * 15_000
    styles = ('<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              f'<numFmts count="1"><numFmt numFmtId="164" formatCode="{code}"/></numFmts>'
              f'<cellXfs count="15000">{xfs}</cellXfs></styleSheet>').encode()
    return workbook([("Sheet1", plain_sheet([(1, HEADER), (2, ROW)]))], styles=styles)


def xfd_and_rows(n=20_000):
    """22.2: a header with one more cell at XFD1 and one-cell rows below (20,000 of them, not
    the issue's 200,000: each padded row cost 16,384 fields, so 20,000 already runs for
    minutes without the fix)."""
    rows = row_xml(1, HEADER) [:-6] + cell("XFD1", "多余") + "</row>"
    rows += "".join(f'<row r="{r}">{cell(f"A{r}", "区税务局")}</row>' for r in range(2, n + 2))
    return workbook([("Sheet1", sheet_xml(rows))])


def xfd_every_row(n=20_000):
    """22.2: rows of a valid article with one more cell at XFD each: the row's own width is
    16,384, the work must still be its seven cells."""
    rows = row_xml(1, HEADER)
    rows += "".join(f'<row r="{r}">' + "".join(cell(f"{col(i)}{r}", v) for i, v in enumerate(ROW[:1] + [f"标题{r}"] + ROW[2:5] + [f"https://www.people.com.cn/{r}.html"]))
                    + cell(f"XFD{r}", "远处") + "</row>" for r in range(2, n + 2))
    return workbook([("Sheet1", sheet_xml(rows))])


def comment_flood(comments=12, size=8_000_000):
    """22.3: a sheet inflating to 12 comments of 8,000,000 bytes (96 MB, not the issue's 1 GB:
    each comment is what the scanner rescanned per 64 KiB chunk), with junk after the deflate
    stream so its declared compressed size keeps the ratio under the 200× bound."""
    body = ("<!--" + "x" * (size - 7) + "-->") * comments
    xml = sheet_xml(row_xml(1, HEADER) + row_xml(2, ROW), before=body)
    junk = len(xml) // 150
    return workbook([("Sheet1", xml)], sheet_junk=junk)


def over_long_token(size=9 << 20):
    """22.3: one comment longer than the 8 MiB token bound."""
    xml = sheet_xml(row_xml(1, HEADER) + row_xml(2, ROW), before="<!--" + "x" * size + "-->")
    return workbook([("Sheet1", xml)], sheet_junk=len(xml) // 150)


def big_shared_string():
    """22.6: one 3.9 MB shared string referenced by 2,000 cells of a row (as issued)."""
    big = "长" * 1_300_000  # 3.9 MB of UTF-8
    shared = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              f'<si><t>{big}</t></si></sst>').encode()
    refs = "".join(f'<c r="{col(i)}2" t="s"><v>0</v></c>' for i in range(2_000))
    xml = sheet_xml(row_xml(1, HEADER) + f'<row r="2">{refs}</row>' + row_xml(3, ROW))
    return workbook([("Sheet1", xml)], shared=shared)


def duplicate_parts():
    """22.10: two parts named xl/worksheets/sheet1.xml: the first holds the real rows, the last
    (what Excel shows) a different article."""
    real = plain_sheet([(1, HEADER), (2, ROW)])
    fake = plain_sheet([(1, HEADER), (2, ROW[:1] + ["假稿件"] + ROW[2:])])
    return workbook([("Sheet1", real)], extra=[entry("xl/worksheets/sheet1.xml", fake)])


def second_sheet():
    """22.11: a second visible sheet with articles, a hidden one with articles and a visible
    one of notes."""
    first = plain_sheet([(1, HEADER), (2, ROW)])
    second = plain_sheet([(1, ["附件3"]), (2, HEADER), (3, ROW[:1] + ["第二张表的稿件"] + ROW[2:])])
    hidden = plain_sheet([(1, HEADER), (2, ROW)])
    notes = plain_sheet([(1, ["说明"]), (2, ["本表由区税务局填报"])])
    return workbook([("Sheet1", first), ("Sheet2", second), ("旧表", hidden), ("说明", notes)],
                    states={"旧表": "hidden", "Sheet2": "visible"})


# --- issue 21 ---------------------------------------------------------------------------

def inline_with_value():
    """21.5: inline-string cells that also carry a `<v>` (the `<v>` first, as some writers do)."""
    cells = "".join(
        f'<c r="{col(i)}2" t="inlineStr"><v>5</v><is><t>{esc(v)}</t></is></c>' for i, v in enumerate(ROW))
    return workbook([("Sheet1", sheet_xml(row_xml(1, HEADER) + f'<row r="2">{cells}</row>'))])


def state_show():
    """21.6: the only sheet is `state="show"`."""
    return workbook([("Sheet1", plain_sheet([(1, HEADER), (2, ROW)]))], states={"Sheet1": "show"})


def garbled_latin1():
    """21.7: the form's text as UTF-8 bytes read as Latin-1 and saved again (`å\\x8d\\x95ä½\\x8d…`)."""
    g = lambda s: s.encode("utf-8").decode("latin-1")
    return workbook([("Sheet1", plain_sheet([(1, [g(h) for h in HEADER]), (2, [g(v) for v in ROW])]))])


def garbled_gbk_csv():
    """21.7: a UTF-8 CSV opened as GBK and saved again as GBK (`鍗曚綅鍚嶇О…`)."""
    text = "\n".join(",".join(r) for r in [HEADER, ROW]) + "\n"
    garbled = text.encode("utf-8").decode("gbk", errors="replace")
    return garbled.encode("gb18030")


def ragged_flood(n=60_000):
    """21.12: 60,000 rows (the issue's 300,000 cut to keep the suite fast: past the cap the
    rest is only counted, whatever their number), each a ragged row (long or short), a control character or an
    over-long cell in turn, and an unterminated quote on the last line."""
    lines = [",".join(HEADER)]
    long_cell = "长" * 40_000
    for i in range(n):
        k = i % 4
        if k == 0:
            lines.append(",".join(ROW) + ",多出一列")
        elif k == 1:
            lines.append(",".join(ROW[:1] + ["标\x1b题"] + ROW[2:]))
        elif k == 2 and i < 40:
            lines.append(",".join(ROW[:1] + [long_cell] + ROW[2:]))
        else:
            lines.append(",".join(ROW[:3]))
    # A quote opened at the start of the last line and never closed.
    lines.append('"' + ",".join(ROW))
    return ("\n".join(lines) + "\n").encode()


def huge_cell(size=20_000_000):
    """22.7: one CSV cell of 20 MB (the issue's 150 MB cut to keep the suite fast: the reader
    keeps 128 KiB of it whatever its size)."""
    return ("\n".join([",".join(HEADER), "区税务局," + "长" * (size // 3) + ",人民网,中央级,2024-03-07,https://a.cn/1"]) + "\n").encode()


def one_line(size=30_000_000):
    """22.7: a 30 MB file of one line (the issue's 300 MB cut likewise), of short cells."""
    return (",".join(HEADER) + "," + ",".join(["长标题"] * (size // 10))).encode()


def nul_bytes(size=50_000_000):
    """22.7: 50 MB of NUL bytes (the issue's 1.5 GB cut likewise)."""
    return bytes(size)


CASES = {
    "long-number-format.xlsx": long_number_format,
    "xfd-and-rows.xlsx": xfd_and_rows,
    "xfd-every-row.xlsx": xfd_every_row,
    "comment-flood.xlsx": comment_flood,
    "over-long-token.xlsx": over_long_token,
    "big-shared-string.xlsx": big_shared_string,
    "duplicate-parts.xlsx": duplicate_parts,
    "second-sheet.xlsx": second_sheet,
    "inline-with-value.xlsx": inline_with_value,
    "state-show.xlsx": state_show,
    "garbled-latin1.xlsx": garbled_latin1,
    "garbled-gbk.csv": garbled_gbk_csv,
    "ragged-flood.csv": ragged_flood,
    "huge-cell.csv": huge_cell,
    "one-line.csv": one_line,
    "nul-bytes.csv": nul_bytes,
}


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name in sys.argv[2:] or sorted(CASES):
        with open(os.path.join(out, name), "wb") as f:
            f.write(CASES[name]())


if __name__ == "__main__":
    main()
