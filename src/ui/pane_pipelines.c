/* The pipelines pane: every repository's runs grouped by workflow, failing
 * first, with a filter (/) and sort keys (s); Enter stacks the view of a
 * repository or a run (and from a run, a job's log) on its view stack. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "opsdeck/gitrepo.h"
#include "opsdeck/pane.h"
#include "opsdeck/run.h"
#include "opsdeck/store.h"
#include "opsdeck/ui.h"
#include "opsdeck/xalloc.h"
#include "pipelines.h"
#include "term.h"
#include "views.h"

/* Wide enough for a workflow's trend next to its name. */
#define PL_WIDE	100

static const struct keybind pipelines_keys[] = {
	{ '\r', ACT_OPEN },
	{ '\n', ACT_OPEN },
	{ KEY_ENTER, ACT_OPEN },
	{ KEY_RIGHT, ACT_OPEN },
	{ '/', ACT_SEARCH },
	{ 'n', ACT_NEXT_MATCH },
	{ 'N', ACT_PREV_MATCH },
	{ 'e', ACT_NEXT_ERROR },
	{ 'E', ACT_PREV_ERROR },
	{ 's', ACT_SORT },
	{ 'f', ACT_FOLLOW },
	{ 'o', ACT_BROWSE },
	{ 'y', ACT_COPY },
	{ 't', ACT_TIMESTAMPS },
};

static void *
pipelines_create(const struct ui_opts *o, struct store *store)
{
	struct pipelines *p = xcalloc(1, sizeof *p);

	view_stack_init(&p->views, o, store);
	return p;
}

static void
pipelines_destroy(void *priv)
{
	struct pipelines *p = priv;

	view_stack_done(&p->views);
	free(p->rows);
	store_release(&p->set);
	store_release(&p->git);
	runlist_filter_done(&p->filter);
	free(p);
}

static void
remember_selection(struct pipelines *p)
{
	const struct prow *r;

	if (p->nav.sel >= p->nrows)
		return;
	r = &p->rows[p->nav.sel];
	p->sel_kind = r->kind;
	p->sel_run = r->run != NULL ? r->run->id : 0;
	snprintf(p->sel_repo, sizeof p->sel_repo, "%s", r->rr->repo);
}

static void
restore_selection(struct pipelines *p)
{
	const struct prow *r;
	size_t i, repo_at = SIZE_MAX;

	for (i = 0; i < p->nrows; i++) {
		r = &p->rows[i];
		if (strcmp(r->rr->repo, p->sel_repo) != 0)
			continue;
		if (repo_at == SIZE_MAX)
			repo_at = i;
		if (r->kind == p->sel_kind && (r->run == NULL ?
		    p->sel_run == 0 : r->run->id == p->sel_run)) {
			p->nav.sel = i;
			return;
		}
	}
	/* Filtered away: stay in the same repository if it is shown. */
	if (repo_at != SIZE_MAX)
		p->nav.sel = repo_at;
	else if (p->nav.sel >= p->nrows)
		p->nav.sel = p->nrows > 0 ? p->nrows - 1 : 0;
	if (p->sel_repo[0] == '\0')
		remember_selection(p);
}

/* The runlist's rows of set, with a git row under each repository that
 * has a local clone in git. The rows point into both sets. -1 when the
 * runlist cannot be built (out of memory). */
static int
build_rows(const struct pipelines *p, const struct snapset *set,
    const struct snapset *git, time_t now, struct prow **out, size_t *nout)
{
	const struct repo_runs **repos;
	struct runlist_row *rl = NULL;
	struct prow *rows;
	size_t i, nrl = 0, nrepos = snapset_count(set), k = 0;
	int rc;

	repos = xcalloc(nrepos + 1, sizeof *repos);
	for (i = 0; i < nrepos; i++)
		repos[i] = snap_data(snapset_at(set, i));
	rc = runlist_build(repos, nrepos, &p->filter, p->sort, now, &rl, &nrl);
	free(repos);
	if (rc != 0)
		return -1;
	rows = xcalloc(nrl + nrepos + 1, sizeof *rows);
	for (i = 0; i < nrl; i++) {
		rows[k].kind = (enum prow_kind)rl[i].kind;
		rows[k].rr = rl[i].rr;
		rows[k].run = rl[i].run;
		rows[k].nshown = rl[i].nshown;
		if (rl[i].kind != RL_REPO ||
		    (rows[k].git = snapset_find_data(git,
		    rl[i].rr->repo)) == NULL) {
			k++;
			continue;
		}
		rows[k + 1] = rows[k];	/* the clone's line under it */
		rows[k + 1].kind = PR_GIT;
		k += 2;
	}
	free(rl);
	*out = rows;
	*nout = k;
	return 0;
}

/* The rows again from the sets held (a new filter or sort). When that
 * fails the old rows stay: they point into the same sets. */
static int
rebuild(struct pipelines *p, time_t now)
{
	struct prow *rows;
	size_t n;

	if (build_rows(p, p->set, p->git, now, &rows, &n) != 0)
		return -1;
	free(p->rows);
	p->rows = rows;
	p->nrows = n;
	restore_selection(p);
	return 0;
}

static void
update_status(struct pipelines *p)
{
	size_t i, failing = 0, n = snapset_count(p->set);

	for (i = 0; i < n; i++)
		if (repo_runs_verdict(snap_data(snapset_at(p->set, i))) ==
		    VERDICT_FAILED)
			failing++;
	if (failing > 0)
		snprintf(p->status, sizeof p->status, "%zu failing", failing);
	else
		snprintf(p->status, sizeof p->status, "%zu repos", n);
}

/* New snapshots: the new rows are built before the old sets go, so that
 * when building fails the rows shown still point into live snapshots. */
static int
pipelines_on_data(void *priv, struct store *store)
{
	struct pipelines *p = priv;
	struct snapset *set = store_acquire(store, STORE_PIPELINES);
	struct snapset *git = store_acquire(store, STORE_GIT);
	time_t now = time(NULL);
	struct prow *rows;
	size_t n;

	/* A job's log or jobs arriving (its views' domain) leaves the list
	 * as it is: no rebuild for the same sets. */
	if (set == p->set && git == p->git) {
		store_release(&set);
		store_release(&git);
	} else if (build_rows(p, set, git, now, &rows, &n) == 0) {
		free(p->rows);
		p->rows = rows;
		p->nrows = n;
		store_release(&p->set);
		store_release(&p->git);
		p->set = set;
		p->git = git;
		restore_selection(p);
	} else {
		store_release(&set);
		store_release(&git);
		snprintf(p->note, sizeof p->note, "out of memory: the list "
		    "may be out of date");
	}
	view_stack_on_data(&p->views, store);
	update_status(p);
	return PANE_REDRAW;
}

/* The bottom row, when there is something to say: the prompt, or the
 * filter and sort in force. */
static int
draw_footer(struct pipelines *p, WINDOW *w, int y)
{
	char line[PROMPT_MAX + 128];
	size_t i, runs = 0;

	if (p->prompt.active) {
		prompt_draw(&p->prompt, w, y);
		return 1;
	}
	if (p->filter_error[0] != '\0') {
		draw_text(w, y, 0, p->filter_error, getmaxx(w), EL_ERROR);
		return 1;
	}
	if (p->note[0] != '\0') {
		draw_text(w, y, 0, p->note, getmaxx(w), EL_STALE);
		return 1;
	}
	if (p->filter.text == NULL && p->sort == RL_SORT_STATUS)
		return 0;
	for (i = 0; i < p->nrows; i++)
		runs += p->rows[i].kind == PR_RUN;
	snprintf(line, sizeof line, "%s%s%ssort: %s  %zu runs shown",
	    p->filter.text != NULL ? "filter: " : "",
	    p->filter.text != NULL ? p->filter.text : "",
	    p->filter.text != NULL ? "  " : "", runlist_sort_name(p->sort),
	    runs);
	draw_text(w, y, 0, line, getmaxx(w), EL_HINT);
	return 1;
}

static void
draw_list(struct pipelines *p, WINDOW *w, int focused, time_t now)
{
	int rows = getmaxy(w), cols = getmaxx(w), y;
	unsigned long sel = element_attr(EL_SELECTED);
	size_t i;

	p->shown = 0;
	if (rows > 1 && draw_footer(p, w, rows - 1))
		rows--;
	if (p->nrows == 0) {
		draw_text(w, 0, 1, p->filter.text != NULL ? "Nothing matches "
		    "the filter (Esc clears it)." :
		    "Waiting for the first poll...", cols - 2, EL_DIM);
		return;
	}
	/* After a resize or fewer rows, the room is used instead of leaving
	 * the first rows scrolled away. */
	listnav_fit(&p->nav, rows, p->nrows);
	for (y = 0, i = p->nav.top; i < p->nrows && y < rows; i++, y++) {
		pl_draw_row(w, y, &p->rows[i], cols >= PL_WIDE, now);
		if (focused && i == p->nav.sel)
			mvwchgat(w, y, 0, -1, (attr_t)(sel & ~A_COLOR),
			    (short)PAIR_NUMBER(sel), NULL);
	}
	p->shown = (size_t)y;
}

static void
pipelines_draw(void *priv, WINDOW *w, int focused, time_t now)
{
	struct pipelines *p = priv;

	if (view_stack_depth(&p->views) > 0)
		view_stack_draw(&p->views, w, now);
	else
		draw_list(p, w, focused, now);
}

static int
open_selected(struct pipelines *p)
{
	const struct prow *r;
	struct view_repo_args ra;
	struct view_run_args rn;
	int rc;

	if (p->nav.sel >= p->nrows)
		return 0;
	r = &p->rows[p->nav.sel];
	if (r->kind == PR_REPO || r->kind == PR_GIT) {
		ra.repo = r->rr->repo;
		rc = view_stack_push(&p->views, &view_repo_ops, &ra);
	} else if (r->kind == PR_RUN) {
		rn.repo = r->rr->repo;
		rn.run_id = r->run->id;
		rc = view_stack_push(&p->views, &view_run_ops, &rn);
	} else
		return 0;
	if (rc != 0)
		snprintf(p->note, sizeof p->note, "cannot open that");
	return PANE_HANDLED | PANE_REDRAW;
}

static int
list_key(struct pipelines *p, enum action a, int rows)
{
	p->note[0] = '\0';
	if (listnav_key(&p->nav, a, rows, p->nrows)) {
		remember_selection(p);
		return PANE_HANDLED | PANE_REDRAW;
	}
	switch (a) {
	case ACT_OPEN:
		return open_selected(p);
	case ACT_SEARCH:
		prompt_start(&p->prompt, "/", p->filter.text);
		p->filter_error[0] = '\0';
		return PANE_HANDLED | PANE_REDRAW;
	case ACT_BROWSE:
	case ACT_COPY:
		if (p->nav.sel < p->nrows && p->rows[p->nav.sel].run != NULL)
			term_url_action(a, p->rows[p->nav.sel].run->html_url,
			    p->note, sizeof p->note);
		else
			snprintf(p->note, sizeof p->note, "select a run first");
		return PANE_HANDLED | PANE_REDRAW;
	case ACT_SORT:
		p->sort = (p->sort + 1) % RL_SORT_COUNT;
		rebuild(p, time(NULL));
		return PANE_HANDLED | PANE_REDRAW;
	case ACT_BACK:
		if (p->filter.text == NULL && p->filter_error[0] == '\0')
			return 0;
		runlist_filter_done(&p->filter);
		p->filter_error[0] = '\0';
		rebuild(p, time(NULL));
		return PANE_HANDLED | PANE_REDRAW;
	default:
		return 0;
	}
}

/* The top view has the keys while there is one; Esc pops it. */
static int
pipelines_key(void *priv, enum action a, int rows)
{
	struct pipelines *p = priv;
	int r;

	if (a == ACT_ENVIRONMENTS)
		return view_env_open_on(&p->views);
	if (a == ACT_APPROVALS)
		return view_appr_open_on(&p->views);
	if (view_stack_depth(&p->views) == 0)
		r = list_key(p, a, rows);
	else
		r = view_stack_key(&p->views, a, rows);
	/* E is the previous error in a log; anywhere else (where nothing
	 * takes prev-error) it opens the environments, as issue 10 says. */
	if (r == 0 && a == ACT_PREV_ERROR)
		return view_env_open_on(&p->views);
	if (view_stack_depth(&p->views) == 0)
		p->note[0] = '\0';
	return r;
}

/* Filtering as the pattern is typed; one that does not compile (yet)
 * keeps the last good filter and says why. */
static void
apply_filter(struct pipelines *p, const char *text)
{
	char *cause = NULL;

	if (runlist_filter_set(&p->filter, text, &cause) != 0) {
		snprintf(p->filter_error, sizeof p->filter_error,
		    "bad pattern: %s", cause != NULL ? cause : "?");
		free(cause);
		return;
	}
	p->filter_error[0] = '\0';
	rebuild(p, time(NULL));
}

static int
pipelines_input(void *priv, int wc, int keycode)
{
	struct pipelines *p = priv;

	if (view_stack_depth(&p->views) > 0)
		return view_stack_input(&p->views, wc, keycode);
	switch (prompt_input(&p->prompt, wc, keycode)) {
	case PROMPT_IGNORED:
		return 0;
	case PROMPT_EDITED:
		apply_filter(p, p->prompt.buf);
		break;
	case PROMPT_ACCEPT:
		apply_filter(p, p->prompt.buf);
		break;
	case PROMPT_CANCEL:
		/* Esc clears the filter, as Esc on the list does. */
		p->filter_error[0] = '\0';
		apply_filter(p, "");
		break;
	}
	return PANE_HANDLED | PANE_REDRAW;
}

/* Seconds until an age, an elapsed time or a retry countdown on screen
 * changes; rows scrolled out of view do not count. */
static int
pipelines_tick(void *priv, time_t now)
{
	struct pipelines *p = priv;
	int best = -1, t;
	size_t i;

	if (view_stack_depth(&p->views) > 0)
		return view_stack_tick(&p->views, now);
	for (i = p->nav.top; i < p->nrows && i < p->nav.top + p->shown; i++) {
		t = pl_row_tick(&p->rows[i], now);
		if (t > 0 && (best < 0 || t < best))
			best = t;
	}
	return best;
}

static int
pipelines_work(void *priv)
{
	return view_stack_work(&((struct pipelines *)priv)->views);
}

static const char *
pipelines_status(void *priv)
{
	struct pipelines *p = priv;

	return view_stack_depth(&p->views) > 0 ?
	    view_stack_status(&p->views) : p->status;
}

static const struct view_ops *
pipelines_top_view(void *priv)
{
	return view_stack_top(&((struct pipelines *)priv)->views);
}

/* ":owner/name": that repository's view, over the list (the views open
 * before are closed: the jump is a new place, not a deeper one). */
static int
pipelines_jump(void *priv, const char *repo)
{
	struct pipelines *p = priv;
	struct view_repo_args ra;

	while (view_stack_depth(&p->views) > 0)
		view_stack_pop(&p->views);
	ra.repo = repo;
	return view_stack_push(&p->views, &view_repo_ops, &ra);
}

/* The header's data age: the oldest poll of any repository listed. */
static time_t
pipelines_data_time(void *priv)
{
	struct pipelines *p = priv;
	const struct repo_runs *rr;
	time_t oldest = 0;
	size_t i;

	for (i = 0; i < snapset_count(p->set); i++) {
		rr = snap_data(snapset_at(p->set, i));
		if (rr->fetched_at != 0 && (oldest == 0 ||
		    rr->fetched_at < oldest))
			oldest = rr->fetched_at;
	}
	return oldest;
}

/* F and X: the selected run, or the run view's (or the one under a log). */
static int
pipelines_target(void *priv, struct ui_target *t)
{
	struct pipelines *p = priv;
	const struct prow *r;

	if (view_stack_top(&p->views) == &view_env_ops) {
		const void *vp = p->views.v[p->views.n - 1].priv;

		memset(t, 0, sizeof *t);
		if (view_env_selection(vp, &t->repo, &t->environment) != 0)
			return -1;
		t->envs = view_env_selected_repo(vp);
		return 0;
	}
	if (view_stack_depth(&p->views) > 0)
		return view_stack_target(&p->views, t);
	if (p->nav.sel >= p->nrows)
		return -1;
	r = &p->rows[p->nav.sel];
	if (r->kind != PR_RUN || r->run == NULL)
		return -1;
	ui_target_from_run(t, r->rr->repo, r->run);
	return 0;
}

/* What the hints and the help offer here (the keys: the keymap). */
static const enum action pipelines_acts[] = {
	OD_MOTION_ACTS,
	ACT_OPEN,
	ACT_SEARCH,
	ACT_SORT,
	ACT_BROWSE,
	ACT_COPY,
	ACT_RERUN_FAILED,
	ACT_CANCEL_RUN,
};

const struct pane_ops pane_pipelines_ops = {
	.name = "pipelines",
	.title = "Pipelines",
	.domains = PANE_DOMAIN(STORE_PIPELINES) | PANE_DOMAIN(STORE_GIT) |
	    VIEWS_DOMAINS,
	.create = pipelines_create,
	.destroy = pipelines_destroy,
	.on_data = pipelines_on_data,
	.draw = pipelines_draw,
	.key = pipelines_key,
	.input = pipelines_input,
	.work = pipelines_work,
	.tick = pipelines_tick,
	.status = pipelines_status,
	.data_time = pipelines_data_time,
	.target = pipelines_target,
	.top_view = pipelines_top_view,
	.jump = pipelines_jump,
	.keys = pipelines_keys,
	.nkeys = sizeof pipelines_keys / sizeof pipelines_keys[0],
	.acts = pipelines_acts,
	.nacts = sizeof pipelines_acts / sizeof pipelines_acts[0],
};
