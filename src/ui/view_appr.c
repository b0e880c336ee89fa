/* The approvals view (key A from any pane): every pending deployment of
 * the watched repositories (STORE_APPROVALS), oldest waiting first: repo,
 * run and workflow, environment (in its colour, with [P] when
 * protected), commit and who triggered it, how long it has waited, the
 * wait timer, the required reviewers, what approving would ship. Space
 * marks an item (the batch a and x act on); an item this token cannot
 * review is drawn dim with the reason and cannot be marked. Below the
 * list, the latest review results, one per item (STORE_ACTIONS history).
 * Marks are kept by key (repo, run, environment) across polls. */
#include "config.h"

#include <inttypes.h>
#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "opsdeck/action.h"
#include "opsdeck/actworker.h"
#include "opsdeck/approvals.h"
#include "opsdeck/clock.h"
#include "opsdeck/envstate.h"
#include "opsdeck/listnav.h"
#include "opsdeck/pane.h"
#include "opsdeck/store.h"
#include "opsdeck/xalloc.h"
#include "uiact.h"
#include "views.h"

#define APPR_VIEW_MAX	(APPROVALS_MAX_ITEMS * 4)
#define APPR_RESULTS	8

struct appr_view {
	struct view_stack *stack;
	struct snapset	*set;		/* STORE_APPROVALS */
	struct snapset	*envs;		/* STORE_ENV: colours, protection */
	struct snapset	*acts;		/* STORE_ACTIONS: the history */
	const struct approval_item *items[APPR_VIEW_MAX];
	size_t		 n;
	char		*marks[APPR_VIEW_MAX];	/* item keys */
	size_t		 nmarks;
	const struct approval_item *marked[APPR_VIEW_MAX];	/* target */
	struct listnav	 nav;
	char		 msg[200];
	char		 status[64];
};

static char *
item_key(const struct approval_item *it)
{
	return xasprintf("%s %" PRId64 " %s", it->repo, it->run_id,
	    it->environment);
}

static ssize_t
mark_index(const struct appr_view *v, const struct approval_item *it)
{
	char *k = item_key(it);
	size_t i;

	for (i = 0; i < v->nmarks; i++) {
		if (strcmp(v->marks[i], k) == 0) {
			free(k);
			return (ssize_t)i;
		}
	}
	free(k);
	return -1;
}

/* Marks of items no longer pending go: nothing acts on what is gone. */
static void
prune_marks(struct appr_view *v)
{
	size_t i, j, keep = 0;
	char *k;
	bool found;

	for (i = 0; i < v->nmarks; i++) {
		found = false;
		for (j = 0; j < v->n && !found; j++) {
			k = item_key(v->items[j]);
			found = strcmp(k, v->marks[i]) == 0;
			free(k);
		}
		if (found)
			v->marks[keep++] = v->marks[i];
		else
			free(v->marks[i]);
	}
	v->nmarks = keep;
}

static void
appr_on_data(void *priv, struct store *store)
{
	struct appr_view *v = priv;
	const struct approval_queue *q;
	size_t i, j;

	store_release(&v->set);
	store_release(&v->envs);
	store_release(&v->acts);
	v->set = store_acquire(store, STORE_APPROVALS);
	v->envs = store_acquire(store, STORE_ENV);
	v->acts = store_acquire(store, STORE_ACTIONS);
	v->n = 0;
	for (i = 0; i < snapset_count(v->set); i++) {
		q = snap_data(snapset_at(v->set, i));
		for (j = 0; j < q->n && v->n < APPR_VIEW_MAX; j++)
			v->items[v->n++] = &q->items[j];
	}
	prune_marks(v);
}

static void *
appr_open(struct view_stack *s, const void *args)
{
	struct appr_view *v = xcalloc(1, sizeof *v);

	(void)args;
	v->stack = s;
	appr_on_data(v, s->store);
	return v;
}

static void
appr_close(void *priv)
{
	struct appr_view *v = priv;
	size_t i;

	store_release(&v->set);
	store_release(&v->envs);
	store_release(&v->acts);
	for (i = 0; i < v->nmarks; i++)
		free(v->marks[i]);
	free(v);
}

static const struct env_row *
env_of(const struct appr_view *v, const struct approval_item *it)
{
	return repo_envs_find(snapset_find_data(v->envs, it->repo),
	    it->environment);
}

static void
item_line(const struct appr_view *v, const struct approval_item *it,
    time_t now, char *dst, size_t size)
{
	const struct env_row *row = env_of(v, it);
	const char *cannot = approval_cannot(it);
	const char *author = it->actor;
	char waited[32], timer[64] = "", ships[64];
	size_t i;

	/* The commit's author when the delta lists the commit, else who
	 * triggered the run. */
	for (i = 0; i < it->delta.ncommits; i++) {
		if (strcmp(it->delta.commits[i].sha, it->head_sha) == 0 &&
		    it->delta.commits[i].author != NULL) {
			author = it->delta.commits[i].author;
			break;
		}
	}

	clock_format_span(waited, sizeof waited, (long long)(now -
	    it->waiting_since));
	if (it->wait_timer > 0)
		snprintf(timer, sizeof timer, "  timer %dm", it->wait_timer);
	if (it->delta.count >= 0)
		snprintf(ships, sizeof ships, "ships %d%s", it->delta.count,
		    it->delta.nrisky > 0 ? " (risky)" : "");
	else
		snprintf(ships, sizeof ships, "ships ?");
	snprintf(dst, size, "%s %-18.18s #%-5d %-12.12s %-12.12s%s %.7s "
	    "%-14.14s %5s  %s%s%s%s  reviewers %s",
	    mark_index(v, it) >= 0 ? "[x]" : cannot != NULL ? " - " : "[ ]",
	    it->repo, it->run_number, it->workflow != NULL ? it->workflow :
	    "-", it->environment, row != NULL && row->is_protected ? "[P]" :
	    "   ", it->head_sha, author != NULL ? author : "-", waited,
	    cannot != NULL ? "cannot: " : "", cannot != NULL ? cannot : "",
	    cannot != NULL ? "" : ships, cannot != NULL ? "" : timer,
	    it->reviewers != NULL ? it->reviewers : "-");
}

/* The latest review results, newest first, one line each. */
static int
draw_results(const struct appr_view *v, WINDOW *w, int y)
{
	const struct action_history *h = snapset_find_data(v->acts,
	    ACTWORKER_KEY_HISTORY);
	char line[600];
	size_t i, shown = 0;

	for (i = h != NULL ? h->n : 0; i > 0 && shown < APPR_RESULTS &&
	    y < getmaxy(w) - 1; i--) {
		const struct action_result *r = &h->v[i - 1];

		if (r->id != ACTION_ID_APPROVE && r->id != ACTION_ID_REJECT)
			continue;
		if (shown++ == 0)
			draw_text(w, y++, 1, "Latest reviews", getmaxx(w) - 2,
			    EL_HELP_TITLE);
		snprintf(line, sizeof line, "%s %s", r->ok ? (draw_ascii() ?
		    "ok" : "\u2713") : (draw_ascii() ? "x " : "\u2717"),
		    r->message != NULL ? r->message : "");
		draw_text(w, y++, 2, line, getmaxx(w) - 3, r->ok ?
		    EL_RUN_SUCCEEDED : EL_ERROR);
	}
	return y;
}

static void
appr_draw(void *priv, WINDOW *w, time_t now)
{
	struct appr_view *v = priv;
	const struct approval_queue *q;
	const struct approval_item *it;
	const struct env_row *row;
	char line[1200];
	size_t i, able = 0;
	int y = 0, rows;

	for (i = 0; i < v->n; i++)
		able += approval_cannot(v->items[i]) == NULL;
	snprintf(line, sizeof line, "Pending approvals: %zu, %zu this token "
	    "may review, %zu marked.  Space marks, a approves, x rejects", v->n,
	    able, v->nmarks);
	draw_text(w, y++, 1, line, getmaxx(w) - 2, EL_HELP_TITLE);
	for (i = 0; i < snapset_count(v->set); i++) {
		q = snap_data(snapset_at(v->set, i));
		if (q->error == NULL)
			continue;
		snprintf(line, sizeof line, "%s: %s%s", q->repo, q->stale ?
		    "stale: " : "", q->error);
		draw_text(w, y++, 1, line, getmaxx(w) - 2, EL_STALE);
	}
	if (v->n == 0) {
		draw_text(w, y++, 1, snapset_count(v->set) == 0 ?
		    "Nothing read yet (polling)." : "No run is waiting for a "
		    "review.", getmaxx(w) - 2, EL_DIM);
		y = draw_results(v, w, y + 1);
		return;
	}
	rows = getmaxy(w) - y - 1 - (APPR_RESULTS + 1);
	if (rows < 3)
		rows = getmaxy(w) - y - 1;
	listnav_fit(&v->nav, rows, v->n);
	for (i = v->nav.top; i < v->n && (int)(i - v->nav.top) < rows; i++) {
		it = v->items[i];
		item_line(v, it, now, line, sizeof line);
		row = env_of(v, it);
		draw_text(w, y++, 1, line, getmaxx(w) - 2, i == v->nav.sel ?
		    EL_SELECTED : approval_cannot(it) != NULL ? EL_DIM :
		    uiact_env_element(row));
	}
	y = draw_results(v, w, y + 1);
	if (v->msg[0] != '\0')
		draw_text(w, getmaxy(w) - 1, 1, v->msg, getmaxx(w) - 2,
		    EL_STALE);
}

static int
toggle_mark(struct appr_view *v)
{
	const struct approval_item *it;
	const char *cannot;
	ssize_t k;

	if (v->nav.sel >= v->n)
		return PANE_HANDLED;
	it = v->items[v->nav.sel];
	if ((cannot = approval_cannot(it)) != NULL) {
		snprintf(v->msg, sizeof v->msg, "cannot be marked: %s", cannot);
		return PANE_HANDLED | PANE_REDRAW;
	}
	if ((k = mark_index(v, it)) >= 0) {
		free(v->marks[k]);
		v->marks[k] = v->marks[--v->nmarks];
	} else if (v->nmarks < APPR_VIEW_MAX)
		v->marks[v->nmarks++] = item_key(it);
	/* The next item, as a mark key does in a file manager. */
	if (v->nav.sel + 1 < v->n)
		v->nav.sel++;
	return PANE_HANDLED | PANE_REDRAW;
}

/* Space is the mark key here (page-down elsewhere). */
static int
appr_input(void *priv, int wc, int keycode)
{
	struct appr_view *v = priv;

	if (keycode || wc != ' ')
		return 0;
	v->msg[0] = '\0';
	return toggle_mark(v);
}

static int
appr_key(void *priv, enum action a, int rows)
{
	struct appr_view *v = priv;

	v->msg[0] = '\0';
	if (a == ACT_APPROVALS)
		return PANE_HANDLED;	/* already here */
	if (listnav_key(&v->nav, a, rows - 3 - APPR_RESULTS, v->n))
		return PANE_HANDLED | PANE_REDRAW;
	return 0;
}

static int
appr_tick(void *priv, time_t now)
{
	(void)priv;
	(void)now;
	return 60;	/* waiting times in minutes */
}

static const char *
appr_status(void *priv)
{
	struct appr_view *v = priv;

	snprintf(v->status, sizeof v->status, "approvals");
	return v->status;
}

/* a, x: the marked items in list order, else the selected one. */
static int
appr_target(void *priv, struct ui_target *t)
{
	struct appr_view *v = priv;
	size_t i, n = 0;

	memset(t, 0, sizeof *t);
	for (i = 0; i < v->n; i++) {
		if (mark_index(v, v->items[i]) >= 0)
			v->marked[n++] = v->items[i];
	}
	if (n == 0 && v->nav.sel < v->n)
		v->marked[n++] = v->items[v->nav.sel];
	if (n == 0)
		return -1;
	t->repo = v->marked[0]->repo;
	t->items = v->marked;
	t->nitems = n;
	return 0;
}

int
view_appr_open_on(struct view_stack *s)
{
	if (view_stack_top(s) == &view_appr_ops)
		return PANE_HANDLED;
	if (view_stack_push(s, &view_appr_ops, NULL) != 0)
		return PANE_HANDLED;
	return PANE_HANDLED | PANE_REDRAW;
}

/* What the hints and the help offer here (the keys: the keymap). */
static const enum action appr_acts[] = {
	OD_MOTION_ACTS,
	ACT_APPROVE,
	ACT_REJECT,
};

const struct view_ops view_appr_ops = {
	.name = "approvals",
	.domains = PANE_DOMAIN(STORE_APPROVALS) | PANE_DOMAIN(STORE_ENV) |
	    PANE_DOMAIN(STORE_ACTIONS),
	.open = appr_open,
	.close = appr_close,
	.on_data = appr_on_data,
	.draw = appr_draw,
	.key = appr_key,
	.input = appr_input,
	.tick = appr_tick,
	.status = appr_status,
	.target = appr_target,
	.acts = appr_acts,
	.nacts = sizeof appr_acts / sizeof appr_acts[0],
};
