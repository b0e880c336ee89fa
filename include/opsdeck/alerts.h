/* alerts: which events are news, the pure part of the notifications (the
 * terminal bell, OSC 9 and OSC 777; src/ui/notify.c delivers them). Given
 * the previous and the current store snapshots of the domains it reads,
 * it says what happened in between:
 *
 *  - run-failed: a watched production run completed failed (failure,
 *    timed_out, startup_failure). A run is watched when its repository's
 *    environments (STORE_ENV) include a protected one and the run either
 *    ran on the repository's default branch, or is, or is of the same
 *    workflow as, a run behind a protected environment (the run of its
 *    current or in-flight deployment, or a run waiting for its approval):
 *    alerts_run_watched.
 *  - health-crit: a health check's shown state went to crit from a
 *    checked, non-crit state.
 *  - approval: a pending deployment this token may review
 *    (current_user_can_approve, approval_cannot) appeared.
 *
 * Each event once: only a change between the two snapshots counts, so a
 * run that stays failed or a check that stays crit says nothing again.
 * What already was at start-up is no news: a repository, a check or a
 * queue with no previous snapshot that was ever read (its first publish,
 * or only a stale placeholder before it: fetched_at or checked_at 0)
 * gives nothing; a failed run
 * not in the previous list counts only when it was updated at or after
 * `since` (the console's start), and an approval only when its run started
 * waiting then or later, so a cached or partial list followed by a fresh
 * one does not bring back what was there before.
 *
 * The environments come from the environments source, which reads a
 * repository whose [repo] names environments, a deploy-workflow or a
 * deploy-command, or when an [environment] section applies to it
 * (envconf_wanted): without them no run is watched. Plain data, no I/O:
 * any thread. */
#ifndef OPSDECK_ALERTS_H
#define OPSDECK_ALERTS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

enum alert_kind {
	ALERT_RUN_FAILED,
	ALERT_HEALTH_CRIT,
	ALERT_APPROVAL,
	ALERT_KINDS
};

#define ALERT_BIT(k)	(1u << (k))
#define ALERT_ALL	((1u << ALERT_KINDS) - 1)

/* One event. title and body are raw remote text (repository names, run
 * titles): whoever writes them to a terminal sanitises them. */
struct alert {
	enum alert_kind	 kind;
	char		*title;		/* "run failed" */
	char		*body;		/* "octo/svc: CI #12 failed on main" */
};

/* The snapshot sets alerts reads (store_acquire of STORE_PIPELINES,
 * STORE_ENV, STORE_HEALTH, STORE_APPROVALS); any may be NULL (nothing
 * known yet). Borrowed. */
struct snapset;
struct alerts_view {
	const struct snapset	*runs;
	const struct snapset	*envs;
	const struct snapset	*health;
	const struct snapset	*approvals;
};

/* The events in cur that are new since prev (prev NULL: start-up, none),
 * of the kinds in mask (ALERT_BIT). *out gets a malloc'd array (NULL for
 * none); returns how many. */
size_t	 alerts_diff(const struct alerts_view *prev,
	    const struct alerts_view *cur, time_t since, unsigned mask,
	    struct alert **out);
void	 alerts_free(struct alert *, size_t n);

/* Whether run r of rr is a watched production run (the rule above). env
 * and q (the repository's environments and approval queue) may be NULL. */
struct run;
struct repo_runs;
struct repo_envs;
struct approval_queue;
bool	 alerts_run_watched(const struct run *r, const struct repo_runs *rr,
	    const struct repo_envs *env, const struct approval_queue *q);

/* "run-failed health-crit approval" (blank-separated, any order) into a
 * mask; "" or "none" is 0. 0, or -1 with *why (malloc'd) naming the
 * word. */
int	 alerts_events_parse(const char *s, unsigned *mask, char **why);
/* "run-failed" ... */
const char *alerts_kind_name(enum alert_kind);

#endif
