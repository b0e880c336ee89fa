/* The resize gate: a lone resize repaints after the short quiet time, a
 * storm's resizes each push the repaint back by the longer one, so that
 * a storm ends in one repaint; and the too-small message. Pure, no
 * curses. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "opsdeck/resize.h"
#include "../tap.h"

static void
test_lone(void)
{
	struct resize_gate g;

	memset(&g, 0, sizeof g);
	ok(!resize_pending(&g) && resize_timeout(&g, 1000) == -1,
	    "nothing pending: no timeout of its own");
	ok(!resize_due(&g, 1000), "  nothing due");
	resize_note(&g, 10000);
	ok(resize_pending(&g), "a resize: pending");
	is_int(resize_timeout(&g, 10000), RESIZE_QUIET_MS,
	    "a lone one waits the short quiet time");
	is_int(resize_timeout(&g, 10050), RESIZE_QUIET_MS - 50,
	    "  what is left of it");
	ok(!resize_due(&g, 10000 + RESIZE_QUIET_MS - 1), "  not due before");
	ok(resize_due(&g, 10000 + RESIZE_QUIET_MS), "  due at its end");
	ok(!resize_pending(&g) && !resize_due(&g, 20000),
	    "  once: then nothing pending");
	is_int(resize_timeout(&g, 20000), -1, "  and no timeout");
}

/* 50 resizes 20 ms apart, and tmux's pace (one per 250 ms): one repaint
 * after the last, none in between. */
static void
test_storm(int gap)
{
	struct resize_gate g;
	int64_t t = 50000, repaints = 0, last_repaint = 0, at;
	int i;

	memset(&g, 0, sizeof g);
	for (i = 0; i < 50; i++, t += gap) {
		/* poll() wakes at the deadline or the next signal. */
		for (at = t - gap + 1; i > 0 && at <= t; at++) {
			if (resize_due(&g, at)) {
				repaints++;
				last_repaint = at;
			}
		}
		resize_note(&g, t);
	}
	t -= gap;
	for (at = t; at <= t + 2000; at++) {
		if (resize_due(&g, at)) {
			repaints++;
			last_repaint = at;
		}
	}
	ok(repaints <= 2, "a storm %d ms apart: %lld repaints (the first "
	    "size at most, and the last)", gap, (long long)repaints);
	is_int((int)(last_repaint - t), RESIZE_STORM_QUIET_MS,
	    "  the last one the storm's quiet time after the last resize");
}

static void
test_text(void)
{
	char buf[80];

	resize_too_small_text(buf, sizeof buf, 8, 30, 10, 40);
	is_str(buf, "terminal too small: 30x8, need at least 40x10",
	    "the message: size, then the need, columns first");
}

int
main(void)
{
	test_lone();
	test_storm(20);
	test_storm(250);
	test_text();
	return tap_done();
}
