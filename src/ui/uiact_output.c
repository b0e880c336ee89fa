/* uiact_output: a deploy-command's output, live. When the action worker
 * starts one (a new DEPLOYRUN_KEY snapshot in STORE_ACTIONS) an overlay
 * opens and follows it, newest lines at the bottom, redrawn as lines
 * arrive; every line goes through draw_text, which sanitises it (an
 * escape sequence the command prints is shown inert, as ^[...). Esc
 * closes it; the command goes on and its output is kept with the journal
 * entry as before. UI thread only. */
#include "config.h"

#include <ncurses.h>
#include <stdio.h>
#include <string.h>

#include "draw.h"
#include "opsdeck/deployrun.h"
#include "opsdeck/element.h"
#include "opsdeck/keymap.h"
#include "opsdeck/store.h"
#include "uiact.h"

int
uiact_output_on_data(struct uiact *u, struct snapset *set)
{
	struct snap *s = snapset_find(set, DEPLOYRUN_KEY);
	const struct deploy_output *o;
	int changed;

	if (s == NULL || s == u->output)
		return 0;
	o = snap_data(s);
	/* A new run opens the overlay; later output only updates it. */
	if (u->output == NULL || o->id == NULL ||
	    strcmp(uiact_dash(o->id), uiact_dash(((const struct deploy_output
	    *)snap_data(u->output))->id)) != 0)
		u->output_open = true;
	changed = u->output_open;
	snap_unref(&u->output);
	u->output = snap_ref(s);
	return changed;
}

int
uiact_output_key(struct uiact *u, enum action a)
{
	if (a == ACT_BACK || a == ACT_QUIT) {
		u->output_open = false;
		return 1;
	}
	return 0;
}

void
uiact_draw_output(struct uiact *u)
{
	const struct deploy_output *o = u->output != NULL ?
	    snap_data(u->output) : NULL;
	char line[600];
	int h = LINES - 2, w = COLS - 4, rows, y;
	size_t i, first;
	WINDOW *win;

	if (o == NULL || h < 5 || w < 20)
		return;
	if ((win = newwin(h, w, 1, 2)) == NULL)
		return;
	leaveok(win, TRUE);
	werase(win);
	box(win, 0, 0);
	snprintf(line, sizeof line, " deploy-command %s %s %.12s: %s%s ",
	    uiact_dash(o->repo), uiact_dash(o->environment),
	    uiact_dash(o->sha), o->running ? "running" : o->ok ? "done, " :
	    "", o->running ? "" : uiact_dash(o->status));
	draw_text(win, 0, 2, line, w - 4, o->running ? EL_HELP_TITLE :
	    o->ok ? EL_RUN_SUCCEEDED : EL_ERROR);
	rows = h - 3;
	first = o->nlines > (size_t)rows ? o->nlines - (size_t)rows : 0;
	if (o->nlines == 0)
		draw_text(win, 1, 2, o->running ? "(no output yet)" :
		    "(no output)", w - 4, EL_DIM);
	for (i = first, y = 1; i < o->nlines; i++, y++)
		draw_text(win, y, 2, o->lines[i], w - 4, EL_NORMAL);
	snprintf(line, sizeof line, " %s%sEsc closes; the output is kept "
	    "with the audit journal's entry ", o->dropped > 0 ?
	    "earlier lines dropped; " : "", o->running ? "it goes on if "
	    "closed; " : "");
	draw_text(win, h - 1, 2, line, w - 4, EL_DIM);
	wnoutrefresh(win);
	delwin(win);
}
