/* The environments view (key E from any pane): per repository its
 * environments in promotion order, what each runs (short SHA, age, who),
 * how many commits it is behind the environment before it and the default
 * branch, what is in flight, each name in its configured colour with its
 * protected / readonly marks. One repository: a list, one line per
 * environment. Several: a service x environment grid, a row per
 * repository, h/l (next-column / prev-column) move between environments,
 * and the selected cell's facts below the grid. Each environment with
 * health checks (`environment =`) shows their worst state and the
 * after-deploy verdict of its current deployment, read from STORE_HEALTH
 * (envhealth; nothing probed here). Built from the store each time it
 * changes; the selection is kept by name across polls. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "opsdeck/clock.h"
#include "opsdeck/envhealth.h"
#include "opsdeck/envstate.h"
#include "opsdeck/listnav.h"
#include "opsdeck/store.h"
#include "opsdeck/xalloc.h"
#include "views.h"

#define ENV_GRID_MAX_COLS	16

struct env_view {
	struct view_stack *stack;
	struct snapset	*set;		/* STORE_ENV, held while shown */
	struct snapset	*health;	/* STORE_HEALTH, likewise */
	const struct health_check **checks;	/* borrowed from health */
	size_t		 nchecks;
	struct listnav	 nav;		/* the line: env (one repo) or repo */
	size_t		 col;		/* grid: the environment column */
	char		*sel_repo;	/* kept across polls */
	char		*sel_env;
	/* Grid columns: environment names, first seen order. */
	const char	*cols[ENV_GRID_MAX_COLS];
	size_t		 ncols;
	char		 msg[160];
	char		 status[300];
};

static const struct repo_envs *
repo_at(const struct env_view *v, size_t i)
{
	struct snap *s;

	if (v->set == NULL || i >= snapset_count(v->set))
		return NULL;
	s = snapset_at(v->set, i);
	return s != NULL ? snap_data(s) : NULL;
}

static size_t
nrepos(const struct env_view *v)
{
	return v->set != NULL ? snapset_count(v->set) : 0;
}

static int
grid(const struct env_view *v)
{
	return nrepos(v) > 1;
}

/* The union of the environment names, each repository's order. */
static void
build_cols(struct env_view *v)
{
	const struct repo_envs *re;
	size_t i, j, k;

	v->ncols = 0;
	for (i = 0; i < nrepos(v); i++) {
		re = repo_at(v, i);
		for (j = 0; re != NULL && j < re->nenvs; j++) {
			for (k = 0; k < v->ncols; k++) {
				if (strcmp(v->cols[k], re->envs[j].name) == 0)
					break;
			}
			if (k == v->ncols && v->ncols < ENV_GRID_MAX_COLS)
				v->cols[v->ncols++] = re->envs[j].name;
		}
	}
}

static size_t
nlines(const struct env_view *v)
{
	const struct repo_envs *re;

	if (grid(v))
		return nrepos(v);
	re = repo_at(v, 0);
	return re != NULL ? re->nenvs : 0;
}

/* The selected repository and row (NULL when none). */
static void
selected(const struct env_view *v, const struct repo_envs **re,
    const struct env_row **row)
{
	*re = NULL;
	*row = NULL;
	if (grid(v)) {
		*re = repo_at(v, v->nav.sel);
		if (*re != NULL && v->col < v->ncols)
			*row = repo_envs_find(*re, v->cols[v->col]);
		return;
	}
	*re = repo_at(v, 0);
	if (*re != NULL && v->nav.sel < (*re)->nenvs)
		*row = &(*re)->envs[v->nav.sel];
}

static void
remember(struct env_view *v)
{
	const struct repo_envs *re;
	const struct env_row *row;

	selected(v, &re, &row);
	if (re == NULL)
		return;
	free(v->sel_repo);
	v->sel_repo = xstrdup(re->repo);
	if (row != NULL || !grid(v)) {
		free(v->sel_env);
		v->sel_env = row != NULL ? xstrdup(row->name) : NULL;
	} else if (v->col < v->ncols) {
		free(v->sel_env);
		v->sel_env = xstrdup(v->cols[v->col]);
	}
}

/* After new data: the same repository and environment, by name. */
static void
restore(struct env_view *v)
{
	const struct repo_envs *re;
	size_t i;

	for (i = 0; v->sel_repo != NULL && i < nrepos(v); i++) {
		re = repo_at(v, i);
		if (re == NULL || strcmp(re->repo, v->sel_repo) != 0)
			continue;
		if (grid(v))
			v->nav.sel = i;
		break;
	}
	if (v->sel_env == NULL)
		return;
	if (grid(v)) {
		for (i = 0; i < v->ncols; i++) {
			if (strcmp(v->cols[i], v->sel_env) == 0)
				v->col = i;
		}
		return;
	}
	re = repo_at(v, 0);
	for (i = 0; re != NULL && i < re->nenvs; i++) {
		if (strcmp(re->envs[i].name, v->sel_env) == 0)
			v->nav.sel = i;
	}
}

static void
take_health(struct env_view *v, struct store *store)
{
	size_t i;

	store_release(&v->health);
	v->health = store_acquire(store, STORE_HEALTH);
	v->nchecks = v->health != NULL ? snapset_count(v->health) : 0;
	v->checks = xreallocarray(v->checks, v->nchecks + 1,
	    sizeof *v->checks);
	for (i = 0; i < v->nchecks; i++)
		v->checks[i] = snap_data(snapset_at(v->health, i));
}

/* The health of r, an environment of re, from the checks held. */
static void
row_health(const struct env_view *v, const struct repo_envs *re,
    const struct env_row *r, time_t now, struct env_health *eh)
{
	envhealth_eval(eh, v->checks, v->nchecks, re->repo, r->name, r->sha,
	    r->deployed_at, now);
}

static void
env_on_data(void *priv, struct store *store)
{
	struct env_view *v = priv;

	store_release(&v->set);
	v->set = store_acquire(store, STORE_ENV);
	take_health(v, store);
	build_cols(v);
	restore(v);
	if (v->ncols > 0 && v->col >= v->ncols)
		v->col = v->ncols - 1;
}

static void *
env_open(struct view_stack *s, const void *args)
{
	struct env_view *v = xcalloc(1, sizeof *v);

	(void)args;
	v->stack = s;
	env_on_data(v, s->store);
	return v;
}

static void
env_close(void *priv)
{
	struct env_view *v = priv;

	store_release(&v->set);
	store_release(&v->health);
	free(v->checks);
	free(v->sel_repo);
	free(v->sel_env);
	free(v);
}

/* "protected readonly deploying", as text so it shows without colour. */
static void
marks(const struct env_row *r, char *dst, size_t size)
{
	snprintf(dst, size, "%s%s%s", r->is_protected ? "[P]" : "",
	    r->readonly ? "[RO]" : "", env_row_in_flight(r) ? "[~]" : "");
}

static void
behind_words(int n, char *dst, size_t size)
{
	if (n < 0)
		snprintf(dst, size, "-");
	else
		snprintf(dst, size, "%d", n);
}

/* One environment's facts on one line (list row or the grid's footer). */
static void
row_facts(const struct env_row *r, time_t now, char *dst, size_t size)
{
	char age[16], prev[16], dflt[16];

	if (r->sha == NULL) {
		snprintf(dst, size, "%-7s %5s %-12s", "-", "", "(none)");
	} else {
		clock_format_span(age, sizeof age,
		    (long long)(now - r->deployed_at));
		snprintf(dst, size, "%.7s %5s %-12.12s", r->sha, age,
		    r->creator != NULL ? r->creator : "?");
	}
	behind_words(r->behind_prev, prev, sizeof prev);
	behind_words(r->behind_default, dflt, sizeof dflt);
	snprintf(dst + strlen(dst), size - strlen(dst), "  %5s %5s %s%s",
	    prev, dflt, r->last_state != NULL ? r->last_state : "",
	    env_row_in_flight(r) ? " (in flight)" : "");
}

/* The grid's footer: the selected cell in words, on two lines. "octo/svc
 * production: d9f9be1 11h ago by hubot; failure; in flight" and "behind
 * staging 2, main 3; protected". */
static void
cell_words(const struct repo_envs *re, const struct env_row *r, time_t now,
    char *l1, char *l2, size_t size)
{
	const struct env_row *prev = repo_envs_previous(re, r->name);
	char age[16], n1[16], n2[16];
	size_t len;

	if (r->sha != NULL) {
		clock_format_span(age, sizeof age,
		    (long long)(now - r->deployed_at));
		snprintf(l1, size, "%s %s: %.7s %s ago by %s", re->repo,
		    r->name, r->sha, age, r->creator != NULL ? r->creator :
		    "?");
	} else
		snprintf(l1, size, "%s %s: nothing deployed", re->repo,
		    r->name);
	len = strlen(l1);
	snprintf(l1 + len, size - len, "%s%s%s", r->last_state != NULL ?
	    "; " : "", r->last_state != NULL ? r->last_state : "",
	    env_row_in_flight(r) ? "; in flight" : "");
	behind_words(r->behind_prev, n1, sizeof n1);
	behind_words(r->behind_default, n2, sizeof n2);
	snprintf(l2, size, "behind %s %s, %s %s%s%s", prev != NULL ?
	    prev->name : "(first)", prev != NULL ? n1 : "-",
	    re->default_branch != NULL ? re->default_branch : "default", n2,
	    r->is_protected ? "; protected" : "", r->readonly ?
	    "; readonly" : "");
}

static enum element
row_element(const struct env_row *r)
{
	if (env_row_in_flight(r))
		return EL_RUN_RUNNING;
	if (r->last_kind == DEPLOY_STATE_FAILURE ||
	    r->last_kind == DEPLOY_STATE_ERROR)
		return EL_RUN_FAILED;
	return r->sha == NULL ? EL_DIM : EL_NORMAL;
}

static int
draw_repo_head(WINDOW *w, int y, const struct repo_envs *re, int cols)
{
	char line[512];

	snprintf(line, sizeof line, "%s  %s%s%s%.7s%s", re->repo,
	    re->default_branch != NULL ? re->default_branch : "",
	    re->head_sha != NULL ? " @" : "", "", re->head_sha != NULL ?
	    re->head_sha : "", re->stale ? "  (stale)" : "");
	draw_text(w, y++, 1, line, cols - 1, EL_REPO);
	if (re->error != NULL)
		draw_text(w, y++, 1, re->error, cols - 1, re->stale ?
		    EL_STALE : EL_ERROR);
	return y;
}

/* Columns for s, at most room: what follows it starts right after. */
static int
fit(const char *s, int room)
{
	int n = (int)strlen(s);

	return n < room ? n : room;
}

/* "✗ crit": glyph and word, in the state's colour; blank when the
 * environment has no checks. Returns the columns used (width). */
static int
draw_health_word(WINDOW *w, int y, int x, const struct env_health *eh,
    int width)
{
	char word[32];

	if (eh->nchecks == 0)
		return draw_text(w, y, x, "", width, EL_NORMAL);
	snprintf(word, sizeof word, "%s %s", health_glyph(eh->state,
	    draw_ascii()), health_word(eh->state));
	return draw_text(w, y, x, word, width,
	    draw_health_element(eh->state));
}

static enum element
verdict_element(const struct env_health *eh)
{
	if (eh->verdict.after == HEALTH_AFTER_BAD ||
	    eh->verdict.after == HEALTH_AFTER_ALREADY)
		return draw_health_element(eh->verdict.state);
	return EL_DIM;
}

/* The grid footer's health, after the line it follows: "; health ✗ crit
 * (api, 2 of 3 not ok): crit 3 min after deploy of a84d88e". */
static void
draw_health_words(WINDOW *w, int y, int x, int cols,
    const struct env_health *eh)
{
	char what[128];

	if (eh->nchecks == 0 || x + 10 >= cols)
		return;
	x += draw_text(w, y, x, "; health ", 9, EL_NORMAL);
	x += draw_health_word(w, y, x, eh, 8);
	if (eh->nbad > 0)
		snprintf(what, sizeof what, " (%s, %zu of %zu not ok)",
		    eh->worst, eh->nbad, eh->nchecks);
	else
		snprintf(what, sizeof what, " (%zu check%s)", eh->nchecks,
		    eh->nchecks == 1 ? "" : "s");
	x += draw_text(w, y, x, what, fit(what, cols - x), EL_DIM);
	if (eh->text[0] != '\0' && x + 2 < cols) {
		x += draw_text(w, y, x, ": ", 2, EL_NORMAL);
		draw_text(w, y, x, eh->text, cols - x, verdict_element(eh));
	}
}

static void
draw_list(struct env_view *v, WINDOW *w, time_t now)
{
	const struct repo_envs *re = repo_at(v, 0);
	const struct env_row *r;
	struct env_health eh;
	char facts[256], mk[32];
	int cols = getmaxx(w), rows, y, x;
	size_t i;

	y = draw_repo_head(w, 0, re, cols);
	/* The health column only when some check exists: a pane-wide list
	 * has no columns to spare for it otherwise. */
	draw_text(w, y++, 1, v->nchecks > 0 ? "  ENVIRONMENT  MARKS    HEALTH   "
	    "SHA       AGE BY              BEHIND PREV/MAIN  STATE" :
	    "  ENVIRONMENT  MARKS    SHA       AGE BY              BEHIND "
	    "PREV/MAIN  STATE", cols - 1, EL_HELP_TITLE);
	if (re->nenvs == 0) {
		draw_text(w, y, 1, "No environments.", cols - 1, EL_DIM);
		return;
	}
	rows = getmaxy(w) - y;
	listnav_fit(&v->nav, rows, re->nenvs);
	for (i = v->nav.top; i < re->nenvs && y < getmaxy(w); i++, y++) {
		r = &re->envs[i];
		x = draw_text(w, y, 1, i == v->nav.sel ? ">" : " ", 2,
		    EL_NORMAL) + 1;
		x += draw_text_attr(w, y, x, r->name, 12, i == v->nav.sel ?
		    element_attr(EL_SELECTED) : draw_colour_attr(r->color,
		    EL_NORMAL)) + 1;
		marks(r, mk, sizeof mk);
		x += draw_text(w, y, x, mk, 8, EL_STALE) + 1;
		row_health(v, re, r, now, &eh);
		if (v->nchecks > 0)
			x += draw_health_word(w, y, x, &eh, 8) + 1;
		row_facts(r, now, facts, sizeof facts);
		x += draw_text(w, y, x, facts, fit(facts, cols - x),
		    row_element(r));
		/* The verdict, after the facts, in the colour of its news. */
		if (eh.text[0] != '\0' && x + 2 < cols)
			draw_text(w, y, x + 2, eh.text, cols - x - 2,
			    verdict_element(&eh));
	}
}

#define GRID_REPO_W	20
#define GRID_CELL_MIN	12
#define GRID_CELL_MAX	26
#define GRID_HEALTH_W	8	/* a blank and "✗ crit", when any check */

/* "d9f9be1 11h [P][~]": what a grid cell shows. */
static void
cell_text(const struct env_row *r, time_t now, char *dst, size_t size)
{
	char age[16], mk[32];

	marks(r, mk, sizeof mk);
	if (r->sha == NULL) {
		snprintf(dst, size, "- %s", mk);
		return;
	}
	clock_format_span(age, sizeof age, (long long)(now - r->deployed_at));
	snprintf(dst, size, "%.7s %s %s", r->sha, age, mk);
}

/* Wide enough for every cell and name, within bounds. */
static int
cell_width(const struct env_view *v, time_t now)
{
	const struct repo_envs *re;
	char cell[64];
	size_t i, j;
	int w = GRID_CELL_MIN, n;

	for (i = 0; i < v->ncols; i++) {
		n = (int)strlen(v->cols[i]);
		w = n > w ? n : w;
	}
	for (i = 0; i < nrepos(v); i++) {
		re = repo_at(v, i);
		for (j = 0; re != NULL && j < re->nenvs; j++) {
			cell_text(&re->envs[j], now, cell, sizeof cell);
			n = (int)strlen(cell);
			w = n > w ? n : w;
		}
	}
	w = w > GRID_CELL_MAX ? GRID_CELL_MAX : w;
	return v->nchecks > 0 ? w + GRID_HEALTH_W : w;
}

/* A column's name in the colour configured for it (the first repository
 * that has it says which). */
static unsigned long
col_attr(const struct env_view *v, size_t c)
{
	const struct env_row *r;
	size_t i;

	for (i = 0; i < nrepos(v); i++) {
		if ((r = repo_envs_find(repo_at(v, i), v->cols[c])) != NULL &&
		    r->color != NULL)
			return draw_colour_attr(r->color, EL_HELP_TITLE) |
			    A_BOLD;
	}
	return element_attr(EL_HELP_TITLE);
}

static void
draw_grid(struct env_view *v, WINDOW *w, time_t now)
{
	const struct repo_envs *re, *sre;
	const struct env_row *r, *srow;
	struct env_health eh;
	char cell[64], line[384], line2[384];
	int cols = getmaxx(w), rows, y = 0, x, cw = cell_width(v, now), hw;
	size_t i, c;

	x = 1 + GRID_REPO_W;
	for (c = 0; c < v->ncols && x < cols; c++, x += cw + 1)
		draw_text_attr(w, y, x, v->cols[c], cw, col_attr(v, c));
	y++;
	rows = getmaxy(w) - y - 4;
	if (rows < 1)
		rows = 1;
	listnav_fit(&v->nav, rows, nrepos(v));
	for (i = v->nav.top; i < nrepos(v) && y < getmaxy(w) - 4; i++, y++) {
		re = repo_at(v, i);
		draw_text(w, y, 1, re->repo, GRID_REPO_W - 1, i == v->nav.sel ?
		    EL_SELECTED : re->error != NULL ? EL_STALE : EL_REPO);
		x = 1 + GRID_REPO_W;
		for (c = 0; c < v->ncols && x < cols; c++, x += cw + 1) {
			r = repo_envs_find(re, v->cols[c]);
			if (r == NULL) {
				draw_text(w, y, x, i == v->nav.sel && c ==
				    v->col ? "(none)" : "", cw, i ==
				    v->nav.sel && c == v->col ? EL_SELECTED :
				    EL_DIM);
				continue;
			}
			cell_text(r, now, cell, sizeof cell);
			hw = v->nchecks > 0 ? GRID_HEALTH_W : 0;
			draw_text_attr(w, y, x, cell, cw - hw,
			    i == v->nav.sel && c == v->col ?
			    element_attr(EL_SELECTED) :
			    draw_colour_attr(r->color, row_element(r)));
			if (hw > 0) {
				row_health(v, re, r, now, &eh);
				draw_health_word(w, y, x + cw - hw + 1, &eh,
				    hw - 1);
			}
		}
	}
	selected(v, &sre, &srow);
	y = getmaxy(w) - 3;
	if (sre != NULL && srow != NULL) {
		cell_words(sre, srow, now, line, line2, sizeof line);
		draw_text_attr(w, y, 1, line, cols - 1,
		    draw_colour_attr(srow->color, EL_NORMAL));
		x = 1 + draw_text(w, y + 1, 1, line2, fit(line2, cols - 1),
		    EL_NORMAL);
		row_health(v, sre, srow, now, &eh);
		draw_health_words(w, y + 1, x, cols, &eh);
	} else if (sre != NULL && sre->error != NULL)
		draw_text(w, y, 1, sre->error, cols - 1, EL_STALE);
}

static void
env_draw(void *priv, WINDOW *w, time_t now)
{
	struct env_view *v = priv;

	if (nrepos(v) == 0) {
		draw_text(w, 0, 1, "Environments: nothing yet (polling).",
		    getmaxx(w) - 1, EL_DIM);
		return;
	}
	if (grid(v))
		draw_grid(v, w, now);
	else
		draw_list(v, w, now);
	if (v->msg[0] != '\0')
		draw_text(w, getmaxy(w) - 1, 1, v->msg, getmaxx(w) - 1,
		    EL_STALE);
}

/* Enter: the run behind the selected deployment, else the one in
 * flight. */
static int
open_run(struct env_view *v)
{
	const struct repo_envs *re;
	const struct env_row *row;
	struct view_run_args a;

	selected(v, &re, &row);
	if (row == NULL)
		return 0;
	a.repo = re->repo;
	a.run_id = row->run_id != 0 ? row->run_id : row->in_flight_run;
	if (a.run_id == 0) {
		snprintf(v->msg, sizeof v->msg, "no run behind %s's deployment",
		    row->name);
		return PANE_HANDLED | PANE_REDRAW;
	}
	if (view_stack_push(v->stack, &view_run_ops, &a) != 0)
		snprintf(v->msg, sizeof v->msg, "cannot open the run");
	return PANE_HANDLED | PANE_REDRAW;
}

static int
env_key(void *priv, enum action a, int rows)
{
	struct env_view *v = priv;

	v->msg[0] = '\0';
	switch (a) {
	case ACT_OPEN:
		return open_run(v);
	case ACT_ENVIRONMENTS:
		return PANE_HANDLED;	/* already here */
	case ACT_NEXT_COLUMN:
	case ACT_PREV_COLUMN:
		if (!grid(v) || v->ncols == 0)
			return PANE_HANDLED;
		if (a == ACT_NEXT_COLUMN && v->col + 1 < v->ncols)
			v->col++;
		else if (a == ACT_PREV_COLUMN && v->col > 0)
			v->col--;
		remember(v);
		return PANE_HANDLED | PANE_REDRAW;
	default:
		break;
	}
	if (listnav_key(&v->nav, a, grid(v) ? rows - 5 : rows - 3,
	    nlines(v))) {
		remember(v);
		return PANE_HANDLED | PANE_REDRAW;
	}
	return 0;
}

static int
env_tick(void *priv, time_t now)
{
	(void)priv;
	(void)now;
	return 60;	/* ages are shown in minutes at best */
}

static const char *
env_status(void *priv)
{
	struct env_view *v = priv;

	snprintf(v->status, sizeof v->status, "environments");
	return v->status;
}

int
view_env_selection(const void *priv, const char **repo, const char **env)
{
	const struct env_view *v = priv;
	const struct repo_envs *re;
	const struct env_row *row;

	*repo = *env = NULL;
	selected(v, &re, &row);
	if (re == NULL || row == NULL)
		return -1;
	*repo = re->repo;
	*env = row->name;
	return 0;
}

const struct repo_envs *
view_env_selected_repo(const void *priv)
{
	const struct repo_envs *re;
	const struct env_row *row;

	selected(priv, &re, &row);
	return re;
}

void
view_env_set_message(void *priv, const char *msg)
{
	struct env_view *v = priv;

	snprintf(v->msg, sizeof v->msg, "%s", msg != NULL ? msg : "");
}

int
view_env_open_on(struct view_stack *s)
{
	if (view_stack_top(s) == &view_env_ops)
		return PANE_HANDLED;
	if (view_stack_push(s, &view_env_ops, NULL) != 0)
		return PANE_HANDLED;
	return PANE_HANDLED | PANE_REDRAW;
}

/* What the hints and the help offer here (the keys: the keymap). */
static const enum action env_acts[] = {
	OD_MOTION_ACTS,
	ACT_NEXT_COLUMN,
	ACT_PREV_COLUMN,
	ACT_OPEN,
	ACT_DEPLOY,
	ACT_ROLLBACK,
};

const struct view_ops view_env_ops = {
	.name = "environments",
	.domains = PANE_DOMAIN(STORE_ENV) | PANE_DOMAIN(STORE_PIPELINES) |
	    PANE_DOMAIN(STORE_DETAIL) | PANE_DOMAIN(STORE_HEALTH),
	.open = env_open,
	.close = env_close,
	.on_data = env_on_data,
	.draw = env_draw,
	.key = env_key,
	.tick = env_tick,
	.status = env_status,
	.acts = env_acts,
	.nacts = sizeof env_acts / sizeof env_acts[0],
};
