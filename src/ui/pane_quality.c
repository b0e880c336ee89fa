/* pane_quality: is each commit fit to ship? One line per commit (the
 * default branch head, open pull requests' heads) under its repository:
 * score and change against the last green commit, coverage, checks,
 * annotations, security alerts, and pass/fail per environment; below, the
 * selected commit's detail: failing checks by name, the score's parts,
 * alert counts by severity, every gate with its reason; with room for it
 * (zoomed), the default branch's score and coverage history as
 * sparklines. Reads STORE_QUALITY only. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "opsdeck/listnav.h"
#include "opsdeck/pane.h"
#include "opsdeck/quality.h"
#include "opsdeck/store.h"
#include "opsdeck/text.h"
#include "opsdeck/xalloc.h"

/* A line of the list: a repository (e NULL) or one of its commits. */
struct qrow {
	const struct quality_repo	*qr;
	const struct quality_entry	*e;
};

struct qpane {
	struct snapset	*set;
	struct qrow	*rows;
	size_t		 nrows;
	struct listnav	 nav;
	char		 sel_key[128];	/* repo + sha of the selection */
	char		 status[64];
};

static void *
quality_create(const struct ui_opts *o, struct store *store)
{
	(void)o;
	(void)store;
	return xcalloc(1, sizeof (struct qpane));
}

static void
quality_destroy(void *priv)
{
	struct qpane *p = priv;

	if (p == NULL)
		return;
	free(p->rows);
	store_release(&p->set);
	free(p);
}

static void
row_key(const struct qrow *r, char *dst, size_t size)
{
	snprintf(dst, size, "%s %s", r->qr->slug, r->e != NULL &&
	    r->e->c.sha != NULL ? r->e->c.sha : "");
}

static int
quality_on_data(void *priv, struct store *store)
{
	struct qpane *p = priv;
	const struct quality_repo *qr;
	char key[128];
	size_t i, j, k, n = 0, failing = 0;

	store_release(&p->set);
	p->set = store_acquire(store, STORE_QUALITY);
	free(p->rows);
	for (i = 0; i < snapset_count(p->set); i++)
		n += 1 + ((const struct quality_repo *)snap_data(
		    snapset_at(p->set, i)))->n;
	p->rows = xcalloc(n + 1, sizeof *p->rows);
	p->nrows = 0;
	for (i = 0; i < snapset_count(p->set); i++) {
		qr = snap_data(snapset_at(p->set, i));
		p->rows[p->nrows++].qr = qr;
		for (j = 0; j < qr->n; j++) {
			p->rows[p->nrows].qr = qr;
			p->rows[p->nrows++].e = &qr->v[j];
			if (qr->v[j].c.kind == QUALITY_DEFAULT) {
				for (k = 0; k < qr->v[j].ngates; k++)
					failing += qr->v[j].gates[k].r.failed >
					    0;
			}
		}
	}
	/* The selection follows its commit across polls. */
	for (i = 0; p->sel_key[0] != '\0' && i < p->nrows; i++) {
		row_key(&p->rows[i], key, sizeof key);
		if (strcmp(key, p->sel_key) == 0) {
			p->nav.sel = i;
			break;
		}
	}
	if (failing > 0)
		snprintf(p->status, sizeof p->status, "%zu gate%s failing",
		    failing, failing == 1 ? "" : "s");
	else
		snprintf(p->status, sizeof p->status, "%zu repositor%s",
		    snapset_count(p->set), snapset_count(p->set) == 1 ? "y" :
		    "ies");
	return PANE_REDRAW;
}

/* "prod FAIL" / "stag pass": an environment's verdict on a commit. */
static int
draw_env_verdicts(WINDOW *w, int y, int x, const struct quality_entry *e)
{
	const struct quality_env_result *g;
	char cell[48];
	size_t i;

	for (i = 0; i < e->ngates && x < getmaxx(w) - 2; i++) {
		g = &e->gates[i];
		if (g->r.n == 0)
			continue;
		snprintf(cell, sizeof cell, "%.10s %s", g->env, g->r.failed ?
		    "FAIL" : "pass");
		x += draw_text(w, y, x, cell, (int)strlen(cell) + 1,
		    g->r.failed ? EL_RUN_FAILED : EL_RUN_SUCCEEDED);
	}
	return x;
}

static void
draw_commit_line(WINDOW *w, int y, const struct quality_entry *e, bool sel)
{
	const struct quality_summary *s = &e->s;
	char buf[160];
	int x = 1, cols = getmaxx(w);
	enum element el = sel ? EL_SELECTED : EL_NORMAL;

	x += draw_text(w, y, x, e->c.label, 18, el);
	snprintf(buf, sizeof buf, " @%.7s ", e->c.sha != NULL ? e->c.sha :
	    "-------");
	x += draw_text(w, y, x, buf, 10, sel ? EL_SELECTED : EL_DIM);
	if (e->c.error != NULL) {
		draw_text(w, y, x, e->c.error, cols - x - 1, EL_ERROR);
		return;
	}
	if (s->score.known && e->delta_known)
		snprintf(buf, sizeof buf, "score %3d (%+d)", s->score.score,
		    e->delta);
	else if (s->score.known)
		snprintf(buf, sizeof buf, "score %3d", s->score.score);
	else
		snprintf(buf, sizeof buf, "score   -");
	x += draw_text(w, y, x, buf, 16, el);
	if (s->coverage_known)
		snprintf(buf, sizeof buf, "cov %.1f%%", s->coverage);
	else
		snprintf(buf, sizeof buf, "cov -");
	x += draw_text(w, y, x, buf, 11, s->coverage_known ? el : EL_DIM);
	snprintf(buf, sizeof buf, "%dok %dfail %dpend %dskip",
	    s->states[QUALITY_PASSED], s->states[QUALITY_FAILED],
	    s->states[QUALITY_PENDING], s->states[QUALITY_SKIPPED]);
	x += draw_text(w, y, x, buf, (int)strlen(buf) + 1,
	    s->states[QUALITY_FAILED] ? EL_RUN_FAILED :
	    s->states[QUALITY_PENDING] ? EL_RUN_RUNNING : EL_RUN_SUCCEEDED);
	draw_env_verdicts(w, y, x + 1, e);
}

static const char *
access_word(const struct quality_alerts *a)
{
	switch (a->access) {
	case QUALITY_READ:
		return NULL;
	case QUALITY_NO_ACCESS:
		return "no access";
	case QUALITY_ERROR:
		return "error";
	default:
		return "not read";
	}
}

static int
draw_alerts_line(WINDOW *w, int y, const char *what,
    const struct quality_alerts *a)
{
	char buf[160];

	if (access_word(a) != NULL)
		snprintf(buf, sizeof buf, "%s: %s", what, access_word(a));
	else
		snprintf(buf, sizeof buf, "%s: %d critical, %d high, %d "
		    "medium, %d low", what, a->sev[QUALITY_SEV_CRITICAL],
		    a->sev[QUALITY_SEV_HIGH], a->sev[QUALITY_SEV_MEDIUM],
		    a->sev[QUALITY_SEV_LOW]);
	draw_text(w, y, 3, buf, getmaxx(w) - 4, access_word(a) != NULL ?
	    EL_DIM : a->sev[QUALITY_SEV_CRITICAL] + a->sev[QUALITY_SEV_HIGH] >
	    0 ? EL_RUN_FAILED : EL_NORMAL);
	return y + 1;
}

/* The history of the default branch, two sparklines. */
static int
draw_history(WINDOW *w, int y, const struct quality_repo *qr)
{
	const struct quality_history *h = &qr->history;
	double v[QUALITY_HISTORY];
	bool known[QUALITY_HISTORY];
	char line[QUALITY_HISTORY * 4 + 1], buf[64];
	bool ascii = (text_out_flags() & TEXT_ASCII) != 0;
	size_t i, k;

	for (k = 0; k < 2; k++) {
		for (i = 0; i < h->n; i++) {
			known[i] = k == 0 ? h->v[i].score_known :
			    h->v[i].coverage_known;
			v[i] = k == 0 ? h->v[i].score : h->v[i].coverage;
		}
		quality_sparkline(v, known, h->n, 0, 100, ascii, line,
		    sizeof line);
		snprintf(buf, sizeof buf, "%-9s", k == 0 ? "score" :
		    "coverage");
		draw_text(w, y, 3, buf, 9, EL_DIM);
		draw_text(w, y, 13, line, getmaxx(w) - 14, EL_NORMAL);
		y++;
	}
	return y;
}

static int
draw_gates(WINDOW *w, int y, const struct quality_entry *e, int last)
{
	const struct quality_env_result *g;
	char buf[256];
	size_t i, j;

	for (i = 0; i < e->ngates && y < last; i++) {
		g = &e->gates[i];
		if (g->r.n == 0)
			continue;
		snprintf(buf, sizeof buf, "%s%s: %s", g->env, g->configured ?
		    "" : " (defaults)", g->r.failed ? "FAIL" : "pass");
		draw_text(w, y++, 3, buf, getmaxx(w) - 4, g->r.failed ?
		    EL_RUN_FAILED : EL_RUN_SUCCEEDED);
		for (j = 0; j < g->r.n && y < last; j++) {
			snprintf(buf, sizeof buf, "%s %s: %s", g->r.v[j].pass ?
			    "ok  " : "FAIL", g->r.v[j].name,
			    g->r.v[j].reason);
			draw_text(w, y++, 5, buf, getmaxx(w) - 6,
			    g->r.v[j].pass ? EL_NORMAL : EL_RUN_FAILED);
		}
	}
	return y;
}

/* Failing checks by name, then the score's parts, annotations, alerts,
 * the gates; the history when rows remain. */
static void
draw_detail(WINDOW *w, int y, const struct qrow *r)
{
	const struct quality_entry *e = r->e;
	const struct quality_score *sc;
	char buf[512];
	size_t i, len;
	int last = getmaxy(w);

	if (e == NULL) {
		snprintf(buf, sizeof buf, "%s: default branch %s%s",
		    r->qr->slug, r->qr->branch != NULL ? r->qr->branch : "?",
		    r->qr->deployed_read ? "" : "; deployed SHAs not known "
		    "(no environments data)");
		draw_text(w, y++, 1, buf, getmaxx(w) - 2, EL_DIM);
		if (r->qr->error != NULL)
			draw_text(w, y++, 1, r->qr->error, getmaxx(w) - 2,
			    EL_STALE);
		if (y + 2 < last)
			draw_history(w, y, r->qr);
		return;
	}
	sc = &e->s.score;
	buf[0] = '\0';
	for (i = 0; i < e->c.nchecks; i++) {
		if (e->c.checks[i].state != QUALITY_FAILED)
			continue;
		len = strlen(buf);
		snprintf(buf + len, sizeof buf - len, "%s%s", len > 0 ? ", " :
		    "failing: ", e->c.checks[i].name);
	}
	if (buf[0] != '\0')
		draw_text(w, y++, 1, buf, getmaxx(w) - 2, EL_RUN_FAILED);
	if (sc->known)
		snprintf(buf, sizeof buf, "score %d = 100 - %d lint (%d) - %d "
		    "complex (%d) - %d security (%d) - %d duplication",
		    sc->score, sc->lint_pts, sc->lint, sc->complex_pts,
		    sc->complex, sc->security_pts, sc->security,
		    sc->duplication_pts);
	else
		snprintf(buf, sizeof buf, "no score: no check or status "
		    "reported");
	if (y < last)
		draw_text(w, y++, 1, buf, getmaxx(w) - 2, EL_NORMAL);
	if (e->delta_known && y < last) {
		snprintf(buf, sizeof buf, "%+d against the last green commit "
		    "%.7s", e->delta, e->green_sha);
		draw_text(w, y++, 1, buf, getmaxx(w) - 2, EL_DIM);
	}
	snprintf(buf, sizeof buf, "annotations: %d failure, %d warning, %d "
	    "notice", e->s.levels[QUALITY_FAILURE],
	    e->s.levels[QUALITY_WARNING], e->s.levels[QUALITY_NOTICE]);
	if (y < last)
		draw_text(w, y++, 1, buf, getmaxx(w) - 2, EL_NORMAL);
	if (y < last)
		y = draw_alerts_line(w, y, "code scanning",
		    &e->c.code_scanning);
	if (y < last)
		y = draw_alerts_line(w, y, "Dependabot", &e->c.dependabot);
	y = draw_gates(w, y, e, last);
	if (y + 3 <= last && e->c.kind == QUALITY_DEFAULT) {
		draw_text(w, y++, 1, "history of the default branch", 40,
		    EL_DIM);
		draw_history(w, y, r->qr);
	}
}

static void
quality_draw(void *priv, WINDOW *w, int focused, time_t now)
{
	struct qpane *p = priv;
	const struct qrow *r;
	int rows = getmaxy(w), list, y;
	size_t i;

	(void)now;
	if (p->nrows == 0) {
		/* The demo has no quality source; live, the first poll is
		 * on its way. */
		draw_text(w, 0, 1, "Quality: no data yet (no quality source, "
		    "or its first poll is running).", getmaxx(w) - 2, EL_DIM);
		draw_text(w, 1, 1, "Scores, coverage, checks, security alerts "
		    "and the gates of every [repo] show here.", getmaxx(w) - 2,
		    EL_DIM);
		return;
	}
	/* The list takes up to half the rows; the detail the rest. */
	list = (int)p->nrows < rows / 2 ? (int)p->nrows : rows / 2;
	if (list < 1)
		list = 1;
	listnav_fit(&p->nav, list, p->nrows);
	for (y = 0, i = p->nav.top; i < p->nrows && y < list; i++, y++) {
		r = &p->rows[i];
		if (r->e == NULL) {
			draw_text(w, y, 0, r->qr->slug, getmaxx(w) / 2,
			    focused && i == p->nav.sel ? EL_SELECTED :
			    EL_REPO);
			if (r->qr->stale)
				draw_text(w, y, getmaxx(w) / 2, r->qr->error !=
				    NULL ? r->qr->error : "stale",
				    getmaxx(w) / 2, EL_STALE);
			continue;
		}
		draw_commit_line(w, y, r->e, focused && i == p->nav.sel);
	}
	if (p->nav.sel < p->nrows && list + 1 < rows)
		draw_detail(w, list + 1, &p->rows[p->nav.sel]);
}

static int
quality_key(void *priv, enum action a, int rows)
{
	struct qpane *p = priv;
	int list = (int)p->nrows < rows / 2 ? (int)p->nrows : rows / 2;

	if (!listnav_key(&p->nav, a, list > 0 ? list : 1, p->nrows))
		return 0;
	if (p->nav.sel < p->nrows)
		row_key(&p->rows[p->nav.sel], p->sel_key, sizeof p->sel_key);
	return PANE_HANDLED | PANE_REDRAW;
}

static const char *
quality_status(void *priv)
{
	struct qpane *p = priv;

	return p->nrows > 0 ? p->status : NULL;
}

static time_t
quality_data_time(void *priv)
{
	struct qpane *p = priv;
	const struct quality_repo *qr;
	time_t oldest = 0;
	size_t i;

	for (i = 0; p->set != NULL && i < snapset_count(p->set); i++) {
		qr = snap_data(snapset_at(p->set, i));
		if (qr->fetched_at != 0 && (oldest == 0 ||
		    qr->fetched_at < oldest))
			oldest = qr->fetched_at;
	}
	return oldest;
}

/* What the hints and the help offer here (the keys: the keymap). */
static const enum action quality_acts[] = {
	OD_MOTION_ACTS,
};

const struct pane_ops pane_quality_ops = {
	.name = "quality",
	.title = "Quality",
	.domains = PANE_DOMAIN(STORE_QUALITY),
	.create = quality_create,
	.destroy = quality_destroy,
	.on_data = quality_on_data,
	.draw = quality_draw,
	.key = quality_key,
	.status = quality_status,
	.data_time = quality_data_time,
	.acts = quality_acts,
	.nacts = sizeof quality_acts / sizeof quality_acts[0],
};
