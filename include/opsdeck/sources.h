/* sources: the tables of sources the app runs (the live one: github, git,
 * detail; the demo's: demo alone) and the GitHub client the live sources
 * share. main.c names no source: it opens a table, and schedules, polls,
 * publishes from cache and frees whatever is in it. Main thread. */
#ifndef OPSDECK_SOURCES_H
#define OPSDECK_SOURCES_H

#include <stddef.h>

struct conf;
struct conf_table;
struct ghclient;
struct transport_shared;
struct sched;
struct store;
struct ui_sources;

struct sources_table;
extern const struct sources_table	sources_live;
/* --demo swaps the whole table: the demo replaces every live source (no
 * network, no token), rather than being one more row beside them. */
extern const struct sources_table	sources_demo;

/* Every config table: the app's and those of the sources of every table
 * (so a config file means the same in --demo). */
const struct conf_table *const *sources_conf_tables(size_t *n);

/* Whether a live source has something to watch in cfg even without a
 * [repo] (source_ops.watches: the health checks). */
int	 sources_watch(const struct conf *);

struct sources_opts {
	const char	*origin_host;	/* the default repo's remote host; NULL
					 * when [repo] sections name them */
	const char	*datadir;	/* the demo's fixtures */
	int		 token_timeout_ms;
};

struct sources;

/* Makes the GitHub client when the table needs one (the API base, checked
 * against origin_host; the token for that host) and then every source.
 * NULL with *cause on error: nothing was sent anywhere. */
struct sources	*sources_open(const struct sources_table *,
		    const struct conf *, struct store *,
		    const struct sources_opts *, char **cause);
/* How many workers the table's sources can use, of those configured: the
 * demo's one job needs a single thread. */
unsigned	 sources_workers(const struct sources *, unsigned configured);
/* The GitHub client; NULL in the demo. */
struct ghclient	*sources_github(struct sources *);
/* The transport, for the workers' contexts; NULL in the demo. */
struct transport_shared *sources_transport(struct sources *);
void		 sources_publish_cached(struct sources *);
/* Every source once, on this thread (--once). 0 when all were read. */
int		 sources_poll_once(struct sources *);
int		 sources_schedule(struct sources *, struct sched *);
/* What the panes may ask of the sources (NULL slots when none). */
void		 sources_ui(struct sources *, struct ui_sources *);
/* After sched_stop. Accepts NULL, sets NULL. */
void		 sources_free(struct sources **);

#endif
