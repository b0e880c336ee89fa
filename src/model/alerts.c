/* alerts: what changed between two store snapshots that is worth a bell
 * or a desktop notification (a watched production run failed, a health
 * check went crit, an approval waits for this user). The rules are in
 * alerts.h; delivery is the UI's (src/ui/notify.c). */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/alerts.h"
#include "opsdeck/approvals.h"
#include "opsdeck/envstate.h"
#include "opsdeck/health.h"
#include "opsdeck/run.h"
#include "opsdeck/store.h"
#include "opsdeck/xalloc.h"

static const char *const kind_names[ALERT_KINDS] = {
	"run-failed", "health-crit", "approval"
};

const char *
alerts_kind_name(enum alert_kind k)
{
	return (unsigned)k < ALERT_KINDS ? kind_names[k] : "?";
}

int
alerts_events_parse(const char *s, unsigned *mask, char **why)
{
	const char *p = s != NULL ? s : "", *e;
	size_t len;
	int k;

	*mask = 0;
	while (*p != '\0') {
		p += strspn(p, " \t,");
		if (*p == '\0')
			break;
		len = strcspn(p, " \t,");
		e = p + len;
		for (k = 0; k < ALERT_KINDS; k++) {
			if (strlen(kind_names[k]) == len &&
			    strncmp(p, kind_names[k], len) == 0)
				break;
		}
		if (k < ALERT_KINDS)
			*mask |= ALERT_BIT(k);
		else if (!(len == 4 && strncmp(p, "none", 4) == 0)) {
			*why = xasprintf("'%.*s' is not an event (run-failed, "
			    "health-crit, approval or none)", (int)len, p);
			return -1;
		}
		p = e;
	}
	return 0;
}

static const struct run *
find_run(const struct repo_runs *rr, int64_t id)
{
	size_t i;

	for (i = 0; rr != NULL && i < rr->nruns; i++) {
		if (rr->runs[i].id == id)
			return &rr->runs[i];
	}
	return NULL;
}

/* Whether run id is r itself or a run of r's workflow in the list. */
static bool
same_run_or_workflow(const struct run *r, const struct repo_runs *rr,
    int64_t id)
{
	const struct run *o;

	if (id == 0)
		return false;
	if (id == r->id)
		return true;
	o = find_run(rr, id);
	return o != NULL && run_same_workflow(o, r);
}

static bool
has_protected(const struct repo_envs *env)
{
	size_t i;

	for (i = 0; env != NULL && i < env->nenvs; i++) {
		if (env->envs[i].is_protected)
			return true;
	}
	return false;
}

bool
alerts_run_watched(const struct run *r, const struct repo_runs *rr,
    const struct repo_envs *env, const struct approval_queue *q)
{
	const struct env_row *row;
	size_t i;

	if (!has_protected(env))
		return false;
	if (r->head_branch != NULL && env->default_branch != NULL &&
	    strcmp(r->head_branch, env->default_branch) == 0)
		return true;
	for (i = 0; i < env->nenvs; i++) {
		row = &env->envs[i];
		if (row->is_protected && (same_run_or_workflow(r, rr,
		    row->run_id) || same_run_or_workflow(r, rr,
		    row->in_flight_run)))
			return true;
	}
	for (i = 0; q != NULL && i < q->n; i++) {
		row = repo_envs_find(env, q->items[i].environment);
		if (row != NULL && row->is_protected &&
		    same_run_or_workflow(r, rr, q->items[i].run_id))
			return true;
	}
	return false;
}

/* A growing list of events. */
struct alist {
	struct alert	*v;
	size_t		 n;
};

static void
add(struct alist *l, enum alert_kind k, char *title, char *body)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n].kind = k;
	l->v[l->n].title = title;
	l->v[l->n].body = body;
	l->n++;
}

static const void *
data_of(const struct snapset *set, const char *key)
{
	return set != NULL ? snapset_find_data(set, key) : NULL;
}

static bool
run_failed(const struct run *r)
{
	return run_completed(r) &&
	    verdict_of(r->status, r->conclusion) == VERDICT_FAILED;
}

/* Whether failed run r is news against the previous list. */
static bool
run_news(const struct run *r, const struct repo_runs *prev, time_t since)
{
	const struct run *o = find_run(prev, r->id);

	if (o == NULL)	/* not seen before: news only if it is recent */
		return r->updated_at >= since;
	return !run_failed(o) || o->run_attempt != r->run_attempt;
}

static void
runs_diff(const struct alerts_view *prev, const struct alerts_view *cur,
    time_t since, struct alist *l)
{
	const struct repo_runs *rr, *old;
	const struct run *r;
	size_t i, j;

	for (i = 0; cur->runs != NULL && i < snapset_count(cur->runs); i++) {
		rr = snap_data(snapset_at(cur->runs, i));
		old = data_of(prev->runs, rr->repo);
		if (old == NULL || old->fetched_at == 0)
			continue;	/* its first list: what already was */
		for (j = 0; j < rr->nruns; j++) {
			r = &rr->runs[j];
			if (!run_failed(r) || !run_news(r, old, since) ||
			    !alerts_run_watched(r, rr, data_of(cur->envs,
			    rr->repo), data_of(cur->approvals, rr->repo)))
				continue;
			add(l, ALERT_RUN_FAILED, xstrdup("run failed"),
			    xasprintf("%s: %s #%d %s%s%s%s%s", rr->repo,
			    r->name != NULL ? r->name : "run", r->run_number,
			    r->conclusion != NULL ? r->conclusion : "failed",
			    r->head_branch != NULL ? " on " : "",
			    r->head_branch != NULL ? r->head_branch : "",
			    r->display_title != NULL ? ": " : "",
			    r->display_title != NULL ? r->display_title : ""));
		}
	}
}

static void
health_diff(const struct alerts_view *prev, const struct alerts_view *cur,
    struct alist *l)
{
	const struct health_check *c, *old;
	size_t i;

	for (i = 0; cur->health != NULL && i < snapset_count(cur->health);
	    i++) {
		c = snap_data(snapset_at(cur->health, i));
		old = data_of(prev->health, snap_key(snapset_at(cur->health,
		    i)));
		/* A first result is what already was, not a change. */
		if (c->state != HEALTH_CRIT || old == NULL ||
		    old->checked_at == 0 || old->state == HEALTH_CRIT)
			continue;
		add(l, ALERT_HEALTH_CRIT, xstrdup("check crit"),
		    xasprintf("%s%s%s%s: crit%s%s", c->name,
		    c->env != NULL ? " (" : "", c->env != NULL ? c->env : "",
		    c->env != NULL ? ")" : "", c->reason != NULL ? ", " : "",
		    c->reason != NULL ? c->reason : ""));
	}
}

static bool
appr_in(const struct approval_queue *q, const struct approval_item *it)
{
	size_t i;

	for (i = 0; i < q->n; i++) {
		if (q->items[i].run_id == it->run_id &&
		    q->items[i].environment != NULL &&
		    it->environment != NULL &&
		    strcmp(q->items[i].environment, it->environment) == 0)
			return approval_cannot(&q->items[i]) == NULL;
	}
	return false;
}

static char *
appr_text(const char *repo, const struct approval_item *it)
{
	return xasprintf("%s: %s #%d to %s waits for your review%s%s", repo,
	    it->workflow != NULL ? it->workflow : "run", it->run_number,
	    it->environment != NULL ? it->environment : "?",
	    it->title != NULL ? ": " : "", it->title != NULL ? it->title : "");
}

static void
approvals_diff(const struct alerts_view *prev,
    const struct alerts_view *cur, time_t since, struct alist *l)
{
	const struct approval_queue *q, *old;
	const struct approval_item *it;
	size_t i, j;

	for (i = 0; cur->approvals != NULL &&
	    i < snapset_count(cur->approvals); i++) {
		q = snap_data(snapset_at(cur->approvals, i));
		old = data_of(prev->approvals, q->repo);
		/* Never read yet (a stale placeholder): what is there now
		 * already was. */
		if (old == NULL || old->fetched_at == 0)
			continue;
		for (j = 0; j < q->n; j++) {
			it = &q->items[j];
			/* Not news: one it may not review, one seen before,
			 * one that was waiting before the console started. */
			if (approval_cannot(it) != NULL || appr_in(old, it) ||
			    (it->waiting_since != 0 &&
			    it->waiting_since < since))
				continue;
			add(l, ALERT_APPROVAL, xstrdup("approval waiting"),
			    appr_text(q->repo, it));
		}
	}
}

size_t
alerts_diff(const struct alerts_view *prev, const struct alerts_view *cur,
    time_t since, unsigned mask, struct alert **out)
{
	struct alist l = { NULL, 0 };

	*out = NULL;
	if (prev == NULL || cur == NULL)
		return 0;
	if (mask & ALERT_BIT(ALERT_RUN_FAILED))
		runs_diff(prev, cur, since, &l);
	if (mask & ALERT_BIT(ALERT_HEALTH_CRIT))
		health_diff(prev, cur, &l);
	if (mask & ALERT_BIT(ALERT_APPROVAL))
		approvals_diff(prev, cur, since, &l);
	*out = l.v;
	return l.n;
}

void
alerts_free(struct alert *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].title);
		free(v[i].body);
	}
	free(v);
}
