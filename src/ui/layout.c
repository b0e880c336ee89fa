/* layout: where the header, the panes and the hint bar go; the grid is
 * built from the pane table's cells, so a new pane needs no code here. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/conf.h"
#include "opsdeck/layout.h"
#include "opsdeck/xalloc.h"

enum layout_kind
layout_kind_from_name(const char *name)
{
	return name != NULL && strcmp(name, "stack") == 0 ? LAYOUT_STACK :
	    LAYOUT_GRID;
}

/* The known name nearest to a typo, as conf does for keys: within two
 * edits, or a third of the name; NULL when none is that close. */
static const char *
nearest_name(const char *want, const char *const *names, int n)
{
	const char *best = NULL;
	size_t d, bestd = 0, len = strlen(want);
	int i;

	for (i = 0; i < n; i++) {
		d = conf_distance(want, names[i]);
		if (d > 2 && d > len / 3)
			continue;
		if (best == NULL || d < bestd) {
			best = names[i];
			bestd = d;
		}
	}
	return best;
}

static char *
unknown_pane(const char *name, const char *const *names, int n)
{
	const char *near = nearest_name(name, names, n);
	char known[256] = "";
	size_t len;
	int i;

	if (near != NULL)
		return xasprintf("unknown pane '%.64s'; did you mean '%s'?", name,
		    near);
	for (i = 0; i < n; i++) {
		len = strlen(known);
		snprintf(known + len, sizeof known - len, "%s%s",
		    i > 0 ? ", " : "", names[i]);
	}
	return xasprintf("unknown pane '%.64s' (the panes: %s)", name,
	    known);
}

static int
name_index(const char *name, const char *const *names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

/* One "NAME" or "NAME:WEIGHT" of row: appended to the spec. */
static int
parse_pane(struct layout_spec *s, char *word, int row,
    const char *const *names, int nnames, char **why)
{
	char *colon = strchr(word, ':'), *end;
	long weight = 1;
	int i, k;

	if (colon != NULL) {
		*colon = '\0';
		weight = strtol(colon + 1, &end, 10);
		if (colon[1] == '\0' || *end != '\0' || weight < 1 ||
		    weight > 99) {
			*why = xasprintf("pane '%.64s': expected a weight from "
			    "1 to 99 after ':', got '%.16s'", word, colon + 1);
			return -1;
		}
	}
	if ((k = name_index(word, names, nnames)) < 0) {
		*why = unknown_pane(word, names, nnames);
		return -1;
	}
	for (i = 0; i < s->n; i++) {
		if (s->pane[i] == k) {
			*why = xasprintf("pane '%.64s' is placed twice",
			    word);
			return -1;
		}
	}
	if (s->n == LAYOUT_PANES) {
		*why = xasprintf("more than %d panes (one focus key each)",
		    LAYOUT_PANES);
		return -1;
	}
	s->pane[s->n] = k;
	s->cell[s->n].row = row;
	s->cell[s->n].weight = (int)weight;
	s->n++;
	return 0;
}

/* "a b:2 / c": rows by '/', panes by blanks ("a/b" is two rows too). */
static int
parse_rows(struct layout_spec *s, const char *text,
    const char *const *names, int nnames, char **why)
{
	const char *p = text;
	char *word;
	size_t len;
	int row = 0, in_row = 0, rc = 0;

	s->kind = LAYOUT_ROWS;
	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0' || *p == '/') {
			if (!in_row) {
				*why = xstrdup(row == 0 && *p == '\0' ?
				    "no pane" : "a row without a pane (two "
				    "'/' in a row, or one at an end)");
				return -1;
			}
			if (*p++ == '\0')
				return 0;
			row++;
			in_row = 0;
			continue;
		}
		for (len = 0; p[len] != '\0' && p[len] != '/' &&
		    !isspace((unsigned char)p[len]); len++)
			;
		word = xstrndup(p, len);
		rc = parse_pane(s, word, row, names, nnames, why);
		free(word);
		if (rc != 0)
			return -1;
		p += len;
		in_row = 1;
	}
}

static int
parse_zoom(struct layout_spec *s, const char *zoom,
    const char *const *names, int nnames, char **why)
{
	int i, k;

	if (zoom == NULL || *zoom == '\0')
		return 0;
	if ((k = name_index(zoom, names, nnames)) < 0) {
		*why = unknown_pane(zoom, names, nnames);
		return -1;
	}
	for (i = 0; i < s->n; i++) {
		if (s->pane[i] == k) {
			s->zoom = i;
			return 0;
		}
	}
	*why = xasprintf("pane '%.64s' is not in the layout", zoom);
	return -1;
}

int
layout_parse(struct layout_spec *s, const char *text, const char *zoom,
    const char *const *names, const struct layout_cell *defaults,
    int nnames, char **why)
{
	int i;

	memset(s, 0, sizeof *s);
	s->zoom = -1;
	*why = NULL;
	if (text == NULL || strcmp(text, "grid") == 0 ||
	    strcmp(text, "stack") == 0) {
		s->kind = layout_kind_from_name(text);
		for (i = 0; i < nnames && s->n < LAYOUT_PANES; i++) {
			if (defaults[i].row < 0)
				continue;	/* placed by name only */
			s->pane[s->n] = i;
			s->cell[s->n++] = defaults[i];
		}
	} else if (parse_rows(s, text, names, nnames, why) != 0)
		goto fail;
	if (parse_zoom(s, zoom, names, nnames, why) == 0)
		return 0;
fail:
	s->n = 0;
	s->zoom = -1;
	return -1;
}

static int
spec_rows(const struct layout_spec *s)
{
	int i, rows = 0;

	if (s->kind == LAYOUT_STACK)
		return s->n;
	for (i = 0; i < s->n; i++)
		if (s->cell[i].row >= rows)
			rows = s->cell[i].row + 1;
	return rows;
}

void
layout_min_size(const struct layout_spec *s, int *lines, int *cols)
{
	int rows = spec_rows(s), row, i, k, need;

	*lines = 2 + 3 * rows > 10 ? 2 + 3 * rows : 10;
	*cols = 40;
	if (s->kind == LAYOUT_STACK)
		return;
	for (row = 0; row < rows; row++) {
		for (i = 0, k = 0; i < s->n; i++)
			k += s->cell[i].row == row;
		need = k * 12 + (k > 1 ? k - 1 : 0);
		if (need > *cols)
			*cols = need;
	}
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
	/* The built-in grid's top row gets the larger share: the pipelines
	 * pane, the one read most, is there. A written layout's rows share
	 * the height equally. */
	for (row = 0, y = body_y; row < rows; row++) {
		if (rows == 1 || row == rows - 1)
			h = body_y + body_h - y;
		else if (kind == LAYOUT_ROWS)
			h = body_h / rows;
		else if (row == 0)
			h = body_h * 3 / 5;
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
