/* termcheck: whether the terminal TERM names can show the console, read
 * from terminfo alone, before anything is written to it: TERM unset, an
 * entry this system does not have, or one without cursor addressing
 * (dumb, a hardcopy) is refused with one line saying why, where
 * initscr() would print its own error and exit, or draw garbage. Also
 * what --check-terminal prints. Main thread, before initscr. */
#ifndef OPSDECK_TERMCHECK_H
#define OPSDECK_TERMCHECK_H

#include <stdio.h>

#include "opsdeck/palette.h"

struct termcheck {
	char			 term[64];	/* TERM, cut */
	int			 found;		/* a terminfo entry */
	int			 colours;	/* terminfo colors; 0 none */
	int			 ccc;	/* terminfo ccc */
	enum palette_depth	 depth;		/* with NO_COLOR, COLORTERM */
	char			 why[320];	/* when refused: one line */
};

/* Probes term (getenv("TERM") as a rule) in terminfo. 0 when the console
 * can run there, -1 with tc->why set ("TERM=dumb has no cursor
 * addressing ..."). Writes nothing to any terminal. */
int	 termcheck_probe(struct termcheck *tc, const char *term);
/* --check-terminal: TERM, whether the console starts (or why not), the
 * colour depth and why, and the charset of lines and glyphs (ascii_why:
 * "--ascii", "[ui] ascii" or NULL for the locale's). */
void	 termcheck_print(FILE *, const struct termcheck *,
	    const char *ascii_why);

#endif
