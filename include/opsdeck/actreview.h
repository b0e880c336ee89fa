/* actreview: what the action worker sends for ACTION_ID_APPROVE and
 * ACTION_ID_REJECT: one POST .../actions/runs/RUN/pending_deployments
 * for one environment. The environment's id, and whether this token may
 * review it, come from GitHub's last answer (STORE_APPROVALS), never from
 * the UI: a run no longer waiting there is refused before anything is
 * sent. Any thread; reads the store only. */
#ifndef OPSDECK_ACTREVIEW_H
#define OPSDECK_ACTREVIEW_H

struct action_request;
struct store;

/* The path and JSON body of req (repo, run_id, environment, reason the
 * comment); -1 with *why when it is refused. */
int	 actreview_build(struct store *, const struct action_request *req,
	    char **path, char **json, char **why);

#endif
