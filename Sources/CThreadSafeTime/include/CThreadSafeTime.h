#ifndef C_THREAD_SAFE_TIME_H
#define C_THREAD_SAFE_TIME_H

/* 1 when the process's gmtime() is the per-thread one defined in this target (it
   interposes glibc's, which returns one buffer shared by every thread); 0 otherwise.
   Linux with glibc only, as the whole package (see gmtime.c). */
int bulletin_gmtime_is_per_thread(void);

#endif
