/* test_fsutil: private directories are made 0700 and an existing one that
 * another user owns or others may write is refused, naming it and why
 * (the ownership case needs root to chown); fs_write_all. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "opsdeck/fsutil.h"
#include "../tap.h"

static char	 top[64];

static int
has(const char *s, const char *part)
{
	return s != NULL && strstr(s, part) != NULL;
}

static int
mode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (int)(st.st_mode & 07777) : -1;
}

static void
test_make(void)
{
	char path[128], *cause = NULL;

	snprintf(path, sizeof path, "%s/a/b/c", top);
	is_int(fs_mkdir_private_cause(path, 1, &cause), 0, "make: a/b/c made");
	is_int(mode_of(path), 0700, "make: mode 0700");
	snprintf(path, sizeof path, "%s/a/b", top);
	is_int(mode_of(path), 0700, "make: parents 0700 too");
	snprintf(path, sizeof path, "%s/a/b/c", top);
	is_int(fs_mkdir_private_cause(path, 1, &cause), 0,
	    "make: existing and private: fine");
	snprintf(path, sizeof path, "%s/f/log.txt", top);
	is_int(fs_mkdir_private_cause(path, 0, &cause), 0,
	    "make: parents of a file");
	snprintf(path, sizeof path, "%s/f", top);
	is_int(mode_of(path), 0700, "make: the file's directory is 0700");
	ok(cause == NULL, "make: no cause when all is well");
}

static void
test_refuse_mode(void)
{
	char path[128], file[160], *cause = NULL;

	snprintf(path, sizeof path, "%s/open", top);
	mkdir(path, 0700);
	chmod(path, 0777);
	errno = 0;
	is_int(fs_mkdir_private_cause(path, 1, &cause), -1, "0777: refused");
	is_int(errno, EPERM, "0777: EPERM");
	ok(has(cause, path) && has(cause, "world-writable") &&
	    has(cause, "0777"), "0777: the cause names it and why (%s)", cause);
	free(cause);
	cause = NULL;
	snprintf(file, sizeof file, "%s/opsdeck.log", path);
	is_int(fs_mkdir_private_cause(file, 0, &cause), -1,
	    "0777: refused as the directory of a file too");
	ok(has(cause, path), "0777: that cause names the directory (%s)",
	    cause);
	free(cause);
	cause = NULL;
	chmod(path, 0770);
	is_int(fs_dir_check(path, &cause), -1, "0770: refused");
	ok(has(cause, "group-writable"), "0770: says group-writable (%s)",
	    cause);
	free(cause);
	cause = NULL;
	chmod(path, 0755);
	is_int(fs_dir_check(path, &cause), 0,
	    "0755: readable by others is fine");
	is_int(fs_mkdir_private(path, 1), 0, "fs_mkdir_private: fine too");
	chmod(path, 0777);
	is_int(fs_mkdir_private(path, 1), -1, "fs_mkdir_private: refused too");
}

static void
test_refuse_other(void)
{
	char path[128], link[140], esc[140], *cause = NULL;
	int fd;

	snprintf(path, sizeof path, "%s/file", top);
	if ((fd = open(path, O_WRONLY | O_CREAT, 0600)) >= 0)
		close(fd);
	is_int(fs_dir_check(path, &cause), -1, "a file: refused");
	ok(has(cause, "not a directory"), "a file: says so (%s)", cause);
	free(cause);
	cause = NULL;
	snprintf(path, sizeof path, "%s/a", top);
	snprintf(link, sizeof link, "%s/link", top);
	(void)!symlink(path, link);
	is_int(fs_dir_check(link, &cause), 0,
	    "a symlink to a private directory");
	/* A hostile byte in a path is shown inert in the message. */
	snprintf(esc, sizeof esc, "%s/e\033[2Jx", top);
	mkdir(esc, 0700);
	chmod(esc, 0777);
	is_int(fs_dir_check(esc, &cause), -1, "escape in the name: refused");
	ok(cause != NULL && strchr(cause, '\033') == NULL &&
	    has(cause, "^[[2J"), "escape in the name: shown as ^[");
	free(cause);
	cause = NULL;
	snprintf(path, sizeof path, "%s/theirs", top);
	mkdir(path, 0700);
	if (geteuid() != 0 || chown(path, 4242, 4242) != 0) {
		printf("ok %d # SKIP chown needs root\n", ++tap_n);
		printf("ok %d # SKIP chown needs root\n", ++tap_n);
		return;
	}
	is_int(fs_mkdir_private_cause(path, 1, &cause), -1,
	    "another user's directory (0700): refused");
	ok(has(cause, path) && has(cause, "owned by uid 4242"),
	    "another user's: the cause says whose (%s)", cause);
	free(cause);
}

static void
test_write_all(void)
{
	char path[128], back[8] = "";
	int fd;

	snprintf(path, sizeof path, "%s/w", top);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	is_int(fs_write_all(fd, "abcdef", 6), 0, "write_all: 6 bytes");
	(void)!pread(fd, back, 6, 0);
	is_str(back, "abcdef", "write_all: all of them");
	close(fd);
	is_int(fs_write_all(-1, "x", 1), -1, "write_all: a bad fd fails");
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb;
	(void)flag;
	(void)f;
	(void)remove(path);
	return 0;
}

int
main(void)
{
	snprintf(top, sizeof top, "/tmp/od-fsutil.XXXXXX");
	if (mkdtemp(top) == NULL)
		tap_skip_all("no temp dir");
	test_make();
	test_refuse_mode();
	test_refuse_other();
	test_write_all();
	nftw(top, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return tap_done();
}
