#!/usr/bin/env python3
"""Saves submission CSVs as .xlsx twins laid out as Excel saves them: text in the shared
string table, whole numbers as numbers, ISO dates as date-formatted serials (numFmtId 14),
each CSV record on the same spreadsheet row. The CSV is removed and the week's
报送登记.csv renamed to match. For the benchmark's .xlsx variant (BENCH_XLSX=1
scripts/bench.sh). Standard library only (openpyxl's write-only mode writes inline strings,
which Excel does not, and is several times slower); the same input gives the same bytes.

usage: csv_to_xlsx.py FILE.csv...
"""
import csv
import datetime as dt
import os
import re
import sys
import zipfile
from xml.sax.saxutils import escape

ISO = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
WHOLE = re.compile(r"[1-9]\d{0,14}")
EPOCH = dt.date(1899, 12, 30)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
OOXML = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def column(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def convert(path):
    strings, index = [], {}
    rows = []
    with open(path, encoding="utf-8-sig", newline="") as f:
        for r, record in enumerate(csv.reader(f), start=1):
            cells = []
            for c, value in enumerate(record):
                if not value:
                    continue
                ref = f"{column(c)}{r}"
                m = ISO.fullmatch(value)
                if m:
                    serial = (dt.date(int(m[1]), int(m[2]), int(m[3])) - EPOCH).days
                    cells.append(f'<c r="{ref}" s="1"><v>{serial}</v></c>')
                elif WHOLE.fullmatch(value):
                    cells.append(f'<c r="{ref}"><v>{value}</v></c>')
                else:
                    k = index.get(value)
                    if k is None:
                        k = index[value] = len(strings)
                        strings.append(value)
                    cells.append(f'<c r="{ref}" t="s"><v>{k}</v></c>')
            rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    sheet = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}"><sheetData>{"".join(rows)}</sheetData></worksheet>'
    sst = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">'
           + "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings) + "</sst>")
    parts = {
        "[Content_Types].xml": f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{CT}"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{OOXML}.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="{OOXML}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{OOXML}.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="{OOXML}.styles+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/></Relationships>',
        "xl/styles.xml": f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}"><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>',
        "xl/sharedStrings.xml": sst,
        "xl/worksheets/sheet1.xml": sheet,
    }
    with zipfile.ZipFile(path[:-4] + ".xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, (2021, 8, 30, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode())
    os.remove(path)


def rename_in_receipt_logs(weeks):
    """Makes each week's 报送登记.csv name the .xlsx twins of the CSVs it lists."""
    for week in sorted(weeks):
        log = os.path.join(week, "报送登记.csv")
        if not os.path.exists(log):
            continue
        lines = open(log, encoding="utf-8-sig").read().split("\n")
        out = []
        for line in lines:
            name = line.split(",")[0]
            if name.endswith(".csv") and os.path.exists(os.path.join(week, name[:-4] + ".xlsx")):
                line = name[:-4] + ".xlsx" + line[len(name):]
            out.append(line)
        open(log, "w", encoding="utf-8").write("\n".join(out))


def main():
    weeks = set()
    for path in sys.argv[1:]:
        convert(path)
        weeks.add(os.path.dirname(os.path.dirname(path)))
    rename_in_receipt_logs(weeks)

if __name__ == "__main__":
    main()
