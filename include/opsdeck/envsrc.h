/* envsrc: the environments source. Per [repo], one scheduled job
 * reads GitHub's environments, the deployments of each (bounded), the
 * latest statuses up to the one each environment runs, the default
 * branch's head, how far each environment is behind the one before it and
 * the default branch (the local clone's history when the repo has a path,
 * else the compare API), and the deploy workflow's runs waiting for an
 * environment; it publishes a struct repo_envs (envstate.h) to STORE_ENV.
 * Every GET is conditional (a 304 costs nothing, and a poll of 304s that
 * changes nothing publishes nothing); a failure publishes the last data
 * marked stale with the reason, per repository. */
#ifndef OPSDECK_ENVSRC_H
#define OPSDECK_ENVSRC_H

struct conf;
struct ghclient;
struct store;
struct transport;

/* Bounds of one poll of one repository. */
#define ENVSRC_MAX_ENVS		20	/* environments shown */
#define ENVSRC_ENV_PAGES		3	/* of 100 environments */
#define ENVSRC_DEPLOYS_ALL	30	/* newest deployments, any env */
#define ENVSRC_DEPLOYS_PER_ENV	10	/* newest per environment */
#define ENVSRC_STATUS_WALK	6	/* newest deployments whose
						 * statuses are read, per
						 * environment */

struct envsrc;

/* cfg is borrowed and must outlive the source. NULL with *cause. */
struct envsrc *envsrc_new(struct ghclient *, struct store *,
	    const struct conf *cfg, char **cause);
void	 envsrc_free(struct envsrc **);
/* Every repository once, on the calling thread; 0 when all were read. */
int	 envsrc_poll_once(struct envsrc *, struct transport *);
/* The last state from the disk cache alone (no request), marked stale. */
void	 envsrc_publish_cached(struct envsrc *);

struct source_ops;
extern const struct source_ops envsrc_source;

#endif
