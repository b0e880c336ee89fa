/* gitgraph: ahead/behind of many tips against one base in a single pass
 * over the commit graph, for repositories with hundreds of branches where
 * one merge-base walk per branch costs seconds. Worker threads; the
 * repository handle is the caller's. */
#ifndef OPSDECK_GITGRAPH_H
#define OPSDECK_GITGRAPH_H

#include <stddef.h>

#include <git2.h>

/* For each tip i: ahead[i] commits reachable from it and not from base,
 * behind[i] the other way round, exactly as git_graph_ahead_behind counts
 * them. Walks every commit reachable from base or any tip once; gives up
 * (-1, nothing written) past max_commits commits or on any libgit2 error,
 * so that the caller can fall back to one walk per tip, and also as soon as
 * *stop (may be NULL: never) is set, every GITGRAPH_STOP_EVERY commits. */
#define GITGRAPH_STOP_EVERY	4096
int	 gitgraph_ahead_behind_many(git_repository *, const git_oid *base,
	    const git_oid *tips, size_t ntips, int *ahead, int *behind,
	    size_t max_commits, const volatile int *stop);

#endif
