/* textview: a scrollable list of styled lines, for the detail views that
 * are read more than acted on (a repository's branches and tags). Text is
 * stored as given and sanitised when drawn. UI thread only. */
#ifndef OPSDECK_UI_TEXTVIEW_H
#define OPSDECK_UI_TEXTVIEW_H

#include <ncurses.h>
#include <stddef.h>

#include "opsdeck/element.h"
#include "opsdeck/keymap.h"
#include "opsdeck/listnav.h"

struct textview_line {
	char		*text;
	enum element	 el;
};

struct textview {
	struct textview_line *lines;
	size_t		 n, cap;
	struct listnav	 nav;		/* scrolled: nav.top */
};

void	 textview_init(struct textview *);
void	 textview_clear(struct textview *);	/* keeps the scroll */
void	 textview_done(struct textview *);
/* printf-style; the text may hold remote strings (sanitised at draw). */
void	 textview_add(struct textview *, enum element, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	 textview_draw(struct textview *, WINDOW *);
/* Scrolling actions (listnav's); nonzero when the view moved. */
int	 textview_key(struct textview *, enum action, int rows);

#endif
