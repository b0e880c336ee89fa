/* github: the per-repository poll jobs of the Actions runs (and the jobs
 * of the runs that matter), backoff and rate-limit waits, and what is
 * published: a poll whose answers are all 304 and that changes nothing on
 * screen publishes nothing and wakes nothing. */
#include "config.h"

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "opsdeck/apistatus.h"
#include "opsdeck/ghparse.h"
#include "opsdeck/github.h"
#include "opsdeck/ghclient.h"
#include "opsdeck/governor.h"
#include "opsdeck/transport.h"
#include "opsdeck/log.h"
#include "opsdeck/run.h"
#include "opsdeck/sched.h"
#include "opsdeck/source.h"
#include "opsdeck/store.h"
#include "opsdeck/worker.h"
#include "opsdeck/xalloc.h"

#define BACKOFF_FIRST_S		5
#define BACKOFF_MAX_S		600
#define AUTH_RETRY_S		300
/* An unchanged poll still republishes once the shown data is this old, so
 * that the header's data age ("<1m" under a minute) stays true for any
 * interval up to 30 s: the age seen is at most this plus one interval. */
#define REFRESH_AGE_S		25
/* A run not updated for this long is settled, whatever its status says
 * (a queued run no runner will ever take). */
#define ACTIVE_MAX_AGE_S	3600

struct gh_repo {
	struct github	*gh;
	char		*slug;
	int		 interval_s;
	int		 fast_s;
	int		 gov_slot;	/* in the governor; -1 = none */
	unsigned	 failures;
	uint64_t	 rng;		/* jitter; per repo, no global state */
	struct repo_runs *last;		/* last good model, for stale copies */
	bool		 changed;	/* this poll got a 200 or a failure */
	/* The first page that built the last model, and whether it was
	 * alone (no Link) and the build asked nothing more (quiet). A 304
	 * for those same bytes would build the same model again, so the
	 * model is copied instead (the JSON parse was a third of an idle
	 * console's CPU, bench/idle.sh); a 304 for other bytes (another
	 * console sharing the cache stored a newer answer) is a change. */
	struct buf_mark	 built;
	bool		 quiet;
	/* What the store shows for this repository (by this poller). */
	bool		 shown_fresh;	/* neither stale nor absent */
	char		*shown_error;	/* a jobs failure on fresh data */
	time_t		 shown_at;	/* its fetched_at */
};

struct github {
	struct ghclient *gc;
	struct governor	*gov;		/* the client's; NULL without one */
	struct store	*store;
	struct github_opts o;
	struct gh_repo	**repos;
	size_t		 nrepos;
};

struct github *
github_new(struct ghclient *gc, struct store *store,
    const struct github_opts *o, char **cause)
{
	struct github *gh;

	(void)cause;	/* nothing fails but memory, which aborts */
	gh = xcalloc(1, sizeof *gh);
	gh->gc = gc;
	gh->gov = gc != NULL ? ghclient_governor(gc) : NULL;
	gh->store = store;
	if (o != NULL)
		gh->o = *o;
	if (gh->o.per_page <= 0 || gh->o.per_page > 100)
		gh->o.per_page = 30;
	if (gh->o.max_jobs_fetch <= 0)
		gh->o.max_jobs_fetch = 5;
	if (gh->o.max_run_pages <= 0)
		gh->o.max_run_pages = 1;
	if (gh->o.max_run_pages > 10)
		gh->o.max_run_pages = 10;
	if (gh->o.min_secondary_wait_s <= 0)
		gh->o.min_secondary_wait_s = 60;
	if (gh->o.once_retry_ms <= 0)
		gh->o.once_retry_ms = 250;
	if (gh->o.refresh_age_s <= 0)
		gh->o.refresh_age_s = REFRESH_AGE_S;
	if (gh->o.active_max_age_s <= 0)
		gh->o.active_max_age_s = ACTIVE_MAX_AGE_S;
	return gh;
}

void
github_free(struct github **ghp)
{
	struct github *gh;
	size_t i;

	if (ghp == NULL || (gh = *ghp) == NULL)
		return;
	for (i = 0; i < gh->nrepos; i++) {
		free(gh->repos[i]->slug);
		free(gh->repos[i]->shown_error);
		repo_runs_free(&gh->repos[i]->last);
		free(gh->repos[i]);
	}
	free(gh->repos);
	free(gh);
	*ghp = NULL;
}

static uint64_t
next_random(struct gh_repo *rp)
{
	rp->rng ^= rp->rng << 13;
	rp->rng ^= rp->rng >> 7;
	rp->rng ^= rp->rng << 17;
	return rp->rng;
}

int
github_add_repo(struct github *gh, const char *slug, int interval_s,
    int fast_interval_s)
{
	struct gh_repo *rp;
	const char *p;

	rp = xcalloc(1, sizeof *rp);
	gh->repos = xreallocarray(gh->repos, gh->nrepos + 1, sizeof *gh->repos);
	rp->slug = xstrdup(slug);
	rp->gh = gh;
	rp->interval_s = interval_s > 0 ? interval_s : 30;
	rp->fast_s = fast_interval_s > 0 ? fast_interval_s : 5;
	rp->rng = 0x9e3779b97f4a7c15ULL ^ (uint64_t)time(NULL);
	for (p = slug; *p != '\0'; p++)
		rp->rng = (rp->rng ^ (unsigned char)*p) * 0x100000001b3ULL;
	if (rp->rng == 0)
		rp->rng = 1;
	rp->gov_slot = gh->gov != NULL ? governor_slot(gh->gov, slug,
	    (int64_t)rp->interval_s * 1000) : -1;
	gh->repos[gh->nrepos++] = rp;
	return 0;
}

static bool
same_str(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Published only when something shown changed, or when forced (the end
 * of --once, whose report prints the request counters as well). */
static void
publish_status(struct github *gh, bool force)
{
	source_publish_status(gh->store, gh->gc, force);
}

static void
publish_runs(struct github *gh, struct repo_runs *rr)
{
	store_publish(gh->store, STORE_PIPELINES,
	    snap_new(rr->repo, rr, repo_runs_free_void));
}

/* The last good data (or nothing) marked stale with why and when next. */
static void
publish_stale(struct gh_repo *rp, const char *why, time_t retry_at)
{
	struct repo_runs *rr;

	if (rp->last != NULL)
		rr = repo_runs_dup(rp->last);
	else {
		rr = xcalloc(1, sizeof *rr);
		rr->repo = xstrdup(rp->slug);
	}
	rr->stale = true;
	free(rr->error);
	rr->error = xstrdup(why);
	rr->retry_at = retry_at;
	rp->shown_fresh = false;
	publish_runs(rp->gh, rr);
}

/* Fresh data: published unless this poll saw only 304s, the store already
 * shows the same model fresh with the same error, and its age is still
 * shown as it is. Takes rr. */
static void
publish_fresh(struct gh_repo *rp, struct repo_runs *rr)
{
	if (!rp->changed && rp->shown_fresh &&
	    same_str(rp->shown_error, rr->error) &&
	    rr->fetched_at - rp->shown_at < rp->gh->o.refresh_age_s) {
		repo_runs_free(&rr);
		return;
	}
	repo_runs_free(&rp->last);
	rp->last = repo_runs_dup(rr);
	rp->shown_fresh = true;
	free(rp->shown_error);
	rp->shown_error = rr->error != NULL ? xstrdup(rr->error) : NULL;
	rp->shown_at = rr->fetched_at;
	publish_runs(rp->gh, rr);
}

static int
wants_jobs(const struct run *r, int *failed_budget)
{
	switch (verdict_of(r->status, r->conclusion)) {
	case VERDICT_RUNNING:
	case VERDICT_QUEUED:
	case VERDICT_ACTION:
		return 1;
	case VERDICT_FAILED:
		if (*failed_budget > 0) {
			(*failed_budget)--;
			return 1;
		}
		return 0;
	default:
		return 0;
	}
}

#define JOBS_MAX_PAGES	5

/* Why a jobs request failed goes on the repository: a rate limit there
 * stops every repository like any other, and bad JSON is not hidden. */
enum jobs_rc { JOBS_OK, JOBS_FAILED, JOBS_RATE_LIMITED };

static int64_t rate_limited(struct gh_repo *, const struct ghclient_response *,
    enum ghclient_class, char *, size_t);

static enum jobs_rc
jobs_failure(struct gh_repo *rp, struct run *r, struct ghclient_response *resp,
    enum ghclient_class k, const char *cause, char *why, size_t size)
{
	char what[200];

	if (k == GHCLIENT_RATE_PRIMARY || k == GHCLIENT_RATE_SECONDARY) {
		rate_limited(rp, resp, k, why, size);
		return JOBS_RATE_LIMITED;
	}
	if (cause != NULL)
		snprintf(what, sizeof what, "bad JSON: %s", cause);
	else
		ghclient_describe(resp, what, sizeof what);
	snprintf(why, size, "jobs of run %lld: %s", (long long)r->id, what);
	return JOBS_FAILED;
}

/* The jobs of one run, following Link rel="next" verbatim (GitHub may
 * point it at another URL form) for at most JOBS_MAX_PAGES pages. */
static enum jobs_rc
fetch_jobs(struct gh_repo *rp, struct transport *h, struct run *r, char *why,
    size_t size)
{
	struct ghclient_response resp;
	struct job *jobs = NULL;
	size_t njobs = 0, i;
	long total = -1, page_total;
	char *url, *cause = NULL;
	enum ghclient_class k;
	enum jobs_rc rc = JOBS_OK;
	int page;

	url = xasprintf("/repos/%s/actions/runs/%lld/jobs?per_page=100",
	    rp->slug, (long long)r->id);
	for (page = 0; url != NULL && page < JOBS_MAX_PAGES; page++) {
		ghclient_response_init(&resp);
		if (ghclient_get(rp->gh->gc, h, url, 0, &resp) != 0 ||
		    ((k = ghclient_classify(&resp)) != GHCLIENT_OK &&
		    k != GHCLIENT_NOT_MODIFIED) ||
		    ghparse_jobs(resp.http.body.data, resp.http.body.len, &jobs,
		    &njobs, &page_total, &cause) != 0) {
			k = ghclient_classify(&resp);
			rp->changed = true;
			rc = jobs_failure(rp, r, &resp, k, cause, why, size);
			log_warn("%s: %s", rp->slug, why);
			ghclient_response_done(&resp);
			break;
		}
		if (total < 0)
			total = page_total;
		if (k != GHCLIENT_NOT_MODIFIED)
			rp->changed = true;
		free(url);
		url = resp.http.next_url != NULL ?
		    xstrdup(resp.http.next_url) : NULL;
		ghclient_response_done(&resp);
	}
	free(url);
	free(cause);
	if (rc != JOBS_OK) {
		for (i = 0; i < njobs; i++)
			job_done(&jobs[i]);
		free(jobs);
		return rc;
	}
	r->jobs = jobs;
	r->njobs = njobs;
	/* GitHub's count may be anything: past INT_MAX it saturates. */
	if (total < (long)njobs)
		total = (long)njobs;
	r->njobs_total = total > INT_MAX ? INT_MAX : (int)total;
	r->njobs_done = 0;
	for (i = 0; i < njobs; i++) {
		if (jobs[i].status != NULL &&
		    strcmp(jobs[i].status, "completed") == 0)
			r->njobs_done++;
	}
	return JOBS_OK;
}

/* A completed run whose jobs the last poll fetched, unchanged since
 * (same attempt, same update time), keeps them: no request at all. */
static int
reuse_jobs(const struct gh_repo *rp, struct run *r)
{
	const struct run *o;
	size_t i;

	if (rp->last == NULL || !run_completed(r))
		return 0;
	for (i = 0; i < rp->last->nruns; i++) {
		o = &rp->last->runs[i];
		if (o->id == r->id && o->njobs_total >= 0 && run_completed(o) &&
		    o->run_attempt == r->run_attempt &&
		    o->updated_at == r->updated_at) {
			run_copy_jobs(r, o);
			return 1;
		}
	}
	return 0;
}

bool
github_run_active(const struct run *r, time_t now, long max_age_s)
{
	if (r->status == NULL || strcmp(r->status, "completed") == 0)
		return false;
	/* No update time: nothing says it is old. */
	return r->updated_at == 0 || now - r->updated_at <= max_age_s;
}

int
github_want_interval(const struct repo_runs *rr, int interval_s,
    int fast_s, long max_age_s, time_t now)
{
	size_t i;

	for (i = 0; i < rr->nruns; i++) {
		if (github_run_active(&rr->runs[i], now, max_age_s))
			return fast_s;
	}
	return interval_s;
}

/* Drops runs from index n0 on that an earlier page already listed: new
 * runs arriving between two page requests shift the list down. */
static void
drop_repeated(struct repo_runs *rr, size_t n0)
{
	size_t i, j, keep = n0;

	for (i = n0; i < rr->nruns; i++) {
		for (j = 0; j < n0 && rr->runs[j].id != rr->runs[i].id; j++)
			/* nothing */;
		if (j < n0)
			run_done(&rr->runs[i]);
		else
			rr->runs[keep++] = rr->runs[i];
	}
	rr->nruns = keep;
}

/* Appends the runs of the pages after the first, following Link
 * rel="next" verbatim, up to max_run_pages in all. A page that fails ends
 * the walk: the newest runs (page 1) are what matters. */
static void
fetch_more_runs(struct gh_repo *rp, struct transport *h, const char *next,
    struct repo_runs *rr)
{
	struct ghclient_response resp;
	enum ghclient_class k;
	char *url, *cause = NULL;
	long total;
	size_t n0;
	int page;

	url = next != NULL ? xstrdup(next) : NULL;
	for (page = 1; url != NULL && page < rp->gh->o.max_run_pages; page++) {
		ghclient_response_init(&resp);
		n0 = rr->nruns;
		if (ghclient_get(rp->gh->gc, h, url, 0, &resp) != 0 ||
		    ((k = ghclient_classify(&resp)) != GHCLIENT_OK &&
		    k != GHCLIENT_NOT_MODIFIED) ||
		    ghparse_runs(resp.http.body.data, resp.http.body.len,
		    &rr->runs, &rr->nruns, &total, &cause) != 0) {
			log_warn("%s runs page %d: %s", rp->slug, page + 1,
			    cause != NULL ? cause : "request failed");
			rp->changed = true;
			ghclient_response_done(&resp);
			break;
		}
		drop_repeated(rr, n0);
		if (k != GHCLIENT_NOT_MODIFIED)
			rp->changed = true;
		free(url);
		url = resp.http.next_url != NULL ?
		    xstrdup(resp.http.next_url) : NULL;
		ghclient_response_done(&resp);
	}
	free(url);
	free(cause);
}

/* Parses a runs body (and the pages after it, when next is set) and fills
 * in the jobs of the runs that matter. h NULL: no requests at all. */
static struct repo_runs *
build_model(struct gh_repo *rp, struct transport *h, const struct buf *body,
    const char *next, char **cause)
{
	struct repo_runs *rr;
	enum jobs_rc jrc;
	char why[256];
	long total;
	size_t i;
	int failed_budget = 2, fetched = 0;

	rr = xcalloc(1, sizeof *rr);
	rr->repo = xstrdup(rp->slug);
	if (ghparse_runs(body->data, body->len, &rr->runs, &rr->nruns, &total,
	    cause) != 0) {
		repo_runs_free(&rr);
		return NULL;
	}
	if (h != NULL && next != NULL)
		fetch_more_runs(rp, h, next, rr);
	for (i = 0; i < rr->nruns && h != NULL; i++) {
		if (fetched >= rp->gh->o.max_jobs_fetch)
			break;
		if (!wants_jobs(&rr->runs[i], &failed_budget))
			continue;
		if (reuse_jobs(rp, &rr->runs[i]))
			continue;	/* settled: its jobs cannot change */
		jrc = fetch_jobs(rp, h, &rr->runs[i], why, sizeof why);
		if (jrc != JOBS_OK && rr->error == NULL)
			rr->error = xstrdup(why);
		if (jrc == JOBS_RATE_LIMITED)
			break;	/* every further request would fail too */
		fetched++;
	}
	repo_runs_sort(rr);
	return rr;
}

/* The model of a first page: the last one again when the page is the
 * same bytes that built it quietly, else built (and whether quietly). */
static struct repo_runs *
model_of(struct gh_repo *rp, struct transport *h,
    const struct ghclient_response *r, enum ghclient_class k, char **cause)
{
	const struct buf *body = &r->http.body;
	struct repo_runs *rr;
	unsigned long sent = transport_sent(h);
	bool alone = r->http.next_url == NULL, same;

	same = buf_mark_is(&rp->built, body);
	if (k == GHCLIENT_NOT_MODIFIED && !same)
		rp->changed = true;
	if (k == GHCLIENT_NOT_MODIFIED && same && alone && rp->quiet &&
	    rp->last != NULL)
		return repo_runs_dup(rp->last);
	rp->built.set = rp->quiet = false;
	if ((rr = build_model(rp, h, body, r->http.next_url, cause)) == NULL)
		return NULL;
	buf_mark_set(&rp->built, body);
	rp->quiet = alone && rr->error == NULL && transport_sent(h) == sent;
	return rr;
}

static int64_t
backoff_ms(struct gh_repo *rp)
{
	int64_t base;
	unsigned n = rp->failures < 8 ? rp->failures : 8;

	base = (int64_t)BACKOFF_FIRST_S * 1000 << (n > 0 ? n - 1 : 0);
	if (base > (int64_t)BACKOFF_MAX_S * 1000)
		base = (int64_t)BACKOFF_MAX_S * 1000;
	/* Full jitter over the upper half keeps consoles from syncing. */
	return base / 2 + (int64_t)(next_random(rp) % (uint64_t)(base / 2 + 1));
}

/* A rate limit stops every repository: they share the token's budget. */
static int64_t
rate_limited(struct gh_repo *rp, const struct ghclient_response *r,
    enum ghclient_class k, char *why, size_t size)
{
	time_t now = time(NULL), until;
	unsigned n;
	long secs;

	if (k == GHCLIENT_RATE_PRIMARY) {
		until = r->rl_reset > now ? r->rl_reset : now + 60;
		ghclient_format_until(why, size, "primary", until);
	} else {
		/* The minimum first, then doubling while it persists. */
		n = rp->failures > 1 ? rp->failures - 1 : 0;
		secs = r->http.retry_after >= 0 ? r->http.retry_after :
		    (long)rp->gh->o.min_secondary_wait_s << (n < 4 ? n : 4);
		if (secs > TRANSPORT_MAX_DELAY_S)
			secs = TRANSPORT_MAX_DELAY_S;
		until = now + secs;
		ghclient_format_until(why, size, "secondary", until);
	}
	ghclient_set_wait(rp->gh->gc, until, why);
	return (int64_t)(until - now) * 1000 + 500;
}

static int
get_with_retries(struct gh_repo *rp, struct transport *h, const char *path,
    int once, struct ghclient_response *r)
{
	struct timespec ts;
	enum ghclient_class k;
	int attempt, ms;

	for (attempt = 0; ; attempt++) {
		ghclient_response_init(r);
		ghclient_get(rp->gh->gc, h, path, 0, r);
		k = ghclient_classify(r);
		if (!once || attempt >= rp->gh->o.once_retries ||
		    (k != GHCLIENT_SERVER && k != GHCLIENT_TRANSPORT))
			return k;
		ghclient_response_done(r);
		/* --once has no scheduler: back off in place, briefly. */
		ms = rp->gh->o.once_retry_ms << attempt;
		ts.tv_sec = ms / 1000;
		ts.tv_nsec = (long)(ms % 1000) * 1000000;
		nanosleep(&ts, NULL);
	}
}

/* One poll of one repository; returns the delay until the next one. */
static int64_t
poll_repo(struct gh_repo *rp, struct transport *h, int once, int *ok)
{
	struct github *gh = rp->gh;
	struct ghclient_response r;
	struct repo_runs *rr;
	enum ghclient_class k;
	char *path, why[256], *cause = NULL;
	time_t now = time(NULL), wait = ghclient_wait_until(gh->gc);
	unsigned long sent0 = transport_sent(h);
	int64_t delay;

	*ok = 0;
	if (wait > now) {
		ghclient_format_until(why, sizeof why, "waiting", wait);
		publish_stale(rp, why, wait);
		delay = (int64_t)(wait - now) * 1000 + 500;
		/* Gives back its turn (nothing sent: not stretched). */
		if (gh->gov != NULL)
			governor_done(gh->gov, rp->gov_slot, delay, 0);
		publish_status(gh, false);
		return delay;
	}
	path = xasprintf("/repos/%s/actions/runs?per_page=%d", rp->slug,
	    gh->o.per_page);
	k = get_with_retries(rp, h, path, once, &r);
	free(path);
	rp->changed = k != GHCLIENT_NOT_MODIFIED;
	if (k == GHCLIENT_OK || k == GHCLIENT_NOT_MODIFIED) {
		if ((rr = model_of(rp, h, &r, k, &cause)) != NULL) {
			rr->fetched_at = time(NULL);
			rp->failures = 0;
			delay = (int64_t)github_want_interval(rr,
			    rp->interval_s, rp->fast_s, gh->o.active_max_age_s,
			    rr->fetched_at) * 1000;
			if (r.poll_interval > 0 && delay < r.poll_interval * 1000)
				delay = (int64_t)r.poll_interval * 1000;
			publish_fresh(rp, rr);
			*ok = 1;
			goto out;
		}
		rp->failures++;
		snprintf(why, sizeof why, "bad JSON: %s", cause);
		delay = backoff_ms(rp);
	} else if (k == GHCLIENT_RATE_PRIMARY || k == GHCLIENT_RATE_SECONDARY) {
		rp->failures++;
		delay = rate_limited(rp, &r, k, why, sizeof why);
	} else {
		rp->failures++;
		ghclient_describe(&r, why, sizeof why);
		delay = backoff_ms(rp);
		if (k == GHCLIENT_AUTH && delay < AUTH_RETRY_S * 1000)
			delay = AUTH_RETRY_S * 1000;
	}
	log_warn("%s: %s", rp->slug, why);
	publish_stale(rp, why, time(NULL) + (time_t)(delay / 1000));
out:
	/* Stretched when many repositories want more than the budget. */
	if (gh->gov != NULL)
		delay = governor_done(gh->gov, rp->gov_slot, delay,
		    (unsigned)(transport_sent(h) - sent0));
	publish_status(gh, false);
	free(cause);
	ghclient_response_done(&r);
	return delay;
}

static int64_t
repo_job(void *arg, void *ctx)
{
	struct gh_repo *rp = arg;
	struct worker_ctx *w = ctx;
	int64_t wait;
	int ok;

	if (w == NULL || w->tp == NULL)
		return 60000;
	/* Not its turn in the shared budget yet: come back when it is. */
	if (rp->gh->gov != NULL &&
	    (wait = governor_admit(rp->gh->gov, rp->gov_slot)) > 0)
		return wait;
	return poll_repo(rp, w->tp, 0, &ok);
}

int
github_schedule(struct github *gh, struct sched *s)
{
	char *name;
	size_t i;
	int rc;

	for (i = 0; i < gh->nrepos; i++) {
		name = xasprintf("github %s", gh->repos[i]->slug);
		rc = sched_add(s, name, repo_job, gh->repos[i], 0);
		free(name);
		if (rc < 0)
			return -1;
	}
	return 0;
}

void
github_publish_cached(struct github *gh)
{
	struct gh_repo *rp;
	struct repo_runs *rr;
	struct buf body;
	char *path, *cause = NULL;
	size_t i;
	int rc;

	for (i = 0; i < gh->nrepos; i++) {
		rp = gh->repos[i];
		path = xasprintf("/repos/%s/actions/runs?per_page=%d",
		    rp->slug, gh->o.per_page);
		rc = ghclient_cached(gh->gc, path, &body);
		free(path);
		if (rc != 0)
			continue;
		rr = build_model(rp, NULL, &body, NULL, &cause);
		buf_done(&body);
		free(cause);
		cause = NULL;
		if (rr == NULL)
			continue;
		rp->last = rr;
		publish_stale(rp, "cached", 0);
	}
}

int
github_poll_once(struct github *gh, struct transport *h)
{
	size_t i;
	int ok, all = 1;

	for (i = 0; i < gh->nrepos; i++) {
		poll_repo(gh->repos[i], h, 1, &ok);
		all &= ok;
	}
	/* The report prints the request counters too: the final ones. */
	publish_status(gh, true);
	return all ? 0 : -1;
}

/* --- the source interface --- */

#define G(f) offsetof(struct github_conf, f)
static const struct conf_key github_keys[] = {
	{ "github", "api-url", CONF_URL, 0, 0, G(api_url), NULL,
	    "the API base: https://HOST/api/v3 for GitHub Enterprise Server" },
	{ "github", "api-version", CONF_STR, 0, 0, G(api_version), NULL,
	    "the X-GitHub-Api-Version header" },
	{ "github", "token-command", CONF_CMD, 0, 0, G(token_command), NULL,
	    "a command printing the token (e.g. gh auth token), no shell" },
	{ "github", "enterprise-hosts", CONF_HOSTS, 0, 0, G(enterprise_hosts),
	    NULL, "GitHub Enterprise hosts an origin remote may name" },
	{ "github", "connect-timeout", CONF_DUR, 1, 300, G(connect_timeout_s),
	    NULL, "connect timeout of a request" },
	{ "github", "timeout", CONF_DUR, 1, 600, G(timeout_s), NULL,
	    "total timeout of a request" },
	{ "github", "per-page", CONF_INT, 1, 100, G(per_page), NULL,
	    "runs read per poll of a repository" },
	{ "github", "allow-insecure", CONF_BOOL, 0, 1, G(allow_insecure), NULL,
	    "allow a plain http:// api-url to a host other than loopback" },
	{ "github", "log-timeout", CONF_DUR, 5, 86400, G(log_timeout_s), NULL,
	    "total time a job log's download may take" },
	{ "github", "max-requests-per-minute", CONF_INT, 0, 5000,
	    G(max_requests_per_minute), NULL,
	    "request budget of every GitHub source together; 0 = unlimited" },
	{ "github", "max-connections", CONF_INT, 1, 64, G(max_connections),
	    NULL, "requests in flight to the API at once" },
	{ "github", "active-max-age", CONF_DUR, 60, 604800,
	    G(active_max_age_s), NULL,
	    "a run not updated for this long is settled (slow interval)" },
	{ "ui", "interval", CONF_DUR, 5, 3600, G(interval_s), NULL,
	    "poll interval of a repository" },
	{ "ui", "fast-interval", CONF_DUR, 1, 3600, G(fast_interval_s), NULL,
	    "poll interval while a run is in progress" },
};
#undef G

static int
github_conf_finish(void *values, char **why)
{
	const struct github_conf *gc = values;

	if (gc->api_url != NULL && gc->api_version != NULL)
		return 0;
	*why = xstrdup("built-in defaults incomplete: [github] api-url");
	return -1;
}

const struct conf_table github_conf_table = {
	.name = "github",
	.keys = github_keys,
	.nkeys = sizeof github_keys / sizeof github_keys[0],
	.size = sizeof (struct github_conf),
	.finish = github_conf_finish,
};

static void *
github_source_create(const struct source_env *env, char **cause)
{
	const struct github_conf *gc = conf_values(env->cfg,
	    &github_conf_table);
	struct github_opts go;
	struct github *gh;
	size_t i;

	memset(&go, 0, sizeof go);
	go.per_page = gc->per_page;
	go.once_retries = 2;
	go.active_max_age_s = gc->active_max_age_s;
	if ((gh = github_new(env->github, env->store, &go, cause)) == NULL)
		return NULL;
	for (i = 0; i < env->cfg->nrepos; i++)
		github_add_repo(gh, env->cfg->repos[i].name,
		    env->cfg->repos[i].interval_s, gc->fast_interval_s);
	return gh;
}

static int
github_source_schedule(void *gh, struct sched *s)
{
	return github_schedule(gh, s);
}

static void
github_source_cached(void *gh)
{
	github_publish_cached(gh);
}

static int
github_source_once(void *gh, struct worker_ctx *ctx)
{
	if (ctx == NULL || ctx->tp == NULL)
		return -1;
	return github_poll_once(gh, ctx->tp);
}

static void
github_source_free(void *gh)
{
	github_free((struct github **)&gh);
}

const struct source_ops github_source = {
	.name = "github",
	.conf = &github_conf_table,
	.create = github_source_create,
	.schedule = github_source_schedule,
	.publish_cached = github_source_cached,
	.poll_once = github_source_once,
	.free = github_source_free,
};
