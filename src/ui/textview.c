/* textview: a scrollable list of styled lines, moved by listnav. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "opsdeck/xalloc.h"
#include "textview.h"

void
textview_init(struct textview *tv)
{
	memset(tv, 0, sizeof *tv);
	tv->nav.flags = LISTNAV_SCROLL;
}

void
textview_clear(struct textview *tv)
{
	size_t i;

	for (i = 0; i < tv->n; i++)
		free(tv->lines[i].text);
	tv->n = 0;
}

void
textview_done(struct textview *tv)
{
	textview_clear(tv);
	free(tv->lines);
	tv->lines = NULL;
	tv->cap = 0;
	tv->nav.top = tv->nav.sel = 0;
}

void
textview_add(struct textview *tv, enum element el, const char *fmt, ...)
{
	va_list ap;

	if (tv->n == tv->cap) {
		tv->lines = xreallocarray(tv->lines, tv->cap ? tv->cap * 2 : 64,
		    sizeof *tv->lines);
		tv->cap = tv->cap ? tv->cap * 2 : 64;
	}
	va_start(ap, fmt);
	tv->lines[tv->n].text = xvasprintf(fmt, ap);
	va_end(ap);
	tv->lines[tv->n].el = el;
	tv->n++;
}

void
textview_draw(struct textview *tv, WINDOW *w)
{
	int rows = getmaxy(w), cols = getmaxx(w), y;
	size_t i;

	if (rows <= 0)
		return;
	listnav_fit(&tv->nav, rows, tv->n);
	for (y = 0, i = tv->nav.top; i < tv->n && y < rows; i++, y++)
		draw_text(w, y, 1, tv->lines[i].text, cols - 1, tv->lines[i].el);
}

int
textview_key(struct textview *tv, enum action a, int rows)
{
	size_t old = tv->nav.top;

	tv->nav.flags |= LISTNAV_SCROLL;
	return listnav_key(&tv->nav, a, rows, tv->n) && tv->nav.top != old;
}
