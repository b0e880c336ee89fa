/* envstate: what the environments source publishes to STORE_ENV (key
 * "owner/name", data struct repo_envs) and the environments view, the
 * --once report and the actions read: a repository's environments in
 * promotion order, what each runs, how far behind it is, and what is in
 * flight. Immutable once published; plain data, any thread. Strings are
 * raw as GitHub sent them (the UI sanitises). */
#ifndef OPSDECK_ENVSTATE_H
#define OPSDECK_ENVSTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "opsdeck/deploy.h"

/* One environment of a repository. */
struct env_row {
	char		*name;
	/* What it runs: its newest deployment whose latest status is
	 * success (deploy_current); id 0 and sha NULL when none. */
	int64_t		 deployment_id;
	char		*sha;
	char		*ref;
	char		*creator;	/* who made that deployment */
	time_t		 deployed_at;	/* its success status, else created */
	int64_t		 run_id;	/* the Actions run behind it (its
					 * statuses' log_url); 0: none */
	/* The newest deployment's latest status (a failed deploy after
	 * the current one shows here); NULL when it has none. */
	char		*last_state;
	enum deploy_state last_kind;
	/* Commits it is behind the environment before it / the default
	 * branch's head; -1 unknown (no SHA on either side, or the compare
	 * failed). */
	int		 behind_prev;
	int		 behind_default;
	/* A deployment queued, pending or in progress, or a deploy run
	 * waiting for this environment: a deploy now is refused. */
	int64_t		 in_flight_deployment;	/* 0: none */
	int64_t		 in_flight_run;		/* 0: none */
	/* Its policy (envconf_policy), copied so the UI needs no config. */
	bool		 is_protected;
	bool		 readonly;
	char		*color;		/* NULL: default */
	bool		 configured;	/* named in [repo] environments */
	bool		 known;		/* GitHub's environments list it */
};

/* What a deploy from one SHA to another ships: the commits `to` has that
 * `from` lacks (a roll back reads it the other way: what comes back out)
 * and the risky paths they touch ([git] risky and the defaults). Lists
 * are bounded; count stays exact. */
#define ENV_DELTA_MAX_COMMITS	20
#define ENV_DELTA_MAX_RISKY	20
/* The rollback candidates of each environment a delta is computed for. */
#define ENV_ROLLBACK_DELTAS	3

struct env_commit {
	char		*sha;
	char		*subject;	/* first line */
	char		*author;
	time_t		 time;		/* 0: unknown */
};

struct env_delta {
	char		*from, *to;	/* full SHAs */
	int		 count;		/* commits; -1 unknown */
	struct env_commit *commits;	/* newest first, at most MAX */
	size_t		 ncommits;
	char		**risky;	/* sorted paths, at most MAX */
	size_t		 nrisky;
	size_t		 nfiles;	/* every path touched */
	bool		 risky_cut;	/* more risky paths than listed */
	bool		 files_known;	/* false: the compare had none */
	bool		 local;		/* from the local clone */
};

/* A deploy's chosen target (envsrc_target): the ref as typed, the full
 * SHA it names, its commit when known, and what deploying it over what
 * the environment runs ships (out) and takes back out (back). */
struct env_target {
	char		*ref;		/* as the user typed it */
	char		*sha;		/* the full SHA it names */
	struct env_commit commit;	/* sha NULL: not known */
	struct env_delta out;		/* from -> sha; count -1 unknown */
	struct env_delta back;		/* sha -> from; count -1 unknown */
	bool		 by_name;	/* a branch or tag, not a SHA */
	bool		 local;		/* resolved in the local clone */
};

struct repo_envs {
	char		*repo;
	char		*default_branch;	/* NULL: unknown */
	char		*head_sha;		/* its head; NULL: unknown */
	struct env_row	*envs;			/* promotion order */
	size_t		 nenvs;
	/* Every deployment read, newest first, with the statuses read for
	 * it (the rollback picker's input: deploy_rollback_candidates). */
	struct deployment *deps;
	size_t		 ndeps;
	/* What each deploy or roll back the dialogs offer would ship
	 * (repo_envs_delta). */
	struct env_delta *deltas;
	size_t		 ndeltas;
	bool		 behind_local;	/* counts from the local clone */
	bool		 stale;		/* last known data, not fresh */
	char		*error;		/* why not fresh, or a partial
					 * failure; NULL */
	time_t		 fetched_at;
};

/* The row of env, or NULL. Borrowed. */
const struct env_row *repo_envs_find(const struct repo_envs *,
	    const char *env);
/* The row before env in promotion order (what a deploy to env promotes
 * by default), or NULL for the first. Borrowed. */
const struct env_row *repo_envs_previous(const struct repo_envs *,
	    const char *env);
/* What a deploy to env ships by default: what the environment before it
 * runs, the default branch's head for the first; NULL when not known.
 * Borrowed. */
const char *repo_envs_target(const struct repo_envs *, const char *env);
/* Whether anything is in flight for env (deployment or deploy run). */
bool	 env_row_in_flight(const struct env_row *);
/* The Actions run id in a URL ".../actions/runs/ID[/...]", or 0. */
int64_t	 envstate_run_from_url(const char *url);

/* The delta from -> to, or NULL when none was computed. Borrowed. */
const struct env_delta *repo_envs_delta(const struct repo_envs *,
	    const char *from, const char *to);
/* The commit sha among the deltas' lists (for a target's subject), or
 * NULL. Borrowed. */
const struct env_commit *repo_envs_commit(const struct repo_envs *,
	    const char *sha);
void	 env_delta_done(struct env_delta *);
void	 env_delta_copy(struct env_delta *dst, const struct env_delta *src);

void	 env_target_done(struct env_target *);
void	 env_target_copy(struct env_target *dst, const struct env_target *src);

struct repo_envs *repo_envs_dup(const struct repo_envs *);
void	 env_row_done(struct env_row *);
void	 repo_envs_free(struct repo_envs **);	/* accepts NULL */
void	 repo_envs_free_void(void *);		/* a store free_fn */

#endif
