/* ui: the interactive console. Runs on the calling (main) thread, the only
 * thread that calls ncurses; reads the store only. */
#ifndef OPSDECK_UI_H
#define OPSDECK_UI_H

struct key_conf;
struct store;

struct ui_opts {
	const char	*theme_path;	/* NULL = built-in default */
	const char	*layout;	/* "grid" | "stack" | NULL */
	int		 wallboard;	/* read-only: no action keys */
	const char	*title;		/* shown in the header */
	const struct key_conf *keys;	/* [keys] overrides, may be NULL */
	size_t		 nkeys;
};

/* Runs until q or a signal. wake_rfd: the store's wake fd (read end).
 * Handles SIGINT/SIGTERM/SIGHUP/SIGWINCH through a self-pipe and restores
 * the terminal on every exit path. on_refresh(arg) runs on r. Returns 0 on
 * quit, 128+signo on a signal, -1 with *cause on error. */
int	 ui_run(const struct ui_opts *, struct store *, int wake_rfd,
	    void (*on_refresh)(void *), void *arg, char **cause);

#endif
