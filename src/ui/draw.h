/* draw: small drawing helpers shared by the panes (UI thread only). */
#ifndef OPSDECK_UI_DRAW_H
#define OPSDECK_UI_DRAW_H

#include <ncurses.h>

#include "opsdeck/element.h"
#include "opsdeck/health.h"
#include "opsdeck/run.h"

/* Draws remote text sanitised, cut or padded to exactly cols columns.
 * Returns the columns used. */
int		 draw_text(WINDOW *, int y, int x, const char *s, int cols,
		    enum element);
/* draw_text with attributes instead of an element. */
int		 draw_text_attr(WINDOW *, int y, int x, const char *s,
		    int cols, unsigned long attr);
enum element	 draw_verdict_element(enum verdict);
/* The attributes of a configured colour: a theme element's name or a git
 * colour spec ("bold red", "208"); fallback's when NULL or bad. */
unsigned long	 draw_colour_attr(const char *spec, enum element fallback);

/* Seconds until text shown for secs changes with time alone, for the
 * redraw deadline: an age or span as clock_format_span writes it, an
 * elapsed time as clock_format_duration writes it, and a countdown to 0
 * (span of the time left; -1: at or past 0, nothing more changes). Never
 * more than an hour, so a deadline is recomputed at least that often. */
int		 draw_span_tick(long long secs);
int		 draw_duration_tick(long long secs);
int		 draw_countdown_tick(long long left);

/* A health state's colour (ok green, warn as running, crit as failed,
 * unknown dim), always beside its glyph and word, and whether glyphs must
 * be ASCII (not a UTF-8 locale, or --ascii, which makes it one). */
enum element	 draw_health_element(enum health_state);
bool		 draw_ascii(void);
/* A border around w: Unicode box drawing, or plain - | + with
 * draw_ascii (--ascii, or a locale that is not UTF-8). */
void		 draw_box(WINDOW *w);

#endif
