/* deploy: environments, deployments and their statuses, and the questions
 * the environments view and the rollback picker ask of them: the latest
 * status of a deployment, the SHA each environment runs, what is in flight,
 * and the earlier good deployments to roll back to. Plain data and pure
 * functions (no I/O, no globals): any thread. Strings are kept raw as
 * GitHub sent them; sanitising is the UI's job. */
#ifndef OPSDECK_DEPLOY_H
#define OPSDECK_DEPLOY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* A deployment status's state (GitHub's enum); anything else is OTHER and
 * shown verbatim from the raw string. */
enum deploy_state {
	DEPLOY_STATE_OTHER = 0,
	DEPLOY_STATE_ERROR,
	DEPLOY_STATE_FAILURE,
	DEPLOY_STATE_INACTIVE,
	DEPLOY_STATE_PENDING,
	DEPLOY_STATE_QUEUED,
	DEPLOY_STATE_IN_PROGRESS,
	DEPLOY_STATE_SUCCESS
};

/* The state a name means; NULL or unknown names are DEPLOY_STATE_OTHER. */
enum deploy_state deploy_state_parse(const char *);
/* Queued, pending or in progress: the deployment has not finished. */
bool	 deploy_state_active(enum deploy_state);

/* GET .../environments: one environment and its protection rules. */
struct environment {
	int64_t		 id;
	char		*name;
	char		*html_url;
	time_t		 created_at, updated_at;	/* 0: unknown */
	int		 wait_timer;		/* minutes; 0 without the rule */
	bool		 required_reviewers;
	bool		 prevent_self_review;
	bool		 branch_policy;
};

struct deployment_status {
	int64_t		 id;
	char		*state;			/* raw; see kind */
	enum deploy_state kind;
	char		*description;
	char		*environment;		/* NULL: the deployment's */
	char		*creator;		/* login, NULL when unknown */
	char		*log_url;
	char		*environment_url;
	time_t		 created_at, updated_at;
};

struct deployment {
	int64_t		 id;
	char		*sha;
	char		*ref;
	char		*task;
	char		*environment;
	char		*original_environment;
	char		*description;
	char		*creator;		/* login */
	time_t		 created_at, updated_at;
	bool		 production_environment;
	bool		 transient_environment;
	/* Attached with deployment_set_statuses (owned), newest first. */
	struct deployment_status *statuses;
	size_t		 nstatuses;
};

/* A compare (GET .../compare/BASE...HEAD): the commits going out (or, for
 * a roll back, coming back) and the files they touch. */
struct deploy_commit {
	char		*sha;
	char		*subject;		/* the message's first line */
	char		*author;		/* name, or login */
	time_t		 time;			/* author date; 0: unknown */
};

struct deploy_compare {
	char		*status;		/* ahead, behind, identical, diverged */
	int		 ahead_by, behind_by, total_commits;
	struct deploy_commit *commits;		/* oldest first, as GitHub sends */
	size_t		 ncommits;
	char		**files;		/* paths */
	size_t		 nfiles;
};

/* GET .../actions/runs/{id}/pending_deployments: one environment waiting
 * for a review. */
struct pending_deployment {
	int64_t		 environment_id;
	char		*environment;
	int		 wait_timer;		/* minutes */
	time_t		 wait_timer_started_at;	/* 0: not started */
	bool		 can_approve;		/* current_user_can_approve */
	char		*reviewers;	/* "octocat, @team"; NULL: none */
};

/* A review's state (GitHub's enum); anything else is OTHER, shown from
 * the raw string. */
enum approval_state {
	APPROVAL_OTHER = 0,
	APPROVAL_APPROVED,
	APPROVAL_REJECTED,
	APPROVAL_PENDING	/* a comment without a decision */
};

/* GET .../actions/runs/{id}/approvals: one review in a run's history. */
struct approval {
	char		*state;			/* raw; see kind */
	enum approval_state kind;
	char		*user;			/* login; NULL when unknown */
	char		*comment;		/* NULL when null */
	char		**environments;		/* names */
	size_t		 nenvironments;
};

/* The state a name means; NULL or unknown names are APPROVAL_OTHER. */
enum approval_state approval_state_parse(const char *);

/* Frees what the struct owns (not the struct) and zeroes it. NULL is fine. */
void	 environment_done(struct environment *);
void	 deployment_status_done(struct deployment_status *);
void	 deployment_done(struct deployment *);
/* Frees an array of n and its elements; NULL is fine. */
void	 environments_free(struct environment *, size_t n);
void	 deployment_statuses_free(struct deployment_status *, size_t n);
void	 deployments_free(struct deployment *, size_t n);
void	 deploy_compare_done(struct deploy_compare *);
void	 pending_deployments_free(struct pending_deployment *, size_t n);
void	 approval_done(struct approval *);
void	 approvals_free(struct approval *, size_t n);

/* A deep copy of an array of n deployments and their statuses (NULL when
 * n is 0); deployments_free. */
struct deployment *deployments_dup(const struct deployment *, size_t n);

/* Takes ownership of statuses (an array of n, from malloc), replacing and
 * freeing any attached before, and sorts them newest first. */
void	 deployment_set_statuses(struct deployment *,
	    struct deployment_status *statuses, size_t n);
/* The newest status (by created_at, then id), or NULL without statuses.
 * Borrowed. */
const struct deployment_status *deployment_latest_status(
	    const struct deployment *);
/* Whether the deployment ever reached success. */
bool	 deployment_ever_succeeded(const struct deployment *);
/* Success and nothing bad since: no failure or error status after its
 * last success ("inactive", what auto_inactive adds when a newer
 * deployment succeeds, is not bad). */
bool	 deployment_known_good(const struct deployment *);

/* Sorts deployments newest first (created_at, then id). */
void	 deploy_sort(struct deployment *, size_t n);

/* The deployment environment env runs: the newest deployment of env whose
 * latest status is success; NULL when none. Borrowed. */
const struct deployment *deploy_current(const struct deployment *, size_t n,
	    const char *env);
/* The newest deployment of env still queued, pending or in progress (a
 * deploy then is refused); NULL when none. Borrowed. */
const struct deployment *deploy_in_flight(const struct deployment *,
	    size_t n, const char *env);

/* One row of the rollback picker. */
struct deploy_candidate {
	const struct deployment *deployment;	/* borrowed */
	bool		 last_known_good;	/* deployment_known_good */
};

/* The earlier deployments of env to roll back to, newest first: older
 * than the current one, once successful, with a SHA other than the
 * current one's, one per SHA (the newest). Index 0 is the one to
 * preselect. *out is malloc'd (NULL when *nout is 0). Returns *nout. */
size_t	 deploy_rollback_candidates(const struct deployment *, size_t n,
	    const char *env, struct deploy_candidate **out, size_t *nout);

/* The environments in promotion order: the configured list when there is
 * one (nconfigured > 0), exactly; else the API's order followed by every
 * other environment seen in deployments, in their order (newest first
 * after deploy_sort). Names are borrowed from the arguments; *names is
 * malloc'd (NULL when empty). Duplicates are dropped. Returns *nnames. */
size_t	 deploy_env_order(const char *const *configured, size_t nconfigured,
	    const struct environment *, size_t nenvs,
	    const struct deployment *, size_t ndeps, const char ***names,
	    size_t *nnames);

#endif
