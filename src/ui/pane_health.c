/* pane_health: the health pane. One line per check, worst first: state
 * (glyph, word, colour), name, what it measured, how long it has been in
 * that state, a sparkline of its recent values and, for a check whose
 * environment was deployed to lately, whether it went bad after the
 * deploy ("crit 3 min after deploy of a84d88e"), else why it is not ok.
 * Checks with many results (Prometheus series, Alertmanager alerts, the
 * host's figures) show their worst few rows beneath them; Enter shows all
 * that were kept. Reads STORE_HEALTH and, for the deploys, STORE_PIPELINES
 * (until the environments source publishes deployments). */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "opsdeck/clock.h"
#include "opsdeck/health.h"
#include "opsdeck/listnav.h"
#include "opsdeck/pane.h"
#include "opsdeck/run.h"
#include "opsdeck/store.h"
#include "opsdeck/text.h"
#include "opsdeck/xalloc.h"

#define ROWS_FOLDED	2	/* rows under a check unless expanded */
#define SPARK_WIDTH	12

struct hline {
	const struct health_check *c;
	int			 row;	/* -1: the check; else its row; -2:
					 * "N more" */
	size_t			 shown;	/* -2: rows shown above it */
};

struct hdeploy {
	char		*sha;
	time_t		 at;
};

struct hpane {
	struct snapset	*set;
	struct snapset	*pipes;
	const struct health_check **checks;	/* sorted, borrowed from set */
	struct hdeploy	*deploys;		/* per check, parallel */
	size_t		 n;
	struct hline	*lines;
	size_t		 nlines;
	struct listnav	 nav;
	char		*expanded;	/* name of the check shown whole */
	char		 status[64];
};

static const struct keybind health_keys[] = {
	{ '\r', ACT_OPEN },
	{ '\n', ACT_OPEN },
	{ KEY_ENTER, ACT_OPEN },
	{ KEY_RIGHT, ACT_OPEN },
};

static void *
health_create(const struct ui_opts *o, struct store *st)
{
	struct hpane *p = xcalloc(1, sizeof *p);

	(void)o;
	(void)st;
	return p;
}

static void
deploys_clear(struct hpane *p)
{
	size_t i;

	for (i = 0; p->deploys != NULL && i < p->n; i++)
		free(p->deploys[i].sha);
	free(p->deploys);
	p->deploys = NULL;
}

static void
health_destroy(void *priv)
{
	struct hpane *p = priv;

	deploys_clear(p);
	free(p->checks);
	free(p->lines);
	free(p->expanded);
	store_release(&p->set);
	store_release(&p->pipes);
	free(p);
}

static int
check_cmp(const void *a, const void *b)
{
	const struct health_check *x = *(const struct health_check *const *)a;
	const struct health_check *y = *(const struct health_check *const *)b;
	int rx = health_rank(x->state), ry = health_rank(y->state);

	if (rx != ry)
		return ry - rx;
	return strcmp(x->name, y->name);
}

/* The newest deploy to the check's environment among the runs. */
static void
find_deploy(struct hpane *p, const struct health_check *c,
    struct hdeploy *d)
{
	const struct repo_runs *rr;
	time_t at;
	size_t i, j;

	d->sha = NULL;
	d->at = 0;
	if (c->env == NULL)
		return;		/* the rows of an environment only */
	for (i = 0; i < snapset_count(p->pipes); i++) {
		rr = snap_data(snapset_at(p->pipes, i));
		for (j = 0; j < rr->nruns; j++) {
			if (!health_run_is_deploy(&rr->runs[j], c->env, &at) ||
			    at <= d->at)
				continue;
			free(d->sha);
			d->sha = xstrdup(rr->runs[j].head_sha != NULL ?
			    rr->runs[j].head_sha : "");
			d->at = at;
		}
	}
}

static void
build_lines(struct hpane *p)
{
	const struct health_check *c;
	size_t i, j, cap = 0, shown;

	p->nlines = 0;
	for (i = 0; i < p->n; i++)
		cap += 2 + p->checks[i]->nrows;
	p->lines = xreallocarray(p->lines, cap + 1, sizeof *p->lines);
	for (i = 0; i < p->n; i++) {
		c = p->checks[i];
		p->lines[p->nlines++] = (struct hline){ c, -1, 0 };
		shown = p->expanded != NULL && strcmp(p->expanded,
		    c->name) == 0 ? c->nrows : c->nrows < ROWS_FOLDED ?
		    c->nrows : ROWS_FOLDED;
		for (j = 0; j < shown; j++)
			p->lines[p->nlines++] = (struct hline){ c, (int)j, 0 };
		if (c->total_rows > shown)
			p->lines[p->nlines++] = (struct hline){ c, -2, shown };
	}
}

static void
update_status(struct hpane *p)
{
	size_t i, bad[4] = { 0, 0, 0, 0 };

	for (i = 0; i < p->n; i++)
		bad[p->checks[i]->state]++;
	if (p->n == 0)
		p->status[0] = '\0';
	else if (bad[HEALTH_CRIT] + bad[HEALTH_WARN] + bad[HEALTH_UNKNOWN] ==
	    0)
		snprintf(p->status, sizeof p->status, "%zu ok", p->n);
	else
		snprintf(p->status, sizeof p->status, "%zu crit, %zu warn, "
		    "%zu unknown", bad[HEALTH_CRIT], bad[HEALTH_WARN],
		    bad[HEALTH_UNKNOWN]);
}

static int
health_on_data(void *priv, struct store *st)
{
	struct hpane *p = priv;
	char *sel_name = NULL;
	int sel_row = -1;
	size_t i;

	/* The cursor follows its check (and row) through a new snapshot. */
	if (p->nav.sel < p->nlines) {
		sel_name = xstrdup(p->lines[p->nav.sel].c->name);
		sel_row = p->lines[p->nav.sel].row;
	}
	deploys_clear(p);
	store_release(&p->set);
	store_release(&p->pipes);
	p->set = store_acquire(st, STORE_HEALTH);
	p->pipes = store_acquire(st, STORE_PIPELINES);
	p->n = snapset_count(p->set);
	p->checks = xreallocarray(p->checks, p->n + 1, sizeof *p->checks);
	for (i = 0; i < p->n; i++)
		p->checks[i] = snap_data(snapset_at(p->set, i));
	qsort(p->checks, p->n, sizeof *p->checks, check_cmp);
	p->deploys = xcalloc(p->n + 1, sizeof *p->deploys);
	for (i = 0; i < p->n; i++)
		find_deploy(p, p->checks[i], &p->deploys[i]);
	build_lines(p);
	for (i = 0; sel_name != NULL && i < p->nlines; i++) {
		if (strcmp(p->lines[i].c->name, sel_name) == 0 &&
		    (p->lines[i].row == sel_row || p->lines[i].row == -1)) {
			p->nav.sel = i;
			if (p->lines[i].row == sel_row)
				break;
		}
	}
	free(sel_name);
	update_status(p);
	return PANE_REDRAW;
}

static void
sparkline(char *dst, size_t size, const struct health_check *c, size_t width)
{
	static const char *const utf8[8] = { "\xe2\x96\x81", "\xe2\x96\x82",
	    "\xe2\x96\x83", "\xe2\x96\x84", "\xe2\x96\x85", "\xe2\x96\x86",
	    "\xe2\x96\x87", "\xe2\x96\x88" };
	static const char ascii[] = "_.-~=+*#";
	int levels[HEALTH_HIST];
	size_t n, i, k = 0;
	bool a = draw_ascii();

	dst[0] = '\0';
	n = health_spark(c->hist, c->nhist, levels, width);
	for (i = 0; i < n && k + 4 < size; i++) {
		if (levels[i] < 0)
			dst[k++] = ' ';
		else if (a)
			dst[k++] = ascii[levels[i]];
		else {
			memcpy(dst + k, utf8[levels[i]], 3);
			k += 3;
		}
		dst[k] = '\0';
	}
}

/* The words after the figures: the after-deploy verdict when there is a
 * deploy to compare with, else why the check is not ok. */
static void
tail_text(char *dst, size_t size, const struct health_check *c,
    const struct hdeploy *d, time_t now)
{
	struct health_verdict v;
	long window;

	dst[0] = '\0';
	if (d->at > 0 && c->checked_at != 0) {
		window = c->after_deploy_s > 0 ? c->after_deploy_s : 600;
		v = health_after_deploy(c->trans, c->ntrans, c->state, d->at,
		    window, now);
		if (health_verdict_news(&v, d->at, window, now)) {
			health_verdict_text(dst, size, &v, d->sha, d->at, now);
			if (c->reason != NULL && c->state != HEALTH_OK) {
				size_t len = strlen(dst);

				snprintf(dst + len, size - len, "; %s",
				    c->reason);
			}
			return;
		}
	}
	if (c->reason != NULL)
		snprintf(dst, size, "%s", c->reason);
}

/* What it measured; for a check backing off, when it is tried next
 * ("down, next in 40s"), so a quiet row is not mistaken for a stuck one. */
static void
value_text(char *dst, size_t size, const struct health_check *c, time_t now)
{
	char left[16];

	snprintf(dst, size, "%s", c->value_text != NULL ? c->value_text :
	    c->checked_at == 0 ? "..." : "-");
	if (c->backoff_s > 0 && c->next_at > 0) {
		clock_format_span(left, sizeof left,
		    (long long)(c->next_at - now));
		snprintf(dst + strlen(dst), size - strlen(dst), ", next in %s",
		    left);
	}
}

static void
draw_check(struct hpane *p, WINDOW *w, int y, int cols, size_t ci,
    bool sel, time_t now)
{
	const struct health_check *c = p->checks[ci];
	enum element el = draw_health_element(c->state);
	char since[32], spark[SPARK_WIDTH * 3 + 1], tail[512], word[16];
	char value[96];
	int x = 1;

	if (sel)
		wattron(w, A_REVERSE);
	x += draw_text(w, y, x, health_glyph(c->state, draw_ascii()), 2, el);
	snprintf(word, sizeof word, "%s%s", health_word(c->state),
	    c->flapping ? "~" : "");
	x += draw_text(w, y, x, word, 9, el);
	/* Narrow (a grid cell): shorter name and value columns. */
	x += draw_text(w, y, x, c->name, cols >= 70 ? 16 : 12, EL_REPO);
	value_text(value, sizeof value, c, now);
	x += draw_text(w, y, x, value, cols >= 110 ? 30 : cols >= 70 ? 22 : 14,
	    EL_NORMAL);
	if (c->checked_at != 0)
		clock_format_span(since, sizeof since,
		    (long long)(now - c->since));
	else
		snprintf(since, sizeof since, "-");
	x += draw_text(w, y, x, since, 6, EL_DIM);
	if (cols - x > 40) {
		sparkline(spark, sizeof spark, c, SPARK_WIDTH);
		x += draw_text(w, y, x, spark, SPARK_WIDTH + 1, EL_NORMAL);
	}
	tail_text(tail, sizeof tail, c, &p->deploys[ci], now);
	if (x < cols - 1)
		draw_text(w, y, x, tail, cols - 1 - x, c->state == HEALTH_OK ?
		    EL_DIM : el);
	if (sel)
		wattroff(w, A_REVERSE);
}

static void
draw_row(WINDOW *w, int y, int cols, const struct hline *l, bool sel)
{
	const struct health_check *c = l->c;
	const struct health_row *r;
	char more[96];
	int x = 4;

	if (sel)
		wattron(w, A_REVERSE);
	if (l->row == -2) {
		snprintf(more, sizeof more, "... %zu of %zu shown%s", l->shown,
		    l->c->total_rows, l->shown < l->c->nrows ? " (Enter: all "
		    "kept)" : ", the worst");
		draw_text(w, y, x, more, cols - x - 1, EL_DIM);
	} else {
		r = &c->rows[l->row];
		x += draw_text(w, y, x, health_glyph(r->state, draw_ascii()), 2,
		    r->muted ? EL_DIM : draw_health_element(r->state));
		x += draw_text(w, y, x, r->muted == HEALTH_ROW_SILENCED ?
		    "silenced" : r->muted == HEALTH_ROW_INHIBITED ? "inhibited"
		    : health_word(r->state), 10, r->muted ? EL_DIM :
		    draw_health_element(r->state));
		x += draw_text(w, y, x, r->text, 14, EL_NORMAL);
		if (x < cols - 1)
			draw_text(w, y, x, r->label, cols - 1 - x, EL_DIM);
	}
	if (sel)
		wattroff(w, A_REVERSE);
}

static size_t
check_index(const struct hpane *p, const struct health_check *c)
{
	size_t i;

	for (i = 0; i < p->n && p->checks[i] != c; i++)
		;
	return i;
}

static void
health_draw(void *priv, WINDOW *w, int focused, time_t now)
{
	struct hpane *p = priv;
	int rows = getmaxy(w), cols = getmaxx(w), y;
	size_t i;

	if (p->n == 0) {
		static const char *const empty[] = {
			"Health: no checks",
			"configured. Add [check \"NAME\"] sections: http,",
			"tcp, command, prometheus, alertmanager, host.",
			NULL };

		for (y = 0; empty[y] != NULL && y < rows; y++)
			draw_text(w, y, 1, empty[y], cols - 2, y == 0 ?
			    EL_NORMAL : EL_DIM);
		return;
	}
	listnav_fit(&p->nav, rows, p->nlines);
	for (y = 0, i = p->nav.top; y < rows && i < p->nlines; y++, i++) {
		if (p->lines[i].row == -1)
			draw_check(p, w, y, cols, check_index(p,
			    p->lines[i].c), focused && i == p->nav.sel, now);
		else
			draw_row(w, y, cols, &p->lines[i], focused &&
			    i == p->nav.sel);
	}
}

static int
health_key(void *priv, enum action a, int rows)
{
	struct hpane *p = priv;
	const struct health_check *c;
	size_t i;

	if (listnav_key(&p->nav, a, rows, p->nlines))
		return PANE_HANDLED | PANE_REDRAW;
	if (a != ACT_OPEN || p->nlines == 0)
		return 0;
	c = p->lines[p->nav.sel].c;
	if (p->expanded != NULL && strcmp(p->expanded, c->name) == 0) {
		free(p->expanded);
		p->expanded = NULL;
	} else {
		free(p->expanded);
		p->expanded = xstrdup(c->name);
	}
	build_lines(p);
	/* The cursor stays on the check it was on. */
	for (i = 0; i < p->nlines; i++) {
		if (p->lines[i].c == c && p->lines[i].row == -1) {
			p->nav.sel = i;
			break;
		}
	}
	return PANE_HANDLED | PANE_REDRAW;
}

/* The "since" ages change with time alone, and so do the countdowns of
 * checks backing off. */
static int
health_tick(void *priv, time_t now)
{
	struct hpane *p = priv;
	int best = -1, t;
	size_t i;

	for (i = 0; i < p->n; i++) {
		if (p->checks[i]->checked_at == 0)
			continue;
		t = draw_span_tick((long long)(now - p->checks[i]->since));
		if (t > 0 && (best < 0 || t < best))
			best = t;
		if (p->checks[i]->backoff_s == 0)
			continue;
		t = draw_countdown_tick((long long)(p->checks[i]->next_at -
		    now));
		if (t > 0 && (best < 0 || t < best))
			best = t;
	}
	return best;
}

static const char *
health_status(void *priv)
{
	struct hpane *p = priv;

	return p->status[0] != '\0' ? p->status : NULL;
}

static time_t
health_data_time(void *priv)
{
	struct hpane *p = priv;
	time_t oldest = 0;
	size_t i;

	for (i = 0; i < p->n; i++) {
		if (p->checks[i]->checked_at != 0 && (oldest == 0 ||
		    p->checks[i]->checked_at < oldest))
			oldest = p->checks[i]->checked_at;
	}
	return oldest;
}

/* What the hints and the help offer here (the keys: the keymap). */
static const enum action health_acts[] = {
	OD_MOTION_ACTS,
	ACT_OPEN,
};

const struct pane_ops pane_health_ops = {
	.name = "health",
	.title = "Health",
	.domains = PANE_DOMAIN(STORE_HEALTH) | PANE_DOMAIN(STORE_PIPELINES),
	.create = health_create,
	.destroy = health_destroy,
	.on_data = health_on_data,
	.draw = health_draw,
	.key = health_key,
	.tick = health_tick,
	.status = health_status,
	.data_time = health_data_time,
	.keys = health_keys,
	.nkeys = sizeof health_keys / sizeof health_keys[0],
	.acts = health_acts,
	.nacts = sizeof health_acts / sizeof health_acts[0],
};
