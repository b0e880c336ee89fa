/* helpview: what the keys do where the focus is, generated from the
 * keymap tables and the action table: the key-hint bar and the "?" help
 * overlay. A key context is the focused pane or the view on top of its
 * stack: the actions it answers, and the global ones. The help lists the
 * bindings of both, and "/" filters its lines (case-insensitive), n/N
 * move through them, Esc clears the filter, then closes. UI thread only;
 * the line building is pure. */
#ifndef OPSDECK_UI_HELPVIEW_H
#define OPSDECK_UI_HELPVIEW_H

#include <ncurses.h>
#include <stddef.h>

#include "opsdeck/keymap.h"
#include "opsdeck/listnav.h"
#include "prompt.h"

struct keyctx {
	const struct keymap	*km;	/* the focused pane's, with parents */
	char			 where[64];	/* "pipelines pane", "run view" */
	/* The actions the pane or view answers; NULL: every bound action
	 * that is not a global one (a pane that does not say). */
	const enum action	*acts;
	size_t			 nacts;
	/* An action's help text, or NULL to leave it out (read-only, a
	 * focus key with no pane); NULL: the action table's. */
	const char		*(*describe)(enum action, void *);
	void			*arg;
};

/* The actions that work everywhere, in help order. */
extern const enum action keyctx_global[];
extern const size_t keyctx_nglobal;

struct help_line {
	char		 keys[64];	/* "" on a heading */
	const char	*text;		/* the help, or the heading */
};

/* The help's lines for c, keeping those whose keys, action name or text
 * contain filter (case-insensitive; NULL or "": all), each section under
 * its heading (left out when empty). Returns how many were written, at
 * most max. */
size_t	 help_lines(const struct keyctx *c, const char *filter,
	    struct help_line *out, size_t max);

/* The key-hint bar: the first key of the global essentials and of the
 * context's actions, those left out by describe hidden. */
void	 hints_draw(WINDOW *w, const struct keyctx *c);

struct helpview {
	int		 open;
	struct prompt	 prompt;	/* "/" while typing */
	char		 filter[PROMPT_MAX];
	struct listnav	 nav;
	size_t		 nlines;	/* as last drawn */
};

void	 helpview_toggle(struct helpview *);
/* A key while open: wc/keycode raw, a its action in the focused map.
 * Returns 1 when it stays open (redraw it), 0 when it closed. */
int	 helpview_key(struct helpview *, int wc, int keycode, enum action a);
/* The overlay over the whole screen (wnoutrefresh). */
void	 helpview_draw(struct helpview *, const struct keyctx *);

#endif
