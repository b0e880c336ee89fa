/* source: the interface every data source implements, so that the app
 * wires, polls and stops all of them the same way (src/app/sources.c holds
 * the table of them). A source owns its config keys (a conf_table), makes
 * its state from the loaded config, adds its jobs to the scheduler, can
 * poll once on the calling thread (--once), can publish its last known
 * state from the disk cache at start, and frees what it made.
 *
 * Threads: every slot is called on the main thread, before sched_start or
 * after sched_stop, except what the source's own jobs do on workers. */
#ifndef OPSDECK_SOURCE_H
#define OPSDECK_SOURCE_H

#include <stdbool.h>

struct conf;
struct conf_table;
struct ghclient;
struct transport_shared;
struct sched;
struct store;
struct worker_ctx;

/* What every source is made with (borrowed; outlives the sources). */
struct source_env {
	const struct conf	*cfg;
	struct store		*store;
	struct transport_shared	*transport;	/* curl, timeouts, disk cache:
						 * no token, no budget; NULL
						 * when nothing needs it */
	struct ghclient		*github;	/* the GitHub client on it; NULL
						 * when the table has no need */
	const char		*cache_dir;	/* [core] cache-dir */
	long long		 cache_max_size; /* [cache] max-size, bytes */
	long			 cache_max_age_s; /* [cache] max-age */
	const char		*datadir;	/* fixtures of the demo */
};

struct source_ops {
	const char		*name;
	const struct conf_table	*conf;		/* its keys; may be NULL */
	/* Further tables of its keys (a named section's: [check "NAME"],
	 * [environment "NAME"]), NULL-terminated; may be NULL. */
	const struct conf_table	*const *conf_more;
	/* Whether cfg gives it something to watch by itself, without a
	 * [repo] ([check "NAME"] sections; not [environment "NAME"],
	 * which only says how to treat what a [repo] shows); may be NULL. */
	int	 (*watches)(const struct conf *);
	/* NULL with *cause (malloc'd) on error. */
	void	*(*create)(const struct source_env *, char **cause);
	/* Adds its jobs; 0 ok, -1 error. */
	int	 (*schedule)(void *, struct sched *);
	/* May be NULL. Paints the last known state, marked stale. */
	void	 (*publish_cached)(void *);
	/* May be NULL (a source that only answers requests). On the calling
	 * thread with its resources in ctx; 0 when everything was read. */
	int	 (*poll_once)(void *, struct worker_ctx *ctx);
	/* After sched_stop. Accepts NULL. */
	void	 (*free)(void *);
};

/* The one way a source publishes the API status (STORE_STATUS, key
 * "github"): the GitHub client's budget and token state, or with github
 * NULL (the demo) no budget and no token. Unless force, nothing is
 * published (nothing wakes) when the store already shows the same status.
 * Any thread. */
void	 source_publish_status(struct store *, struct ghclient *github,
	    bool force);

#endif
