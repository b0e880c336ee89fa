/* actworker: the action worker. The UI hands it a confirmed request (an
 * action of the action table, a repository, a run or an environment, the
 * SHAs, the reason); on a worker thread (a scheduler job kicked per
 * request, never the UI thread) it checks the read-only policy again
 * (action_check: the core refuses, whatever the keymap did), writes and
 * fsyncs the journal's intent, sends ONE request through ghclient_write
 * (never retried), writes the outcome (status, x-github-request-id,
 * error) and publishes the result to STORE_ACTIONS. The audit view's
 * entries are read here too (journal_read_latest), on request.
 *
 * actworker_new/_schedule/_free: main thread, before and after the
 * scheduler runs. actworker_check/_submit/_want_audit/_hidden: the UI
 * thread (they do no I/O). The job: a worker thread. */
#ifndef OPSDECK_ACTWORKER_H
#define OPSDECK_ACTWORKER_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <time.h>

#include "opsdeck/action.h"

struct conf;
struct gatecheck;
struct ghclient;
struct journal_entry;
struct sched;
struct store;

/* STORE_ACTIONS keys. */
#define ACTWORKER_KEY_RESULT	"result"	/* struct action_result */
#define ACTWORKER_KEY_AUDIT	"audit"		/* struct action_audit */
/* The latest results, oldest first (a batch's items each have one). */
#define ACTWORKER_KEY_HISTORY	"history"	/* struct action_history */
#define ACTWORKER_HISTORY	32

/* One action as the UI asks for it. Strings are copied. */
struct action_request {
	enum action_id	 id;
	const char	*repo;		/* owner/name */
	int64_t		 run_id;	/* rerun-failed, cancel */
	const char	*environment;	/* deploy, rollback; else NULL */
	const char	*from_sha;	/* what runs now (may be NULL) */
	const char	*to_sha;	/* the run's head SHA, a target */
	const char	*reason;	/* typed by the user, may be NULL;
					 * an issue comment's text */
	/* The issue actions (actissue.h). */
	int64_t		 number;	/* comment, label: the issue */
	const char	*file;		/* create: "issues/x.md" */
	const char	*label;		/* label: its name */
	bool		 label_remove;	/* label: DELETE, not POST */
	/* A deploy's target chosen by name (a branch or tag the user
	 * typed, resolved to to_sha): deploy-command's {ref}. NULL: the
	 * deploy-ref or default branch. */
	const char	*target_ref;
};

/* The newest outcome, as published (immutable). */
struct action_result {
	uint64_t	 seq;		/* 1, 2, ...: a new result */
	enum action_id	 id;
	char		*repo;
	int64_t		 run_id;
	char		*environment;	/* env-scoped actions; NULL */
	bool		 ok;
	long		 http_status;	/* 0: no answer */
	char		*request_id;	/* x-github-request-id, NULL */
	char		*message;	/* one line for the status bar */
	time_t		 at;
};

struct action_history {
	struct action_result *v;	/* oldest first */
	size_t		 n;
};

/* The audit view's entries, newest first (immutable). */
struct action_audit {
	struct journal_entry *entries;
	size_t		 n;
	size_t		 skipped;	/* lines that did not parse */
	char		*path;
	char		*error;		/* NULL, or why nothing was read */
};

struct actworker_opts {
	enum action_mode mode;		/* interactive, demo, ... */
	bool		 readonly_flag;	/* --readonly */
	bool		 readonly_conf;	/* [ui] readonly = true */
	/* The journal; NULL: none could be chosen, and journal_error
	 * says why (every mutating action is then refused with it). */
	const char	*journal_path;
	const char	*journal_error;
	/* [repo] deploy-workflow/-ref and [environment] policies
	 * (envconf.h); may be NULL (no deploys). Borrowed: outlives it. */
	const struct conf *cfg;
	/* Values no journal record may hold (the token); copied. */
	const char *const *secrets;
	size_t		 nsecrets;
};

struct actworker;

/* Opens the journal unless the console is read-only or has no GitHub
 * client (then nothing can be sent, and nothing is written). gc may be
 * NULL (--demo). NULL with *cause when the journal cannot be opened. */
struct actworker *actworker_new(struct store *, struct ghclient *,
		    const struct actworker_opts *, char **cause);
/* After the scheduler stops. NULL is fine; sets NULL. */
void		 actworker_free(struct actworker **);
/* Adds the worker's job (idle until a request kicks it). */
int		 actworker_schedule(struct actworker *, struct sched *);

/* The mode the console runs in (wallboard sets ACTION_MODE_WALLBOARD);
 * before the UI starts. */
void		 actworker_set_mode(struct actworker *, enum action_mode);
/* The policy context of the console, target fields cleared. */
void		 actworker_ctx(const struct actworker *, struct action_ctx *);

/* Whether req may be asked for now: 0 yes; 1 one of its single-flight
 * group is in flight on the same target (a repeat: do nothing); -1
 * refused, *why (malloc'd) says why. No I/O. */
int		 actworker_check(struct actworker *,
		    const struct action_request *, char **why);
/* Queues a confirmed req and kicks the job: 0 queued; 1 a repeat while
 * one is in flight (nothing queued); -1 refused with *why. */
int		 actworker_submit(struct actworker *,
		    const struct action_request *, char **why);
/* Whether the key of id is hidden (refused for every target). */
bool		 actworker_hidden(const struct actworker *, enum action_id);
/* The quality gates of env (for repo) on sha, as the core will enforce
 * them when the action is confirmed (gatecheck.h). No I/O. */
void		 actworker_gates(struct actworker *, const char *repo,
		    const char *env, const char *sha, struct gatecheck *out);
/* Asks for ref (a SHA, branch or tag) of repo to be resolved for a
 * deploy to env over from (deploytarget.h): the answer comes to
 * STORE_ACTIONS under DEPLOYTARGET_KEY with the returned seq. No I/O. */
uint64_t	 actworker_resolve(struct actworker *, const char *repo,
		    const char *env, const char *ref, const char *from);
/* Asks for the audit view's entries (the latest max), published to
 * STORE_ACTIONS under ACTWORKER_KEY_AUDIT. */
void		 actworker_want_audit(struct actworker *, size_t max);

/* A deploy's workflow_dispatch: POST .../actions/workflows/WORKFLOW/
 * dispatches with {"ref": ref, "inputs": {"environment": env, "sha":
 * sha}}. -1 with *why when workflow is not an id or a file name. Pure. */
int		 actworker_dispatch(const char *repo, const char *workflow,
		    const char *ref, const char *env, const char *sha,
		    char **path, char **json, char **why);
/* A review: POST .../actions/runs/RUN/pending_deployments with
 * {"environment_ids":[ID],"state":"approved"|"rejected","comment":C}.
 * Pure; -1 only when the comment cannot be encoded. */
int		 actworker_review(const char *repo, int64_t run_id,
		    int64_t environment_id, bool approve, const char *comment,
		    char **path, char **json);
/* The request's method and API path ("/repos/o/r/actions/runs/7/cancel"),
 * malloc'd, and its JSON body (NULL: none); -1 for an action this worker
 * does not send. Pure; for tests too. */
int		 actworker_request_path(const struct action_request *,
		    const char **method, char **path, char **json);

#endif
