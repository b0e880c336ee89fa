/* ghparse_deploy: GitHub's environments, deployments, deployment statuses,
 * compare, pending deployments, review history and workflow-dispatch
 * bodies (bytes) to the models of deploy.h. Pure functions: no I/O, no
 * globals, any thread; unit-tested from the official examples and fuzzed.
 * Types are strict (an id is a JSON integer, never a real or a string),
 * lists are bounded, and strings are kept raw (sanitising is the UI's
 * job). On bad input they return -1, set *cause (malloc'd; says what and
 * where, e.g. "[2].created_at: bad date-time"); appending functions then
 * keep what they had, the others leave their output zeroed (nothing to
 * free). */
#ifndef OPSDECK_GHPARSE_DEPLOY_H
#define OPSDECK_GHPARSE_DEPLOY_H

#include <stddef.h>
#include <stdint.h>

#include "opsdeck/deploy.h"

/* At most this many items from one body (GitHub pages hold 100). */
#define GHPARSE_DEPLOY_MAX_ITEMS	1000
/* GitHub's compare lists at most 250 commits and 300 files. */
#define GHPARSE_DEPLOY_MAX_COMMITS	250
#define GHPARSE_DEPLOY_MAX_FILES	300
/* Environments named by one review (more are dropped). */
#define GHPARSE_DEPLOY_MAX_REVIEW_ENVS	64

/* GET .../environments: {"total_count", "environments": [...]}. Appends to
 * *envs and *n (caller frees with environments_free). */
int	 ghparse_environments(const char *body, size_t len,
	    struct environment **envs, size_t *n, long *total_count,
	    char **cause);
/* GET .../deployments (a bare array), and the 200 of POST
 * .../pending_deployments. Appends, without statuses. */
int	 ghparse_deployments(const char *body, size_t len,
	    struct deployment **deps, size_t *n, char **cause);
/* One deployment (GET .../deployments/{id}, the 201 of POST
 * .../deployments) into *out (caller's deployment_done). */
int	 ghparse_deployment(const char *body, size_t len,
	    struct deployment *out, char **cause);
/* GET .../deployments/{id}/statuses (a bare array). Appends. */
int	 ghparse_deployment_statuses(const char *body, size_t len,
	    struct deployment_status **sts, size_t *n, char **cause);
/* One status (the 201 of POST .../statuses) into *out. */
int	 ghparse_deployment_status(const char *body, size_t len,
	    struct deployment_status *out, char **cause);
/* GET .../compare/BASE...HEAD into *out (caller's deploy_compare_done). */
int	 ghparse_compare(const char *body, size_t len,
	    struct deploy_compare *out, char **cause);
/* GET .../actions/runs/{id}/pending_deployments (a bare array). Appends
 * (caller's pending_deployments_free). */
int	 ghparse_pending_deployments(const char *body, size_t len,
	    struct pending_deployment **p, size_t *n, char **cause);
/* GET .../actions/runs/{id}/approvals, a run's review history (a bare
 * array, oldest first as GitHub sends it). Appends (caller's
 * approvals_free). */
int	 ghparse_approvals(const char *body, size_t len,
	    struct approval **a, size_t *n, char **cause);
/* The answer of POST .../dispatches: 204 with no body gives *run_id 0;
 * 200 {"workflow_run_id", ...} gives the new run's id. */
int	 ghparse_dispatch(const char *body, size_t len, int64_t *run_id,
	    char **cause);

#endif
