/* The pipelines pane: every repository's runs grouped by workflow, failing
 * first, with a filter (/) and sort keys (s); Enter opens a repository's
 * detail view. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "draw.h"
#include "opsdeck/gitrepo.h"
#include "opsdeck/joblog.h"
#include "opsdeck/pane.h"
#include "opsdeck/run.h"
#include "opsdeck/store.h"
#include "opsdeck/ui.h"
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
pipelines_create(const struct ui_opts *o)
{
	struct pipelines *p = calloc(1, sizeof *p);

	if (p != NULL)
		p->o = o;
	return p;
}

static void
pipelines_destroy(void *priv)
{
	struct pipelines *p = priv;

	view_log_close(p);
	joblog_mask_free(&p->lv.mask);
	view_run_close(p);
	store_release(&p->set);
	store_release(&p->git);
	store_release(&p->detail);
	runlist_filter_done(&p->filter);
	textview_done(&p->tv);
	free(p->rows);
	free(p);
}

static void
remember_selection(struct pipelines *p)
{
	const struct prow *r;

	if (p->sel >= p->nrows)
		return;
	r = &p->rows[p->sel];
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
			p->sel = i;
			return;
		}
	}
	/* Filtered away: stay in the same repository if it is shown. */
	if (repo_at != SIZE_MAX)
		p->sel = repo_at;
	else if (p->sel >= p->nrows)
		p->sel = p->nrows > 0 ? p->nrows - 1 : 0;
	if (p->sel_repo[0] == '\0')
		remember_selection(p);
}

/* The runlist's rows, with a git row under each repository that has a
 * local clone. */
static int
rebuild(struct pipelines *p, time_t now)
{
	const struct repo_runs **repos;
	struct runlist_row *rl = NULL;
	struct prow *rows;
	size_t i, n, nrl = 0, nrepos = snapset_count(p->set), k = 0;

	if ((repos = calloc(nrepos + 1, sizeof *repos)) == NULL)
		return -1;
	for (i = 0; i < nrepos; i++)
		repos[i] = snap_data(snapset_at(p->set, i));
	if (runlist_build(repos, nrepos, &p->filter, p->sort, now, &rl,
	    &nrl) != 0) {
		free(repos);
		return -1;
	}
	free(repos);
	n = nrl + nrepos;
	if ((rows = calloc(n + 1, sizeof *rows)) == NULL) {
		free(rl);
		return -1;
	}
	for (i = 0; i < nrl; i++) {
		rows[k].kind = (enum prow_kind)rl[i].kind;
		rows[k].rr = rl[i].rr;
		rows[k].run = rl[i].run;
		rows[k].nshown = rl[i].nshown;
		if (rl[i].kind != RL_REPO ||
		    (rows[k].git = snapset_find_data(p->git,
		    rl[i].rr->repo)) == NULL) {
			k++;
			continue;
		}
		rows[k + 1] = rows[k];	/* the clone's line under it */
		rows[k + 1].kind = PR_GIT;
		k += 2;
	}
	free(rl);
	/* The selection is remembered by identity when it moves: the old
	 * rows may point into snapshots already released. */
	free(p->rows);
	p->rows = rows;
	p->nrows = k;
	restore_selection(p);
	return 0;
}

static void
update_status(struct pipelines *p)
{
	size_t i, failing = 0, n = snapset_count(p->set);
	const struct run *r = p->rv.run;
	char run[64];

	snprintf(run, sizeof run, "run #%d", r != NULL ? r->run_number : 0);
	for (i = 0; i < n; i++)
		if (repo_runs_verdict(snap_data(snapset_at(p->set, i))) ==
		    VERDICT_FAILED)
			failing++;
	if (p->mode == PL_REPO)
		snprintf(p->status, sizeof p->status, "%s > repository",
		    p->view_repo);
	else if (p->mode == PL_RUN)
		snprintf(p->status, sizeof p->status, "%s > %s", p->rv.repo,
		    run);
	else if (p->mode == PL_LOG)
		snprintf(p->status, sizeof p->status, "%s > %s > %s",
		    p->rv.repo, run, p->lv.job);
	else if (failing > 0)
		snprintf(p->status, sizeof p->status, "%zu failing", failing);
	else
		snprintf(p->status, sizeof p->status, "%zu repos", n);
}

static void
build_view(struct pipelines *p, time_t now)
{
	if (p->mode == PL_REPO)
		view_repo_build(&p->tv, p->view_repo,
		    snapset_find_data(p->set, p->view_repo),
		    snapset_find_data(p->git, p->view_repo), now);
}

static int
pipelines_on_data(void *priv, struct store *store)
{
	struct pipelines *p = priv;
	time_t now = time(NULL);

	store_release(&p->set);
	store_release(&p->git);
	store_release(&p->detail);
	p->set = store_acquire(store, STORE_PIPELINES);
	p->git = store_acquire(store, STORE_GIT);
	p->detail = store_acquire(store, STORE_DETAIL);
	if (rebuild(p, now) != 0)
		snprintf(p->note, sizeof p->note, "out of memory: the list "
		    "may be out of date");
	build_view(p, now);
	if (p->mode == PL_RUN || p->mode == PL_LOG)
		view_run_on_data(p);
	if (p->mode == PL_LOG)
		view_log_on_data(p);
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
	/* After a resize or fewer rows, use the room instead of leaving the
	 * first rows scrolled away. */
	if (rows > 0 && p->top + (size_t)rows > p->nrows)
		p->top = p->nrows > (size_t)rows ? p->nrows - (size_t)rows : 0;
	if (p->sel < p->top)
		p->top = p->sel;
	if (rows > 0 && p->sel >= p->top + (size_t)rows)
		p->top = p->sel - (size_t)rows + 1;
	for (y = 0, i = p->top; i < p->nrows && y < rows; i++, y++) {
		pl_draw_row(w, y, &p->rows[i], cols >= PL_WIDE, now);
		if (focused && i == p->sel)
			mvwchgat(w, y, 0, -1, (attr_t)(sel & ~A_COLOR),
			    (short)PAIR_NUMBER(sel), NULL);
	}
	p->shown = (size_t)y;
}

static void
pipelines_draw(void *priv, WINDOW *w, int focused, time_t now)
{
	struct pipelines *p = priv;

	switch (p->mode) {
	case PL_REPO:
		textview_draw(&p->tv, w);
		break;
	case PL_RUN:
		view_run_draw(p, w, now);
		break;
	case PL_LOG:
		view_log_draw(p, w);
		break;
	default:
		draw_list(p, w, focused, now);
		break;
	}
}

static int
move_selection(struct pipelines *p, enum action a, int rows)
{
	size_t page = rows > 1 ? (size_t)rows - 1 : 1, last;

	if (p->nrows == 0)
		return 0;
	last = p->nrows - 1;
	switch (a) {
	case ACT_DOWN:
		p->sel = p->sel < last ? p->sel + 1 : last;
		break;
	case ACT_UP:
		p->sel = p->sel > 0 ? p->sel - 1 : 0;
		break;
	case ACT_PAGE_DOWN:
		p->sel = p->sel + page < last ? p->sel + page : last;
		break;
	case ACT_PAGE_UP:
		p->sel = p->sel > page ? p->sel - page : 0;
		break;
	case ACT_TOP:
		p->sel = 0;
		break;
	case ACT_BOTTOM:
		p->sel = last;
		break;
	default:
		return 0;
	}
	remember_selection(p);
	return PANE_HANDLED | PANE_REDRAW;
}

static int
open_selected(struct pipelines *p)
{
	const struct prow *r;

	if (p->sel >= p->nrows)
		return 0;
	r = &p->rows[p->sel];
	if (r->kind == PR_REPO || r->kind == PR_GIT) {
		snprintf(p->view_repo, sizeof p->view_repo, "%s", r->rr->repo);
		p->mode = PL_REPO;
		p->tv.top = 0;
		build_view(p, time(NULL));
		update_status(p);
		return PANE_HANDLED | PANE_REDRAW;
	}
	if (r->kind == PR_RUN) {
		view_run_open(p, r->rr, r->run);
		update_status(p);
		return PANE_HANDLED | PANE_REDRAW;
	}
	return 0;
}

static int
list_key(struct pipelines *p, enum action a, int rows)
{
	int moved;

	p->note[0] = '\0';
	switch (a) {
	case ACT_OPEN:
		return open_selected(p);
	case ACT_SEARCH:
		prompt_start(&p->prompt, "/", p->filter.text);
		p->filter_error[0] = '\0';
		return PANE_HANDLED | PANE_REDRAW;
	case ACT_BROWSE:
	case ACT_COPY:
		if (p->sel < p->nrows && p->rows[p->sel].run != NULL)
			pl_url_action(a, p->rows[p->sel].run->html_url,
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
		moved = move_selection(p, a, rows);
		return moved;
	}
}

/* Esc goes back one level: log, run, list. */
static int
back(struct pipelines *p)
{
	if (p->mode == PL_LOG) {
		view_log_close(p);
		p->mode = PL_RUN;
	} else {
		view_run_close(p);
		p->mode = PL_LIST;
	}
	p->note[0] = '\0';
	update_status(p);
	return PANE_HANDLED | PANE_REDRAW;
}

static int
pipelines_key(void *priv, enum action a, int rows)
{
	struct pipelines *p = priv;
	int r;

	switch (p->mode) {
	case PL_LIST:
		return list_key(p, a, rows);
	case PL_RUN:
		r = view_run_key(p, a, rows);
		if (p->mode == PL_LOG)
			update_status(p);
		break;
	case PL_LOG:
		r = view_log_key(p, a, rows);
		break;
	default:
		r = textview_key(&p->tv, a, rows) ? PANE_HANDLED |
		    PANE_REDRAW : 0;
		break;
	}
	if (r == 0 && a == ACT_BACK)
		return back(p);
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

	if (p->mode == PL_LOG)
		return view_log_input(p, wc, keycode);
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

	if (p->mode == PL_RUN)
		return view_run_tick(p, now);
	if (p->mode != PL_LIST)
		return -1;
	for (i = p->top; i < p->nrows && i < p->top + p->shown; i++) {
		t = pl_row_tick(&p->rows[i], now);
		if (t > 0 && (best < 0 || t < best))
			best = t;
	}
	return best;
}

static int
pipelines_work(void *priv)
{
	return view_log_work(priv);
}

/* o and y on a run or a job: the URL is remote text, checked first. */
int
pl_url_action(enum action a, const char *url, char *msg, size_t size)
{
	const char *why = NULL;

	if (url == NULL || *url == '\0') {
		snprintf(msg, size, "no URL for this");
		return -1;
	}
	if (a == ACT_COPY && term_copy(STDOUT_FILENO, url, &why) == 0) {
		snprintf(msg, size, "copied %s", url);
		return 0;
	}
	if (a == ACT_BROWSE && term_open(url, &why) == 0) {
		snprintf(msg, size, "opened %s", url);
		return 0;
	}
	snprintf(msg, size, "%s", why);
	return -1;
}

static const char *
pipelines_status(void *priv)
{
	return ((struct pipelines *)priv)->status;
}

const struct pane_ops pane_pipelines_ops = {
	.name = "pipelines",
	.title = "Pipelines",
	.create = pipelines_create,
	.destroy = pipelines_destroy,
	.on_data = pipelines_on_data,
	.draw = pipelines_draw,
	.key = pipelines_key,
	.input = pipelines_input,
	.work = pipelines_work,
	.tick = pipelines_tick,
	.status = pipelines_status,
	.keys = pipelines_keys,
	.nkeys = sizeof pipelines_keys / sizeof pipelines_keys[0],
};
