/* The log view (Enter on a job): the job's log, opened at the first error
 * of the failing step, colours rendered (never passed raw), secrets
 * masked, groups indented; PCRE2 search in slices between keys (n/N),
 * error jumps (e/E), follow mode for a running job. Without a mask (one
 * that does not compile) it shows no line of the log at all: masking
 * fails closed. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "opsdeck/detailmodel.h"
#include "opsdeck/joblog.h"
#include "opsdeck/listnav.h"
#include "opsdeck/run.h"
#include "opsdeck/rx.h"
#include "opsdeck/store.h"
#include "opsdeck/text.h"
#include "opsdeck/ui.h"
#include "opsdeck/xalloc.h"
#include "prompt.h"
#include "term.h"
#include "views.h"

/* Bytes searched per loop turn: a few milliseconds with the JIT. */
#define LOG_SLICE	(4u << 20)
#define LOG_INDENT_MAX	8

struct log_view {
	struct view_stack *stack;
	char		*repo;
	int64_t		 job_id;
	char		*job;		/* the job's name, for the title */
	char		*url;		/* the job's html_url */
	time_t		 failed_step_at; /* where the first error is looked for */
	int		 job_done;
	struct snap	*snap;		/* ref on "log:..." in STORE_DETAIL */
	const struct detailmodel_log *dl;
	struct listnav	 nav;		/* sel: the line the view is on */
	int		 placed;	/* sel set from the log (first error) */
	int		 follow;
	int		 keep_time;
	/* NULL when the patterns did not compile: nothing is shown then. */
	struct joblog_mask *mask;
	char		 mask_error[256];
	struct prompt	 prompt;
	/* Search: a slice per loop turn (work), never a stall. */
	struct rx	*rx;
	struct rx_match	*md;
	char		 pattern[PROMPT_MAX];
	int		 searching;	/* a search is under way */
	int		 pending;	/* more n (or N) typed meanwhile */
	int		 dir;
	size_t		 from;		/* where the search goes on */
	int		 wrapped;
	int		 counting;
	size_t		 count_line, count_matches, nmatches;
	char		 msg[PROMPT_MAX + 64];
};

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

/* Without a mask the log would not be shown: it is not fetched either. */
static void
ask(struct log_view *v, int follow)
{
	const struct ui_sources *src = &v->stack->o->src;

	if (src->want_log != NULL && v->mask != NULL)
		src->want_log(src->arg, v->repo, v->job_id, follow);
}

static void
stop_follow(struct log_view *v)
{
	const struct ui_sources *src = &v->stack->o->src;

	if (src->stop_follow != NULL)
		src->stop_follow(src->arg);
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
	pats = xcalloc(n + o->nmask + 1, sizeof *pats);
	for (i = 0; i < n; i++)
		pats[i] = joblog_default_secrets[i];
	for (i = 0; i < o->nmask; i++)
		pats[n + i] = o->mask[i];
	if ((m = joblog_mask_new(pats, &cause)) == NULL)
		snprintf(msg, size, "masking unavailable (log.mask: %s): the "
		    "log is not shown", cause != NULL ? cause : "out of memory");
	free(cause);
	free(pats);
	return m;
}

static void log_on_data(void *, struct store *);

static void *
log_open(struct view_stack *s, const void *args)
{
	const struct view_log_args *a = args;
	const struct job *j = a->job;
	struct log_view *v = xcalloc(1, sizeof *v);
	size_t k;

	v->stack = s;
	v->nav.sel = v->nav.top = 0;
	v->mask = make_mask(s->o, v->mask_error, sizeof v->mask_error);
	v->repo = xstrdup(a->repo);
	v->job = xstrdup(j->name != NULL ? j->name : "");
	v->url = xstrdup(j->html_url != NULL ? j->html_url : "");
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
	log_on_data(v, s->store);
	ask(v, v->follow);
	return v;
}

static void
stop_search(struct log_view *v)
{
	v->searching = 0;
	v->pending = 0;
	v->counting = 0;
}

static void
log_close(void *priv)
{
	struct log_view *v = priv;

	if (v->follow && !v->job_done)
		stop_follow(v);
	snap_unref(&v->snap);
	rx_match_free(&v->md);
	rx_free(&v->rx);
	joblog_mask_free(&v->mask);
	free(v->repo);
	free(v->job);
	free(v->url);
	free(v);
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
		v->nav.sel = n - 1;
	else if ((e = joblog_first_error_since(log, v->failed_step_at)) !=
	    SIZE_MAX)
		v->nav.sel = e;
	else
		v->nav.sel = 0;
	v->nav.top = v->nav.sel > 3 ? v->nav.sel - 3 : 0;
	v->placed = 1;
}

static void
log_on_data(void *priv, struct store *store)
{
	struct log_view *v = priv;
	struct snapset *detail;
	struct snap *s = NULL;
	char key[300];
	size_t old = nlines(v);

	if (v->mask == NULL)
		return;
	detail = store_acquire(store, STORE_DETAIL);
	if (detailmodel_log_key(key, sizeof key, v->repo, v->job_id) == 0)
		s = snapset_find(detail, key);
	if (s == NULL || s == v->snap) {
		store_release(&detail);
		return;
	}
	/* A search in flight keeps its place: lines only grow. */
	snap_unref(&v->snap);
	v->snap = snap_ref(s);
	store_release(&detail);
	v->dl = snap_data(v->snap);
	if (v->dl->complete && !v->job_done) {
		v->job_done = 1;
		v->follow = 0;
	}
	if (v->dl->evicted && !v->dl->loading)
		ask(v, v->follow);
	if (the_log(v) == NULL)
		return;
	if (!v->placed)
		place(v);
	else if (v->follow && nlines(v) > old)
		v->nav.sel = nlines(v) - 1;
	if (v->follow && !v->job_done)
		ask(v, 1);	/* renews the follow */
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

static void
status_line(struct log_view *v, char *buf, size_t size)
{
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
	    nlines(v) > 0 ? v->nav.sel + 1 : 0, nlines(v),
	    cut[0] != '\0' ? "  " : "", cut,
	    v->follow ? "  following" : "", v->dl != NULL &&
	    v->dl->loading ? "  loading..." : "", search,
	    v->msg[0] != '\0' ? "  " : "", v->msg);
}

static void
log_draw(void *priv, WINDOW *w, time_t now)
{
	struct log_view *v = priv;
	int rows = getmaxy(w) - 1, cols = getmaxx(w), y, gutter;
	unsigned long sel = element_attr(EL_SELECTED);
	char status[512];
	size_t n = nlines(v), i;

	(void)now;
	if (rows < 1)
		return;
	if (v->mask == NULL) {
		/* Never a line of it unmasked, not even its length. */
		draw_text(w, 0, 1, v->mask_error, cols - 1, EL_ERROR);
		draw_text(w, rows, 0, v->job, cols, EL_HINT);
		return;
	}
	if (v->prompt.active)
		prompt_draw(&v->prompt, w, rows);
	else {
		status_line(v, status, sizeof status);
		draw_text(w, rows, 0, status, cols, EL_HINT);
	}
	if (n == 0) {
		draw_text(w, 0, 1, v->dl != NULL && v->dl->error != NULL ?
		    v->dl->error : v->dl != NULL && !v->dl->loading ?
		    "The log is empty." : v->stack->o->src.want_log == NULL ?
		    "No logs here (the demo has none)." : "loading log...",
		    cols - 1,
		    v->dl != NULL && v->dl->error != NULL ? EL_ERROR : EL_DIM);
		return;
	}
	listnav_fit(&v->nav, rows, n);
	gutter = (int)digits(n);
	for (y = 0, i = v->nav.top; i < n && y < rows; i++, y++) {
		draw_line(v, w, y, i, gutter);
		if (i == v->nav.sel)
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

static int
log_input(void *priv, int wc, int keycode)
{
	struct log_view *v = priv;

	switch (prompt_input(&v->prompt, wc, keycode)) {
	case PROMPT_IGNORED:
		return 0;
	case PROMPT_ACCEPT:
		if (v->prompt.buf[0] != '\0' &&
		    set_pattern(v, v->prompt.buf) == 0)
			start_search(v, +1, nlines(v) > 0 ? v->nav.sel + 1 : 0);
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
		v->nav.sel = line;
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

static int
log_work(void *priv)
{
	struct log_view *v = priv;

	if (the_log(v) == NULL || v->rx == NULL)
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
	size_t e = dir > 0 ? joblog_next_error(the_log(v), v->nav.sel) :
	    joblog_prev_error(the_log(v), v->nav.sel);

	if (e == SIZE_MAX) {
		snprintf(v->msg, sizeof v->msg, "no %s error line",
		    dir > 0 ? "further" : "earlier");
		return PANE_HANDLED | PANE_REDRAW;
	}
	v->nav.sel = e;
	v->follow = 0;
	v->msg[0] = '\0';
	return PANE_HANDLED | PANE_REDRAW;
}

static int
toggle_follow(struct log_view *v)
{
	if (v->job_done) {
		snprintf(v->msg, sizeof v->msg, "the job has finished: "
		    "nothing to follow");
		return PANE_HANDLED | PANE_REDRAW;
	}
	v->follow = !v->follow;
	if (v->follow) {
		ask(v, 1);
		if (nlines(v) > 0)
			v->nav.sel = nlines(v) - 1;
	} else
		stop_follow(v);
	return PANE_HANDLED | PANE_REDRAW;
}

static int
log_key(void *priv, enum action a, int rows)
{
	struct log_view *v = priv;
	int moving;

	if (a != ACT_BACK)
		v->msg[0] = '\0';
	moving = a == ACT_DOWN || a == ACT_UP || a == ACT_PAGE_DOWN ||
	    a == ACT_PAGE_UP || a == ACT_TOP || a == ACT_BOTTOM;
	if (v->mask == NULL && a != ACT_BACK && a != ACT_BROWSE &&
	    a != ACT_COPY)
		return 0;	/* nothing shown: nothing to move or search */
	/* Moving while a search runs means the user went on without it:
	 * its answer must not pull the view back later. */
	if (v->searching && (moving || a == ACT_NEXT_ERROR ||
	    a == ACT_PREV_ERROR))
		stop_search(v);
	/* The status line is not part of the list. */
	if (listnav_key(&v->nav, a, rows - 1, nlines(v))) {
		v->follow = 0;
		return PANE_HANDLED | PANE_REDRAW;
	}
	switch (a) {
	case ACT_SEARCH:
		/* Empty, as in less and vim: n repeats the last one. */
		prompt_start(&v->prompt, "/", "");
		break;
	case ACT_NEXT_MATCH:
	case ACT_PREV_MATCH:
		if (v->rx == NULL) {
			snprintf(v->msg, sizeof v->msg, "no search yet: / "
			    "starts one");
			break;
		}
		start_search(v, a == ACT_NEXT_MATCH ? 1 : -1,
		    a == ACT_NEXT_MATCH ? v->nav.sel + 1 : v->nav.sel == 0 ?
		    SIZE_MAX : v->nav.sel - 1);
		break;
	case ACT_NEXT_ERROR:
		return jump_error(v, 1);
	case ACT_PREV_ERROR:
		return jump_error(v, -1);
	case ACT_FOLLOW:
		return toggle_follow(v);
	case ACT_TIMESTAMPS:
		v->keep_time = !v->keep_time;
		break;
	case ACT_BROWSE:
	case ACT_COPY:
		term_url_action(a, v->url, v->msg, sizeof v->msg);
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

static const char *
log_status(void *priv)
{
	return ((struct log_view *)priv)->job;
}

/* What the hints and the help offer here (the keys: the keymap). */
static const enum action log_acts[] = {
	OD_MOTION_ACTS,
	ACT_SEARCH,
	ACT_NEXT_MATCH,
	ACT_PREV_MATCH,
	ACT_NEXT_ERROR,
	ACT_PREV_ERROR,
	ACT_FOLLOW,
	ACT_TIMESTAMPS,
	ACT_BROWSE,
	ACT_COPY,
	ACT_RERUN_FAILED,
	ACT_CANCEL_RUN,
};

const struct view_ops view_log_ops = {
	.name = "log",
	.domains = PANE_DOMAIN(STORE_DETAIL),
	.open = log_open,
	.close = log_close,
	.on_data = log_on_data,
	.draw = log_draw,
	.key = log_key,
	.input = log_input,
	.work = log_work,
	.status = log_status,
	.acts = log_acts,
	.nacts = sizeof log_acts / sizeof log_acts[0],
};
