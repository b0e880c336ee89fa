/* pane_approvals: the release approvals queue as a pane of the layout
 * ([ui] layout = "... approvals ..."), for a console that keeps it in
 * sight instead of behind the A key. One line per pending deployment of
 * the watched repositories (STORE_APPROVALS), oldest waiting first: repo,
 * run and workflow, environment in its colour ([P] protected), commit and
 * author, how long it has waited, the wait timer, the required reviewers,
 * and whether this token may approve (else why not, dim). Columns drop
 * out as the pane narrows. Enter or A opens the approvals view (marks,
 * a, x) on the pane's own view stack; a and x on the list act on the
 * selected item alone. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "opsdeck/approvals.h"
#include "opsdeck/clock.h"
#include "opsdeck/envstate.h"
#include "opsdeck/layout.h"
#include "opsdeck/listnav.h"
#include "opsdeck/pane.h"
#include "opsdeck/store.h"
#include "opsdeck/xalloc.h"
#include "uiact.h"
#include "views.h"

#define APANE_MAX	(APPROVALS_MAX_ITEMS * 4)

struct apane {
	struct snapset	*set;		/* STORE_APPROVALS */
	struct snapset	*envs;		/* STORE_ENV: colour, protection */
	const struct approval_item *items[APANE_MAX];
	size_t		 n;
	size_t		 able;		/* this token may review */
	const struct approval_item *one[1];	/* target: the selection */
	struct listnav	 nav;
	struct view_stack views;
	char		 status[64];
};

static const struct keybind approvals_keys[] = {
	{ '\r', ACT_OPEN },
	{ '\n', ACT_OPEN },
	{ KEY_ENTER, ACT_OPEN },
	{ KEY_RIGHT, ACT_OPEN },
};

/* The columns, in the order drawn; the higher prio stays longer. */
enum { C_REPO, C_RUN, C_ENV, C_SHA, C_AUTHOR, C_WAITED, C_TIMER,
    C_REVIEWERS, C_CAN, C_COUNT };
static const struct column_spec columns[C_COUNT] = {
	[C_REPO] =	{ 10, 18, 9 },
	[C_RUN] =	{ 8, 20, 7 },
	[C_ENV] =	{ 8, 16, 10 },
	[C_SHA] =	{ 7, 7, 5 },
	[C_AUTHOR] =	{ 8, 16, 3 },
	[C_WAITED] =	{ 4, 6, 8 },
	[C_TIMER] =	{ 9, 9, 4 },
	[C_REVIEWERS] = { 9, 24, 2 },
	[C_CAN] =	{ 11, 46, 6 },
};

static void *
approvals_create(const struct ui_opts *o, struct store *st)
{
	struct apane *p = xcalloc(1, sizeof *p);

	view_stack_init(&p->views, o, st);
	return p;
}

static void
approvals_destroy(void *priv)
{
	struct apane *p = priv;

	if (p == NULL)
		return;
	view_stack_done(&p->views);
	store_release(&p->set);
	store_release(&p->envs);
	free(p);
}

static int
approvals_on_data(void *priv, struct store *st)
{
	struct apane *p = priv;
	const struct approval_queue *q;
	size_t i, j;

	store_release(&p->set);
	store_release(&p->envs);
	p->set = store_acquire(st, STORE_APPROVALS);
	p->envs = store_acquire(st, STORE_ENV);
	p->n = p->able = 0;
	for (i = 0; i < snapset_count(p->set); i++) {
		q = snap_data(snapset_at(p->set, i));
		for (j = 0; j < q->n && p->n < APANE_MAX; j++) {
			p->items[p->n++] = &q->items[j];
			p->able += approval_cannot(&q->items[j]) == NULL;
		}
	}
	if (p->nav.sel >= p->n)
		p->nav.sel = p->n > 0 ? p->n - 1 : 0;
	view_stack_on_data(&p->views, st);
	return PANE_REDRAW;
}

static const struct env_row *
env_of(const struct apane *p, const struct approval_item *it)
{
	return repo_envs_find(snapset_find_data(p->envs, it->repo),
	    it->environment);
}

/* The commit's author when the delta lists the commit, else who
 * triggered the run (as the view says it). */
static const char *
author_of(const struct approval_item *it)
{
	size_t i;

	for (i = 0; i < it->delta.ncommits; i++) {
		if (strcmp(it->delta.commits[i].sha, it->head_sha) == 0 &&
		    it->delta.commits[i].author != NULL)
			return it->delta.commits[i].author;
	}
	return it->actor != NULL ? it->actor : "-";
}

static void
cell_text(const struct apane *p, const struct approval_item *it, int c,
    time_t now, char *dst, size_t size)
{
	const struct env_row *row;
	const char *cannot;

	switch (c) {
	case C_REPO:
		snprintf(dst, size, "%s", it->repo);
		break;
	case C_RUN:
		snprintf(dst, size, "#%d %s", it->run_number,
		    it->workflow != NULL ? it->workflow : "-");
		break;
	case C_ENV:
		row = env_of(p, it);
		snprintf(dst, size, "%s%s", it->environment,
		    row != NULL && row->is_protected ? " [P]" : "");
		break;
	case C_SHA:
		snprintf(dst, size, "%.7s", it->head_sha != NULL ?
		    it->head_sha : "-");
		break;
	case C_AUTHOR:
		snprintf(dst, size, "%s", author_of(it));
		break;
	case C_WAITED:
		clock_format_span(dst, size, (long long)(now -
		    it->waiting_since));
		break;
	case C_TIMER:
		if (it->wait_timer > 0)
			snprintf(dst, size, "timer %dm", it->wait_timer);
		else
			snprintf(dst, size, "-");
		break;
	case C_REVIEWERS:
		snprintf(dst, size, "%s", it->reviewers != NULL ?
		    it->reviewers : "-");
		break;
	default:
		cannot = approval_cannot(it);
		snprintf(dst, size, "%s%s", cannot != NULL ? "cannot: " :
		    "can approve", cannot != NULL ? cannot : "");
		break;
	}
}

static void
draw_item(const struct apane *p, WINDOW *w, int y, size_t i,
    const int *widths, int focused, time_t now)
{
	const struct approval_item *it = p->items[i];
	int sel = focused && i == p->nav.sel, c, x = 1;
	enum element base = sel ? EL_SELECTED : approval_cannot(it) != NULL ?
	    EL_DIM : EL_NORMAL, el;
	char cell[256];

	if (sel)	/* the whole line, gaps too */
		draw_text(w, y, 0, "", getmaxx(w), EL_SELECTED);
	for (c = 0; c < C_COUNT; c++) {
		if (widths[c] == 0)
			continue;
		cell_text(p, it, c, now, cell, sizeof cell);
		el = base;
		if (c == C_ENV && base == EL_NORMAL)
			el = uiact_env_element(env_of(p, it));
		draw_text(w, y, x, cell, widths[c], el);
		x += widths[c] + 1;
	}
}

/* The repositories whose queue is not fresh, one line each. */
static int
draw_errors(const struct apane *p, WINDOW *w, int y)
{
	const struct approval_queue *q;
	char line[300];
	size_t i;

	for (i = 0; i < snapset_count(p->set) && y < getmaxy(w); i++) {
		q = snap_data(snapset_at(p->set, i));
		if (q->error == NULL)
			continue;
		snprintf(line, sizeof line, "%s: %s%s", q->repo, q->stale ?
		    "stale: " : "", q->error);
		draw_text(w, y++, 1, line, getmaxx(w) - 2, EL_STALE);
	}
	return y;
}

static void
approvals_draw(void *priv, WINDOW *w, int focused, time_t now)
{
	struct apane *p = priv;
	int widths[C_COUNT], y = 0, rows;
	char line[200];
	size_t i;

	if (view_stack_depth(&p->views) > 0) {
		view_stack_draw(&p->views, w, now);
		return;
	}
	snprintf(line, sizeof line, "%zu pending, %zu this token may review."
	    "  Enter: the approvals view (Space marks)", p->n, p->able);
	draw_text(w, y++, 1, line, getmaxx(w) - 2, EL_HELP_TITLE);
	y = draw_errors(p, w, y);
	if (p->n == 0) {
		draw_text(w, y, 1, snapset_count(p->set) == 0 ?
		    "Nothing read yet (polling, or no approvals source)." :
		    "No run is waiting for a review.", getmaxx(w) - 2, EL_DIM);
		return;
	}
	layout_columns(columns, C_COUNT, getmaxx(w) - 2, widths);
	rows = getmaxy(w) - y;
	listnav_fit(&p->nav, rows, p->n);
	for (i = p->nav.top; i < p->n && y < getmaxy(w); i++)
		draw_item(p, w, y++, i, widths, focused, now);
}

/* The header line and the error lines are not list rows. */
static int
list_rows(const struct apane *p, int rows)
{
	const struct approval_queue *q;
	size_t i;

	rows--;
	for (i = 0; i < snapset_count(p->set); i++) {
		q = snap_data(snapset_at(p->set, i));
		rows -= q->error != NULL;
	}
	return rows > 0 ? rows : 1;
}

static int
approvals_key(void *priv, enum action a, int rows)
{
	struct apane *p = priv;

	if (a == ACT_APPROVALS)
		return view_appr_open_on(&p->views);
	if (view_stack_depth(&p->views) > 0)
		return view_stack_key(&p->views, a, rows);
	if (a == ACT_OPEN)
		return view_appr_open_on(&p->views);
	if (listnav_key(&p->nav, a, list_rows(p, rows), p->n))
		return PANE_HANDLED | PANE_REDRAW;
	return 0;
}

static int
approvals_input(void *priv, int wc, int keycode)
{
	struct apane *p = priv;

	if (view_stack_depth(&p->views) > 0)
		return view_stack_input(&p->views, wc, keycode);
	return 0;
}

/* How long each item has waited changes with time alone. */
static int
approvals_tick(void *priv, time_t now)
{
	struct apane *p = priv;
	int best = -1, t;
	size_t i;

	if (view_stack_depth(&p->views) > 0)
		return view_stack_tick(&p->views, now);
	for (i = 0; i < p->n; i++) {
		t = draw_span_tick((long long)(now - p->items[i]->waiting_since));
		if (t > 0 && (best < 0 || t < best))
			best = t;
	}
	return best;
}

static const char *
approvals_status(void *priv)
{
	struct apane *p = priv;

	if (view_stack_depth(&p->views) > 0)
		return view_stack_status(&p->views);
	if (p->n == 0)
		return NULL;
	snprintf(p->status, sizeof p->status, "%zu pending, %zu may review",
	    p->n, p->able);
	return p->status;
}

static time_t
approvals_data_time(void *priv)
{
	struct apane *p = priv;
	const struct approval_queue *q;
	time_t oldest = 0;
	size_t i;

	for (i = 0; i < snapset_count(p->set); i++) {
		q = snap_data(snapset_at(p->set, i));
		if (q->fetched_at != 0 && (oldest == 0 ||
		    q->fetched_at < oldest))
			oldest = q->fetched_at;
	}
	return oldest;
}

/* a, x: the view's marked items while it is open; on the list, the
 * selected item alone. */
static int
approvals_target(void *priv, struct ui_target *t)
{
	struct apane *p = priv;

	if (view_stack_depth(&p->views) > 0)
		return view_stack_target(&p->views, t);
	memset(t, 0, sizeof *t);
	if (p->nav.sel >= p->n)
		return -1;
	p->one[0] = p->items[p->nav.sel];
	t->repo = p->one[0]->repo;
	t->items = p->one;
	t->nitems = 1;
	return 0;
}

/* What the hint bar and the help list here (the view's own keys, Space
 * marking included, once it is open). */
static const enum action approvals_acts[] = {
	OD_MOTION_ACTS,
	ACT_OPEN,
	ACT_APPROVALS,
	ACT_APPROVE,
	ACT_REJECT,
};

const struct pane_ops pane_approvals_ops = {
	.name = "approvals",
	.title = "Approvals",
	.domains = PANE_DOMAIN(STORE_APPROVALS) | PANE_DOMAIN(STORE_ENV) |
	    PANE_DOMAIN(STORE_ACTIONS) | VIEWS_DOMAINS,
	.create = approvals_create,
	.destroy = approvals_destroy,
	.on_data = approvals_on_data,
	.draw = approvals_draw,
	.key = approvals_key,
	.input = approvals_input,
	.tick = approvals_tick,
	.status = approvals_status,
	.data_time = approvals_data_time,
	.target = approvals_target,
	.keys = approvals_keys,
	.nkeys = sizeof approvals_keys / sizeof approvals_keys[0],
	.acts = approvals_acts,
	.nacts = sizeof approvals_acts / sizeof approvals_acts[0],
};
