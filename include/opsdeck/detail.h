/* detail: on-demand fetches the UI asks for: the jobs of a run (with their
 * steps) and the log of a job. Results go to STORE_DETAIL like any other
 * source's data (structs and keys in detailmodel.h); only GET is sent.
 *
 * Requests: detail_want_* may be called from any thread (the UI thread):
 * they never block on I/O, they queue work (a bounded queue of
 * DETAIL_QUEUE_MAX, the oldest dropped first, with an error snapshot),
 * publish a "loading" snapshot at once (keeping the previous data) and kick
 * one of two scheduled jobs, "detail jobs" and "detail logs", that do the
 * fetching on a worker thread with the worker's own struct transport. Asking
 * again for something queued or in flight sends nothing more.
 *
 * Jobs: GET .../actions/runs/ID/jobs?per_page=100, Link rel="next" followed
 * up to max_pages, conditional (ETag) so asking again costs a 304. Then
 * GET .../actions/runs/ID/approvals, the run's review history, also
 * conditional; its failure (a 404/403 is "approvals: not available") is
 * kept apart from the jobs' and never hides them.
 *
 * Logs: GET .../actions/jobs/ID/logs, following the 302 to the signed blob
 * URL without the token (ghclient's GHCLIENT_FOLLOW); an expired URL (403/404/410
 * from the blob host) asks the API once more for a fresh one. The Location
 * URL is never stored nor logged. The body streams to a file (never held in
 * memory) that the snapshot maps read-only. A job that had completed when
 * its status was read is cached under <cache_dir>/logs/ (dir 0700, files
 * 0600, temp file, fsync, rename) and served from there, with no request,
 * ever after; a running job's log is never cached.
 *
 * A log download has a total deadline (ghclient's log_timeout_s), and a
 * newer detail_want_log for another job stops the one in flight (its entry
 * keeps its old text and says "stopped for a newer log"). The logs cache
 * is bounded by cache_max_size and cache_max_age_s, oldest out first.
 *
 * Following: detail_want_log(..., follow true) on a running job re-fetches
 * it every follow_interval_s while the UI keeps asking: each call renews a
 * lease of follow_lease_s (a call within the interval sends nothing), and
 * the follow ends when the job completes, the lease runs out, another log
 * is followed, detail_want_log(..., false) is called for it, or
 * detail_stop_follow. One log is followed at a time.
 *
 * While the shared rate-limit wait is on (ghclient_wait_until) nothing
 * is sent: the snapshot gets an error saying until when. A rate limit
 * answer sets that wait for every source, as github.c does. */
#ifndef OPSDECK_DETAIL_H
#define OPSDECK_DETAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ghclient;
struct sched;
struct store;

#define DETAIL_QUEUE_MAX	16

struct detail_opts {
	const char	*cache_dir;	/* logs in <cache_dir>/logs; NULL: none */
	size_t		 max_log_bytes;	/* 0 = 256 MiB */
	int		 follow_interval_s; /* 0 = 5 */
	int		 follow_lease_s;	/* 0 = 60 */
	int		 max_pages;	/* jobs pages of 100; 0 = 5 */
	int		 max_logs;	/* logs whose text stays mapped; 0 = 4 */
	int		 min_secondary_wait_s; /* 0 = 60 */
	long long	 cache_max_size; /* logs cache, bytes; 0 = 200 MB */
	long		 cache_max_age_s; /* logs cache; 0 = 30 days */
};

struct detail;

/* The source interface (source.h): made on the GitHub client, no poll of
 * its own; the app hands the UI's requests to detail_want_*. */
extern const struct source_ops detail_source;

/* Main thread, before the workers start. Makes <cache_dir>/logs (0700) and
 * removes temp files a crashed console left there over an hour ago. NULL
 * with *cause (malloc'd) on failure. */
struct detail	*detail_new(struct ghclient *, struct store *,
		    const struct detail_opts *, char **cause);
/* Adds the two jobs (idle until asked); before or after sched_start. */
int		 detail_schedule(struct detail *, struct sched *);
/* After sched_stop. Published snapshots stay valid (they hold refs). */
void		 detail_free(struct detail **);

/* Any thread, non-blocking. repo is "owner/name" ([A-Za-z0-9._-], neither
 * part "." or ".."); id > 0. 0 when queued, already queued or in flight,
 * or nothing to do; -1 on a bad argument or when every entry is busy. */
int		 detail_want_jobs(struct detail *, const char *repo,
		    int64_t run_id);
int		 detail_want_log(struct detail *, const char *repo,
		    int64_t job_id, bool follow);
void		 detail_stop_follow(struct detail *);

/* Pure helpers, exported for tests. Whether repo is an acceptable
 * "owner/name". The cache file name of a job's log (no '/', never "." or
 * "..", bytes other than [A-Za-z0-9_-] escaped as %XX, a hash when long);
 * -1 when dst is too small or repo is NULL. */
bool		 detail_repo_ok(const char *repo);
int		 detail_log_file_name(char *dst, size_t size, const char *repo,
		    int64_t job_id);

#endif
