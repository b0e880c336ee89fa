/* gitsrc: reads local git repositories with libgit2 (no subprocess). */
#ifndef OPSDECK_GITSRC_H
#define OPSDECK_GITSRC_H

#include <stddef.h>
#include <time.h>

#include "opsdeck/conf.h"
#include "opsdeck/gitrepo.h"
#include "opsdeck/source.h"

struct rx;
struct sched;
struct store;
struct gitsrc;

/* Default patterns of risky paths (migrations, infra, CI, lock files);
 * NULL-terminated. */
extern const char *const gitsrc_default_risky[];

/* stale_days <= 0 means 30. On error returns -1 and sets *cause. */
int	gitsrc_scan(const char *path, int stale_days, time_t now,
	    struct git_snapshot **out, char **cause);
/* The same, remembering ahead/behind per pair of tips in memo between
 * scans of one repository (one thread at a time), so that a rescan only
 * walks the history of the branches that moved. Gives up (-1, "scan
 * stopped") soon after *stop is set (sched_stop_flag; NULL: never): between
 * steps, every few thousand commits of a graph pass, between branch walks
 * and tags. One libgit2 call (a status, a merge-base walk) still runs to
 * its end. */
struct gitsrc_memo;
struct gitsrc_memo *gitsrc_memo_new(void);
void	gitsrc_memo_free(struct gitsrc_memo **);
int	gitsrc_scan_memo(const char *path, int stale_days, time_t now,
	    struct gitsrc_memo *memo, const volatile int *stop,
	    struct git_snapshot **out, char **cause);
/* Commits reachable from to_sha and not from from_sha (from_sha may be
 * NULL), newest first, and the files they touch. A SHA missing from the
 * clone is an error ("commit X is not in the local clone"). */
int	gitsrc_range(const char *path, const char *from_sha,
	    const char *to_sha, const struct rx *const *risky, size_t nrisky,
	    struct git_range **out, char **cause);

struct gitsrc_opts {
	int		 stale_days;	/* <= 0: 30 */
	const char *const *risky;	/* extra patterns, added to the defaults */
	size_t		 nrisky;
};

/* Watcher: one sched job per repository, re-scanning when HEAD, index,
 * packed-refs or refs/ changed (and at least every GITSRC_RESCAN_S, for
 * edits in the work tree and branches turning stale), publishing a
 * struct git_snapshot to STORE_GIT under the slug (error set when the scan
 * failed). With commits to push, the snapshot lists the files they touch,
 * risky ones flagged. Free the gitsrc only after sched_stop(). */
#define GITSRC_RESCAN_S	30

/* [git] keys: gitsrc_conf_table. */
struct gitsrc_conf {
	int			stale_days;
	struct conf_patterns	risky;	/* added to gitsrc_default_risky */
};
extern const struct conf_table	gitsrc_conf_table;
/* The source interface (source.h): the [repo]s that have a path. */
extern const struct source_ops	gitsrc_source;

struct gitsrc	*gitsrc_new(struct store *, const struct gitsrc_opts *,
		    char **cause);
void		 gitsrc_free(struct gitsrc **);
int		 gitsrc_add_repo(struct gitsrc *, const char *slug,
		    const char *path);
int		 gitsrc_schedule(struct gitsrc *, struct sched *);
/* Scans every repository now, on the calling thread (--once). */
void		 gitsrc_scan_all(struct gitsrc *);

#endif
