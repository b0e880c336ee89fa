/* Layout arithmetic: where header, panes and hints go at several terminal
 * sizes, and which table columns survive a narrow pane. Pure, no curses. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "opsdeck/apistatus.h"
#include "opsdeck/clock.h"
#include "opsdeck/layout.h"
#include "../../src/ui/draw.h"
#include "../../src/ui/frame.h"
#include "../tap.h"

/* The pane table's grid today: pipelines and quality on top, issues and
 * health below, the left ones twice as wide. */
#define NP	4
static const struct layout_cell four[NP] = {
	{ 0, 2 }, { 0, 1 }, { 1, 2 }, { 1, 1 },
};

static int
inside(const struct rect *r, int lines, int cols)
{
	return r->h == 0 || (r->y >= 0 && r->x >= 0 && r->y + r->h <= lines &&
	    r->x + r->w <= cols);
}

static int
overlap(const struct rect *a, const struct rect *b)
{
	if (a->h == 0 || b->h == 0)
		return 0;
	return a->y < b->y + b->h && b->y < a->y + a->h &&
	    a->x < b->x + b->w && b->x < a->x + a->w;
}

/* Every shown rect is on screen and no two overlap. */
static int
sane(const struct layout *l, int lines, int cols)
{
	const struct rect *all[NP + 2];
	int i, j;

	all[0] = &l->header;
	all[1] = &l->hints;
	for (i = 0; i < NP; i++)
		all[i + 2] = &l->pane[i];
	for (i = 0; i < NP + 2; i++) {
		if (!inside(all[i], lines, cols))
			return 0;
		for (j = i + 1; j < NP + 2; j++) {
			if (overlap(all[i], all[j]))
				return 0;
		}
	}
	return 1;
}

static int
shown(const struct layout *l)
{
	int i, n = 0;

	for (i = 0; i < NP; i++)
		n += l->pane[i].h > 0;
	return n;
}

static void
test_grid(void)
{
	struct layout l;
	int area = 0, i;

	layout_compute(&l, 40, 120, LAYOUT_GRID, -1, 0, four, NP);
	ok(l.header.y == 0 && l.header.h == 1 && l.header.w == 120,
	    "120x40: header on the first line");
	ok(l.hints.y == 39 && l.hints.h == 1 && l.hints.w == 120,
	    "120x40: hints on the last line");
	is_int(shown(&l), 4, "120x40: four panes");
	ok(sane(&l, 40, 120), "120x40: on screen, no overlap");
	ok(l.pane[0].y == l.pane[1].y && l.pane[2].y == l.pane[3].y &&
	    l.pane[0].x == l.pane[2].x && l.pane[1].x == l.pane[3].x &&
	    l.pane[2].y > l.pane[0].y && l.pane[1].x > l.pane[0].x,
	    "120x40: a 2x2 grid");
	ok(l.pane[0].w > l.pane[1].w && l.pane[0].h >= l.pane[2].h,
	    "the pipelines pane is the largest");
	for (i = 0; i < NP; i++)
		area += l.pane[i].h * l.pane[i].w;
	/* Body rows x cols minus the one-column gutter per row. */
	is_int(area, 38 * 119, "the body is covered, one gutter column");

	layout_compute(&l, 24, 80, LAYOUT_GRID, -1, 2, four, NP);
	is_int(shown(&l), 4, "80x24: still four panes");
	ok(sane(&l, 24, 80), "80x24: on screen, no overlap");
	ok(l.pane[0].h >= 5 && l.pane[0].w >= 50,
	    "80x24: pipelines has room (%dx%d)", l.pane[0].w, l.pane[0].h);
}

static void
test_stack_zoom(void)
{
	struct layout l;
	int i, rows = 0;

	is_int(layout_kind_from_name("stack"), LAYOUT_STACK, "stack by name");
	is_int(layout_kind_from_name(NULL), LAYOUT_GRID, "grid by default");
	is_int(layout_kind_from_name("bogus"), LAYOUT_GRID, "grid if unknown");
	layout_compute(&l, 40, 120, LAYOUT_STACK, -1, 0, four, NP);
	is_int(shown(&l), 4, "stack: four panes");
	for (i = 0; i < NP; i++) {
		rows += l.pane[i].h;
		if (l.pane[i].w != 120 || l.pane[i].x != 0)
			break;
	}
	is_int(i, NP, "stack: one column, full width");
	is_int(rows, 38, "stack: the body rows are all used");
	ok(sane(&l, 40, 120), "stack: no overlap");

	layout_compute(&l, 40, 120, LAYOUT_GRID, 2, 2, four, NP);
	is_int(shown(&l), 1, "zoom: one pane");
	ok(l.pane[2].y == 1 && l.pane[2].h == 38 && l.pane[2].w == 120,
	    "zoom: the pane takes the whole body");
}

static void
test_tiny(void)
{
	static const int sizes[][2] = { { 24, 80 }, { 5, 20 }, { 6, 30 },
	    { 3, 10 }, { 2, 5 }, { 1, 1 }, { 0, 0 }, { 200, 1 }, { 1, 300 } };
	struct layout l;
	size_t i;
	int bad = 0;

	layout_compute(&l, 5, 20, LAYOUT_GRID, -1, 1, four, NP);
	is_int(shown(&l), 1, "20x5: only the focused pane");
	ok(l.pane[1].h == 3 && l.pane[1].w == 20 && l.header.h == 1 &&
	    l.hints.h == 1, "20x5: header, 3 rows of pane 2, hints");
	layout_compute(&l, 2, 20, LAYOUT_GRID, -1, 0, four, NP);
	ok(l.header.h == 1 && l.hints.h == 0, "2 lines: header, no hints");
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		layout_compute(&l, sizes[i][0], sizes[i][1], LAYOUT_GRID, -1,
		    3, four, NP);
		bad += !sane(&l, sizes[i][0], sizes[i][1]);
		layout_compute(&l, sizes[i][0], sizes[i][1], LAYOUT_STACK, 0,
		    0, four, NP);
		bad += !sane(&l, sizes[i][0], sizes[i][1]);
	}
	is_int(bad, 0, "every size down to 0x0 stays on screen");
}

static void
test_columns(void)
{
	/* status, workflow, branch, actor: actor drops first. */
	static const struct column_spec c[] = {
		{ 12, 15, 9 }, { 10, 22, 8 }, { 8, 20, 5 }, { 8, 14, 2 },
	};
	int w[4], used;

	used = layout_columns(c, 4, 200, w);
	ok(w[0] == 15 && w[1] == 22 && w[2] == 20 && w[3] == 14,
	    "wide: every column at its wanted width");
	is_int(used, 15 + 22 + 20 + 14 + 3, "wide: used = widths + gaps");

	used = layout_columns(c, 4, 41, w);
	ok(w[0] == 12 && w[1] == 10 && w[2] == 8 && w[3] == 8,
	    "exactly the minimum: all shown at minimum");
	is_int(used, 41, "and all of the width used");

	used = layout_columns(c, 4, 40, w);
	ok(w[3] == 0 && w[0] > 0 && w[1] > 0 && w[2] > 0,
	    "one short: the lowest priority column drops");
	ok(w[0] == 15 && w[1] == 10 + 40 - 32 - 3 && w[2] == 8,
	    "spare width goes to the highest priority first (%d %d %d)",
	    w[0], w[1], w[2]);
	is_int(used, 40, "and fills the width");

	used = layout_columns(c, 4, 23, w);
	ok(w[0] > 0 && w[1] > 0 && w[2] == 0 && w[3] == 0,
	    "narrow: branch goes next");
	ok(used <= 23, "never wider than asked (%d)", used);
	used = layout_columns(c, 4, 5, w);
	ok(w[0] == 0 && w[1] == 0 && w[2] == 0 && w[3] == 0 && used == 0,
	    "too narrow for anything: nothing");
}

/* The tick is right when the text is the same one second before the
 * deadline and different at it, for every value in a range. */
static int
tick_exact(void (*fmt)(char *, size_t, long long), int (*tick)(long long),
    long long from, long long to, int step)
{
	char a[32], b[32], c[32];
	long long s;
	int t;

	for (s = from; s < to; s += step) {
		t = tick(s);
		fmt(a, sizeof a, s);
		fmt(b, sizeof b, s + step * (t - 1));
		fmt(c, sizeof c, s + step * t);
		if (t < 1 || t > 3600 || (t < 3600 && (strcmp(a, b) != 0 ||
		    strcmp(a, c) == 0)))
			return (int)s;
	}
	return -1;
}

static void
fmt_span(char *dst, size_t size, long long s)
{
	clock_format_span(dst, size, s);
}

static void
fmt_duration(char *dst, size_t size, long long s)
{
	clock_format_duration(dst, size, s);
}

/* A countdown as time passes: the span of what is left (-s), or nothing
 * once it is over. */
static void
fmt_left(char *dst, size_t size, long long s)
{
	long long left = -s;

	if (left <= 0)
		snprintf(dst, size, "over");
	else
		clock_format_span(dst, size, left);
}

static int
countdown_tick(long long s)
{
	return draw_countdown_tick(-s);
}

static void
test_ticks(void)
{
	is_int(tick_exact(fmt_span, draw_span_tick, -100, 100000, 1), -1,
	    "age ticks: the text changes exactly at the deadline");
	is_int(tick_exact(fmt_duration, draw_duration_tick, -5, 90000, 1), -1,
	    "elapsed-time ticks: exact too");
	/* Counting down: run time backwards over "time left". */
	is_int(tick_exact(fmt_left, countdown_tick, -100000, 0, 1), -1,
	    "countdown ticks: exact too");
	is_int(draw_countdown_tick(0), -1, "a countdown at 0 stops ticking");
	is_int(draw_span_tick(5 * 86400), 3600,
	    "days: at most an hour between deadlines");
	is_int(draw_span_tick(-10), 11, "a future time shows 0s until then");
}

/* The header's words, and when they next change (TZ=UTC). */
static void
test_header(void)
{
	struct api_status api;
	struct frame_header h;
	char buf[256];
	time_t now = 1767225600 + 14 * 3600, next;	/* 2026-01-01 14:00 */
	int warn;

	memset(&h, 0, sizeof h);
	memset(&api, 0, sizeof api);
	h.title = "demo";
	h.nrepos = 4;
	next = frame_header_text(buf, sizeof buf, &h, now, &warn);
	is_str(buf, " opsdeck  demo  4 repos  API n/a  data - old",
	    "no status, no data yet");
	ok(next == 0 && warn == 0, "nothing changes with time alone");

	api.limit = -1;
	api.remaining = -1;
	h.api = &api;
	h.oldest = now - 75;
	next = frame_header_text(buf, sizeof buf, &h, now, &warn);
	is_str(buf, " opsdeck  demo  4 repos  API n/a (no token)  "
	    "data 1m old", "no token: API n/a, data 1m old");
	is_int((int)(next - now), 45, "the age reads 2m in 45 s");

	api.have_token = true;
	api.limit = 5000;
	api.remaining = 4987;
	api.reset = now + 5 * 60;
	h.oldest = now - 5;
	h.wallboard = 1;
	next = frame_header_text(buf, sizeof buf, &h, now, &warn);
	is_str(buf, " opsdeck  demo  4 repos  API 4987/5000 resets 14:05  "
	    "data <1m old  [wallboard]", "the budget with its reset time");
	ok(warn == 0 && next == now + 55, "no warning; fresh data does not "
	    "tick every second, only when it turns a minute old");
	api.governor = (char *)"governor: 100 repos, interval 20s";
	frame_header_text(buf, sizeof buf, &h, now, &warn);
	is_str(buf, " opsdeck  demo  4 repos  API 4987/5000 resets 14:05  "
	    "data <1m old  governor: 100 repos, interval 20s  [wallboard]",
	    "stretched intervals are said, never silent");
	api.governor = NULL;

	api.remaining = 499;
	frame_header_text(buf, sizeof buf, &h, now, &warn);
	is_int(warn, 1, "under 10%% left: a warning");

	api.wait_until = now + 310;
	h.oldest = 0;
	next = frame_header_text(buf, sizeof buf, &h, now, &warn);
	ok(strstr(buf, "  rate limited until 14:05:10  ") != NULL,
	    "rate limited until when: %s", buf);
	ok(warn == 1 && next == api.wait_until,
	    "a warning, until the wait is over");
	next = frame_header_text(buf, sizeof buf, &h, api.wait_until, &warn);
	ok(strstr(buf, "API 499/5000") != NULL,
	    "then the budget again: %s", buf);

	/* Times localtime_r cannot convert (a hostile reset header, years
	 * past INT_MAX): said so, never formatted from an unset struct. */
	api.wait_until = (time_t)INT64_MAX;
	next = frame_header_text(buf, sizeof buf, &h, now, &warn);
	ok(strstr(buf, "  rate limited, reset time unknown  ") != NULL,
	    "a wait until a time with no local time: %s", buf);
	ok(warn == 1 && next == api.wait_until, "still a warning");
	api.wait_until = 0;
	api.reset = (time_t)INT64_MAX;
	frame_header_text(buf, sizeof buf, &h, now, &warn);
	ok(strstr(buf, "  API 499/5000  data") != NULL,
	    "a reset with no local time is left out: %s", buf);
}

/* A fifth pane is placed from its table cell alone. */
static void
test_five(void)
{
	static const struct layout_cell five[] = {
		{ 0, 2 }, { 0, 1 }, { 1, 2 }, { 1, 1 }, { 1, 1 },
	};
	struct layout l, l4;
	int i, bad = 0, area = 0;

	layout_compute(&l4, 40, 120, LAYOUT_GRID, -1, 0, four, NP);
	layout_compute(&l, 40, 120, LAYOUT_GRID, -1, 0, five, 5);
	is_int(l.npanes, 5, "five panes placed");
	for (i = 0; i < 5; i++) {
		bad += l.pane[i].h == 0 || !inside(&l.pane[i], 40, 120);
		area += l.pane[i].h * l.pane[i].w;
	}
	is_int(bad, 0, "all shown, on screen");
	ok(!overlap(&l.pane[2], &l.pane[3]) && !overlap(&l.pane[3],
	    &l.pane[4]) && !overlap(&l.pane[2], &l.pane[4]),
	    "the bottom row's three do not overlap");
	ok(memcmp(&l.pane[0], &l4.pane[0], sizeof l.pane[0]) == 0 &&
	    memcmp(&l.pane[1], &l4.pane[1], sizeof l.pane[1]) == 0,
	    "the top row is as with four panes");
	ok(l.pane[4].y == l.pane[3].y && l.pane[4].x > l.pane[3].x,
	    "the fifth sits right of health");
	is_int(area, 22 * 119 + 16 * 118, "the body is covered, a gutter "
	    "between neighbours");
	layout_compute(&l, 40, 120, LAYOUT_GRID, 4, 4, five, 5);
	ok(l.pane[4].h == 38 && l.pane[4].w == 120 && l.pane[0].h == 0,
	    "zoomed, the fifth takes the body");
	layout_compute(&l, 40, 120, LAYOUT_STACK, -1, 0, five, 5);
	for (i = 0, area = 0; i < 5; i++)
		area += l.pane[i].h;
	is_int(area, 38, "stack: five rows share the body");
}

static const char *const names[] = {
	"pipelines", "quality", "issues", "health", "approvals",
};
#define NN	5
static const struct layout_cell defcells[NN] = {
	{ 0, 2 }, { 0, 1 }, { 1, 2 }, { 1, 1 }, { 1, 1 },
};

/* text must fail with exactly want. */
static void
parse_fails(const char *text, const char *zoom, const char *want)
{
	struct layout_spec s;
	char *why = NULL;

	ok(layout_parse(&s, text, zoom, names, defcells, NN, &why) == -1 &&
	    s.n == 0 && s.zoom == -1, "'%s' (zoom %s) refused", text,
	    zoom != NULL ? zoom : "none");
	is_str(why, want, "  %s", want);
	free(why);
}

static void
test_parse(void)
{
	struct layout_spec s;
	char *why = NULL;
	char big[600];

	ok(layout_parse(&s, "grid", NULL, names, defcells, NN, &why) == 0 &&
	    why == NULL, "grid parses");
	ok(s.kind == LAYOUT_GRID && s.n == NN && s.pane[4] == 4 &&
	    s.cell[0].weight == 2 && s.cell[2].row == 1 && s.zoom == -1,
	    "grid: every pane in its default cell");
	ok(layout_parse(&s, "stack", "health", names, defcells, NN, &why) ==
	    0 && s.kind == LAYOUT_STACK && s.n == NN && s.zoom == 3,
	    "stack, zoom health: its place");
	{
		struct layout_cell some[NN];

		memcpy(some, defcells, sizeof some);
		some[1].row = -1;
		ok(layout_parse(&s, "stack", NULL, names, some, NN, &why) ==
		    0 && s.n == NN - 1 && s.pane[1] == 2 && s.pane[3] == 4,
		    "a pane whose default row is -1 is not in stack");
		ok(layout_parse(&s, "quality issues", "quality", names, some,
		    NN, &why) == 0 && s.n == 2 && s.zoom == 0,
		    "  but is placed by name");
	}
	ok(layout_parse(&s, NULL, "", names, defcells, NN, &why) == 0 &&
	    s.kind == LAYOUT_GRID && s.zoom == -1, "NULL: grid, \"\" zoom none");

	ok(layout_parse(&s, "  health:3 pipelines /approvals\t", "approvals",
	    names, defcells, NN, &why) == 0, "rows parse (%s)",
	    why != NULL ? why : "ok");
	ok(s.kind == LAYOUT_ROWS && s.n == 3 && s.pane[0] == 3 &&
	    s.pane[1] == 0 && s.pane[2] == 4, "  the panes in written order");
	ok(s.cell[0].row == 0 && s.cell[0].weight == 3 &&
	    s.cell[1].row == 0 && s.cell[1].weight == 1 &&
	    s.cell[2].row == 1, "  rows and weights");
	is_int(s.zoom, 2, "  zoom: the place in the layout, not the table");
	ok(layout_parse(&s, "issues/health", NULL, names, defcells, NN,
	    &why) == 0 && s.n == 2 && s.cell[1].row == 1,
	    "a slash without blanks splits rows too");
	ok(layout_parse(&s, "quality", NULL, names, defcells, NN, &why) ==
	    0 && s.n == 1 && s.pane[0] == 1, "one pane alone");

	parse_fails("pipelnes quality", NULL,
	    "unknown pane 'pipelnes'; did you mean 'pipelines'?");
	parse_fails("pipelines / bogus", NULL, "unknown pane 'bogus' (the "
	    "panes: pipelines, quality, issues, health, approvals)");
	parse_fails("grid", "helth",
	    "unknown pane 'helth'; did you mean 'health'?");
	parse_fails("pipelines issues", "health",
	    "pane 'health' is not in the layout");
	parse_fails("health pipelines / health", NULL,
	    "pane 'health' is placed twice");
	parse_fails("pipelines / / health", NULL, "a row without a pane "
	    "(two '/' in a row, or one at an end)");
	parse_fails("/ pipelines", NULL, "a row without a pane "
	    "(two '/' in a row, or one at an end)");
	parse_fails("pipelines /", NULL, "a row without a pane "
	    "(two '/' in a row, or one at an end)");
	parse_fails("   ", NULL, "no pane");
	parse_fails("pipelines:0", NULL, "pane 'pipelines': expected a "
	    "weight from 1 to 99 after ':', got '0'");
	parse_fails("pipelines:", NULL, "pane 'pipelines': expected a "
	    "weight from 1 to 99 after ':', got ''");
	parse_fails("pipelines:2x", NULL, "pane 'pipelines': expected a "
	    "weight from 1 to 99 after ':', got '2x'");
	parse_fails("pipelines:100", NULL, "pane 'pipelines': expected a "
	    "weight from 1 to 99 after ':', got '100'");
	memset(big, 'x', sizeof big);
	big[sizeof big - 1] = '\0';
	ok(layout_parse(&s, big, NULL, names, defcells, NN, &why) == -1 &&
	    why != NULL && strlen(why) < 200, "a huge name is cut short in "
	    "the message");
	free(why);
}

/* More than nine panes have no focus key: refused. */
static void
test_parse_ten(void)
{
	static const char *const many[] = { "a", "b", "c", "d", "e", "f",
	    "g", "h", "i", "j" };
	static const struct layout_cell c[10];
	struct layout_spec s;
	char *why = NULL;

	ok(layout_parse(&s, "a b c / d e f / g h i", NULL, many, c, 10,
	    &why) == 0 && s.n == 9, "nine panes fit");
	ok(layout_parse(&s, "a b c / d e f / g h i j", NULL, many, c, 10,
	    &why) == -1, "ten do not");
	is_str(why, "more than 9 panes (one focus key each)", "  says why");
	free(why);
	why = NULL;
	ok(layout_parse(&s, "grid", NULL, many, c, 10, &why) == 0 &&
	    s.n == 9, "grid takes the first nine of a longer table");
}

/* A written layout is computed from its cells: rows of equal height,
 * widths by weight, the panes it leaves out not drawn. */
static void
test_rows(void)
{
	struct layout_spec s;
	struct layout l;
	char *why = NULL;
	int area = 0, i, ml, mc;

	ok(layout_parse(&s, "pipelines:3 approvals / health", NULL, names,
	    defcells, NN, &why) == 0, "a two-row layout");
	layout_compute(&l, 40, 120, s.kind, -1, 0, s.cell, s.n);
	is_int(l.npanes, 3, "three panes placed");
	ok(l.pane[0].y == 1 && l.pane[1].y == 1 && l.pane[2].y == 20,
	    "rows of equal height: 19 and 19 (%d %d)", l.pane[0].h,
	    l.pane[2].h);
	ok(l.pane[0].h == 19 && l.pane[2].h == 19 && l.pane[2].w == 120,
	    "  the bottom one full width");
	ok(l.pane[0].w == 90 && l.pane[1].x == 91 && l.pane[1].w == 29,
	    "  widths 3:1 with a gutter (%d, %d at %d)", l.pane[0].w,
	    l.pane[1].w, l.pane[1].x);
	for (i = 0; i < 3; i++)
		area += l.pane[i].h * l.pane[i].w;
	is_int(area, 19 * 119 + 19 * 120, "the body is covered");
	ok(layout_parse(&s, "issues / health / quality", "health", names,
	    defcells, NN, &why) == 0, "three rows, zoom health");
	layout_compute(&l, 40, 120, s.kind, s.zoom, s.zoom, s.cell, s.n);
	ok(l.pane[1].h == 38 && l.pane[0].h == 0 && l.pane[2].h == 0,
	    "zoomed at start: health takes the body");
	layout_compute(&l, 41, 120, s.kind, -1, 0, s.cell, s.n);
	ok(l.pane[0].h == 13 && l.pane[1].h == 13 && l.pane[2].h == 13 &&
	    l.pane[2].y + l.pane[2].h == 40, "three rows of 13 over 39");

	layout_parse(&s, "grid", NULL, names, defcells, 4, &why);
	layout_min_size(&s, &ml, &mc);
	ok(ml == 10 && mc == 40, "the grid needs 40x10 (%dx%d)", mc, ml);
	layout_parse(&s, "stack", NULL, names, defcells, 4, &why);
	layout_min_size(&s, &ml, &mc);
	ok(ml == 14 && mc == 40, "a stack of four needs 14 lines (%dx%d)",
	    mc, ml);
	layout_parse(&s, "pipelines quality issues health / approvals",
	    NULL, names, defcells, NN, &why);
	layout_min_size(&s, &ml, &mc);
	ok(ml == 10 && mc == 51, "four in a row need 51 columns (%dx%d)",
	    mc, ml);
	layout_parse(&s, "pipelines / quality / issues / health / approvals",
	    NULL, names, defcells, NN, &why);
	layout_min_size(&s, &ml, &mc);
	ok(ml == 17 && mc == 40, "five rows need 17 lines (%dx%d)", mc, ml);
}

int
main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	test_header();
	test_ticks();
	test_grid();
	test_stack_zoom();
	test_tiny();
	test_columns();
	test_five();
	test_parse();
	test_parse_ten();
	test_rows();
	return tap_done();
}
