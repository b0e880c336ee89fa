/* fsutil: the few file-system helpers several modules need. Any thread. */
#ifndef OPSDECK_FSUTIL_H
#define OPSDECK_FSUTIL_H

/* Creates path and every missing parent with mode 0700 (private: caches
 * and logs may hold what a token could read). An existing directory is
 * fine. with_last 0 creates the parents only (path is a file to come).
 * 0, or -1 with errno. */
int	 fs_mkdir_private(const char *path, int with_last);

#endif
