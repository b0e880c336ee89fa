/* fsutil: the few file-system helpers several modules need. Any thread. */
#ifndef OPSDECK_FSUTIL_H
#define OPSDECK_FSUTIL_H

#include <stddef.h>

/* Creates path and every missing parent with mode 0700 (private: caches
 * and logs may hold what a token could read), then checks the directory
 * that holds the data with fs_dir_check: path itself, or with with_last 0
 * (path is a file to come) its parent. An existing directory is fine if it
 * passes. 0, or -1 with errno (EPERM: refused) and, in the _cause form
 * when cause is not NULL, *cause (malloc'd) naming the directory and why;
 * callers show that. */
int	 fs_mkdir_private(const char *path, int with_last);
int	 fs_mkdir_private_cause(const char *path, int with_last,
	    char **cause);

/* Whether dir is a directory (symlinks followed) that only this user can
 * write: owned by the effective uid and neither group- nor
 * world-writable. 0, or -1 with errno (EPERM for a refusal) and *cause
 * ("DIR: world-writable (mode 0777): refused; chmod 700 it"). */
int	 fs_dir_check(const char *dir, char **cause);

/* Writes all n bytes, retrying short writes and EINTR. 0, or -1 with errno
 * (0 bytes written counts as an error, EIO). Async-signal-safe. */
int	 fs_write_all(int fd, const void *p, size_t n);

#endif
