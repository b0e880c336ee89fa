/* fsutil: private directories (made 0700, and refused when another user
 * could write into them) and the one write loop. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "opsdeck/fsutil.h"
#include "opsdeck/text.h"
#include "opsdeck/xalloc.h"

static void
fs_say(char **cause, const char *dir, const char *why)
{
	char *clean;

	if (cause == NULL)
		return;
	/* A path from the environment may hold any byte: shown inert. */
	clean = text_sanitize(dir, strlen(dir), 0);
	*cause = xasprintf("%s: %s", clean != NULL ? clean : "?", why);
	free(clean);
}

int
fs_dir_check(const char *dir, char **cause)
{
	struct stat st;
	char why[160];

	if (stat(dir, &st) != 0) {
		fs_say(cause, dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		fs_say(cause, dir, "not a directory");
		errno = ENOTDIR;
		return -1;
	}
	/* Whoever can write here can plant or swap what opsdeck reads back
	 * (cached API answers, logs) or point a name elsewhere. */
	if (st.st_uid != geteuid()) {
		snprintf(why, sizeof why, "owned by uid %lu, not by this user "
		    "(uid %lu): refused", (unsigned long)st.st_uid,
		    (unsigned long)geteuid());
		fs_say(cause, dir, why);
		errno = EPERM;
		return -1;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(why, sizeof why, "%s-writable (mode %04o): refused; "
		    "chmod 700 it", (st.st_mode & S_IWOTH) ? "world" : "group",
		    (unsigned)(st.st_mode & 07777));
		fs_say(cause, dir, why);
		errno = EPERM;
		return -1;
	}
	return 0;
}

int
fs_mkdir_private(const char *path, int with_last)
{
	return fs_mkdir_private_cause(path, with_last, NULL);
}

int
fs_mkdir_private_cause(const char *path, int with_last, char **cause)
{
	char *buf, *p, *last;
	int rc = -1;

	buf = xstrdup(path);
	for (p = buf + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0700) != 0 && errno != EEXIST) {
			fs_say(cause, buf, strerror(errno));
			goto out;
		}
		*p = '/';
	}
	if (with_last && mkdir(buf, 0700) != 0 && errno != EEXIST) {
		fs_say(cause, buf, strerror(errno));
		goto out;
	}
	/* The directory that holds what opsdeck writes: path itself, or
	 * the one the file named by path goes in. Parents above it (/home,
	 * ~/.cache) are the system's business. */
	if (!with_last) {
		if ((last = strrchr(buf, '/')) == NULL) {
			rc = 0;		/* a bare file name: the cwd */
			goto out;
		}
		last[last == buf] = '\0';
	}
	rc = fs_dir_check(buf, cause);
out:
	free(buf);
	return rc;
}

int
fs_write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, c, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (w == 0) {
			errno = EIO;
			return -1;
		}
		c += w;
		n -= (size_t)w;
	}
	return 0;
}
