/* pane_issues: the issues pane. One line per open GitHub issue carrying a
 * watched label, every repository's, most severe first (issues.h): number,
 * title, labels in their own colours where the terminal has 256, the
 * assignees, comments and age; a repository with issues disabled or whose
 * list could not be read says so on a line of its own. `/` filters (a
 * case-insensitive substring of the number, title, labels, assignees or
 * repository), `s` cycles the order, Enter opens the issue view, `o` and
 * `y` open or copy the issue's URL. Below them, the clones' own
 * issues/NAME.md files with their sync state (issuefile.h). Reads
 * STORE_ISSUES. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "draw.h"
#include "opsdeck/clock.h"
#include "opsdeck/issuefile.h"
#include "opsdeck/issues.h"
#include "opsdeck/listnav.h"
#include "opsdeck/pane.h"
#include "opsdeck/store.h"
#include "opsdeck/xalloc.h"
#include "prompt.h"
#include "term.h"
#include "views.h"

enum isort { ISORT_SEVERITY, ISORT_NEWEST, ISORT_COMMENTS, ISORT_COUNT };

static const char *const isort_names[ISORT_COUNT] = { "severity", "newest",
    "comments" };

struct irow {
	const struct repo_issues *ri;
	const struct issue	*is;	/* NULL: a note or a file */
	const struct issue_file	*file;	/* a local issue file; NULL */
	enum isort		 sort;	/* the order in force (for qsort) */
};

struct ipane {
	struct snapset	*set;
	struct irow	*rows;
	size_t		 nrows;
	struct listnav	 nav;
	struct prompt	 prompt;
	char		*filter;	/* NULL: none */
	enum isort	 sort;
	struct view_stack views;
	char		 note[128];
	char		 status[64];
};

static const struct keybind issues_keys[] = {
	{ '\r', ACT_OPEN },
	{ '\n', ACT_OPEN },
	{ KEY_ENTER, ACT_OPEN },
	{ KEY_RIGHT, ACT_OPEN },
	{ '/', ACT_SEARCH },
	{ 's', ACT_SORT },
	{ 'o', ACT_BROWSE },
	{ 'y', ACT_COPY },
	/* Each opens a dialog no single key confirms (uiact_issue.c). */
	{ 'C', ACT_ISSUE_CREATE },
	{ 'c', ACT_ISSUE_COMMENT },
	{ '+', ACT_LABEL_ADD },
	{ '-', ACT_LABEL_REMOVE },
};

static void *
issues_create(const struct ui_opts *o, struct store *st)
{
	struct ipane *p = xcalloc(1, sizeof *p);

	view_stack_init(&p->views, o, st);
	return p;
}

static void
issues_destroy(void *priv)
{
	struct ipane *p = priv;

	view_stack_done(&p->views);
	free(p->rows);
	free(p->filter);
	store_release(&p->set);
	free(p);
}

static bool
has(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; hay != NULL && *hay != '\0'; hay++) {
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	}
	return false;
}

static bool
row_matches(const struct irow *r, const char *f)
{
	char num[24];
	size_t i;

	if (f == NULL || *f == '\0')
		return true;
	if (r->file != NULL)
		return has(r->file->name, f) || has(r->file->title, f) ||
		    has(r->ri->repo, f) ||
		    has(issuefile_state_word(r->file->state), f);
	if (r->is == NULL)
		return has(r->ri->repo, f);
	snprintf(num, sizeof num, "#%lld", (long long)r->is->number);
	if (has(num, f) || has(r->is->title, f) || has(r->ri->repo, f))
		return true;
	for (i = 0; i < r->is->nlabels; i++) {
		if (has(r->is->labels[i].name, f))
			return true;
	}
	for (i = 0; i < r->is->nassignees; i++) {
		if (has(r->is->assignees[i], f))
			return true;
	}
	return false;
}

static int
row_cmp(const void *a, const void *b)
{
	const struct irow *x = a, *y = b;

	/* The repositories' notes first: they say what is missing; the
	 * local files last, by repository and name. */
	if ((x->file != NULL) != (y->file != NULL))
		return x->file != NULL ? 1 : -1;
	if (x->file != NULL)
		return strcmp(x->ri->repo, y->ri->repo) != 0 ?
		    strcmp(x->ri->repo, y->ri->repo) :
		    strcmp(x->file->name, y->file->name);
	if ((x->is == NULL) != (y->is == NULL))
		return x->is == NULL ? -1 : 1;
	if (x->is == NULL)
		return strcmp(x->ri->repo, y->ri->repo);
	if (x->sort == ISORT_NEWEST && x->is->created_at != y->is->created_at)
		return x->is->created_at > y->is->created_at ? -1 : 1;
	if (x->sort == ISORT_COMMENTS && x->is->comments != y->is->comments)
		return y->is->comments - x->is->comments;
	if (issue_severity(x->is) != issue_severity(y->is))
		return issue_severity(x->is) - issue_severity(y->is);
	if (x->is->created_at != y->is->created_at)
		return x->is->created_at < y->is->created_at ? -1 : 1;
	return strcmp(x->ri->repo, y->ri->repo);
}

static void
add_row(struct ipane *p, const struct repo_issues *ri, const struct issue *is,
    const struct issue_file *file, size_t *cap)
{
	struct irow r = { ri, is, file, p->sort };

	if (!row_matches(&r, p->filter))
		return;
	if (p->nrows == *cap) {
		*cap = *cap * 2 + 16;
		p->rows = xreallocarray(p->rows, *cap, sizeof *p->rows);
	}
	p->rows[p->nrows++] = r;
}

static void
rebuild(struct ipane *p)
{
	const struct repo_issues *ri;
	const struct issue *sel = p->nav.sel < p->nrows ?
	    p->rows[p->nav.sel].is : NULL;
	int64_t sel_num = sel != NULL ? sel->number : 0;
	size_t i, j, cap = 0, total = 0, out_of_date = 0;

	p->nrows = 0;
	for (i = 0; i < snapset_count(p->set); i++) {
		ri = snap_data(snapset_at(p->set, i));
		if (ri->disabled || ri->stale)
			add_row(p, ri, NULL, NULL, &cap);
		for (j = 0; j < ri->n; j++)
			add_row(p, ri, &ri->items[j], NULL, &cap);
		for (j = 0; j < ri->nfiles; j++)
			add_row(p, ri, NULL, &ri->files[j], &cap);
		total += ri->n;
		for (j = 0; j < ri->nfiles; j++)
			out_of_date += ri->files[j].state == ISSUEFILE_CLOSED;
	}
	if (p->nrows > 1)
		qsort(p->rows, p->nrows, sizeof *p->rows, row_cmp);
	/* The cursor stays on its issue through a new snapshot. */
	for (i = 0; sel_num != 0 && i < p->nrows; i++) {
		if (p->rows[i].is != NULL && p->rows[i].is->number == sel_num) {
			p->nav.sel = i;
			break;
		}
	}
	snprintf(p->status, sizeof p->status, total > 0 ? "%zu open" : "",
	    total);
	if (out_of_date > 0)
		snprintf(p->status + strlen(p->status), sizeof p->status -
		    strlen(p->status), "%s%zu file%s out of date",
		    total > 0 ? ", " : "", out_of_date, out_of_date == 1 ? "" :
		    "s");
}

static int
issues_on_data(void *priv, struct store *st)
{
	struct ipane *p = priv;

	store_release(&p->set);
	p->set = store_acquire(st, STORE_ISSUES);
	/* The rows point into the old set: rebuilt before it is gone. */
	p->nrows = 0;
	rebuild(p);
	view_stack_on_data(&p->views, st);
	return PANE_REDRAW;
}

/* The labels, each in its own colour where it has one. */
static int
draw_labels(WINDOW *w, int y, int x, int cols, const struct issue *is)
{
	char spec[16];
	int used = 0, c;
	size_t i;

	for (i = 0; i < is->nlabels && used + 3 < cols; i++) {
		c = issue_label_xterm256(is->labels[i].color);
		snprintf(spec, sizeof spec, "%d", c);
		used += draw_text_attr(w, y, x + used, is->labels[i].name,
		    (int)strlen(is->labels[i].name) < cols - used ?
		    (int)strlen(is->labels[i].name) : cols - used,
		    draw_colour_attr(c >= 0 ? spec : NULL, EL_REPO));
		if (used < cols)
			used += draw_text(w, y, x + used, " ", 1, EL_NORMAL);
	}
	return used;
}

/* "@alice+ 12c 3d": the first assignee (+ when more), comments, age. */
static void
tail_text(char *dst, size_t size, const struct issue *is, time_t now)
{
	char age[16];

	if (is->created_at != 0)
		clock_format_span(age, sizeof age, (long long)(now -
		    is->created_at));
	else
		snprintf(age, sizeof age, "-");
	snprintf(dst, size, "%s%.20s%s %3dc %4s", is->nassignees > 0 ? "@" :
	    "", is->nassignees > 0 ? is->assignees[0] : "",
	    is->nassignees > 1 ? "+" : "", is->comments, age);
}

static void
draw_issue(WINDOW *w, int y, int cols, const struct irow *r, time_t now,
    bool multi)
{
	const struct issue *is = r->is;
	char num[24], tail[64];
	int x = 1, title_w, tail_w = cols >= 80 ? 24 : 12;
	int label_w = cols >= 80 ? 22 : 10;

	snprintf(num, sizeof num, "#%lld", (long long)is->number);
	x += draw_text(w, y, x, num, 7, issue_severity(is) < 100 ?
	    EL_RUN_FAILED : EL_NORMAL);
	if (multi && cols >= 90)
		x += draw_text(w, y, x, r->ri->repo, 16, EL_DIM);
	title_w = cols - 1 - x - label_w - tail_w;
	if (title_w < 8)
		title_w = 8;
	x += draw_text(w, y, x, is->title, title_w, EL_NORMAL);
	if (x + 1 + label_w + tail_w <= cols) {
		draw_labels(w, y, x + 1, label_w - 1, is);
		x += 1 + label_w;
	}
	tail_text(tail, sizeof tail, is, now);
	if (x < cols - 1)
		draw_text(w, y, x, tail, cols - 1 - x < tail_w ? cols - 1 - x :
		    tail_w, EL_DIM);
}

/* A local file: its name, title and sync state (with the link). */
static void
draw_file(WINDOW *w, int y, int cols, const struct irow *r)
{
	const struct issue_file *f = r->file;
	enum element el;
	char state[300];
	int x = 1;

	el = f->state == ISSUEFILE_OPEN ? EL_RUN_SUCCEEDED :
	    f->state == ISSUEFILE_CLOSED ? EL_STALE : f->state ==
	    ISSUEFILE_MALFORMED ? EL_ERROR : EL_DIM;
	if (f->state == ISSUEFILE_MALFORMED)
		snprintf(state, sizeof state, "malformed: %s", f->reason);
	else if (f->link_number > 0)
		snprintf(state, sizeof state, "%s#%lld %s", strcmp(f->link_repo,
		    r->ri->repo) != 0 ? f->link_repo : "",
		    (long long)f->link_number, issuefile_state_word(f->state));
	else
		snprintf(state, sizeof state, "%s",
		    issuefile_state_word(f->state));
	x += draw_text(w, y, x, "file", 5, EL_DIM);
	x += draw_text(w, y, x, f->name, cols >= 100 ? 28 : 18, EL_REPO);
	if (f->title != NULL && cols - x > 40)
		x += draw_text(w, y, x, f->title, cols - x - 40, EL_NORMAL);
	if (x < cols - 1)
		draw_text(w, y, x, state, cols - 1 - x, el);
}

static void
draw_note(WINDOW *w, int y, int cols, const struct irow *r)
{
	char line[400];

	snprintf(line, sizeof line, "%s: %s", r->ri->repo, r->ri->disabled ?
	    "issues are disabled for this repository" : r->ri->error != NULL ?
	    r->ri->error : "stale");
	draw_text(w, y, 1, line, cols - 2, r->ri->disabled ? EL_DIM :
	    EL_STALE);
}

static void
issues_draw(void *priv, WINDOW *w, int focused, time_t now)
{
	struct ipane *p = priv;
	int rows = getmaxy(w), cols = getmaxx(w), y = 0;
	char line[PROMPT_MAX + 64];
	size_t i;

	if (view_stack_depth(&p->views) > 0) {
		view_stack_draw(&p->views, w, now);
		return;
	}
	if (p->prompt.active) {
		prompt_draw(&p->prompt, w, y++);
	} else if (p->filter != NULL || p->sort != ISORT_SEVERITY) {
		snprintf(line, sizeof line, "%s%s%sorder: %s", p->filter != NULL ?
		    "filter: " : "", p->filter != NULL ? p->filter : "",
		    p->filter != NULL ? "  " : "", isort_names[p->sort]);
		draw_text(w, y++, 1, line, cols - 2, EL_DIM);
	}
	if (p->note[0] != '\0')
		draw_text(w, y++, 1, p->note, cols - 2, EL_DIM);
	if (p->nrows == 0) {
		draw_text(w, y, 1, p->filter != NULL ? "Nothing matches the "
		    "filter (Esc clears it)." : snapset_count(p->set) == 0 ?
		    "Issues: no data yet." :
		    "No open issue with a watched label.", cols - 2, EL_DIM);
		return;
	}
	listnav_fit(&p->nav, rows - y, p->nrows);
	for (i = p->nav.top; y < rows && i < p->nrows; y++, i++) {
		if (focused && i == p->nav.sel)
			wattron(w, A_REVERSE);
		if (p->rows[i].file != NULL)
			draw_file(w, y, cols, &p->rows[i]);
		else if (p->rows[i].is == NULL)
			draw_note(w, y, cols, &p->rows[i]);
		else
			draw_issue(w, y, cols, &p->rows[i], now,
			    snapset_count(p->set) > 1);
		if (focused && i == p->nav.sel)
			wattroff(w, A_REVERSE);
	}
}

static const struct issue *
selected(const struct ipane *p)
{
	return p->nav.sel < p->nrows ? p->rows[p->nav.sel].is : NULL;
}

static int
open_selected(struct ipane *p)
{
	struct view_issue_args a;
	const struct issue *is = selected(p);

	if (is == NULL)
		return PANE_HANDLED;
	a.repo = p->rows[p->nav.sel].ri->repo;
	a.number = is->number;
	if (view_stack_push(&p->views, &view_issue_ops, &a) != 0)
		snprintf(p->note, sizeof p->note, "cannot open that");
	return PANE_HANDLED | PANE_REDRAW;
}

static int
list_key(struct ipane *p, enum action a, int rows)
{
	const struct issue *is;

	p->note[0] = '\0';
	if (listnav_key(&p->nav, a, rows, p->nrows))
		return PANE_HANDLED | PANE_REDRAW;
	switch (a) {
	case ACT_OPEN:
		return open_selected(p);
	case ACT_SEARCH:
		prompt_start(&p->prompt, "/", p->filter);
		return PANE_HANDLED | PANE_REDRAW;
	case ACT_SORT:
		p->sort = (p->sort + 1) % ISORT_COUNT;
		rebuild(p);
		return PANE_HANDLED | PANE_REDRAW;
	case ACT_BROWSE:
	case ACT_COPY:
		if ((is = selected(p)) != NULL && is->html_url != NULL)
			term_url_action(a, is->html_url, p->note,
			    sizeof p->note);
		else
			snprintf(p->note, sizeof p->note,
			    "select an issue first");
		return PANE_HANDLED | PANE_REDRAW;
	case ACT_BACK:
		if (p->filter == NULL)
			return 0;
		free(p->filter);
		p->filter = NULL;
		rebuild(p);
		return PANE_HANDLED | PANE_REDRAW;
	default:
		return 0;
	}
}

static int
issues_key(void *priv, enum action a, int rows)
{
	struct ipane *p = priv;

	if (view_stack_depth(&p->views) > 0)
		return view_stack_key(&p->views, a, rows);
	return list_key(p, a, rows);
}

static void
set_filter(struct ipane *p, const char *text)
{
	free(p->filter);
	p->filter = text != NULL && *text != '\0' ? xstrdup(text) : NULL;
	p->nav.sel = p->nav.top = 0;
	rebuild(p);
}

static int
issues_input(void *priv, int wc, int keycode)
{
	struct ipane *p = priv;

	if (view_stack_depth(&p->views) > 0)
		return view_stack_input(&p->views, wc, keycode);
	switch (prompt_input(&p->prompt, wc, keycode)) {
	case PROMPT_IGNORED:
		return 0;
	case PROMPT_EDITED:
	case PROMPT_ACCEPT:
		set_filter(p, p->prompt.buf);
		break;
	case PROMPT_CANCEL:
		set_filter(p, "");
		break;
	}
	return PANE_HANDLED | PANE_REDRAW;
}

/* Ages change with time alone. */
static int
issues_tick(void *priv, time_t now)
{
	struct ipane *p = priv;
	int best = -1, t;
	size_t i;

	if (view_stack_depth(&p->views) > 0)
		return view_stack_tick(&p->views, now);
	for (i = 0; i < p->nrows; i++) {
		if (p->rows[i].is == NULL || p->rows[i].is->created_at == 0)
			continue;
		t = draw_span_tick((long long)(now -
		    p->rows[i].is->created_at));
		if (t > 0 && (best < 0 || t < best))
			best = t;
	}
	return best;
}

/* C, c, + and -: the issue the view shows, or the selected row's issue
 * or local file. */
static int
issues_target(void *priv, struct ui_target *t)
{
	struct ipane *p = priv;
	const struct irow *r;

	if (view_stack_depth(&p->views) > 0)
		return view_stack_target(&p->views, t);
	if (p->nav.sel >= p->nrows)
		return -1;
	r = &p->rows[p->nav.sel];
	if (r->is == NULL && r->file == NULL)
		return -1;
	memset(t, 0, sizeof *t);
	t->repo = r->ri->repo;
	t->issue = r->is;
	t->issue_number = r->is != NULL ? r->is->number : 0;
	t->issue_file = r->file;
	t->title = r->is != NULL ? r->is->title : r->file->title;
	return 0;
}

static const char *
issues_status(void *priv)
{
	struct ipane *p = priv;

	if (view_stack_depth(&p->views) > 0)
		return view_stack_status(&p->views);
	return p->status[0] != '\0' ? p->status : NULL;
}

static time_t
issues_data_time(void *priv)
{
	struct ipane *p = priv;
	const struct repo_issues *ri;
	time_t oldest = 0;
	size_t i;

	for (i = 0; i < snapset_count(p->set); i++) {
		ri = snap_data(snapset_at(p->set, i));
		if (ri->fetched_at != 0 && (oldest == 0 ||
		    ri->fetched_at < oldest))
			oldest = ri->fetched_at;
	}
	return oldest;
}

/* What the hints and the help offer here (the keys: the keymap). */
static const enum action issues_acts[] = {
	OD_MOTION_ACTS,
	ACT_OPEN,
	ACT_SEARCH,
	ACT_SORT,
	ACT_BROWSE,
	ACT_COPY,
	ACT_ISSUE_CREATE,
	ACT_ISSUE_COMMENT,
	ACT_LABEL_ADD,
	ACT_LABEL_REMOVE,
};

static const struct view_ops *
issues_top_view(void *priv)
{
	return view_stack_top(&((struct ipane *)priv)->views);
}

const struct pane_ops pane_issues_ops = {
	.name = "issues",
	.title = "Issues",
	.domains = PANE_DOMAIN(STORE_ISSUES) | PANE_DOMAIN(STORE_DETAIL),
	.create = issues_create,
	.destroy = issues_destroy,
	.on_data = issues_on_data,
	.draw = issues_draw,
	.key = issues_key,
	.input = issues_input,
	.tick = issues_tick,
	.status = issues_status,
	.data_time = issues_data_time,
	.target = issues_target,
	.keys = issues_keys,
	.nkeys = sizeof issues_keys / sizeof issues_keys[0],
	.top_view = issues_top_view,
	.acts = issues_acts,
	.nacts = sizeof issues_acts / sizeof issues_acts[0],
};
