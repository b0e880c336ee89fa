/* alerts: which changes between two store snapshots are news (a watched
 * production run failed, a check went crit, an approval for this user
 * appeared), each once, none at start-up, and the [notify] events list. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/alerts.h"
#include "opsdeck/approvals.h"
#include "opsdeck/envstate.h"
#include "opsdeck/health.h"
#include "opsdeck/run.h"
#include "opsdeck/store.h"
#include "opsdeck/xalloc.h"
#include "../tap.h"

#define T0	1700000000

/* One run: id, workflow, branch, conclusion (NULL: in progress). */
struct rspec {
	int64_t		 id, wf;
	const char	*branch, *conclusion;
	int		 attempt;
	time_t		 updated;
};

static void
pub_runs(struct store *s, const char *repo, const struct rspec *v, size_t n)
{
	struct repo_runs *rr = xcalloc(1, sizeof *rr);
	size_t i;

	rr->repo = xstrdup(repo);
	rr->fetched_at = T0;
	rr->runs = xcalloc(n + 1, sizeof *rr->runs);
	rr->nruns = n;
	for (i = 0; i < n; i++) {
		rr->runs[i].id = v[i].id;
		rr->runs[i].workflow_id = v[i].wf;
		rr->runs[i].name = xstrdup(v[i].wf == 1 ? "CI" : "Deploy");
		rr->runs[i].display_title = xstrdup("Fix \033]0;pwned\a it");
		rr->runs[i].head_branch = xstrdup(v[i].branch);
		rr->runs[i].status = xstrdup(v[i].conclusion != NULL ?
		    "completed" : "in_progress");
		rr->runs[i].conclusion = v[i].conclusion != NULL ?
		    xstrdup(v[i].conclusion) : NULL;
		rr->runs[i].run_number = (int)v[i].id;
		rr->runs[i].run_attempt = v[i].attempt;
		rr->runs[i].updated_at = v[i].updated;
	}
	store_publish(s, STORE_PIPELINES, snap_new(repo, rr,
	    repo_runs_free_void));
}

/* The repository's environments: staging, and production (protected
 * when prot) whose current deployment came from run dep_run. */
static void
pub_envs(struct store *s, const char *repo, bool prot, int64_t dep_run)
{
	struct repo_envs *e = xcalloc(1, sizeof *e);

	e->repo = xstrdup(repo);
	e->default_branch = xstrdup("main");
	e->envs = xcalloc(2, sizeof *e->envs);
	e->nenvs = 2;
	e->envs[0].name = xstrdup("staging");
	e->envs[1].name = xstrdup("production");
	e->envs[1].is_protected = prot;
	e->envs[1].run_id = dep_run;
	store_publish(s, STORE_ENV, snap_new(repo, e, repo_envs_free_void));
}

static void
pub_check(struct store *s, const char *name, enum health_state st,
    time_t checked)
{
	struct health_check *c = health_check_new(name, "http");

	c->state = st;
	c->checked_at = checked;
	c->env = xstrdup("production");
	c->value = NAN;
	if (st == HEALTH_CRIT)
		c->reason = xstrdup("HTTP 503");
	store_publish(s, STORE_HEALTH, snap_new(name, c,
	    health_check_free_void));
}

/* A queue of n items (run ids 100, 101, ...), the odd ones this token
 * may not review. */
static void
pub_queue(struct store *s, const char *repo, size_t n)
{
	struct approval_queue *q = xcalloc(1, sizeof *q);
	size_t i;

	q->repo = xstrdup(repo);
	q->fetched_at = n > 0 || strcmp(repo, "o/placeholder") != 0 ? T0 : 0;
	q->stale = q->fetched_at == 0;
	q->items = xcalloc(n + 1, sizeof *q->items);
	q->n = n;
	for (i = 0; i < n; i++) {
		q->items[i].repo = xstrdup(repo);
		q->items[i].run_id = 100 + (int64_t)i;
		q->items[i].run_number = 7;
		q->items[i].workflow = xstrdup("Deploy");
		q->items[i].title = xstrdup("Ship it");
		q->items[i].environment = xstrdup("production");
		q->items[i].environment_id = 5;
		q->items[i].can_approve = i % 2 == 0;
		/* The fifth started waiting before the console did. */
		q->items[i].waiting_since = i == 4 ? T0 - 60 : T0 + 5;
	}
	store_publish(s, STORE_APPROVALS, snap_new(repo, q,
	    approval_queue_free_void));
}

/* What the store holds now, as alerts reads it. */
struct look {
	struct snapset		*set[4];
	struct alerts_view	 v;
};

static void
look(struct store *s, struct look *l)
{
	l->set[0] = store_acquire(s, STORE_PIPELINES);
	l->set[1] = store_acquire(s, STORE_ENV);
	l->set[2] = store_acquire(s, STORE_HEALTH);
	l->set[3] = store_acquire(s, STORE_APPROVALS);
	l->v.runs = l->set[0];
	l->v.envs = l->set[1];
	l->v.health = l->set[2];
	l->v.approvals = l->set[3];
}

static void
unlook(struct look *l)
{
	int i;

	for (i = 0; i < 4; i++)
		store_release(&l->set[i]);
}

/* The events between *prev and the store now; *prev moves on. */
static size_t
step(struct store *s, struct look *prev, unsigned mask, struct alert **ev)
{
	struct look cur;
	size_t n;

	look(s, &cur);
	n = alerts_diff(&prev->v, &cur.v, T0, mask, ev);
	unlook(prev);
	*prev = cur;
	return n;
}

static void
test_runs(void)
{
	struct store *s = store_new(-1);
	struct alert *ev;
	struct look prev;
	size_t n;
	struct rspec start[] = {
		{ 1, 1, "main", "failure", 1, T0 - 600 },	/* before */
		{ 2, 1, "main", NULL, 1, T0 },
		{ 3, 1, "topic", NULL, 1, T0 },
		{ 4, 2, "v1.2", NULL, 1, T0 },	/* Deploy, not main */
	};
	struct rspec later[] = {
		{ 1, 1, "main", "failure", 1, T0 - 600 },
		{ 2, 1, "main", "failure", 1, T0 + 10 },
		{ 3, 1, "topic", "failure", 1, T0 + 10 },
		{ 4, 2, "v1.2", "timed_out", 1, T0 + 10 },
		{ 5, 1, "main", "failure", 1, T0 - 300 },	/* old */
		{ 6, 1, "main", "failure", 1, T0 + 20 },	/* recent */
		{ 7, 1, "main", "success", 1, T0 + 20 },
	};

	pub_envs(s, "o/r", true, 40);
	pub_runs(s, "o/r", start, 4);
	look(s, &prev);
	is_int((int)alerts_diff(NULL, &prev.v, T0, ALERT_ALL, &ev), 0,
	    "start-up (no previous snapshot): nothing");
	ok(ev == NULL, "  and no list");
	/* Run 4 is of the workflow behind production's deployment (run 40,
	 * workflow 2), though not on main. */
	later[3].wf = 2;
	{
		struct rspec with40[8];

		memcpy(with40, later, sizeof later);
		with40[7] = (struct rspec){ 40, 2, "v1.1", "success", 1,
		    T0 - 9000 };
		pub_runs(s, "o/r", with40, 8);
	}
	n = step(s, &prev, ALERT_ALL, &ev);
	is_int((int)n, 3, "failed on main (2), the deploy workflow (4), a new "
	    "recent one (6); not the topic branch, nor the ones from before");
	if (n == 3) {
		ok(ev[0].kind == ALERT_RUN_FAILED, "kind run-failed");
		is_str(ev[0].title, "run failed", "title");
		is_str(ev[0].body, "o/r: CI #2 failure on main: Fix "
		    "\033]0;pwned\a it", "body: repo, workflow, number, "
		    "conclusion, branch, title (raw: notify cleans it)");
		ok(strstr(ev[1].body, "Deploy #4 timed_out on v1.2") != NULL,
		    "the deploy workflow's run: %s", ev[1].body);
		ok(strstr(ev[2].body, "CI #6 failure") != NULL, "run 6");
	}
	alerts_free(ev, n);
	n = step(s, &prev, ALERT_ALL, &ev);
	is_int((int)n, 0, "the same list again: nothing (each event once)");
	alerts_free(ev, n);
	/* A re-run: attempt 2 of run 2 runs, then fails again. */
	later[1].conclusion = NULL;
	later[1].attempt = 2;
	pub_runs(s, "o/r", later, 7);
	n = step(s, &prev, ALERT_ALL, &ev);
	is_int((int)n, 0, "re-run in progress: nothing");
	alerts_free(ev, n);
	later[1].conclusion = "failure";
	pub_runs(s, "o/r", later, 7);
	n = step(s, &prev, ALERT_ALL, &ev);
	is_int((int)n, 1, "its second attempt failed: once more");
	alerts_free(ev, n);
	n = step(s, &prev, ALERT_ALL & ~ALERT_BIT(ALERT_RUN_FAILED), &ev);
	is_int((int)n, 0, "not in the mask: nothing");
	alerts_free(ev, n);
	/* No protected environment: no run is watched. */
	later[1].conclusion = NULL;
	later[1].attempt = 3;
	pub_runs(s, "o/r", later, 7);
	pub_envs(s, "o/r", false, 40);
	step(s, &prev, ALERT_ALL, &ev);
	later[1].conclusion = "failure";
	pub_runs(s, "o/r", later, 7);
	n = step(s, &prev, ALERT_ALL, &ev);
	is_int((int)n, 0, "no protected environment: a failure on main is not "
	    "a watched production run");
	alerts_free(ev, n);
	/* A repository's first list is what already was. */
	pub_envs(s, "o/new", true, 0);
	pub_runs(s, "o/new", later, 7);
	n = step(s, &prev, ALERT_ALL, &ev);
	is_int((int)n, 0, "a repository's first list (its start-up): nothing");
	alerts_free(ev, n);
	unlook(&prev);
	store_free(&s);
}

static void
test_watched(void)
{
	struct repo_runs rr;
	struct run runs[2];
	struct repo_envs e;
	struct env_row rows[1];
	struct approval_queue q;
	struct approval_item it;

	memset(&rr, 0, sizeof rr);
	memset(runs, 0, sizeof runs);
	memset(&e, 0, sizeof e);
	memset(rows, 0, sizeof rows);
	memset(&q, 0, sizeof q);
	memset(&it, 0, sizeof it);
	runs[0].id = 9;
	runs[0].workflow_id = 3;
	runs[0].head_branch = "release";
	runs[1].id = 10;
	runs[1].workflow_id = 3;
	rr.runs = runs;
	rr.nruns = 2;
	rows[0].name = "production";
	rows[0].is_protected = true;
	e.envs = rows;
	e.nenvs = 1;
	e.default_branch = "main";
	ok(!alerts_run_watched(&runs[0], &rr, NULL, NULL),
	    "no environments known: not watched");
	ok(!alerts_run_watched(&runs[0], &rr, &e, NULL),
	    "a protected environment, another branch, no deploy: not watched");
	rows[0].in_flight_run = 10;
	ok(alerts_run_watched(&runs[0], &rr, &e, NULL),
	    "the workflow of the run in flight to production: watched");
	rows[0].in_flight_run = 0;
	it.run_id = 10;
	it.environment = "production";
	q.items = &it;
	q.n = 1;
	ok(alerts_run_watched(&runs[0], &rr, &e, &q),
	    "the workflow of a run waiting for production's approval: watched");
	it.environment = "staging";
	ok(!alerts_run_watched(&runs[0], &rr, &e, &q),
	    "  one waiting for an environment not listed: not");
	runs[0].head_branch = "main";
	ok(alerts_run_watched(&runs[0], &rr, &e, NULL),
	    "on the default branch: watched");
	rows[0].is_protected = false;
	ok(!alerts_run_watched(&runs[0], &rr, &e, NULL),
	    "  unless no environment is protected");
}

static void
test_health(void)
{
	struct store *s = store_new(-1);
	struct alert *ev;
	struct look prev;
	size_t n;

	pub_check(s, "api", HEALTH_OK, T0);
	pub_check(s, "db", HEALTH_CRIT, T0);
	pub_check(s, "new", HEALTH_UNKNOWN, 0);
	look(s, &prev);
	pub_check(s, "api", HEALTH_CRIT, T0 + 30);
	pub_check(s, "db", HEALTH_CRIT, T0 + 30);
	pub_check(s, "new", HEALTH_CRIT, T0 + 30);
	pub_check(s, "late", HEALTH_CRIT, T0 + 30);
	n = step(s, &prev, ALERT_ALL, &ev);
	is_int((int)n, 1, "ok -> crit is news; crit that stays crit, a first "
	    "result, a check first seen now are not");
	if (n == 1) {
		ok(ev[0].kind == ALERT_HEALTH_CRIT, "kind health-crit");
		is_str(ev[0].body, "api (production): crit, HTTP 503",
		    "body: the check, its environment, why");
	}
	alerts_free(ev, n);
	n = step(s, &prev, ALERT_ALL, &ev);
	is_int((int)n, 0, "still crit: nothing again");
	alerts_free(ev, n);
	pub_check(s, "api", HEALTH_WARN, T0 + 60);
	step(s, &prev, ALERT_ALL, &ev);
	pub_check(s, "api", HEALTH_CRIT, T0 + 90);
	n = step(s, &prev, ALERT_ALL, &ev);
	is_int((int)n, 1, "back to crit after warn: news again");
	alerts_free(ev, n);
	unlook(&prev);
	store_free(&s);
}

static void
test_approvals(void)
{
	struct store *s = store_new(-1);
	struct alert *ev;
	struct look prev;
	size_t n;

	pub_queue(s, "o/r", 1);
	pub_queue(s, "o/placeholder", 0);	/* stale, never read */
	look(s, &prev);
	pub_queue(s, "o/r", 1);
	n = step(s, &prev, ALERT_ALL, &ev);
	is_int((int)n, 0, "the same queue again: nothing");
	alerts_free(ev, n);
	/* 101 and 103 this token cannot review, 104 waits since before */
	pub_queue(s, "o/r", 5);
	pub_queue(s, "o/first", 2);
	pub_queue(s, "o/placeholder", 2);
	n = step(s, &prev, ALERT_ALL, &ev);
	is_int((int)n, 1, "one new item this token may review (not the ones "
	    "it may not, not one waiting since before the start, not a first "
	    "queue, not the first read after a stale placeholder)");
	if (n == 1) {
		ok(ev[0].kind == ALERT_APPROVAL, "kind approval");
		is_str(ev[0].body, "o/r: Deploy #7 to production waits for "
		    "your review: Ship it", "body");
	}
	alerts_free(ev, n);
	n = step(s, &prev, ALERT_BIT(ALERT_RUN_FAILED), &ev);
	is_int((int)n, 0, "nothing more");
	alerts_free(ev, n);
	unlook(&prev);
	store_free(&s);
}

static void
test_parse(void)
{
	unsigned m = 99;
	char *why = NULL;

	ok(alerts_events_parse("run-failed health-crit approval", &m, &why) ==
	    0 && m == ALERT_ALL, "all three");
	ok(alerts_events_parse(" approval,run-failed ", &m, &why) == 0 &&
	    m == (ALERT_BIT(ALERT_APPROVAL) | ALERT_BIT(ALERT_RUN_FAILED)),
	    "any order, commas too");
	ok(alerts_events_parse("none", &m, &why) == 0 && m == 0, "none");
	ok(alerts_events_parse("health-crit bogus", &m, &why) == -1 &&
	    why != NULL && strstr(why, "'bogus'") != NULL, "an unknown word "
	    "is named");
	free(why);
	is_str(alerts_kind_name(ALERT_HEALTH_CRIT), "health-crit", "names");
}

int
main(void)
{
	test_runs();
	test_watched();
	test_health();
	test_approvals();
	test_parse();
	return tap_done();
}
