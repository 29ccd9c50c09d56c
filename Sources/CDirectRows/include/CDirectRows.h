#ifndef C_DIRECT_ROWS_H
#define C_DIRECT_ROWS_H

#include <stddef.h>
#include <xlsxwriter.h>

/* One cell of a row for bulletin_write_row: what the per-cell path hands libxlsxwriter. */
enum bulletin_cell_kind { BULLETIN_CELL_TEXT = 1, BULLETIN_CELL_NUMBER = 2, BULLETIN_CELL_BLANK = 3 };

typedef struct bulletin_row_cell {
    int kind;
    /* The cell's format, or NULL. */
    lxw_format *format;
    /* BULLETIN_CELL_TEXT: NUL-terminated UTF-8, as worksheet_write_string takes it. */
    const char *text;
    /* BULLETIN_CELL_NUMBER. */
    double number;
    /* Set by bulletin_write_row: the text's length in bytes (to its first NUL). */
    size_t length;
} bulletin_row_cell;

/* Writes row `row` of a constant_memory worksheet, cells 0..count-1, into the sheet's row
   stream exactly as libxlsxwriter 1.1.4 would if each cell were written with
   worksheet_write_string/_number/_blank and the row then flushed (see directrows.c).
   Returns 1 when the row was written (or had nothing to write), 0 when it was declined
   without touching the sheet: the caller then writes the cells one by one. */
int bulletin_write_row(lxw_worksheet *sheet, lxw_row_t row, bulletin_row_cell *cells, size_t count);

#endif
