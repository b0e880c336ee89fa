/* github: polls the Actions runs (and the jobs of the runs that matter) of
 * each repository and publishes struct repo_runs to STORE_PIPELINES and the
 * API budget to STORE_STATUS ("github"). Only GET is ever sent here.
 *
 * Each repository is one scheduled job, so no repository is polled twice
 * at once. Polling is adaptive: the configured interval, the fast interval
 * while a run is not completed, X-Poll-Interval as a floor, exponential
 * backoff with jitter on errors, and rate limits waited out (all repos
 * share the token, so a rate limit stops every job until it lifts).
 * A poll whose answers are all 304 and that changes nothing shown (data,
 * error, staleness, the budget in the header) publishes nothing: no store
 * generation moves and nothing wakes the UI, except that fresh data is
 * republished once it is refresh_age_s old, so that the header's data age
 * ("<1m") stays true. */
#ifndef OPSDECK_GITHUB_H
#define OPSDECK_GITHUB_H

#include <stdbool.h>
#include <time.h>

#include "opsdeck/conf.h"
#include "opsdeck/source.h"

struct ghclient;
struct repo_runs;
struct run;
struct transport;
struct sched;
struct store;

/* [github] keys (and the poll intervals of [ui]): github_conf_table. The
 * client keys (api-url to enterprise-hosts) are read by the app to make
 * the GitHub client that github and detail share. */
struct github_conf {
	char	*api_url;	/* default https://api.github.com */
	char	*api_version;	/* X-GitHub-Api-Version */
	char	*token_command;	/* argv as one string, no shell; NULL */
	char	*enterprise_hosts; /* GHES hosts an origin may name; NULL */
	int	 connect_timeout_s;
	int	 timeout_s;
	int	 per_page;
	int	 allow_insecure;	/* http:// to a non-loopback host */
	int	 log_timeout_s;	/* a job log's total download time */
	int	 max_requests_per_minute; /* the governor's budget; 0 = off */
	int	 max_connections; /* in flight to the API at once */
	int	 active_max_age_s; /* a run older than this is settled */
	int	 interval_s;	/* [ui] interval: a repository's default */
	int	 fast_interval_s; /* [ui] fast-interval: while a run is on */
};

extern const struct conf_table	github_conf_table;
/* The runs of every [repo], on the GitHub client of source_env. */
extern const struct source_ops	github_source;

struct github_opts {
	int	 per_page;		/* runs per poll, 1..100 */
	int	 max_jobs_fetch;	/* jobs lists fetched per poll (5) */
	int	 max_run_pages;		/* runs pages followed by Link (1) */
	int	 min_secondary_wait_s;	/* floor for secondary limits (60) */
	int	 once_retries;		/* --once: retries of 5xx/transport */
	int	 once_retry_ms;		/* --once: first retry delay */
	int	 refresh_age_s;		/* an unchanged poll republishes
					 * data shown this old (25) */
	int	 active_max_age_s;	/* a run not updated for this long
					 * is settled (3600) */
};

struct github;

struct github	*github_new(struct ghclient *, struct store *,
		    const struct github_opts *, char **cause);
void		 github_free(struct github **);
int		 github_add_repo(struct github *, const char *slug,
		    int interval_s, int fast_interval_s);
/* Adds one job per repository; call before or after sched_start. */
int		 github_schedule(struct github *, struct sched *);
/* Publishes each repository's last known state from the disk cache,
 * marked stale ("cached"), so the first screen is not empty. */
void		 github_publish_cached(struct github *);
/* Polls every repository once, serially, on the calling thread (--once).
 * Returns 0 when every repository was read, -1 otherwise. */
int		 github_poll_once(struct github *, struct transport *);
/* Whether r keeps its repository on the fast interval at now: not
 * completed, and updated within max_age_s (else it is settled). */
bool		 github_run_active(const struct run *, time_t now,
		    long max_age_s);
/* The interval (s) a repository wants before the governor stretches it:
 * fast_s while one of its runs is active, else interval_s. */
int		 github_want_interval(const struct repo_runs *, int interval_s,
		    int fast_s, long max_age_s, time_t now);

#endif
