/* governor: one request budget for every GitHub source (issue 16).
 *
 * GitHub's secondary limit counts every REST request, 304s included, across
 * the token. A repository with a run that stays queued is polled on the
 * fast interval; a hundred of them would send thousands of requests a
 * minute. The governor keeps the sum under max_rpm two ways:
 *
 * - stretching: each poller (a "slot": one source's job for one
 *   repository) reports the interval it wants and what a poll costs; when
 *   the sum of cost / interval over every slot exceeds the target rate,
 *   every interval is multiplied by the same factor (proportional, so no
 *   repository is starved and every one is still polled);
 * - admission: a token bucket (burst max_rpm / 10, refilled at the target
 *   rate) that a poll reserves its cost from before it starts; a poll
 *   that would overdraw is told when its turn comes (first come, first
 *   served), so the start-up burst of many repositories is spread too.
 *
 * Every request the GitHub client sends is spent from the bucket, so the
 * requests nobody schedules (a job log the user opened) count as well.
 * max_rpm 0 turns both off (the figures are still kept).
 *
 * The arithmetic is in pure functions (governor_*_pure) for the tests.
 * The struct is thread-safe: jobs call it from workers. */
#ifndef OPSDECK_GOVERNOR_H
#define OPSDECK_GOVERNOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct governor;

/* A token bucket, in requests; time in monotonic milliseconds. */
struct gov_bucket {
	double	 tokens;
	double	 cap;
	double	 per_ms;	/* refill rate */
	int64_t	 at_ms;		/* tokens are as of then */
};

/* What the status bar says. */
struct governor_view {
	bool	 stretched;	/* factor > 1 */
	double	 factor;
	size_t	 repos;		/* distinct repositories governed */
	int64_t	 interval_ms;	/* the fastest stretched interval */
	double	 demand_rpm;	/* wanted, before stretching */
	int	 max_rpm;
};

/* --- pure arithmetic --- */
/* The rate intervals are stretched to: what the bucket refills. */
double		 governor_target_rpm(int max_rpm);
double		 governor_burst(int max_rpm);
/* Requests a minute that n pollers want: sum of cost / interval. */
double		 governor_demand_rpm(const int64_t *want_ms, const double *cost,
		    size_t n);
/* >= 1: how much every interval is stretched; 1 when off (target 0). */
double		 governor_factor(double demand_rpm, double target_rpm);
int64_t		 governor_stretch(int64_t want_ms, double factor);
void		 gov_bucket_init(struct gov_bucket *, int max_rpm,
		    int64_t now_ms);
void		 gov_bucket_refill(struct gov_bucket *, int64_t now_ms);
/* Takes cost (the bucket may go below zero: a reservation); returns the
 * milliseconds until the reservation is covered, 0 when it is now. */
int64_t		 gov_bucket_reserve(struct gov_bucket *, double cost,
		    int64_t now_ms);
/* "governor: 100 repos, interval 20s" when stretched, else "". */
void		 governor_describe(const struct governor_view *, char *dst,
		    size_t size);

/* --- the shared state --- */
struct governor	*governor_new(int max_rpm);
void		 governor_free(struct governor **);
int		 governor_max_rpm(const struct governor *);
/* A poller of repo (copied) wanting want_ms at first; returns its slot. */
int		 governor_slot(struct governor *, const char *repo,
		    int64_t want_ms);
/* Before a poll: 0 to go now, else the milliseconds to wait (the turn is
 * kept: the next call after that time returns 0). */
int64_t		 governor_admit(struct governor *, int slot);
/* After a poll that sent nreq requests and wants to run again in
 * want_ms: the delay to use (stretched, unless nreq is 0: a wait for a
 * rate limit is kept as it is). Also for --once (no admit). */
int64_t		 governor_done(struct governor *, int slot, int64_t want_ms,
		    unsigned nreq);
/* One request sent (the GitHub client calls it for every request). */
void		 governor_spend(struct governor *, unsigned n);
void		 governor_view(struct governor *, struct governor_view *);

#endif
