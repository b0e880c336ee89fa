/* sched: a min-heap of jobs by due time and a fixed pool of workers.
 *
 * One mutex guards everything; workers sleep on condition variables
 * that run on CLOCK_MONOTONIC, so a wall clock step never delays or
 * floods polling. A running job is out of the heap, which is what keeps a
 * job from ever running on two workers at once.
 *
 * Wakeups: at most one worker (the timer) waits for the earliest due time,
 * on timer_cond; the others wait on cond with no time limit. A change of
 * the heap wakes one thread, the one that has something to do: the timer
 * when the new due time is before its own, else an idle worker when there
 * is no timer. A worker that takes a job wakes one more if jobs are left,
 * so a burst of due jobs spreads over the pool one wakeup a job. Before,
 * every worker slept until the earliest due time and every change was a
 * broadcast: each job woke the whole pool (about 8 context switches a
 * request with 4 workers, bench/idle.sh).
 *
 * Signals: workers block all but the synchronous fatal ones (crash.h).
 *
 * Stopping: sched_stop sets the flag and wakes every worker. A worker
 * that is idle or waiting for a due time exits at once; one that is
 * running a job exits when the job returns. So sched_stop returns within
 * a second only if every job polls sched_stopping() (or the flag from
 * sched_stop_flag, e.g. in a curl progress callback) at least that often.
 *
 * sched_new, sched_start, sched_stop and sched_free belong to the owning
 * thread; sched_add, sched_kick and sched_stopping may be called from any
 * thread, jobs included, before or after sched_start. */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "opsdeck/clock.h"
#include "opsdeck/crash.h"
#include "opsdeck/sched.h"
#include "opsdeck/xalloc.h"

struct job {
	char		*name;
	sched_job_fn	 fn;
	void		*arg;
	int64_t		 due_ms;
	uint64_t	 seq;		/* FIFO among jobs due at once */
	size_t		 pos;		/* index in heap while queued */
	int		 queued;
	int		 running;
	int		 kicked;	/* kicked while running: run again */
	int		 kick_due;	/* the next run is a kick's */
	int		 run_kicked;	/* the run in progress is; its own */
};

struct sched {
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;		/* idle workers */
	pthread_cond_t	 timer_cond;	/* the timer */
	int		 timer_waiting;	/* a worker waits on timer_cond */
	int64_t		 timer_due_ms;	/* until then */
	volatile int	 stop;		/* __atomic only */
	int		 started;
	int		 joined;
	unsigned	 nworkers;
	unsigned	 nthreads;	/* created, to be joined */
	pthread_t	*threads;
	sched_worker_init_fn worker_init;
	sched_worker_done_fn worker_done;
	void		*userdata;
	struct job	**jobs;		/* by id; never moved once made */
	size_t		 njobs, jobs_cap;
	struct job	**heap;		/* min-heap on (due_ms, seq) */
	size_t		 nheap;
	uint64_t	 seq;
};

static int
job_before(const struct job *a, const struct job *b)
{
	if (a->due_ms != b->due_ms)
		return a->due_ms < b->due_ms;
	return a->seq < b->seq;
}

static void
heap_set(struct sched *s, size_t i, struct job *j)
{
	s->heap[i] = j;
	j->pos = i;
}

static void
heap_up(struct sched *s, size_t i)
{
	struct job *j = s->heap[i];
	size_t parent;

	while (i > 0) {
		parent = (i - 1) / 2;
		if (!job_before(j, s->heap[parent]))
			break;
		heap_set(s, i, s->heap[parent]);
		i = parent;
	}
	heap_set(s, i, j);
}

static void
heap_down(struct sched *s, size_t i)
{
	struct job *j = s->heap[i];
	size_t child;

	for (;;) {
		child = 2 * i + 1;
		if (child >= s->nheap)
			break;
		if (child + 1 < s->nheap &&
		    job_before(s->heap[child + 1], s->heap[child]))
			child++;
		if (!job_before(s->heap[child], j))
			break;
		heap_set(s, i, s->heap[child]);
		i = child;
	}
	heap_set(s, i, j);
}

/* The heap has room for every job (sized in sched_add). */
static void
heap_push(struct sched *s, struct job *j, int64_t due_ms)
{
	j->due_ms = due_ms;
	j->seq = s->seq++;
	j->queued = 1;
	heap_set(s, s->nheap++, j);
	heap_up(s, j->pos);
}

static struct job *
heap_pop(struct sched *s)
{
	struct job *top = s->heap[0];

	top->queued = 0;
	if (--s->nheap > 0) {
		heap_set(s, 0, s->heap[s->nheap]);
		heap_down(s, 0);
	}
	return top;
}

struct sched *
sched_new(unsigned nworkers, sched_worker_init_fn init,
    sched_worker_done_fn done, void *userdata)
{
	struct sched *s;
	pthread_condattr_t ca;

	if (nworkers == 0)
		nworkers = 1;
	s = xcalloc(1, sizeof *s);
	s->threads = xcalloc(nworkers, sizeof *s->threads);
	pthread_mutex_init(&s->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->cond, &ca);
	pthread_cond_init(&s->timer_cond, &ca);
	pthread_condattr_destroy(&ca);
	s->nworkers = nworkers;
	s->worker_init = init;
	s->worker_done = done;
	s->userdata = userdata;
	return s;
}

void
sched_free(struct sched **sp)
{
	struct sched *s;
	size_t i;

	if (sp == NULL || (s = *sp) == NULL)
		return;
	sched_stop(s);
	for (i = 0; i < s->njobs; i++) {
		free(s->jobs[i]->name);
		free(s->jobs[i]);
	}
	free(s->jobs);
	free(s->heap);
	free(s->threads);
	pthread_cond_destroy(&s->cond);
	pthread_cond_destroy(&s->timer_cond);
	pthread_mutex_destroy(&s->lock);
	free(s);
	*sp = NULL;
}

/* A job became due at due_ms: wake the one thread that must act on it
 * (lock held). A running worker looks at the heap when its job returns,
 * so no worker idle and no timer means nothing to wake. */
static void
sched_notify_locked(struct sched *s, int64_t due_ms)
{
	if (s->timer_waiting) {
		if (due_ms < s->timer_due_ms)
			pthread_cond_signal(&s->timer_cond);
	} else
		pthread_cond_signal(&s->cond);
}

int
sched_add(struct sched *s, const char *name, sched_job_fn fn, void *arg,
    int64_t first_delay_ms)
{
	struct job *j;
	size_t cap;
	int id = -1;

	if (fn == NULL)
		return -1;
	j = xcalloc(1, sizeof *j);
	j->name = xstrdup(name != NULL ? name : "job");
	j->fn = fn;
	j->arg = arg;
	pthread_mutex_lock(&s->lock);
	if (s->njobs >= (size_t)INT32_MAX)
		goto out;
	if (s->njobs == s->jobs_cap) {
		cap = s->jobs_cap == 0 ? 16 : s->jobs_cap * 2;
		s->jobs = xreallocarray(s->jobs, cap, sizeof *s->jobs);
		/* Every job fits in the heap, so heap_push never fails. */
		s->heap = xreallocarray(s->heap, cap, sizeof *s->heap);
		s->jobs_cap = cap;
	}
	id = (int)s->njobs;
	s->jobs[s->njobs++] = j;
	heap_push(s, j, clock_mono_ms() +
	    (first_delay_ms > 0 ? first_delay_ms : 0));
	sched_notify_locked(s, j->due_ms);
out:
	pthread_mutex_unlock(&s->lock);
	if (id < 0) {
		free(j->name);
		free(j);
	}
	return id;
}

/* A removed job (neither queued nor running) stays removed. */
static void
sched_kick_locked(struct sched *s, struct job *j, int64_t now)
{
	if (j->running) {
		j->kicked = 1;
		return;
	}
	if (!j->queued)
		return;
	j->kick_due = 1;
	if (j->due_ms > now) {
		j->due_ms = now;
		j->seq = s->seq++;
		heap_up(s, j->pos);
	}
}

void
sched_kick(struct sched *s, int id)
{
	pthread_mutex_lock(&s->lock);
	if (id >= 0 && (size_t)id < s->njobs) {
		sched_kick_locked(s, s->jobs[id], clock_mono_ms());
		sched_notify_locked(s, clock_mono_ms());
	}
	pthread_mutex_unlock(&s->lock);
}

void
sched_kick_all(struct sched *s)
{
	int64_t now = clock_mono_ms();
	size_t i;

	pthread_mutex_lock(&s->lock);
	for (i = 0; i < s->njobs; i++)
		sched_kick_locked(s, s->jobs[i], now);
	sched_notify_locked(s, now);
	pthread_mutex_unlock(&s->lock);
}

int
sched_kick_repo(struct sched *s, const char *repo)
{
	int64_t now = clock_mono_ms();
	size_t i, n, rl = strlen(repo);
	int kicked = 0;
	const char *name;

	if (rl == 0)
		return 0;
	pthread_mutex_lock(&s->lock);
	for (i = 0; i < s->njobs; i++) {
		name = s->jobs[i]->name;
		n = name != NULL ? strlen(name) : 0;
		if (n > rl && name[n - rl - 1] == ' ' &&
		    strcmp(name + n - rl, repo) == 0) {
			sched_kick_locked(s, s->jobs[i], now);
			kicked++;
		}
	}
	if (kicked > 0)
		sched_notify_locked(s, now);
	pthread_mutex_unlock(&s->lock);
	return kicked;
}

/* The timer's wait (lock held): until due_ms or an earlier job. */
static void
sched_wait_until(struct sched *s, int64_t due_ms)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(due_ms / 1000);
	ts.tv_nsec = (long)(due_ms % 1000) * 1000000;
	s->timer_waiting = 1;
	s->timer_due_ms = due_ms;
	pthread_cond_timedwait(&s->timer_cond, &s->lock, &ts);
	s->timer_waiting = 0;
}

/* Called and returns with the lock held; runs fn without it. wake_idle:
 * an idle worker is to take what is left, signalled once the lock is
 * down, so that it does not wake only to block on the lock (a switch
 * more per job, seen with strace in bench/idle.sh). */
static void
sched_run(struct sched *s, struct job *j, void *ctx, int wake_idle)
{
	int64_t delay;

	j->running = 1;
	j->run_kicked = j->kick_due;
	j->kick_due = 0;
	pthread_mutex_unlock(&s->lock);
	if (wake_idle)
		pthread_cond_signal(&s->cond);
	crash_test_point();
	delay = j->fn(j->arg, ctx);
	pthread_mutex_lock(&s->lock);
	j->running = 0;
	if (delay >= 0) {
		heap_push(s, j, clock_mono_ms() + (j->kicked ? 0 : delay));
		j->kick_due = j->kicked;
		/* This worker looks at the heap next; only a timer waiting
		 * for a later time must hear of it. */
		if (s->timer_waiting && j->due_ms < s->timer_due_ms)
			pthread_cond_signal(&s->timer_cond);
	}
	j->kicked = 0;
}

/* Runs the due job at the top (lock held), first handing what is left to
 * an idle worker: it becomes the timer, or runs the next due job. */
static void
sched_take(struct sched *s, void *ctx)
{
	struct job *j = heap_pop(s);

	sched_run(s, j, ctx, s->nheap > 0 && !s->timer_waiting);
}

static void *
sched_worker(void *arg)
{
	struct sched *s = arg;
	sigset_t all;
	void *ctx = NULL;

	/* Already inherited from sched_start; kept so the rule holds even
	 * if that ever changes. The UI thread handles every signal but the
	 * synchronous fatal ones: a fault here (JSON, libgit2, a log index:
	 * the code reading remote input) must reach the crash handler, or
	 * the process dies with the terminal still raw. */
	sigfillset(&all);
	crash_unblock_fatal(&all);
	pthread_sigmask(SIG_SETMASK, &all, NULL);
	if (s->worker_init != NULL)
		ctx = s->worker_init(s->userdata);
	pthread_mutex_lock(&s->lock);
	while (!sched_stopping(s)) {
		if (s->nheap > 0 && s->heap[0]->due_ms <= clock_mono_ms())
			sched_take(s, ctx);
		else if (s->nheap == 0 || s->timer_waiting)
			pthread_cond_wait(&s->cond, &s->lock);
		else
			sched_wait_until(s, s->heap[0]->due_ms);
	}
	pthread_mutex_unlock(&s->lock);
	if (s->worker_done != NULL)
		s->worker_done(ctx);
	return NULL;
}

int
sched_start(struct sched *s)
{
	sigset_t all, old;
	unsigned i;
	int rc = 0;

	if (s->started)
		return sched_stopping(s) ? -1 : 0;
	s->started = 1;
	/* Threads inherit the creator's mask: block everything (but the
	 * fatal signals) first so no signal can land on a worker before it
	 * sets its mask itself. */
	sigfillset(&all);
	crash_unblock_fatal(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (i = 0; i < s->nworkers; i++) {
		if (pthread_create(&s->threads[i], NULL, sched_worker, s) != 0) {
			rc = -1;
			break;
		}
		s->nthreads++;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0)
		sched_stop(s);
	return rc;
}

void
sched_stop(struct sched *s)
{
	unsigned i;

	pthread_mutex_lock(&s->lock);
	__atomic_store_n(&s->stop, 1, __ATOMIC_SEQ_CST);
	pthread_cond_broadcast(&s->cond);
	pthread_cond_broadcast(&s->timer_cond);
	pthread_mutex_unlock(&s->lock);
	if (s->joined)
		return;
	s->joined = 1;
	for (i = 0; i < s->nthreads; i++)
		pthread_join(s->threads[i], NULL);
}

bool
sched_run_kicked(struct sched *s, int id)
{
	bool kicked = false;

	/* The job's own thread wrote it before the run began: read under
	 * the lock all the same, so that the rule needs no argument. */
	pthread_mutex_lock(&s->lock);
	if (id >= 0 && (size_t)id < s->njobs)
		kicked = s->jobs[id]->run_kicked != 0;
	pthread_mutex_unlock(&s->lock);
	return kicked;
}

bool
sched_stopping(const struct sched *s)
{
	return __atomic_load_n(&s->stop, __ATOMIC_SEQ_CST) != 0;
}

const volatile int *
sched_stop_flag(const struct sched *s)
{
	return &s->stop;
}
