#include "config.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "opsdeck/httpcache.h"
#include "../tap.h"

int
main(void)
{
	char tmp[256], dir[300], path[400], key[17], cmd[320], *cause = NULL;
	struct httpcache *c;
	struct httpcache_entry e;
	struct stat sb;
	FILE *fp;

	snprintf(tmp, sizeof tmp, "/tmp/opsdeck-cache.XXXXXX");
	if (mkdtemp(tmp) == NULL)
		tap_skip_all("no temp dir");
	snprintf(dir, sizeof dir, "%s/a/b/opsdeck", tmp);
	c = httpcache_new(dir, 1 << 20, &cause);
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
	ok(httpcache_put(c, "https://x/big", "id", NULL, NULL, tmp,
	    (1 << 20) + 1) != 0, "an entry over the cap is not stored");
	httpcache_free(&c);
	ok(c == NULL, "free sets NULL");
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	system(cmd);
	return tap_done();
}
