/* A table row written straight into a constant_memory worksheet's row stream, with the
 * bytes libxlsxwriter 1.1.4 writes for it, without its per-cell work.
 *
 * libxlsxwriter's per-cell path costs about 0.6 µs a cell: each worksheet_write_string
 * copies the text twice (lxw_escape_control_characters, whose lxw_has_control_characters
 * test is always true in 1.1.4, then lxw_escape_data when the row is flushed) into calloc'd
 * buffers, makes a calloc'd cell, and a blank cell two 4 KB attribute structs; every row
 * is then printed with fprintf. In a process with threads each of those allocations takes
 * glibc's arena lock. For a city's 附件2 (4.5 million cells) that is most of the seconds
 * its rows take on the thread that writes them.
 *
 * What libxlsxwriter does for a row of strings, numbers and blanks in constant_memory mode
 * (worksheet.c 1.1.4), and what is done here in the same order:
 * - each cell is checked (_check_dimensions): in the grid, not above the row it holds open
 *   (optimize_row); its place widens the sheet's dimensions (dim_rowmin..dim_colmax). An
 *   empty string is a blank cell when it has a format, else nothing; so is a blank cell;
 *   a string of more than LXW_STR_MAX characters is an error.
 * - the first cell of a later row flushes the row held open
 *   (lxw_worksheet_write_single_row), and the new row is held: its cells are written when
 *   the next row's first cell comes (or at workbook_close). Formats are numbered
 *   (lxw_format_get_xf_index) as a row's cells are flushed, in column order.
 * - a flushed row is `<row r="N">` (no attribute but r when the row has the default
 *   height, no format, is not hidden, has no outline and the sheet is not Excel 2010's),
 *   its cells in column order, `</row>`; a cell is `<c r="A1" s="N" t="inlineStr"><is><t>…
 *   </t></is></c>` (text: control characters as _xHHHH_, then & < > as entities;
 *   xml:space="preserve" on <t> when the result begins or ends with a space character),
 *   `<c r="A1" s="N"><v>%.16G</v></c>` (number) or `<c r="A1" s="N"/>` (blank), without s
 *   when the style index is 0.
 *
 * The caller (XlsxWriter's TableWriter) hands a row here only at the moment libxlsxwriter
 * would flush it — when the next row of the same sheet is emitted — so formats are numbered
 * at the same moments as before; the last row of a table goes through libxlsxwriter, held
 * open and flushed by it as ever. This function writes only rows whose every cell is a
 * string, number or blank, on a sheet whose held row is an earlier one or empty; it declines
 * (returns 0, sheet untouched) anything else: rows libxlsxwriter would write differently
 * (a row height, a format, a link) or refuse. The tests write every table both ways and
 * compare the files byte for byte. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "CDirectRows.h"

/* The longest string a cell takes, in characters (worksheet.c 1.1.4; not in its headers). */
#define LXW_STR_MAX 32767

/* Bytes written to the row stream at once. */
#define CHUNK 16384

struct out {
    FILE *file;
    size_t used;
    char buffer[CHUNK];
};

static void flush(struct out *o)
{
    if (o->used) {
        /* A failure is seen by the stream's error flag, checked before workbook_close. */
        (void)fwrite(o->buffer, 1, o->used, o->file);
        o->used = 0;
    }
}

static void put(struct out *o, const char *bytes, size_t n)
{
    while (n > 0) {
        if (o->used == CHUNK)
            flush(o);
        size_t k = CHUNK - o->used < n ? CHUNK - o->used : n;
        memcpy(o->buffer + o->used, bytes, k);
        o->used += k;
        bytes += k;
        n -= k;
    }
}

/* A string literal. */
#define PUT(o, literal) put((o), (literal), sizeof(literal) - 1)

static void put_uint(struct out *o, unsigned long long v)
{
    char digits[24];
    int k = 0;
    do {
        digits[k++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    char text[24];
    for (int i = 0; i < k; i++)
        text[i] = digits[k - 1 - i];
    put(o, text, (size_t)k);
}

/* A number as "%.16G" prints it: an integer below 10^15 in magnitude (not -0) as its
 * digits, which is what that conversion gives for it, anything else through snprintf. */
static void put_number(struct out *o, double number)
{
    if (number > -1e15 && number < 1e15 && number == (double)(long long)number && !(number == 0 && signbit(number))) {
        long long v = (long long)number;
        if (v < 0) {
            PUT(o, "-");
            put_uint(o, (unsigned long long)(-v));
        } else {
            put_uint(o, (unsigned long long)v);
        }
        return;
    }
    char text[64];
    int n = snprintf(text, sizeof text, "%.16G", number);
    put(o, text, n > 0 ? (size_t)n : 0);
}

/* What a byte of a text cell becomes: 0 itself, 1 a control character (_xHHHH_: 0x01-0x1F
 * but tab and line feed), 2 &amp; 3 &lt; 4 &gt;. */
static const unsigned char escape_class[256] = {
    [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1, [0x07] = 1, [0x08] = 1,
    [0x0B] = 1, [0x0C] = 1, [0x0D] = 1, [0x0E] = 1, [0x0F] = 1, [0x10] = 1, [0x11] = 1, [0x12] = 1,
    [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1, [0x18] = 1, [0x19] = 1, [0x1A] = 1,
    [0x1B] = 1, [0x1C] = 1, [0x1D] = 1, [0x1E] = 1, [0x1F] = 1, ['&'] = 2, ['<'] = 3, ['>'] = 4,
};

/* The text as lxw_escape_data(lxw_escape_control_characters(text)) gives it. */
static void put_escaped(struct out *o, const unsigned char *text, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char cls = escape_class[text[i]];
        if (cls == 0)
            continue;
        put(o, (const char *)text + run, i - run);
        switch (cls) {
        case 1: {
            char e[7] = {'_', 'x', '0', '0', hex[text[i] >> 4], hex[text[i] & 15], '_'};
            put(o, e, 7);
            break;
        }
        case 2: put(o, "&amp;", 5); break;
        case 3: put(o, "&lt;", 4); break;
        default: put(o, "&gt;", 4); break;
        }
        run = i + 1;
    }
    put(o, (const char *)text + run, n - run);
}

/* The style index libxlsxwriter's _write_cell gives the cell (the row's format is NULL). */
static int style_of(lxw_worksheet *sheet, lxw_format *format, lxw_col_t col)
{
    if (format)
        return lxw_format_get_xf_index(format);
    if (col < sheet->col_formats_max && sheet->col_formats[col])
        return lxw_format_get_xf_index(sheet->col_formats[col]);
    return 0;
}

/* Whether a cell makes a cell in the sheet (a string or number, or a blank or empty string
 * with a format). */
static int effective(const bulletin_row_cell *cell)
{
    switch (cell->kind) {
    case BULLETIN_CELL_NUMBER: return 1;
    case BULLETIN_CELL_BLANK: return cell->format != NULL;
    default: return (cell->text != NULL && cell->text[0] != '\0') || cell->format != NULL;
    }
}

int bulletin_write_row(lxw_worksheet *sheet, lxw_row_t row, bulletin_row_cell *cells, size_t count)
{
    if (sheet == NULL || !sheet->optimize || sheet->optimize_row == NULL || sheet->file == NULL)
        return 0;
    lxw_row *held = sheet->optimize_row;
    if (row >= LXW_ROW_MAX || count > LXW_COL_MAX)
        return 0;
    /* The row libxlsxwriter holds open must be an earlier one (flushed first, as the first
     * cell of this row would flush it), or this one with nothing in it yet. */
    if (row < held->row_num || (row == held->row_num && (held->row_changed || held->data_changed)))
        return 0;
    /* After that flush the held row has the default height and no format; the row is then
     * written as <row r="N"> only if nothing else would give it attributes. */
    double height = held->height_changed ? LXW_DEF_ROW_HEIGHT : sheet->default_row_height;
    if (height != LXW_DEF_ROW_HEIGHT || sheet->excel_version == 2010)
        return 0;
    size_t cellsWritten = 0;
    for (size_t i = 0; i < count; i++) {
        bulletin_row_cell *cell = &cells[i];
        if (cell->kind != BULLETIN_CELL_TEXT && cell->kind != BULLETIN_CELL_NUMBER && cell->kind != BULLETIN_CELL_BLANK)
            return 0;
        if (cell->kind == BULLETIN_CELL_TEXT) {
            if (cell->text == NULL)
                return 0;
            cell->length = strlen(cell->text);
            /* libxlsxwriter refuses such a string (after widening the dimensions). */
            if (cell->length > LXW_STR_MAX && lxw_utf8_strlen(cell->text) > LXW_STR_MAX)
                return 0;
        }
        cellsWritten += effective(cell);
    }
    /* No cell: libxlsxwriter would not touch the sheet. */
    if (cellsWritten == 0)
        return 1;
    lxw_worksheet_write_single_row(sheet);

    struct out o;
    o.file = sheet->file;
    o.used = 0;
    /* The row's number as lxw_rowcol_to_cell and lxw_new_attribute_int print it ("%d"). */
    char rowDigits[16];
    int rowLength = snprintf(rowDigits, sizeof rowDigits, "%d", (int)(row + 1));
    PUT(&o, "<row r=\"");
    put(&o, rowDigits, (size_t)rowLength);
    PUT(&o, "\">");
    for (size_t i = 0; i < count; i++) {
        const bulletin_row_cell *cell = &cells[i];
        if (!effective(cell))
            continue;
        lxw_col_t col = (lxw_col_t)i;
        /* _check_dimensions. */
        if (row < sheet->dim_rowmin)
            sheet->dim_rowmin = row;
        if (row > sheet->dim_rowmax)
            sheet->dim_rowmax = row;
        if (col < sheet->dim_colmin)
            sheet->dim_colmin = col;
        if (col > sheet->dim_colmax)
            sheet->dim_colmax = col;

        int style = style_of(sheet, cell->format, col);
        char name[LXW_MAX_COL_NAME_LENGTH + 2];
        lxw_col_to_name(name, col, 0);
        PUT(&o, "<c r=\"");
        put(&o, name, strlen(name));
        put(&o, rowDigits, (size_t)rowLength);
        PUT(&o, "\"");
        if (style) {
            PUT(&o, " s=\"");
            put_uint(&o, (unsigned long long)style);
            PUT(&o, "\"");
        }
        if (cell->kind == BULLETIN_CELL_BLANK || (cell->kind == BULLETIN_CELL_TEXT && cell->length == 0)) {
            PUT(&o, "/>");
        } else if (cell->kind == BULLETIN_CELL_NUMBER) {
            PUT(&o, "><v>");
            put_number(&o, cell->number);
            PUT(&o, "</v></c>");
        } else {
            /* The escaped text's first and last bytes decide xml:space, in the tag before it. */
            const unsigned char *text = (const unsigned char *)cell->text;
            size_t n = cell->length;
            unsigned char c0 = text[0], cn = text[n - 1];
            unsigned char first = escape_class[c0] == 0 ? c0 : escape_class[c0] == 1 ? '_' : '&';
            unsigned char last = escape_class[cn] == 0 ? cn : escape_class[cn] == 1 ? '_' : ';';
            if (isspace(first) || isspace(last))
                PUT(&o, " t=\"inlineStr\"><is><t xml:space=\"preserve\">");
            else
                PUT(&o, " t=\"inlineStr\"><is><t>");
            put_escaped(&o, text, n);
            PUT(&o, "</t></is></c>");
        }
    }
    PUT(&o, "</row>");
    flush(&o);
    /* The next row is held open now; this one is written and must not be touched again. */
    held->row_num = row + 1;
    return 1;
}
