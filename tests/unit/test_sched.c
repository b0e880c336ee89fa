/* Tests for sched. Every wait is a bounded wait on a condition variable
 * (CLOCK_MONOTONIC); nothing sleeps to let a race settle. */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __linux__
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "opsdeck/clock.h"
#include "opsdeck/sched.h"
#include "../tap.h"

#define LONG_MS		3600000		/* "an hour": never due in a test */
#define BOUND_MS	10000		/* upper bound of any wait */

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cond;

/* One bounded wait on g_cond (held); 0 once end_ms has passed. */
static int
wait_tick(int64_t end_ms)
{
	struct timespec ts;
	int64_t now = clock_mono_ms(), until;

	if (now >= end_ms)
		return 0;
	until = now + 50 < end_ms ? now + 50 : end_ms;
	ts.tv_sec = (time_t)(until / 1000);
	ts.tv_nsec = (long)(until % 1000) * 1000000;
	pthread_cond_timedwait(&g_cond, &g_lock, &ts);
	return 1;
}

/* Evaluates expr under g_lock until true or ms pass; yields its value. */
#define WAIT_FOR(expr, ms) __extension__ ({				\
	int64_t end_ = clock_mono_ms() + (ms);				\
	int r_;								\
	pthread_mutex_lock(&g_lock);					\
	while (!(expr) && wait_tick(end_))				\
		;							\
	r_ = !!(expr);							\
	pthread_mutex_unlock(&g_lock);					\
	r_;								\
})

/* Worker contexts: where and how each worker started and finished. */
struct wstate {
	pthread_t	 self;
	void		*userdata;
	int		 sigs_blocked;
	int		 dones;
	int		 done_same_thread;
};
static struct wstate ws[8];
static int ninit;

static void *
w_init(void *ud)
{
	struct wstate *w;
	sigset_t cur;

	pthread_sigmask(SIG_BLOCK, NULL, &cur);
	pthread_mutex_lock(&g_lock);
	w = &ws[ninit++];
	w->self = pthread_self();
	w->userdata = ud;
	w->sigs_blocked = sigismember(&cur, SIGINT) == 1 &&
	    sigismember(&cur, SIGTERM) == 1 &&
	    sigismember(&cur, SIGHUP) == 1 &&
	    sigismember(&cur, SIGWINCH) == 1;
	pthread_cond_broadcast(&g_cond);
	pthread_mutex_unlock(&g_lock);
	return w;
}

static void
w_done(void *ctx)
{
	struct wstate *w = ctx;

	pthread_mutex_lock(&g_lock);
	w->dones++;
	w->done_same_thread = pthread_equal(w->self, pthread_self());
	pthread_cond_broadcast(&g_cond);
	pthread_mutex_unlock(&g_lock);
}

/* A job that counts, stamps and logs its runs. */
struct cjob {
	int		 id;
	int		 runs;
	int		 limit;		/* return -1 at this many runs */
	int64_t		 delay;
	int64_t		 added_ms;
	int64_t		 stamps[8];
	int		 wrong_ctx;
	int		*log, *nlog;
};

static int64_t
counter(void *arg, void *ctx)
{
	struct cjob *c = arg;
	struct wstate *w = ctx;
	int64_t ret;

	pthread_mutex_lock(&g_lock);
	if (w != NULL && !pthread_equal(w->self, pthread_self()))
		c->wrong_ctx++;
	if (c->runs < 8)
		c->stamps[c->runs] = clock_mono_ms();
	c->runs++;
	if (c->log != NULL && *c->nlog < 16)
		c->log[(*c->nlog)++] = c->id;
	ret = c->limit > 0 && c->runs >= c->limit ? -1 : c->delay;
	pthread_cond_broadcast(&g_cond);
	pthread_mutex_unlock(&g_lock);
	return ret;
}

static void
cjob_init(struct cjob *c, int id, int64_t delay, int limit)
{
	memset(c, 0, sizeof *c);
	c->id = id;
	c->delay = delay;
	c->limit = limit;
	c->added_ms = clock_mono_ms();
}

/* A job that blocks until the test releases it (or the scheduler stops),
 * counting how many copies of itself are in flight. */
struct gate {
	struct sched	*s;
	int		 inflight;	/* __atomic */
	int		 overlap;	/* __atomic */
	int		 entered;
	int		 released;
	int64_t		 ret;
};

static int64_t
gate_job(void *arg, void *ctx)
{
	struct gate *g = arg;
	int64_t end = clock_mono_ms() + BOUND_MS;

	if (__atomic_add_fetch(&g->inflight, 1, __ATOMIC_SEQ_CST) > 1)
		__atomic_add_fetch(&g->overlap, 1, __ATOMIC_SEQ_CST);
	pthread_mutex_lock(&g_lock);
	g->entered++;
	pthread_cond_broadcast(&g_cond);
	while (g->released < g->entered && !sched_stopping(g->s) &&
	    wait_tick(end))
		;
	pthread_mutex_unlock(&g_lock);
	__atomic_sub_fetch(&g->inflight, 1, __ATOMIC_SEQ_CST);
	return g->ret;
}

static void
release_gate(struct gate *g, int upto)
{
	pthread_mutex_lock(&g_lock);
	g->released = upto;
	pthread_cond_broadcast(&g_cond);
	pthread_mutex_unlock(&g_lock);
}

static void
test_workers(void)
{
	struct sched *s;
	struct cjob c;
	int i, k, on_workers = 1, distinct = 1, blocked = 1, ud = 1;

	ninit = 0;
	memset(ws, 0, sizeof ws);
	s = sched_new(3, w_init, w_done, &ninit);
	cjob_init(&c, 1, 0, 40);
	ok(sched_add(s, "count", counter, &c, 0) == 0, "first job id is 0");
	ok(sched_start(s) == 0, "start");
	ok(sched_start(s) == 0, "start twice is harmless");
	ok(WAIT_FOR(ninit == 3, BOUND_MS), "three workers initialised");
	ok(WAIT_FOR(c.runs == 40, BOUND_MS), "a due-now job ran 40 times");
	pthread_mutex_lock(&g_lock);
	is_int(c.wrong_ctx, 0, "each job gets its worker's own ctx");
	for (i = 0; i < 3; i++) {
		if (pthread_equal(ws[i].self, pthread_self()))
			on_workers = 0;
		for (k = 0; k < i; k++) {
			if (pthread_equal(ws[i].self, ws[k].self))
				distinct = 0;
		}
		blocked &= ws[i].sigs_blocked;
		ud &= ws[i].userdata == &ninit;
	}
	pthread_mutex_unlock(&g_lock);
	ok(on_workers && distinct, "worker_init runs on each worker thread");
	ok(blocked, "workers block SIGINT, SIGTERM, SIGHUP, SIGWINCH");
	ok(ud, "worker_init gets the userdata");
	sched_free(&s);
	ok(s == NULL, "sched_free stops, joins and sets NULL");
	for (i = 0, k = 1; i < 3; i++)
		k &= ws[i].dones == 1 && ws[i].done_same_thread;
	ok(k, "worker_done once per worker, on its own thread, with its ctx");
	is_int(ninit, 3, "worker_init exactly once per worker");
	is_int(c.runs, 40, "a negative return removed the job");
	sched_free(&s);
}

static void
test_no_overlap(void)
{
	struct sched *s = sched_new(4, NULL, NULL, NULL);
	struct gate g;
	int k, early = 0, rounds = 20;

	memset(&g, 0, sizeof g);
	g.s = s;
	g.ret = 0;	/* due again at once: every idle worker wants it */
	sched_add(s, "gate", gate_job, &g, 0);
	sched_start(s);
	for (k = 1; k <= rounds; k++) {
		if (!WAIT_FOR(g.entered >= k, BOUND_MS))
			break;
		/* While it runs, three idle workers and a kick must not start
		 * a second copy: give them a bounded chance to. */
		sched_kick(s, 0);
		if (WAIT_FOR(g.entered > k, 20))
			early++;
		release_gate(&g, k);
	}
	is_int(k, rounds + 1, "the blocking job ran %d times", rounds);
	is_int(early, 0, "never entered again before it returned");
	is_int(__atomic_load_n(&g.overlap, __ATOMIC_SEQ_CST), 0,
	    "never two runs of one job at once (in-flight counter)");
	sched_free(&s);
}

static void
test_kick(void)
{
	struct sched *s = sched_new(1, NULL, NULL, NULL);
	struct gate g;
	struct cjob a, b;
	int id;

	memset(&g, 0, sizeof g);
	g.s = s;
	g.ret = LONG_MS;
	cjob_init(&a, 1, LONG_MS, 0);
	cjob_init(&b, 2, LONG_MS, 0);
	id = sched_add(s, "gate", gate_job, &g, 0);
	sched_add(s, "a", counter, &a, LONG_MS);
	sched_add(s, "b", counter, &b, LONG_MS);
	sched_start(s);
	ok(WAIT_FOR(g.entered == 1, BOUND_MS), "gate running");
	sched_kick(s, id);
	release_gate(&g, 1);
	ok(WAIT_FOR(g.entered == 2, BOUND_MS),
	    "kicked while running: runs again right after, despite its delay");
	release_gate(&g, 2);
	sched_kick(s, 1);
	ok(WAIT_FOR(a.runs == 1, BOUND_MS), "a kick makes a job due now");
	pthread_mutex_lock(&g_lock);
	is_int(b.runs, 0, "the unkicked job waits for its hour");
	is_int(g.entered, 2, "the gate went back to its hour");
	pthread_mutex_unlock(&g_lock);
	sched_kick(s, -1);
	sched_kick(s, 99);
	release_gate(&g, 3);	/* its next run passes straight through */
	sched_kick_all(s);
	ok(WAIT_FOR(a.runs == 2 && b.runs == 1 && g.entered == 3, BOUND_MS),
	    "kick_all makes every job due now");
	sched_free(&s);
}

/* A job that notes, run by run, whether a kick asked for the run. */
struct kjob {
	struct sched	*s;
	int		 id;
	int		 runs;
	int		 kicked[8];
};

static int64_t
kicked_job(void *arg, void *ctx)
{
	struct kjob *k = arg;
	bool kicked = sched_run_kicked(k->s, k->id);

	(void)ctx;
	pthread_mutex_lock(&g_lock);
	if (k->runs < 8)
		k->kicked[k->runs] = kicked;
	k->runs++;
	pthread_cond_broadcast(&g_cond);
	pthread_mutex_unlock(&g_lock);
	return LONG_MS;
}

static void
test_run_kicked(void)
{
	struct sched *s = sched_new(2, NULL, NULL, NULL);
	struct kjob k;

	memset(&k, 0, sizeof k);
	k.s = s;
	k.id = sched_add(s, "k", kicked_job, &k, 0);
	sched_start(s);
	ok(WAIT_FOR(k.runs == 1, BOUND_MS), "run_kicked: the first run");
	sched_kick(s, k.id);
	ok(WAIT_FOR(k.runs == 2, BOUND_MS), "run_kicked: kicked");
	sched_kick_all(s);
	ok(WAIT_FOR(k.runs == 3, BOUND_MS), "run_kicked: kick_all");
	pthread_mutex_lock(&g_lock);
	ok(!k.kicked[0], "the first run is its due time's, not a kick's");
	ok(k.kicked[1] && k.kicked[2], "sched_kick and sched_kick_all runs "
	    "say so");
	pthread_mutex_unlock(&g_lock);
	is_int(sched_run_kicked(s, 99), 0, "no such job: false");
	sched_free(&s);
}

/* Only the jobs whose name ends in " owner/name" are kicked: not a repo
 * whose name merely ends the same way, not another repo's. */
static void
test_kick_repo(void)
{
	struct sched *s = sched_new(1, NULL, NULL, NULL);
	struct cjob a, b, c, d;

	cjob_init(&a, 1, LONG_MS, 0);
	cjob_init(&b, 2, LONG_MS, 0);
	cjob_init(&c, 3, LONG_MS, 0);
	cjob_init(&d, 4, LONG_MS, 0);
	sched_add(s, "github octo/web", counter, &a, LONG_MS);
	sched_add(s, "approvals octo/web", counter, &b, LONG_MS);
	sched_add(s, "github octo/webapp", counter, &c, LONG_MS);
	sched_add(s, "github xocto/web", counter, &d, LONG_MS);
	sched_start(s);
	is_int(sched_kick_repo(s, "octo/web"), 2, "two jobs of octo/web");
	ok(WAIT_FOR(a.runs == 1 && b.runs == 1, BOUND_MS),
	    "both run now, not in an hour");
	pthread_mutex_lock(&g_lock);
	is_int(c.runs + d.runs, 0,
	    "octo/webapp and xocto/web wait for their hour");
	pthread_mutex_unlock(&g_lock);
	is_int(sched_kick_repo(s, ""), 0, "an empty name kicks nothing");
	is_int(sched_kick_repo(s, "web"), 0, "a bare suffix kicks nothing");
	sched_free(&s);
}

static void
test_remove(void)
{
	struct sched *s = sched_new(1, NULL, NULL, NULL);
	struct cjob r, sentinel;
	int rid, sid;

	cjob_init(&r, 1, 0, 3);
	cjob_init(&sentinel, 2, LONG_MS, 0);
	rid = sched_add(s, "removed", counter, &r, 0);
	sid = sched_add(s, "sentinel", counter, &sentinel, LONG_MS);
	sched_start(s);
	ok(WAIT_FOR(r.runs == 3, BOUND_MS), "ran until it returned -1");
	/* One worker, FIFO among due jobs: were r still queued, this kick
	 * would run it before the sentinel. */
	sched_kick(s, rid);
	sched_kick(s, sid);
	ok(WAIT_FOR(sentinel.runs == 1, BOUND_MS), "sentinel ran");
	pthread_mutex_lock(&g_lock);
	is_int(r.runs, 3, "a removed job stays removed, even when kicked");
	pthread_mutex_unlock(&g_lock);
	sched_free(&s);
}

static void
test_order(void)
{
	struct sched *s = sched_new(1, NULL, NULL, NULL);
	struct cjob a, b, c, d, late;
	int log[16], nlog = 0, k, spaced = 1;

	cjob_init(&c, 3, 0, 1);
	cjob_init(&a, 1, 0, 1);
	cjob_init(&b, 2, 0, 1);
	cjob_init(&d, 4, 40, 4);
	a.log = b.log = c.log = log;
	a.nlog = b.nlog = c.nlog = &nlog;
	sched_add(s, "c", counter, &c, 120);
	sched_add(s, "a", counter, &a, 0);
	sched_add(s, "b", counter, &b, 60);
	sched_add(s, "d", counter, &d, 0);
	sched_start(s);
	ok(WAIT_FOR(c.runs == 1 && d.runs == 4, BOUND_MS), "all jobs ran");
	pthread_mutex_lock(&g_lock);
	ok(nlog == 3 && log[0] == 1 && log[1] == 2 && log[2] == 3,
	    "jobs run in due order");
	ok(b.stamps[0] - b.added_ms >= 60 && c.stamps[0] - c.added_ms >= 120,
	    "first delays respected (%lld, %lld ms)",
	    (long long)(b.stamps[0] - b.added_ms),
	    (long long)(c.stamps[0] - c.added_ms));
	for (k = 1; k < 4; k++)
		spaced &= d.stamps[k] - d.stamps[k - 1] >= 40;
	pthread_mutex_unlock(&g_lock);
	ok(spaced, "a returned delay of 40 ms is respected between runs");
	cjob_init(&late, 5, 0, 1);
	sched_add(s, "late", counter, &late, 0);
	ok(WAIT_FOR(late.runs == 1, BOUND_MS), "sched_add after start runs");
	sched_free(&s);
}

static void
test_stop_idle(void)
{
	struct sched *s;
	struct cjob far;
	int64_t t0, ms;

	ninit = 0;
	memset(ws, 0, sizeof ws);
	s = sched_new(4, w_init, w_done, NULL);
	cjob_init(&far, 1, LONG_MS, 0);
	sched_add(s, "far", counter, &far, LONG_MS);
	sched_start(s);
	ok(WAIT_FOR(ninit == 4, BOUND_MS), "four workers up");
	t0 = clock_mono_ms();
	sched_stop(s);
	ms = clock_mono_ms() - t0;
	ok(ms < 1000, "stop with a job due in an hour joins in %lld ms",
	    (long long)ms);
	is_int(far.runs, 0, "the far job never ran");
	is_int(ws[0].dones + ws[1].dones + ws[2].dones + ws[3].dones, 4,
	    "every worker finished");
	sched_stop(s);
	ok(sched_start(s) == -1, "no restart after stop");
	sched_free(&s);

	s = sched_new(2, NULL, NULL, NULL);
	sched_add(s, "never", counter, &far, 0);
	sched_free(&s);
	ok(s == NULL && far.runs == 0, "free without start");
}

struct longjob {
	struct sched	*s;
	int		 entered;
	int		 saw_flag;
	int		 saw_stopping;
	int		 flag_before;
};

static int64_t
long_job(void *arg, void *ctx)
{
	struct longjob *l = arg;
	const volatile int *flag = sched_stop_flag(l->s);
	int64_t end = clock_mono_ms() + BOUND_MS;

	pthread_mutex_lock(&g_lock);
	l->entered = 1;
	l->flag_before = __atomic_load_n(flag, __ATOMIC_SEQ_CST);
	pthread_cond_broadcast(&g_cond);
	/* Polls like a curl progress callback would. */
	while (!__atomic_load_n(flag, __ATOMIC_SEQ_CST) && wait_tick(end))
		;
	l->saw_flag = __atomic_load_n(flag, __ATOMIC_SEQ_CST);
	l->saw_stopping = sched_stopping(l->s);
	pthread_mutex_unlock(&g_lock);
	return 0;
}

static void
test_stop_running(void)
{
	struct sched *s = sched_new(2, NULL, NULL, NULL);
	struct longjob l;
	int64_t t0, ms;

	memset(&l, 0, sizeof l);
	l.s = s;
	sched_add(s, "long", long_job, &l, 0);
	ok(!sched_stopping(s), "not stopping before stop");
	sched_start(s);
	ok(WAIT_FOR(l.entered, BOUND_MS), "long job running");
	t0 = clock_mono_ms();
	sched_stop(s);
	ms = clock_mono_ms() - t0;
	ok(ms < 1000, "stop with a job in flight joins in %lld ms",
	    (long long)ms);
	is_int(l.flag_before, 0, "flag clear while running");
	ok(l.saw_flag && l.saw_stopping,
	    "the running job saw the stop flag and sched_stopping()");
	sched_free(&s);
}

#ifdef __linux__
/* Wakeups: the voluntary context switches of the workers (their kernel
 * thread ids, noted by the worker init) while one job runs every 20 ms.
 * Each run needs the timer to wake once, at its due time; before, every
 * due time and every job's end woke the whole pool (about 7 a run with 4
 * workers). */
static long wk_tid[4];
static int wk_n;

static void *
wk_init(void *ud)
{
	(void)ud;
	pthread_mutex_lock(&g_lock);
	if (wk_n < 4)
		wk_tid[wk_n++] = (long)syscall(SYS_gettid);
	pthread_cond_broadcast(&g_cond);
	pthread_mutex_unlock(&g_lock);
	return NULL;
}

static long
wk_switches(void)
{
	char path[64], line[128];
	long sum = 0, v;
	FILE *f;
	int i;

	for (i = 0; i < wk_n; i++) {
		snprintf(path, sizeof path, "/proc/self/task/%ld/status",
		    wk_tid[i]);
		if ((f = fopen(path, "r")) == NULL)
			return -1;
		while (fgets(line, sizeof line, f) != NULL)
			if (sscanf(line, "voluntary_ctxt_switches: %ld", &v) == 1)
				sum += v;
		fclose(f);
	}
	return sum;
}

static void
test_wakeups(void)
{
	struct sched *s;
	struct cjob c;
	long before, after;
	int runs;

	wk_n = 0;
	s = sched_new(4, wk_init, NULL, NULL);
	sched_start(s);
	ok(WAIT_FOR(wk_n == 4, BOUND_MS), "four workers up");
	before = wk_switches();
	cjob_init(&c, 1, 20, 26);
	sched_add(s, "tick", counter, &c, 20);
	ok(WAIT_FOR(c.runs == 26, BOUND_MS), "a job every 20 ms ran 26 times");
	after = wk_switches();
	pthread_mutex_lock(&g_lock);
	runs = c.runs;
	pthread_mutex_unlock(&g_lock);
	ok(before >= 0 && after - before <= 3L * runs + 10,
	    "the pool woke at most 3 times a run (%ld switches, %d runs)",
	    after - before, runs);
	sched_free(&s);
}
#endif

int
main(void)
{
	pthread_condattr_t ca;

	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&g_cond, &ca);
	pthread_condattr_destroy(&ca);

	test_workers();
	test_no_overlap();
	test_kick();
	test_run_kicked();
	test_kick_repo();
	test_remove();
	test_order();
	test_stop_idle();
	test_stop_running();
#ifdef __linux__
	test_wakeups();
#endif
	return tap_done();
}
