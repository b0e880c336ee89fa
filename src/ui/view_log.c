/* The log view (Enter on a job): the job's log, opened at the first error
 * of the failing step, colours rendered (never passed raw), secrets
 * masked, groups indented; PCRE2 search in slices between keys (n/N),
 * error jumps (e/E), follow mode for a running job. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "opsdeck/detailmodel.h"
#include "opsdeck/pane.h"
#include "opsdeck/joblog.h"
#include "opsdeck/run.h"
#include "opsdeck/rx.h"
#include "opsdeck/store.h"
#include "opsdeck/text.h"
#include "opsdeck/ui.h"
#include "pipelines.h"

/* Bytes searched per loop turn: a few milliseconds with the JIT. */
#define LOG_SLICE	(4u << 20)
#define LOG_INDENT_MAX	8

static const struct joblog *
the_log(const struct log_view *v)
{
	return v->dl != NULL ? v->dl->joblog : NULL;
}

static size_t
nlines(const struct log_view *v)
{
	return the_log(v) != NULL ? joblog_lines(the_log(v)) : 0;
}

static void
ask(struct pipelines *p, int follow)
{
	if (p->o->src.want_log != NULL)
		p->o->src.want_log(p->o->src.arg, p->lv.repo, p->lv.job_id,
		    follow);
}

/* The mask: the built-in secret patterns and the config's log.mask. */
static struct joblog_mask *
make_mask(const struct ui_opts *o, char *msg, size_t size)
{
	const char **pats;
	struct joblog_mask *m;
	char *cause = NULL;
	size_t i, n = 0;

	for (i = 0; joblog_default_secrets[i] != NULL; i++)
		n++;
	if ((pats = calloc(n + o->nmask + 1, sizeof *pats)) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		pats[i] = joblog_default_secrets[i];
	for (i = 0; i < o->nmask; i++)
		pats[n + i] = o->mask[i];
	if ((m = joblog_mask_new(pats, &cause)) == NULL)
		snprintf(msg, size, "log.mask: %s", cause != NULL ? cause :
		    "out of memory");
	free(cause);
	free(pats);
	return m;
}

void
view_log_open(struct pipelines *p, const char *repo, const struct job *j)
{
	struct log_view *v = &p->lv;
	struct joblog_mask *mask = v->mask;
	size_t k;

	v->mask = NULL;
	view_log_close(p);
	v->mask = mask != NULL ? mask : make_mask(p->o, v->msg,
	    sizeof v->msg);
	snprintf(v->repo, sizeof v->repo, "%s", repo);
	snprintf(v->job, sizeof v->job, "%s", j->name != NULL ? j->name : "");
	snprintf(v->url, sizeof v->url, "%s", j->html_url != NULL ?
	    j->html_url : "");
	v->job_id = j->id;
	v->job_done = j->status != NULL && strcmp(j->status, "completed") == 0;
	v->follow = !v->job_done;
	v->failed_step_at = j->started_at;
	for (k = 0; k < j->nsteps; k++)
		if (verdict_of(j->steps[k].status, j->steps[k].conclusion) ==
		    VERDICT_FAILED) {
			v->failed_step_at = j->steps[k].started_at;
			break;
		}
	p->mode = PL_LOG;
	view_log_on_data(p);
	ask(p, v->follow);
}

static void
stop_search(struct log_view *v)
{
	v->searching = 0;
	v->pending = 0;
	v->counting = 0;
}

void
view_log_close(struct pipelines *p)
{
	struct log_view *v = &p->lv;
	struct joblog_mask *mask = v->mask;

	if (v->follow && !v->job_done && p->o->src.stop_follow != NULL)
		p->o->src.stop_follow(p->o->src.arg);
	snap_unref(&v->snap);
	rx_match_free(&v->md);
	rx_free(&v->rx);
	memset(v, 0, sizeof *v);
	v->mask = mask;	/* compiled once per pane */
}

/* Where a freshly loaded log opens: the first error of the failing step,
 * the end of a followed log, else the top. */
static void
place(struct log_view *v)
{
	const struct joblog *log = the_log(v);
	size_t n = nlines(v), e;

	if (log == NULL || n == 0)
		return;
	if (v->follow)
		v->cur = n - 1;
	else if ((e = joblog_first_error_since(log, v->failed_step_at)) !=
	    SIZE_MAX)
		v->cur = e;
	else
		v->cur = 0;
	v->top = v->cur > 3 ? v->cur - 3 : 0;
	v->placed = 1;
}

void
view_log_on_data(struct pipelines *p)
{
	struct log_view *v = &p->lv;
	struct snap *s = NULL;
	char key[300];
	size_t old = nlines(v);

	if (p->detail != NULL && detail_log_key(key, sizeof key, v->repo,
	    v->job_id) == 0)
		s = snapset_find(p->detail, key);
	if (s == NULL || s == v->snap)
		return;
	/* A search in flight keeps its place: lines only grow. */
	snap_unref(&v->snap);
	v->snap = snap_ref(s);
	v->dl = snap_data(s);
	if (v->dl->complete && !v->job_done) {
		v->job_done = 1;
		v->follow = 0;
	}
	if (v->dl->evicted && !v->dl->loading)
		ask(p, v->follow);
	if (the_log(v) == NULL)
		return;
	if (!v->placed)
		place(v);
	else if (v->follow && nlines(v) > old)
		v->cur = nlines(v) - 1;
	if (v->follow && !v->job_done)
		ask(p, 1);	/* renews the follow */
}

static size_t
digits(size_t n)
{
	size_t d = 1;

	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

/* The rendered text, span by span in its colours, from column x. */
static void
draw_spans(WINDOW *w, int y, int x, const struct joblog_line *l,
    enum element base)
{
	const struct joblog_span *sp;
	int cols = getmaxx(w);
	size_t i, fit;

	wmove(w, y, x);
	for (i = 0; i < l->nspans && x < cols; i++) {
		sp = &l->spans[i];
		wattrset(w, (attr_t)(sp->fg < 0 && sp->bg < 0 && !sp->bold &&
		    !sp->underline ? element_attr(base) : element_ansi(sp->fg,
		    sp->bg, sp->bold, sp->underline)));
		fit = text_fit_n(l->text + sp->off, sp->len, cols - x);
		waddnstr(w, l->text + sp->off, (int)fit);
		getyx(w, y, x);
		if (fit < sp->len)
			break;
	}
	wattrset(w, A_NORMAL);
}

static void
draw_line(struct log_view *v, WINDOW *w, int y, size_t i, int gutter)
{
	const struct joblog *log = the_log(v);
	enum joblog_kind k = joblog_kind(log, i);
	struct joblog_line *l;
	enum element el = EL_NORMAL;
	const char *mark = "";
	char num[32];
	int x, depth = joblog_depth(log, i);

	snprintf(num, sizeof num, "%*zu ", gutter, i + 1);
	x = draw_text(w, y, 0, num, gutter + 1, EL_DIM);
	x += 2 * (depth < LOG_INDENT_MAX ? depth : LOG_INDENT_MAX);
	switch (k) {
	case JOBLOG_ERROR:
		el = EL_ERROR, mark = "Error: ";
		break;
	case JOBLOG_WARNING:
		el = EL_STALE, mark = "Warning: ";
		break;
	case JOBLOG_GROUP:
		el = EL_REPO, mark = "> ";
		break;
	case JOBLOG_COMMAND:
		el = EL_DIM, mark = "$ ";
		break;
	case JOBLOG_NOTICE:
		mark = "Notice: ";
		break;
	case JOBLOG_DEBUG:
		el = EL_DIM, mark = "Debug: ";
		break;
	default:
		break;
	}
	if (*mark != '\0')
		x += draw_text(w, y, x, mark, (int)strlen(mark), el);
	if ((l = joblog_render(log, i, v->mask, (v->keep_time ?
	    JOBLOG_KEEP_TIME : 0) | (text_locale_utf8() ? 0 :
	    JOBLOG_ASCII))) == NULL)
		return;
	if (x < getmaxx(w))
		draw_spans(w, y, x, l, el);
	joblog_line_free(&l);
}

void
view_log_status(struct pipelines *p, char *buf, size_t size)
{
	struct log_view *v = &p->lv;
	char search[PROMPT_MAX + 64] = "", cut[128];

	if (v->rx != NULL && v->searching)
		snprintf(search, sizeof search, "  /%s: searching...",
		    v->pattern);
	else if (v->rx != NULL && !v->counting)
		snprintf(search, sizeof search, "  /%s: %zu lines match",
		    v->pattern, v->nmatches);
	else if (v->rx != NULL)
		snprintf(search, sizeof search, "  /%s", v->pattern);
	joblog_cut_note(the_log(v), cut, sizeof cut);
	snprintf(buf, size, "%s  line %zu/%zu%s%s%s%s%s%s%s", v->job,
	    nlines(v) > 0 ? v->cur + 1 : 0, nlines(v),
	    cut[0] != '\0' ? "  " : "", cut,
	    v->follow ? "  following" : "", v->dl != NULL &&
	    v->dl->loading ? "  loading..." : "", search,
	    v->msg[0] != '\0' ? "  " : "", v->msg);
}

void
view_log_draw(struct pipelines *p, WINDOW *w)
{
	struct log_view *v = &p->lv;
	int rows = getmaxy(w) - 1, cols = getmaxx(w), y, gutter;
	unsigned long sel = element_attr(EL_SELECTED);
	char status[512];
	size_t n = nlines(v), i;

	if (rows < 1)
		return;
	if (p->prompt.active)
		prompt_draw(&p->prompt, w, rows);
	else {
		view_log_status(p, status, sizeof status);
		draw_text(w, rows, 0, status, cols, EL_HINT);
	}
	if (n == 0) {
		draw_text(w, 0, 1, v->dl != NULL && v->dl->error != NULL ?
		    v->dl->error : v->dl != NULL && !v->dl->loading ?
		    "The log is empty." : p->o->src.want_log == NULL ?
		    "No logs here (the demo has none)." : "loading log...",
		    cols - 1,
		    v->dl != NULL && v->dl->error != NULL ? EL_ERROR : EL_DIM);
		return;
	}
	if (v->cur >= n)
		v->cur = n - 1;
	if (v->cur < v->top)
		v->top = v->cur;
	if (v->cur >= v->top + (size_t)rows)
		v->top = v->cur - (size_t)rows + 1;
	gutter = (int)digits(n);
	for (y = 0, i = v->top; i < n && y < rows; i++, y++) {
		draw_line(v, w, y, i, gutter);
		if (i == v->cur)
			mvwchgat(w, y, 0, gutter, (attr_t)(sel & ~A_COLOR),
			    (short)PAIR_NUMBER(sel), NULL);
	}
}

static void
start_search(struct log_view *v, int dir, size_t from)
{
	size_t n = nlines(v);

	if (v->rx == NULL || n == 0)
		return;
	/* n n typed faster than a search ends: each one counts. */
	if (v->searching && v->dir == dir) {
		v->pending++;
		return;
	}
	v->pending = 0;
	v->dir = dir;
	v->from = from < n ? from : (dir > 0 ? 0 : n - 1);
	v->wrapped = from >= n;
	v->searching = 1;
	v->msg[0] = '\0';
}

/* Smart case, as in less -i and vim: caseless unless the pattern has a
 * capital. */
static int
set_pattern(struct log_view *v, const char *pat)
{
	unsigned flags = RX_MULTILINE;
	struct rx *rx;
	char *cause = NULL;
	const char *c;

	for (c = pat; *c != '\0' && !(*c >= 'A' && *c <= 'Z'); c++)
		;
	if (*c == '\0')
		flags |= RX_CASELESS;
	if ((rx = rx_new(pat, flags, &cause)) == NULL) {
		snprintf(v->msg, sizeof v->msg, "bad pattern: %s",
		    cause != NULL ? cause : "?");
		free(cause);
		return -1;
	}
	rx_match_free(&v->md);
	rx_free(&v->rx);
	v->rx = rx;
	v->md = rx_match_new(rx);
	snprintf(v->pattern, sizeof v->pattern, "%s", pat);
	v->counting = 1;
	v->count_line = 0;
	v->count_matches = 0;
	return 0;
}

int
view_log_input(struct pipelines *p, int wc, int keycode)
{
	struct log_view *v = &p->lv;

	switch (prompt_input(&p->prompt, wc, keycode)) {
	case PROMPT_IGNORED:
		return 0;
	case PROMPT_ACCEPT:
		if (p->prompt.buf[0] != '\0' &&
		    set_pattern(v, p->prompt.buf) == 0)
			start_search(v, +1, nlines(v) > 0 ? v->cur + 1 : 0);
		break;
	default:
		break;
	}
	return PANE_HANDLED | PANE_REDRAW;
}

static int
search_step(struct log_view *v)
{
	size_t line;

	switch (joblog_search(the_log(v), v->rx, v->md, v->from, v->dir,
	    LOG_SLICE, &line)) {
	case JOBLOG_FOUND:
		v->cur = line;
		v->follow = 0;
		if (v->pending > 0) {
			v->pending--;
			v->wrapped = 0;
			v->from = v->dir > 0 ? line + 1 : line > 0 ? line - 1 :
			    SIZE_MAX;
			if (v->from >= nlines(v)) {
				v->wrapped = 1;
				v->from = v->dir > 0 ? 0 : nlines(v) - 1;
			}
			return PANE_BUSY | PANE_REDRAW;
		}
		v->searching = 0;
		return PANE_REDRAW;
	case JOBLOG_MORE:
		v->from = line;
		return PANE_BUSY;
	case JOBLOG_NONE:
		if (!v->wrapped && nlines(v) > 0) {
			v->wrapped = 1;
			v->from = v->dir > 0 ? 0 : nlines(v) - 1;
			snprintf(v->msg, sizeof v->msg, "search wrapped");
			return PANE_BUSY | PANE_REDRAW;
		}
		snprintf(v->msg, sizeof v->msg, "not found: %s", v->pattern);
		v->searching = 0;
		return PANE_REDRAW;
	default:
		snprintf(v->msg, sizeof v->msg, "search failed (PCRE2's match "
		    "limit, or out of memory)");
		stop_search(v);
		return PANE_REDRAW;
	}
}

static int
count_step(struct log_view *v)
{
	struct joblog_count c;
	enum joblog_search_rc rc;

	joblog_count_init(&c, v->count_line, nlines(v));
	c.matches = v->count_matches;
	rc = joblog_count(the_log(v), v->rx, v->md, &c, LOG_SLICE);
	v->count_line = c.line;
	v->count_matches = c.matches;
	if (rc == JOBLOG_MORE)
		return PANE_BUSY;
	v->nmatches = c.matches;
	v->counting = 0;
	return PANE_REDRAW;
}

int
view_log_work(struct pipelines *p)
{
	struct log_view *v = &p->lv;

	if (p->mode != PL_LOG || the_log(v) == NULL || v->rx == NULL)
		return 0;
	if (v->searching)
		return search_step(v);
	if (v->counting)
		return count_step(v);
	return 0;
}

static int
jump_error(struct log_view *v, int dir)
{
	size_t e = dir > 0 ? joblog_next_error(the_log(v), v->cur) :
	    joblog_prev_error(the_log(v), v->cur);

	if (e == SIZE_MAX) {
		snprintf(v->msg, sizeof v->msg, "no %s error line",
		    dir > 0 ? "further" : "earlier");
		return PANE_HANDLED | PANE_REDRAW;
	}
	v->cur = e;
	v->follow = 0;
	v->msg[0] = '\0';
	return PANE_HANDLED | PANE_REDRAW;
}

static void
move_cur(struct log_view *v, long long by)
{
	long long n = (long long)nlines(v), c = (long long)v->cur + by;

	v->cur = (size_t)(c < 0 ? 0 : c >= n ? (n > 0 ? n - 1 : 0) : c);
	v->follow = 0;
}

static int
toggle_follow(struct pipelines *p)
{
	struct log_view *v = &p->lv;

	if (v->job_done) {
		snprintf(v->msg, sizeof v->msg, "the job has finished: "
		    "nothing to follow");
		return PANE_HANDLED | PANE_REDRAW;
	}
	v->follow = !v->follow;
	if (v->follow) {
		ask(p, 1);
		if (nlines(v) > 0)
			v->cur = nlines(v) - 1;
	} else if (p->o->src.stop_follow != NULL)
		p->o->src.stop_follow(p->o->src.arg);
	return PANE_HANDLED | PANE_REDRAW;
}

int
view_log_key(struct pipelines *p, enum action a, int rows)
{
	struct log_view *v = &p->lv;
	long long page = rows > 2 ? rows - 2 : 1;

	if (a != ACT_BACK)
		v->msg[0] = '\0';
	/* Moving while a search runs means the user went on without it:
	 * its answer must not pull the view back later. */
	if (v->searching && (a == ACT_DOWN || a == ACT_UP ||
	    a == ACT_PAGE_DOWN || a == ACT_PAGE_UP || a == ACT_TOP ||
	    a == ACT_BOTTOM || a == ACT_NEXT_ERROR || a == ACT_PREV_ERROR))
		stop_search(v);
	switch (a) {
	case ACT_DOWN:
		move_cur(v, 1);
		break;
	case ACT_UP:
		move_cur(v, -1);
		break;
	case ACT_PAGE_DOWN:
		move_cur(v, page);
		break;
	case ACT_PAGE_UP:
		move_cur(v, -page);
		break;
	case ACT_TOP:
		move_cur(v, -(long long)nlines(v));
		break;
	case ACT_BOTTOM:
		move_cur(v, (long long)nlines(v));
		break;
	case ACT_SEARCH:
		/* Empty, as in less and vim: n repeats the last one. */
		prompt_start(&p->prompt, "/", "");
		break;
	case ACT_NEXT_MATCH:
	case ACT_PREV_MATCH:
		if (v->rx == NULL) {
			snprintf(v->msg, sizeof v->msg, "no search yet: / "
			    "starts one");
			break;
		}
		start_search(v, a == ACT_NEXT_MATCH ? 1 : -1,
		    a == ACT_NEXT_MATCH ? v->cur + 1 : v->cur == 0 ?
		    SIZE_MAX : v->cur - 1);
		break;
	case ACT_NEXT_ERROR:
		return jump_error(v, 1);
	case ACT_PREV_ERROR:
		return jump_error(v, -1);
	case ACT_FOLLOW:
		return toggle_follow(p);
	case ACT_TIMESTAMPS:
		v->keep_time = !v->keep_time;
		break;
	case ACT_BROWSE:
	case ACT_COPY:
		pl_url_action(a, v->url, v->msg, sizeof v->msg);
		break;
	case ACT_BACK:
		if (!v->searching)
			return 0;
		stop_search(v);
		snprintf(v->msg, sizeof v->msg, "search stopped");
		break;
	default:
		return 0;
	}
	return PANE_HANDLED | PANE_REDRAW;
}
