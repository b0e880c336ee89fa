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

/* envsrc_target.c: a deploy target the user chose. */
struct env_target;
/* Whether ref may name a commit (a SHA, a branch, a tag): 0, or -1 with
 * *why (malloc'd). Pure. */
int	 envsrc_target_ref_ok(const char *ref, char **why);
/* ref (a full or short SHA, a branch or a tag) of repo to its full SHA:
 * the local clone when [repo] path has it, else GET .../commits/REF/
 * status; then what a deploy of it over from (may be NULL) ships (out)
 * and takes back out (back). GETs only. 0 with *t (env_target_done), or
 * -1 with *why (an unknown ref: "unknown ref: ..."). A worker thread. */
int	 envsrc_target(struct ghclient *, struct transport *,
	    const struct conf *cfg, const char *repo, const char *ref,
	    const char *from, struct env_target *t, char **why);

struct source_ops;
extern const struct source_ops envsrc_source;

#endif
