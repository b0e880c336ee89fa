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

#endif
