/* action: the table of every action that changes something (one X-macro
 * row each: whether it mutates, how it is confirmed, in which modes it may
 * run, which actions share a single flight), the read-only policy that
 * refuses mutating actions before any request is built, and the single-
 * flight guard that makes a key repeat during a request do nothing.
 * Pure (no I/O): the policy any thread; a struct action_flight belongs to
 * the one thread that starts and finishes requests (the UI thread).
 *
 * Not the key actions: those are `enum action` / ACT_* in keymap.h; here
 * the names are `enum action_id` / ACTION_ID_*. */
#ifndef OPSDECK_ACTION_H
#define OPSDECK_ACTION_H

#include <stdbool.h>
#include <stddef.h>

/* How an action is confirmed. TYPED_NAME: the environment's name typed
 * exactly; an environment-scoped BUTTONS action becomes TYPED_NAME when its
 * environment is protected. */
enum action_confirm {
	ACTION_CONFIRM_NONE = 0,
	ACTION_CONFIRM_BUTTONS,
	ACTION_CONFIRM_TYPED_NAME
};

/* The modes opsdeck runs in; a row allows a set of them. */
enum action_mode {
	ACTION_MODE_INTERACTIVE = 1 << 0,
	ACTION_MODE_WALLBOARD = 1 << 1,
	ACTION_MODE_ONCE = 1 << 2,	/* --once, --once --json */
	ACTION_MODE_DEMO = 1 << 3
};

/* ID, config name, mutating, confirmation, modes allowed, scoped to an
 * environment, single-flight group, help text. */
#define OD_ACTION_TABLE \
	X(ACTION_ID_DEPLOY, "deploy", true, ACTION_CONFIRM_BUTTONS, \
	    ACTION_MODE_INTERACTIVE, true, "deploy", \
	    "Deploy a SHA or ref to the selected environment") \
	X(ACTION_ID_ROLLBACK, "rollback", true, ACTION_CONFIRM_BUTTONS, \
	    ACTION_MODE_INTERACTIVE, true, "deploy", \
	    "Roll the selected environment back to an earlier good deployment") \
	X(ACTION_ID_RERUN_FAILED, "rerun-failed", true, ACTION_CONFIRM_BUTTONS, \
	    ACTION_MODE_INTERACTIVE, false, "run", \
	    "Re-run the failed jobs of the selected run") \
	X(ACTION_ID_CANCEL, "cancel", true, ACTION_CONFIRM_BUTTONS, \
	    ACTION_MODE_INTERACTIVE, false, "run", \
	    "Cancel the selected run") \
	X(ACTION_ID_APPROVE, "approve", true, ACTION_CONFIRM_BUTTONS, \
	    ACTION_MODE_INTERACTIVE, true, "review", \
	    "Approve the run's pending deployment") \
	X(ACTION_ID_REJECT, "reject", true, ACTION_CONFIRM_BUTTONS, \
	    ACTION_MODE_INTERACTIVE, true, "review", \
	    "Reject the run's pending deployment") \
	X(ACTION_ID_ISSUE_CREATE, "issue-create", true, ACTION_CONFIRM_BUTTONS, \
	    ACTION_MODE_INTERACTIVE, false, "issue-create", \
	    "Open an issue") \
	X(ACTION_ID_ISSUE_COMMENT, "issue-comment", true, \
	    ACTION_CONFIRM_BUTTONS, ACTION_MODE_INTERACTIVE, false, \
	    "issue-comment", "Comment on the selected issue") \
	X(ACTION_ID_ISSUE_LABEL, "issue-label", true, ACTION_CONFIRM_BUTTONS, \
	    ACTION_MODE_INTERACTIVE, false, "issue-label", \
	    "Add or remove a label of the selected issue")

enum action_id {
#define X(id, name, mut, confirm, modes, env, group, help) id,
	OD_ACTION_TABLE
#undef X
	ACTION_ID_COUNT
};

struct action_def {
	enum action_id		 id;
	const char		*name;
	bool			 mutating;
	enum action_confirm	 confirm;
	unsigned		 modes;		/* enum action_mode bits */
	bool			 env_scoped;
	const char		*group;		/* single-flight group */
	const char		*help;
};

/* The row of id; NULL when id is out of range. */
const struct action_def *action_def(enum action_id);
/* The id of a config name; -1 when unknown. */
int	 action_id_by_name(const char *);

/* What the policy needs to know about the console and the target. */
struct action_ctx {
	enum action_mode mode;
	bool		 readonly_flag;		/* --readonly */
	bool		 readonly_conf;		/* [ui] readonly = true */
	/* The target environment, for environment-scoped actions. */
	const char	*environment;
	bool		 env_readonly;		/* [environment] readonly */
	bool		 env_protected;		/* [environment] protected */
	/* A deployment or deploy run in flight there (deploy, rollback). */
	bool		 env_in_flight;
	/* Rollback: how many earlier good deployments there are. */
	size_t		 rollback_candidates;
};

/* Whether id may run now. 0: allowed. -1: refused, *why (malloc'd) says
 * why in a sentence for the user ("read-only (--readonly): deploy is
 * refused"). Every mutating action is refused in wallboard mode, with
 * --readonly, with [ui] readonly, and on a read-only environment, before
 * any request is built. */
int	 action_check(const struct action_ctx *, enum action_id, char **why);
/* Whether id is refused for every target (mode or read-only console), so
 * its key is hidden from hints and help. */
bool	 action_hidden(const struct action_ctx *, enum action_id);
/* The confirmation id needs here: the row's, or TYPED_NAME for an
 * environment-scoped action on a protected environment. */
enum action_confirm action_confirm_kind(const struct action_ctx *,
	    enum action_id);

/* The requests in flight, by single-flight group and target. */
#define ACTION_FLIGHT_MAX	32
struct action_flight {
	struct {
		const char	*group;
		char		*target;
	}		 slot[ACTION_FLIGHT_MAX];
	size_t		 n;
};

void	 action_flight_init(struct action_flight *);
void	 action_flight_done(struct action_flight *);
/* Starts a request of id on target (e.g. "octo/svc production" or
 * "octo/svc run 42"). 0: it is now in flight, send it. 1: one of its group
 * is already in flight on that target: do nothing (a key repeat). -1: too
 * many in flight: refuse. */
int	 action_flight_begin(struct action_flight *, enum action_id,
	    const char *target);
/* The request finished (whatever its outcome). Unknown pairs are ignored. */
void	 action_flight_end(struct action_flight *, enum action_id,
	    const char *target);
bool	 action_flight_busy(const struct action_flight *, enum action_id,
	    const char *target);

#endif
