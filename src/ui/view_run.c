/* The run view (Enter on a run): the run's facts, its jobs (status,
 * duration, runner), its review history (who approved or rejected which
 * environment, and what they said), and the steps of the selected job.
 * Jobs and reviews come from sources/detail on request; while they load,
 * the jobs the poll fetched (if any) stand in. Enter on a job stacks its
 * log. The run is found by repository and id in STORE_PIPELINES, so any
 * pane can open it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "opsdeck/clock.h"
#include "opsdeck/deploy.h"
#include "opsdeck/detailmodel.h"
#include "opsdeck/listnav.h"
#include "opsdeck/run.h"
#include "opsdeck/store.h"
#include "opsdeck/ui.h"
#include "opsdeck/xalloc.h"
#include "term.h"
#include "views.h"

/* The run's facts and a message line above the jobs. */
#define RUN_HEAD	4
/* Reviews shown between the jobs and the steps: the newest few. */
#define RUN_REVIEWS	4

struct run_view {
	struct view_stack *stack;
	char		*repo;
	int64_t		 run_id;
	struct snap	*runs;		/* ref on the repo's runs snapshot */
	const struct run *run;		/* in runs */
	struct snap	*jobs_snap;	/* ref on "jobs:..." in STORE_DETAIL */
	const struct detailmodel_jobs *dj;
	struct listnav	 nav;		/* the selected job */
	int64_t		 sel_job;
	int		 asked;		/* jobs requested for this poll */
	char		 msg[600];	/* what o or y did */
	char		 status[300];
};

static void
jobs(const struct run_view *v, const struct job **j, size_t *n)
{
	if (v->dj != NULL && (v->dj->njobs > 0 || v->dj->fetched_at != 0)) {
		*j = v->dj->jobs;
		*n = v->dj->njobs;
	} else if (v->run != NULL) {
		*j = v->run->jobs;
		*n = v->run->njobs;
	} else {
		*j = NULL;
		*n = 0;
	}
}

/* Jobs of a run still moving are asked for again after each poll of its
 * repository (a 304 when nothing changed). */
static void
ask(struct run_view *v)
{
	const struct ui_sources *src = &v->stack->o->src;

	if (src->want_jobs == NULL)
		return;
	src->want_jobs(src->arg, v->repo, v->run_id);
	v->asked = 1;
}

static void
take_jobs(struct run_view *v, struct store *store)
{
	struct snapset *detail = store_acquire(store, STORE_DETAIL);
	const struct job *j;
	struct snap *s;
	char key[300];
	size_t n, i;

	snap_unref(&v->jobs_snap);
	v->dj = NULL;
	if (detailmodel_jobs_key(key, sizeof key, v->repo, v->run_id) == 0 &&
	    (s = snapset_find(detail, key)) != NULL) {
		v->jobs_snap = snap_ref(s);
		v->dj = snap_data(s);
	}
	store_release(&detail);
	jobs(v, &j, &n);
	/* Keep the selected job by id; else the first that failed. */
	for (i = 0; i < n; i++)
		if (j[i].id == v->sel_job) {
			v->nav.sel = i;
			return;
		}
	v->nav.sel = 0;
	for (i = 0; i < n; i++)
		if (verdict_of(j[i].status, j[i].conclusion) ==
		    VERDICT_FAILED) {
			v->nav.sel = i;
			break;
		}
	v->sel_job = n > 0 ? j[v->nav.sel].id : 0;
}

static void
run_on_data(void *priv, struct store *store)
{
	struct run_view *v = priv;
	struct snapset *set = store_acquire(store, STORE_PIPELINES);
	struct snap *s = snapset_find(set, v->repo);
	const struct repo_runs *rr;
	size_t i;

	/* The newest poll of the repository, if the run is still in it;
	 * else the snapshot that had it stays. */
	if (s != NULL && s != v->runs) {
		rr = snap_data(s);
		for (i = 0; i < rr->nruns; i++)
			if (rr->runs[i].id == v->run_id)
				break;
		if (i < rr->nruns) {
			snap_unref(&v->runs);
			v->runs = snap_ref(s);
			v->run = &rr->runs[i];
			if (!run_completed(v->run))
				v->asked = 0;
		}
	}
	store_release(&set);
	take_jobs(v, store);
	if (!v->asked && v->run != NULL && !run_completed(v->run))
		ask(v);
}

static void *
run_open(struct view_stack *s, const void *args)
{
	const struct view_run_args *a = args;
	struct run_view *v = xcalloc(1, sizeof *v);

	v->stack = s;
	v->repo = xstrdup(a->repo);
	v->run_id = a->run_id;
	run_on_data(v, s->store);
	ask(v);
	return v;
}

static void
run_close(void *priv)
{
	struct run_view *v = priv;

	snap_unref(&v->runs);
	snap_unref(&v->jobs_snap);
	free(v->repo);
	free(v);
}

static void
draw_head(struct run_view *v, WINDOW *w, int cols, time_t now)
{
	const struct run *r = v->run;
	enum verdict vd;
	char line[512], dur[16];

	if (r == NULL) {
		draw_text(w, 0, 1, "(run not in the list any more)", cols - 1,
		    EL_DIM);
		return;
	}
	vd = verdict_of(r->status, r->conclusion);
	clock_format_duration(dur, sizeof dur, run_seconds(r, now));
	snprintf(line, sizeof line, "%s %s  %s #%d  %s", verdict_glyph(vd),
	    verdict_word(vd), r->name != NULL ? r->name : "(workflow)",
	    r->run_number, dur);
	draw_text(w, 0, 1, line, cols - 1, draw_verdict_element(vd));
	snprintf(line, sizeof line, "%s  on %s by %s (%s), attempt %d",
	    r->display_title != NULL ? r->display_title : "",
	    r->head_branch != NULL ? r->head_branch : "?",
	    r->actor != NULL ? r->actor : "?", r->event != NULL ? r->event :
	    "?", r->run_attempt);
	draw_text(w, 1, 1, line, cols - 1, EL_NORMAL);
	draw_text(w, 2, 1, r->html_url, cols - 1, EL_DIM);
}

static void
draw_job(WINDOW *w, int y, int cols, const struct job *j, int selected,
    time_t now)
{
	enum verdict vd = verdict_of(j->status, j->conclusion);
	char st[32], dur[16], steps[16];
	size_t k, done = 0;
	int x;

	for (k = 0; k < j->nsteps; k++)
		done += j->steps[k].status != NULL &&
		    strcmp(j->steps[k].status, "completed") == 0;
	snprintf(st, sizeof st, "%s %s", verdict_glyph(vd), verdict_word(vd));
	clock_format_duration(dur, sizeof dur, job_seconds(j, now));
	snprintf(steps, sizeof steps, "%zu/%zu", done, j->nsteps);
	x = draw_text(w, y, 1, selected ? ">" : " ", 2, EL_NORMAL) + 1;
	x += draw_text(w, y, x, st, 12, draw_verdict_element(vd));
	x += draw_text(w, y, x, j->name, 30, EL_NORMAL) + 1;
	x += draw_text(w, y, x, dur, 8, EL_NORMAL) + 1;
	x += draw_text(w, y, x, steps, 7, EL_DIM);
	draw_text(w, y, x, j->runner_name != NULL ? j->runner_name :
	    "(no runner yet)", cols - x, EL_DIM);
}

static void
draw_steps(WINDOW *w, int y, int rows, int cols, const struct job *j,
    time_t now)
{
	const struct step *s;
	enum verdict vd;
	char line[300], dur[16];
	size_t k;

	draw_text(w, y++, 1, "Steps", cols - 1, EL_HELP_TITLE);
	for (k = 0; k < j->nsteps && y < rows; k++, y++) {
		s = &j->steps[k];
		vd = verdict_of(s->status, s->conclusion);
		clock_format_duration(dur, sizeof dur, step_seconds(s, now));
		snprintf(line, sizeof line, "%s %2d %-40.40s %8s %s",
		    verdict_glyph(vd), s->number, s->name != NULL ? s->name :
		    "", dur, verdict_word(vd));
		draw_text(w, y, 3, line, cols - 3, draw_verdict_element(vd));
	}
}

/* Glyph (ASCII: any locale), word and element of a review's state: the
 * word says it, the colour only helps. */
static enum element
review_look(const struct approval *a, const char **glyph, const char **word)
{
	*glyph = "?";
	*word = a->state != NULL ? a->state : "?";	/* sanitised later */
	switch (a->kind) {
	case APPROVAL_APPROVED:
		*glyph = "+";
		*word = "approved";
		return EL_RUN_SUCCEEDED;
	case APPROVAL_REJECTED:
		*glyph = "x";
		*word = "rejected";
		return EL_RUN_FAILED;
	case APPROVAL_PENDING:
		*glyph = "~";
		*word = "commented";
		return EL_RUN_ACTION;
	default:
		return EL_RUN_UNKNOWN;
	}
}

/* "+ approved by octocat for production, staging: 'ship it'", the state
 * in its colour; the rest is GitHub's text, sanitised by draw_text. */
static void
draw_review(WINDOW *w, int y, int cols, const struct approval *a)
{
	const char *glyph, *word;
	enum element el;
	char line[1024];
	size_t i, len;
	int n;

	el = review_look(a, &glyph, &word);
	snprintf(line, sizeof line, "%s %.20s", glyph, word);
	n = (int)strlen(line);
	if (n > cols - 3)
		n = cols - 3;
	draw_text(w, y, 3, line, n, el);
	len = (size_t)snprintf(line, sizeof line, " by %s",
	    a->user != NULL ? a->user : "someone");
	for (i = 0; i < a->nenvironments && len < sizeof line; i++)
		len += (size_t)snprintf(line + len, sizeof line - len, "%s%s",
		    i == 0 ? " for " : ", ", a->environments[i]);
	if (a->comment != NULL && a->comment[0] != '\0' && len < sizeof line)
		snprintf(line + len, sizeof line - len, ": '%s'", a->comment);
	draw_text(w, y, 3 + n, line, cols - 3 - n, EL_NORMAL);
}

/* The run's review history below its jobs: the newest RUN_REVIEWS, or
 * why it could not be read; nothing for a run nobody reviewed. Returns
 * the next free row. */
static int
draw_approvals(const struct run_view *v, WINDOW *w, int y, int rows,
    int cols)
{
	const struct detailmodel_jobs *dj = v->dj;
	char title[64];
	size_t i;

	if (dj == NULL || y >= rows)
		return y;
	if (dj->napprovals == 0) {
		if (dj->approvals_error == NULL)
			return y;
		draw_text(w, y, 1, dj->approvals_error, cols - 1, EL_DIM);
		return y + 1;
	}
	if (dj->napprovals > RUN_REVIEWS)
		snprintf(title, sizeof title, "Approvals (the last %d of %zu)",
		    RUN_REVIEWS, dj->napprovals);
	else
		snprintf(title, sizeof title, "Approvals");
	draw_text(w, y++, 1, title, cols - 1, EL_HELP_TITLE);
	i = dj->napprovals > RUN_REVIEWS ? dj->napprovals - RUN_REVIEWS : 0;
	for (; i < dj->napprovals && y < rows; i++, y++)
		draw_review(w, y, cols, &dj->approvals[i]);
	if (dj->approvals_error != NULL && y < rows)
		draw_text(w, y++, 3, dj->approvals_error, cols - 3, EL_DIM);
	return y;
}

/* Half the room below the head for jobs, the rest for the steps of one. */
static int
job_rows(int rows)
{
	return (rows - RUN_HEAD) / 2 > 3 ? (rows - RUN_HEAD) / 2 : 3;
}

static void
run_draw(void *priv, WINDOW *w, time_t now)
{
	struct run_view *v = priv;
	int rows = getmaxy(w), cols = getmaxx(w), y = RUN_HEAD;
	int avail = job_rows(rows);
	const struct job *j;
	size_t n, i;

	draw_head(v, w, cols, now);
	jobs(v, &j, &n);
	if (v->dj != NULL && v->dj->error != NULL)
		draw_text(w, 3, 1, v->dj->error, cols - 1, EL_ERROR);
	else if (v->dj != NULL && v->dj->loading)
		draw_text(w, 3, 1, "loading jobs...", cols - 1, EL_DIM);
	else if (v->msg[0] != '\0')
		draw_text(w, 3, 1, v->msg, cols - 1, EL_STALE);
	if (n == 0) {
		if (v->dj == NULL || !v->dj->loading)
			draw_text(w, y, 1, "No jobs.", cols - 1, EL_DIM);
		draw_approvals(v, w, y + 2, rows, cols);
		return;
	}
	listnav_fit(&v->nav, avail, n);
	for (i = v->nav.top; i < n && y < RUN_HEAD + avail && y < rows;
	    i++, y++)
		draw_job(w, y, cols, &j[i], i == v->nav.sel, now);
	if (v->dj != NULL && (v->dj->napprovals > 0 ||
	    v->dj->approvals_error != NULL))
		y = draw_approvals(v, w, y + 1, rows, cols);
	if (v->nav.sel < n && y + 1 < rows)
		draw_steps(w, y + 1, rows, cols, &j[v->nav.sel], now);
}

static int
run_key(void *priv, enum action a, int rows)
{
	struct run_view *v = priv;
	struct view_log_args la;
	const struct job *j;
	size_t n;

	jobs(v, &j, &n);
	v->msg[0] = '\0';
	if (listnav_key(&v->nav, a, job_rows(rows), n)) {
		if (v->nav.sel < n)
			v->sel_job = j[v->nav.sel].id;
		return PANE_HANDLED | PANE_REDRAW;
	}
	switch (a) {
	case ACT_OPEN:
		if (v->nav.sel >= n)
			return 0;
		la.repo = v->repo;
		la.job = &j[v->nav.sel];
		if (view_stack_push(v->stack, &view_log_ops, &la) != 0)
			snprintf(v->msg, sizeof v->msg, "cannot open the log");
		return PANE_HANDLED | PANE_REDRAW;
	case ACT_BROWSE:
	case ACT_COPY:
		/* The run's page: its jobs are one click away there; a
		 * job's own page is what o and y give in its log. */
		term_url_action(a, v->run != NULL ? v->run->html_url : NULL,
		    v->msg, sizeof v->msg);
		return PANE_HANDLED | PANE_REDRAW;
	default:
		return 0;
	}
}

static int
run_tick(void *priv, time_t now)
{
	const struct run *r = ((struct run_view *)priv)->run;

	(void)now;
	return r != NULL && !run_completed(r) ? 1 : -1;
}

static const char *
run_status(void *priv)
{
	struct run_view *v = priv;

	snprintf(v->status, sizeof v->status, "%s > run #%d", v->repo,
	    v->run != NULL ? v->run->run_number : 0);
	return v->status;
}

static int
run_target(void *priv, struct ui_target *t)
{
	struct run_view *v = priv;

	if (v->run == NULL)
		return -1;
	ui_target_from_run(t, v->repo, v->run);
	return 0;
}

/* What the hints and the help offer here (the keys: the keymap). */
static const enum action run_acts[] = {
	OD_MOTION_ACTS,
	ACT_OPEN,
	ACT_BROWSE,
	ACT_COPY,
	ACT_RERUN_FAILED,
	ACT_CANCEL_RUN,
};

const struct view_ops view_run_ops = {
	.name = "run",
	.domains = PANE_DOMAIN(STORE_PIPELINES) | PANE_DOMAIN(STORE_DETAIL),
	.open = run_open,
	.close = run_close,
	.on_data = run_on_data,
	.draw = run_draw,
	.key = run_key,
	.tick = run_tick,
	.status = run_status,
	.target = run_target,
	.acts = run_acts,
	.nacts = sizeof run_acts / sizeof run_acts[0],
};
