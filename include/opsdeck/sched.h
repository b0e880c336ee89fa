/* sched: due times per job and a small fixed pool of worker threads.
 *
 * A job is a function called on a worker thread when due; it returns the
 * delay in milliseconds until it is due again, or a negative value to be
 * removed. A job never runs on two workers at once. Each worker has its
 * own context (made by worker_init on that thread, e.g. a CURL handle).
 * Workers block all signals. sched_stop() sets the stop flag, wakes
 * sleeping workers and joins them; long jobs must poll sched_stopping(). */
#ifndef OPSDECK_SCHED_H
#define OPSDECK_SCHED_H

#include <stdbool.h>
#include <stdint.h>

struct sched;

typedef int64_t	(*sched_job_fn)(void *job_arg, void *worker_ctx);
typedef void	*(*sched_worker_init_fn)(void *userdata);
typedef void	 (*sched_worker_done_fn)(void *worker_ctx);

struct sched	*sched_new(unsigned nworkers, sched_worker_init_fn,
		    sched_worker_done_fn, void *userdata);
/* Frees after stopping; job args are not owned. */
void		 sched_free(struct sched **);
/* Returns a job id >= 0, or -1. first_delay_ms 0 = due now. */
int		 sched_add(struct sched *, const char *name, sched_job_fn,
		    void *job_arg, int64_t first_delay_ms);
/* Make a job due now; a running job runs again as soon as it returns.
 * id from sched_add. */
void		 sched_kick(struct sched *, int id);
void		 sched_kick_all(struct sched *);
/* Kicks the jobs of one repository: by convention a per-repository job is
 * named "SOURCE owner/name" (github, environments, approvals, ...). Used
 * after an action changed that repository on GitHub, so what it shows is
 * read again at once instead of at the next interval. Returns how many. */
int		 sched_kick_repo(struct sched *, const char *repo);
/* From a job, about its own run: whether a kick (sched_kick, _kick_all,
 * _kick_repo) asked for it rather than its due time. A job that declines
 * runs that are early for it (it checks something often, and polls only
 * at its interval) still polls when the user asked for a refresh. */
bool		 sched_run_kicked(struct sched *, int id);
int		 sched_start(struct sched *);
/* Idempotent; returns when all workers have been joined. */
void		 sched_stop(struct sched *);
bool		 sched_stopping(const struct sched *);
/* The address of the stop flag, for curl progress callbacks. */
const volatile int *sched_stop_flag(const struct sched *);

#endif
