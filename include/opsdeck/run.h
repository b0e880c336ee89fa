/* run: the pipelines domain model: workflow runs, their jobs and steps,
 * and the per-repository list a source publishes. Plain data, no I/O.
 * Strings are owned by the struct that holds them (malloc'd, UTF-8 as
 * received from GitHub, NOT sanitised: sanitise at display time).
 * Unknown status/conclusion values are kept verbatim. */
#ifndef OPSDECK_RUN_H
#define OPSDECK_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* What the console makes of status + conclusion; ordered by urgency so that
 * sorting ascending puts failures first. */
enum verdict {
	VERDICT_FAILED,		/* failure, timed_out, startup_failure */
	VERDICT_ACTION,		/* waiting, action_required */
	VERDICT_RUNNING,	/* in_progress */
	VERDICT_QUEUED,		/* queued, requested, pending */
	VERDICT_CANCELLED,	/* cancelled, stale */
	VERDICT_SUCCEEDED,	/* success */
	VERDICT_SKIPPED,	/* skipped, neutral */
	VERDICT_UNKNOWN,	/* anything else, shown verbatim */
};

struct step {
	char	*name;
	int	 number;
	char	*status;
	char	*conclusion;	/* NULL until completed */
	time_t	 started_at;	/* 0 = unknown */
	time_t	 completed_at;
};

struct job {
	int64_t	 id;
	int64_t	 run_id;
	char	*name;
	char	*status;
	char	*conclusion;
	time_t	 started_at;
	time_t	 completed_at;
	char	*runner_name;
	char	*html_url;
	struct step *steps;
	size_t	 nsteps;
};

struct run {
	int64_t	 id;
	int64_t	 workflow_id;
	char	*name;		/* workflow name; may be NULL */
	char	*display_title;
	char	*head_branch;	/* may be NULL */
	char	*head_sha;
	char	*event;
	char	*status;
	char	*conclusion;	/* NULL while not completed */
	char	*actor;		/* login; may be NULL */
	char	*html_url;
	int	 run_number;
	int	 run_attempt;
	time_t	 created_at;
	time_t	 updated_at;
	time_t	 run_started_at;
	/* Filled from the jobs endpoint when fetched (njobs_total >= 0). */
	struct job *jobs;
	size_t	 njobs;
	int	 njobs_total;	/* -1 = jobs not fetched */
	int	 njobs_done;
};

/* One repository's runs, as published to the store by a source. */
struct repo_runs {
	char	*repo;		/* "owner/name" */
	struct run *runs;
	size_t	 nruns;
	time_t	 fetched_at;	/* when the data was last confirmed fresh */
	bool	 stale;		/* from disk cache, or last poll failed */
	char	*error;		/* why stale / last error; NULL if fine */
	time_t	 retry_at;	/* when the source will try again; 0 = unknown */
};

enum verdict	 verdict_of(const char *status, const char *conclusion);
const char	*verdict_word(enum verdict);	/* "failed", "running", ... */
const char	*verdict_glyph(enum verdict);	/* one column, ASCII-safe: "x" ... */

bool	 run_completed(const struct run *);
/* Workflow identity: the same workflow id, or the same name without ids. */
bool	 run_same_workflow(const struct run *, const struct run *);
/* a created after b (run number, then id, break ties). */
bool	 run_newer(const struct run *a, const struct run *b);
/* Seconds from start to end when completed, to now otherwise (0 when
 * unknown): what the screen shows as duration or elapsed time. */
long long run_seconds(const struct run *, time_t now);
long long job_seconds(const struct job *, time_t now);
long long step_seconds(const struct step *, time_t now);

void	 step_done(struct step *);
void	 job_done(struct job *);
void	 run_done(struct run *);
void	 repo_runs_free(struct repo_runs **);
void	 repo_runs_free_void(void *);	/* for snap_new */
/* dst (without jobs) gets a deep copy of src's jobs and counts. */
void	 run_copy_jobs(struct run *dst, const struct run *src);
/* Deep copy; NULL only for a NULL src. */
struct repo_runs *repo_runs_dup(const struct repo_runs *);
/* Sort runs: failing first, then by created_at newest first. */
void	 repo_runs_sort(struct repo_runs *);
/* Worst verdict over the runs (the latest run per workflow counts). */
enum verdict repo_runs_verdict(const struct repo_runs *);
/* The same over the runs of one commit (head_sha, full 40 hex digits):
 * "is what I have checked out green?". VERDICT_UNKNOWN when no run of
 * that commit is in the list; *nruns (may be NULL) gets how many are. */
enum verdict repo_runs_sha_verdict(const struct repo_runs *, const char *sha,
	    size_t *nruns);

#endif
