/* envsrc_build: one repository's environments snapshot from GitHub's
 * answers (and the local clone's history for the commit counts): which
 * requests, in which order, with which bounds. Parsing is ghparse_deploy's
 * (pure); the model's questions (what an environment runs, what is in
 * flight, the order) are deploy.c's. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "opsdeck/buf.h"
#include "opsdeck/conf.h"
#include "opsdeck/deploy.h"
#include "opsdeck/envconf.h"
#include "opsdeck/envsrc.h"
#include "opsdeck/envstate.h"
#include "opsdeck/ghclient.h"
#include "opsdeck/ghparse.h"
#include "opsdeck/ghparse_deploy.h"
#include "opsdeck/gitrepo.h"
#include "opsdeck/gitscan.h"
#include "opsdeck/run.h"
#include "opsdeck/rx.h"
#include "opsdeck/xalloc.h"
#include "envsrc_int.h"

#define BODY_LIMIT	(8u << 20)

char *
envsrc_escape(const char *s, bool keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s), i, j = 0;
	char *out = xmalloc(n * 3 + 1);
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~' || (keep_slash && c == '/')) {
			out[j++] = (char)c;
			continue;
		}
		out[j++] = '%';
		out[j++] = hex[c >> 4];
		out[j++] = hex[c & 15];
	}
	out[j] = '\0';
	return out;
}

/* One GET into body (appended; caller's buf_done). 0 ok; -1 when it
 * failed (f->failed set unless soft, then f->note). A soft failure leaves
 * the poll going: only that part is missing. */
int
envsrc_get(struct env_fetch *f, const char *path, struct buf *body, bool soft)
{
	struct ghclient_response r;
	enum ghclient_class k;
	char what[200];
	int rc = -1;

	buf_init(body, BODY_LIMIT);
	f->requests++;
	if (f->tp == NULL) {
		buf_done(body);
		if (ghclient_cached(f->gc, path, body) == 0)
			return 0;
		buf_init(body, BODY_LIMIT);
		if (!soft && !f->failed) {
			f->failed = true;
			f->k = GHCLIENT_NOT_FOUND;
			snprintf(f->why, sizeof f->why, "not cached");
		}
		return -1;
	}
	ghclient_response_init(&r);
	ghclient_get(f->gc, f->tp, path, 0, &r);
	k = ghclient_classify(&r);
	if (k == GHCLIENT_OK || k == GHCLIENT_NOT_MODIFIED) {
		if (k == GHCLIENT_OK)
			f->changed = true;
		buf_append(body, r.http.body.data, r.http.body.len);
		rc = 0;
		goto out;
	}
	f->changed = true;
	ghclient_describe(&r, what, sizeof what);
	if (soft && k != GHCLIENT_RATE_PRIMARY && k != GHCLIENT_RATE_SECONDARY) {
		if (f->note[0] == '\0')
			snprintf(f->note, sizeof f->note, "%s", what);
		goto out;
	}
	if (!f->failed) {
		f->failed = true;
		f->k = k;
		f->rl_reset = r.rl_reset;
		f->retry_after = r.http.retry_after;
		snprintf(f->why, sizeof f->why, "%s", what);
	}
out:
	ghclient_response_done(&r);
	return rc;
}

static void
bad_json(struct env_fetch *f, const char *what, char *cause)
{
	if (!f->failed) {
		f->failed = true;
		f->k = GHCLIENT_CLIENT;
		snprintf(f->why, sizeof f->why, "%s: bad JSON: %s", what,
		    cause != NULL ? cause : "?");
	}
	free(cause);
}

/* A string member of a JSON object body, malloc'd; NULL if absent. */
char *
envsrc_json_member(const struct buf *b, const char *key)
{
	json_error_t e;
	json_t *root, *v;
	char *out = NULL;

	root = json_loadb(b->data != NULL ? b->data : "", b->len, 0, &e);
	if (root != NULL && json_is_object(root) &&
	    (v = json_object_get(root, key)) != NULL && json_is_string(v) &&
	    json_string_length(v) > 0 && json_string_length(v) < 256 &&
	    strlen(json_string_value(v)) == json_string_length(v))
		out = xstrdup(json_string_value(v));
	json_decref(root);
	return out;
}

/* GET /repos/R: the default branch; then its head's SHA, from the
 * combined status of the branch (soft: the head is shown as unknown). */
static int
fetch_head(struct env_fetch *f, struct repo_envs *re)
{
	struct buf b;
	char *path, *esc;

	path = xasprintf("/repos/%s", re->repo);
	if (envsrc_get(f, path, &b, false) != 0) {
		free(path);
		buf_done(&b);
		return -1;
	}
	free(path);
	re->default_branch = envsrc_json_member(&b, "default_branch");
	buf_done(&b);
	if (re->default_branch == NULL) {
		bad_json(f, "repository", xstrdup("no default_branch"));
		return -1;
	}
	esc = envsrc_escape(re->default_branch, true);
	path = xasprintf("/repos/%s/commits/%s/status?per_page=1", re->repo,
	    esc);
	free(esc);
	if (envsrc_get(f, path, &b, true) == 0)
		re->head_sha = envsrc_json_member(&b, "sha");
	free(path);
	buf_done(&b);
	return 0;
}

static int
fetch_envs(struct env_fetch *f, const char *repo, struct environment **envs,
    size_t *n)
{
	struct buf b;
	char *path, *cause = NULL;
	long total = 0;
	size_t before;
	int page;

	for (page = 1; page <= ENVSRC_ENV_PAGES; page++) {
		path = xasprintf("/repos/%s/environments?per_page=100&page=%d",
		    repo, page);
		before = *n;
		if (envsrc_get(f, path, &b, false) != 0) {
			free(path);
			buf_done(&b);
			return -1;
		}
		free(path);
		if (ghparse_environments(b.data, b.len, envs, n, &total,
		    &cause) != 0) {
			buf_done(&b);
			bad_json(f, "environments", cause);
			return -1;
		}
		buf_done(&b);
		/* The spec gives no Link here: total_count says when. */
		if (*n == before || (long)*n >= total)
			break;
	}
	return 0;
}

static bool
have_deployment(const struct deployment *d, size_t n, int64_t id)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (d[i].id == id)
			return true;
	}
	return false;
}

/* Appends the deployments of path not already in *deps. */
static int
fetch_deployments(struct env_fetch *f, const char *path,
    struct deployment **deps, size_t *n)
{
	struct deployment *got = NULL;
	size_t ngot = 0, i;
	struct buf b;
	char *cause = NULL;

	if (envsrc_get(f, path, &b, false) != 0) {
		buf_done(&b);
		return -1;
	}
	if (ghparse_deployments(b.data, b.len, &got, &ngot, &cause) != 0) {
		buf_done(&b);
		bad_json(f, "deployments", cause);
		return -1;
	}
	buf_done(&b);
	for (i = 0; i < ngot; i++) {
		if (have_deployment(*deps, *n, got[i].id) ||
		    *n >= GHPARSE_DEPLOY_MAX_ITEMS) {
			deployment_done(&got[i]);
			continue;
		}
		*deps = xreallocarray(*deps, *n + 1, sizeof **deps);
		(*deps)[(*n)++] = got[i];
	}
	free(got);
	return 0;
}

static int
fetch_statuses(struct env_fetch *f, const char *repo, struct deployment *d)
{
	struct deployment_status *st = NULL;
	size_t nst = 0;
	struct buf b;
	char *path, *cause = NULL;

	path = xasprintf("/repos/%s/deployments/%lld/statuses?per_page=20",
	    repo, (long long)d->id);
	if (envsrc_get(f, path, &b, false) != 0) {
		free(path);
		buf_done(&b);
		return -1;
	}
	free(path);
	if (ghparse_deployment_statuses(b.data, b.len, &st, &nst,
	    &cause) != 0) {
		buf_done(&b);
		bad_json(f, "deployment statuses", cause);
		return -1;
	}
	buf_done(&b);
	deployment_set_statuses(d, st, nst);
	return 0;
}

/* The statuses of env's newest ENVSRC_STATUS_WALK deployments: what env
 * runs (its newest whose latest status is success), what is in flight,
 * and the earlier good ones the rollback picker offers. */
static int
walk_statuses(struct env_fetch *f, struct repo_envs *re, const char *env)
{
	size_t i, walked = 0;

	for (i = 0; i < re->ndeps && walked < ENVSRC_STATUS_WALK; i++) {
		if (re->deps[i].environment == NULL ||
		    strcmp(re->deps[i].environment, env) != 0)
			continue;
		walked++;
		if (fetch_statuses(f, re->repo, &re->deps[i]) != 0)
			return -1;
	}
	return 0;
}

static int64_t
run_of(const struct deployment *d)
{
	int64_t id;
	size_t i;

	for (i = 0; d != NULL && i < d->nstatuses; i++) {
		if ((id = envstate_run_from_url(d->statuses[i].log_url)) != 0)
			return id;
	}
	return 0;
}

static const struct deployment *
newest_of(const struct repo_envs *re, const char *env)
{
	size_t i;

	for (i = 0; i < re->ndeps; i++) {
		if (re->deps[i].environment != NULL &&
		    strcmp(re->deps[i].environment, env) == 0)
			return &re->deps[i];
	}
	return NULL;
}

static void
fill_row(struct env_fetch *f, struct repo_envs *re, struct env_row *r,
    bool known)
{
	const struct deployment *cur, *fl, *nw;
	const struct deployment_status *s;
	struct env_policy pol;
	size_t i;

	cur = deploy_current(re->deps, re->ndeps, r->name);
	fl = deploy_in_flight(re->deps, re->ndeps, r->name);
	nw = newest_of(re, r->name);
	r->known = known;
	r->behind_prev = r->behind_default = -1;
	if (cur != NULL) {
		r->deployment_id = cur->id;
		r->sha = cur->sha != NULL ? xstrdup(cur->sha) : NULL;
		r->ref = cur->ref != NULL ? xstrdup(cur->ref) : NULL;
		r->creator = cur->creator != NULL ? xstrdup(cur->creator) :
		    NULL;
		r->deployed_at = cur->created_at;
		for (i = 0; i < cur->nstatuses; i++) {
			if (cur->statuses[i].kind == DEPLOY_STATE_SUCCESS) {
				r->deployed_at = cur->statuses[i].created_at;
				break;	/* newest first: the last success */
			}
		}
		r->run_id = run_of(cur);
	}
	if (fl != NULL) {
		r->in_flight_deployment = fl->id;
		if (r->in_flight_run == 0)
			r->in_flight_run = run_of(fl);
	}
	if (nw != NULL && (s = deployment_latest_status(nw)) != NULL) {
		r->last_state = s->state != NULL ? xstrdup(s->state) : NULL;
		r->last_kind = s->kind;
	}
	envconf_policy(f->cfg, re->repo, r->name, &pol);
	r->is_protected = pol.is_protected;
	r->readonly = pol.readonly;
	r->color = pol.color != NULL ? xstrdup(pol.color) : NULL;
}

static void
delta_risky(struct env_delta *d, const struct env_fetch *f, const char *path)
{
	size_t i;

	for (i = 0; i < f->nrisky; i++) {
		if (!rx_test(f->risky[i], path))
			continue;
		if (d->nrisky == ENV_DELTA_MAX_RISKY) {
			d->risky_cut = true;
			return;
		}
		d->risky = xreallocarray(d->risky, d->nrisky + 1,
		    sizeof *d->risky);
		d->risky[d->nrisky++] = xstrdup(path);
		return;
	}
}

static void
delta_commit(struct env_delta *d, const char *sha, const char *subject,
    const char *author, time_t when)
{
	struct env_commit *c;

	if (d->ncommits == ENV_DELTA_MAX_COMMITS || sha == NULL)
		return;
	d->commits = xreallocarray(d->commits, d->ncommits + 1,
	    sizeof *d->commits);
	c = &d->commits[d->ncommits++];
	c->sha = xstrdup(sha);
	c->subject = subject != NULL ? xstrdup(subject) : NULL;
	c->author = author != NULL ? xstrdup(author) : NULL;
	c->time = when;
}

static int
path_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The local clone's range (commits newest first, files sorted). */
static void
delta_from_range(struct env_delta *d, const struct env_fetch *f,
    const struct git_range *r)
{
	size_t i;

	d->count = (int)r->ncommits;
	d->local = true;
	d->files_known = true;
	d->nfiles = r->nfiles;
	for (i = 0; i < r->ncommits; i++)
		delta_commit(d, r->commits[i].sha, r->commits[i].subject,
		    r->commits[i].author, r->commits[i].time);
	for (i = 0; i < r->nfiles; i++)
		delta_risky(d, f, r->files[i].path);
}

/* A compare's answer: commits come oldest first; GitHub lists at most
 * 300 files (none for a range too big), so an empty list is unknown. */
static void
delta_from_compare(struct env_delta *d, const struct env_fetch *f,
    const struct deploy_compare *c)
{
	size_t i;

	d->count = c->ahead_by;
	d->files_known = c->nfiles > 0 || c->ahead_by == 0;
	d->nfiles = c->nfiles;
	for (i = c->ncommits; i > 0; i--)
		delta_commit(d, c->commits[i - 1].sha, c->commits[i - 1].subject,
		    c->commits[i - 1].author, c->commits[i - 1].time);
	for (i = 0; i < c->nfiles; i++)
		delta_risky(d, f, c->files[i]);
	if (d->nrisky > 1)
		qsort(d->risky, d->nrisky, sizeof *d->risky, path_cmp);
}

static void
keep_delta(struct repo_envs *re, struct env_delta *d)
{
	if (repo_envs_delta(re, d->from, d->to) != NULL) {
		env_delta_done(d);
		return;
	}
	re->deltas = xreallocarray(re->deltas, re->ndeltas + 1,
	    sizeof *re->deltas);
	re->deltas[re->ndeltas++] = *d;
}

/* Commits on `to` that `from` lacks, recorded as a delta: the last
 * snapshot's when it has one, else the local clone's history when there
 * is one, else the compare API (soft: -1 when it fails). */
static int
behind(struct env_fetch *f, const struct repo_conf *rc, struct repo_envs *re,
    const char *from, const char *to)
{
	const struct env_delta *old;
	struct deploy_compare cmp;
	struct git_range *range = NULL;
	struct env_delta d;
	struct buf b;
	char *path, *ef, *et, *cause = NULL;
	int n;

	if (from == NULL || to == NULL)
		return -1;
	if (strcmp(from, to) == 0)
		return 0;
	if ((old = repo_envs_delta(re, from, to)) != NULL)
		return old->count;
	memset(&d, 0, sizeof d);
	if ((old = repo_envs_delta(f->last, from, to)) != NULL) {
		env_delta_copy(&d, old);
		re->behind_local = re->behind_local || d.local;
		keep_delta(re, &d);
		return old->count;
	}
	d.from = xstrdup(from);
	d.to = xstrdup(to);
	d.count = -1;
	if (rc != NULL && rc->path != NULL &&
	    gitscan_range(rc->path, from, to, NULL, 0, &range, &cause) == 0) {
		delta_from_range(&d, f, range);
		gitrepo_range_free(&range);
		re->behind_local = true;
		n = d.count;
		keep_delta(re, &d);
		return n;
	}
	free(cause);
	cause = NULL;
	ef = envsrc_escape(from, true);
	et = envsrc_escape(to, true);
	path = xasprintf("/repos/%s/compare/%s...%s", re->repo, ef, et);
	free(ef);
	free(et);
	if (envsrc_get(f, path, &b, true) == 0) {
		memset(&cmp, 0, sizeof cmp);
		if (ghparse_compare(b.data, b.len, &cmp, &cause) == 0)
			delta_from_compare(&d, f, &cmp);
		else if (f->note[0] == '\0')
			snprintf(f->note, sizeof f->note, "compare: bad JSON: "
			    "%s", cause != NULL ? cause : "?");
		free(cause);
		deploy_compare_done(&cmp);
	}
	free(path);
	buf_done(&b);
	if ((n = d.count) < 0) {
		env_delta_done(&d);
		return -1;
	}
	keep_delta(re, &d);
	return n;
}

int
envsrc_delta(struct env_fetch *f, const struct repo_conf *rc,
    const char *repo, const char *from, const char *to,
    struct env_delta *out)
{
	struct repo_envs scratch;

	memset(out, 0, sizeof *out);
	out->count = -1;
	if (from == NULL || to == NULL)
		return -1;
	if (strcmp(from, to) == 0) {
		out->from = xstrdup(from);
		out->to = xstrdup(to);
		out->count = 0;
		out->files_known = true;
		return 0;
	}
	memset(&scratch, 0, sizeof scratch);
	scratch.repo = (char *)repo;
	if (behind(f, rc, &scratch, from, to) < 0 || scratch.ndeltas == 0) {
		free(scratch.deltas);
		return -1;
	}
	*out = scratch.deltas[0];
	free(scratch.deltas);
	return 0;
}

/* What rolling env back to each of its first earlier good deployments
 * would take out: the commits the current SHA has that the candidate
 * lacks (the dialog lists them before anything is sent). */
static void
rollback_deltas(struct env_fetch *f, const struct repo_conf *rc,
    struct repo_envs *re, const struct env_row *row)
{
	struct deploy_candidate *c = NULL;
	size_t nc = 0, i;

	if (row->sha == NULL)
		return;
	(void)deploy_rollback_candidates(re->deps, re->ndeps, row->name, &c,
	    &nc);
	for (i = 0; i < nc && i < ENV_ROLLBACK_DELTAS; i++) {
		if (c[i].deployment->sha != NULL)
			(void)behind(f, rc, re, c[i].deployment->sha,
			    row->sha);
	}
	free(c);
}

/* The deploy workflow's runs not completed, and the environments each
 * waits for (pending_deployments): those environments have a deploy in
 * flight. Soft: a failure only leaves the marks out. */
static void
fetch_runs(struct env_fetch *f, const struct repo_conf *rc,
    struct repo_envs *re)
{
	struct pending_deployment *p = NULL;
	struct run *runs = NULL;
	size_t nruns = 0, np, i, j, k;
	struct buf b;
	char *path, *esc, *cause = NULL;
	long total;

	if (rc == NULL || rc->deploy_workflow == NULL)
		return;
	esc = envsrc_escape(rc->deploy_workflow, false);
	path = xasprintf("/repos/%s/actions/workflows/%s/runs?per_page=10",
	    re->repo, esc);
	free(esc);
	if (envsrc_get(f, path, &b, true) != 0 || ghparse_runs(b.data, b.len, &runs,
	    &nruns, &total, &cause) != 0) {
		free(cause);
		free(path);
		buf_done(&b);
		return;
	}
	free(path);
	buf_done(&b);
	for (i = 0; i < nruns && i < 10; i++) {
		if (run_completed(&runs[i]))
			continue;
		path = xasprintf("/repos/%s/actions/runs/%lld/"
		    "pending_deployments", re->repo, (long long)runs[i].id);
		np = 0;
		if (envsrc_get(f, path, &b, true) == 0 &&
		    ghparse_pending_deployments(b.data, b.len, &p, &np,
		    &cause) == 0) {
			for (j = 0; j < np; j++) {
				for (k = 0; k < re->nenvs; k++) {
					if (p[j].environment != NULL &&
					    strcmp(p[j].environment,
					    re->envs[k].name) == 0 &&
					    re->envs[k].in_flight_run == 0)
						re->envs[k].in_flight_run =
						    runs[i].id;
				}
			}
		}
		free(cause);
		cause = NULL;
		pending_deployments_free(p, np);
		p = NULL;
		free(path);
		buf_done(&b);
	}
	for (i = 0; i < nruns; i++)
		run_done(&runs[i]);
	free(runs);
}

struct repo_envs *
envsrc_build(struct env_fetch *f, const struct repo_conf *rc)
{
	struct repo_envs *re = xcalloc(1, sizeof *re);
	struct environment *envs = NULL;
	const char **order = NULL;
	char **configured = NULL, *path, *esc;
	size_t nenvs = 0, norder = 0, nconf, i, j;

	re->repo = xstrdup(rc->name);
	nconf = envconf_order(rc, &configured);
	if (fetch_head(f, re) != 0 ||
	    fetch_envs(f, re->repo, &envs, &nenvs) != 0)
		goto fail;
	path = xasprintf("/repos/%s/deployments?per_page=%d", re->repo,
	    ENVSRC_DEPLOYS_ALL);
	if (fetch_deployments(f, path, &re->deps, &re->ndeps) != 0) {
		free(path);
		goto fail;
	}
	free(path);
	deploy_sort(re->deps, re->ndeps);
	deploy_env_order((const char *const *)configured, nconf, envs, nenvs,
	    re->deps, re->ndeps, &order, &norder);
	if (norder > ENVSRC_MAX_ENVS)
		norder = ENVSRC_MAX_ENVS;
	re->envs = norder > 0 ? xcalloc(norder, sizeof *re->envs) : NULL;
	for (i = 0; i < norder; i++) {
		re->envs[i].name = xstrdup(order[i]);
		re->envs[i].configured = i < nconf;
	}
	re->nenvs = norder;
	free(order);
	for (i = 0; i < re->nenvs; i++) {
		esc = envsrc_escape(re->envs[i].name, false);
		path = xasprintf("/repos/%s/deployments?environment=%s&"
		    "per_page=%d", re->repo, esc, ENVSRC_DEPLOYS_PER_ENV);
		free(esc);
		if (fetch_deployments(f, path, &re->deps, &re->ndeps) != 0) {
			free(path);
			goto fail;
		}
		free(path);
	}
	deploy_sort(re->deps, re->ndeps);
	for (i = 0; i < re->nenvs; i++) {
		if (walk_statuses(f, re, re->envs[i].name) != 0)
			goto fail;
	}
	for (i = 0; i < re->nenvs; i++) {
		for (j = 0; j < nenvs; j++) {
			if (strcmp(envs[j].name, re->envs[i].name) == 0)
				break;
		}
		fill_row(f, re, &re->envs[i], j < nenvs);
	}
	fetch_runs(f, rc, re);
	for (i = 0; i < re->nenvs; i++) {
		if (i > 0)
			re->envs[i].behind_prev = behind(f, rc, re,
			    re->envs[i].sha, re->envs[i - 1].sha);
		/* The environment before runs the head: the same count. */
		if (i > 0 && re->head_sha != NULL && re->envs[i - 1].sha !=
		    NULL && strcmp(re->envs[i - 1].sha, re->head_sha) == 0)
			re->envs[i].behind_default = re->envs[i].behind_prev;
		else
			re->envs[i].behind_default = behind(f, rc, re,
			    re->envs[i].sha, re->head_sha != NULL ?
			    re->head_sha : re->default_branch);
		rollback_deltas(f, rc, re, &re->envs[i]);
	}
	/* A rate limit in an optional part still ends the poll: every
	 * further request would fail too, and the wait must be set. */
	if (f->failed)
		goto fail;
	environments_free(envs, nenvs);
	envconf_names_free(configured, nconf);
	if (f->note[0] != '\0')
		re->error = xstrdup(f->note);
	return re;
fail:
	environments_free(envs, nenvs);
	envconf_names_free(configured, nconf);
	repo_envs_free(&re);
	return NULL;
}
