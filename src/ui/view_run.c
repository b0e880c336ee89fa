/* The run view (Enter on a run): the run's facts, its jobs (status,
 * duration, runner), and the steps of the selected job. The jobs come from
 * sources/detail on request; while they load, the jobs the poll fetched
 * (if any) stand in. Enter on a job opens its log. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "opsdeck/clock.h"
#include "opsdeck/detailmodel.h"
#include "opsdeck/pane.h"
#include "opsdeck/run.h"
#include "opsdeck/store.h"
#include "opsdeck/ui.h"
#include "pipelines.h"

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
ask(struct pipelines *p)
{
	struct run_view *v = &p->rv;

	if (p->o->src.want_jobs == NULL)
		return;
	p->o->src.want_jobs(p->o->src.arg, v->repo, v->run_id);
	v->asked = 1;
}

static void
take_jobs(struct pipelines *p)
{
	struct run_view *v = &p->rv;
	const struct job *j;
	char key[300];
	size_t n, i;

	snap_unref(&v->jobs_snap);
	v->dj = NULL;
	if (p->detail != NULL && detail_jobs_key(key, sizeof key, v->repo,
	    v->run_id) == 0 && (v->jobs_snap = snapset_find(p->detail,
	    key)) != NULL) {
		snap_ref(v->jobs_snap);
		v->dj = snap_data(v->jobs_snap);
	}
	jobs(v, &j, &n);
	/* Keep the selected job by id; else the first that failed. */
	for (i = 0; i < n; i++)
		if (j[i].id == v->sel_job) {
			v->sel = i;
			return;
		}
	v->sel = 0;
	for (i = 0; i < n; i++)
		if (verdict_of(j[i].status, j[i].conclusion) ==
		    VERDICT_FAILED) {
			v->sel = i;
			break;
		}
	v->sel_job = n > 0 ? j[v->sel].id : 0;
}

void
view_run_open(struct pipelines *p, const struct repo_runs *rr,
    const struct run *r)
{
	struct run_view *v = &p->rv;

	view_run_close(p);
	snprintf(v->repo, sizeof v->repo, "%s", rr->repo);
	v->run_id = r->id;
	p->mode = PL_RUN;
	view_run_on_data(p);
	ask(p);
}

void
view_run_close(struct pipelines *p)
{
	struct run_view *v = &p->rv;

	snap_unref(&v->runs);
	snap_unref(&v->jobs_snap);
	memset(v, 0, sizeof *v);
}

void
view_run_on_data(struct pipelines *p)
{
	struct run_view *v = &p->rv;
	struct snap *s = p->set != NULL ? snapset_find(p->set, v->repo) : NULL;
	const struct repo_runs *rr;
	size_t i;

	/* The newest poll of the repository, if the run is still in it;
	 * else the snapshot that had it stays. */
	if (s != NULL) {
		rr = snap_data(s);
		for (i = 0; i < rr->nruns; i++)
			if (rr->runs[i].id == v->run_id)
				break;
		if (i < rr->nruns && s != v->runs) {
			snap_unref(&v->runs);
			v->runs = snap_ref(s);
			v->run = &rr->runs[i];
			if (!run_completed(v->run))
				v->asked = 0;
		}
	}
	take_jobs(p);
	if (!v->asked && v->run != NULL && !run_completed(v->run))
		ask(p);
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

void
view_run_draw(struct pipelines *p, WINDOW *w, time_t now)
{
	struct run_view *v = &p->rv;
	int rows = getmaxy(w), cols = getmaxx(w), y = 4, avail;
	const struct job *j;
	size_t n, i, top = 0;

	draw_head(v, w, cols, now);
	jobs(v, &j, &n);
	if (v->dj != NULL && v->dj->error != NULL)
		draw_text(w, 3, 1, v->dj->error, cols - 1, EL_ERROR);
	else if (v->dj != NULL && v->dj->loading)
		draw_text(w, 3, 1, "loading jobs...", cols - 1, EL_DIM);
	else if (p->note[0] != '\0')
		draw_text(w, 3, 1, p->note, cols - 1, EL_STALE);
	if (n == 0) {
		if (v->dj == NULL || !v->dj->loading)
			draw_text(w, y, 1, "No jobs.", cols - 1, EL_DIM);
		return;
	}
	/* Half the room for jobs, the rest for the steps of one. */
	avail = (rows - y) / 2 > 3 ? (rows - y) / 2 : 3;
	if (v->sel >= (size_t)avail)
		top = v->sel - (size_t)avail + 1;
	for (i = top; i < n && y < 4 + avail && y < rows; i++, y++)
		draw_job(w, y, cols, &j[i], i == v->sel, now);
	if (v->sel < n && y + 1 < rows)
		draw_steps(w, y + 1, rows, cols, &j[v->sel], now);
}

int
view_run_key(struct pipelines *p, enum action a, int rows)
{
	struct run_view *v = &p->rv;
	const struct job *j;
	size_t n;

	(void)rows;
	jobs(v, &j, &n);
	p->note[0] = '\0';
	switch (a) {
	case ACT_DOWN:
		if (v->sel + 1 < n)
			v->sel++;
		break;
	case ACT_UP:
		if (v->sel > 0)
			v->sel--;
		break;
	case ACT_TOP:
		v->sel = 0;
		break;
	case ACT_BOTTOM:
		v->sel = n > 0 ? n - 1 : 0;
		break;
	case ACT_OPEN:
		if (v->sel >= n)
			return 0;
		view_log_open(p, v->repo, &j[v->sel]);
		return PANE_HANDLED | PANE_REDRAW;
	case ACT_BROWSE:
	case ACT_COPY:
		/* The run's page: its jobs are one click away there; a
		 * job's own page is what o and y give in its log. */
		pl_url_action(a, v->run != NULL ? v->run->html_url : NULL,
		    p->note, sizeof p->note);
		return PANE_HANDLED | PANE_REDRAW;
	default:
		return 0;
	}
	if (v->sel < n)
		v->sel_job = j[v->sel].id;
	return PANE_HANDLED | PANE_REDRAW;
}

int
view_run_tick(struct pipelines *p, time_t now)
{
	const struct run *r = p->rv.run;

	(void)now;
	return r != NULL && !run_completed(r) ? 1 : -1;
}
