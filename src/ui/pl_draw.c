/* The rows of the pipelines list: a repository's summary, its local
 * clone, a workflow with its trend, a run. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "opsdeck/clock.h"
#include "opsdeck/gitrepo.h"
#include "opsdeck/layout.h"
#include "opsdeck/text.h"
#include "pipelines.h"

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

/* Columns line takes once sanitised, at most max. */
static int
shown_width(const char *line, int max)
{
	char *clean = text_sanitize(line, strlen(line), text_out_flags());
	int wd = clean != NULL ? text_width(clean) : max;

	free(clean);
	return wd < max ? wd : max;
}

/* "  git main @1a2b3c4 2 changed 1 untracked +1 -0 origin/main  HEAD
 * CI succeeded": what is checked out, and whether it is green. */
static void
draw_git(WINDOW *w, int y, int cols, const struct prow *row)
{
	const struct git_snapshot *g = row->git;
	enum verdict v;
	char line[256], tree[48], up[96];
	size_t n;
	int x;

	x = draw_text(w, y, 2, "git ", 4, EL_DIM) + 2;
	if (g->error != NULL) {
		draw_text(w, y, x, g->error, cols - x, EL_ERROR);
		return;
	}
	gitrepo_tree_words(g, tree, sizeof tree);
	if (g->upstream != NULL && g->ahead >= 0)
		snprintf(up, sizeof up, "  +%d -%d %s", g->ahead, g->behind,
		    g->upstream);
	else
		snprintf(up, sizeof up, "  no upstream");
	snprintf(line, sizeof line, "%s @%.7s  %s%s  HEAD CI ",
	    g->detached ? "(detached)" : g->branch != NULL ? g->branch : "?",
	    g->head_sha, tree, up);
	x += draw_text(w, y, x, line, shown_width(line, cols - x), EL_NORMAL);
	v = repo_runs_sha_verdict(row->rr, g->head_sha, &n);
	draw_text(w, y, x, n > 0 ? verdict_word(v) : "none", cols - x,
	    n > 0 ? draw_verdict_element(v) : EL_DIM);
}

/* Eight heights of the last runs' durations; ASCII where the terminal's
 * charset is not UTF-8. */
static void
sparkline(char *dst, size_t size, const struct runlist_trend *t)
{
	static const char *const utf8[8] = { "\xe2\x96\x81", "\xe2\x96\x82",
	    "\xe2\x96\x83", "\xe2\x96\x84", "\xe2\x96\x85", "\xe2\x96\x86",
	    "\xe2\x96\x87", "\xe2\x96\x88" };
	static const char ascii[] = "_.-~=+*#";
	int i, lvl, u = !draw_ascii();
	long long max = 1;
	size_t n = 0;

	dst[0] = '\0';
	for (i = 0; i < t->nruns; i++)
		if (t->seconds[i] > max)
			max = t->seconds[i];
	for (i = 0; i < t->nruns && n + 4 < size; i++) {
		lvl = (int)(t->seconds[i] * 7 / max);
		if (u) {
			memcpy(dst + n, utf8[lvl], 3);
			n += 3;
		} else
			dst[n++] = ascii[lvl];
		dst[n] = '\0';
	}
}

static void
draw_workflow(WINDOW *w, int y, int cols, const struct prow *row, int wide,
    time_t now)
{
	const struct run *r = row->run;
	enum verdict v = verdict_of(r->status, r->conclusion);
	struct runlist_trend t;
	char line[160], spark[RUNLIST_TREND * 3 + 1];
	int x;

	x = draw_text(w, y, 2, verdict_glyph(v), 2, draw_verdict_element(v)) + 2;
	x += draw_text(w, y, x, r->name != NULL ? r->name : "(workflow)", 24,
	    EL_REPO);
	snprintf(line, sizeof line, " %zu run%s", row->nshown,
	    row->nshown == 1 ? "" : "s");
	x += draw_text(w, y, x, line, 9, EL_DIM);
	if (!wide || x >= cols)
		return;
	runlist_trend(row->rr, r, now, &t);
	if (t.nruns == 0)
		return;
	snprintf(line, sizeof line, " %3d%% ok of last %-2d ",
	    t.nsucceeded * 100 / t.nruns, t.nruns);
	x += draw_text(w, y, x, line, 20, t.nsucceeded == t.nruns ?
	    EL_RUN_SUCCEEDED : EL_STALE);
	sparkline(spark, sizeof spark, &t);
	draw_text(w, y, x, spark, cols - x, EL_NORMAL);
}

enum { COL_STATUS, COL_TITLE, COL_BRANCH, COL_EVENT, COL_TIME,
    COL_ACTOR, COL_AGE, COL_COUNT };

/* Screen order; prio says what stays when the pane narrows: the verdict,
 * the title and the age longest, the actor first to go. */
static const struct column_spec run_columns[COL_COUNT] = {
	[COL_STATUS] = { 12, 14, 9 },
	[COL_TITLE] = { 10, 40, 8 },
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
	char status[32], dur[16], age[16], cell[16], title[320];
	int width[COL_COUNT], x = 4;

	if (r->njobs_total >= 0 && !run_completed(r))
		snprintf(status, sizeof status, "%s %s %d/%d", verdict_glyph(v),
		    verdict_word(v), r->njobs_done, r->njobs_total);
	else
		snprintf(status, sizeof status, "%s %s", verdict_glyph(v),
		    verdict_word(v));
	snprintf(title, sizeof title, "#%d %s", r->run_number,
	    r->display_title != NULL ? r->display_title : "");
	clock_format_duration(dur, sizeof dur, run_seconds(r, now));
	clock_format_span(age, sizeof age, (long long)(now - r->created_at));
	layout_columns(run_columns, COL_COUNT, cols - x, width);
	x += draw_text(w, y, x, status, width[COL_STATUS],
	    draw_verdict_element(v));
	x += width[COL_STATUS] > 0;
	x += draw_text(w, y, x, title, width[COL_TITLE], EL_NORMAL);
	x += width[COL_TITLE] > 0;
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
		draw_text(w, y, x, cell, width[COL_AGE], EL_DIM);
	}
}

void
pl_draw_row(WINDOW *w, int y, const struct prow *row, int wide, time_t now)
{
	int cols = getmaxx(w);

	switch (row->kind) {
	case PR_REPO:
		draw_repo(w, y, cols, row->rr, now);
		break;
	case PR_GIT:
		draw_git(w, y, cols, row);
		break;
	case PR_WORKFLOW:
		draw_workflow(w, y, cols, row, wide, now);
		break;
	case PR_RUN:
		draw_run(w, y, cols, row->run, now);
		break;
	}
}

int
pl_row_tick(const struct prow *row, time_t now)
{
	const struct run *r = row->run;
	int t;

	switch (row->kind) {
	case PR_REPO:
		return !row->rr->stale ? -1 : draw_countdown_tick(
		    (long long)(row->rr->retry_at - now));
	case PR_RUN:
		t = draw_span_tick((long long)(now - r->created_at));
		if (!run_completed(r) && draw_duration_tick(
		    run_seconds(r, now)) < t)
			t = draw_duration_tick(run_seconds(r, now));
		return t;
	default:
		return -1;
	}
}
