/* gitsrc: the local git source: a watcher job per clone that re-scans it
 * (gitscan) when its refs change and publishes the snapshot. */
#ifndef OPSDECK_GITSRC_H
#define OPSDECK_GITSRC_H

#include <stddef.h>
#include <time.h>

#include "opsdeck/conf.h"
#include "opsdeck/gitrepo.h"
#include "opsdeck/gitscan.h"
#include "opsdeck/source.h"

struct sched;
struct store;
struct gitsrc;

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
	struct conf_patterns	risky;	/* added to gitscan_default_risky */
};
extern const struct conf_table	gitsrc_conf_table;
/* The source interface (source.h): the [repo]s that have a path. */
extern const struct source_ops	gitsrc_source;

struct gitsrc	*gitsrc_new(struct store *, const struct gitsrc_opts *,
		    char **cause);
void		 gitsrc_free(struct gitsrc **);
/* Always 0 (the int is kept for callers that chain it). */
int		 gitsrc_add_repo(struct gitsrc *, const char *slug,
		    const char *path);
int		 gitsrc_schedule(struct gitsrc *, struct sched *);
/* Scans every repository now, on the calling thread (--once). */
void		 gitsrc_scan_all(struct gitsrc *);

#endif
