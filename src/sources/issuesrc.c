/* issuesrc: the GitHub issues source (issuesrc.h): its [issues] keys, a
 * job per repository with its backoff, the paged conditional GET and what
 * is published to STORE_ISSUES. */
#include "config.h"

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "opsdeck/buf.h"
#include "opsdeck/conf.h"
#include "opsdeck/ghclient.h"
#include "opsdeck/ghparse_issues.h"
#include "opsdeck/governor.h"
#include "opsdeck/issuefile.h"
#include "opsdeck/issues.h"
#include "opsdeck/issuesrc.h"
#include "opsdeck/log.h"
#include "opsdeck/sched.h"
#include "opsdeck/source.h"
#include "opsdeck/store.h"
#include "opsdeck/transport.h"
#include "opsdeck/worker.h"
#include "opsdeck/xalloc.h"

#define BACKOFF_FIRST_S		5
#define BACKOFF_MAX_S		600
/* Issues change slower than runs: never polled faster than this. */
#define MIN_INTERVAL_S		60

#define K(f) offsetof(struct issues_conf, f)
static const struct conf_key issuesrc_keys[] = {
	{ "issues", "enabled", CONF_BOOL, 0, 1, K(enabled), NULL,
	    "read the open issues of every [repo] for the issues pane" },
	{ "issues", "labels", CONF_STR, 0, 0, K(labels), NULL,
	    "labels whose open issues the issues pane shows (globs)" },
};
#undef K

const struct conf_table issuesrc_conf_table = {
	.name = "issues",
	.keys = issuesrc_keys,
	.nkeys = sizeof issuesrc_keys / sizeof issuesrc_keys[0],
	.size = sizeof(struct issues_conf),
};

struct iss_repo {
	struct issuesrc	*is;
	const struct repo_conf *rc;	/* borrowed from the conf */
	int		 interval_s;
	int		 gov_slot;
	unsigned	 failures;
	struct repo_issues *last;	/* last good snapshot */
	bool		 shown_fresh;
};

struct issuesrc {
	struct ghclient	*gc;
	/* The comments a view asked for (the last ask wins), under lock:
	 * the UI thread asks, a worker reads. */
	pthread_mutex_t	 lock;
	char		*want_repo;
	int64_t		 want_number;
	struct sched	*sched;
	int		 comments_job;
	struct governor	*gov;
	struct store	*store;
	const char	*labels;	/* borrowed from the conf */
	struct iss_repo	**repos;
	size_t		 nrepos;
};

/* What one poll read. */
struct iss_fetch {
	struct repo_issues *ri;
	bool		 changed;	/* a 200 (not only 304s) */
	enum ghclient_class k;
	char		 why[256];
};

static void
publish(struct iss_repo *rp, struct repo_issues *ri)
{
	store_publish(rp->is->store, STORE_ISSUES,
	    snap_new(ri->repo, ri, repo_issues_free_void));
}

static void
publish_stale(struct iss_repo *rp, const char *why)
{
	struct repo_issues *ri;

	if (rp->last != NULL)
		ri = repo_issues_dup(rp->last);
	else {
		ri = xcalloc(1, sizeof *ri);
		ri->repo = xstrdup(rp->rc->name);
	}
	ri->stale = true;
	free(ri->error);
	ri->error = xstrdup(why);
	rp->shown_fresh = false;
	publish(rp, ri);
}

/* One page: 1 when there is a next one (*next malloc'd), 0 at the end,
 * -1 on failure (f->why). */
static int
fetch_page(struct iss_fetch *f, struct ghclient *gc, struct transport *tp,
    const char *url, char **next)
{
	struct ghclient_response r;
	char *cause = NULL;
	int rc = -1;

	*next = NULL;
	ghclient_response_init(&r);
	ghclient_get(gc, tp, url, 0, &r);
	f->k = ghclient_classify(&r);
	if (r.http.status == 410) {
		/* Issues turned off for the repository: a state, no error. */
		f->ri->disabled = true;
		f->changed = true;
		rc = 0;
	} else if (f->k == GHCLIENT_OK || f->k == GHCLIENT_NOT_MODIFIED) {
		if (f->k == GHCLIENT_OK)
			f->changed = true;
		if (ghparse_issues(r.http.body.data, r.http.body.len,
		    &f->ri->items, &f->ri->n, NULL, &cause) != 0) {
			f->k = GHCLIENT_CLIENT;
			snprintf(f->why, sizeof f->why, "issues: bad JSON: %s",
			    cause);
		} else {
			rc = r.http.next_url != NULL;
			if (rc)
				*next = xstrdup(r.http.next_url);
		}
		free(cause);
	} else {
		ghclient_describe(&r, f->why, sizeof f->why);
		f->changed = true;
	}
	ghclient_response_done(&r);
	return rc;
}

static struct repo_issues *
fetch(struct issuesrc *is, const struct repo_conf *rc, struct transport *tp,
    struct iss_fetch *f)
{
	char *url, *next = NULL;
	int page, rv = 1;

	memset(f, 0, sizeof *f);
	f->ri = xcalloc(1, sizeof *f->ri);
	f->ri->repo = xstrdup(rc->name);
	url = xasprintf("/repos/%s/issues?state=open&per_page=100", rc->name);
	for (page = 0; rv == 1 && page < ISSUESRC_MAX_PAGES; page++) {
		rv = fetch_page(f, is->gc, tp, url, &next);
		free(url);
		url = next;
	}
	if (rv == 1)
		f->ri->truncated = true;
	free(url);
	if (rv < 0) {
		repo_issues_free(&f->ri);
		return NULL;
	}
	if (rc->path != NULL) {
		/* Judged against every open issue, before the label filter. */
		issuefile_scan(rc->path, rc->name, &f->ri->files,
		    &f->ri->nfiles);
		issues_resolve_files(f->ri->files, f->ri->nfiles, rc->name,
		    f->ri->items, f->ri->n, !f->ri->truncated &&
		    !f->ri->disabled);
	}
	issues_filter(f->ri->items, &f->ri->n, is->labels);
	f->ri->patterns = is->labels != NULL ? xstrdup(is->labels) : NULL;
	issues_sort(f->ri->items, f->ri->n);
	f->ri->fetched_at = time(NULL);
	return f->ri;
}

static int64_t
backoff_ms(unsigned failures)
{
	unsigned n = failures < 8 ? failures : 8;
	int64_t base = (int64_t)BACKOFF_FIRST_S * 1000 << (n > 0 ? n - 1 : 0);

	return base < (int64_t)BACKOFF_MAX_S * 1000 ? base :
	    (int64_t)BACKOFF_MAX_S * 1000;
}

static bool
same_str(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Whether the clone's issue files read the same as last time: an edit
 * there must show even when GitHub answered 304. */
static bool
same_files(const struct repo_issues *a, const struct repo_issues *b)
{
	size_t i;

	if (a == NULL || b == NULL || a->nfiles != b->nfiles)
		return a == b;
	for (i = 0; i < a->nfiles; i++) {
		if (!same_str(a->files[i].name, b->files[i].name) ||
		    !same_str(a->files[i].title, b->files[i].title) ||
		    !same_str(a->files[i].link_repo, b->files[i].link_repo) ||
		    !same_str(a->files[i].labels, b->files[i].labels) ||
		    !same_str(a->files[i].reason, b->files[i].reason) ||
		    a->files[i].link_number != b->files[i].link_number ||
		    a->files[i].state != b->files[i].state)
			return false;
	}
	return true;
}

static int64_t
poll_repo(struct iss_repo *rp, struct transport *tp, int *ok)
{
	struct issuesrc *is = rp->is;
	struct iss_fetch f;
	struct repo_issues *ri;
	time_t now = time(NULL), wait = ghclient_wait_until(is->gc);
	char why[300];

	*ok = 0;
	if (wait > now) {
		ghclient_format_until(why, sizeof why, "waiting", wait);
		publish_stale(rp, why);
		return (int64_t)(wait - now) * 1000 + 500;
	}
	if ((ri = fetch(is, rp->rc, tp, &f)) != NULL) {
		*ok = 1;
		rp->failures = 0;
		if (!f.changed && rp->shown_fresh &&
		    same_files(ri, rp->last)) {
			repo_issues_free(&ri);
			return (int64_t)rp->interval_s * 1000;
		}
		repo_issues_free(&rp->last);
		rp->last = repo_issues_dup(ri);
		rp->shown_fresh = true;
		publish(rp, ri);
		source_publish_status(is->store, is->gc, false);
		return (int64_t)rp->interval_s * 1000;
	}
	rp->failures++;
	snprintf(why, sizeof why, "issues: %s", f.why);
	log_warn("%s: %s", rp->rc->name, why);
	publish_stale(rp, why);
	source_publish_status(is->store, is->gc, false);
	return backoff_ms(rp->failures);
}

static int64_t
repo_job(void *arg, void *ctx)
{
	struct iss_repo *rp = arg;
	struct worker_ctx *w = ctx;
	unsigned long sent0;
	int64_t wait, delay;
	int ok;

	if (w == NULL || w->tp == NULL)
		return 60000;
	if (rp->is->gov == NULL)
		return poll_repo(rp, w->tp, &ok);
	/* The one request budget of every GitHub source (governor.h). */
	if ((wait = governor_admit(rp->is->gov, rp->gov_slot)) > 0)
		return wait;
	sent0 = transport_sent(w->tp);
	delay = poll_repo(rp, w->tp, &ok);
	return governor_done(rp->is->gov, rp->gov_slot, delay,
	    (unsigned)(transport_sent(w->tp) - sent0));
}

/* --- the comments of one issue, on request --- */

#define COMMENTS_IDLE_MS	3600000	/* nothing asked: sleep till kicked */

static void
publish_comments(struct issuesrc *is, struct issue_comments *c)
{
	char *key = xasprintf("comments:%s:%lld", c->repo,
	    (long long)c->number);

	store_publish(is->store, STORE_DETAIL, snap_new(key, c,
	    issue_comments_free_void));
	free(key);
}

static void
fetch_comments(struct issuesrc *is, struct transport *tp, char *repo,
    int64_t number)
{
	struct ghclient_response r;
	struct issue_comments *c = xcalloc(1, sizeof *c);
	char *path, *cause = NULL, why[256];

	c->repo = repo;
	c->number = number;
	path = xasprintf("/repos/%s/issues/%lld/comments?per_page=100", repo,
	    (long long)number);
	ghclient_response_init(&r);
	ghclient_get(is->gc, tp, path, 0, &r);
	switch (ghclient_classify(&r)) {
	case GHCLIENT_OK:
	case GHCLIENT_NOT_MODIFIED:
		if (ghparse_issue_comments(r.http.body.data, r.http.body.len, c,
		    &cause) != 0)
			c->error = xasprintf("comments: bad JSON: %s", cause);
		c->more = r.http.next_url != NULL;
		break;
	default:
		ghclient_describe(&r, why, sizeof why);
		c->error = xasprintf("comments: %s", why);
		break;
	}
	free(cause);
	ghclient_response_done(&r);
	free(path);
	publish_comments(is, c);
}

static int64_t
comments_job(void *arg, void *ctx)
{
	struct issuesrc *is = arg;
	struct worker_ctx *w = ctx;
	char *repo;
	int64_t number;

	pthread_mutex_lock(&is->lock);
	repo = is->want_repo;
	number = is->want_number;
	is->want_repo = NULL;
	pthread_mutex_unlock(&is->lock);
	if (repo == NULL || w == NULL || w->tp == NULL) {
		free(repo);
		return COMMENTS_IDLE_MS;
	}
	fetch_comments(is, w->tp, repo, number);
	return COMMENTS_IDLE_MS;
}

void
issuesrc_want_comments(void *arg, const char *repo, int64_t number)
{
	struct issuesrc *is = arg;
	size_t i;

	/* Only a watched repository: the name goes into a URL path. */
	for (i = 0; i < is->nrepos && strcmp(is->repos[i]->rc->name, repo) !=
	    0; i++)
		;
	if (i == is->nrepos || number <= 0 || is->sched == NULL)
		return;
	pthread_mutex_lock(&is->lock);
	free(is->want_repo);
	is->want_repo = xstrdup(repo);
	is->want_number = number;
	pthread_mutex_unlock(&is->lock);
	sched_kick(is->sched, is->comments_job);
}

static void *
source_create(const struct source_env *env, char **cause)
{
	const struct issues_conf *ic;
	struct issuesrc *is;
	struct iss_repo *rp;
	size_t i;

	if (env->github == NULL) {
		*cause = xstrdup("issues: no GitHub client");
		return NULL;
	}
	ic = env->cfg != NULL ? conf_values(env->cfg, &issuesrc_conf_table) :
	    NULL;
	is = xcalloc(1, sizeof *is);
	pthread_mutex_init(&is->lock, NULL);
	is->comments_job = -1;
	is->gc = env->github;
	is->gov = ghclient_governor(env->github);
	is->store = env->store;
	is->labels = ic != NULL && ic->labels != NULL ? ic->labels :
	    ISSUES_DEFAULT_LABELS;
	for (i = 0; ic != NULL && ic->enabled && i < env->cfg->nrepos; i++) {
		rp = xcalloc(1, sizeof *rp);
		rp->is = is;
		rp->rc = &env->cfg->repos[i];
		rp->interval_s = rp->rc->interval_s > MIN_INTERVAL_S ?
		    rp->rc->interval_s : MIN_INTERVAL_S;
		rp->gov_slot = is->gov != NULL ? governor_slot(is->gov,
		    rp->rc->name, (int64_t)rp->interval_s * 1000) : -1;
		is->repos = xreallocarray(is->repos, is->nrepos + 1,
		    sizeof *is->repos);
		is->repos[is->nrepos++] = rp;
	}
	return is;
}

static int
source_schedule(void *arg, struct sched *s)
{
	struct issuesrc *is = arg;
	char *name;
	size_t i;
	int rc;

	for (i = 0; i < is->nrepos; i++) {
		name = xasprintf("issues %s", is->repos[i]->rc->name);
		rc = sched_add(s, name, repo_job, is->repos[i], 0);
		free(name);
		if (rc < 0)
			return -1;
	}
	if (is->nrepos == 0)
		return 0;
	/* Idle until a view asks (issuesrc_want_comments kicks it). */
	if ((is->comments_job = sched_add(s, "issue comments", comments_job,
	    is, COMMENTS_IDLE_MS)) < 0)
		return -1;
	is->sched = s;
	return 0;
}

static int
source_once(void *arg, struct worker_ctx *ctx)
{
	struct issuesrc *is = arg;
	size_t i;
	int ok, all = 1;

	if (ctx == NULL || ctx->tp == NULL)
		return -1;
	for (i = 0; i < is->nrepos; i++) {
		poll_repo(is->repos[i], ctx->tp, &ok);
		all &= ok;
	}
	if (is->nrepos > 0)
		source_publish_status(is->store, is->gc, true);
	return all ? 0 : -1;
}

static void
source_free(void *arg)
{
	struct issuesrc *is = arg;
	size_t i;

	if (is == NULL)
		return;
	for (i = 0; i < is->nrepos; i++) {
		repo_issues_free(&is->repos[i]->last);
		free(is->repos[i]);
	}
	free(is->repos);
	free(is->want_repo);
	pthread_mutex_destroy(&is->lock);
	free(is);
}

const struct source_ops issuesrc_source = {
	.name = "issues",
	.conf = &issuesrc_conf_table,
	.create = source_create,
	.schedule = source_schedule,
	.poll_once = source_once,
	.free = source_free,
};
