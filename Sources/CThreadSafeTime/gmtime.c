/* libxlsxwriter 1.1.4 formats a workbook's creation time in workbook_close() with gmtime(),
 * whose result glibc keeps in one buffer for the whole process: two workbooks with
 * different creation times closing at once on two threads can each print the other's date
 * into docProps/core.xml. This definition, linked into the executable, interposes glibc's
 * (the linker exports it because libxlsxwriter refers to it) with a buffer per thread, which
 * is what gmtime_r gives and what every caller of gmtime may rely on: the result stays valid
 * until the same thread calls gmtime again. Workbook.close checks that it is the one in use
 * (bulletin_gmtime_is_per_thread) and otherwise lets only one creation time close at once. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <time.h>

#include "CThreadSafeTime.h"

struct tm *gmtime(const time_t *timep) {
    static __thread struct tm buffer;
    return gmtime_r(timep, &buffer);
}

int bulletin_gmtime_is_per_thread(void) {
    void *resolved = dlsym(RTLD_DEFAULT, "gmtime");
    return resolved != NULL && resolved == (void *)&gmtime;
}
