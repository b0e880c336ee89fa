/* actreview: the request of an approval or a rejection of one pending
 * deployment (actreview.h), for the action worker. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "opsdeck/action.h"
#include "opsdeck/actreview.h"
#include "opsdeck/actworker.h"
#include "opsdeck/approvals.h"
#include "opsdeck/store.h"
#include "opsdeck/xalloc.h"

int
actworker_review(const char *repo, int64_t run_id, int64_t environment_id,
    bool approve, const char *comment, char **path, char **json)
{
	json_t *body;

	*path = xasprintf("/repos/%s/actions/runs/%" PRId64
	    "/pending_deployments", repo, run_id);
	body = json_pack("{s:[I], s:s, s:s}", "environment_ids",
	    (json_int_t)environment_id, "state", approve ? "approved" :
	    "rejected", "comment", comment != NULL ? comment : "");
	*json = body != NULL ? json_dumps(body, JSON_COMPACT |
	    JSON_PRESERVE_ORDER) : NULL;
	json_decref(body);
	if (*json == NULL) {
		free(*path);
		*path = NULL;
		return -1;
	}
	return 0;
}

/* An approval or rejection of one pending deployment: the environment
 * id and whether this token may review it come from what GitHub last
 * said (STORE_APPROVALS), never from the UI. */
int
actreview_build(struct store *store, const struct action_request *req,
    char **path, char **json, char **why)
{
	const struct action_def *d = action_def(req->id);
	struct snapset *set = store_acquire(store, STORE_APPROVALS);
	const struct approval_queue *q = snapset_find_data(set, req->repo);
	const struct approval_item *it = NULL;
	const char *cannot;
	size_t i;
	int rv = -1;

	for (i = 0; q != NULL && i < q->n && it == NULL; i++) {
		if (q->items[i].run_id == req->run_id &&
		    strcmp(q->items[i].environment, req->environment) == 0)
			it = &q->items[i];
	}
	if (it == NULL)
		*why = xasprintf("%s: run %" PRId64 " is not waiting for %s "
		    "(as GitHub last said)", d->name, req->run_id,
		    req->environment);
	else if ((cannot = approval_cannot(it)) != NULL)
		*why = xasprintf("%s refused: %s", d->name, cannot);
	else if (actworker_review(req->repo, req->run_id, it->environment_id,
	    req->id == ACTION_ID_APPROVE, req->reason, path, json) != 0)
		*why = xasprintf("%s: the comment cannot be sent", d->name);
	else
		rv = 0;
	store_release(&set);
	return rv;
}

