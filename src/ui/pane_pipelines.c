/* The pipelines pane: every repository's runs, failing first, grouped by
 * repository with a summary line each. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "opsdeck/clock.h"
#include "opsdeck/layout.h"
#include "opsdeck/pane.h"
#include "opsdeck/run.h"
#include "opsdeck/store.h"

struct row {
	const struct repo_runs	*rr;
	const struct run	*run;	/* NULL: the repository's line */
};

struct pipelines {
	struct snapset	*set;
	struct row	*rows;
	size_t		 nrows;
	size_t		 sel;
	size_t		 top;
	size_t		 shown;		/* rows drawn from top: what ticks */
	int64_t		 sel_run;	/* keeps the selection across polls */
	char		 sel_repo[256];
	char		 status[64];
};

static void *
pipelines_create(void)
{
	return calloc(1, sizeof(struct pipelines));
}

static void
pipelines_destroy(void *priv)
{
	struct pipelines *p = priv;

	store_release(&p->set);
	free(p->rows);
	free(p);
}

static void
remember_selection(struct pipelines *p)
{
	const struct row *r;

	if (p->sel >= p->nrows)
		return;
	r = &p->rows[p->sel];
	p->sel_run = r->run != NULL ? r->run->id : 0;
	snprintf(p->sel_repo, sizeof p->sel_repo, "%s", r->rr->repo);
}

static void
restore_selection(struct pipelines *p)
{
	size_t i;

	for (i = 0; i < p->nrows; i++) {
		if (strcmp(p->rows[i].rr->repo, p->sel_repo) != 0)
			continue;
		if ((p->sel_run == 0 && p->rows[i].run == NULL) ||
		    (p->rows[i].run != NULL && p->rows[i].run->id == p->sel_run)) {
			p->sel = i;
			return;
		}
	}
	if (p->sel >= p->nrows)
		p->sel = p->nrows > 0 ? p->nrows - 1 : 0;
}

/* Failing repositories first, then by name (the snapset is by name). */
static int
repo_cmp(const void *a, const void *b)
{
	const struct repo_runs *ra = *(const struct repo_runs *const *)a;
	const struct repo_runs *rb = *(const struct repo_runs *const *)b;
	enum verdict va = repo_runs_verdict(ra), vb = repo_runs_verdict(rb);

	if (va != vb)
		return va < vb ? -1 : 1;
	return strcmp(ra->repo, rb->repo);
}

static int
pipelines_on_data(void *priv, struct store *store)
{
	struct pipelines *p = priv;
	struct snapset *set = store_acquire(store, STORE_PIPELINES);
	const struct repo_runs *rr, **repos;
	struct row *rows;
	size_t i, j, n = 0, failing = 0, nrepos = snapset_count(set);

	for (i = 0; i < snapset_count(set); i++)
		n += 1 + ((const struct repo_runs *)snap_data(
		    snapset_at(set, i)))->nruns;
	rows = calloc(n > 0 ? n : 1, sizeof *rows);
	repos = calloc(nrepos > 0 ? nrepos : 1, sizeof *repos);
	if (rows == NULL || repos == NULL) {
		free(rows);
		free(repos);
		store_release(&set);
		return 0;
	}
	for (i = 0; i < nrepos; i++)
		repos[i] = snap_data(snapset_at(set, i));
	qsort(repos, nrepos, sizeof *repos, repo_cmp);
	remember_selection(p);
	n = 0;
	for (i = 0; i < nrepos; i++) {
		rr = repos[i];
		rows[n++].rr = rr;
		if (repo_runs_verdict(rr) == VERDICT_FAILED)
			failing++;
		for (j = 0; j < rr->nruns; j++) {
			rows[n].rr = rr;
			rows[n++].run = &rr->runs[j];
		}
	}
	free(repos);
	free(p->rows);
	store_release(&p->set);
	p->rows = rows;
	p->nrows = n;
	p->set = set;
	restore_selection(p);
	if (failing > 0)
		snprintf(p->status, sizeof p->status, "%zu failing", failing);
	else
		snprintf(p->status, sizeof p->status, "%zu repos",
		    snapset_count(set));
	return PANE_REDRAW;
}

static int
run_completed(const struct run *r)
{
	return r->status != NULL && strcmp(r->status, "completed") == 0;
}

static long long
run_seconds(const struct run *r, time_t now)
{
	time_t start = r->run_started_at != 0 ? r->run_started_at :
	    r->created_at, end;

	end = run_completed(r) ? r->updated_at : now;
	return start != 0 && end > start ? (long long)(end - start) : 0;
}

static void
draw_repo(WINDOW *w, int y, int cols, const struct repo_runs *rr, time_t now)
{
	enum verdict v = repo_runs_verdict(rr);
	char line[256], span[16];
	size_t i, failing = 0, running = 0;
	int x;

	for (i = 0; i < rr->nruns; i++) {
		switch (verdict_of(rr->runs[i].status, rr->runs[i].conclusion)) {
		case VERDICT_FAILED:
			failing++;
			break;
		case VERDICT_RUNNING:
		case VERDICT_QUEUED:
			running++;
			break;
		default:
			break;
		}
	}
	snprintf(line, sizeof line, "%s %-9s", verdict_glyph(v),
	    verdict_word(v));
	x = draw_text(w, y, 0, line, 12, draw_verdict_element(v));
	x += draw_text(w, y, x, rr->repo, 28, EL_REPO);
	if (!rr->stale && rr->error != NULL) {
		snprintf(line, sizeof line, " error: %s", rr->error);
		draw_text(w, y, x, line, cols - x, EL_ERROR);
		return;
	}
	if (!rr->stale) {
		snprintf(line, sizeof line, " %zu runs, %zu failing, "
		    "%zu active", rr->nruns, failing, running);
		draw_text(w, y, x, line, cols - x, EL_DIM);
		return;
	}
	/* Why the data is old matters more than the counts. */
	if (rr->retry_at > now) {
		clock_format_span(span, sizeof span,
		    (long long)(rr->retry_at - now));
		snprintf(line, sizeof line, " stale: %s (retry in %s)",
		    rr->error != NULL ? rr->error : "", span);
	} else
		snprintf(line, sizeof line, " stale: %s",
		    rr->error != NULL ? rr->error : "cached");
	draw_text(w, y, x, line, cols - x, EL_STALE);
}

enum { COL_STATUS, COL_WORKFLOW, COL_BRANCH, COL_EVENT, COL_TIME,
    COL_ACTOR, COL_AGE, COL_COUNT };

/* Screen order; prio says what stays when the pane narrows: the verdict,
 * the workflow and the age longest, the actor first to go. */
static const struct column_spec run_columns[COL_COUNT] = {
	[COL_STATUS] = { 12, 14, 9 },
	[COL_WORKFLOW] = { 10, 20, 8 },
	[COL_BRANCH] = { 8, 18, 6 },
	[COL_EVENT] = { 6, 12, 3 },
	[COL_TIME] = { 6, 8, 4 },
	[COL_ACTOR] = { 8, 12, 2 },
	[COL_AGE] = { 4, 4, 7 },
};

static void
draw_run(WINDOW *w, int y, int cols, const struct run *r, time_t now)
{
	enum verdict v = verdict_of(r->status, r->conclusion);
	char status[32], dur[16], age[16], cell[16];
	int width[COL_COUNT], x = 2, used;

	if (r->njobs_total >= 0 && !run_completed(r))
		snprintf(status, sizeof status, "%s %s %d/%d", verdict_glyph(v),
		    verdict_word(v), r->njobs_done, r->njobs_total);
	else
		snprintf(status, sizeof status, "%s %s", verdict_glyph(v),
		    verdict_word(v));
	clock_format_duration(dur, sizeof dur, run_seconds(r, now));
	clock_format_span(age, sizeof age, (long long)(now - r->created_at));
	used = layout_columns(run_columns, COL_COUNT, cols - x, width);
	x += draw_text(w, y, x, status, width[COL_STATUS],
	    draw_verdict_element(v));
	x += width[COL_STATUS] > 0;
	x += draw_text(w, y, x, r->name != NULL ? r->name : "(workflow)",
	    width[COL_WORKFLOW], EL_NORMAL);
	x += width[COL_WORKFLOW] > 0;
	x += draw_text(w, y, x, r->head_branch, width[COL_BRANCH], EL_DIM);
	x += width[COL_BRANCH] > 0;
	x += draw_text(w, y, x, r->event, width[COL_EVENT], EL_DIM);
	x += width[COL_EVENT] > 0;
	/* Times are ours, not remote text: right-aligned numbers. */
	if (width[COL_TIME] > 0) {
		snprintf(cell, sizeof cell, "%*s", width[COL_TIME], dur);
		x += draw_text(w, y, x, cell, width[COL_TIME], EL_NORMAL) + 1;
	}
	x += draw_text(w, y, x, r->actor, width[COL_ACTOR], EL_DIM);
	x += width[COL_ACTOR] > 0;
	if (width[COL_AGE] > 0) {
		snprintf(cell, sizeof cell, "%*s", width[COL_AGE], age);
		x += draw_text(w, y, x, cell, width[COL_AGE], EL_DIM) + 1;
	}
	/* What is left shows the run's title. */
	if (used + 3 < cols - 2 && x < cols)
		draw_text(w, y, x, r->display_title, cols - x, EL_NORMAL);
}

static void
pipelines_draw(void *priv, WINDOW *w, int focused, time_t now)
{
	struct pipelines *p = priv;
	int rows = getmaxy(w), cols = getmaxx(w), y;
	unsigned long sel = element_attr(EL_SELECTED);
	size_t i;

	p->shown = 0;
	if (p->nrows == 0) {
		draw_text(w, 0, 1, "Waiting for the first poll...", cols - 2,
		    EL_DIM);
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
		if (p->rows[i].run == NULL)
			draw_repo(w, y, cols, p->rows[i].rr, now);
		else
			draw_run(w, y, cols, p->rows[i].run, now);
		if (focused && i == p->sel)
			mvwchgat(w, y, 0, -1, (attr_t)(sel & ~A_COLOR),
			    (short)PAIR_NUMBER(sel), NULL);
	}
	p->shown = (size_t)y;
}

static int
pipelines_key(void *priv, enum action a, int rows)
{
	struct pipelines *p = priv;
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

/* Seconds until an age, an elapsed time or a retry countdown on screen
 * changes; rows scrolled out of view do not count. */
static int
pipelines_tick(void *priv, time_t now)
{
	struct pipelines *p = priv;
	const struct row *row;
	const struct run *r;
	int best = -1, t;
	size_t i;

	for (i = p->top; i < p->nrows && i < p->top + p->shown; i++) {
		row = &p->rows[i];
		if ((r = row->run) == NULL)
			t = !row->rr->stale ? -1 : draw_countdown_tick(
			    (long long)(row->rr->retry_at - now));
		else {
			t = draw_span_tick((long long)(now - r->created_at));
			if (!run_completed(r) && draw_duration_tick(
			    run_seconds(r, now)) < t)
				t = draw_duration_tick(run_seconds(r, now));
		}
		if (t > 0 && (best < 0 || t < best))
			best = t;
	}
	return best;
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
	.tick = pipelines_tick,
	.status = pipelines_status,
};
