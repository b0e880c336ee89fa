/* cachetrim: the size and age bound of a cache directory. A running total
 * (from the last scan plus the bytes added since) decides when a scan is
 * worth its directory walk; a scan removes what is too old, then the
 * oldest files until 90 % of the cap, so the next scan is far off. */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "opsdeck/cachetrim.h"
#include "opsdeck/log.h"
#include "opsdeck/xalloc.h"

#define CACHETRIM_AGE_EVERY_S	3600

struct cachetrim {
	const char	*dir;
	long long	 max_size;
	long		 max_age_s;
	pthread_mutex_t	 lock;		/* guards total and last_scan */
	long long	 total;
	time_t		 last_scan;
};

struct cachetrim_file {
	char		*name;
	time_t		 mtime;
	long long	 size;
};

struct cachetrim *
cachetrim_new(const char *dir, long long max_size, long max_age_s)
{
	struct cachetrim *ct;

	ct = xcalloc(1, sizeof *ct);
	ct->dir = dir;
	ct->max_size = max_size > 0 ? max_size : 200LL * 1000 * 1000;
	ct->max_age_s = max_age_s > 0 ? max_age_s : 30L * 86400;
	pthread_mutex_init(&ct->lock, NULL);
	(void)cachetrim_scan(ct);
	return ct;
}

void
cachetrim_free(struct cachetrim **ctp)
{
	if (ctp == NULL || *ctp == NULL)
		return;
	pthread_mutex_destroy(&(*ctp)->lock);
	free(*ctp);
	*ctp = NULL;
}

static int
cachetrim_older(const void *a, const void *b)
{
	const struct cachetrim_file *x = a, *y = b;

	if (x->mtime != y->mtime)
		return x->mtime < y->mtime ? -1 : 1;
	return strcmp(x->name, y->name);
}

int
cachetrim_scan(struct cachetrim *ct)
{
	struct cachetrim_file *files = NULL;
	struct dirent *de;
	struct stat st;
	time_t now = time(NULL);
	long long total = 0, keep = ct->max_size / 10 * 9;
	size_t n = 0, cap = 0, i;
	int removed = 0;
	DIR *dp;

	if ((dp = opendir(ct->dir)) == NULL)
		return 0;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.' || fstatat(dirfd(dp), de->d_name, &st,
		    AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (now - st.st_mtime > ct->max_age_s) {
			if (unlinkat(dirfd(dp), de->d_name, 0) == 0)
				removed++;
			continue;
		}
		if (n == cap) {
			cap = cap != 0 ? cap * 2 : 64;
			files = xreallocarray(files, cap, sizeof *files);
		}
		files[n].name = xstrdup(de->d_name);
		files[n].mtime = st.st_mtime;
		files[n].size = (long long)st.st_size;
		total += files[n].size;
		n++;
	}
	if (total > ct->max_size) {
		qsort(files, n, sizeof *files, cachetrim_older);
		for (i = 0; i < n && total > keep; i++) {
			if (unlinkat(dirfd(dp), files[i].name, 0) == 0) {
				total -= files[i].size;
				removed++;
			}
		}
	}
	closedir(dp);
	for (i = 0; i < n; i++)
		free(files[i].name);
	free(files);
	if (removed > 0)
		log_info("cache %s: %d old files removed", ct->dir, removed);
	pthread_mutex_lock(&ct->lock);
	ct->total = total;
	ct->last_scan = now;
	pthread_mutex_unlock(&ct->lock);
	return removed;
}

void
cachetrim_added(struct cachetrim *ct, long long n)
{
	bool due;

	pthread_mutex_lock(&ct->lock);
	ct->total += n;
	/* A rewritten entry counts twice until the next scan: that only
	 * brings the scan forward. */
	due = ct->total > ct->max_size ||
	    time(NULL) - ct->last_scan >= CACHETRIM_AGE_EVERY_S;
	if (due)
		ct->last_scan = time(NULL);	/* one scanner at a time */
	pthread_mutex_unlock(&ct->lock);
	if (due)
		(void)cachetrim_scan(ct);
}

long long
cachetrim_total(struct cachetrim *ct)
{
	long long t;

	pthread_mutex_lock(&ct->lock);
	t = ct->total;
	pthread_mutex_unlock(&ct->lock);
	return t;
}
