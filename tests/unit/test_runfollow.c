/* test_runfollow: finding the run a workflow_dispatch started (event,
 * ref, the skew window, runs known before, newest wins) and following it
 * by id to its conclusion, with both deadlines, from made-up GitHub
 * answers and a made-up clock. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "opsdeck/buf.h"
#include "opsdeck/ghparse.h"
#include "opsdeck/run.h"
#include "opsdeck/runfollow.h"
#include "opsdeck/xalloc.h"
#include "../tap.h"

/* The dispatch happens then (2026-12-01T12:00:00Z). */
#define T0	((time_t)1796126400)

struct spec {
	long long	 id;
	const char	*event, *branch, *status, *conclusion;
	long		 age;	/* seconds after T0 it was created */
};

static void
iso(time_t t, char *dst, size_t size)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(dst, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* One run as GitHub's schema has it (the fields the parser reads). */
static char *
run_json(const struct spec *s)
{
	char created[32];

	iso(T0 + s->age, created, sizeof created);
	return xasprintf("{\"id\":%lld,\"workflow_id\":161336,\"name\":"
	    "\"Deploy\",\"display_title\":\"Deploy\",\"head_branch\":\"%s\","
	    "\"head_sha\":\"c55732b606628ea6ff5aad846209704668e6cb93\","
	    "\"event\":\"%s\",\"status\":\"%s\",\"conclusion\":%s%s%s,"
	    "\"run_number\":7,\"run_attempt\":1,\"created_at\":\"%s\","
	    "\"updated_at\":\"%s\",\"run_started_at\":\"%s\"}", s->id,
	    s->branch, s->event, s->status, s->conclusion != NULL ? "\"" : "",
	    s->conclusion != NULL ? s->conclusion : "null",
	    s->conclusion != NULL ? "\"" : "", created, created, created);
}

static char *
list_json(const struct spec *s, size_t n)
{
	struct buf b;
	char *one, *out;
	size_t i;

	buf_init(&b, 0);
	buf_printf(&b, "{\"total_count\":%zu,\"workflow_runs\":[", n);
	for (i = 0; i < n; i++) {
		one = run_json(&s[i]);
		buf_printf(&b, "%s%s", i > 0 ? "," : "", one);
		free(one);
	}
	buf_printf(&b, "]}");
	out = buf_steal(&b);
	buf_done(&b);
	return out;
}

static int
feed_list(struct runfollow *f, const struct spec *s, size_t n, time_t now)
{
	char *body = list_json(s, n);
	int rc = runfollow_feed(f, 200, body, strlen(body), now);

	free(body);
	return rc;
}

static int
feed_run(struct runfollow *f, const struct spec *s, time_t now)
{
	char *body = run_json(s);
	int rc = runfollow_feed(f, 200, body, strlen(body), now);

	free(body);
	return rc;
}

static void
start(struct runfollow *f)
{
	runfollow_init(f, "octo/svc", "deploy.yml", "main",
	    "deploy of production", T0);
}

static const char *
msg(const struct runfollow *f)
{
	static char m[512];

	runfollow_message(f, m, sizeof m);
	return m;
}

static void
test_matching(void)
{
	static const struct spec s[] = {
		{ 11, "push", "main", "queued", NULL, 2 },
		{ 12, "workflow_dispatch", "staging", "queued", NULL, 2 },
		{ 13, "workflow_dispatch", "main", "queued", NULL, -61 },
		{ 14, "workflow_dispatch", "main", "queued", NULL, 3 },
		{ 15, "workflow_dispatch", "main", "queued", NULL, -59 },
	};
	struct runfollow f;
	struct run *runs = NULL;
	const struct run *r;
	size_t n = 0;
	char *body = list_json(s, 5);

	start(&f);
	ok(ghparse_runs(body, strlen(body), &runs, &n, NULL, NULL) == 0 &&
	    n == 5, "the runs parse");
	free(body);
	r = runfollow_pick(&f, runs, n);
	is_int(r != NULL ? r->id : 0, 14, "newest dispatch on the ref wins; "
	    "push, another ref and older than the skew are not it");
	runfollow_know(&f, 14);
	r = runfollow_pick(&f, runs, n);
	is_int(r != NULL ? r->id : 0, 15, "a known run is never it; within "
	    "the skew (59 s before) counts");
	runfollow_know(&f, 15);
	ok(runfollow_pick(&f, runs, n) == NULL, "nothing else matches");
	while (n > 0)
		run_done(&runs[--n]);
	free(runs);
	runfollow_done(&f);
}

static void
test_tie(void)
{
	static const struct spec s[] = {
		{ 21, "workflow_dispatch", "main", "queued", NULL, 5 },
		{ 23, "workflow_dispatch", "main", "queued", NULL, 5 },
		{ 22, "workflow_dispatch", "main", "queued", NULL, 5 },
	};
	struct runfollow f;

	start(&f);
	is_int(feed_list(&f, s, 3, T0 + 5), 1, "found: news");
	is_int(f.run_id, 23, "same creation second: the highest id");
	is_int(f.state, RUNFOLLOW_FOLLOWING, "following it");
	is_str(msg(&f), "deploy of production: run 23 queued",
	    "the status line says queued");
	runfollow_done(&f);
}

static void
test_follow_to_success(void)
{
	struct spec s = { 31, "workflow_dispatch", "main", "queued", NULL, 1 };
	struct runfollow f;
	char *path;

	start(&f);
	path = runfollow_path(&f);
	is_str(path, "/repos/octo/svc/actions/workflows/deploy.yml/runs?"
	    "event=workflow_dispatch&branch=main&per_page=20",
	    "finding: the workflow's dispatched runs on the ref");
	free(path);
	is_int(f.next, T0 + RUNFOLLOW_POLL_S, "the first look waits a poll");
	is_int(feed_list(&f, NULL, 0, T0 + 5), 0, "an empty list: no news");
	is_int(f.state, RUNFOLLOW_FINDING, "still finding");
	is_str(msg(&f), "deploy of production: finding the run of the "
	    "dispatch", "says it is finding it");
	is_int(f.next, T0 + 10, "the next look a poll later");
	is_int(feed_list(&f, &s, 1, T0 + 10), 1, "listed: found");
	path = runfollow_path(&f);
	is_str(path, "/repos/octo/svc/actions/runs/31", "then by id");
	free(path);
	is_int(feed_run(&f, &s, T0 + 15), 0, "the same state: no news");
	s.status = "in_progress";
	is_int(feed_run(&f, &s, T0 + 20), 1, "in_progress: news");
	is_str(msg(&f), "deploy of production: run 31 in_progress",
	    "the status line says in_progress");
	ok(!runfollow_over(&f), "not over");
	s.status = "completed";
	s.conclusion = "success";
	is_int(feed_run(&f, &s, T0 + 25), 1, "completed: news");
	ok(runfollow_over(&f) && runfollow_succeeded(&f), "over, a success");
	is_str(msg(&f), "deploy of production: run 31 completed, success",
	    "the status line says completed, success");
	is_int(feed_run(&f, &s, T0 + 30), 0, "nothing after it is over");
	is_int(runfollow_tick(&f, T0 + 100000), 0, "no deadline once over");
	runfollow_done(&f);
}

static void
test_conclusions(void)
{
	static const char *const c[] = { "failure", "cancelled",
	    "startup_failure", "timed_out" };
	struct spec s = { 41, "workflow_dispatch", "main", "completed", NULL,
	    0 };
	struct runfollow f;
	char want[128];
	size_t i;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		start(&f);
		s.conclusion = c[i];
		is_int(feed_list(&f, &s, 1, T0 + 5), 1, "%s: found", c[i]);
		ok(runfollow_over(&f) && !runfollow_succeeded(&f),
		    "found already completed, %s: over, not a success", c[i]);
		snprintf(want, sizeof want, "deploy of production: run 41 "
		    "completed, %s", c[i]);
		is_str(msg(&f), want, "says completed, %s", c[i]);
		runfollow_done(&f);
	}
	start(&f);
	s.conclusion = NULL;
	feed_list(&f, &s, 1, T0 + 5);
	is_str(msg(&f), "deploy of production: run 41 completed, no "
	    "conclusion", "completed without a conclusion: said so");
	ok(!runfollow_succeeded(&f), "and not a success");
	runfollow_done(&f);
}

static void
test_find_timeout(void)
{
	struct runfollow f;

	start(&f);
	is_int(runfollow_tick(&f, T0 + RUNFOLLOW_FIND_S - 1), 0,
	    "not found yet, before the deadline: still finding");
	is_int(runfollow_tick(&f, T0 + RUNFOLLOW_FIND_S), 1,
	    "at the deadline: over");
	is_int(f.state, RUNFOLLOW_NOT_FOUND, "not found");
	ok(!runfollow_succeeded(&f), "never a success");
	is_str(msg(&f), "deploy of production: no run found for the "
	    "dispatch after 3 min", "says so");
	runfollow_done(&f);
}

static void
test_follow_timeout(void)
{
	struct spec s = { 51, "workflow_dispatch", "main", "in_progress",
	    NULL, 0 };
	struct runfollow f;

	start(&f);
	runfollow_set_run(&f, 51, T0 + 1);
	is_int(f.state, RUNFOLLOW_FOLLOWING, "named by the answer: followed "
	    "at once");
	is_str(msg(&f), "deploy of production: run 51 started",
	    "before its first look: started");
	feed_run(&f, &s, T0 + 6);
	is_int(runfollow_tick(&f, T0 + RUNFOLLOW_FOLLOW_S), 0,
	    "before two hours from when it was found: followed");
	is_int(runfollow_tick(&f, T0 + 1 + RUNFOLLOW_FOLLOW_S), 1,
	    "two hours: over");
	is_int(f.state, RUNFOLLOW_GAVE_UP, "given up");
	ok(!runfollow_succeeded(&f), "not a success");
	is_str(msg(&f), "deploy of production: run 51 still in_progress "
	    "after 2 h; no longer followed", "says so");
	runfollow_done(&f);
}

static void
test_errors(void)
{
	struct spec s = { 61, "workflow_dispatch", "main", "queued", NULL, 0 };
	struct spec other = { 62, "workflow_dispatch", "main", "queued", NULL,
	    0 };
	struct runfollow f;
	char *body;

	start(&f);
	is_int(runfollow_feed(&f, 500, "{}", 2, T0 + 5), 1, "HTTP 500: news");
	is_str(msg(&f), "deploy of production: finding the run of the "
	    "dispatch: HTTP 500", "says what failed");
	is_int(runfollow_feed(&f, 500, "{}", 2, T0 + 10), 0,
	    "the same failure again: no news");
	is_int(f.state, RUNFOLLOW_FINDING, "still finding after failures");
	is_int(runfollow_feed(&f, 0, NULL, 0, T0 + 15), 1, "no answer: news");
	is_int(runfollow_feed(&f, 200, "[1", 2, T0 + 20), 1,
	    "garbage: news");
	ok(f.error != NULL && strstr(f.error, "did not parse") != NULL,
	    "garbage: did not parse (%s)", f.error != NULL ? f.error : "");
	is_int(feed_list(&f, &s, 1, T0 + 25), 1, "then found");
	ok(f.error == NULL, "the error is gone");
	body = run_json(&other);
	is_int(runfollow_feed(&f, 200, body, strlen(body), T0 + 30), 1,
	    "another run's body: news");
	free(body);
	is_int(f.run_id, 61, "still following its run");
	ok(strstr(msg(&f), "run 61 queued; last look: the answer is another "
	    "run") != NULL, "says so: %s", msg(&f));
	is_int(runfollow_feed(&f, 304, NULL, 0, T0 + 35), 1,
	    "304 without a cached body: an error");
	runfollow_done(&f);
}

static void
test_hostile_and_escapes(void)
{
	struct spec s = { 71, "workflow_dispatch", "feat/a b&c", "\\u001b[2Jx",
	    NULL, 0 };
	struct runfollow f;
	char *path;

	runfollow_init(&f, "octo/svc", "161336", "feat/a b&c",
	    "deploy of dev", T0);
	path = runfollow_path(&f);
	is_str(path, "/repos/octo/svc/actions/workflows/161336/runs?event="
	    "workflow_dispatch&branch=feat/a%20b%26c&per_page=20",
	    "the ref is escaped in the query");
	free(path);
	feed_list(&f, &s, 1, T0 + 5);
	is_int(f.run_id, 71, "found on that ref");
	ok(strchr(msg(&f), '\033') == NULL, "no raw ESC on the status line: "
	    "%s", msg(&f));
	runfollow_done(&f);
}

static void
test_known_cap(void)
{
	struct runfollow f;
	size_t i;

	start(&f);
	for (i = 1; i <= RUNFOLLOW_KNOWN_MAX + 1; i++)
		runfollow_know(&f, (int64_t)i);
	runfollow_know(&f, 5);
	is_int(f.nknown, RUNFOLLOW_KNOWN_MAX, "known ids are capped");
	is_int(f.known[0], 2, "the oldest made room");
	is_int(f.known[RUNFOLLOW_KNOWN_MAX - 1], RUNFOLLOW_KNOWN_MAX + 1,
	    "the newest kept");
	runfollow_done(&f);
}

int
main(void)
{
	test_matching();
	test_tie();
	test_follow_to_success();
	test_conclusions();
	test_find_timeout();
	test_follow_timeout();
	test_errors();
	test_hostile_and_escapes();
	test_known_cap();
	return tap_done();
}
