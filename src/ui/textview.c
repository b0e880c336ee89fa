/* A scrollable list of styled lines. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "draw.h"
#include "textview.h"

void
textview_clear(struct textview *tv)
{
	size_t i;

	for (i = 0; i < tv->n; i++)
		free(tv->lines[i].text);
	tv->n = 0;
	tv->oom = 0;
}

void
textview_done(struct textview *tv)
{
	textview_clear(tv);
	free(tv->lines);
	tv->lines = NULL;
	tv->cap = 0;
	tv->top = 0;
}

void
textview_add(struct textview *tv, enum element el, const char *fmt, ...)
{
	struct textview_line *nl;
	va_list ap;
	char *s;
	int rc;

	if (tv->n == tv->cap) {
		nl = reallocarray(tv->lines, tv->cap ? tv->cap * 2 : 64,
		    sizeof *nl);
		if (nl == NULL) {
			tv->oom = 1;
			return;
		}
		tv->lines = nl;
		tv->cap = tv->cap ? tv->cap * 2 : 64;
	}
	va_start(ap, fmt);
	rc = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (rc < 0) {
		tv->oom = 1;
		return;
	}
	tv->lines[tv->n].text = s;
	tv->lines[tv->n].el = el;
	tv->n++;
}

void
textview_draw(struct textview *tv, WINDOW *w)
{
	int rows = getmaxy(w), cols = getmaxx(w), y;
	size_t i, total = tv->n + (tv->oom ? 1 : 0);

	if (rows <= 0)
		return;
	if (tv->top + (size_t)rows > total)
		tv->top = total > (size_t)rows ? total - (size_t)rows : 0;
	for (y = 0, i = tv->top; i < tv->n && y < rows; i++, y++)
		draw_text(w, y, 1, tv->lines[i].text, cols - 1, tv->lines[i].el);
	if (tv->oom && y < rows)
		draw_text(w, y, 1, "(out of memory: some lines are missing)",
		    cols - 1, EL_ERROR);
}

int
textview_key(struct textview *tv, enum action a, int rows)
{
	size_t page = rows > 1 ? (size_t)rows - 1 : 1, old = tv->top;
	size_t last = tv->n > (size_t)rows ? tv->n - (size_t)rows : 0;

	switch (a) {
	case ACT_DOWN:
		tv->top = tv->top < last ? tv->top + 1 : last;
		break;
	case ACT_UP:
		tv->top = tv->top > 0 ? tv->top - 1 : 0;
		break;
	case ACT_PAGE_DOWN:
		tv->top = tv->top + page < last ? tv->top + page : last;
		break;
	case ACT_PAGE_UP:
		tv->top = tv->top > page ? tv->top - page : 0;
		break;
	case ACT_TOP:
		tv->top = 0;
		break;
	case ACT_BOTTOM:
		tv->top = last;
		break;
	default:
		return 0;
	}
	return tv->top != old;
}
