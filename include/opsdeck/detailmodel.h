/* detailmodel: what sources/detail publishes to STORE_DETAIL, the on-demand
 * drill-down of the pipelines pane: the jobs of one run, the log of one job.
 * Plain data, no I/O; the UI includes this header, never detail.h.
 *
 *   key "jobs:owner/name:RUNID"  data struct detailmodel_jobs (with the
 *                                run's review history)
 *   key "log:owner/name:JOBID"   data struct detailmodel_log
 *
 * A published snapshot is immutable. The bulky parts (the jobs array, the
 * log text) are refcounted and shared by the snapshots that show them, so
 * a "loading" or "error" snapshot keeps the previous data at no cost; they
 * are released with the last snapshot, on whichever thread that is. Text is
 * as received from GitHub, NOT sanitised: sanitise at display time. */
#ifndef OPSDECK_DETAILMODEL_H
#define OPSDECK_DETAILMODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct approval;
struct job;
struct joblog;

/* Refcounted jobs array (struct job from run.h, steps included). */
struct detailmodel_jobset;
/* Refcounted review history (struct approval from deploy.h). */
struct detailmodel_apprset;
/* Refcounted read-only bytes, e.g. an mmap'd log file. */
struct detailmodel_text;

struct detailmodel_jobs {
	char		*repo;		/* "owner/name" */
	int64_t		 run_id;
	const struct job *jobs;		/* NULL when njobs is 0 */
	size_t		 njobs;
	long		 total_count;	/* as GitHub says; -1 = not fetched */
	bool		 loading;	/* a fetch is queued or running */
	char		*error;		/* why the last fetch failed; NULL */
	time_t		 fetched_at;	/* last confirmed fresh; 0 = never */
	struct detailmodel_jobset *set;	/* owns jobs; private */
	/* GET .../approvals, fetched with the jobs; oldest first. */
	const struct approval *approvals; /* NULL when napprovals is 0 */
	size_t		 napprovals;
	bool		 approvals_fetched; /* read at least once */
	char		*approvals_error; /* why not (now); NULL */
	struct detailmodel_apprset *aset; /* owns approvals; private */
};

struct detailmodel_log {
	char		*repo;		/* "owner/name" */
	int64_t		 job_id;
	bool		 loading;	/* a fetch is queued or running; with
					 * data, a refresh of a followed log */
	bool		 complete;	/* the job had completed: text final */
	bool		 following;	/* re-fetched while the job runs */
	bool		 evicted;	/* text dropped to bound memory: ask
					 * again (a complete log comes from
					 * disk, without a request) */
	char		*error;		/* why the last fetch failed; NULL */
	time_t		 fetched_at;	/* 0 = never */
	const char	*data;		/* not NUL-terminated; NULL if len 0 */
	size_t		 len;
	/* The line index of data (joblog.h), built on the worker so the UI
	 * never indexes 100 MB; NULL without text, or if out of memory. */
	const struct joblog *joblog;
	struct detailmodel_text *text;	/* owns data and joblog; private */
};

/* Store keys; -1 when dst is too small. */
int	 detailmodel_jobs_key(char *dst, size_t size, const char *repo,
	    int64_t run_id);
int	 detailmodel_log_key(char *dst, size_t size, const char *repo,
	    int64_t job_id);

/* Takes ownership of jobs[0..n) (job_done + free at the last unref). */
struct detailmodel_jobset *detailmodel_jobset_new(struct job *jobs, size_t n);
struct detailmodel_jobset *detailmodel_jobset_ref(struct detailmodel_jobset *);
void	 detailmodel_jobset_unref(struct detailmodel_jobset **);	/* accepts NULL */
const struct job *detailmodel_jobset_jobs(const struct detailmodel_jobset *,
	    size_t *n);
/* The job with that id, if the set has it (borrowed). */
const struct job *detailmodel_jobset_find(const struct detailmodel_jobset *,
	    int64_t job_id);

/* Takes ownership of a[0..n) (approvals_free at the last unref). */
struct detailmodel_apprset *detailmodel_apprset_new(struct approval *a,
	    size_t n);
struct detailmodel_apprset *detailmodel_apprset_ref(
	    struct detailmodel_apprset *);
void	 detailmodel_apprset_unref(struct detailmodel_apprset **); /* NULL ok */

/* Takes ownership of data[0..len): release(data, len, arg) runs at the
 * last unref (munmap, free; NULL = nothing). */
struct detailmodel_text *detailmodel_text_new(const char *data, size_t len,
	    void (*release)(const char *, size_t, void *), void *arg);
struct detailmodel_text *detailmodel_text_ref(struct detailmodel_text *);
void	 detailmodel_text_unref(struct detailmodel_text **);	/* accepts NULL */
const char *detailmodel_text_data(const struct detailmodel_text *, size_t *len);
/* Builds the joblog of the text (once, before it is shared: not
 * thread-safe), at most JOBLOG_MAX_LINES lines; it is freed before the
 * bytes. -1 on out of memory (a log's index stays fallible: its size
 * comes from the log). The _stop form also gives up (-1) when
 * *stop (sched_stop_flag; may be NULL) is set: a worker must not hold up
 * shutdown indexing a big log. */
int	 detailmodel_text_index(struct detailmodel_text *);
int	 detailmodel_text_index_stop(struct detailmodel_text *,
	    const volatile int *stop);
const struct joblog *detailmodel_text_joblog(const struct detailmodel_text *);

/* Snapshot data; set and text are refs taken by the call (may be NULL).
 * Never NULL. Free with the *_free_void as snap_new's free_fn. */
struct detailmodel_jobs *detailmodel_jobs_new(const char *repo, int64_t run_id,
	    struct detailmodel_jobset *set, long total_count);
/* Attaches a review history (a ref is taken; NULL: never read) and the
 * reason it could not be read now (copied; NULL). */
void	 detailmodel_jobs_set_approvals(struct detailmodel_jobs *,
	    struct detailmodel_apprset *, const char *error);
void	 detailmodel_jobs_free(struct detailmodel_jobs **);
void	 detailmodel_jobs_free_void(void *);
struct detailmodel_log *detailmodel_log_new(const char *repo, int64_t job_id,
	    struct detailmodel_text *text);
void	 detailmodel_log_free(struct detailmodel_log **);
void	 detailmodel_log_free_void(void *);

#endif
