/* draw: width-fitted drawing of sanitised text in semantic elements, and
 * the tick intervals of ages and durations shown by the panes. */
#include "config.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "opsdeck/text.h"

int
draw_text(WINDOW *w, int y, int x, const char *s, int cols, enum element el)
{
	return draw_text_attr(w, y, x, s, cols, element_attr(el));
}

int
draw_text_attr(WINDOW *w, int y, int x, const char *s, int cols,
    unsigned long attr)
{
	char cell[1024], *clean;
	int room = getmaxx(w) - x;

	/* Never past the window's edge: waddstr would wrap to the next row. */
	if (cols > room)
		cols = room;
	if (cols <= 0 || y < 0 || y >= getmaxy(w))
		return 0;
	/* ASCII escapes where the terminal's charset is not UTF-8. */
	clean = text_sanitize(s, s != NULL ? strlen(s) : 0, text_out_flags());
	text_cell(cell, sizeof cell, clean != NULL ? clean : "", cols, 1);
	free(clean);
	wattrset(w, (attr_t)attr);
	mvwaddstr(w, y, x, cell);
	wattrset(w, A_NORMAL);
	return cols;
}

enum element
draw_verdict_element(enum verdict v)
{
	static const enum element map[] = {
		[VERDICT_FAILED] = EL_RUN_FAILED,
		[VERDICT_ACTION] = EL_RUN_ACTION,
		[VERDICT_RUNNING] = EL_RUN_RUNNING,
		[VERDICT_QUEUED] = EL_RUN_QUEUED,
		[VERDICT_CANCELLED] = EL_RUN_CANCELLED,
		[VERDICT_SUCCEEDED] = EL_RUN_SUCCEEDED,
		[VERDICT_SKIPPED] = EL_RUN_SKIPPED,
		[VERDICT_UNKNOWN] = EL_RUN_UNKNOWN,
	};

	return v <= VERDICT_UNKNOWN ? map[v] : EL_RUN_UNKNOWN;
}

#define DRAW_TICK_MAX	3600

int
draw_span_tick(long long s)
{
	long long t;

	if (s < 0)
		t = 1 - s;	/* "0s" until the clock catches up */
	else if (s < 60)
		t = 1;
	else if (s < 3600)
		t = 60 - s % 60;
	else if (s < 86400)
		t = 3600 - s % 3600;
	else
		t = 86400 - s % 86400;
	return t < DRAW_TICK_MAX ? (int)t : DRAW_TICK_MAX;
}

int
draw_duration_tick(long long s)
{
	if (s >= 0 && s < 3600)
		return 1;
	if (s >= 3600 && s < 86400)
		return (int)(60 - s % 60);
	return draw_span_tick(s);
}

int
draw_countdown_tick(long long left)
{
	long long t;

	if (left <= 0)
		return -1;
	/* "2m" at 179..120 s left: it reads "1m" at 119, left % 60 + 1
	 * seconds from now. */
	if (left < 60)
		t = 1;
	else if (left < 3600)
		t = left % 60 + 1;
	else if (left < 86400)
		t = left % 3600 + 1;
	else
		t = left % 86400 + 1;
	return t < DRAW_TICK_MAX ? (int)t : DRAW_TICK_MAX;
}

unsigned long
draw_colour_attr(const char *spec, enum element fallback)
{
	struct colour c;
	char *cause = NULL;
	int el;

	if (spec == NULL)
		return element_attr(fallback);
	if ((el = element_by_name(spec)) >= 0)
		return element_attr((enum element)el);
	if (element_parse(spec, &c, &cause) != 0) {
		free(cause);
		return element_attr(fallback);
	}
	return element_ansi(c.fg, c.bg, 0, 0) | c.attrs;
}

enum element
draw_health_element(enum health_state s)
{
	switch (s) {
	case HEALTH_OK:
		return EL_RUN_SUCCEEDED;
	case HEALTH_WARN:
		return EL_RUN_RUNNING;
	case HEALTH_CRIT:
		return EL_RUN_FAILED;
	default:
		return EL_STALE;
	}
}

bool
draw_ascii(void)
{
	/* --ascii and [ui] ascii set LC_CTYPE to "C" (main.c): one switch. */
	return strcmp(nl_langinfo(CODESET), "UTF-8") != 0;
}

void
draw_box(WINDOW *w)
{
	/* Not ACS: its charset switching is a control sequence of its own
	 * that some terminals and multiplexers show as letters (lqqk). In
	 * UTF-8, the Unicode box drawing characters themselves. */
	if (draw_ascii())
		wborder(w, '|', '|', '-', '-', '+', '+', '+', '+');
	else
		wborder_set(w, WACS_VLINE, WACS_VLINE, WACS_HLINE, WACS_HLINE,
		    WACS_ULCORNER, WACS_URCORNER, WACS_LLCORNER,
		    WACS_LRCORNER);
}
