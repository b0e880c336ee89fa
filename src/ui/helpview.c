/* The key hints and the searchable help, from the keymap and the action
 * table: nothing here is a hand-written copy of a binding. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "draw.h"
#include "helpview.h"
#include "opsdeck/element.h"

#define HELP_MAX	(ACT_COUNT + 4)
#define HELP_KEYS	4	/* keys listed per action */

const enum action keyctx_global[] = {
	ACT_QUIT, ACT_HELP, ACT_COMMAND, ACT_FOCUS_NEXT, ACT_FOCUS_PREV,
	ACT_FOCUS_1, ACT_FOCUS_2, ACT_FOCUS_3, ACT_FOCUS_4, ACT_FOCUS_5,
	ACT_FOCUS_6, ACT_FOCUS_7, ACT_FOCUS_8, ACT_FOCUS_9, ACT_ZOOM,
	ACT_BACK, ACT_REFRESH, ACT_ENVIRONMENTS, ACT_APPROVALS, ACT_AUDIT,
};
const size_t keyctx_nglobal = sizeof keyctx_global / sizeof keyctx_global[0];

static int
is_global(enum action a)
{
	size_t i;

	for (i = 0; i < keyctx_nglobal; i++) {
		if (keyctx_global[i] == a)
			return 1;
	}
	return 0;
}

static const char *
describe(const struct keyctx *c, enum action a)
{
	return c->describe != NULL ? c->describe(a, c->arg) : action_help(a);
}

/* Case-insensitive strstr, ASCII folding: UTF-8 bytes match themselves. */
static int
contains(const char *s, const char *needle)
{
	size_t n = strlen(needle), i;

	if (n == 0)
		return 1;
	for (; *s != '\0'; s++) {
		for (i = 0; i < n && s[i] != '\0' &&
		    tolower((unsigned char)s[i]) ==
		    tolower((unsigned char)needle[i]); i++)
			;
		if (i == n)
			return 1;
	}
	return 0;
}

static int
in_context(const struct keyctx *c, enum action a)
{
	size_t i;

	for (i = 0; c->acts != NULL && i < c->nacts; i++) {
		if (c->acts[i] == a)
			return 1;
	}
	return 0;
}

/* One action's line, if it has a key, is not hidden and matches. A pane
 * that binds E to prev-error opens the environments with it where no
 * log takes it (pane_pipelines.c): listed so where it does. */
static int
action_line(const struct keyctx *c, enum action a, const char *filter,
    struct help_line *l)
{
	if (keymap_keys_for(c->km, a, HELP_KEYS, l->keys, sizeof l->keys) == 0 &&
	    (a != ACT_ENVIRONMENTS || in_context(c, ACT_PREV_ERROR) ||
	    keymap_keys_for(c->km, ACT_PREV_ERROR, HELP_KEYS, l->keys,
	    sizeof l->keys) == 0))
		return 0;	/* unbound: nothing to press */
	if ((l->text = describe(c, a)) == NULL)
		return 0;
	return filter == NULL || contains(l->keys, filter) ||
	    contains(l->text, filter) || contains(action_name(a), filter);
}

/* A section: its heading, then its lines; nothing when none match. */
static size_t
section(const struct keyctx *c, const char *heading, const enum action *acts,
    size_t nacts, const char *filter, struct help_line *out, size_t max)
{
	size_t n = 1, i;

	if (max < 2)
		return 0;
	out[0].keys[0] = '\0';
	out[0].text = heading;
	for (i = 0; i < nacts && n < max; i++) {
		if (acts[i] == ACT_NONE || (c->acts != NULL &&
		    acts != keyctx_global && is_global(acts[i])))
			continue;
		n += (size_t)action_line(c, acts[i], filter, &out[n]);
	}
	return n > 1 ? n : 0;
}

size_t
help_lines(const struct keyctx *c, const char *filter, struct help_line *out,
    size_t max)
{
	enum action all[ACT_COUNT];
	const enum action *acts = c->acts;
	size_t nacts = c->nacts, n;
	int a;

	if (filter != NULL && *filter == '\0')
		filter = NULL;
	if (acts == NULL) {	/* every bound one that is not global */
		for (nacts = 0, a = 1; a < ACT_COUNT; a++) {
			if (!is_global((enum action)a))
				all[nacts++] = (enum action)a;
		}
		acts = all;
	}
	n = section(c, c->where, acts, nacts, filter, out, max);
	n += section(c, "everywhere", keyctx_global, keyctx_nglobal, filter,
	    out + n, max - n);
	return n;
}

/* The hint bar's share of the globals, around the context's own. */
static const enum action hint_first[] = { ACT_QUIT, ACT_HELP, ACT_COMMAND,
    ACT_FOCUS_NEXT };
static const enum action hint_last[] = { ACT_BACK, ACT_ZOOM, ACT_REFRESH };

static int
is_motion(enum action a)
{
	return a >= ACT_DOWN && a <= ACT_BOTTOM;
}

static int
hint(WINDOW *w, int x, const struct keyctx *c, enum action a)
{
	char key[32];
	const char *name;

	if (x >= getmaxx(w) || is_motion(a) || describe(c, a) == NULL ||
	    keymap_keys_for(c->km, a, 1, key, sizeof key) == 0)
		return x;	/* unbound or hidden: no hint */
	name = action_name(a);
	x += draw_text(w, 0, x, key, (int)strlen(key) + 1, EL_HINT_KEY);
	x += draw_text(w, 0, x, name, (int)strlen(name) + 2, EL_HINT);
	return x;
}

void
hints_draw(WINDOW *w, const struct keyctx *c)
{
	size_t i;
	int x = 0;

	if (w == NULL)
		return;
	wbkgdset(w, (chtype)element_attr(EL_HINT));
	werase(w);
	for (i = 0; i < sizeof hint_first / sizeof hint_first[0]; i++)
		x = hint(w, x, c, hint_first[i]);
	for (i = 0; c->acts != NULL && i < c->nacts; i++) {
		if (!is_global(c->acts[i]))
			x = hint(w, x, c, c->acts[i]);
	}
	if (c->acts == NULL) {	/* the pane does not say: the common ones */
		x = hint(w, x, c, ACT_OPEN);
		x = hint(w, x, c, ACT_SEARCH);
		x = hint(w, x, c, ACT_SORT);
	}
	for (i = 0; i < sizeof hint_last / sizeof hint_last[0]; i++)
		x = hint(w, x, c, hint_last[i]);
	wnoutrefresh(w);
}

/* The rows the help shows of its lines: the box's borders around them. */
static int
help_rows(void)
{
	return LINES - 2 > 0 ? LINES - 2 : 0;
}

void
helpview_toggle(struct helpview *h)
{
	h->open = !h->open;
	h->prompt.active = 0;
	h->filter[0] = '\0';
	memset(&h->nav, 0, sizeof h->nav);
}

/* n / N: the next or previous line that is not a heading is as far as
 * a filtered help needs to go; they wrap. */
static void
step(struct helpview *h, int dir)
{
	if (h->nlines == 0)
		return;
	h->nav.sel = (h->nav.sel + h->nlines + (size_t)(dir > 0 ? 1 : -1)) %
	    h->nlines;
}

static void
take_filter(struct helpview *h)
{
	snprintf(h->filter, sizeof h->filter, "%s", h->prompt.buf);
	memset(&h->nav, 0, sizeof h->nav);
}

int
helpview_key(struct helpview *h, int wc, int keycode, enum action a)
{
	if (h->prompt.active) {
		switch (prompt_input(&h->prompt, wc, keycode)) {
		case PROMPT_CANCEL:
			h->filter[0] = '\0';
			memset(&h->nav, 0, sizeof h->nav);
			return 1;
		default:	/* as typed, and kept on Enter */
			take_filter(h);
			return 1;
		}
	}
	if (!keycode && wc == '/') {
		prompt_start(&h->prompt, "/", h->filter);
		return 1;
	}
	if (!keycode && (wc == 'n' || wc == 'N')) {
		step(h, wc == 'n' ? 1 : -1);
		return 1;
	}
	if (listnav_key(&h->nav, a, help_rows(), h->nlines))
		return 1;
	if (a == ACT_BACK && h->filter[0] != '\0') {
		h->filter[0] = '\0';
		memset(&h->nav, 0, sizeof h->nav);
		return 1;
	}
	helpview_toggle(h);	/* any other key closes it */
	return 0;
}

/* The bottom border: the search being typed, or the filter in force. */
static void
draw_search(const struct helpview *h, WINDOW *win, int y,
    const struct help_line *l, size_t nlines)
{
	char line[PROMPT_MAX + 48];
	size_t n = 0, i;

	for (i = 0; i < nlines; i++)
		n += l[i].keys[0] != '\0';	/* headings are not keys */

	if (h->prompt.active)
		snprintf(line, sizeof line, " /%s_ ", h->prompt.buf);
	else if (h->filter[0] != '\0')
		snprintf(line, sizeof line, " /%s: %zu %s, Esc clears ",
		    h->filter, n, n == 1 ? "key" : "keys");
	else
		return;
	draw_text(win, y, 2, line, getmaxx(win) - 4, EL_HELP_TITLE);
}

static void
draw_title(const struct helpview *h, WINDOW *win, const struct keyctx *c,
    int scrolls)
{
	char title[128];

	(void)h;
	snprintf(title, sizeof title, " Keys: %s (%s/ searches, any other "
	    "key closes) ", c->where, scrolls ? "arrows scroll, " : "");
	draw_text(win, 0, 2, title, getmaxx(win) - 4, EL_HELP_TITLE);
}

void
helpview_draw(struct helpview *h, const struct keyctx *c)
{
	struct help_line lines[HELP_MAX];
	int hh, w = 78, y, rows;
	size_t n, i;
	WINDOW *win;
	enum element el;

	n = help_lines(c, h->filter, lines, HELP_MAX);
	h->nlines = n;
	hh = (int)n + 2 < 4 ? 4 : (int)n + 2;
	if (hh > LINES)
		hh = LINES;
	if (w > COLS)
		w = COLS;
	rows = hh - 2 > 0 ? hh - 2 : 0;
	listnav_fit(&h->nav, rows, n);
	if (hh < 1 || w < 1 || (win = newwin(hh, w, (LINES - hh) / 2,
	    (COLS - w) / 2)) == NULL)
		return;
	wbkgdset(win, (chtype)element_attr(EL_HELP));
	werase(win);
	draw_box(win);
	draw_title(h, win, c, (size_t)rows < n);
	if (n == 0)
		draw_text(win, 1, 2, "no key matches", w - 4, EL_HELP);
	for (i = h->nav.top, y = 1; i < n && y < hh - 1; i++, y++) {
		el = i == h->nav.sel && (h->filter[0] != '\0' ||
		    h->nav.sel > 0) ? EL_SELECTED : EL_HELP;
		if (lines[i].keys[0] == '\0') {
			draw_text(win, y, 1, lines[i].text, w - 3,
			    EL_HELP_TITLE);
			continue;
		}
		draw_text(win, y, 2, lines[i].keys, 22, EL_HELP_TITLE);
		draw_text(win, y, 25, lines[i].text, w - 27, el);
	}
	draw_search(h, win, hh - 1, lines, n);
	wnoutrefresh(win);
	delwin(win);
}
