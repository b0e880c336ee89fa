/* resize: the quiet time that turns a storm of resizes into one repaint,
 * and the message shown instead of a layout that does not fit. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "draw.h"
#include "opsdeck/resize.h"

void
resize_note(struct resize_gate *g, int64_t now_ms)
{
	bool storm = g->last_ms != 0 && now_ms - g->last_ms < RESIZE_STORM_MS;

	g->pending = true;
	g->due_ms = now_ms + (storm ? RESIZE_STORM_QUIET_MS : RESIZE_QUIET_MS);
	g->last_ms = now_ms;
}

int
resize_timeout(const struct resize_gate *g, int64_t now_ms)
{
	int64_t left;

	if (!g->pending)
		return -1;
	left = g->due_ms - now_ms;
	return left > 0 ? (int)left : 0;
}

bool
resize_due(struct resize_gate *g, int64_t now_ms)
{
	if (!g->pending || now_ms < g->due_ms)
		return false;
	g->pending = false;
	return true;
}

bool
resize_pending(const struct resize_gate *g)
{
	return g->pending;
}

void
resize_too_small_text(char *dst, size_t size, int lines, int cols,
    int need_lines, int need_cols)
{
	snprintf(dst, size, "terminal too small: %dx%d, need at least %dx%d",
	    cols, lines, need_cols, need_lines);
}

void
resize_draw_too_small(WINDOW *w, int need_lines, int need_cols)
{
	int lines = getmaxy(w), cols = getmaxx(w), y, n;
	char msg[128], *part[2];
	const char *comma;

	resize_too_small_text(msg, sizeof msg, lines, cols, need_lines,
	    need_cols);
	werase(w);
	part[0] = msg;
	part[1] = NULL;
	/* Narrower than the message: the size on one line, the need on the
	 * next (each cut to the width if even that is too wide). */
	if ((int)strlen(msg) > cols && (comma = strchr(msg, ',')) != NULL) {
		part[1] = msg + (comma - msg) + 2;
		msg[comma - msg + 1] = '\0';
	}
	y = lines > 2 ? (lines - (part[1] != NULL ? 2 : 1)) / 2 : 0;
	for (n = 0; n < 2 && part[n] != NULL && y < lines; n++, y++)
		draw_text(w, y, cols > (int)strlen(part[n]) ? (cols -
		    (int)strlen(part[n])) / 2 : 0, part[n], cols > (int)strlen(
		    part[n]) ? (int)strlen(part[n]) : cols, EL_STALE);
	wnoutrefresh(w);
}
