/* detail_int: what detail.c (requests, queue, jobs) shares with
 * detailmodel_log.c (logs, disk cache) and detail_appr.c (reviews).
 * Internal to sources/detail. */
#ifndef OPSDECK_DETAIL_INT_H
#define OPSDECK_DETAIL_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "opsdeck/detail.h"
#include "opsdeck/ghclient.h"
#include "opsdeck/transport.h"

struct cachetrim;
struct detailmodel_apprset;
struct detailmodel_jobset;
struct detailmodel_text;
struct transport;
struct ghclient_response;

#define DETAIL_ENTRIES_MAX	64

enum detail_kind { DETAIL_JOBS, DETAIL_LOG, DETAIL_KINDS };
enum detail_state { DETAIL_IDLE, DETAIL_QUEUED, DETAIL_RUNNING };

/* One thing the UI asked for, and what is known of it. Guarded by
 * detail->lock, except repo, id and key, which never change: a worker
 * reads those unlocked while the entry is RUNNING (never evicted then). */
struct detail_entry {
	enum detail_kind kind;
	enum detail_state state;
	char		*repo;
	int64_t		 id;
	char		*key;		/* the store key */
	uint64_t	 qseq;		/* queue order while QUEUED */
	uint64_t	 used;		/* last asked for, for eviction */
	struct detailmodel_jobset *jobs;	/* last good jobs (ref) */
	long		 total;
	struct detailmodel_apprset *appr;	/* last good reviews (ref) */
	char		*appr_error;	/* why the last read failed; NULL */
	struct detailmodel_text *text;	/* last good log text (ref) */
	bool		 complete;
	bool		 evicted;
	char		*error;
	time_t		 fetched_at;
	int64_t		 done_ms;	/* monotonic end of the last fetch */
};

/* What one fetch found, applied to its entry under the lock. */
struct detail_result {
	bool		 ok;
	struct detailmodel_jobset *jobs;	/* owned until applied */
	long		 total;
	struct detailmodel_text *text;	/* owned until applied */
	struct detailmodel_apprset *appr;	/* owned until applied */
	bool		 appr_tried;	/* the history was asked for */
	char		 appr_error[256];
	bool		 complete;
	bool		 sent;		/* a request went out */
	time_t		 retry_at;	/* rate limited until; 0 */
	char		 error[256];
};

struct detail {
	struct ghclient *gc;
	struct store	*store;
	struct detail_opts o;
	char		*log_dir;	/* <cache_dir>/logs; NULL = no cache */
	char		*tmp_dir;	/* where uncached logs are spooled */
	struct cachetrim *log_trim;	/* log_dir's size and age bound */

	pthread_mutex_t	 lock;		/* guards everything below */
	struct detail_entry *entries[DETAIL_ENTRIES_MAX];
	size_t		 nentries;
	size_t		 nqueued;
	uint64_t	 seq;
	struct sched	*sched;
	int		 job_id[DETAIL_KINDS];
	struct detail_entry *follow;	/* the followed log, or NULL */
	int64_t		 follow_until_ms; /* lease end (monotonic) */
	int64_t		 follow_next_ms;
	/* Set (under the lock) when a newer log is asked for while one
	 * downloads: the transfer in flight stops and the newer goes next. */
	volatile int	 log_cancel;
};

/* detail.c */
/* Whether the shared rate-limit wait is on; fills res->error then. */
bool	 detail_waiting(struct detail *, struct detail_result *);
/* A failed response into res->error; a rate limit sets the shared wait. */
void	 detail_http_error(struct detail *, const struct ghclient_response *,
	    enum ghclient_class, const char *what, struct detail_result *);
/* Whether a jobs list fetched here says the job has completed. */
bool	 detail_known_complete(struct detail *, const char *repo,
	    int64_t job_id);

/* detail_appr.c */
/* The run's review history into res->appr (or res->appr_error), unless
 * rate limited; it never touches res->ok nor res->error. */
void	 detail_fetch_approvals(struct detail *, struct transport *,
	    const char *repo, int64_t run_id, struct detail_result *);

/* detailmodel_log.c */
/* Makes <cache_dir>/logs and sweeps old temp files; without it the logs
 * are simply not cached (logged). */
int	 detail_logs_init(struct detail *, char **cause);
void	 detail_fetch_log(struct detail *, struct transport *, const char *repo,
	    int64_t job_id, struct detail_result *);

#endif
