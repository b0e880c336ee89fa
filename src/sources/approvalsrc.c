/* approvalsrc: the approvals source (approvalsrc.h): a job per
 * repository reading its waiting runs and their pending deployments, and
 * what each would ship. A failure keeps the last queue, marked stale with
 * the reason; rate limits set the client's wait like every source. */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "opsdeck/approvals.h"
#include "opsdeck/approvalsrc.h"
#include "opsdeck/buf.h"
#include "opsdeck/conf.h"
#include "opsdeck/deploy.h"
#include "opsdeck/envstate.h"
#include "opsdeck/ghclient.h"
#include "opsdeck/ghparse.h"
#include "opsdeck/ghparse_deploy.h"
#include "opsdeck/github.h"
#include "opsdeck/governor.h"
#include "opsdeck/run.h"
#include "opsdeck/rx.h"
#include "opsdeck/sched.h"
#include "opsdeck/source.h"
#include "opsdeck/store.h"
#include "opsdeck/transport.h"
#include "opsdeck/worker.h"
#include "opsdeck/xalloc.h"
#include "envsrc_int.h"

#define BACKOFF_MAX_S	600
/* With nothing waiting, the store is looked at every this many fast
 * intervals. */
#define IDLE_FACTOR	3

struct approvalsrc;

struct appr_repo {
	struct approvalsrc	*as;
	const struct repo_conf	*rc;
	unsigned		 failures;
	int			 gov_slot;	/* in the governor */
	struct approval_queue	*last;	/* last good queue */
	bool			 shown_fresh;	/* the store shows last */
};

struct approvalsrc {
	struct ghclient		*gc;
	struct governor		*gov;	/* the client's request budget; NULL */
	struct store		*store;
	const struct conf	*cfg;
	struct rx		**risky;
	size_t			 nrisky;
	int			 interval_s, fast_s;
	struct appr_repo	**repos;
	size_t			 nrepos;
};

/* What env runs now, as the environments source shows it; malloc'd. */
static char *
env_sha(struct approvalsrc *as, const char *repo, const char *env)
{
	struct snapset *set = store_acquire(as->store, STORE_ENV);
	const struct env_row *row = repo_envs_find(snapset_find_data(set,
	    repo), env);
	char *sha = row != NULL && row->sha != NULL ? xstrdup(row->sha) : NULL;

	store_release(&set);
	return sha;
}

/* The delta of an item: the last queue's when the same SHAs (a delta
 * never changes), else computed. */
static void
item_delta(struct appr_repo *rp, struct env_fetch *f, struct approval_item *it)
{
	const struct approval_item *old = rp->last != NULL ?
	    approval_find(rp->last, it->run_id, it->environment_id) : NULL;

	it->env_sha = env_sha(rp->as, it->repo, it->environment);
	if (old != NULL && old->delta.from != NULL && it->env_sha != NULL &&
	    strcmp(old->delta.from, it->env_sha) == 0 &&
	    strcmp(old->delta.to, it->head_sha) == 0) {
		env_delta_copy(&it->delta, &old->delta);
		return;
	}
	if (envsrc_delta(f, rp->rc, it->repo, it->env_sha, it->head_sha,
	    &it->delta) != 0) {
		env_delta_done(&it->delta);
		it->delta.count = -1;
	}
}

static void
add_items(struct appr_repo *rp, struct env_fetch *f, struct approval_queue *q,
    const struct run *run, const struct pending_deployment *p, size_t np)
{
	struct approval_item *it;
	size_t i;

	for (i = 0; i < np && q->n < APPROVALS_MAX_ITEMS; i++) {
		if (p[i].environment == NULL || run->head_sha == NULL)
			continue;
		q->items = xreallocarray(q->items, q->n + 1, sizeof *q->items);
		it = &q->items[q->n++];
		memset(it, 0, sizeof *it);
		it->repo = xstrdup(q->repo);
		it->run_id = run->id;
		it->run_number = run->run_number;
		it->workflow = run->name != NULL ? xstrdup(run->name) : NULL;
		it->title = run->display_title != NULL ?
		    xstrdup(run->display_title) : NULL;
		it->head_sha = xstrdup(run->head_sha);
		it->head_branch = run->head_branch != NULL ?
		    xstrdup(run->head_branch) : NULL;
		it->actor = run->actor != NULL ? xstrdup(run->actor) : NULL;
		it->waiting_since = run->updated_at > 0 ? run->updated_at :
		    run->created_at;
		it->environment = xstrdup(p[i].environment);
		it->environment_id = p[i].environment_id;
		it->wait_timer = p[i].wait_timer;
		it->wait_timer_started_at = p[i].wait_timer_started_at;
		it->reviewers = p[i].reviewers != NULL ?
		    xstrdup(p[i].reviewers) : NULL;
		it->can_approve = p[i].can_approve;
		item_delta(rp, f, it);
	}
}

static void
run_items(struct appr_repo *rp, struct env_fetch *f, struct approval_queue *q,
    const struct run *run)
{
	struct pending_deployment *p = NULL;
	size_t np = 0;
	struct buf b;
	char *path, *cause = NULL;

	path = xasprintf("/repos/%s/actions/runs/%lld/pending_deployments",
	    q->repo, (long long)run->id);
	if (envsrc_get(f, path, &b, true) == 0 &&
	    ghparse_pending_deployments(b.data, b.len, &p, &np, &cause) != 0 &&
	    f->note[0] == '\0')
		snprintf(f->note, sizeof f->note, "pending deployments: bad "
		    "JSON: %s", cause != NULL ? cause : "?");
	free(cause);
	free(path);
	buf_done(&b);
	add_items(rp, f, q, run, p, np);
	pending_deployments_free(p, np);
}

/* The queue of one repository; NULL when the poll failed (f->why). The
 * waiting runs are the pipelines source's (its runs list, conditional,
 * already read): only their pending deployments cost a request, and a
 * repository with nothing waiting costs none. */
static struct approval_queue *
build(struct appr_repo *rp, struct env_fetch *f)
{
	struct approval_queue *q = xcalloc(1, sizeof *q);
	struct snapset *set = store_acquire(rp->as->store, STORE_PIPELINES);
	const struct repo_runs *rr = snapset_find_data(set, rp->rc->name);
	size_t i, n = 0;

	q->repo = xstrdup(rp->rc->name);
	for (i = 0; rr != NULL && !f->failed && i < rr->nruns &&
	    n < APPROVALS_MAX_RUNS; i++) {
		if (rr->runs[i].status == NULL ||
		    strcmp(rr->runs[i].status, "waiting") != 0 ||
		    rr->runs[i].head_sha == NULL)
			continue;
		n++;
		run_items(rp, f, q, &rr->runs[i]);
	}
	if (rr != NULL && rr->stale && f->note[0] == '\0')
		snprintf(f->note, sizeof f->note, "runs: %s", rr->error !=
		    NULL ? rr->error : "stale");
	store_release(&set);
	if (f->failed) {
		approval_queue_free(&q);
		return NULL;
	}
	approval_sort(q->items, q->n);
	if (f->note[0] != '\0')
		q->error = xstrdup(f->note);
	q->fetched_at = time(NULL);
	return q;
}

static void
publish(struct appr_repo *rp, struct approval_queue *q)
{
	store_publish(rp->as->store, STORE_APPROVALS, snap_new(q->repo, q,
	    approval_queue_free_void));
}

static void
publish_stale(struct appr_repo *rp, const char *why)
{
	struct approval_queue *q = xcalloc(1, sizeof *q);
	size_t i;

	q->repo = xstrdup(rp->rc->name);
	if (rp->last != NULL && rp->last->n > 0) {
		q->items = xcalloc(rp->last->n, sizeof *q->items);
		for (i = 0; i < rp->last->n; i++)
			approval_item_copy(&q->items[i], &rp->last->items[i]);
		q->n = rp->last->n;
		q->fetched_at = rp->last->fetched_at;
	}
	q->stale = true;
	q->error = xstrdup(why);
	rp->shown_fresh = false;
	publish(rp, q);
}

static struct approval_queue *
queue_dup(const struct approval_queue *src)
{
	struct approval_queue *q = xcalloc(1, sizeof *q);
	size_t i;

	*q = *src;
	q->repo = xstrdup(src->repo);
	q->error = src->error != NULL ? xstrdup(src->error) : NULL;
	q->items = src->n > 0 ? xcalloc(src->n, sizeof *q->items) : NULL;
	for (i = 0; i < src->n; i++)
		approval_item_copy(&q->items[i], &src->items[i]);
	return q;
}

static void
fetch_init(struct env_fetch *f, struct approvalsrc *as, struct transport *tp)
{
	memset(f, 0, sizeof *f);
	f->gc = as->gc;
	f->tp = tp;
	f->cfg = as->cfg;
	f->risky = (const struct rx *const *)as->risky;
	f->nrisky = as->nrisky;
}

/* One poll; the delay until the next, *ok 1 when it was read. */
static int64_t
poll_repo(struct appr_repo *rp, struct transport *tp, int *ok)
{
	struct approvalsrc *as = rp->as;
	struct approval_queue *q;
	struct env_fetch f;
	time_t now = time(NULL), wait = ghclient_wait_until(as->gc), until;
	char why[300];
	int64_t delay;
	unsigned i;

	*ok = 0;
	if (wait > now) {
		ghclient_format_until(why, sizeof why, "waiting", wait);
		publish_stale(rp, why);
		return (int64_t)(wait - now) * 1000 + 500;
	}
	fetch_init(&f, as, tp);
	if ((q = build(rp, &f)) != NULL) {
		*ok = 1;
		rp->failures = 0;
		/* Nothing waiting costs no request: look again soon, as a
		 * run the pipelines source sees waiting is news. */
		delay = (int64_t)(q->n > 0 ? as->fast_s : as->fast_s *
		    IDLE_FACTOR) * 1000;
		/* An empty queue again wakes nothing. */
		if (q->n == 0 && q->error == NULL && rp->last != NULL &&
		    rp->last->n == 0 && rp->last->error == NULL &&
		    rp->shown_fresh) {
			approval_queue_free(&q);
			return delay;
		}
		approval_queue_free(&rp->last);
		rp->last = queue_dup(q);
		rp->shown_fresh = true;
		publish(rp, q);
		return delay;
	}
	rp->failures++;
	delay = (int64_t)as->interval_s * 1000;
	for (i = 1; i < rp->failures && delay < BACKOFF_MAX_S * 1000; i++)
		delay *= 2;
	if (delay > BACKOFF_MAX_S * 1000)
		delay = BACKOFF_MAX_S * 1000;
	if (f.k == GHCLIENT_RATE_PRIMARY || f.k == GHCLIENT_RATE_SECONDARY) {
		until = f.k == GHCLIENT_RATE_PRIMARY ? (f.rl_reset > now ?
		    f.rl_reset : now + 60) : now + (f.retry_after >= 0 ?
		    f.retry_after : 60);
		ghclient_format_until(why, sizeof why, f.k ==
		    GHCLIENT_RATE_PRIMARY ? "primary" : "secondary", until);
		ghclient_set_wait(as->gc, until, why);
		delay = (int64_t)(until - now) * 1000 + 500;
	}
	publish_stale(rp, f.why);
	return delay;
}

/* Whether the pipelines source shows a run of the repository waiting. */
static bool
any_waiting(struct appr_repo *rp)
{
	struct snapset *set = store_acquire(rp->as->store, STORE_PIPELINES);
	const struct repo_runs *rr = snapset_find_data(set, rp->rc->name);
	bool any = false;
	size_t i;

	for (i = 0; rr != NULL && i < rr->nruns && !any; i++)
		any = rr->runs[i].status != NULL &&
		    strcmp(rr->runs[i].status, "waiting") == 0;
	store_release(&set);
	return any;
}

static int64_t
repo_job(void *arg, void *ctx)
{
	struct appr_repo *rp = arg;
	struct worker_ctx *w = ctx;
	struct governor *gov = rp->as->gov;
	unsigned long sent0;
	int64_t delay, wait;
	int ok;

	if (w == NULL || w->tp == NULL)
		return 60000;
	/* Nothing waiting: a look at the store, no request, so nothing
	 * asked of the request budget either (a slot that wanted a poll
	 * says it wants none for long). */
	if (gov == NULL || !any_waiting(rp)) {
		delay = poll_repo(rp, w->tp, &ok);
		if (gov != NULL && rp->gov_slot >= 0)
			(void)governor_done(gov, rp->gov_slot, 3600 * 1000, 0);
		return delay;
	}
	/* The one request budget of every GitHub source (governor.h). */
	if (rp->gov_slot < 0)
		rp->gov_slot = governor_slot(gov, rp->rc->name,
		    (int64_t)rp->as->fast_s * 1000);
	if ((wait = governor_admit(gov, rp->gov_slot)) > 0)
		return wait;
	sent0 = transport_sent(w->tp);
	delay = poll_repo(rp, w->tp, &ok);
	source_publish_status(rp->as->store, rp->as->gc, false);
	return governor_done(gov, rp->gov_slot, delay,
	    (unsigned)(transport_sent(w->tp) - sent0));
}

/* --- the source interface --- */

static void
approvalsrc_free(void *p)
{
	struct approvalsrc *as = p;
	size_t i;

	if (as == NULL)
		return;
	for (i = 0; i < as->nrepos; i++) {
		approval_queue_free(&as->repos[i]->last);
		free(as->repos[i]);
	}
	free(as->repos);
	envsrc_risky_free(as->risky, as->nrisky);
	free(as);
}

static void *
approvalsrc_create(const struct source_env *env, char **cause)
{
	const struct approvals_conf *ac = conf_values(env->cfg,
	    &approvalsrc_conf_table);
	const struct github_conf *gh = conf_values(env->cfg,
	    &github_conf_table);
	struct approvalsrc *as;
	struct appr_repo *rp;
	size_t i;

	if (env->github == NULL) {
		*cause = xstrdup("approvals: no GitHub client");
		return NULL;
	}
	as = xcalloc(1, sizeof *as);
	as->gc = env->github;
	as->gov = ghclient_governor(env->github);
	as->store = env->store;
	as->cfg = env->cfg;
	as->fast_s = gh != NULL && gh->fast_interval_s > 0 ?
	    gh->fast_interval_s : 5;
	as->interval_s = gh != NULL && gh->interval_s > 0 ? gh->interval_s :
	    60;
	if (envsrc_risky_new(env->cfg, &as->risky, &as->nrisky, cause) != 0) {
		approvalsrc_free(as);
		return NULL;
	}
	for (i = 0; ac != NULL && ac->enabled && i < env->cfg->nrepos; i++) {
		rp = xcalloc(1, sizeof *rp);
		rp->as = as;
		rp->rc = &env->cfg->repos[i];
		rp->gov_slot = -1;	/* until something waits */
		as->repos = xreallocarray(as->repos, as->nrepos + 1,
		    sizeof *as->repos);
		as->repos[as->nrepos++] = rp;
	}
	return as;
}

static int
approvalsrc_schedule(void *p, struct sched *s)
{
	struct approvalsrc *as = p;
	char *name;
	size_t i;
	int rc;

	for (i = 0; i < as->nrepos; i++) {
		name = xasprintf("approvals %s", as->repos[i]->rc->name);
		rc = sched_add(s, name, repo_job, as->repos[i], 0);
		free(name);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int
approvalsrc_once(void *p, struct worker_ctx *ctx)
{
	struct approvalsrc *as = p;
	size_t i;
	int ok, all = 1;

	if (ctx == NULL || ctx->tp == NULL)
		return -1;
	for (i = 0; i < as->nrepos; i++) {
		(void)poll_repo(as->repos[i], ctx->tp, &ok);
		all &= ok;
	}
	if (as->nrepos > 0)
		source_publish_status(as->store, as->gc, true);
	return all ? 0 : -1;
}

static void
approvalsrc_cached(void *p)
{
	struct approvalsrc *as = p;
	struct approval_queue *q;
	struct env_fetch f;
	size_t i;

	for (i = 0; i < as->nrepos; i++) {
		fetch_init(&f, as, NULL);
		if ((q = build(as->repos[i], &f)) == NULL)
			continue;
		approval_queue_free(&as->repos[i]->last);
		as->repos[i]->last = q;
		publish_stale(as->repos[i], "cached");
	}
}

#define A(f) offsetof(struct approvals_conf, f)
static const struct conf_key approvals_keys[] = {
	{ "approvals", "enabled", CONF_BOOL, 0, 1, A(enabled), NULL,
	    "read the runs waiting for a review" },
	{ "approvals", "bell", CONF_BOOL, 0, 1, A(bell), NULL,
	    "ring the terminal bell on a new approval this token may give "
	    "(never on the wallboard)" },
};
#undef A

const struct conf_table approvalsrc_conf_table = {
	.name = "approvals",
	.keys = approvals_keys,
	.nkeys = sizeof approvals_keys / sizeof approvals_keys[0],
	.size = sizeof (struct approvals_conf),
};

const struct source_ops approvalsrc_source = {
	.name = "approvals",
	.conf = &approvalsrc_conf_table,
	.create = approvalsrc_create,
	.schedule = approvalsrc_schedule,
	.publish_cached = approvalsrc_cached,
	.poll_once = approvalsrc_once,
	.free = approvalsrc_free,
};
