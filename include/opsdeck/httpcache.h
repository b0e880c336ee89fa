/* httpcache: the on-disk cache of GET responses that carry an ETag or
 * Last-Modified, keyed by URL + token identity + Accept. Directory 0700,
 * files 0600, each written to a temporary file, fsync'd and renamed, so
 * several consoles (threads or processes) can share it: a reader sees a
 * whole old entry or a whole new one. A corrupt entry is a miss, and so is
 * anything but a regular file (a planted symlink is never followed). The
 * directory is kept under max_size bytes and max_age seconds, oldest
 * entries out first (cachetrim.h). */
#ifndef OPSDECK_HTTPCACHE_H
#define OPSDECK_HTTPCACHE_H

#include <stddef.h>
#include <time.h>

#include "opsdeck/buf.h"

struct httpcache;

struct httpcache_entry {
	char	*etag;		/* NULL if none */
	char	*last_modified;	/* NULL if none */
	time_t	 stored;
	time_t	 mtime;		/* of the file, for httpcache_touch */
	struct buf body;
};

/* dir is created (with parents) mode 0700 and trimmed now. NULL with
 * *cause on failure. */
struct httpcache *httpcache_new(const char *dir, size_t max_entry,
	    long long max_size, long max_age_s, char **cause);
void	 httpcache_free(struct httpcache **);
/* 0 hit (e filled, caller calls httpcache_entry_done), -1 miss. */
int	 httpcache_get(struct httpcache *, const char *url, const char *ident,
	    struct httpcache_entry *e);
/* 0 stored, -1 not (logged; a cache that cannot write is not an error). */
int	 httpcache_put(struct httpcache *, const char *url, const char *ident,
	    const char *etag, const char *last_modified, const void *body,
	    size_t len);
void	 httpcache_entry_done(struct httpcache_entry *);
/* A 304 confirmed e: an entry still in use is not the oldest (its file's
 * mtime moves forward, at most once a day). */
void	 httpcache_touch(struct httpcache *, const char *url, const char *ident,
	    const struct httpcache_entry *e);
/* The file name used for a key (16 hex digits); for tests. */
void	 httpcache_key(const char *url, const char *ident, char out[17]);

#endif
