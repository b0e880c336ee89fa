/* detail: requests from the UI, the bounded queue, the two scheduled jobs
 * that serve it, the jobs-of-a-run fetch and the snapshots. Logs are in
 * detailmodel_log.c, a run's review history in detail_appr.c. One mutex
 * guards the entries, the queue and the follow slot; no I/O happens under
 * it, only building and publishing snapshots. */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "opsdeck/apistatus.h"
#include "opsdeck/cachetrim.h"
#include "opsdeck/clock.h"
#include "opsdeck/detail.h"
#include "opsdeck/detailmodel.h"
#include "opsdeck/ghparse.h"
#include "opsdeck/ghclient.h"
#include "opsdeck/transport.h"
#include "opsdeck/log.h"
#include "opsdeck/remote.h"
#include "opsdeck/run.h"
#include "opsdeck/sched.h"
#include "opsdeck/source.h"
#include "opsdeck/store.h"
#include "opsdeck/worker.h"
#include "opsdeck/xalloc.h"

#include "detail_int.h"

#define DETAIL_IDLE_MS		(3600 * 1000)

struct detail *
detail_new(struct ghclient *gc, struct store *store,
    const struct detail_opts *o, char **cause)
{
	struct detail *d;
	const char *tmp;

	d = xcalloc(1, sizeof *d);
	d->gc = gc;
	d->store = store;
	if (o != NULL)
		d->o = *o;
	d->o.cache_dir = NULL;		/* not kept: log_dir is */
	if (d->o.max_log_bytes == 0)
		d->o.max_log_bytes = (size_t)256 << 20;
	if (d->o.follow_interval_s <= 0)
		d->o.follow_interval_s = 5;
	if (d->o.follow_lease_s <= 0)
		d->o.follow_lease_s = 60;
	if (d->o.max_pages <= 0)
		d->o.max_pages = 5;
	if (d->o.max_pages > 20)
		d->o.max_pages = 20;
	if (d->o.max_logs <= 0)
		d->o.max_logs = 4;
	if (d->o.min_secondary_wait_s <= 0)
		d->o.min_secondary_wait_s = 60;
	d->job_id[DETAIL_JOBS] = d->job_id[DETAIL_LOG] = -1;
	pthread_mutex_init(&d->lock, NULL);
	if ((tmp = getenv("TMPDIR")) == NULL || *tmp != '/')
		tmp = "/tmp";
	d->tmp_dir = xstrdup(tmp);
	if (o != NULL && o->cache_dir != NULL) {
		d->log_dir = xasprintf("%s/logs", o->cache_dir);
		if (detail_logs_init(d, cause) != 0) {
			detail_free(&d);
			return NULL;
		}
	}
	if (d->log_dir != NULL)
		d->log_trim = cachetrim_new(d->log_dir, d->o.cache_max_size,
		    d->o.cache_max_age_s);
	return d;
}

static void
detail_entry_free(struct detail_entry **ep)
{
	struct detail_entry *e = *ep;

	if (e == NULL)
		return;
	free(e->repo);
	free(e->key);
	free(e->error);
	detailmodel_jobset_unref(&e->jobs);
	detailmodel_apprset_unref(&e->appr);
	free(e->appr_error);
	detailmodel_text_unref(&e->text);
	free(e);
	*ep = NULL;
}

void
detail_free(struct detail **dp)
{
	struct detail *d;
	size_t i;

	if (dp == NULL || (d = *dp) == NULL)
		return;
	for (i = 0; i < d->nentries; i++)
		detail_entry_free(&d->entries[i]);
	pthread_mutex_destroy(&d->lock);
	cachetrim_free(&d->log_trim);
	free(d->log_dir);
	free(d->tmp_dir);
	free(d);
	*dp = NULL;
}

bool
detail_repo_ok(const char *repo)
{
	return repo != NULL && remote_slug_valid(repo, strlen(repo));
}

/* Called with the lock held: the entry as it now stands, to the store. */
static void
detail_publish(struct detail *d, struct detail_entry *e)
{
	struct detailmodel_jobs *dj;
	struct detailmodel_log *dl;
	struct snap *s = NULL;
	char *error = NULL;

	if (e->error != NULL)
		error = xstrdup(e->error);
	if (e->kind == DETAIL_JOBS) {
		dj = detailmodel_jobs_new(e->repo, e->id, e->jobs, e->total);
		dj->loading = e->state != DETAIL_IDLE;
		dj->error = error;
		dj->fetched_at = e->fetched_at;
		detailmodel_jobs_set_approvals(dj, e->appr, e->appr_error);
		s = snap_new(e->key, dj, detailmodel_jobs_free_void);
	} else {
		dl = detailmodel_log_new(e->repo, e->id, e->text);
		dl->loading = e->state != DETAIL_IDLE;
		dl->complete = e->complete;
		dl->following = d->follow == e;
		dl->evicted = e->evicted;
		dl->error = error;
		dl->fetched_at = e->fetched_at;
		s = snap_new(e->key, dl, detailmodel_log_free_void);
	}
	store_publish(d->store, STORE_DETAIL, s);
}

static void
detail_set_error(struct detail_entry *e, const char *why)
{
	free(e->error);
	e->error = why != NULL ? xstrdup(why) : NULL;
}

/* Lock held. Drops a log's text (publishing that) to bound memory. */
static void
detail_evict_text(struct detail *d, struct detail_entry *e)
{
	detailmodel_text_unref(&e->text);
	e->evicted = true;
	detail_publish(d, e);
}

/* Lock held. The least recently asked-for idle entry, not followed,
 * optionally only one holding text, never `keep`. */
static struct detail_entry *
detail_lru(struct detail *d, bool with_text, const struct detail_entry *keep)
{
	struct detail_entry *e, *best = NULL;
	size_t i;

	for (i = 0; i < d->nentries; i++) {
		e = d->entries[i];
		if (e == keep || e == d->follow || e->state != DETAIL_IDLE ||
		    (with_text && e->text == NULL))
			continue;
		if (best == NULL || e->used < best->used)
			best = e;
	}
	return best;
}

/* Lock held. Keeps at most max_logs texts mapped. */
static void
detail_bound_texts(struct detail *d, const struct detail_entry *keep)
{
	struct detail_entry *e;
	size_t i, n = 0;

	for (i = 0; i < d->nentries; i++)
		n += d->entries[i]->text != NULL;
	while (n > (size_t)d->o.max_logs &&
	    (e = detail_lru(d, true, keep)) != NULL) {
		detail_evict_text(d, e);
		n--;
	}
}

/* Lock held. The entry of (kind, repo, id), made if new (evicting the
 * least recently used idle one when the table is full). */
static struct detail_entry *
detail_entry_get(struct detail *d, enum detail_kind kind, const char *repo,
    int64_t id)
{
	struct detail_entry *e;
	char key[256];
	size_t i;
	int rc;

	for (i = 0; i < d->nentries; i++) {
		e = d->entries[i];
		if (e->kind == kind && e->id == id && strcmp(e->repo, repo) == 0)
			return e;
	}
	if (d->nentries == DETAIL_ENTRIES_MAX) {
		if ((e = detail_lru(d, false, NULL)) == NULL)
			return NULL;
		/* Its snapshot goes too, or the store keeps it for ever. */
		(void)store_remove(d->store, STORE_DETAIL, e->key);
		for (i = 0; d->entries[i] != e; i++)
			/* nothing */;
		detail_entry_free(&d->entries[i]);
		d->entries[i] = d->entries[--d->nentries];
	}
	rc = kind == DETAIL_JOBS ? detailmodel_jobs_key(key, sizeof key, repo, id) :
	    detailmodel_log_key(key, sizeof key, repo, id);
	/* No truncation: detail_repo_ok bounds repo to 201 bytes. */
	if (rc != 0)
		return NULL;
	e = xcalloc(1, sizeof *e);
	e->kind = kind;
	e->id = id;
	e->total = -1;
	e->repo = xstrdup(repo);
	e->key = xstrdup(key);
	d->entries[d->nentries++] = e;
	return e;
}

/* Lock held. Queues e (idle), dropping the oldest queued request when the
 * queue is full: newest wins. */
static void
detail_enqueue(struct detail *d, struct detail_entry *e)
{
	struct detail_entry *old = NULL;
	size_t i;
	char why[80];

	if (d->nqueued >= DETAIL_QUEUE_MAX) {
		for (i = 0; i < d->nentries; i++) {
			if (d->entries[i]->state == DETAIL_QUEUED &&
			    (old == NULL || d->entries[i]->qseq < old->qseq))
				old = d->entries[i];
		}
		if (old != NULL) {
			old->state = DETAIL_IDLE;
			d->nqueued--;
			snprintf(why, sizeof why, "not fetched: more than %d "
			    "requests waiting", DETAIL_QUEUE_MAX);
			detail_set_error(old, why);
			detail_publish(d, old);
		}
	}
	e->state = DETAIL_QUEUED;
	e->qseq = ++d->seq;
	d->nqueued++;
	detail_publish(d, e);
}

/* Lock held. The oldest queued request of a kind, now RUNNING. */
static struct detail_entry *
detail_pop(struct detail *d, enum detail_kind kind)
{
	struct detail_entry *e = NULL;
	size_t i;

	for (i = 0; i < d->nentries; i++) {
		if (d->entries[i]->kind == kind &&
		    d->entries[i]->state == DETAIL_QUEUED &&
		    (e == NULL || d->entries[i]->qseq < e->qseq))
			e = d->entries[i];
	}
	if (e != NULL) {
		e->state = DETAIL_RUNNING;
		d->nqueued--;
	}
	return e;
}

static void
detail_kick(struct detail *d, enum detail_kind kind)
{
	struct sched *s;
	int id;

	pthread_mutex_lock(&d->lock);
	s = d->sched;
	id = d->job_id[kind];
	pthread_mutex_unlock(&d->lock);
	if (s != NULL && id >= 0)
		sched_kick(s, id);
}

int
detail_want_jobs(struct detail *d, const char *repo, int64_t run_id)
{
	struct detail_entry *e;
	bool kick = false;

	if (d == NULL || !detail_repo_ok(repo) || run_id <= 0)
		return -1;
	pthread_mutex_lock(&d->lock);
	if ((e = detail_entry_get(d, DETAIL_JOBS, repo, run_id)) == NULL) {
		pthread_mutex_unlock(&d->lock);
		return -1;
	}
	e->used = ++d->seq;
	if (e->state == DETAIL_IDLE) {
		detail_enqueue(d, e);
		kick = true;
	}
	pthread_mutex_unlock(&d->lock);
	if (kick)
		detail_kick(d, DETAIL_JOBS);
	return 0;
}

/* Lock held. A log downloading for another entry stops: one log job
 * serves every log, and the one asked for last is the one looked at. */
static void
detail_preempt(struct detail *d, const struct detail_entry *newer)
{
	size_t i;

	for (i = 0; i < d->nentries; i++) {
		if (d->entries[i]->kind == DETAIL_LOG &&
		    d->entries[i]->state == DETAIL_RUNNING &&
		    d->entries[i] != newer)
			__atomic_store_n(&d->log_cancel, 1, __ATOMIC_RELAXED);
	}
}

int
detail_want_log(struct detail *d, const char *repo, int64_t job_id,
    bool follow)
{
	struct detail_entry *e, *old;
	int64_t now = clock_mono_ms();
	bool was;

	if (d == NULL || !detail_repo_ok(repo) || job_id <= 0)
		return -1;
	pthread_mutex_lock(&d->lock);
	if ((e = detail_entry_get(d, DETAIL_LOG, repo, job_id)) == NULL) {
		pthread_mutex_unlock(&d->lock);
		return -1;
	}
	e->used = ++d->seq;
	was = d->follow == e;
	if (follow && !e->complete) {
		if ((old = d->follow) != NULL && old != e) {
			d->follow = NULL;	/* one followed log at a time */
			detail_publish(d, old);
		}
		d->follow = e;
		d->follow_until_ms = now + (int64_t)d->o.follow_lease_s * 1000;
	} else if (was)
		d->follow = NULL;
	if (e->state != DETAIL_IDLE ||
	    (e->complete && e->text != NULL) ||
	    (follow && was && e->done_ms != 0 &&
	    now - e->done_ms < (int64_t)d->o.follow_interval_s * 1000)) {
		/* In flight, final already, or a lease renewal. */
		if (was != (d->follow == e))
			detail_publish(d, e);
		pthread_mutex_unlock(&d->lock);
		return 0;
	}
	detail_enqueue(d, e);
	detail_preempt(d, e);
	pthread_mutex_unlock(&d->lock);
	detail_kick(d, DETAIL_LOG);
	return 0;
}

void
detail_stop_follow(struct detail *d)
{
	struct detail_entry *e;

	if (d == NULL)
		return;
	pthread_mutex_lock(&d->lock);
	if ((e = d->follow) != NULL) {
		d->follow = NULL;
		detail_publish(d, e);
	}
	pthread_mutex_unlock(&d->lock);
}

bool
detail_known_complete(struct detail *d, const char *repo, int64_t job_id)
{
	const struct job *j;
	struct detail_entry *e;
	bool done = false;
	size_t i;

	pthread_mutex_lock(&d->lock);
	for (i = 0; i < d->nentries && !done; i++) {
		e = d->entries[i];
		if (e->kind != DETAIL_JOBS || strcmp(e->repo, repo) != 0)
			continue;
		/* Completed is final: a re-run makes a job with a new id. */
		j = detailmodel_jobset_find(e->jobs, job_id);
		done = j != NULL && j->status != NULL &&
		    strcmp(j->status, "completed") == 0;
	}
	pthread_mutex_unlock(&d->lock);
	return done;
}

bool
detail_waiting(struct detail *d, struct detail_result *res)
{
	time_t now = time(NULL), until = ghclient_wait_until(d->gc);

	if (until <= now)
		return false;
	ghclient_format_until(res->error, sizeof res->error, "not sent",
	    until);
	res->retry_at = until;
	return true;
}

void
detail_http_error(struct detail *d, const struct ghclient_response *r,
    enum ghclient_class k, const char *what, struct detail_result *res)
{
	time_t now = time(NULL), until;
	char why[200];

	if (k == GHCLIENT_RATE_PRIMARY || k == GHCLIENT_RATE_SECONDARY) {
		/* Every source shares the token's budget: all of them wait. */
		if (k == GHCLIENT_RATE_PRIMARY)
			until = r->rl_reset > now ? r->rl_reset : now + 60;
		else
			until = now + (r->http.retry_after >= 0 ?
			    r->http.retry_after : d->o.min_secondary_wait_s);
		ghclient_format_until(why, sizeof why, k ==
		    GHCLIENT_RATE_PRIMARY ? "primary" : "secondary", until);
		ghclient_set_wait(d->gc, until, why);
		res->retry_at = until;
	} else
		ghclient_describe(r, why, sizeof why);
	snprintf(res->error, sizeof res->error, "%s: %s", what, why);
}

/* The jobs of a run, following Link rel="next" verbatim (GitHub points it
 * at the /repositories/ID/... form) for at most max_pages pages. */
static void
detail_fetch_jobs(struct detail *d, struct transport *h, const char *repo,
    int64_t run_id, struct detail_result *res)
{
	struct ghclient_response r;
	struct job *jobs = NULL;
	size_t njobs = 0, i;
	long total = -1, page_total;
	char *url, *cause = NULL;
	enum ghclient_class k;
	int page, rc;

	if (detail_waiting(d, res))
		return;
	url = xasprintf("/repos/%s/actions/runs/%lld/jobs?per_page=100", repo,
	    (long long)run_id);
	for (page = 0; url != NULL && page < d->o.max_pages; page++) {
		ghclient_response_init(&r);
		res->sent = true;
		rc = ghclient_get(d->gc, h, url, 0, &r);
		k = ghclient_classify(&r);
		if (rc != 0 || (k != GHCLIENT_OK && k != GHCLIENT_NOT_MODIFIED))
			detail_http_error(d, &r, k, "jobs", res);
		else if (ghparse_jobs(r.http.body.data, r.http.body.len, &jobs,
		    &njobs, &page_total, &cause) != 0)
			snprintf(res->error, sizeof res->error,
			    "jobs: bad JSON: %s", cause);
		else if (total < 0)
			total = page_total;
		free(url);
		url = res->error[0] == '\0' && r.http.next_url != NULL ?
		    xstrdup(r.http.next_url) : NULL;
		ghclient_response_done(&r);
	}
	free(url);
	free(cause);
	if (res->error[0] != '\0') {
		for (i = 0; i < njobs; i++)
			job_done(&jobs[i]);
		free(jobs);
		return;
	}
	res->jobs = detailmodel_jobset_new(jobs, njobs);
	res->total = total >= (long)njobs ? total : (long)njobs;
	res->ok = true;
}

/* Lock held. The review history read with the jobs: a good one replaces
 * the old; a failure keeps it and says why. */
static void
detail_apply_appr(struct detail_entry *e, struct detail_result *res)
{
	if (!res->appr_tried)
		return;
	if (res->appr != NULL) {
		detailmodel_apprset_unref(&e->appr);
		e->appr = res->appr;
		res->appr = NULL;
	}
	free(e->appr_error);
	e->appr_error = res->appr_error[0] != '\0' ?
	    xstrdup(res->appr_error) : NULL;
}

/* Lock held. A finished fetch: new data replaces the old; a failure keeps
 * the old data and says why. */
static void
detail_apply(struct detail *d, struct detail_entry *e,
    struct detail_result *res)
{
	e->state = DETAIL_IDLE;
	e->done_ms = clock_mono_ms();
	detail_apply_appr(e, res);
	if (res->ok) {
		detailmodel_jobset_unref(&e->jobs);
		e->jobs = res->jobs;
		e->total = res->total;
		res->jobs = NULL;
		if (e->kind == DETAIL_LOG) {
			detailmodel_text_unref(&e->text);
			e->text = res->text;
			res->text = NULL;
			e->complete = res->complete;
			e->evicted = false;
		}
		e->fetched_at = time(NULL);
		detail_set_error(e, NULL);
	} else {
		log_warn("%s: %s", e->key, res->error);
		detail_set_error(e, res->error);
	}
	if (d->follow == e) {
		if (e->complete)
			d->follow = NULL;	/* final: nothing to follow */
		d->follow_next_ms = e->done_ms +
		    (int64_t)d->o.follow_interval_s * 1000;
		if (res->retry_at > time(NULL))
			d->follow_next_ms += ((int64_t)(res->retry_at -
			    time(NULL))) * 1000;
	}
	detail_publish(d, e);
	if (e->kind == DETAIL_LOG)
		detail_bound_texts(d, e);
}

static void
detail_run(struct detail *d, struct worker_ctx *w, struct detail_entry *e)
{
	struct detail_result res;

	memset(&res, 0, sizeof res);
	if (w == NULL || w->tp == NULL)
		snprintf(res.error, sizeof res.error, "no HTTP client");
	else if (e->kind == DETAIL_JOBS) {
		detail_fetch_jobs(d, w->tp, e->repo, e->id, &res);
		detail_fetch_approvals(d, w->tp, e->repo, e->id, &res);
	} else
		detail_fetch_log(d, w->tp, e->repo, e->id, &res);
	pthread_mutex_lock(&d->lock);
	detail_apply(d, e, &res);
	pthread_mutex_unlock(&d->lock);
	detailmodel_jobset_unref(&res.jobs);
	detailmodel_apprset_unref(&res.appr);
	detailmodel_text_unref(&res.text);
	if (res.sent)
		source_publish_status(d->store, d->gc, false);
}

/* Lock held. The followed log, now RUNNING, when its refresh is due; the
 * follow ends when its lease ran out. */
static struct detail_entry *
detail_follow_due(struct detail *d, int64_t now)
{
	struct detail_entry *e = d->follow;

	if (e == NULL || e->state != DETAIL_IDLE)
		return NULL;
	if (now >= d->follow_until_ms || e->complete) {
		d->follow = NULL;
		detail_publish(d, e);
		return NULL;
	}
	if (now < d->follow_next_ms)
		return NULL;
	e->state = DETAIL_RUNNING;
	detail_publish(d, e);
	return e;
}

/* Lock held. Until this kind's job has something to do. */
static int64_t
detail_delay(struct detail *d, enum detail_kind kind, int64_t now)
{
	int64_t t;
	size_t i;

	for (i = 0; i < d->nentries; i++) {
		if (d->entries[i]->kind == kind &&
		    d->entries[i]->state == DETAIL_QUEUED)
			return 0;
	}
	if (kind != DETAIL_LOG || d->follow == NULL)
		return DETAIL_IDLE_MS;
	t = d->follow_next_ms < d->follow_until_ms ? d->follow_next_ms :
	    d->follow_until_ms;
	return t > now ? t - now : 0;
}

static int64_t
detail_job(struct detail *d, enum detail_kind kind, void *ctx)
{
	struct detail_entry *e;
	int64_t delay;

	pthread_mutex_lock(&d->lock);
	/* QUEUED and RUNNING both show as loading: nothing to publish. */
	if ((e = detail_pop(d, kind)) == NULL && kind == DETAIL_LOG)
		e = detail_follow_due(d, clock_mono_ms());
	if (e != NULL && kind == DETAIL_LOG)
		__atomic_store_n(&d->log_cancel, 0, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&d->lock);
	if (e != NULL)
		detail_run(d, ctx, e);
	pthread_mutex_lock(&d->lock);
	delay = detail_delay(d, kind, clock_mono_ms());
	pthread_mutex_unlock(&d->lock);
	return delay;
}

static int64_t
detail_jobs_job(void *arg, void *ctx)
{
	return detail_job(arg, DETAIL_JOBS, ctx);
}

static int64_t
detail_logs_job(void *arg, void *ctx)
{
	return detail_job(arg, DETAIL_LOG, ctx);
}

int
detail_schedule(struct detail *d, struct sched *s)
{
	int jobs, logs;

	/* Due at once: anything asked for before this runs then. */
	if ((jobs = sched_add(s, "detail jobs", detail_jobs_job, d, 0)) < 0 ||
	    (logs = sched_add(s, "detail logs", detail_logs_job, d, 0)) < 0)
		return -1;
	pthread_mutex_lock(&d->lock);
	d->sched = s;
	d->job_id[DETAIL_JOBS] = jobs;
	d->job_id[DETAIL_LOG] = logs;
	pthread_mutex_unlock(&d->lock);
	return 0;
}

/* --- the source interface: jobs and logs on request only --- */

static void *
detail_source_create(const struct source_env *env, char **cause)
{
	struct detail_opts o;

	memset(&o, 0, sizeof o);
	o.cache_dir = env->cache_dir;
	o.cache_max_size = env->cache_max_size;
	o.cache_max_age_s = env->cache_max_age_s;
	return detail_new(env->github, env->store, &o, cause);
}

static int
detail_source_schedule(void *d, struct sched *s)
{
	return detail_schedule(d, s);
}

static void
detail_source_free(void *d)
{
	detail_free((struct detail **)&d);
}

const struct source_ops detail_source = {
	.name = "detail",
	.create = detail_source_create,
	.schedule = detail_source_schedule,
	.free = detail_source_free,
};
