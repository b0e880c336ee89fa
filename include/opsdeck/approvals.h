/* approvals: the release approvals queue, what the approvals source
 * publishes to STORE_APPROVALS (key "owner/name", data struct
 * approval_queue): every run of the repository with status waiting, one
 * item per environment it waits for (GET .../pending_deployments), with
 * what approving it would ship. Immutable once published; plain data, any
 * thread. Strings are raw as GitHub sent them (the UI sanitises). */
#ifndef OPSDECK_APPROVALS_H
#define OPSDECK_APPROVALS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "opsdeck/envstate.h"

/* Bounds: waiting runs read per repository, items per queue. */
#define APPROVALS_MAX_RUNS	20
#define APPROVALS_MAX_ITEMS	64

struct approval_item {
	char		*repo;
	int64_t		 run_id;
	int		 run_number;
	char		*workflow;	/* the run's name */
	char		*title;		/* display_title */
	char		*head_sha, *head_branch;
	char		*actor;		/* who triggered the run */
	time_t		 waiting_since;	/* the run's updated_at */
	char		*environment;
	int64_t		 environment_id;
	int		 wait_timer;	/* minutes; 0 none */
	time_t		 wait_timer_started_at;	/* 0: not started */
	char		*reviewers;	/* "octocat, @team"; NULL */
	bool		 can_approve;	/* current_user_can_approve */
	/* What runs there now (the environments source's), and what
	 * approving ships: env_sha -> head_sha (count -1: not known). */
	char		*env_sha;
	struct env_delta delta;
};

struct approval_queue {
	char		*repo;
	struct approval_item *items;	/* oldest waiting first */
	size_t		 n;
	bool		 stale;		/* last known, not fresh */
	char		*error;		/* why not fresh; NULL */
	time_t		 fetched_at;
};

/* Why item cannot be approved or rejected by this token, or NULL when it
 * can. Static text. */
const char *approval_cannot(const struct approval_item *);
/* The item of repo/run/environment id in q, or NULL. Borrowed. */
const struct approval_item *approval_find(const struct approval_queue *,
	    int64_t run_id, int64_t environment_id);
/* Oldest waiting first, then run id, then environment. */
void	 approval_sort(struct approval_item *, size_t n);
void	 approval_item_copy(struct approval_item *dst,
	    const struct approval_item *src);
void	 approval_item_done(struct approval_item *);
void	 approval_queue_free(struct approval_queue **);	/* NULL fine */
void	 approval_queue_free_void(void *);		/* store free_fn */

#endif
