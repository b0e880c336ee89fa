#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "opsdeck/sched.h"

struct job {
	char		*name;
	sched_job_fn	 fn;
	void		*arg;
	int64_t		 due_ms;
	int		 running;
	int		 kicked;	/* kicked while running: run again */
	int		 removed;
};

struct sched {
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	volatile int	 stop;
	int		 started;
	int		 joined;
	unsigned	 nworkers;
	pthread_t	*threads;
	sched_worker_init_fn worker_init;
	sched_worker_done_fn worker_done;
	void		*userdata;
	struct job	*jobs;
	size_t		 njobs;
};

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct sched *
sched_new(unsigned nworkers, sched_worker_init_fn init,
    sched_worker_done_fn done, void *userdata)
{
	struct sched *s;
	pthread_condattr_t ca;

	if (nworkers == 0)
		nworkers = 1;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return NULL;
	if ((s->threads = calloc(nworkers, sizeof *s->threads)) == NULL) {
		free(s);
		return NULL;
	}
	pthread_mutex_init(&s->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->cond, &ca);
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
	for (i = 0; i < s->njobs; i++)
		free(s->jobs[i].name);
	free(s->jobs);
	free(s->threads);
	pthread_cond_destroy(&s->cond);
	pthread_mutex_destroy(&s->lock);
	free(s);
	*sp = NULL;
}

int
sched_add(struct sched *s, const char *name, sched_job_fn fn, void *arg,
    int64_t first_delay_ms)
{
	struct job *jobs, *j;
	int id;

	pthread_mutex_lock(&s->lock);
	jobs = realloc(s->jobs, (s->njobs + 1) * sizeof *jobs);
	if (jobs == NULL) {
		pthread_mutex_unlock(&s->lock);
		return -1;
	}
	s->jobs = jobs;
	j = &s->jobs[s->njobs];
	memset(j, 0, sizeof *j);
	j->name = strdup(name != NULL ? name : "job");
	j->fn = fn;
	j->arg = arg;
	j->due_ms = mono_ms() + (first_delay_ms > 0 ? first_delay_ms : 0);
	id = (int)s->njobs++;
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
	return id;
}

static void
kick_locked(struct sched *s, size_t i, int64_t now)
{
	struct job *j = &s->jobs[i];

	if (j->removed)
		return;
	if (j->running)
		j->kicked = 1;
	else
		j->due_ms = now;
}

void
sched_kick(struct sched *s, int id)
{
	pthread_mutex_lock(&s->lock);
	if (id >= 0 && (size_t)id < s->njobs)
		kick_locked(s, (size_t)id, mono_ms());
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
}

void
sched_kick_all(struct sched *s)
{
	int64_t now = mono_ms();
	size_t i;

	pthread_mutex_lock(&s->lock);
	for (i = 0; i < s->njobs; i++)
		kick_locked(s, i, now);
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
}

/* The idle job due soonest, or -1. Called with the lock held. */
static long
next_job(const struct sched *s)
{
	long best = -1;
	size_t i;

	for (i = 0; i < s->njobs; i++) {
		if (s->jobs[i].running || s->jobs[i].removed)
			continue;
		if (best < 0 || s->jobs[i].due_ms < s->jobs[best].due_ms)
			best = (long)i;
	}
	return best;
}

static void
wait_until(struct sched *s, int64_t due_ms)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(due_ms / 1000);
	ts.tv_nsec = (long)(due_ms % 1000) * 1000000;
	pthread_cond_timedwait(&s->cond, &s->lock, &ts);
}

static void
run_job(struct sched *s, size_t i, void *ctx)
{
	sched_job_fn fn = s->jobs[i].fn;
	void *arg = s->jobs[i].arg;
	int64_t delay;
	struct job *j;

	s->jobs[i].running = 1;
	pthread_mutex_unlock(&s->lock);
	delay = fn(arg, ctx);
	pthread_mutex_lock(&s->lock);
	j = &s->jobs[i];	/* sched_add may have moved the array */
	j->running = 0;
	if (delay < 0)
		j->removed = 1;
	else
		j->due_ms = j->kicked ? mono_ms() : mono_ms() + delay;
	j->kicked = 0;
	pthread_cond_broadcast(&s->cond);
}

static void *
worker_main(void *arg)
{
	struct sched *s = arg;
	sigset_t all;
	void *ctx = NULL;
	long i;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	if (s->worker_init != NULL)
		ctx = s->worker_init(s->userdata);
	pthread_mutex_lock(&s->lock);
	while (!s->stop) {
		if ((i = next_job(s)) < 0) {
			pthread_cond_wait(&s->cond, &s->lock);
			continue;
		}
		if (s->jobs[i].due_ms > mono_ms()) {
			wait_until(s, s->jobs[i].due_ms);
			continue;
		}
		run_job(s, (size_t)i, ctx);
	}
	pthread_mutex_unlock(&s->lock);
	if (s->worker_done != NULL)
		s->worker_done(ctx);
	return NULL;
}

int
sched_start(struct sched *s)
{
	unsigned i;

	if (s->started)
		return 0;
	for (i = 0; i < s->nworkers; i++) {
		if (pthread_create(&s->threads[i], NULL, worker_main, s) != 0) {
			s->nworkers = i;
			s->started = 1;
			sched_stop(s);
			return -1;
		}
	}
	s->started = 1;
	return 0;
}

void
sched_stop(struct sched *s)
{
	unsigned i;

	pthread_mutex_lock(&s->lock);
	__atomic_store_n(&s->stop, 1, __ATOMIC_SEQ_CST);
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
	if (s->joined || !s->started)
		return;
	s->joined = 1;
	for (i = 0; i < s->nworkers; i++)
		pthread_join(s->threads[i], NULL);
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
