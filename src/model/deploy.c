/* deploy: owns the environment and deployment models and the pure answers
 * built on them (current SHA per environment, in-flight deployments,
 * rollback candidates, promotion order). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "opsdeck/deploy.h"
#include "opsdeck/xalloc.h"

static const struct {
	const char		*name;
	enum deploy_state	 state;
} deploy_states[] = {
	{ "error", DEPLOY_STATE_ERROR },
	{ "failure", DEPLOY_STATE_FAILURE },
	{ "inactive", DEPLOY_STATE_INACTIVE },
	{ "pending", DEPLOY_STATE_PENDING },
	{ "queued", DEPLOY_STATE_QUEUED },
	{ "in_progress", DEPLOY_STATE_IN_PROGRESS },
	{ "success", DEPLOY_STATE_SUCCESS },
};

enum deploy_state
deploy_state_parse(const char *name)
{
	size_t	i;

	if (name == NULL)
		return (DEPLOY_STATE_OTHER);
	for (i = 0; i < sizeof deploy_states / sizeof deploy_states[0]; i++)
		if (strcmp(name, deploy_states[i].name) == 0)
			return (deploy_states[i].state);
	return (DEPLOY_STATE_OTHER);
}

bool
deploy_state_active(enum deploy_state s)
{
	return (s == DEPLOY_STATE_QUEUED || s == DEPLOY_STATE_PENDING ||
	    s == DEPLOY_STATE_IN_PROGRESS);
}

void
environment_done(struct environment *e)
{
	if (e == NULL)
		return;
	free(e->name);
	free(e->html_url);
	memset(e, 0, sizeof *e);
}

void
deployment_status_done(struct deployment_status *s)
{
	if (s == NULL)
		return;
	free(s->state);
	free(s->description);
	free(s->environment);
	free(s->creator);
	free(s->log_url);
	free(s->environment_url);
	memset(s, 0, sizeof *s);
}

void
deployment_done(struct deployment *d)
{
	if (d == NULL)
		return;
	free(d->sha);
	free(d->ref);
	free(d->task);
	free(d->environment);
	free(d->original_environment);
	free(d->description);
	free(d->creator);
	deployment_statuses_free(d->statuses, d->nstatuses);
	memset(d, 0, sizeof *d);
}

void
environments_free(struct environment *e, size_t n)
{
	size_t	i;

	for (i = 0; e != NULL && i < n; i++)
		environment_done(&e[i]);
	free(e);
}

void
deployment_statuses_free(struct deployment_status *s, size_t n)
{
	size_t	i;

	for (i = 0; s != NULL && i < n; i++)
		deployment_status_done(&s[i]);
	free(s);
}

void
deployments_free(struct deployment *d, size_t n)
{
	size_t	i;

	for (i = 0; d != NULL && i < n; i++)
		deployment_done(&d[i]);
	free(d);
}

void
deploy_compare_done(struct deploy_compare *c)
{
	size_t	i;

	if (c == NULL)
		return;
	free(c->status);
	for (i = 0; c->commits != NULL && i < c->ncommits; i++) {
		free(c->commits[i].sha);
		free(c->commits[i].subject);
		free(c->commits[i].author);
	}
	free(c->commits);
	for (i = 0; c->files != NULL && i < c->nfiles; i++)
		free(c->files[i]);
	free(c->files);
	memset(c, 0, sizeof *c);
}

void
pending_deployments_free(struct pending_deployment *p, size_t n)
{
	size_t	i;

	for (i = 0; p != NULL && i < n; i++) {
		free(p[i].environment);
		free(p[i].reviewers);
	}
	free(p);
}

enum approval_state
approval_state_parse(const char *s)
{
	if (s == NULL)
		return (APPROVAL_OTHER);
	if (strcmp(s, "approved") == 0)
		return (APPROVAL_APPROVED);
	if (strcmp(s, "rejected") == 0)
		return (APPROVAL_REJECTED);
	if (strcmp(s, "pending") == 0)
		return (APPROVAL_PENDING);
	return (APPROVAL_OTHER);
}

void
approval_done(struct approval *a)
{
	size_t	i;

	if (a == NULL)
		return;
	for (i = 0; i < a->nenvironments; i++)
		free(a->environments[i]);
	free(a->environments);
	free(a->state);
	free(a->user);
	free(a->comment);
	memset(a, 0, sizeof *a);
}

void
approvals_free(struct approval *a, size_t n)
{
	size_t	i;

	for (i = 0; a != NULL && i < n; i++)
		approval_done(&a[i]);
	free(a);
}

/* Newest first: later created_at, then the larger id (ids grow). */
static int
deploy_newer(time_t ta, int64_t ia, time_t tb, int64_t ib)
{
	if (ta != tb)
		return (ta > tb ? -1 : 1);
	if (ia != ib)
		return (ia > ib ? -1 : 1);
	return (0);
}

static int
deploy_cmp_status(const void *a, const void *b)
{
	const struct deployment_status *x = a, *y = b;

	return (deploy_newer(x->created_at, x->id, y->created_at, y->id));
}

static int
deploy_cmp(const void *a, const void *b)
{
	const struct deployment *x = a, *y = b;

	return (deploy_newer(x->created_at, x->id, y->created_at, y->id));
}

void
deployment_set_statuses(struct deployment *d,
    struct deployment_status *statuses, size_t n)
{
	deployment_statuses_free(d->statuses, d->nstatuses);
	d->statuses = statuses;
	d->nstatuses = statuses != NULL ? n : 0;
	if (d->nstatuses > 1)
		qsort(d->statuses, d->nstatuses, sizeof *d->statuses,
		    deploy_cmp_status);
}

const struct deployment_status *
deployment_latest_status(const struct deployment *d)
{
	const struct deployment_status	*best = NULL;
	size_t				 i;

	/* Not relying on the order: a caller may have filled statuses in. */
	for (i = 0; i < d->nstatuses; i++)
		if (best == NULL || deploy_newer(d->statuses[i].created_at,
		    d->statuses[i].id, best->created_at, best->id) < 0)
			best = &d->statuses[i];
	return (best);
}

bool
deployment_ever_succeeded(const struct deployment *d)
{
	size_t	i;

	for (i = 0; i < d->nstatuses; i++)
		if (d->statuses[i].kind == DEPLOY_STATE_SUCCESS)
			return (true);
	return (false);
}

bool
deployment_known_good(const struct deployment *d)
{
	const struct deployment_status	*good = NULL, *s;
	size_t				 i;

	for (i = 0; i < d->nstatuses; i++) {
		s = &d->statuses[i];
		if (s->kind == DEPLOY_STATE_SUCCESS && (good == NULL ||
		    deploy_newer(s->created_at, s->id, good->created_at,
		    good->id) < 0))
			good = s;
	}
	if (good == NULL)
		return (false);
	for (i = 0; i < d->nstatuses; i++) {
		s = &d->statuses[i];
		if ((s->kind == DEPLOY_STATE_FAILURE ||
		    s->kind == DEPLOY_STATE_ERROR) &&
		    deploy_newer(s->created_at, s->id, good->created_at,
		    good->id) < 0)
			return (false);
	}
	return (true);
}

void
deploy_sort(struct deployment *d, size_t n)
{
	if (n > 1)
		qsort(d, n, sizeof *d, deploy_cmp);
}

static bool
deploy_in_env(const struct deployment *d, const char *env)
{
	return (env != NULL && d->environment != NULL &&
	    strcmp(d->environment, env) == 0);
}

/* The newest deployment of env whose latest status satisfies pred. */
static const struct deployment *
deploy_newest(const struct deployment *d, size_t n, const char *env,
    bool (*pred)(enum deploy_state))
{
	const struct deployment		*best = NULL;
	const struct deployment_status	*s;
	size_t				 i;

	for (i = 0; i < n; i++) {
		if (!deploy_in_env(&d[i], env))
			continue;
		if ((s = deployment_latest_status(&d[i])) == NULL ||
		    !pred(s->kind))
			continue;
		if (best == NULL || deploy_newer(d[i].created_at, d[i].id,
		    best->created_at, best->id) < 0)
			best = &d[i];
	}
	return (best);
}

static bool
deploy_is_success(enum deploy_state s)
{
	return (s == DEPLOY_STATE_SUCCESS);
}

const struct deployment *
deploy_current(const struct deployment *d, size_t n, const char *env)
{
	return (deploy_newest(d, n, env, deploy_is_success));
}

const struct deployment *
deploy_in_flight(const struct deployment *d, size_t n, const char *env)
{
	return (deploy_newest(d, n, env, deploy_state_active));
}

static int
deploy_cmp_candidate(const void *a, const void *b)
{
	const struct deploy_candidate *x = a, *y = b;

	return (deploy_cmp(x->deployment, y->deployment));
}

size_t
deploy_rollback_candidates(const struct deployment *d, size_t n,
    const char *env, struct deploy_candidate **out, size_t *nout)
{
	const struct deployment	*cur;
	struct deploy_candidate	*c = NULL;
	size_t			 i, j, k = 0;

	*out = NULL;
	*nout = 0;
	cur = deploy_current(d, n, env);
	for (i = 0; i < n; i++) {
		if (!deploy_in_env(&d[i], env) || &d[i] == cur ||
		    d[i].sha == NULL || !deployment_ever_succeeded(&d[i]))
			continue;
		/* Only what ran before the current one is a roll back. */
		if (cur != NULL && (deploy_newer(d[i].created_at, d[i].id,
		    cur->created_at, cur->id) < 0 ||
		    (cur->sha != NULL && strcmp(d[i].sha, cur->sha) == 0)))
			continue;
		if (c == NULL)
			c = xreallocarray(NULL, n, sizeof *c);
		c[k].deployment = &d[i];
		c[k].last_known_good = deployment_known_good(&d[i]);
		k++;
	}
	if (k > 1)
		qsort(c, k, sizeof *c, deploy_cmp_candidate);
	/* One row per SHA, the newest deployment of it. */
	for (i = j = 0; i < k; i++) {
		size_t	m;

		for (m = 0; m < j; m++)
			if (strcmp(c[m].deployment->sha,
			    c[i].deployment->sha) == 0)
				break;
		if (m == j)
			c[j++] = c[i];
	}
	if (j == 0) {
		free(c);
		return (0);
	}
	*out = c;
	*nout = j;
	return (j);
}

static bool
deploy_has_name(const char **names, size_t n, const char *name)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return (true);
	return (false);
}

size_t
deploy_env_order(const char *const *configured, size_t nconfigured,
    const struct environment *envs, size_t nenvs,
    const struct deployment *deps, size_t ndeps, const char ***names,
    size_t *nnames)
{
	const char	**v;
	size_t		  i, k = 0, max = nconfigured > 0 ? nconfigured :
			    nenvs + ndeps;

	*names = NULL;
	*nnames = 0;
	if (max == 0)
		return (0);
	v = xreallocarray(NULL, max, sizeof *v);
	if (nconfigured > 0) {
		for (i = 0; i < nconfigured; i++)
			if (configured[i] != NULL &&
			    !deploy_has_name(v, k, configured[i]))
				v[k++] = configured[i];
	} else {
		for (i = 0; i < nenvs; i++)
			if (envs[i].name != NULL &&
			    !deploy_has_name(v, k, envs[i].name))
				v[k++] = envs[i].name;
		for (i = 0; i < ndeps; i++)
			if (deps[i].environment != NULL &&
			    !deploy_has_name(v, k, deps[i].environment))
				v[k++] = deps[i].environment;
	}
	if (k == 0) {
		free(v);
		return (0);
	}
	*names = v;
	*nnames = k;
	return (k);
}

struct deployment *
deployments_dup(const struct deployment *src, size_t n)
{
	struct deployment *out;
	struct deployment_status *st;
	size_t i, j;

	if (n == 0 || src == NULL)
		return NULL;
	out = xcalloc(n, sizeof *out);
	for (i = 0; i < n; i++) {
		out[i] = src[i];
		out[i].sha = xstrdup_null(src[i].sha);
		out[i].ref = xstrdup_null(src[i].ref);
		out[i].task = xstrdup_null(src[i].task);
		out[i].environment = xstrdup_null(src[i].environment);
		out[i].original_environment =
		    xstrdup_null(src[i].original_environment);
		out[i].description = xstrdup_null(src[i].description);
		out[i].creator = xstrdup_null(src[i].creator);
		out[i].statuses = NULL;
		out[i].nstatuses = 0;
		if (src[i].nstatuses == 0)
			continue;
		st = xcalloc(src[i].nstatuses, sizeof *st);
		for (j = 0; j < src[i].nstatuses; j++) {
			st[j] = src[i].statuses[j];
			st[j].state = xstrdup_null(src[i].statuses[j].state);
			st[j].description =
			    xstrdup_null(src[i].statuses[j].description);
			st[j].environment =
			    xstrdup_null(src[i].statuses[j].environment);
			st[j].creator = xstrdup_null(src[i].statuses[j].creator);
			st[j].log_url = xstrdup_null(src[i].statuses[j].log_url);
			st[j].environment_url =
			    xstrdup_null(src[i].statuses[j].environment_url);
		}
		out[i].statuses = st;
		out[i].nstatuses = src[i].nstatuses;
	}
	return out;
}
