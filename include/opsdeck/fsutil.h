/* fsutil: the few file-system helpers several modules need. Any thread. */
#ifndef OPSDECK_FSUTIL_H
#define OPSDECK_FSUTIL_H

#include <stddef.h>

/* Creates path and every missing parent with mode 0700 (private: caches
 * and logs may hold what a token could read). An existing directory is
 * fine. with_last 0 creates the parents only (path is a file to come).
 * 0, or -1 with errno. */
int	 fs_mkdir_private(const char *path, int with_last);

/* Writes all n bytes, retrying short writes and EINTR. 0, or -1 with errno
 * (0 bytes written counts as an error, EIO). Async-signal-safe. */
int	 fs_write_all(int fd, const void *p, size_t n);

#endif
