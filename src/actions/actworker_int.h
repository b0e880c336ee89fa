/* actworker_int: the action worker's state, shared by actworker.c (the
 * queue, the policy checked again, the request an action sends, the job)
 * and actworker_run.c (one action performed: the journal's intent, the
 * request or command, the outcome published; the audit view's reading).
 * Internal to src/actions/actworker*.c. */
#ifndef OPSDECK_ACTWORKER_INT_H
#define OPSDECK_ACTWORKER_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "opsdeck/action.h"
#include "opsdeck/actworker.h"

struct transport;

/* Requests wait here between the UI's submit and the job. */
#define ACTWORKER_QUEUE	8
/* A deploy-command: its deadline and the output kept of it. */
#define ACTWORKER_CMD_MS	(10 * 60 * 1000)
#define ACTWORKER_CMD_OUT	(64 * 1024)
/* The job sleeps this long between kicks. */
#define ACTWORKER_IDLE_MS	(3600 * 1000)

struct areq {
	enum action_id	 id;
	char		*repo, *environment, *from_sha, *to_sha, *reason;
	int64_t		 run_id, number;
	char		*file, *label;	/* the issue actions */
	char		*what;		/* theirs: actissue_target */
	bool		 label_remove;
	char		*target_ref;
	char		*target;	/* single-flight target */
};

struct actworker {
	struct store		*store;
	struct ghclient		*gc;
	struct journal		*journal;
	char			*journal_path;
	char			*journal_error;
	struct action_ctx	 ctx;	/* mode and read-only flags */
	const struct conf	*cfg;
	struct sched		*sched;
	int			 job;
	pthread_mutex_t		 mu;	/* the fields below */
	struct action_flight	 flight;
	struct areq		 q[ACTWORKER_QUEUE];
	size_t			 nq;
	uint64_t		 seq;
	size_t			 audit_max;	/* 0: not wanted */
	struct action_result	 hist[ACTWORKER_HISTORY];
	size_t			 nhist;
	/* The runs dispatches started: the job's alone. */
	struct actfollow	*follow;
	/* The deploy dialog's chosen targets, resolved (GETs only). */
	struct deploytarget	*target;
};

bool	actworker_is_review(enum action_id);
bool	actworker_is_deploy(enum action_id);
/* The policy with the lock held; final: just before sending. 0, or -1
 * with *why. */
int	actworker_check_locked(struct actworker *, const struct action_request *,
	    bool final, char **why);
/* The request an action sends: method, path, body; or for a
 * deploy-command the argv to run (*argv, deploycmd_free). -1 with *why. */
int	actworker_build(struct actworker *, const struct action_request *,
	    const char **method, char **path, char **json, char ***argv,
	    char **from, char **why);
void	actworker_result_done(struct action_result *);
/* actfollow's callback: a followed run's outcome as an action result. */
void	actworker_publish_follow(void *, enum action_id, const char *repo,
	    int64_t run_id, bool ok, char *message);
/* One confirmed action, start to end, on the job's thread. */
void	actworker_perform(struct actworker *, struct areq *,
	    struct transport *, const volatile int *stop);
/* The journal's last max entries to the store, for the audit view. */
void	actworker_read_audit(struct actworker *, size_t max);

#endif
