/* ui: the interactive console. Runs on the calling (main) thread, the only
 * thread that calls ncurses; reads the store only. */
#ifndef OPSDECK_UI_H
#define OPSDECK_UI_H

#include <stddef.h>
#include <stdint.h>

struct key_conf;
struct store;

/* What a pane may ask of the sources: non-blocking requests whose answers
 * come back through the store. Any function may be NULL (the demo). */
struct ui_sources {
	void	 (*want_jobs)(void *arg, const char *repo, int64_t run_id);
	void	 (*want_log)(void *arg, const char *repo, int64_t job_id,
		    int follow);
	void	 (*stop_follow)(void *arg);	/* the log view closed */
	void	*arg;
	/* The issue view opened: its latest comments (issuesrc.h). */
	void	 (*want_comments)(void *arg, const char *repo,
		    int64_t number);
	void	*issues_arg;
};

struct action_request;

/* What a pane may ask of the action worker (actworker.h): the policy and
 * the requests, no I/O on the UI thread; the outcome comes back through
 * STORE_ACTIONS. NULL functions: no actions (every key refused). */
struct gatecheck;

struct ui_actions {
	/* 0 allowed, 1 already in flight (a repeat), -1 refused (*why). */
	int	 (*check)(void *arg, const struct action_request *,
		    char **why);
	/* The confirmed action: 0 queued, 1 a repeat, -1 refused (*why). */
	int	 (*submit)(void *arg, const struct action_request *,
		    char **why);
	/* Whether the keys of an enum action_id are hidden (read-only). */
	int	 (*hidden)(void *arg, int action_id);
	void	 (*want_audit)(void *arg, size_t max);
	/* The quality gates of env on sha, as the core enforces them. */
	void	 (*gates)(void *arg, const char *repo, const char *env,
		    const char *sha, struct gatecheck *out);
	/* A deploy target typed in the deploy dialog's chooser (Ctrl-T) to
	 * be resolved off the UI thread; its answer comes to STORE_ACTIONS
	 * (deploytarget.h) with the returned seq. NULL: not offered. */
	uint64_t (*resolve)(void *arg, const char *repo, const char *env,
		    const char *ref, const char *from);
	void	*arg;
};

struct ui_opts {
	const char	*theme_path;	/* NULL = built-in default */
	const char	*layout;	/* [ui] layout (layout_parse); NULL grid */
	const char	*zoom;		/* [ui] zoom: a pane's name; NULL none */
	int		 wallboard;	/* the wallboard screen (wallboard.h) */
	long		 wallboard_rotate_s;	/* [wallboard] rotate */
	long		 wallboard_stale_s;	/* [wallboard] stale-after */
	int		 wallboard_quit;	/* [wallboard] quit-key; 0 none */
	int		 require_readonly;	/* --require-readonly-token */
	/* [notify]: what rings or notifies (src/ui/notify.h). */
	struct ui_notify {
		unsigned events;	/* ALERT_BIT (alerts.h) */
		int	 bell, osc9, osc777;
		int	 approvals_bell;	/* [approvals] bell: its alias */
		int	 wallboard;	/* [wallboard] notify */
	}		 notify;
	const char	*title;		/* shown in the header */
	const struct key_conf *keys;	/* [keys] overrides, may be NULL */
	size_t		 nkeys;
	struct ui_sources src;
	struct ui_actions act;
	const char *const *mask;	/* log.mask: extra secret patterns */
	size_t		 nmask;
};

/* Runs until q or a signal. wake_rfd: the store's wake fd (read end).
 * Handles SIGINT/SIGTERM/SIGHUP/SIGWINCH through a self-pipe and restores
 * the terminal on every exit path. on_refresh(arg) runs on r. Returns 0 on
 * quit, 128+signo on a signal, 2 with *cause when the wallboard refuses
 * a token with write scopes or TERM names a terminal the console cannot
 * draw on (termcheck.h: dumb, unknown, unset; refused before anything is
 * written to it), -1 with *cause on error. */
int	 ui_run(const struct ui_opts *, struct store *, int wake_rfd,
	    void (*on_refresh)(void *), void *arg, char **cause);

#endif
