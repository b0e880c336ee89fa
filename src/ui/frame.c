/* The header bar and the message line (the hints and the help are
 * helpview.c's). */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "draw.h"
#include "frame.h"
#include "opsdeck/apistatus.h"
#include "opsdeck/clock.h"
#include "opsdeck/element.h"
#include "opsdeck/run.h"
#include "opsdeck/store.h"

/* The local time of t; -1 when localtime_r cannot say (a time_t beyond
 * its years, from a hostile header): strftime must never read an unset
 * struct tm. */
static int
local_time(struct tm *tm, time_t t)
{
	return localtime_r(&t, tm) != NULL ? 0 : -1;
}

time_t
frame_header_text(char *buf, size_t size, const struct frame_header *h,
    time_t now, int *warn)
{
	const struct api_status *st = h->api;
	char api[128], age[16], when[16];
	struct tm tm;
	time_t next = 0, t;

	*warn = 0;
	if (st != NULL && st->wait_until > now) {
		if (local_time(&tm, st->wait_until) == 0 &&
		    strftime(when, sizeof when, "%H:%M:%S", &tm) > 0)
			snprintf(api, sizeof api, "rate limited until %s", when);
		else
			snprintf(api, sizeof api, "rate limited, reset time "
			    "unknown");
		*warn = 1;
		next = st->wait_until;
	} else if (st != NULL && st->limit >= 0) {
		when[0] = '\0';
		if (st->reset != 0 && (local_time(&tm, st->reset) != 0 ||
		    strftime(when, sizeof when, " resets %H:%M", &tm) == 0))
			when[0] = '\0';
		snprintf(api, sizeof api, "API %ld/%ld%s%s", st->remaining,
		    st->limit, when, st->have_token ? "" : " (no token)");
		*warn = st->remaining >= 0 && st->remaining * 10 < st->limit;
	} else
		snprintf(api, sizeof api, "API n/a%s", st != NULL &&
		    !st->have_token ? " (no token)" : "");
	if (h->oldest != 0 && now - h->oldest < 60) {
		/* Seconds would repaint the header every second of an idle
		 * console, over SSH, for nothing an on-call engineer needs. */
		snprintf(age, sizeof age, "<1m");
		t = h->oldest + 60;
		if (next == 0 || t < next)
			next = t;
	} else if (h->oldest != 0) {
		clock_format_span(age, sizeof age, (long long)(now - h->oldest));
		t = now + draw_span_tick((long long)(now - h->oldest));
		if (next == 0 || t < next)
			next = t;
	} else
		snprintf(age, sizeof age, "-");
	/* Polls slowed to keep the request budget: said, never silent. */
	snprintf(buf, size, " opsdeck  %s  %zu repos  %s  data %s old%s%s%s",
	    h->title != NULL ? h->title : "", h->nrepos, api, age,
	    st != NULL && st->governor != NULL ? "  " : "",
	    st != NULL && st->governor != NULL ? st->governor : "",
	    h->wallboard ? "  [wallboard]" : "");
	return next;
}

time_t
frame_header(WINDOW *w, struct store *store, const char *title, int wallboard,
    time_t oldest, time_t now)
{
	struct snapset *status = store_acquire(store, STORE_STATUS);
	struct snapset *pipes = store_acquire(store, STORE_PIPELINES);
	struct frame_header h;
	struct snap *s;
	char line[512], hm[16];
	struct tm tm;
	time_t next, minute;
	int cols, warn;

	memset(&h, 0, sizeof h);
	h.title = title;
	h.wallboard = wallboard;
	h.nrepos = snapset_count(pipes);
	if ((s = snapset_find(status, "github")) != NULL)
		h.api = snap_data(s);
	h.oldest = oldest;
	next = frame_header_text(line, sizeof line, &h, now, &warn);
	store_release(&pipes);
	store_release(&status);
	/* The clock moves at the next minute. */
	minute = now + 60 - now % 60;
	if (next == 0 || minute < next)
		next = minute;
	if (w == NULL)
		return next;
	if (local_time(&tm, now) != 0 || strftime(hm, sizeof hm, "%H:%M",
	    &tm) == 0)
		snprintf(hm, sizeof hm, "--:--");
	cols = getmaxx(w);
	wbkgdset(w, (chtype)element_attr(EL_HEADER));
	werase(w);
	draw_text(w, 0, 0, line, cols > 7 ? cols - 7 : cols,
	    warn ? EL_HEADER_WARN : EL_HEADER);
	if (cols > 7)
		draw_text(w, 0, cols - 6, hm, 6, EL_HEADER);
	wnoutrefresh(w);
	return next;
}

void
frame_message(WINDOW *w, const char *msg)
{
	if (w == NULL)
		return;
	wbkgdset(w, (chtype)element_attr(EL_HINT));
	werase(w);
	draw_text(w, 0, 0, msg, getmaxx(w), EL_HINT_KEY);
	wnoutrefresh(w);
}
