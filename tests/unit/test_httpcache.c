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
	httpcache_free(&c);
	ok(1, "free accepts NULL");
	nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return tap_done();
}
