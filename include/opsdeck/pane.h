/* pane: the interface every pane implements, as a const table of function
 * pointers with a private pointer. Optional slots may be NULL; the UI
 * checks. All calls happen on the UI thread; panes read the store only. */
#ifndef OPSDECK_PANE_H
#define OPSDECK_PANE_H

#include <ncurses.h>
#include <stddef.h>
#include <time.h>

#include "opsdeck/keymap.h"

struct store;
struct ui_opts;

#define PANE_HANDLED	0x1
#define PANE_REDRAW	0x2
#define PANE_BUSY	0x4	/* work: more to do, come back at once */

struct pane_ops {
	const char	*name;		/* "pipelines" */
	const char	*title;		/* "Pipelines" */
	void		*(*create)(const struct ui_opts *);
	void		 (*destroy)(void *priv);
	/* The store changed: take new snapshots. Returns PANE_REDRAW if the
	 * visible content may have changed. */
	int		 (*on_data)(void *priv, struct store *);
	/* Draws into w (already erased), focused or not, at time now. */
	void		 (*draw)(void *priv, WINDOW *w, int focused, time_t now);
	/* An action for this pane; PANE_HANDLED | PANE_REDRAW. ACT_BACK
	 * comes here first (leaving a detail view); unhandled, it unzooms. */
	int		 (*key)(void *priv, enum action, int rows);
	/* A key before the keymap sees it, for a pane taking text (a search
	 * prompt); 0 when it does not want it. wc is a character, or a
	 * KEY_* code when keycode. */
	int		 (*input)(void *priv, int wc, int keycode);
	/* Seconds until something drawn changes with time alone (ages,
	 * elapsed times); -1 if nothing does. */
	int		 (*tick)(void *priv, time_t now);
	/* A bounded slice of work on the UI thread (searching a big log),
	 * between keys so that Esc still cancels: PANE_REDRAW, PANE_BUSY. */
	int		 (*work)(void *priv);
	/* One-line summary for the title bar, e.g. "2 failing"; may be NULL. */
	const char	*(*status)(void *priv);
	const struct keybind *keys;	/* pane keymap defaults; may be NULL */
	size_t		 nkeys;
};

extern const struct pane_ops pane_pipelines_ops;
extern const struct pane_ops pane_quality_ops;
extern const struct pane_ops pane_issues_ops;
extern const struct pane_ops pane_health_ops;

#endif
