/* libxlsxwriter 1.1.4 formats a workbook's creation time in workbook_close() with gmtime(),
 * whose result glibc keeps in one buffer for the whole process: two workbooks with
 * different creation times closing at once on two threads (run --all writes two weeks side
 * by side) can each print the other's date into docProps/core.xml. This definition, linked
 * into the executable, interposes glibc's (the dynamic linker binds libxlsxwriter's call to
 * the executable's gmtime, which the linker exports because a shared library refers to it)
 * with a buffer per thread, which is what gmtime_r gives and what every caller of gmtime may
 * rely on: the result stays valid until the same thread calls gmtime again.
 *
 * The interposition is glibc's and the ELF dynamic linker's: bulletin builds on Linux with
 * glibc only (Package.swift says so; CXlsxWriter's shim uses glibc's __fsetlocking too), and
 * a build anywhere else stops here rather than producing a tool whose workbooks could carry
 * each other's dates. The tests check that it is in effect (bulletin_gmtime_is_per_thread). */
#if !defined(__linux__)
#error "bulletin builds on Linux with glibc only: CThreadSafeTime interposes glibc's gmtime() (see docs/architecture.md, Concurrency)"
#else
#define _GNU_SOURCE
#include <dlfcn.h>
#include <time.h>
#if !defined(__GLIBC__)
#error "bulletin builds on Linux with glibc only: CThreadSafeTime interposes glibc's gmtime() (see docs/architecture.md, Concurrency)"
#endif

#include "CThreadSafeTime.h"

struct tm *gmtime(const time_t *timep) {
    static __thread struct tm buffer;
    return gmtime_r(timep, &buffer);
}

int bulletin_gmtime_is_per_thread(void) {
    void *resolved = dlsym(RTLD_DEFAULT, "gmtime");
    return resolved != NULL && resolved == (void *)&gmtime;
}
#endif
