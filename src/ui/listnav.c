/* listnav: cursor and scroll movement shared by every list, so that each
 * list moves alike (PgUp/PgDn, g/G, Home/End included) and none has its
 * own copy of the switch. */
#include "config.h"

#include "opsdeck/listnav.h"

static size_t
clamp_add(size_t at, size_t by, size_t last)
{
	return at < last && last - at > by ? at + by : last;
}

static size_t
clamp_sub(size_t at, size_t by)
{
	return at > by ? at - by : 0;
}

void
listnav_fit(struct listnav *nav, int rows, size_t n)
{
	size_t r = rows > 0 ? (size_t)rows : 1;

	if (nav->flags & LISTNAV_SCROLL)
		nav->sel = nav->top;
	if (n == 0) {
		nav->sel = nav->top = 0;
		return;
	}
	if (nav->sel >= n)
		nav->sel = n - 1;
	if (nav->top + r > n)
		nav->top = n > r ? n - r : 0;
	if (nav->flags & LISTNAV_SCROLL) {
		nav->sel = nav->top;
		return;
	}
	if (nav->sel < nav->top)
		nav->top = nav->sel;
	if (nav->sel >= nav->top + r)
		nav->top = nav->sel - r + 1;
}

int
listnav_key(struct listnav *nav, enum action a, int rows, size_t n)
{
	size_t r = rows > 0 ? (size_t)rows : 1, page = r > 1 ? r - 1 : 1;
	size_t *at, last;

	switch (a) {
	case ACT_DOWN:
	case ACT_UP:
	case ACT_PAGE_DOWN:
	case ACT_PAGE_UP:
	case ACT_TOP:
	case ACT_BOTTOM:
		break;
	default:
		return 0;
	}
	/* Scrolling moves the first line shown; a cursor moves itself and
	 * the view follows it. */
	if (nav->flags & LISTNAV_SCROLL) {
		at = &nav->top;
		last = n > r ? n - r : 0;
	} else {
		at = &nav->sel;
		last = n > 0 ? n - 1 : 0;
	}
	if (*at > last)
		*at = last;
	switch (a) {
	case ACT_DOWN:
		*at = clamp_add(*at, 1, last);
		break;
	case ACT_UP:
		*at = clamp_sub(*at, 1);
		break;
	case ACT_PAGE_DOWN:
		*at = clamp_add(*at, page, last);
		break;
	case ACT_PAGE_UP:
		*at = clamp_sub(*at, page);
		break;
	case ACT_TOP:
		*at = 0;
		break;
	default:
		*at = last;
		break;
	}
	listnav_fit(nav, rows, n);
	return 1;
}
