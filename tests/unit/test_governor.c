/* Tests for the request governor: its arithmetic (budget split, demand,
 * the proportional stretch, the token bucket over simulated minutes), the
 * shared state pollers report to, and which runs keep a repository on the
 * fast interval (active-max-age). Time is simulated where it matters; the
 * real clock is only read by the struct, over spans a test cannot miss. */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "opsdeck/clock.h"
#include "opsdeck/github.h"
#include "opsdeck/governor.h"
#include "opsdeck/run.h"
#include "../tap.h"

static void
test_budget_split(void)
{
	is_int(governor_burst(300), 30, "burst: a tenth of the budget");
	is_int(governor_target_rpm(300), 270, "refill: the rest of it");
	is_int(governor_burst(5), 0, "under 10 a minute: no burst");
	is_int(governor_target_rpm(1), 1, "1 a minute: refilled at 1 a minute");
	is_int(governor_target_rpm(0), 0, "0 is off: no target");
	ok(governor_factor(1e6, 0) == 1.0, "off: never stretched");
}

static void
test_demand_and_factor(void)
{
	int64_t want[100];
	double cost[100];
	size_t i;
	double d, f;

	for (i = 0; i < 100; i++) {
		want[i] = 5000;
		cost[i] = 2;	/* the runs list and a queued run's jobs */
	}
	d = governor_demand_rpm(want, cost, 100);
	ok(fabs(d - 2400) < 1e-9, "100 repos on 5 s, 2 requests: 2400/min (%g)",
	    d);
	f = governor_factor(d, governor_target_rpm(300));
	ok(fabs(f - 2400.0 / 270) < 1e-9, "factor demand/target (%g)", f);
	is_int(governor_stretch(5000, f), 44445, "5 s becomes 44.445 s");
	ok(governor_factor(200, 270) == 1.0, "under the budget: unchanged");
	is_int(governor_stretch(5000, 1.0), 5000, "factor 1: the same");
	is_int(governor_stretch(5000, 0.5), 5000, "never shortened");
}

/* Every repository stretched by the same factor, whatever its own
 * interval: the stretched total meets the target and none is left out. */
static void
test_fairness(void)
{
	static const size_t ns[] = { 1, 10, 100, 500, 5000 };
	int64_t *want, *got;
	double *cost, f, after, ratio0, worst;
	size_t k, i, n;

	for (k = 0; k < sizeof ns / sizeof ns[0]; k++) {
		n = ns[k];
		want = calloc(n, sizeof *want);
		got = calloc(n, sizeof *got);
		cost = calloc(n, sizeof *cost);
		for (i = 0; i < n; i++) {
			/* Mixed: most fast, every third slow, varied costs. */
			want[i] = i % 3 == 2 ? 30000 : 5000;
			cost[i] = 1 + (double)(i % 4);
		}
		f = governor_factor(governor_demand_rpm(want, cost, n),
		    governor_target_rpm(300));
		for (i = 0; i < n; i++)
			got[i] = governor_stretch(want[i], f);
		after = governor_demand_rpm(got, cost, n);
		ok(after <= governor_target_rpm(300) + 1e-6,
		    "%zu repos: stretched demand %.1f/min within the target",
		    n, after);
		ratio0 = (double)got[0] / (double)want[0];
		worst = 0;
		for (i = 0; i < n; i++) {
			double r = (double)got[i] / (double)want[i];

			if (fabs(r - ratio0) > worst)
				worst = fabs(r - ratio0);
		}
		ok(worst < 1e-3, "%zu repos: one factor for all (spread %g)",
		    n, worst);
		ok(got[n - 1] > 0 && got[n - 1] < INT64_MAX / 2,
		    "%zu repos: the last one is still polled (%lld ms)", n,
		    (long long)got[n - 1]);
		free(want);
		free(got);
		free(cost);
	}
}

static void
test_bucket(void)
{
	struct gov_bucket b;
	int64_t w1, w2;
	int i, zero = 0;

	gov_bucket_init(&b, 300, 1000);
	for (i = 0; i < 30; i++)
		zero += gov_bucket_reserve(&b, 1, 1000) == 0;
	is_int(zero, 30, "the burst goes at once");
	w1 = gov_bucket_reserve(&b, 1, 1000);
	w2 = gov_bucket_reserve(&b, 1, 1000);
	is_int(w1, 223, "the next one waits one refill (60000/270 ms)");
	ok(w2 > w1, "and the one after it longer: first come, first served");
	gov_bucket_refill(&b, 1000 + 60000);
	ok(fabs(b.tokens - 30) < 1e-9, "refill stops at the burst (%g)",
	    b.tokens);
}

/* Greedy pollers against the bucket over ten simulated minutes: no
 * window of 60 s ever holds more than the budget. */
/* The smallest budget still limits: one request, then one a minute. */
static void
test_bucket_tiny(void)
{
	struct gov_bucket b;

	gov_bucket_init(&b, 1, 0);
	is_int(gov_bucket_reserve(&b, 1, 0), 60000, "1/min: the first waits a minute");
	is_int(gov_bucket_reserve(&b, 1, 0), 120000, "and the next two");
}

static void
test_bucket_minutes(void)
{
	enum { SPAN_MS = 600000, BUDGET = 300 };
	static int64_t sent[SPAN_MS / 100];
	struct gov_bucket b;
	int64_t t, next = 0;
	size_t n = 0, i, j, worst = 0;

	gov_bucket_init(&b, BUDGET, 0);
	for (t = 0; t < SPAN_MS && n < sizeof sent / sizeof sent[0]; t++) {
		if (t < next)
			continue;
		next = t + gov_bucket_reserve(&b, 1, t);
		sent[n++] = next;	/* it goes at its turn */
	}
	for (i = 0, j = 0; i < n; i++) {
		while (sent[i] - sent[j] >= 60000)
			j++;
		if (i - j + 1 > worst)
			worst = i - j + 1;
	}
	ok(worst <= BUDGET, "busiest minute: %zu requests of %d", worst,
	    BUDGET);
	ok(n >= 9 * 270, "and the budget is used: %zu in 10 minutes", n);
}

static void
test_struct(void)
{
	struct governor *g = governor_new(300);
	struct governor_view v;
	char line[128];
	int slots[50], i, go = 0;
	int64_t d, w1, w2, again;

	for (i = 0; i < 50; i++) {
		char name[32];

		snprintf(name, sizeof name, "octo/repo-%d", i + 1);
		slots[i] = governor_slot(g, name, 30000);
	}
	/* The same repository from a second source is not a second repo. */
	governor_slot(g, "octo/repo-1", 60000);
	governor_view(g, &v);
	is_int(v.repos, 50, "50 distinct repositories");
	ok(!v.stretched, "not stretched while every one is idle");
	for (i = 0; i < 50; i++)
		go += governor_admit(g, slots[i]) == 0;
	is_int(go, 30, "30 polls admitted at once (the burst)");
	w1 = governor_admit(g, slots[30]);
	ok(w1 > 0, "the 31st keeps its reserved turn (%lld ms)",
	    (long long)w1);
	for (i = 0; i < 50; i++)
		d = governor_done(g, slots[i], 5000, 2);
	governor_view(g, &v);
	ok(v.stretched, "50 repos on 5 s with 2 requests: stretched");
	ok(fabs(v.demand_rpm - (1200 + 1)) < 1e-6, "demand %g/min",
	    v.demand_rpm);
	is_int(d, governor_stretch(5000, 1201.0 / 270),
	    "the interval handed back is the stretched one");
	governor_describe(&v, line, sizeof line);
	is_str(line, "governor: 50 repos, interval 23s", "what the header says");
	/* Beyond the burst: a poll is told to wait, and keeps its turn. */
	for (i = 0; i < 40; i++)
		governor_spend(g, 1);
	w1 = governor_admit(g, slots[0]);
	w2 = governor_admit(g, slots[1]);
	again = governor_admit(g, slots[0]);
	ok(w1 > 0 && w2 > w1, "overdrawn: waits in order (%lld, %lld)",
	    (long long)w1, (long long)w2);
	ok(again > 0 && again <= w1, "asking again keeps the turn (%lld)",
	    (long long)again);
	governor_free(&g);
	ok(g == NULL, "freed");

	g = governor_new(0);
	i = governor_slot(g, "octo/a", 5000);
	is_int(governor_admit(g, i), 0, "off: always admitted");
	is_int(governor_done(g, i, 5000, 50), 5000, "off: never stretched");
	governor_view(g, &v);
	governor_describe(&v, line, sizeof line);
	is_str(line, "", "off: the header says nothing");
	governor_free(&g);
}

/* A turn that comes while the bucket is overdrawn by requests nobody
 * reserved (a log download, a first poll that cost more than guessed)
 * waits for the debt. Bounded wait on the clock: 2 s at most. */
static void
test_turn_after_overspend(void)
{
	struct governor *g = governor_new(6000);	/* 90 a second */
	struct timespec ts = { 0, 1000000 };
	int64_t w, end;
	int s0;
	int i;

	s0 = governor_slot(g, "octo/a", 5000);
	governor_spend(g, 600);		/* the burst, gone */
	w = governor_admit(g, s0);
	ok(w > 0 && w < 100, "an empty bucket: a short turn (%lld ms)",
	    (long long)w);
	governor_spend(g, 90);		/* a second's worth, unreserved */
	end = clock_mono_ms() + w + 5;
	for (i = 0; i < 2000 && clock_mono_ms() < end; i++)
		nanosleep(&ts, NULL);
	w = governor_admit(g, s0);
	ok(w > 500, "its turn came, but the debt first (%lld ms)",
	    (long long)w);
	governor_free(&g);
}

static void
test_describe_long(void)
{
	struct governor_view v;
	char line[128];

	memset(&v, 0, sizeof v);
	v.stretched = true;
	v.repos = 500;
	v.interval_ms = 222223;
	governor_describe(&v, line, sizeof line);
	is_str(line, "governor: 500 repos, interval 3m43s", "minutes past 2m");
}

static void
test_settled(void)
{
	struct repo_runs rr;
	struct run runs[2];
	time_t now = 1800000000;

	memset(&rr, 0, sizeof rr);
	memset(runs, 0, sizeof runs);
	rr.runs = runs;
	rr.nruns = 2;
	runs[0].status = "completed";
	runs[0].updated_at = now - 10;
	runs[1].status = "queued";
	runs[1].updated_at = now - 60;
	ok(github_run_active(&runs[1], now, 3600), "queued a minute ago: active");
	is_int(github_want_interval(&rr, 30, 5, 3600, now), 5,
	    "a fresh queued run: the fast interval");
	runs[1].updated_at = now - 3601;
	ok(!github_run_active(&runs[1], now, 3600),
	    "not updated for over an hour: settled");
	is_int(github_want_interval(&rr, 30, 5, 3600, now), 30,
	    "a settled run: the slow interval");
	is_int(github_want_interval(&rr, 30, 5, 7200, now), 5,
	    "active-max-age 2h: still active");
	runs[1].status = "in_progress";
	runs[1].updated_at = 0;
	is_int(github_want_interval(&rr, 30, 5, 3600, now), 5,
	    "no update time: nothing says it is old");
	ok(!github_run_active(&runs[0], now, 3600), "completed: never active");
}

int
main(void)
{
	test_budget_split();
	test_demand_and_factor();
	test_fairness();
	test_bucket();
	test_bucket_tiny();
	test_bucket_minutes();
	test_struct();
	test_turn_after_overspend();
	test_describe_long();
	test_settled();
	return tap_done();
}
