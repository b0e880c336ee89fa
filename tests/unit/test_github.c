/* test_github: http and github against tests/fakehub on 127.0.0.1:
 * conditional requests, token hygiene across hosts, rate limits, stale data
 * and recovery, timeouts, bad JSON, bounded pagination, and a scheduled
 * poller that backs off and stops within a second. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#include "opsdeck/apistatus.h"
#include "opsdeck/buf.h"
#include "opsdeck/github.h"
#include "opsdeck/ghclient.h"
#include "opsdeck/transport.h"
#include "opsdeck/xalloc.h"
#include "opsdeck/run.h"
#include "opsdeck/sched.h"
#include "opsdeck/store.h"
#include "opsdeck/worker.h"
#include "../tap.h"
#include "../ghpair.h"
#include "../hub.h"

#define REPO	"octo/hello"
#define RUNS	"/repos/" REPO "/actions/runs?per_page=30"
#define TOKEN	"ghp_TESTtoken0123456789abcdefghijklmnopq"

static char	 tmpdir[64], base[64], other[64];
static pid_t	 hub_pid = -1;

static void
hub_stop(void)
{
	hub_kill(&hub_pid);
}

static void
hub_start(void)
{
	hub_pid = hub_spawn(tmpdir, "basic", 180, 15.0, base, sizeof base);
	/* The same server under another host name: another origin. */
	snprintf(other, sizeof other, "http://localhost:%s", base + 17);
}

/* A control request (json NULL: GET). Returns the body, caller frees. */
static char *
hub_control(const char *path, const char *json)
{
	struct buf b;
	char p[128];

	snprintf(p, sizeof p, "/__control/%s", path);
	hub_fetch_url(base, p, json, 10, &b);
	return b.data != NULL ? b.data : strdup("");
}

static void
hub_post(const char *path, const char *json)
{
	free(hub_control(path, json));
}

static void
hub_fault(const char *kind, int count, int seconds)
{
	char json[256];

	snprintf(json, sizeof json, "{\"path\": \"/actions/runs$\", "
	    "\"kind\": \"%s\", \"count\": %d, \"seconds\": %d}", kind, count,
	    seconds);
	hub_post("fault", json);
}

/* The fake's request log (API traffic only). */
static json_t *
hub_requests(void)
{
	char *body = hub_control("requests", NULL);
	json_t *j = json_loads(body, 0, NULL);

	free(body);
	return j != NULL ? j : json_array();
}

/* How many logged requests have a path ending in suffix. */
static size_t
count_path(json_t *reqs, const char *suffix)
{
	size_t i, n = 0, sl = strlen(suffix), pl;
	const char *p;

	for (i = 0; i < json_array_size(reqs); i++) {
		p = json_string_value(json_object_get(json_array_get(reqs, i),
		    "path"));
		if (p != NULL && (pl = strlen(p)) >= sl &&
		    strcmp(p + pl - sl, suffix) == 0)
			n++;
	}
	return n;
}

static size_t
runs_requests(void)
{
	json_t *r = hub_requests();
	size_t n = count_path(r, "/actions/runs");

	json_decref(r);
	return n;
}

static struct ghpair *
shared(const char *cache, long timeout_s)
{
	struct transport_opts to;
	struct ghclient_opts o;
	struct ghpair *sh;
	char *dir;

	dir = xasprintf("%s/%s", tmpdir, cache);
	memset(&to, 0, sizeof to);
	to.cache_dir = dir;
	to.connect_timeout_s = 2;
	to.timeout_s = timeout_s;
	memset(&o, 0, sizeof o);
	o.api_url = base;
	o.token = TOKEN;
	sh = ghpair_new(&to, &o);
	free(dir);
	return sh;
}

/* A copy of what the store holds for the repo (NULL: nothing). */
static struct repo_runs *
published(struct store *st)
{
	struct snapset *set = store_acquire(st, STORE_PIPELINES);
	struct snap *s = snapset_find(set, REPO);
	struct repo_runs *rr = s != NULL ? repo_runs_dup(snap_data(s)) : NULL;

	store_release(&set);
	return rr;
}

static struct api_status *
published_status(struct store *st)
{
	struct snapset *set = store_acquire(st, STORE_STATUS);
	struct snap *s = snapset_find(set, "github");
	struct api_status *a = s != NULL ? api_status_dup(snap_data(s)) : NULL;

	store_release(&set);
	return a;
}

static void
test_conditional(void)
{
	struct ghpair *sh = shared("c1", 10);
	struct transport *h = transport_new(sh->ts);
	struct ghclient_response r1, r2;
	json_t *reqs, *last;

	hub_post("reset", "{}");
	ghclient_response_init(&r1);
	ghclient_response_init(&r2);
	is_int(ghclient_get(sh->gc, h, RUNS, 0, &r1), 0, "first GET");
	is_int(r1.http.status, 200, "first GET: 200");
	ok(r1.http.etag != NULL && r1.http.body.len > 0, "with an ETag and a body");
	is_int(r1.rl_limit, 5000, "x-ratelimit-limit read");
	ok(r1.rl_remaining >= 0 && r1.rl_used >= 1 && r1.rl_reset > 0,
	    "remaining, used and reset read");
	is_str(r1.rl_resource, "core", "x-ratelimit-resource read");
	ok(r1.http.content_type != NULL &&
	    strncmp(r1.http.content_type, "application/json", 16) == 0,
	    "content type read");
	is_int(ghclient_classify(&r1), GHCLIENT_OK, "classified OK");
	is_int(ghclient_get(sh->gc, h, RUNS, 0, &r2), 0, "second GET");
	is_int(r2.http.status, 304, "second GET: 304");
	ok(r2.http.not_modified && r2.http.from_cache, "not_modified and from_cache");
	is_int(ghclient_classify(&r2), GHCLIENT_NOT_MODIFIED, "classified NOT_MODIFIED");
	ok(r2.http.body.len == r1.http.body.len &&
	    memcmp(r2.http.body.data, r1.http.body.data, r1.http.body.len) == 0,
	    "the cached body is returned");
	reqs = hub_requests();
	last = json_array_get(reqs, json_array_size(reqs) - 1);
	is_str(json_string_value(json_object_get(last, "if_none_match")),
	    r1.http.etag, "If-None-Match carried the ETag byte for byte");
	ok(json_is_true(json_object_get(last, "authorization")),
	    "the API origin got Authorization");
	is_str(json_string_value(json_object_get(last, "auth_scheme")),
	    "Bearer", "as Bearer");
	is_str(json_string_value(json_object_get(last, "accept")),
	    "application/vnd.github+json", "Accept");
	is_str(json_string_value(json_object_get(last, "api_version")),
	    "2022-11-28", "X-GitHub-Api-Version");
	ok(strncmp(json_string_value(json_object_get(last, "user_agent")),
	    "opsdeck/", 8) == 0, "User-Agent opsdeck/VERSION");
	json_decref(reqs);
	ghclient_response_done(&r1);
	ghclient_response_done(&r2);
	transport_free(&h);
	ghpair_free(&sh);
}

/* 127.0.0.1 and localhost are the same server but different origins. */
static void
test_token_origin(void)
{
	struct ghpair *sh = shared("c2", 10);
	struct transport *h = transport_new(sh->ts);
	struct ghclient_response r;
	json_t *sc, *reqs, *e;
	char path[512], *dump, url[256];
	size_t i, blobs = 0, blob_auth = 0, api_auth = 0;

	snprintf(path, sizeof path, "%s/tests/fakehub/scenarios/basic.json",
	    OD_SRCDIR);
	sc = json_load_file(path, 0, NULL);
	json_object_set_new(sc, "log_host", json_string("localhost"));
	dump = json_dumps(sc, 0);
	hub_post("scenario", dump);
	free(dump);
	json_decref(sc);
	hub_post("reset", "{}");

	ghclient_response_init(&r);
	ghclient_get(sh->gc, h, "/repos/" REPO "/actions/jobs/399444496/logs", GHCLIENT_FOLLOW,
	    &r);
	is_int(r.http.status, 200, "log redirect followed to a 200");
	ok(r.http.body.len > 0 && r.http.from_cache == 0, "log body, not cached");
	ghclient_response_done(&r);
	snprintf(url, sizeof url, "%s" RUNS, other);
	ghclient_response_init(&r);
	ghclient_get(sh->gc, h, url, 0, &r);
	is_int(r.http.status, 200, "a URL on another origin is fetched");
	ghclient_response_done(&r);

	reqs = hub_requests();
	for (i = 0; i < json_array_size(reqs); i++) {
		e = json_array_get(reqs, i);
		if (strncmp(json_string_value(json_object_get(e, "path")),
		    "/_blob/", 7) == 0) {
			blobs++;
			blob_auth += json_is_true(json_object_get(e,
			    "authorization"));
		} else if (strncmp(json_string_value(json_object_get(e,
		    "host")), "127.0.0.1:", 10) == 0)
			api_auth += json_is_true(json_object_get(e,
			    "authorization"));
	}
	is_int(blobs, 1, "the redirect target was fetched once");
	is_int(blob_auth, 0, "the redirect to localhost got no Authorization");
	is_int(api_auth, 1, "the API request itself had it");
	is_int(json_array_size(reqs), 3, "three requests in all");
	e = json_array_get(reqs, 2);
	ok(!json_is_true(json_object_get(e, "authorization")),
	    "a full URL on localhost got no Authorization");
	json_decref(reqs);
	transport_free(&h);
	ghpair_free(&sh);
}

struct env {
	struct ghpair *sh;
	struct transport *h;
	struct store	*st;
	struct github	*gh;
};

static void
env_open(struct env *e, const char *cache, long timeout_s,
    const struct github_opts *o)
{
	char *cause = NULL;

	e->sh = shared(cache, timeout_s);
	e->h = transport_new(e->sh->ts);
	e->st = store_new(-1);
	if ((e->gh = github_new(e->sh->gc, e->st, o, &cause)) == NULL ||
	    github_add_repo(e->gh, REPO, 30, 5) != 0) {
		printf("Bail out! github_new: %s\n", cause);
		exit(1);
	}
}

static void
env_close(struct env *e)
{
	github_free(&e->gh);
	store_free(&e->st);
	transport_free(&e->h);
	ghpair_free(&e->sh);
}

static void
test_stale_and_recovery(void)
{
	struct github_opts o = { .once_retries = 0 };
	struct repo_runs *rr;
	struct env e;
	size_t i;
	int jobs_fetched = 0;

	env_open(&e, "c3", 10, &o);
	hub_post("reset", "{}");
	is_int(github_poll_once(e.gh, e.h), 0, "good poll: 0");
	rr = published(e.st);
	ok(rr != NULL && !rr->stale && rr->error == NULL && rr->nruns == 3,
	    "good poll: 3 fresh runs");
	for (i = 0; rr != NULL && i < rr->nruns; i++) {
		if (rr->runs[i].id == 30433644)
			ok(rr->runs[i].njobs_total == 3 &&
			    rr->runs[i].njobs_done == 1,
			    "in-progress run: jobs 1 of 3 done");
		jobs_fetched += rr->runs[i].njobs_total >= 0;
	}
	is_int(jobs_fetched, 2, "jobs fetched for the running and the failed run");
	ok(rr != NULL && rr->nruns == 3 &&
	    verdict_of(rr->runs[0].status, rr->runs[0].conclusion) ==
	    VERDICT_FAILED, "sorted: the failure first");
	repo_runs_free(&rr);

	hub_fault("500", 1, 0);
	is_int(github_poll_once(e.gh, e.h), -1, "500: -1");
	rr = published(e.st);
	ok(rr != NULL && rr->stale, "500: stale");
	is_str(rr != NULL ? rr->error : NULL, "HTTP 500 Internal Server Error",
	    "500: the reason");
	ok(rr != NULL && rr->nruns == 3, "500: the last runs kept");
	ok(rr != NULL && rr->retry_at > time(NULL), "500: retry time set");
	repo_runs_free(&rr);

	is_int(github_poll_once(e.gh, e.h), 0, "recovery: 0");
	rr = published(e.st);
	ok(rr != NULL && !rr->stale && rr->error == NULL && rr->nruns == 3,
	    "recovery: fresh again");
	ok(rr != NULL && rr->fetched_at >= time(NULL) - 5,
	    "a 304 still refreshes fetched_at");
	repo_runs_free(&rr);

	hub_fault("malformed", 1, 0);
	github_poll_once(e.gh, e.h);
	rr = published(e.st);
	ok(rr != NULL && rr->stale && rr->error != NULL &&
	    strncmp(rr->error, "bad JSON: ", 10) == 0 && rr->nruns == 3,
	    "malformed JSON: stale, 'bad JSON: ...', runs kept");
	if (rr != NULL && rr->error != NULL)
		printf("# %s\n", rr->error);
	repo_runs_free(&rr);

	hub_fault("permission", 1, 0);
	github_poll_once(e.gh, e.h);
	rr = published(e.st);
	ok(rr != NULL && rr->error != NULL &&
	    strstr(rr->error, "actions=read") != NULL,
	    "permission 403 names the permission");
	ok(rr != NULL && rr->retry_at >= time(NULL) + 250,
	    "permission 403 is not retried fast");
	repo_runs_free(&rr);
	env_close(&e);
}

static void
test_rate_limits(void)
{
	struct github_opts o = { .once_retries = 0,
	    .min_secondary_wait_s = 7 };
	struct api_status *a;
	struct repo_runs *rr;
	struct env e;
	json_t *reqs;
	const char *reset;
	size_t before;
	time_t t0;

	env_open(&e, "c4", 10, &o);
	hub_post("reset", "{}");
	hub_fault("ratelimit", 1, 120);
	is_int(github_poll_once(e.gh, e.h), -1, "primary: -1");
	reqs = hub_requests();
	reset = json_string_value(json_object_get(json_array_get(reqs, 0),
	    "ratelimit_reset"));
	a = published_status(e.st);
	ok(a != NULL && reset != NULL &&
	    a->wait_until == (time_t)strtoll(reset, NULL, 10),
	    "primary: wait_until is x-ratelimit-reset");
	ok(a != NULL && a->remaining == 0, "primary: budget 0");
	api_status_free(&a);
	json_decref(reqs);
	rr = published(e.st);
	ok(rr != NULL && rr->stale && strstr(rr->error, "(primary)") != NULL,
	    "primary: stale, 'rate limited until ... (primary)'");
	repo_runs_free(&rr);
	before = runs_requests();
	github_poll_once(e.gh, e.h);
	is_int(runs_requests(), before, "primary: nothing sent before reset");
	env_close(&e);

	env_open(&e, "c5", 10, &o);
	hub_post("reset", "{}");
	hub_fault("secondary-noretry", 1, 0);
	t0 = time(NULL);
	github_poll_once(e.gh, e.h);
	a = published_status(e.st);
	ok(a != NULL && a->wait_until >= t0 + 7 && a->wait_until <= t0 + 9,
	    "secondary without retry-after waits the minimum");
	ok(a != NULL && a->wait_reason != NULL &&
	    strstr(a->wait_reason, "secondary") != NULL,
	    "secondary: wait_reason says so");
	api_status_free(&a);
	env_close(&e);
}

static void
test_timeout_and_pages(void)
{
	struct github_opts o = { .once_retries = 0, .per_page = 1,
	    .max_run_pages = 2 };
	struct repo_runs *rr;
	struct env e;
	json_t *reqs;
	double t0, dt;

	env_open(&e, "c6", 2, &o);
	hub_post("reset", "{}");
	hub_fault("timeout", 1, 6);
	t0 = now_s();
	github_poll_once(e.gh, e.h);
	dt = now_s() - t0;
	ok(dt >= 1.5 && dt < 4.5, "timeout 2 s: gave up in %.1f s", dt);
	rr = published(e.st);
	/* Issue 8: a network error names the host that failed. */
	is_str(rr != NULL ? rr->error : NULL, "127.0.0.1: timed out after 2 s",
	    "timeout: the reason, with the host");
	repo_runs_free(&rr);

	hub_post("reset", "{}");
	is_int(github_poll_once(e.gh, e.h), 0, "paginated poll: 0");
	reqs = hub_requests();
	is_int(count_path(reqs, "/actions/runs"), 2,
	    "two runs pages of three, as bounded");
	ok(strstr(json_string_value(json_object_get(json_array_get(reqs, 1),
	    "query")), "page=2") != NULL, "the second page came from Link");
	json_decref(reqs);
	rr = published(e.st);
	ok(rr != NULL && rr->nruns == 2, "two runs kept");
	repo_runs_free(&rr);
	env_close(&e);

	o.max_run_pages = 0;	/* the default: the newest page only */
	env_open(&e, "c7", 2, &o);
	hub_post("reset", "{}");
	github_poll_once(e.gh, e.h);
	is_int(runs_requests(), 1, "by default one runs page");
	env_close(&e);
}

/* Waits (bounded) until the store's repo is stale == want. */
static int
wait_stale(struct store *st, int want, double limit)
{
	struct repo_runs *rr;
	double t0 = now_s();
	int got = -1;

	while (now_s() - t0 < limit) {
		if ((rr = published(st)) != NULL)
			got = rr->stale;
		repo_runs_free(&rr);
		if (got == want)
			return 0;
		nap_ms(50);
	}
	return -1;
}

static void
test_scheduled(void)
{
	struct github_opts o = { 0 };
	struct sched *s;
	struct env e;
	json_t *reqs;
	double t_stale, t0, dt;
	int i, held = 0;

	env_open(&e, "c8", 20, &o);
	hub_post("reset", "{}");
	hub_fault("500", 1, 0);
	s = sched_new(1, worker_ctx_new, worker_ctx_free, e.sh->ts);
	transport_shared_set_stop_flag(e.sh->ts, sched_stop_flag(s));
	github_schedule(e.gh, s);
	sched_start(s);
	is_int(wait_stale(e.st, 1, 10), 0, "scheduled: a 500 makes it stale");
	t_stale = now_s();
	is_int(wait_stale(e.st, 0, 10), 0, "scheduled: recovers by itself");
	dt = now_s() - t_stale;
	ok(dt >= 2.0 && dt <= 6.0, "after a backoff with jitter (%.1f s)", dt);

	/* A request hanging in flight must not hold up the stop. */
	hub_post("reset", "{}");
	hub_fault("timeout", 1, 20);
	sched_kick_all(s);
	for (i = 0; i < 200 && !held; i++) {
		reqs = hub_requests();
		held = count_path(reqs, "/actions/runs") > 0;
		json_decref(reqs);
		if (!held)
			nap_ms(50);
	}
	ok(held, "a request is hanging");
	t0 = now_s();
	sched_stop(s);
	dt = now_s() - t0;
	ok(dt < 0.5, "stop with a request in flight took %.2f s", dt);
	sched_free(&s);
	env_close(&e);
}

/* Issue 9: a poll whose answers are all 304 and that changes nothing shown
 * publishes nothing: no generation moves and no wake byte is written. One
 * repository is never polled twice at once, so when the fourth poll's
 * runs request is in the fake's log, the second and third are over. */
static void
test_quiet_304(void)
{
	struct github_opts o = { 0 };
	struct ghpair *sh = shared("c10", 10);
	struct repo_runs *shown;
	struct transport *tp;
	struct store *st;
	struct github *gh;
	struct sched *s;
	uint64_t gp, gs;
	char *cause = NULL, byte;
	json_t *reqs;
	size_t n, runs304 = 0, i;
	int wake[2], k, drained = 0;

	if (pipe(wake) != 0 || fcntl(wake[0], F_SETFL, O_NONBLOCK) != 0 ||
	    fcntl(wake[1], F_SETFL, O_NONBLOCK) != 0) {
		ok(0, "quiet 304: pipe");
		return;
	}
	st = store_new(wake[1]);
	gh = github_new(sh->gc, st, &o, &cause);
	github_add_repo(gh, REPO, 3600, 3600);
	hub_post("reset", "{}");
	s = sched_new(1, worker_ctx_new, worker_ctx_free, sh->ts);
	transport_shared_set_stop_flag(sh->ts, sched_stop_flag(s));
	github_schedule(gh, s);
	sched_start(s);
	is_int(wait_stale(st, 0, 10), 0, "quiet 304: the first poll published");
	/* The first poll's status goes out after its runs: wait for it. */
	for (k = 0; k < 200 && store_generation(st, STORE_STATUS) == 0; k++)
		nap_ms(50);
	for (k = 1; k <= 3; k++) {
		/* Until poll k's own requests are over: its runs request is
		 * answered 304 and poll k+1 cannot start before it ends. */
		if (k == 1) {
			gp = store_generation(st, STORE_PIPELINES);
			gs = store_generation(st, STORE_STATUS);
			while (read(wake[0], &byte, 1) == 1)
				drained++;
		}
		sched_kick_all(s);
		for (i = 0, n = 0; i < 200; i++) {
			reqs = hub_requests();
			for (n = 0, runs304 = 0; n < json_array_size(reqs);
			    n++) {
				json_t *r = json_array_get(reqs, n);
				const char *p = json_string_value(
				    json_object_get(r, "path"));

				if (p != NULL && strcmp(p, "/repos/" REPO
				    "/actions/runs") == 0)
					runs304 += json_integer_value(
					    json_object_get(r, "status")) == 304;
			}
			json_decref(reqs);
			if (runs304 >= (size_t)k)
				break;
			nap_ms(50);
		}
	}
	ok(runs304 >= 3, "quiet 304: three more polls, each a 304 (%zu)",
	    runs304);
	ok(drained > 0, "quiet 304: the first poll did wake the UI");
	is_int((long)store_generation(st, STORE_PIPELINES), (long)gp,
	    "quiet 304: no runs published");
	is_int((long)store_generation(st, STORE_STATUS), (long)gs,
	    "quiet 304: no status published");
	ok(read(wake[0], &byte, 1) < 0 && errno == EAGAIN,
	    "quiet 304: no wake byte");
	sched_stop(s);
	sched_free(&s);
	transport_shared_set_stop_flag(sh->ts, NULL);	/* it was the sched's */
	github_free(&gh);

	/* The data's age is part of what is shown: past refresh_age_s an
	 * unchanged poll republishes (here 1 s: wait for the clock, bounded). */
	o.refresh_age_s = 1;
	gh = github_new(sh->gc, st, &o, &cause);
	github_add_repo(gh, REPO, 3600, 3600);
	tp = transport_new(sh->ts);
	github_poll_once(gh, tp);
	gp = store_generation(st, STORE_PIPELINES);
	shown = published(st);
	for (k = 0; k < 60 && shown != NULL && time(NULL) <= shown->fetched_at;
	    k++)
		nap_ms(50);
	github_poll_once(gh, tp);
	ok(store_generation(st, STORE_PIPELINES) > gp,
	    "refresh: past refresh_age_s the same data is republished");
	repo_runs_free(&shown);
	transport_free(&tp);
	github_free(&gh);
	store_free(&st);
	close(wake[0]);
	close(wake[1]);
	ghpair_free(&sh);
}

static void
fault_json(const char *json)
{
	hub_post("fault", json);
}

/* Issue 8: total_count past INT_MAX saturates instead of wrapping. */
static void
test_total_count(void)
{
	struct github_opts o = { .once_retries = 0 };
	struct repo_runs *rr;
	struct env e;
	size_t i;
	int seen = 0;

	env_open(&e, "c11", 10, &o);
	hub_post("reset", "{}");
	fault_json("{\"path\": \"/runs/30433644/jobs$\", \"kind\": \"body\", "
	    "\"body\": \"{\\\"total_count\\\": 3000000000, \\\"jobs\\\": []}\"}");
	github_poll_once(e.gh, e.h);
	rr = published(e.st);
	for (i = 0; rr != NULL && i < rr->nruns; i++) {
		if (rr->runs[i].id != 30433644)
			continue;
		seen = 1;
		is_int(rr->runs[i].njobs_total, INT_MAX,
		    "total_count 3e9: INT_MAX jobs, not a negative count");
	}
	ok(seen, "total_count: the run is there");
	repo_runs_free(&rr);
	env_close(&e);
}

/* Issue 8: hostile delay headers end to end: clamped to an hour from now,
 * garbage absent, a reset in the past not a wait for ever. */
static void
test_hostile_delays(void)
{
	static const struct {
		const char *kind, *header, *value;
		long lo, hi;		/* wait_until - now */
		const char *what;
	} cases[] = {
		{ "secondary", "Retry-After", "9223372036854775807", 3590, 3601,
		  "retry-after 2^63-1: an hour" },
		{ "secondary", "Retry-After", "-5", -1, 1,
		  "retry-after negative: now, not never" },
		{ "secondary", "Retry-After", "soon", 6, 9,
		  "retry-after garbage: absent, the minimum" },
		{ "secondary", "Retry-After", "0", -1, 1, "retry-after 0: now" },
		{ "ratelimit", "X-RateLimit-Reset", "99999999999999", 3590, 3601,
		  "reset far off: an hour" },
		{ "ratelimit", "X-RateLimit-Reset", "1", 58, 62,
		  "reset in the past: the minute's wait" },
	};
	struct github_opts o = { .once_retries = 0,
	    .min_secondary_wait_s = 7 };
	struct api_status *a;
	struct repo_runs *rr;
	struct env e;
	char cache[16], json[512];
	time_t t0;
	size_t i;
	long got;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(cache, sizeof cache, "h%zu", i);
		env_open(&e, cache, 10, &o);
		hub_post("reset", "{}");
		snprintf(json, sizeof json, "{\"path\": \"/actions/runs$\", "
		    "\"kind\": \"%s\", \"seconds\": 30, \"headers\": "
		    "{\"%s\": \"%s\"}}", cases[i].kind, cases[i].header,
		    cases[i].value);
		fault_json(json);
		t0 = time(NULL);
		github_poll_once(e.gh, e.h);
		a = published_status(e.st);
		rr = published(e.st);
		got = a != NULL && a->wait_until != 0 ?
		    (long)(a->wait_until - t0) : 0;
		ok(got >= cases[i].lo && got <= cases[i].hi, "%s (%ld s)",
		    cases[i].what, got);
		ok(rr != NULL && rr->stale && rr->retry_at >= t0 - 1 &&
		    rr->retry_at <= t0 + 3601, "%s: the retry is due",
		    cases[i].what);
		api_status_free(&a);
		repo_runs_free(&rr);
		env_close(&e);
	}
}

/* Issue 8: a network error names the host, never the URL's query nor
 * the token. Port 1 of 127.0.0.1 refuses the connection. */
static void
test_error_host(void)
{
	struct transport_opts to;
	struct ghclient_opts go;
	struct ghpair *p;
	struct transport *h;
	struct ghclient_response r;
	char why[300];

	memset(&to, 0, sizeof to);
	to.connect_timeout_s = 2;
	to.timeout_s = 2;
	memset(&go, 0, sizeof go);
	go.api_url = "http://127.0.0.1:1";
	go.token = TOKEN;
	p = ghpair_new(&to, &go);
	h = transport_new(p->ts);
	ghclient_response_init(&r);
	is_int(ghclient_get(p->gc, h, "/repos/o/r/actions/runs?sig=hunter2",
	    0, &r), -1, "refused: a transport error");
	ghclient_describe(&r, why, sizeof why);
	ok(strncmp(why, "127.0.0.1: ", 11) == 0 && strlen(why) > 12,
	    "refused: the host first (%s)", why);
	ok(strstr(why, "hunter2") == NULL && strchr(why, '?') == NULL &&
	    strstr(why, "ghp_") == NULL, "refused: no query, no token");
	ghclient_response_done(&r);
	transport_free(&h);
	ghpair_free(&p);
}

/* Issue 9: a user of the transport alone (Prometheus, a probe) on the very
 * handle the GitHub client just used sends no token and neither spends
 * nor reads the budget. */
/* A settled first page answered 304 is not parsed again (the last model
 * is copied) only while the 304's bytes are those that built it: another
 * console sharing the cache directory may have stored a newer answer
 * under a newer ETag, which the next 304 then carries. */
static void
scenario_title(const char *title)
{
	char *json = xasprintf("{\"repos\": [{\"name\": \"" REPO "\", "
	    "\"runs\": [{\"id\": 71, \"name\": \"CI\", \"workflow_id\": 1, "
	    "\"branch\": \"main\", \"event\": \"push\", \"actor\": \"me\", "
	    "\"title\": \"%s\", \"created\": -600, \"duration\": 90, "
	    "\"states\": [{\"at\": -600, \"status\": \"completed\", "
	    "\"conclusion\": \"success\"}]}]}]}", title);

	hub_post("scenario", json);
	free(json);
}

static void
test_304_copy(void)
{
	struct github_opts o = { .once_retries = 0 };
	struct repo_runs *rr;
	struct env a, b;
	json_t *reqs, *last;
	size_t before;
	char *json;
	int i;

	env_open(&a, "c-copy", 10, &o);
	env_open(&b, "c-copy", 10, &o);	/* the same directory */
	scenario_title("first title");
	hub_post("reset", "{}");
	for (i = 0; i < 3; i++)		/* 200, then 304s: copied */
		is_int(github_poll_once(a.gh, a.h), 0, "copy: poll %d", i + 1);
	rr = published(a.st);
	is_str(rr != NULL && rr->nruns == 1 ? rr->runs[0].display_title :
	    NULL, "first title", "copy: the settled run after three polls");
	ok(rr != NULL && !rr->stale && rr->fetched_at >= time(NULL) - 5,
	    "copy: fresh, and the copy's time is the poll's");
	repo_runs_free(&rr);
	is_int((long)runs_requests(), 3, "copy: three runs requests");
	scenario_title("second title");
	is_int(github_poll_once(b.gh, b.h), 0, "copy: the other console "
	    "polls (200, stored in the shared cache)");
	before = runs_requests();
	is_int(github_poll_once(a.gh, a.h), 0, "copy: then this one");
	is_int((long)runs_requests(), (long)before + 1, "copy: one request");
	reqs = hub_requests();
	last = json_array_get(reqs, json_array_size(reqs) - 1);
	is_int((long)json_integer_value(json_object_get(last, "status")), 304,
	    "copy: answered 304 (its ETag is the other console's)");
	json_decref(reqs);
	rr = published(a.st);
	is_str(rr != NULL && rr->nruns == 1 ? rr->runs[0].display_title :
	    NULL, "second title", "copy: a 304 with other bytes is parsed: "
	    "the new title, not the copy");
	repo_runs_free(&rr);
	env_close(&a);
	env_close(&b);
	json = xasprintf("{\"path\": \"%s/tests/fakehub/scenarios/"
	    "basic.json\"}", OD_SRCDIR);
	hub_post("scenario", json);
	free(json);
	hub_post("reset", "{}");
}

static void
test_transport_alone(void)
{
	struct ghpair *sh = shared("c12", 10);
	struct transport *tp = transport_new(sh->ts);
	struct transport_request req;
	struct transport_response r;
	struct ghclient_response gr;
	struct api_status before, after;
	const char *lines[] = { "Accept: text/plain", NULL };
	json_t *reqs;
	char *url;

	hub_post("reset", "{}");
	ghclient_response_init(&gr);
	ghclient_get(sh->gc, tp, RUNS, 0, &gr);
	ghclient_response_done(&gr);
	ghclient_status(sh->gc, &before);
	url = xasprintf("%s/repos/" REPO "/actions/runs/30433644", base);
	memset(&req, 0, sizeof req);
	req.url = url;
	req.headers = lines;
	req.flags = TRANSPORT_NO_CACHE;
	transport_response_init(&r);
	is_int(transport_get(tp, &req, &r), 0, "transport alone: a GET");
	is_int(r.status, 200, "transport alone: answered");
	transport_response_done(&r);
	ghclient_status(sh->gc, &after);
	is_int((long)after.requests, (long)before.requests,
	    "transport alone: not counted in the client's budget");
	reqs = hub_requests();
	is_int(json_array_size(reqs), 2, "two requests in all");
	ok(json_is_true(json_object_get(json_array_get(reqs, 0),
	    "authorization")), "the client's own request had the token");
	ok(!json_is_true(json_object_get(json_array_get(reqs, 1),
	    "authorization")) && json_is_null(json_object_get(
	    json_array_get(reqs, 1), "api_version")),
	    "the transport's, on the same handle, no token, no GitHub header");
	json_decref(reqs);
	free(before.wait_reason);
	free(after.wait_reason);
	free(url);
	transport_free(&tp);
	ghpair_free(&sh);
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *f)
{
	return remove(path) != 0 && errno != ENOENT ? -1 : 0;
}

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);
	snprintf(tmpdir, sizeof tmpdir, "/tmp/opsdeck-gh.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		tap_skip_all("no temp dir");
	curl_global_init(CURL_GLOBAL_DEFAULT);
	hub_start();
	test_conditional();
	test_stale_and_recovery();
	test_rate_limits();
	test_timeout_and_pages();
	test_scheduled();
	test_quiet_304();
	test_total_count();
	test_hostile_delays();
	test_error_host();
	test_transport_alone();
	test_304_copy();
	test_token_origin();	/* last: it changes the scenario */
	hub_stop();
	curl_global_cleanup();
	nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return tap_done();
}
