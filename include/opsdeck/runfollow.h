/* runfollow: following the workflow run a deploy's workflow_dispatch
 * started. GitHub answers a dispatch with 204 and no body (200 with the
 * run's id only where return_run_details is understood), so the run is
 * found among the workflow's runs: the newest one with event
 * workflow_dispatch on the dispatched ref (head_branch), created at or
 * after the dispatch time minus a clock-skew margin, and not one known
 * before the dispatch. Then it is followed by id until it completes.
 * Both phases are bounded in time.
 *
 * Pure logic: the caller does the GETs (runfollow_path) and hands the
 * answers back (runfollow_feed); no I/O, no globals, any one thread. */
#ifndef OPSDECK_RUNFOLLOW_H
#define OPSDECK_RUNFOLLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct run;

/* A run created this long before the dispatch (by GitHub's clock) still
 * counts: the two clocks disagree a little. */
#define RUNFOLLOW_SKEW_S	60
/* Give up finding the run after this long. */
#define RUNFOLLOW_FIND_S	(3 * 60)
/* Give up following it after this long (from when it was found). */
#define RUNFOLLOW_FOLLOW_S	(2 * 3600)
/* Between two GETs. */
#define RUNFOLLOW_POLL_S	5
/* Run ids remembered as "known before the dispatch". */
#define RUNFOLLOW_KNOWN_MAX	64

enum runfollow_state {
	RUNFOLLOW_FINDING,	/* GETting the workflow's runs */
	RUNFOLLOW_FOLLOWING,	/* GETting the run by id */
	RUNFOLLOW_COMPLETED,	/* over: status completed */
	RUNFOLLOW_NOT_FOUND,	/* over: no run within RUNFOLLOW_FIND_S */
	RUNFOLLOW_GAVE_UP,	/* over: not completed in RUNFOLLOW_FOLLOW_S */
};

struct runfollow {
	char		*repo;		/* owner/name */
	char		*workflow;	/* id or file name */
	char		*ref;		/* the dispatch's ref */
	char		*what;		/* "deploy of production" */
	time_t		 dispatched;	/* when the dispatch was sent */
	time_t		 found;		/* when the run was known; 0 */
	time_t		 next;		/* the next GET is due then */
	int64_t		 known[RUNFOLLOW_KNOWN_MAX];
	size_t		 nknown;
	int64_t		 run_id;	/* 0 while finding */
	char		*status;	/* the run's, as GitHub said; NULL */
	char		*conclusion;
	char		*error;		/* the last GET's failure; NULL */
	enum runfollow_state state;
};

/* Starts finding the run of a dispatch sent at dispatched. what names
 * the action in messages. Strings are copied. */
void	 runfollow_init(struct runfollow *, const char *repo,
	    const char *workflow, const char *ref, const char *what,
	    time_t dispatched);
void	 runfollow_done(struct runfollow *);
/* A run id that existed before the dispatch: never the one found. */
void	 runfollow_know(struct runfollow *, int64_t run_id);
/* The dispatch's answer named the run (200): follow it at once. */
void	 runfollow_set_run(struct runfollow *, int64_t run_id, time_t now);

/* The dispatched run among runs (any order), or NULL: see the top. */
const struct run *runfollow_pick(const struct runfollow *,
	    const struct run *runs, size_t n);

/* The API path of the next GET (malloc'd): the workflow's runs
 * (?event=workflow_dispatch&branch=REF&per_page=20) while finding, the
 * run itself while following. */
char	*runfollow_path(const struct runfollow *);
/* The answer to that GET (its HTTP status, 0 for none, and body).
 * Returns 1 when what the user should read changed (found, a new status,
 * completed, an error that was not there), 0 otherwise. A failed GET is
 * kept in error and tried again at the next poll. */
int	 runfollow_feed(struct runfollow *, long http_status,
	    const char *body, size_t len, time_t now);
/* Applies the deadlines at now: 1 when that just ended the follow. */
int	 runfollow_tick(struct runfollow *, time_t now);
/* Whether it is over (completed, not found, gave up). */
bool	 runfollow_over(const struct runfollow *);
/* Whether a completed run concluded success. */
bool	 runfollow_succeeded(const struct runfollow *);
/* One line for the status bar, sanitised: "deploy of production: run
 * 1234 in_progress", "... completed, success", "... no run found for
 * the dispatch after 3 min". */
void	 runfollow_message(const struct runfollow *, char *dst, size_t size);

#endif
