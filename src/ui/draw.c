#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "opsdeck/text.h"

int
draw_text(WINDOW *w, int y, int x, const char *s, int cols, enum element el)
{
	char cell[1024], *clean;
	int room = getmaxx(w) - x;

	/* Never past the window's edge: waddstr would wrap to the next row. */
	if (cols > room)
		cols = room;
	if (cols <= 0 || y < 0 || y >= getmaxy(w))
		return 0;
	clean = text_sanitize(s, s != NULL ? strlen(s) : 0, 0);
	text_cell(cell, sizeof cell, clean != NULL ? clean : "", cols, 1);
	free(clean);
	wattrset(w, (attr_t)element_attr(el));
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
