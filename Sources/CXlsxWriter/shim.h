#ifndef CXLSXWRITER_SHIM_H
#define CXLSXWRITER_SHIM_H
#include <stdio_ext.h>
#include <xlsxwriter.h>

/* In constant_memory mode libxlsxwriter 1.1.4 writes a worksheet's rows with fprintf into
 * the sheet's own temporary file (`optimize_tmpfile`, a field of its public lxw_worksheet).
 * A worksheet is only ever used by one thread at a time (the Swift wrapper's Workbook is
 * not shared), so stdio need not take that FILE's lock on each of the millions of calls
 * it makes in a multi-threaded process: the caller does the locking (glibc's
 * __fsetlocking, FSETLOCKING_BYCALLER). Returns 1 when set, 0 when there is no such stream
 * (not constant_memory mode). */
static inline int bulletin_worksheet_stream_by_caller(lxw_worksheet *sheet)
{
    if (sheet == NULL || sheet->optimize_tmpfile == NULL)
        return 0;
    __fsetlocking(sheet->optimize_tmpfile, FSETLOCKING_BYCALLER);
    return 1;
}
#endif
