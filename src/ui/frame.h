/* frame: what surrounds the panes: the header bar and the message line,
 * generated from the store (hints and help: helpview.h). UI thread only, except frame_header_text which is pure. */
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
#endif
