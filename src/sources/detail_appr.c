/* detail_appr: a run's review history (GET .../actions/runs/ID/approvals),
 * fetched with the run's jobs so the run view can say who approved or
 * rejected what. It is a side dish: any failure here stays in its own
 * message ("approvals: not available" for a 404/403) and never turns the
 * jobs into an error. Conditional (ETag), so asking again costs a 304. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "opsdeck/deploy.h"
#include "opsdeck/detailmodel.h"
#include "opsdeck/ghclient.h"
#include "opsdeck/ghparse_deploy.h"
#include "opsdeck/xalloc.h"

#include "detail_int.h"

/* What a failed answer means for the history, into res->appr_error. */
static void
detail_appr_error(struct detail *d, const struct ghclient_response *r,
    enum ghclient_class k, struct detail_result *res)
{
	struct detail_result tmp;

	if (k == GHCLIENT_NOT_FOUND || k == GHCLIENT_AUTH) {
		/* GHES without the endpoint, or a token without Actions:
		 * read on it: nothing to show, not something to fix. */
		snprintf(res->appr_error, sizeof res->appr_error,
		    "approvals: not available");
		return;
	}
	/* A rate limit still sets the shared wait; the jobs keep theirs. */
	memset(&tmp, 0, sizeof tmp);
	detail_http_error(d, r, k, "approvals", &tmp);
	snprintf(res->appr_error, sizeof res->appr_error, "%s", tmp.error);
}

void
detail_fetch_approvals(struct detail *d, struct transport *h,
    const char *repo, int64_t run_id, struct detail_result *res)
{
	struct ghclient_response r;
	struct approval *a = NULL;
	enum ghclient_class k;
	size_t n = 0;
	char *url, *cause = NULL;
	int rc;

	if (res->retry_at != 0 || ghclient_wait_until(d->gc) > time(NULL))
		return;		/* rate limited: nothing is sent */
	res->appr_tried = true;
	url = xasprintf("/repos/%s/actions/runs/%lld/approvals", repo,
	    (long long)run_id);
	ghclient_response_init(&r);
	res->sent = true;
	rc = ghclient_get(d->gc, h, url, 0, &r);
	k = ghclient_classify(&r);
	if (rc != 0 || (k != GHCLIENT_OK && k != GHCLIENT_NOT_MODIFIED))
		detail_appr_error(d, &r, k, res);
	else if (ghparse_approvals(r.http.body.data, r.http.body.len, &a, &n,
	    &cause) != 0)
		snprintf(res->appr_error, sizeof res->appr_error,
		    "approvals: bad JSON: %s", cause);
	else
		res->appr = detailmodel_apprset_new(a, n);
	ghclient_response_done(&r);
	free(cause);
	free(url);
}
