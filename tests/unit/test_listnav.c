/* listnav: the one movement handler of every list. Cursor lists (the
 * pipelines list, the run view's jobs, the log) and scrolled texts (the
 * repository view, the help) move alike for every movement action. */
#include "config.h"

#include <stddef.h>

#include "opsdeck/listnav.h"
#include "../tap.h"

static void
test_cursor(void)
{
	struct listnav nav = { 0, 0, 0 };
	size_t n = 100;
	int rows = 10;

	is_int(listnav_key(&nav, ACT_DOWN, rows, n), 1, "down is a movement");
	is_int((int)nav.sel, 1, "down: next line");
	listnav_key(&nav, ACT_UP, rows, n);
	is_int((int)nav.sel, 0, "up: back");
	listnav_key(&nav, ACT_UP, rows, n);
	is_int((int)nav.sel, 0, "up at the first line stays");
	listnav_key(&nav, ACT_PAGE_DOWN, rows, n);
	is_int((int)nav.sel, 9, "page down: rows - 1, one line of context");
	is_int((int)nav.top, 0, "the line is still shown: no scroll");
	listnav_key(&nav, ACT_PAGE_DOWN, rows, n);
	is_int((int)nav.sel, 18, "page down again");
	is_int((int)nav.top, 9, "the view follows the cursor");
	listnav_key(&nav, ACT_PAGE_UP, rows, n);
	is_int((int)nav.sel, 9, "page up");
	is_int((int)nav.top, 9, "shown: the view stays");
	listnav_key(&nav, ACT_PAGE_UP, rows, n);
	listnav_key(&nav, ACT_PAGE_UP, rows, n);
	is_int((int)nav.sel, 0, "page up stops at the first line");
	is_int((int)nav.top, 0, "and shows it");
	listnav_key(&nav, ACT_BOTTOM, rows, n);
	ok(nav.sel == 99 && nav.top == 90, "bottom: last line, last page "
	    "(%zu, %zu)", nav.sel, nav.top);
	listnav_key(&nav, ACT_PAGE_DOWN, rows, n);
	is_int((int)nav.sel, 99, "page down at the end stays");
	listnav_key(&nav, ACT_TOP, rows, n);
	ok(nav.sel == 0 && nav.top == 0, "top: first line, first page");
	is_int(listnav_key(&nav, ACT_OPEN, rows, n), 0,
	    "another action is not a movement");
	is_int(listnav_key(&nav, ACT_BACK, rows, n), 0, "nor is back");
	ok(nav.sel == 0 && nav.top == 0, "and moves nothing");
}

static void
test_edges(void)
{
	struct listnav nav = { 0, 0, 0 };

	is_int(listnav_key(&nav, ACT_DOWN, 10, 0), 1, "an empty list");
	ok(nav.sel == 0 && nav.top == 0, "empty: stays at 0");
	listnav_key(&nav, ACT_BOTTOM, 10, 0);
	ok(nav.sel == 0 && nav.top == 0, "empty: bottom is 0");
	nav.sel = 50;
	nav.top = 45;
	listnav_key(&nav, ACT_UP, 10, 20);
	ok(nav.sel == 18 && nav.top == 10, "the list shrank under the cursor: "
	    "clamped to it, then moved (%zu, %zu)", nav.sel, nav.top);
	nav.sel = 0;
	nav.top = 0;
	listnav_key(&nav, ACT_PAGE_DOWN, 1, 5);
	is_int((int)nav.sel, 1, "a one-row list pages by one");
	listnav_key(&nav, ACT_PAGE_DOWN, 0, 5);
	is_int((int)nav.sel, 2, "and so does a hidden one");
	listnav_key(&nav, ACT_BOTTOM, 10, (size_t)-1);
	ok(nav.sel == (size_t)-2, "no overflow at SIZE_MAX lines");
	listnav_key(&nav, ACT_PAGE_DOWN, 10, (size_t)-1);
	ok(nav.sel == (size_t)-2, "page down at the end of a huge list");
}

static void
test_fit(void)
{
	struct listnav nav = { 95, 90, 0 };

	listnav_fit(&nav, 20, 100);
	ok(nav.sel == 95 && nav.top == 80, "a taller window: the room above "
	    "is used (%zu, %zu)", nav.sel, nav.top);
	listnav_fit(&nav, 5, 100);
	ok(nav.sel == 95 && nav.top == 91, "a shorter one: the cursor stays "
	    "shown (%zu, %zu)", nav.sel, nav.top);
	nav.sel = 3;
	listnav_fit(&nav, 5, 100);
	ok(nav.top == 3, "the cursor above the view: the view goes up");
	listnav_fit(&nav, 5, 2);
	ok(nav.sel == 1 && nav.top == 0, "the list shrank: clamped");
	listnav_fit(&nav, 5, 0);
	ok(nav.sel == 0 && nav.top == 0, "and emptied");
}

static void
test_scroll(void)
{
	struct listnav nav = { 0, 0, LISTNAV_SCROLL };
	size_t n = 50;
	int rows = 10;

	listnav_key(&nav, ACT_DOWN, rows, n);
	is_int((int)nav.top, 1, "scroll: down moves the view one line");
	listnav_key(&nav, ACT_PAGE_DOWN, rows, n);
	is_int((int)nav.top, 10, "page down: rows - 1");
	listnav_key(&nav, ACT_BOTTOM, rows, n);
	is_int((int)nav.top, 40, "bottom: the last page, not the last line");
	listnav_key(&nav, ACT_DOWN, rows, n);
	is_int((int)nav.top, 40, "down at the end stays");
	listnav_key(&nav, ACT_PAGE_UP, rows, n);
	is_int((int)nav.top, 31, "page up");
	listnav_key(&nav, ACT_TOP, rows, n);
	is_int((int)nav.top, 0, "top");
	listnav_key(&nav, ACT_PAGE_DOWN, rows, 5);
	is_int((int)nav.top, 0, "a text shorter than the window does not move");
	nav.top = 30;
	listnav_fit(&nav, rows, 12);
	is_int((int)nav.top, 2, "fit: a shorter text shows its last page");
}

int
main(void)
{
	test_cursor();
	test_edges();
	test_fit();
	test_scroll();
	return tap_done();
}
