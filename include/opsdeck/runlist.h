/* runlist: what the pipelines pane lists, as rows: repositories, their
 * workflows and runs, filtered and sorted. Pure (no I/O, no ncurses), so
 * the order and the filter are tested without a terminal. Rows point into
 * the repo_runs they were built from: keep those alive while rows are. */
#ifndef OPSDECK_RUNLIST_H
#define OPSDECK_RUNLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "opsdeck/run.h"

struct rx;
struct rx_match;

enum runlist_kind { RL_REPO, RL_WORKFLOW, RL_RUN };

enum runlist_sort {
	RL_SORT_STATUS,		/* failing first; a workflow's runs newest
				 * first */
	RL_SORT_AGE,		/* newest first */
	RL_SORT_DURATION,	/* longest first */
	RL_SORT_COUNT
};

#define RUNLIST_TREND	20	/* runs in a workflow's trend */

struct runlist_trend {
	int		 nruns;		/* completed runs counted, <= 20 */
	int		 nsucceeded;
	long long	 seconds[RUNLIST_TREND];	/* oldest first */
};

struct runlist_row {
	enum runlist_kind	 kind;
	const struct repo_runs	*rr;
	const struct run	*run;	/* RL_RUN; RL_WORKFLOW: its latest */
	const char		*workflow; /* RL_WORKFLOW, RL_RUN */
	size_t			 nshown;   /* RL_REPO, RL_WORKFLOW: runs shown */
};

/* "!text" negates; matching is caseless PCRE2 over the repository,
 * workflow, run title, branch, actor, status/conclusion and verdict
 * word. */
struct runlist_filter {
	struct rx	*rx;		/* NULL: everything shown */
	struct rx_match	*md;
	bool		 negate;
	char		*text;		/* as typed */
};

/* -1 with *cause ("offset 3: missing closing parenthesis") when the
 * pattern does not compile; the filter is left as it was. "" clears. */
int	 runlist_filter_set(struct runlist_filter *, const char *text,
	    char **cause);
void	 runlist_filter_done(struct runlist_filter *);
bool	 runlist_match(const struct runlist_filter *, const struct repo_runs *,
	    const struct run *);

/* Rows for repos[0..n): a repository line each (with no run shown, only
 * when its name matches or there is no filter), then per workflow a
 * workflow line and its runs. Returns 0 (out of memory aborts); the int
 * stays so a test can make it fail (test_views wraps it). */
int	 runlist_build(const struct repo_runs *const *repos, size_t n,
	    const struct runlist_filter *, enum runlist_sort, time_t now,
	    struct runlist_row **rows, size_t *nrows);
/* The last RUNLIST_TREND completed runs of run's workflow in rr. */
void	 runlist_trend(const struct repo_runs *, const struct run *,
	    time_t now, struct runlist_trend *);
const char *runlist_sort_name(enum runlist_sort);

#endif
