/* listnav: the one cursor and scroll handler of every list on screen (the
 * pipelines list, the repository, run and log views, the help). Pure
 * arithmetic on two indexes, unit-tested; no ncurses calls. */
#ifndef OPSDECK_LISTNAV_H
#define OPSDECK_LISTNAV_H

#include <stddef.h>

#include "opsdeck/keymap.h"

/* Scroll only: the list has no cursor (a text to read), the keys move the
 * view; sel is not used. */
#define LISTNAV_SCROLL	0x1

struct listnav {
	size_t		 sel;	/* the line the cursor is on */
	size_t		 top;	/* the first line shown */
	unsigned	 flags;	/* LISTNAV_* */
};

/* Applies a movement action (up, down, page up/down, top, bottom) to a
 * list of n lines of which rows are shown; a page keeps one line of
 * context. Returns 1 for a movement action, 0 for any other (nav is not
 * changed then). */
int	 listnav_key(struct listnav *, enum action, int rows, size_t n);
/* Before drawing rows of n lines: the cursor inside the list and shown,
 * and no rows left empty past the end while lines above are scrolled
 * away (after a resize or a shorter list). */
void	 listnav_fit(struct listnav *, int rows, size_t n);

#endif
