#include "config.h"

#include <string.h>

#include "opsdeck/layout.h"

enum layout_kind
layout_kind_from_name(const char *name)
{
	return name != NULL && strcmp(name, "stack") == 0 ? LAYOUT_STACK :
	    LAYOUT_GRID;
}

static struct rect
rect(int y, int x, int h, int w)
{
	struct rect r = { y, x, h > 0 ? h : 0, w > 0 ? w : 0 };

	if (r.h == 0 || r.w == 0)
		r.h = r.w = 0;
	return r;
}

void
layout_compute(struct layout *l, int lines, int cols, enum layout_kind kind,
    int zoomed, int focus)
{
	int body_y, body_h, i, top_h, left_w, each;

	memset(l, 0, sizeof *l);
	if (lines <= 0 || cols <= 0)
		return;
	l->header = rect(0, 0, 1, cols);
	l->hints = lines >= 3 ? rect(lines - 1, 0, 1, cols) : rect(0, 0, 0, 0);
	body_y = 1;
	body_h = lines - 1 - (l->hints.h > 0 ? 1 : 0);
	if (body_h <= 0)
		return;
	if (zoomed >= 0 && zoomed < LAYOUT_PANES) {
		l->pane[zoomed] = rect(body_y, 0, body_h, cols);
		return;
	}
	/* Too small for four panes: the focused one only. */
	if (body_h < 6 || cols < 40) {
		l->pane[focus] = rect(body_y, 0, body_h, cols);
		return;
	}
	if (kind == LAYOUT_STACK) {
		each = body_h / LAYOUT_PANES;
		for (i = 0; i < LAYOUT_PANES; i++)
			l->pane[i] = rect(body_y + i * each, 0,
			    i == LAYOUT_PANES - 1 ? body_h - i * each : each,
			    cols);
		return;
	}
	/* The pipelines pane gets the larger share: it is the one read. */
	top_h = body_h * 3 / 5;
	left_w = cols * 2 / 3;
	l->pane[0] = rect(body_y, 0, top_h, left_w);
	l->pane[1] = rect(body_y, left_w + 1, top_h, cols - left_w - 1);
	l->pane[2] = rect(body_y + top_h, 0, body_h - top_h, left_w);
	l->pane[3] = rect(body_y + top_h, left_w + 1, body_h - top_h,
	    cols - left_w - 1);
}

int
layout_columns(const struct column_spec *c, int n, int width, int *widths)
{
	int i, best, shown = n, used = 0, spare, add, done;

	for (i = 0; i < n; i++) {
		widths[i] = c[i].min > 0 ? c[i].min : 0;
		used += widths[i];
	}
	used += n > 1 ? n - 1 : 0;
	while (shown > 0 && used > width) {
		best = -1;
		for (i = 0; i < n; i++) {
			if (widths[i] > 0 && (best < 0 ||
			    c[i].prio < c[best].prio))
				best = i;
		}
		if (best < 0)
			break;
		used -= widths[best] + (shown > 1 ? 1 : 0);
		widths[best] = 0;
		shown--;
	}
	if (shown == 0)
		return 0;
	/* Highest priority first; each column is visited once. */
	for (done = 0; done < shown && used < width; done++) {
		best = -1;
		for (i = 0; i < n; i++) {
			if (widths[i] > 0 && widths[i] == (c[i].min > 0 ?
			    c[i].min : 0) && widths[i] < c[i].want &&
			    (best < 0 || c[i].prio > c[best].prio))
				best = i;
		}
		if (best < 0)
			break;
		spare = width - used;
		add = c[best].want - widths[best];
		if (add > spare)
			add = spare;
		widths[best] += add;
		used += add;
		if (add == 0)
			break;
	}
	return used;
}
