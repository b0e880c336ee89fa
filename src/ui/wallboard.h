/* wallboard: the read-only screen for an always-on display (opsdeck
 * --wallboard): big tiles of each repository's environments, pipelines and
 * health, pages rotating, no cursor and no hint bar, input ignored but the
 * quit chord. Its own loop on the UI thread; ui_run hands over to it. */
#ifndef OPSDECK_UI_WALLBOARD_H
#define OPSDECK_UI_WALLBOARD_H

#include <stdbool.h>

struct api_status;
struct store;
struct ui_opts;

/* Runs after ui_setup (curses is up) until the quit key or a signal read
 * from sig_rfd (SIGWINCH resizes). Returns 0 on the quit key, 128+signo on
 * a signal, 2 when require_readonly and the token shows write scopes, -1
 * with *cause on error. Never returns for an API error. */
int	 wallboard_run(const struct ui_opts *, struct store *, int wake_rfd,
	    int sig_rfd, char **cause);

/* Whether a classic token's X-OAuth-Scopes list ("repo, read:org") grants
 * writes: any scope but the read:*, public-only and notification ones. */
bool	 wallboard_scopes_write(const char *scopes);

#endif
