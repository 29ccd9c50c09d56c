/* libxlsxwriter 1.1.4 writes every part of a workbook into a temporary file and zips it in
 * workbook_close(), but checks neither those writes nor the flush before it reads the file
 * back (packager.c, _add_file_to_zip: fflush, then rewind, which clears the stream's error
 * flag): a part cut short by a full disk or a file-size limit (EFBIG) would be zipped as it
 * is, CRC and all, and workbook_close() would return LXW_NO_ERROR.
 *
 * Every one of those files comes from lxw_tmpfile(), a thin wrapper libxlsxwriter calls
 * through the PLT and documents as meant to be overridden ("so it can be over-ridden with a
 * user defined version if required for safety or portability", utility.c). This definition,
 * linked into the executable, interposes it as CThreadSafeTime's gmtime does glibc's: the
 * file is created where libxlsxwriter's own tmpfileplus() would put it (the workbook's
 * tmpdir, else $TMPDIR, else P_tmpdir, else the current folder; opened and at once
 * unlinked) and opened through glibc's fopencookie(), whose read, write, seek and close
 * functions below note the first failure of each thread. Workbook.close() brackets
 * workbook_close() with bulletin_temp_watch_begin()/end(): libxlsxwriter does all of a
 * close's work on the calling thread, so a failure noted between the two is that
 * workbook's, and the workbook is not published. The bytes written are the same: only the
 * file's handle differs. */
#if !defined(__linux__)
#error "bulletin builds on Linux with glibc only: CCheckedTempFiles interposes libxlsxwriter's lxw_tmpfile() with glibc's fopencookie() (see docs/architecture.md, Concurrency)"
#else
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>
#if !defined(__GLIBC__)
#error "bulletin builds on Linux with glibc only: CCheckedTempFiles interposes libxlsxwriter's lxw_tmpfile() with glibc's fopencookie() (see docs/architecture.md, Concurrency)"
#endif

#include "CCheckedTempFiles.h"

/* libxlsxwriter's declaration (xlsxwriter/utility.h), repeated so this file needs no
 * include path of the library. */
FILE *lxw_tmpfile(char *tmpdir);

/* The first failure on this thread since bulletin_temp_watch_begin(), and the errno every
 * write is to fail with (the test seam; 0: none). */
static __thread int first_failure;
static __thread int injected;

static void note(int code)
{
    if (first_failure == 0)
        first_failure = code != 0 ? code : EIO;
}

/* The cookie is the file descriptor, kept in the pointer itself (nothing to free). */
static int fd_of(void *cookie) { return (int)(intptr_t)cookie; }

static ssize_t temp_read(void *cookie, char *buffer, size_t size)
{
    for (;;) {
        ssize_t n = read(fd_of(cookie), buffer, size);
        if (n >= 0)
            return n;
        if (errno == EINTR)
            continue;
        note(errno);
        return -1;
    }
}

/* All `size` bytes, or the failure noted and the bytes that did reach the file returned
 * (glibc then marks the stream as failed too). */
static ssize_t temp_write(void *cookie, const char *buffer, size_t size)
{
    size_t done = 0;
    if (injected != 0) {
        note(injected);
        return 0;
    }
    while (done < size) {
        ssize_t n = write(fd_of(cookie), buffer + done, size - done);
        if (n > 0) {
            done += (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            note(n < 0 ? errno : EIO);
            break;
        }
    }
    return (ssize_t)done;
}

static int temp_seek(void *cookie, off64_t *offset, int whence)
{
    off64_t at = lseek64(fd_of(cookie), *offset, whence);
    if (at < 0) {
        note(errno);
        return -1;
    }
    *offset = at;
    return 0;
}

static int temp_close(void *cookie)
{
    if (close(fd_of(cookie)) != 0) {
        note(errno);
        return -1;
    }
    return 0;
}

/* A new file in `dir` (NULL or empty: none), already unlinked; -1 when it cannot be made. */
static int open_in(const char *dir)
{
    char path[4096];
    if (dir == NULL || *dir == '\0')
        return -1;
    size_t length = strlen(dir);
    const char *slash = dir[length - 1] == '/' ? "" : "/";
    if (snprintf(path, sizeof path, "%s%stmp.XXXXXX", dir, slash) >= (int)sizeof path)
        return -1;
    int fd = mkostemp(path, O_CLOEXEC);
    if (fd < 0)
        return -1;
    unlink(path);
    return fd;
}

FILE *lxw_tmpfile(char *tmpdir)
{
    /* tmpfileplus()'s order of folders (libxlsxwriter 1.1.4, third_party/tmpfileplus). */
    const char *folders[] = {tmpdir, getenv("TMPDIR"), P_tmpdir, "."};
    int fd = -1;
    for (size_t i = 0; i < sizeof folders / sizeof folders[0] && fd < 0; i++)
        fd = open_in(folders[i]);
    if (fd < 0)
        return NULL;
    cookie_io_functions_t functions = {
        .read = temp_read, .write = temp_write, .seek = temp_seek, .close = temp_close};
    FILE *file = fopencookie((void *)(intptr_t)fd, "w+b", functions);
    if (file == NULL)
        close(fd);
    return file;
}

int bulletin_temp_files_checked(void)
{
    void *resolved = dlsym(RTLD_DEFAULT, "lxw_tmpfile");
    return resolved != NULL && resolved == (void *)&lxw_tmpfile;
}

void bulletin_temp_watch_begin(int inject)
{
    first_failure = 0;
    injected = inject;
}

int bulletin_temp_watch_end(void)
{
    int failure = first_failure;
    first_failure = 0;
    injected = 0;
    return failure;
}
#endif
