#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "opsdeck/httpcache.h"
#include "../tap.h"

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *f)
{
	return remove(path) != 0 && errno != ENOENT ? -1 : 0;
}

/* Files in dir other than . and ..: the entries plus any temp leftovers. */
static int
count_files(const char *dir)
{
	struct dirent *de;
	DIR *d;
	int n = 0;

	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		n += strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
	closedir(d);
	return n;
}

/* Issue 8: a cache read never follows a planted symlink nor waits on a
 * fifo; either is a miss, and the target is never read. */
static void
test_planted(const char *tmp)
{
	char dir[300], path[400], target[400], key[17], *cause = NULL;
	struct httpcache *c;
	struct httpcache_entry e;
	struct stat sb;

	snprintf(dir, sizeof dir, "%s/planted", tmp);
	c = httpcache_new(dir, 1 << 20, 0, 0, &cause);
	ok(httpcache_put(c, "https://x/s", "id", "\"s\"", NULL, "{}", 2) == 0,
	    "planted: an entry");
	httpcache_key("https://x/s", "id", key);
	snprintf(path, sizeof path, "%s/%s", dir, key);
	snprintf(target, sizeof target, "%s/elsewhere", tmp);
	/* The target is a valid entry: only following the link could hit. */
	ok(rename(path, target) == 0 && symlink(target, path) == 0,
	    "planted: the entry moved away, a symlink in its place");
	ok(httpcache_get(c, "https://x/s", "id", &e) != 0,
	    "planted: a symlink to a valid entry is a miss");
	unlink(path);
	ok(mkfifo(path, 0600) == 0, "planted: a fifo in its place");
	ok(httpcache_get(c, "https://x/s", "id", &e) != 0,
	    "planted: a fifo is a miss, and nothing waits on it");
	unlink(path);
	ok(rename(target, path) == 0 &&
	    httpcache_get(c, "https://x/s", "id", &e) == 0,
	    "planted: the real file back is a hit");
	httpcache_entry_done(&e);
	ok(lstat(path, &sb) == 0 && S_ISREG(sb.st_mode), "planted: a file");
	httpcache_free(&c);
}

static void
age(const char *dir, const char *url, long secs)
{
	char key[17], path[400];
	struct timespec ts[2];

	httpcache_key(url, "id", key);
	snprintf(path, sizeof path, "%s/%s", dir, key);
	clock_gettime(CLOCK_REALTIME, &ts[0]);
	ts[0].tv_sec -= secs;
	ts[1] = ts[0];
	utimensat(AT_FDCWD, path, ts, 0);
}

/* Issue 8: the cache stays under its size (oldest out first, down to
 * 90 %) and its age, at start and after writes. */
static void
test_trim(const char *tmp)
{
	static char body[300000];
	char dir[300], url[64], *cause = NULL;
	struct httpcache *c;
	struct httpcache_entry e;
	int i;

	snprintf(dir, sizeof dir, "%s/trim", tmp);
	memset(body, 'b', sizeof body);
	/* 1 MB cap; entries of 300 kB: the fourth crosses it. */
	c = httpcache_new(dir, 1 << 20, 1000000, 3600, &cause);
	for (i = 0; i < 3; i++) {
		snprintf(url, sizeof url, "https://x/%d", i);
		httpcache_put(c, url, "id", "\"e\"", NULL, body, sizeof body);
		age(dir, url, 300 - i * 100);	/* 0 oldest, 2 newest */
	}
	is_int(count_files(dir), 3, "trim: three entries under the cap");
	httpcache_put(c, "https://x/3", "id", "\"e\"", NULL, body,
	    sizeof body);
	is_int(count_files(dir), 2, "trim: over the cap, down to 90 %%");
	ok(httpcache_get(c, "https://x/0", "id", &e) != 0 &&
	    httpcache_get(c, "https://x/1", "id", &e) != 0,
	    "trim: the two oldest went");
	ok(httpcache_get(c, "https://x/2", "id", &e) == 0, "trim: newer kept");
	httpcache_entry_done(&e);
	ok(httpcache_get(c, "https://x/3", "id", &e) == 0,
	    "trim: the newest kept");
	httpcache_entry_done(&e);
	age(dir, "https://x/2", 7200);
	httpcache_free(&c);
	/* At start: what is past max-age goes, whatever the size. */
	c = httpcache_new(dir, 1 << 20, 1000000, 3600, &cause);
	ok(httpcache_get(c, "https://x/2", "id", &e) != 0,
	    "trim at start: an entry past max-age went");
	ok(httpcache_get(c, "https://x/3", "id", &e) == 0,
	    "trim at start: a young one stays");
	httpcache_entry_done(&e);
	is_int(count_files(dir), 1, "trim at start: one file left");
	httpcache_free(&c);
}

int
main(void)
{
	char tmp[256], dir[300], path[400], key[17], key2[17], *cause = NULL;
	static char big[(1 << 20) + 1];
	struct httpcache *c;
	struct httpcache_entry e;
	struct stat sb;
	FILE *fp;

	snprintf(tmp, sizeof tmp, "/tmp/opsdeck-cache.XXXXXX");
	if (mkdtemp(tmp) == NULL)
		tap_skip_all("no temp dir");
	snprintf(dir, sizeof dir, "%s/a/b/opsdeck", tmp);
	c = httpcache_new(dir, 1 << 20, 0, 0, &cause);
	ok(c != NULL, "cache created with parents");
	ok(stat(dir, &sb) == 0 && (sb.st_mode & 0777) == 0700,
	    "cache dir is 0700");
	ok(httpcache_get(c, "https://x/a", "id", &e) != 0, "miss when empty");
	ok(httpcache_put(c, "https://x/a", "id", "W/\"abc\"", NULL,
	    "{\"a\":1}", 7) == 0, "put");
	httpcache_key("https://x/a", "id", key);
	snprintf(path, sizeof path, "%s/%s", dir, key);
	ok(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600,
	    "entry file is 0600");
	ok(httpcache_get(c, "https://x/a", "id", &e) == 0, "hit");
	is_str(e.etag, "W/\"abc\"", "weak ETag kept byte for byte");
	ok(e.last_modified == NULL, "no Last-Modified");
	ok(e.body.len == 7 && memcmp(e.body.data, "{\"a\":1}", 7) == 0,
	    "body round-trips");
	httpcache_entry_done(&e);
	ok(httpcache_get(c, "https://x/a", "other-token", &e) != 0,
	    "another token identity misses");
	ok(httpcache_put(c, "https://x/a", "id", "\"v2\"", "Tue, 01 Jan",
	    "new", 3) == 0, "replace");
	ok(httpcache_get(c, "https://x/a", "id", &e) == 0 &&
	    strcmp(e.etag, "\"v2\"") == 0 && e.body.len == 3,
	    "the replacement is read whole");
	httpcache_entry_done(&e);
	is_int(count_files(dir), 1, "replace is a rename: no temp file left");
	ok(httpcache_put(c, "https://x/b", "id", "\"x\"\r\nInjected: 1", NULL,
	    "x", 1) != 0, "a header value with CR/LF is refused");
	/* Corruption: truncate the file; it must be a miss, not a crash. */
	if ((fp = fopen(path, "r+")) != NULL) {
		ftruncate(fileno(fp), 40);
		fclose(fp);
	}
	ok(httpcache_get(c, "https://x/a", "id", &e) != 0,
	    "a truncated entry is a miss");
	if ((fp = fopen(path, "w")) != NULL) {
		fputs("opsdeck-cache 1\nurl: https://x/a\netag: \"e\"\n"
		    "last-modified: \nstored: 1\nlength: 99999\n\nshort", fp);
		fclose(fp);
	}
	ok(httpcache_get(c, "https://x/a", "id", &e) != 0,
	    "a lying length is a miss");
	/* Another URL's entry under this key (a hash collision): a miss. */
	if ((fp = fopen(path, "w")) != NULL) {
		fputs("opsdeck-cache 1\nurl: https://x/OTHER\netag: \"e\"\n"
		    "last-modified: \nstored: 1\nlength: 2\n\n{}", fp);
		fclose(fp);
	}
	ok(httpcache_get(c, "https://x/a", "id", &e) != 0,
	    "an entry for another URL is a miss");
	if ((fp = fopen(path, "w")) != NULL) {
		fwrite("\0\377garbage\n\n\n", 1, 12, fp);
		fclose(fp);
	}
	ok(httpcache_get(c, "https://x/a", "id", &e) != 0, "garbage is a miss");
	if ((fp = fopen(path, "w")) != NULL)
		fclose(fp);
	ok(httpcache_get(c, "https://x/a", "id", &e) != 0,
	    "an empty file is a miss");
	chmod(path, 0);
	if (geteuid() != 0)
		ok(httpcache_get(c, "https://x/a", "id", &e) != 0,
		    "an unreadable entry is a miss");
	else
		ok(1, "# SKIP root reads a mode 0 file");
	ok(httpcache_put(c, "https://x/a", "id", "\"v3\"", NULL, "{}", 2) == 0 &&
	    httpcache_get(c, "https://x/a", "id", &e) == 0 &&
	    stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600,
	    "a new put replaces a bad entry, 0600 again");
	httpcache_entry_done(&e);
	memset(big, 'x', sizeof big);
	ok(httpcache_put(c, "https://x/big", "id", NULL, NULL, big,
	    sizeof big) != 0, "an entry over the cap is not stored");
	ok(httpcache_put(c, "https://x/cap", "id", "\"c\"", NULL, big,
	    sizeof big - 1) == 0, "an entry at the cap is stored");
	httpcache_key("https://x/a", "id", key);
	httpcache_key("https://x/a", "id2", key2);
	ok(strcmp(key, key2) != 0 && strlen(key) == 16,
	    "the key depends on the identity, 16 hex digits");
	httpcache_free(&c);
	ok(c == NULL, "free sets NULL");
	test_planted(tmp);
	test_trim(tmp);
	httpcache_free(&c);
	ok(1, "free accepts NULL");
	nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return tap_done();
}
