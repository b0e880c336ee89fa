/* test_detail: sources/detail against tests/fakehub (scenarios/logs.json)
 * on 127.0.0.1: jobs with steps, 304s, one request for a double key press,
 * pagination, logs through a 302 to another host without the token, an
 * expired signed URL, the disk cache (modes, no requests, hostile names),
 * running jobs never cached, following, errors keeping the previous data,
 * the rate-limit wait, the bounded queue and a 10,000-line log compared
 * byte for byte with what the fake serves. */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#include "opsdeck/buf.h"
#include "opsdeck/detail.h"
#include "opsdeck/detailmodel.h"
#include "opsdeck/fsutil.h"
#include "opsdeck/ghclient.h"
#include "opsdeck/transport.h"
#include "opsdeck/xalloc.h"
#include "opsdeck/joblog.h"
#include "opsdeck/log.h"
#include "opsdeck/run.h"
#include "opsdeck/sched.h"
#include "opsdeck/store.h"
#include "opsdeck/worker.h"
#include "../tap.h"
#include "../ghpair.h"
#include "../hub.h"
#include "../../src/sources/detail_int.h"

#define REPO	"octo/logs"
#define RUN	50000001
#define MATRIX	50000002
#define TOKEN	"ghp_TESTtoken0123456789abcdefghijklmnopq"
#define WAIT_S	40.0	/* generous: the test also runs under valgrind */

static char	 tmpdir[64], cache[128], base[64];
static long	 log_timeout_s;	/* 0: the default (300 s) */
static long long logs_max_size;	/* 0: the default (200 MB) */
static pid_t	 hub_pid = -1;

static void
hub_stop(void)
{
	hub_kill(&hub_pid);
}

static void
hub_start(void)
{
	hub_pid = hub_spawn(tmpdir, "logs", 300, 30.0, base, sizeof base);
}

/* A GET (json NULL) or POST to the fake; the body into *b. */
static void
hub_fetch(const char *path, const char *json, struct buf *b)
{
	hub_fetch_url(base, path, json, 30, b);
}

static void
hub_post(const char *what, const char *json)
{
	struct buf b;
	char path[128];

	snprintf(path, sizeof path, "/__control/%s", what);
	hub_fetch(path, json, &b);
	buf_done(&b);
}

static void
hub_reset(void)
{
	hub_post("reset", "{}");
}

static void
hub_fault(const char *path_re, const char *kind, int count, int seconds)
{
	char json[256];

	snprintf(json, sizeof json, "{\"path\": \"%s\", \"kind\": \"%s\", "
	    "\"count\": %d, \"seconds\": %d}", path_re, kind, count, seconds);
	hub_post("fault", json);
}

static json_t *
hub_requests(void)
{
	struct buf b;
	json_t *j;

	hub_fetch("/__control/requests", NULL, &b);
	j = b.data != NULL ? json_loads(b.data, 0, NULL) : NULL;
	buf_done(&b);
	return j != NULL ? j : json_array();
}

static const char *
req_str(json_t *r, const char *field)
{
	return json_string_value(json_object_get(r, field));
}

/* Logged requests whose path ends in suffix (or starts with it, when it
 * begins with "/_blob/"). */
static size_t
count_path(json_t *reqs, const char *suffix)
{
	size_t i, n = 0, sl = strlen(suffix), pl;
	const char *p;

	for (i = 0; i < json_array_size(reqs); i++) {
		p = req_str(json_array_get(reqs, i), "path");
		if (p == NULL)
			continue;
		pl = strlen(p);
		if (strncmp(suffix, "/_blob/", 7) == 0 ?
		    strncmp(p, suffix, sl) == 0 :
		    pl >= sl && strcmp(p + pl - sl, suffix) == 0)
			n++;
	}
	return n;
}

/* The logged requests but those for a run's review history, which go
 * with every jobs fetch: a new array. */
static json_t *
without_approvals(json_t *reqs)
{
	json_t *out = json_array(), *r;
	size_t i;
	const char *p;

	json_array_foreach(reqs, i, r) {
		p = req_str(r, "path");
		if (p == NULL || strstr(p, "/approvals") == NULL)
			json_array_append(out, r);
	}
	json_decref(reqs);
	return out;
}

static size_t
requests_now(const char *suffix)
{
	json_t *r = hub_requests();
	size_t n = suffix != NULL ? count_path(r, suffix) :
	    json_array_size(r);

	json_decref(r);
	return n;
}

static struct ghpair *
shared(long timeout_s)
{
	struct transport_opts to;
	struct ghclient_opts o;

	memset(&to, 0, sizeof to);
	to.cache_dir = cache;
	to.connect_timeout_s = 2;
	to.timeout_s = timeout_s;
	memset(&o, 0, sizeof o);
	o.api_url = base;
	o.token = TOKEN;
	o.log_timeout_s = log_timeout_s;
	return ghpair_new(&to, &o);
}

static struct detail *
detail(struct ghpair *sh, struct store *st, struct sched *s,
    int follow_s, int max_logs)
{
	struct detail_opts o;
	struct detail *d;
	char *cause = NULL;

	memset(&o, 0, sizeof o);
	o.cache_dir = cache;
	o.follow_interval_s = follow_s;
	o.max_logs = max_logs;
	o.cache_max_size = logs_max_size;
	if ((d = detail_new(sh->gc, st, &o, &cause)) == NULL) {
		printf("Bail out! %s\n", cause);
		exit(1);
	}
	if (s != NULL && detail_schedule(d, s) != 0) {
		printf("Bail out! detail_schedule\n");
		exit(1);
	}
	return d;
}

static struct snap *
find_snap(struct store *st, const char *key)
{
	struct snapset *set = store_acquire(st, STORE_DETAIL);
	struct snap *s = snap_ref(snapset_find(set, key));

	store_release(&set);
	return s;
}

static bool
snap_loading(const struct snap *s)
{
	if (strncmp(snap_key(s), "jobs:", 5) == 0)
		return ((const struct detailmodel_jobs *)snap_data(s))->loading;
	return ((const struct detailmodel_log *)snap_data(s))->loading;
}

/* The snapshot of key once it is not loading (a ref), or NULL. */
static struct snap *
wait_done(struct store *st, const char *key)
{
	double end = now_s() + WAIT_S;
	struct snap *s;

	while (now_s() < end) {
		if ((s = find_snap(st, key)) != NULL && !snap_loading(s))
			return s;
		snap_unref(&s);
		nap_ms(20);
	}
	printf("# timed out waiting for %s\n", key);
	return NULL;
}

static struct snap *
jobs_done(struct store *st, const char *repo, int64_t run,
    const struct detailmodel_jobs **dj)
{
	char key[256];
	struct snap *s;

	detailmodel_jobs_key(key, sizeof key, repo, run);
	s = wait_done(st, key);
	*dj = s != NULL ? snap_data(s) : NULL;
	return s;
}

static struct snap *
log_done(struct store *st, const char *repo, int64_t job,
    const struct detailmodel_log **dl)
{
	char key[256];
	struct snap *s;

	detailmodel_log_key(key, sizeof key, repo, job);
	s = wait_done(st, key);
	*dl = s != NULL ? snap_data(s) : NULL;
	return s;
}

static size_t
newlines(const char *p, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += p[i] == '\n';
	return n;
}

static bool
has(const char *haystack, const char *needle)
{
	return haystack != NULL && strstr(haystack, needle) != NULL;
}

/* Files in dir whose name contains part (NULL: any), "." and ".." aside. */
static int
count_files(const char *dir, const char *part)
{
	struct dirent *de;
	DIR *dp;
	int n = 0;

	if ((dp = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (part == NULL || strstr(de->d_name, part) != NULL)
			n++;
	}
	closedir(dp);
	return n;
}

static void
test_jobs(struct store *st, struct detail *d)
{
	const struct detailmodel_jobs *dj;
	const struct job *j = NULL;
	struct snap *s;
	json_t *reqs;
	size_t i;

	hub_reset();
	is_int(detail_want_jobs(d, REPO, RUN), 0, "jobs: asked for");
	s = jobs_done(st, REPO, RUN, &dj);
	ok(s != NULL && dj->error == NULL && dj->njobs == 4 &&
	    dj->total_count == 4, "jobs: 4 jobs published, no error");
	for (i = 0; s != NULL && i < dj->njobs; i++) {
		if (dj->jobs[i].id == 5001)
			j = &dj->jobs[i];
	}
	ok(j != NULL && j->nsteps == 4 && has(j->steps[1].name, "Checkout") &&
	    has(j->runner_name, "runner-7") && has(j->status, "completed"),
	    "jobs: steps, runner and status of a job");
	ok(s != NULL && dj->fetched_at > 0 && dj->run_id == RUN &&
	    has(dj->repo, REPO), "jobs: repo, run id, fetched_at");
	snap_unref(&s);
	reqs = hub_requests();
	is_int(count_path(reqs, "/actions/runs/50000001/jobs"), 1,
	    "jobs: one request");
	ok(json_is_true(json_object_get(json_array_get(reqs, 0),
	    "authorization")), "jobs: with the token");
	json_decref(reqs);

	/* Asking again revalidates: a 304, the same jobs. */
	hub_reset();
	detail_want_jobs(d, REPO, RUN);
	s = jobs_done(st, REPO, RUN, &dj);
	ok(s != NULL && dj->njobs == 4 && dj->error == NULL,
	    "304: the jobs are still there");
	snap_unref(&s);
	reqs = without_approvals(hub_requests());
	ok(json_array_size(reqs) == 1 &&
	    json_integer_value(json_object_get(json_array_get(reqs, 0),
	    "status")) == 304 && req_str(json_array_get(reqs, 0),
	    "if_none_match") != NULL, "304: asked with If-None-Match");
	json_decref(reqs);

	/* A double key press while the request is in flight: one request. */
	hub_reset();
	hub_fault("/runs/50000001/jobs$", "slow", 1, 1);
	detail_want_jobs(d, REPO, RUN);
	nap_ms(300);
	detail_want_jobs(d, REPO, RUN);
	detail_want_jobs(d, REPO, RUN);
	s = jobs_done(st, REPO, RUN, &dj);
	ok(s != NULL && dj->njobs == 4, "double request: answered");
	snap_unref(&s);
	is_int(requests_now("/jobs"), 1, "double request: one HTTP request");

	/* 150 jobs: two pages, the second by its Link URL verbatim. */
	hub_reset();
	detail_want_jobs(d, REPO, MATRIX);
	s = jobs_done(st, REPO, MATRIX, &dj);
	ok(s != NULL && dj->njobs == 150 && dj->total_count == 150 &&
	    dj->error == NULL, "pagination: 150 jobs");
	snap_unref(&s);
	reqs = without_approvals(hub_requests());
	ok(json_array_size(reqs) == 2 && has(req_str(json_array_get(reqs, 1),
	    "path"), "/repositories/"), "pagination: Link followed");
	json_decref(reqs);
}

static void
test_log(struct store *st, struct detail *d)
{
	const struct detailmodel_log *dl;
	struct snap *s;
	struct stat sb;
	char path[512], dir[256];
	json_t *reqs, *r;
	struct buf file;
	FILE *fp;
	size_t i;

	hub_reset();
	is_int(detail_want_log(d, REPO, 5001, false), 0, "log: asked for");
	s = log_done(st, REPO, 5001, &dl);
	ok(s != NULL && dl->error == NULL && dl->complete && dl->len > 0 &&
	    dl->data != NULL && memmem(dl->data, dl->len, "##[group]", 9) !=
	    NULL, "log: the text of a completed job");
	reqs = hub_requests();
	is_int(count_path(reqs, "/actions/jobs/5001/logs"), 1,
	    "log: one request to the logs endpoint");
	is_int(count_path(reqs, "/actions/jobs/5001"), 0,
	    "log: the jobs list said completed: no status request");
	for (i = 0, r = NULL; i < json_array_size(reqs); i++) {
		if (strncmp(req_str(json_array_get(reqs, i), "path"),
		    "/_blob/", 7) == 0)
			r = json_array_get(reqs, i);
	}
	ok(r != NULL && has(req_str(r, "host"), "localhost:") &&
	    json_integer_value(json_object_get(r, "status")) == 200,
	    "log: the 302 was followed to another host name");
	ok(r != NULL && json_is_false(json_object_get(r, "authorization")),
	    "log: no Authorization header on the blob host");
	json_decref(reqs);

	snprintf(dir, sizeof dir, "%s/logs", cache);
	snprintf(path, sizeof path, "%s/octo%%2Flogs.5001.log", dir);
	ok(stat(dir, &sb) == 0 && (sb.st_mode & 0777) == 0700,
	    "cache: logs dir mode 0700");
	ok(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600 &&
	    S_ISREG(sb.st_mode), "cache: log file mode 0600");
	buf_init(&file, 0);
	if ((fp = fopen(path, "rb")) != NULL) {
		char chunk[65536];
		size_t n;

		while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
			buf_append(&file, chunk, n);
		fclose(fp);
	}
	ok(s != NULL && file.len == dl->len && file.len > 0 &&
	    memcmp(file.data, dl->data, file.len) == 0,
	    "cache: the file holds the log");
	buf_done(&file);
	is_int(count_files(dir, ".tmp-"), 0, "cache: no temp file left");
	snap_unref(&s);

	/* Asked again: final and in memory, nothing is sent. */
	hub_reset();
	is_int(detail_want_log(d, REPO, 5001, false), 0, "again: asked for");
	s = log_done(st, REPO, 5001, &dl);
	ok(s != NULL && dl->complete && dl->len > 0, "again: the log");
	snap_unref(&s);
	is_int(requests_now(NULL), 0, "again: zero requests");
}

/* A fresh console (another detail, store and scheduler) on the same
 * cache dir: a completed log comes from disk without any request. */
static void
test_disk(struct ghpair *sh)
{
	struct sched *sched = sched_new(1, worker_ctx_new, worker_ctx_free,
	    sh->ts);
	struct store *st2 = store_new(-1);
	struct detail *d2 = detail(sh, st2, sched, 0, 0);
	const struct detailmodel_log *dl;
	struct snap *s;

	sched_start(sched);
	hub_reset();
	detail_want_log(d2, REPO, 5001, false);
	s = log_done(st2, REPO, 5001, &dl);
	ok(s != NULL && dl->complete && dl->error == NULL && dl->len > 0 &&
	    memmem(dl->data, dl->len, "##[group]", 9) != NULL,
	    "disk: a completed log from the cache");
	ok(s != NULL && dl->joblog != NULL && joblog_lines(dl->joblog) ==
	    newlines(dl->data, dl->len), "disk: with its joblog");
	is_int(requests_now(NULL), 0, "disk: zero requests");
	sched_stop(sched);
	detail_free(&d2);
	sched_free(&sched);
	store_free(&st2);
	/* The snapshot outlives its source: the mapping is still readable. */
	ok(s != NULL && memmem(dl->data, dl->len, "##[group]", 9) != NULL &&
	    joblog_kind(dl->joblog, 0) == JOBLOG_GROUP,
	    "disk: a snapshot stays valid after detail_free");
	snap_unref(&s);
}

static void
test_expired(struct store *st, struct detail *d)
{
	const struct detailmodel_log *dl;
	struct snap *s;
	struct buf want;
	json_t *reqs;

	hub_reset();
	hub_fault("^/_blob/logs/5003$", "expired", 1, 0);
	detail_want_log(d, REPO, 5003, false);
	s = log_done(st, REPO, 5003, &dl);
	ok(s != NULL && dl->error == NULL && dl->complete && dl->len > 0,
	    "expired: the log arrived");
	reqs = hub_requests();
	is_int(count_path(reqs, "/actions/jobs/5003/logs"), 2,
	    "expired: the logs endpoint asked once more");
	is_int(count_path(reqs, "/_blob/logs/5003"), 2,
	    "expired: the fresh URL was followed");
	json_decref(reqs);

	/* Refused twice: one retry only, then an error. */
	hub_reset();
	hub_fault("^/_blob/logs/5101$", "expired", 2, 0);
	detail_want_log(d, "octo/.github", 5101, false);
	{
		const struct detailmodel_log *dl2;
		struct snap *s2 = log_done(st, "octo/.github", 5101, &dl2);

		ok(s2 != NULL && has(dl2->error, "403") && dl2->len == 0 &&
		    !has(dl2->error, "expires="), "expired twice: an error "
		    "without the URL (%s)", s2 != NULL && dl2->error != NULL ?
		    dl2->error : "none");
		snap_unref(&s2);
	}
	is_int(requests_now("/actions/jobs/5101/logs"), 2,
	    "expired twice: asked for a fresh URL once, not more");

	/* What the fake serves, fetched directly: byte for byte the same. */
	hub_fetch("/_blob/logs/5003?expires=99999999999&sig=fake", NULL,
	    &want);
	ok(s != NULL && want.len > 500000 && want.len == dl->len &&
	    memcmp(want.data, dl->data, want.len) == 0,
	    "10,000 lines: byte-exact (%zu bytes)", want.len);
	ok(s != NULL && memmem(dl->data, dl->len, "line 9999 ", 10) != NULL,
	    "10,000 lines: the last line is there");
	ok(s != NULL && dl->joblog != NULL && joblog_lines(dl->joblog) ==
	    newlines(dl->data, dl->len) && joblog_lines(dl->joblog) > 10000,
	    "joblog: built on the worker, one entry a line (%zu)",
	    s != NULL && dl->joblog != NULL ? joblog_lines(dl->joblog) : 0);
	ok(s != NULL && dl->joblog != NULL &&
	    joblog_next_error(dl->joblog, 0) != SIZE_MAX &&
	    joblog_kind(dl->joblog, joblog_next_error(dl->joblog, 0)) ==
	    JOBLOG_ERROR, "joblog: the ##[error] line is indexed");
	buf_done(&want);
	snap_unref(&s);
}

static void
test_running(struct store *st, struct detail *d)
{
	const struct detailmodel_log *dl;
	struct snap *s;
	char dir[256];

	hub_reset();
	detail_want_log(d, REPO, 5002, false);
	s = log_done(st, REPO, 5002, &dl);
	ok(s != NULL && dl->error == NULL && !dl->complete && dl->len > 0,
	    "running: the log, not complete");
	snap_unref(&s);
	is_int(requests_now("/actions/jobs/5002"), 1,
	    "running: its status was asked for");
	snprintf(dir, sizeof dir, "%s/logs", cache);
	is_int(count_files(dir, ".5002."), 0, "running: not cached");
	is_int(count_files(dir, ".tmp-"), 0, "running: no temp file");
}

static void
test_hostile(struct store *st, struct detail *d)
{
	static const char *const bad[] = { "../../../tmp/evil", "octo/..",
	    "../x", "octo/.", "octo", "octo/a/b", "/octo/x", "octo/",
	    "octo/a b", "octo/a\nb", "octo/%2e%2e", "octo/a?x=1", "", NULL };
	const struct detailmodel_log *dl;
	struct snap *s;
	char name[256], dir[256], path[512], big[300];
	struct stat sb;
	int i, n;

	for (i = 0, n = 0; bad[i] != NULL; i++)
		n += detail_want_log(d, bad[i], 1, false) == -1 &&
		    detail_want_jobs(d, bad[i], 1) == -1;
	is_int(n, 13, "hostile: every bad repo name refused");
	is_int(detail_want_log(d, REPO, 0, false), -1, "hostile: job id 0");
	is_int(detail_want_jobs(d, REPO, -5), -1, "hostile: run id < 0");
	ok(detail_repo_ok("octo/.github") && detail_repo_ok("a-b/c_d.e"),
	    "hostile: real names accepted");

	detail_log_file_name(name, sizeof name, "../../etc/passwd", 7);
	is_str(name, "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd.7.log",
	    "file name: no separator, no dot-dot");
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	big[10] = '/';
	ok(detail_log_file_name(name, sizeof name, big, 1) == 0 &&
	    name[0] == 'h' && strlen(name) < 40, "file name: long -> hash");
	is_int(detail_log_file_name(name, 8, REPO, 5001), -1,
	    "file name: too small a buffer");

	/* A real name with a leading dot, end to end. */
	hub_reset();
	detail_want_log(d, "octo/.github", 5101, false);
	s = log_done(st, "octo/.github", 5101, &dl);
	ok(s != NULL && dl->complete && dl->len > 0 && dl->error == NULL,
	    "hostile: octo/.github's log");
	snap_unref(&s);
	snprintf(dir, sizeof dir, "%s/logs", cache);
	snprintf(path, sizeof path, "%s/octo%%2F%%2Egithub.5101.log", dir);
	ok(stat(path, &sb) == 0 && S_ISREG(sb.st_mode),
	    "hostile: cached inside logs/ as octo%%2F%%2Egithub.5101.log");
	/* Nothing but the http cache, logs/ and the port file anywhere. */
	is_int(count_files(tmpdir, NULL), 2, "hostile: nothing new in %s",
	    tmpdir);
}

/* Logs beyond max_logs lose their text (evicted), not their disk copy. */
static void
test_evicted(struct store *st, struct detail *d)
{
	const struct detailmodel_log *dl;
	struct snap *s;
	char key[256];

	detailmodel_log_key(key, sizeof key, REPO, 5001);
	s = find_snap(st, key);
	dl = s != NULL ? snap_data(s) : NULL;
	ok(dl != NULL && dl->evicted && dl->data == NULL && dl->len == 0,
	    "evicted: the least recently asked log let go of its text");
	snap_unref(&s);
	hub_reset();
	detail_want_log(d, REPO, 5001, false);
	s = log_done(st, REPO, 5001, &dl);
	ok(s != NULL && !dl->evicted && dl->complete && dl->len > 0,
	    "evicted: asked again, back");
	snap_unref(&s);
	is_int(requests_now(NULL), 0, "evicted: from disk, zero requests");
}

/* The review history goes with the jobs; its failures stay its own. */
static void
test_approvals_errors(struct store *st, struct detail *d)
{
	const struct detailmodel_jobs *dj;
	struct snap *s;

	hub_reset();
	detail_want_jobs(d, REPO, RUN);
	s = jobs_done(st, REPO, RUN, &dj);
	ok(s != NULL && dj->approvals_fetched && dj->napprovals == 0 &&
	    dj->approvals_error == NULL && dj->error == NULL,
	    "approvals: read with the jobs (none here), no error");
	snap_unref(&s);
	is_int(requests_now("/actions/runs/50000001/approvals"), 1,
	    "approvals: one request with the jobs");
	hub_fault("/runs/50000001/approvals$", "permission", 1, 0);
	detail_want_jobs(d, REPO, RUN);
	s = jobs_done(st, REPO, RUN, &dj);
	ok(s != NULL && dj->error == NULL && dj->njobs == 4 &&
	    has(dj->approvals_error, "approvals: not available"),
	    "approvals 403: \"not available\", the jobs unharmed (%s)",
	    s != NULL && dj->approvals_error != NULL ? dj->approvals_error :
	    "none");
	snap_unref(&s);
	hub_fault("/runs/50000001/approvals$", "500", 1, 0);
	detail_want_jobs(d, REPO, RUN);
	s = jobs_done(st, REPO, RUN, &dj);
	ok(s != NULL && dj->error == NULL && dj->approvals_fetched &&
	    has(dj->approvals_error, "500"),
	    "approvals 5xx: said, the last history kept (%s)",
	    s != NULL && dj->approvals_error != NULL ? dj->approvals_error :
	    "none");
	snap_unref(&s);
	detail_want_jobs(d, REPO, RUN);
	s = jobs_done(st, REPO, RUN, &dj);
	ok(s != NULL && dj->approvals_error == NULL,
	    "approvals: the error clears on the next good read");
	snap_unref(&s);
}

static void
test_errors(struct store *st, struct detail *d)
{
	const struct detailmodel_jobs *dj;
	const struct detailmodel_log *dl;
	struct snap *s;
	size_t len;

	hub_reset();
	hub_fault("/runs/50000001/jobs$", "500", 1, 0);
	detail_want_jobs(d, REPO, RUN);
	s = jobs_done(st, REPO, RUN, &dj);
	ok(s != NULL && has(dj->error, "500") && dj->njobs == 4,
	    "5xx: error set, previous jobs kept (%s)",
	    s != NULL && dj->error != NULL ? dj->error : "none");
	snap_unref(&s);
	hub_fault("/runs/50000001/jobs$", "malformed", 1, 0);
	detail_want_jobs(d, REPO, RUN);
	s = jobs_done(st, REPO, RUN, &dj);
	ok(s != NULL && has(dj->error, "bad JSON") && dj->njobs == 4,
	    "bad JSON: error set, previous jobs kept (%s)",
	    s != NULL && dj->error != NULL ? dj->error : "none");
	snap_unref(&s);
	test_approvals_errors(st, d);

	detail_want_log(d, REPO, 5002, false);
	s = log_done(st, REPO, 5002, &dl);
	len = s != NULL ? dl->len : 0;
	snap_unref(&s);
	hub_fault("/actions/jobs/5002/logs$", "502", 1, 0);
	detail_want_log(d, REPO, 5002, false);
	s = log_done(st, REPO, 5002, &dl);
	ok(s != NULL && has(dl->error, "502") && len > 0 && dl->len == len,
	    "5xx: log error set, previous text kept (%s)",
	    s != NULL && dl->error != NULL ? dl->error : "none");
	snap_unref(&s);
}

/* Stops and frees what a test made for itself. */
static void
rig_close(struct sched **sched, struct detail **d, struct store **st,
    struct ghpair **sh)
{
	sched_stop(*sched);
	detail_free(d);
	sched_free(sched);
	store_free(st);
	ghpair_free(sh);
}

/* A short timeout, on its own shared state and scheduler. */
static void
test_timeout(void)
{
	struct ghpair *sh = shared(2);
	struct sched *sched = sched_new(1, worker_ctx_new, worker_ctx_free,
	    sh->ts);
	struct store *st = store_new(-1);
	struct detail *d;
	const struct detailmodel_log *dl;
	struct snap *s;
	size_t len;

	transport_shared_set_stop_flag(sh->ts, sched_stop_flag(sched));
	d = detail(sh, st, sched, 0, 0);
	sched_start(sched);
	detail_want_log(d, REPO, 5002, false);
	s = log_done(st, REPO, 5002, &dl);
	len = s != NULL ? dl->len : 0;
	snap_unref(&s);
	hub_fault("/actions/jobs/5002/logs$", "timeout", 1, 5);
	detail_want_log(d, REPO, 5002, false);
	s = log_done(st, REPO, 5002, &dl);
	ok(s != NULL && has(dl->error, "timed out") && len > 0 &&
	    dl->len == len, "timeout: error set, previous text kept (%s)",
	    s != NULL && dl->error != NULL ? dl->error : "none");
	snap_unref(&s);
	rig_close(&sched, &d, &st, &sh);
}

/* Issue 8: a server trickling a log (2 B/s, above curl's 1 B/s stall
 * guard) holds the only log job no longer than the log deadline, and a
 * newer log request stops the download in flight. */
static void
test_trickle(void)
{
	struct ghpair *sh;
	struct sched *sched;
	struct store *st = store_new(-1);
	struct detail *d;
	const struct detailmodel_log *dl;
	struct snap *s;
	double t0, dt, end;

	log_timeout_s = 2;
	sh = shared(10);
	log_timeout_s = 0;
	sched = sched_new(1, worker_ctx_new, worker_ctx_free, sh->ts);
	transport_shared_set_stop_flag(sh->ts, sched_stop_flag(sched));
	d = detail(sh, st, sched, 0, 0);
	sched_start(sched);
	hub_fault("^/_blob/logs/5002$", "trickle", 1, 30);
	t0 = now_s();
	detail_want_log(d, REPO, 5002, false);
	s = log_done(st, REPO, 5002, &dl);
	dt = now_s() - t0;
	ok(s != NULL && has(dl->error, "timed out after 2 s") && dt < 8,
	    "trickle: the log deadline ends it in %.1f s (%s)", dt,
	    s != NULL && dl->error != NULL ? dl->error : "none");
	/* logs.json sends logs to "localhost": the host that trickled. */
	ok(s != NULL && has(dl->error, "log: localhost: "),
	    "trickle: names the blob host, not the API's");
	snap_unref(&s);
	rig_close(&sched, &d, &st, &sh);

	/* The default deadline (300 s): a newer request must stop it. */
	st = store_new(-1);
	sh = shared(10);
	sched = sched_new(1, worker_ctx_new, worker_ctx_free, sh->ts);
	transport_shared_set_stop_flag(sh->ts, sched_stop_flag(sched));
	d = detail(sh, st, sched, 0, 0);
	sched_start(sched);
	hub_post("reset", "{}");
	hub_fault("^/_blob/logs/5002$", "trickle", 1, 30);
	detail_want_log(d, REPO, 5002, false);
	for (end = now_s() + WAIT_S; now_s() < end &&
	    requests_now("/_blob/logs/5002") < 1; )
		nap_ms(50);
	ok(requests_now("/_blob/logs/5002") == 1, "preempt: 5002 downloading");
	t0 = now_s();
	detail_want_log(d, REPO, 5003, false);
	s = log_done(st, REPO, 5003, &dl);
	dt = now_s() - t0;
	ok(s != NULL && dl->error == NULL && dl->len > 0 && dt < 8,
	    "preempt: the newer log came in %.1f s, not after the trickle", dt);
	snap_unref(&s);
	s = log_done(st, REPO, 5002, &dl);
	ok(s != NULL && has(dl->error, "stopped for a newer log"),
	    "preempt: the older one says why (%s)",
	    s != NULL && dl->error != NULL ? dl->error : "none");
	snap_unref(&s);
	rig_close(&sched, &d, &st, &sh);
}

/* Issue 8: the logs cache is bounded too: past max-age at start, and by
 * size after each log it stores (a 1-byte cap keeps nothing). */
static void
test_log_trim(void)
{
	struct ghpair *sh;
	struct sched *sched;
	struct store *st = store_new(-1);
	struct detail *d;
	const struct detailmodel_log *dl;
	struct timespec old[2];
	struct snap *s;
	char *dir, *planted, saved[sizeof cache];
	int fd;

	/* A cache of its own: the others' cached logs must stay. */
	memcpy(saved, cache, sizeof cache);
	snprintf(cache, sizeof cache, "%s/trimmed", tmpdir);
	sh = shared(10);
	sched = sched_new(1, worker_ctx_new, worker_ctx_free, sh->ts);
	dir = xasprintf("%s/logs", cache);
	fs_mkdir_private(dir, 1);
	planted = xasprintf("%s/old.1.log", dir);
	if ((fd = open(planted, O_WRONLY | O_CREAT | O_TRUNC, 0600)) >= 0)
		close(fd);
	clock_gettime(CLOCK_REALTIME, &old[0]);
	old[0].tv_sec -= 31L * 86400;
	old[1] = old[0];
	utimensat(AT_FDCWD, planted, old, 0);
	transport_shared_set_stop_flag(sh->ts, sched_stop_flag(sched));
	logs_max_size = 1;
	d = detail(sh, st, sched, 0, 0);
	logs_max_size = 0;
	ok(access(planted, F_OK) != 0, "log trim: a 31-day-old log went at start");
	sched_start(sched);
	detail_want_log(d, REPO, 5004, false);
	s = log_done(st, REPO, 5004, &dl);
	ok(s != NULL && dl->error == NULL && dl->complete && dl->len > 0,
	    "log trim: the log is shown");
	is_int(count_files(dir, ".log"), 0,
	    "log trim: over a 1-byte cap, nothing is kept on disk");
	snap_unref(&s);
	rig_close(&sched, &d, &st, &sh);
	free(planted);
	free(dir);
	memcpy(cache, saved, sizeof cache);
}

/* Issue 8: a symlink or a fifo planted where a cached log would be is a
 * miss: never followed (the planted text is not shown), never waited on;
 * the log is fetched instead. */
static void
test_log_planted(void)
{
	struct ghpair *sh;
	struct sched *sched;
	struct store *st = store_new(-1);
	struct detail *d;
	const struct detailmodel_log *dl;
	struct snap *s;
	char *dir, *path, *target, name[256], saved[sizeof cache];
	FILE *fp;

	memcpy(saved, cache, sizeof cache);
	snprintf(cache, sizeof cache, "%s/planted", tmpdir);
	dir = xasprintf("%s/logs", cache);
	fs_mkdir_private(dir, 1);
	detail_log_file_name(name, sizeof name, REPO, 5001);
	path = xasprintf("%s/%s", dir, name);
	target = xasprintf("%s/planted.txt", tmpdir);
	if ((fp = fopen(target, "w")) != NULL) {
		fputs("PLANTED TEXT\n", fp);
		fclose(fp);
	}
	ok(symlink(target, path) == 0, "planted: a symlink as log 5001");
	sh = shared(10);
	sched = sched_new(1, worker_ctx_new, worker_ctx_free, sh->ts);
	transport_shared_set_stop_flag(sh->ts, sched_stop_flag(sched));
	d = detail(sh, st, sched, 0, 0);
	sched_start(sched);
	detail_want_log(d, REPO, 5001, false);
	s = log_done(st, REPO, 5001, &dl);
	ok(s != NULL && dl->error == NULL && dl->len > 0 &&
	    memmem(dl->data, dl->len, "PLANTED", 7) == NULL,
	    "planted symlink: not followed, the real log fetched");
	snap_unref(&s);
	rig_close(&sched, &d, &st, &sh);
	unlink(path);
	ok(mkfifo(path, 0600) == 0, "planted: a fifo as log 5001");
	st = store_new(-1);
	sh = shared(10);
	sched = sched_new(1, worker_ctx_new, worker_ctx_free, sh->ts);
	transport_shared_set_stop_flag(sh->ts, sched_stop_flag(sched));
	d = detail(sh, st, sched, 0, 0);
	sched_start(sched);
	detail_want_log(d, REPO, 5001, false);
	s = log_done(st, REPO, 5001, &dl);
	ok(s != NULL && dl->len > 0, "planted fifo: not waited on");
	snap_unref(&s);
	rig_close(&sched, &d, &st, &sh);
	free(target);
	free(path);
	free(dir);
	memcpy(cache, saved, sizeof cache);
}

static void
test_follow(struct ghpair *sh)
{
	struct sched *sched = sched_new(1, worker_ctx_new, worker_ctx_free,
	    sh->ts);
	struct store *st = store_new(-1);
	struct detail *d, *slow;
	const struct detailmodel_log *dl;
	struct snap *s;
	double end;
	size_t n;

	d = detail(sh, st, sched, 1, 0);
	sched_start(sched);
	detail_want_log(d, REPO, 5002, true);
	s = log_done(st, REPO, 5002, &dl);
	ok(s != NULL && dl->following && !dl->complete && dl->len > 0,
	    "follow: first fetch, following");
	snap_unref(&s);
	hub_reset();
	for (end = now_s() + WAIT_S; now_s() < end &&
	    requests_now("/actions/jobs/5002/logs") < 2; )
		nap_ms(100);
	ok(requests_now("/actions/jobs/5002/logs") >= 2,
	    "follow: re-fetched every second without being asked");
	detail_stop_follow(d);
	s = log_done(st, REPO, 5002, &dl);
	ok(s != NULL && !dl->following, "follow: stopped");
	snap_unref(&s);
	hub_reset();
	nap_ms(2500);
	is_int(requests_now(NULL), 0, "follow: nothing sent after the stop");
	sched_stop(sched);
	detail_free(&d);
	sched_free(&sched);

	/* Asking again within the interval renews the lease, sends nothing. */
	sched = sched_new(1, worker_ctx_new, worker_ctx_free, sh->ts);
	slow = detail(sh, st, sched, 30, 0);
	sched_start(sched);
	detail_want_log(slow, REPO, 5002, true);
	s = log_done(st, REPO, 5002, &dl);
	snap_unref(&s);
	hub_reset();
	detail_want_log(slow, REPO, 5002, true);
	detail_want_log(slow, REPO, 5002, true);
	nap_ms(300);
	n = requests_now(NULL);
	is_int(n, 0, "follow: a renewal within the interval sends nothing");
	/* follow false: an ordinary fetch, and the follow ends. */
	detail_want_log(slow, REPO, 5002, false);
	s = log_done(st, REPO, 5002, &dl);
	ok(s != NULL && !dl->following && dl->len > 0,
	    "follow: want_log(false) fetches and ends the follow");
	snap_unref(&s);
	sched_stop(sched);
	detail_free(&slow);
	sched_free(&sched);
	store_free(&st);
}

static void
test_queue(struct ghpair *sh)
{
	struct store *st = store_new(-1);
	struct detail *d = detail(sh, st, NULL, 0, 0);
	const struct detailmodel_jobs *dj;
	struct snap *s;
	char key[256];
	int i, dropped = 0, queued = 0;

	/* Not scheduled: everything stays queued. */
	for (i = 1; i <= 20; i++)
		detail_want_jobs(d, "octo/q", i);
	detail_want_jobs(d, "octo/q", 20);
	for (i = 1; i <= 20; i++) {
		detailmodel_jobs_key(key, sizeof key, "octo/q", i);
		s = find_snap(st, key);
		dj = s != NULL ? snap_data(s) : NULL;
		if (dj != NULL && !dj->loading && has(dj->error, "not fetched"))
			dropped += i <= 4;
		if (dj != NULL && dj->loading && dj->error == NULL)
			queued += i > 4;
		snap_unref(&s);
	}
	is_int(dropped, 4, "queue: the 4 oldest dropped, with an error");
	is_int(queued, DETAIL_QUEUE_MAX, "queue: the 16 newest loading");
	detail_free(&d);
	store_free(&st);
}

/* An entry pushed out of the full table takes its snapshot out of the
 * store: asking for more runs than the table holds leaves no more
 * snapshots than entries, the newest among them. */
static void
test_entries_bounded(struct ghpair *sh)
{
	struct store *st = store_new(-1);
	struct detail *d = detail(sh, st, NULL, 0, 0);
	struct snapset *set;
	struct snap *s;
	char key[256];
	int i, asks = 2 * DETAIL_ENTRIES_MAX;

	for (i = 1; i <= asks; i++)
		detail_want_jobs(d, "octo/e", i);
	set = store_acquire(st, STORE_DETAIL);
	ok(snapset_count(set) <= DETAIL_ENTRIES_MAX,
	    "entries: %zu snapshots for %d asked, at most %d kept",
	    snapset_count(set), asks, DETAIL_ENTRIES_MAX);
	store_release(&set);
	detailmodel_jobs_key(key, sizeof key, "octo/e", asks);
	s = find_snap(st, key);
	ok(s != NULL, "entries: the newest is still there");
	snap_unref(&s);
	detailmodel_jobs_key(key, sizeof key, "octo/e", 1);
	s = find_snap(st, key);
	ok(s == NULL, "entries: the oldest evicted one is gone from the store");
	snap_unref(&s);
	detail_free(&d);
	store_free(&st);
}

static void
test_ratelimit(struct ghpair *sh, struct store *st, struct detail *d)
{
	const struct detailmodel_jobs *dj;
	struct snap *s;

	/* A rate limit answer makes every source wait. */
	hub_reset();
	hub_fault("/runs/50000001/jobs$", "ratelimit", 1, 120);
	detail_want_jobs(d, REPO, RUN);
	s = jobs_done(st, REPO, RUN, &dj);
	ok(s != NULL && has(dj->error, "rate limited until") &&
	    dj->njobs == 4, "rate limit: error says until when, jobs kept");
	snap_unref(&s);
	ok(ghclient_wait_until(sh->gc) > time(NULL) + 60,
	    "rate limit: the shared wait is set");
	/* While waiting nothing is sent. */
	hub_reset();
	detail_want_jobs(d, REPO, RUN);
	detail_want_log(d, REPO, 5002, false);
	s = jobs_done(st, REPO, RUN, &dj);
	ok(s != NULL && has(dj->error, "rate limited until") &&
	    has(dj->error, "not sent") && dj->njobs == 4,
	    "waiting: error snapshot, jobs kept");
	snap_unref(&s);
	{
		const struct detailmodel_log *dl;

		s = log_done(st, REPO, 5002, &dl);
		ok(s != NULL && has(dl->error, "rate limited until"),
		    "waiting: the log too");
		snap_unref(&s);
	}
	is_int(requests_now(NULL), 0, "waiting: no request sent");
	/* A completed log on disk needs no request: served while waiting. */
	{
		const struct detailmodel_log *dl;

		detail_want_log(d, REPO, 5003, false);
		s = log_done(st, REPO, 5003, &dl);
		ok(s != NULL && dl->complete && dl->error == NULL,
		    "waiting: a cached log still served");
		snap_unref(&s);
	}
}

/* The debug log names API paths at most: never a signed URL's query nor
 * the token. */
static void
test_log_file(const char *path)
{
	struct buf b;
	FILE *fp;
	char chunk[4096];
	size_t n;

	buf_init(&b, 0);
	if ((fp = fopen(path, "r")) != NULL) {
		while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
			buf_append(&b, chunk, n);
		fclose(fp);
	}
	ok(b.len > 0 && !has(b.data, "expires=") && !has(b.data, "sig=") &&
	    !has(b.data, "/_blob/") && !has(b.data, TOKEN),
	    "debug log: no signed URL, no token");
	ok(has(b.data, "/actions/jobs/5003/logs"),
	    "debug log: the API path of a refused URL is there");
	buf_done(&b);
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *f)
{
	(void)remove(path);
	return 0;
}

int
main(void)
{
	struct ghpair *sh;
	struct sched *sched;
	struct store *st;
	struct detail *d;
	char logpath[128], *cause = NULL;

	signal(SIGPIPE, SIG_IGN);
	snprintf(tmpdir, sizeof tmpdir, "/tmp/od-detail.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		tap_skip_all("no temp dir");
	snprintf(cache, sizeof cache, "%s/cache", tmpdir);
	snprintf(logpath, sizeof logpath, "%s.log", tmpdir);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (log_open(logpath, LOG_DEBUG, &cause) != 0) {
		printf("Bail out! %s\n", cause);
		return 1;
	}
	hub_start();

	sh = shared(10);
	st = store_new(-1);
	sched = sched_new(2, worker_ctx_new, worker_ctx_free, sh->ts);
	transport_shared_set_stop_flag(sh->ts, sched_stop_flag(sched));
	d = detail(sh, st, sched, 0, 3);
	sched_start(sched);

	test_jobs(st, d);
	test_log(st, d);
	test_expired(st, d);
	test_running(st, d);
	test_hostile(st, d);
	test_evicted(st, d);
	test_errors(st, d);
	test_timeout();
	test_trickle();
	test_log_trim();
	test_log_planted();
	test_follow(sh);
	test_queue(sh);
	test_entries_bounded(sh);
	test_ratelimit(sh, st, d);
	test_disk(sh);
	test_log_file(logpath);

	rig_close(&sched, &d, &st, &sh);
	log_close();
	hub_stop();
	curl_global_cleanup();
	unlink(logpath);
	nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return tap_done();
}
