#ifndef C_CHECKED_TEMP_FILES_H
#define C_CHECKED_TEMP_FILES_H

/* libxlsxwriter's temporary files with every read, write, seek and close checked (see
   tempfiles.c). Linux with glibc only, as the whole package. */

/* 1 when the process's lxw_tmpfile() is the one defined in this target (it interposes
   libxlsxwriter's, as the library's own comment on it invites); 0 otherwise. */
int bulletin_temp_files_checked(void);

/* Starts watching this thread's temporary files: forgets any earlier failure; `inject`
   (an errno, 0 for none) makes every write into one of them fail with that errno until
   bulletin_temp_watch_end(), the test seam of the output writers. */
void bulletin_temp_watch_begin(int inject);

/* The errno of the first read, write, seek or close of a temporary file that failed on
   this thread since bulletin_temp_watch_begin() (EIO for a write that moved no byte
   without an errno), or 0; stops an injection. */
int bulletin_temp_watch_end(void);

#endif
