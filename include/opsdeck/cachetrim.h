/* cachetrim: keeps a cache directory (the API answers of httpcache, the
 * job logs of sources/detail) under a size and an age, oldest files out
 * first. A full scan of the directory runs at start and then only when the
 * bytes added since the last scan may have crossed the cap, or once an
 * hour for the age: never a directory walk per request. Thread-safe. */
#ifndef OPSDECK_CACHETRIM_H
#define OPSDECK_CACHETRIM_H

#include <stddef.h>
#include <time.h>

struct cachetrim;

/* dir is borrowed for the trimmer's life. max_size in bytes, max_age in
 * seconds (both > 0). Scans once now. */
struct cachetrim *cachetrim_new(const char *dir, long long max_size,
		    long max_age_s);
void		 cachetrim_free(struct cachetrim **);
/* A file of n bytes was just added: scans (and evicts) when needed. */
void		 cachetrim_added(struct cachetrim *, long long n);
/* Scans now: removes regular files older than max_age, then the oldest
 * until the total is under 90 % of max_size. Names starting with '.'
 * (files being written) are neither counted nor removed. Returns the
 * number of files removed. */
int		 cachetrim_scan(struct cachetrim *);
/* The total size the last scan left plus what was added since. */
long long	 cachetrim_total(struct cachetrim *);

#endif
