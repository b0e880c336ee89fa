/* layout: where the header, the panes and the hint bar go; the grid is
 * built from the pane table's cells, so a new pane needs no code here. */
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

/* The panes of one grid row side by side, by weight, a gutter column
 * between neighbours. */
static void
place_row(struct layout *l, const struct layout_cell *cells, int n, int row,
    int y, int h, int cols)
{
	long total = 0, acc = 0;
	int i, from = 0, to;

	for (i = 0; i < n; i++)
		if (cells[i].row == row)
			total += cells[i].weight > 0 ? cells[i].weight : 1;
	if (total == 0)
		return;
	for (i = 0; i < n; i++) {
		if (cells[i].row != row)
			continue;
		acc += cells[i].weight > 0 ? cells[i].weight : 1;
		to = (int)((long)cols * acc / total);
		l->pane[i] = rect(y, from, h, to - from);
		from = to + 1;
	}
}

void
layout_compute(struct layout *l, int lines, int cols, enum layout_kind kind,
    int zoomed, int focus, const struct layout_cell *cells, int n)
{
	int body_y, body_h, i, each, rows = 0, y, h, row;

	memset(l, 0, sizeof *l);
	if (n > LAYOUT_PANES)
		n = LAYOUT_PANES;
	l->npanes = n > 0 ? n : 0;
	if (lines <= 0 || cols <= 0 || n <= 0)
		return;
	l->header = rect(0, 0, 1, cols);
	l->hints = lines >= 3 ? rect(lines - 1, 0, 1, cols) : rect(0, 0, 0, 0);
	body_y = 1;
	body_h = lines - 1 - (l->hints.h > 0 ? 1 : 0);
	if (body_h <= 0)
		return;
	if (zoomed >= 0 && zoomed < n) {
		l->pane[zoomed] = rect(body_y, 0, body_h, cols);
		return;
	}
	if (focus < 0 || focus >= n)
		focus = 0;
	/* Too small for every pane: the focused one only. */
	if (n == 1 || body_h < 6 || cols < 40) {
		l->pane[focus] = rect(body_y, 0, body_h, cols);
		return;
	}
	if (kind == LAYOUT_STACK) {
		each = body_h / n;
		for (i = 0; i < n; i++)
			l->pane[i] = rect(body_y + i * each, 0,
			    i == n - 1 ? body_h - i * each : each, cols);
		return;
	}
	for (i = 0; i < n; i++)
		if (cells[i].row >= rows)
			rows = cells[i].row + 1;
	/* The top row gets the larger share: the pipelines pane, the one
	 * read most, is there. */
	for (row = 0, y = body_y; row < rows; row++) {
		if (rows == 1)
			h = body_h;
		else if (row == 0)
			h = body_h * 3 / 5;
		else if (row == rows - 1)
			h = body_y + body_h - y;
		else
			h = (body_h - body_h * 3 / 5) / (rows - 1);
		place_row(l, cells, n, row, y, h, cols);
		y += h;
	}
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
