/* frame: what surrounds the panes: the header bar, the key-hint bar and
 * the help overlay, all generated from data (the store, the keymap and the
 * action table). UI thread only, except frame_header_text which is pure. */
#ifndef OPSDECK_UI_FRAME_H
#define OPSDECK_UI_FRAME_H

#include <ncurses.h>
#include <stddef.h>
#include <time.h>

#include "opsdeck/keymap.h"
#include "opsdeck/listnav.h"

struct api_status;
struct store;

struct frame_header {
	const char		*title;		/* "demo", a config path */
	size_t			 nrepos;
	const struct api_status	*api;		/* NULL: no status yet */
	time_t			 oldest;	/* oldest data; 0: none */
	int			 wallboard;
};

/* Writes the header's text (all but the clock) into buf. Sets *warn when
 * the API budget needs attention (rate limited, under 10% left). Returns
 * the time it next reads differently with time alone. */
time_t	 frame_header_text(char *buf, size_t size, const struct frame_header *,
	    time_t now, int *warn);
/* Draws the header from the store into w (may be NULL); oldest is when
 * the oldest data on screen was fetched (the panes' data_time), 0 none.
 * Returns the time it next changes, the clock's minute included. */
time_t	 frame_header(WINDOW *w, struct store *, const char *title,
	    int wallboard, time_t oldest, time_t now);
/* A message (an action's result or refusal) in the key-hint bar. */
void	 frame_message(WINDOW *w, const char *msg);
/* The key-hint bar: the first key of each common action, from km. */
/* describe (may be NULL) as frame_help's: an action it gives no text
 * (refused here: read-only) has no hint. */
void	 frame_hints(WINDOW *w, const struct keymap *km,
	    const char *(*describe)(enum action, void *), void *arg);
/* The help overlay over the whole screen: every action reachable from km
 * (the focused pane's map and its fallbacks) with its keys and help.
 * describe(a, arg), if not NULL, gives an action's help text instead of
 * the table's, or NULL to leave the action out (a focus key with no pane).
 * nav scrolls it when it does not fit; returns the lines it has. */
size_t	 frame_help(const struct keymap *km,
	    const char *(*describe)(enum action, void *), void *arg,
	    struct listnav *nav);
/* The rows the help shows of its lines on this screen. */
int	 frame_help_rows(void);

#endif
