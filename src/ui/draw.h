/* draw: small drawing helpers shared by the panes (UI thread only). */
#ifndef OPSDECK_UI_DRAW_H
#define OPSDECK_UI_DRAW_H

#include <ncurses.h>

#include "opsdeck/element.h"
#include "opsdeck/run.h"

/* Draws remote text sanitised, cut or padded to exactly cols columns.
 * Returns the columns used. */
int		 draw_text(WINDOW *, int y, int x, const char *s, int cols,
		    enum element);
enum element	 draw_verdict_element(enum verdict);

/* Seconds until text shown for secs changes with time alone, for the
 * redraw deadline: an age or span as clock_format_span writes it, an
 * elapsed time as clock_format_duration writes it, and a countdown to 0
 * (span of the time left; -1: at or past 0, nothing more changes). Never
 * more than an hour, so a deadline is recomputed at least that often. */
int		 draw_span_tick(long long secs);
int		 draw_duration_tick(long long secs);
int		 draw_countdown_tick(long long left);

#endif
