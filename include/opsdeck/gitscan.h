/* gitscan: reads one local git repository with libgit2 (no subprocess):
 * a snapshot of branch, HEAD, work tree, branches and tags, and commit
 * ranges with the files they touch. Pure of any store or scheduler. */
#ifndef OPSDECK_GITSCAN_H
#define OPSDECK_GITSCAN_H

#include <stddef.h>
#include <time.h>

#include "opsdeck/gitrepo.h"

struct rx;

/* Default patterns of risky paths (migrations, infra, CI, lock files);
 * NULL-terminated. */
extern const char *const gitscan_default_risky[];

/* stale_days <= 0 means 30. On error returns -1 and sets *cause. */
int	gitscan_repo(const char *path, int stale_days, time_t now,
	    struct git_snapshot **out, char **cause);
/* The same, remembering ahead/behind per pair of tips in memo between
 * scans of one repository (one thread at a time), so that a rescan only
 * walks the history of the branches that moved. Gives up (-1, "scan
 * stopped") soon after *stop is set (sched_stop_flag; NULL: never): between
 * steps, every few thousand commits of a graph pass, between branch walks
 * and tags. One libgit2 call (a status, a merge-base walk) still runs to
 * its end. */
struct gitscan_memo;
struct gitscan_memo *gitscan_memo_new(void);
void	gitscan_memo_free(struct gitscan_memo **);
int	gitscan_repo_memo(const char *path, int stale_days, time_t now,
	    struct gitscan_memo *memo, const volatile int *stop,
	    struct git_snapshot **out, char **cause);
/* Commits reachable from to_sha and not from from_sha (from_sha may be
 * NULL), newest first, and the files they touch. A SHA missing from the
 * clone is an error ("commit X is not in the local clone"). */
int	gitscan_range(const char *path, const char *from_sha,
	    const char *to_sha, const struct rx *const *risky, size_t nrisky,
	    struct git_range **out, char **cause);
/* gitscan_commit.c: the commit ref names in the clone at path (a full or
 * short SHA, a branch, a tag, origin's branch of that name), into *out
 * (sha, subject, author, time; caller frees subject and author). -1 with
 * *cause when it names none. */
int	gitscan_commit(const char *path, const char *ref,
	    struct git_commit_info *out, char **cause);

#endif
