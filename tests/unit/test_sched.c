#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "opsdeck/clock.h"
#include "opsdeck/sched.h"
#include "../tap.h"

/* Shared state guarded by a mutex; waits are bounded condvar waits. */
struct probe {
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	int		 runs;
	int		 inflight;
	int		 overlap;
	int		 limit;		/* return -1 after this many runs */
	int64_t		 delay;
	int		 order[16];
	int		 norder;
	int		 id;
	struct probe	*shared_order;
};

static int inits, dones;
static pthread_mutex_t counts = PTHREAD_MUTEX_INITIALIZER;

static void *
w_init(void *ud)
{
	pthread_mutex_lock(&counts);
	inits++;
	pthread_mutex_unlock(&counts);
	return ud;
}

static void
w_done(void *ctx)
{
	pthread_mutex_lock(&counts);
	dones++;
	pthread_mutex_unlock(&counts);
}

static int64_t
job(void *arg, void *ctx)
{
	struct probe *p = arg;
	struct timespec ts = { 0, 2000000 };
	int64_t ret;

	pthread_mutex_lock(&p->lock);
	if (++p->inflight > 1)
		p->overlap++;
	pthread_mutex_unlock(&p->lock);
	nanosleep(&ts, NULL);	/* widens the window for overlap */
	pthread_mutex_lock(&p->lock);
	p->inflight--;
	p->runs++;
	if (p->shared_order != NULL && p->shared_order->norder < 16)
		p->shared_order->order[p->shared_order->norder++] = p->id;
	ret = p->limit > 0 && p->runs >= p->limit ? -1 : p->delay;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
	return ret;
}

static void
probe_init(struct probe *p, int64_t delay, int limit)
{
	memset(p, 0, sizeof *p);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	p->delay = delay;
	p->limit = limit;
}

/* Waits up to ms for p->runs >= n. */
static int
wait_runs(struct probe *p, int n, int ms)
{
	int64_t end = clock_mono_ms() + ms;
	struct timespec ts;
	int got;

	pthread_mutex_lock(&p->lock);
	while (p->runs < n && clock_mono_ms() < end) {
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 10000000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&p->cond, &p->lock, &ts);
	}
	got = p->runs;
	pthread_mutex_unlock(&p->lock);
	return got >= n;
}

static void
test_basic(void)
{
	struct sched *s = sched_new(3, w_init, w_done, (void *)0x1);
	struct probe fast, removed, later;
	int64_t t0, stop_ms;

	probe_init(&fast, 0, 0);
	probe_init(&removed, 0, 3);
	probe_init(&later, 3600000, 0);
	sched_add(s, "fast", job, &fast, 0);
	sched_add(s, "removed", job, &removed, 0);
	int id = sched_add(s, "later", job, &later, 3600000);
	ok(sched_start(s) == 0, "start");
	ok(wait_runs(&fast, 50, 10000), "a job due at once runs repeatedly");
	is_int(fast.overlap, 0, "never two runs of one job at once");
	ok(wait_runs(&removed, 3, 10000), "the job that removes itself ran");
	is_int(later.runs, 0, "a job due in an hour has not run");
	sched_kick(s, id);
	ok(wait_runs(&later, 1, 10000), "a kick makes it due now");
	pthread_mutex_lock(&removed.lock);
	is_int(removed.runs, 3, "a negative return removed the job");
	pthread_mutex_unlock(&removed.lock);
	t0 = clock_mono_ms();
	sched_stop(s);
	stop_ms = clock_mono_ms() - t0;
	ok(stop_ms < 1000, "stop joins the workers within a second (%lld ms)",
	    (long long)stop_ms);
	ok(sched_stopping(s) && *sched_stop_flag(s) != 0, "stop flag set");
	sched_stop(s);
	ok(1, "stop is idempotent");
	sched_free(&s);
	is_int(inits, 3, "worker_init once per worker");
	is_int(dones, 3, "worker_done once per worker");
}

static void
test_order(void)
{
	struct sched *s = sched_new(1, NULL, NULL, NULL);
	struct probe order, a, b, c;

	probe_init(&order, 0, 0);
	probe_init(&a, 0, 1);
	probe_init(&b, 0, 1);
	probe_init(&c, 0, 1);
	a.id = 1; b.id = 2; c.id = 3;
	a.shared_order = b.shared_order = c.shared_order = &order;
	sched_add(s, "c", job, &c, 60);
	sched_add(s, "a", job, &a, 0);
	sched_add(s, "b", job, &b, 30);
	sched_start(s);
	ok(wait_runs(&c, 1, 10000), "all three ran");
	sched_stop(s);
	ok(order.norder == 3 && order.order[0] == 1 && order.order[1] == 2 &&
	    order.order[2] == 3, "jobs run in due order");
	sched_free(&s);
	ok(s == NULL, "free sets NULL");
	sched_free(&s);
}

int
main(void)
{
	test_basic();
	test_order();
	return tap_done();
}
