#ifndef CXLSXWRITER_SHIM_H
#define CXLSXWRITER_SHIM_H
#include <errno.h>
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

/* Whether every row written into a constant_memory sheet's temporary file reached it:
 * libxlsxwriter 1.1.4 does not check its fprintf results, so a full disk or a file-size
 * limit (EFBIG) would lose rows silently. Flushes the stream and returns 0 when all went
 * well, else the errno of the flush, or EIO when an earlier write had failed (the stream's
 * error flag is sticky; its errno is gone). */
static inline int bulletin_worksheet_stream_error(lxw_worksheet *sheet)
{
    if (sheet == NULL || sheet->optimize_tmpfile == NULL)
        return 0;
    errno = 0;
    if (fflush(sheet->optimize_tmpfile) != 0)
        return errno != 0 ? errno : EIO;
    if (ferror(sheet->optimize_tmpfile))
        return EIO;
    return 0;
}

/* The size of that temporary file so far (-1 when there is none), to tell a write refused
 * at the file-size limit (EFBIG) from other failures. */
static inline long bulletin_worksheet_stream_size(lxw_worksheet *sheet)
{
    if (sheet == NULL || sheet->optimize_tmpfile == NULL)
        return -1;
    return ftell(sheet->optimize_tmpfile);
}
#endif
