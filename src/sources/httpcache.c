/* httpcache: the shared on-disk cache of GET answers with validators, one
 * file per URL + identity, bounded in size and age (cachetrim). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "opsdeck/cachetrim.h"
#include "opsdeck/fsutil.h"
#include "opsdeck/httpcache.h"
#include "opsdeck/log.h"
#include "opsdeck/xalloc.h"

#define CACHE_MAGIC	"opsdeck-cache 1\n"

/* A 304 leaves the entry as it was: its mtime is brought forward at most
 * this often, so an answer still in use is never the oldest one. */
#define HTTPCACHE_TOUCH_S	86400

struct httpcache {
	char	*dir;
	size_t	 max_entry;
	struct cachetrim *trim;
};

struct httpcache *
httpcache_new(const char *dir, size_t max_entry, long long max_size,
    long max_age_s, char **cause)
{
	struct httpcache *c;
	char *why = NULL;

	if (fs_mkdir_private_cause(dir, 1, &why) != 0) {
		*cause = xasprintf("cache directory %s", why);
		free(why);
		return NULL;
	}
	c = xcalloc(1, sizeof *c);
	c->dir = xstrdup(dir);
	c->max_entry = max_entry != 0 ? max_entry : 64u << 20;
	c->trim = cachetrim_new(c->dir, max_size, max_age_s);
	return c;
}

void
httpcache_free(struct httpcache **cp)
{
	if (cp == NULL || *cp == NULL)
		return;
	cachetrim_free(&(*cp)->trim);
	free((*cp)->dir);
	free(*cp);
	*cp = NULL;
}

/* FNV-1a 64 over the parts; the URL is also stored in the entry and
 * checked on read, so a collision is a miss, never a wrong answer. */
void
httpcache_key(const char *url, const char *ident, char out[17])
{
	const char *parts[3] = { url, ident != NULL ? ident : "", NULL };
	uint64_t h = 0xcbf29ce484222325ULL;
	const unsigned char *p;
	int i;

	for (i = 0; parts[i] != NULL; i++) {
		for (p = (const unsigned char *)parts[i]; *p != '\0'; p++) {
			h ^= *p;
			h *= 0x100000001b3ULL;
		}
		h ^= 0xff;
		h *= 0x100000001b3ULL;
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

void
httpcache_entry_done(struct httpcache_entry *e)
{
	free(e->etag);
	free(e->last_modified);
	buf_done(&e->body);
	memset(e, 0, sizeof *e);
}

/* Reads "name: value\n" at *pp; value malloc'd, NULL when empty. */
static int
read_field(char **pp, const char *end, const char *name, char **value)
{
	size_t nlen = strlen(name);
	char *p = *pp, *nl;

	if ((size_t)(end - p) < nlen + 2 || memcmp(p, name, nlen) != 0 ||
	    p[nlen] != ':' || p[nlen + 1] != ' ')
		return -1;
	p += nlen + 2;
	if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
		return -1;
	*value = nl > p ? xstrndup(p, (size_t)(nl - p)) : NULL;
	*pp = nl + 1;
	return 0;
}

/* A planted symlink or a fifo is a miss, never followed or waited on. */
static int
read_file(const char *path, size_t limit, struct buf *b, time_t *mtime)
{
	char chunk[65536];
	struct stat st;
	ssize_t n;
	int fd, rc = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW |
	    O_NONBLOCK)) < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -1;
	}
	*mtime = st.st_mtime;
	buf_init(b, limit);
	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		if (n == 0) {
			rc = 0;
			break;
		}
		if (buf_append(b, chunk, (size_t)n) != 0)
			break;
	}
	close(fd);
	if (rc != 0)
		buf_done(b);
	return rc;
}

int
httpcache_get(struct httpcache *c, const char *url, const char *ident,
    struct httpcache_entry *e)
{
	char key[17], *path, *p, *end, *u = NULL, *stored = NULL, *len = NULL;
	struct buf raw;
	unsigned long long blen;
	time_t mtime = 0;
	int rc = -1;

	memset(e, 0, sizeof *e);
	httpcache_key(url, ident, key);
	path = xasprintf("%s/%s", c->dir, key);
	if (read_file(path, c->max_entry + 4096, &raw, &mtime) != 0) {
		free(path);
		return -1;
	}
	e->mtime = mtime;
	p = raw.data;
	end = raw.data + raw.len;
	if (raw.len < sizeof CACHE_MAGIC - 1 ||
	    memcmp(p, CACHE_MAGIC, sizeof CACHE_MAGIC - 1) != 0)
		goto out;
	p += sizeof CACHE_MAGIC - 1;
	if (read_field(&p, end, "url", &u) != 0 || u == NULL ||
	    strcmp(u, url) != 0 ||
	    read_field(&p, end, "etag", &e->etag) != 0 ||
	    read_field(&p, end, "last-modified", &e->last_modified) != 0 ||
	    read_field(&p, end, "stored", &stored) != 0 || stored == NULL ||
	    read_field(&p, end, "length", &len) != 0 || len == NULL)
		goto out;
	blen = strtoull(len, NULL, 10);
	if (p >= end || *p != '\n' || blen != (unsigned long long)(end - p - 1))
		goto out;
	p++;
	e->stored = (time_t)strtoll(stored, NULL, 10);
	buf_init(&e->body, 0);
	if (buf_append(&e->body, p, (size_t)blen) != 0)
		goto out;
	rc = 0;
out:
	if (rc != 0)
		httpcache_entry_done(e);
	free(path);
	free(u);
	free(stored);
	free(len);
	buf_done(&raw);
	return rc;
}

/* Header values come from the network: keep them on one line. */
static int
one_line(const char *s)
{
	return s == NULL || strpbrk(s, "\r\n") == NULL;
}

/* No flock: each writer fills its own mkstemp file and rename(2) swaps it
 * in atomically, so a reader (thread or another console) holds either the
 * whole old inode or the whole new one; two writers of one key both store
 * a valid response and the last rename wins. A lock would add nothing but
 * a way for a stuck process to stall every console sharing the cache. */
int
httpcache_put(struct httpcache *c, const char *url, const char *ident,
    const char *etag, const char *last_modified, const void *body,
    size_t len)
{
	char key[17], *path, *tmp;
	struct buf head;
	int fd, rc = -1;

	if (len > c->max_entry || !one_line(url) || !one_line(etag) ||
	    !one_line(last_modified))
		return -1;
	httpcache_key(url, ident, key);
	path = xasprintf("%s/%s", c->dir, key);
	tmp = xasprintf("%s/.%s.XXXXXX", c->dir, key);
	buf_init(&head, 0);
	if (buf_printf(&head, "%surl: %s\netag: %s\nlast-modified: %s\n"
	    "stored: %lld\nlength: %zu\n\n", CACHE_MAGIC, url,
	    etag != NULL ? etag : "", last_modified != NULL ? last_modified : "",
	    (long long)time(NULL), len) != 0)
		goto out;
	if ((fd = mkstemp(tmp)) < 0)	/* mkstemp creates mode 0600 */
		goto out;
	if (fs_write_all(fd, head.data, head.len) != 0 ||
	    fs_write_all(fd, body, len) != 0 || fsync(fd) != 0) {
		close(fd);
		unlink(tmp);
		goto out;
	}
	close(fd);
	if (rename(tmp, path) != 0) {
		unlink(tmp);
		goto out;
	}
	rc = 0;
	cachetrim_added(c->trim, (long long)(head.len + len));
out:
	if (rc != 0)
		log_warn("cache: cannot store %s: %s", key, strerror(errno));
	buf_done(&head);
	free(path);
	free(tmp);
	return rc;
}

void
httpcache_touch(struct httpcache *c, const char *url, const char *ident,
    const struct httpcache_entry *e)
{
	char key[17], *path;

	if (time(NULL) - e->mtime < HTTPCACHE_TOUCH_S)
		return;
	httpcache_key(url, ident, key);
	path = xasprintf("%s/%s", c->dir, key);
	(void)utimensat(AT_FDCWD, path, NULL, AT_SYMLINK_NOFOLLOW);
	free(path);
}
