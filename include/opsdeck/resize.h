/* resize: what the console does when the terminal changes size. A storm
 * of SIGWINCHs (a window dragged, tmux resizing) is coalesced: each one
 * only restarts a short quiet time, kept by poll()'s timeout, and the one
 * repaint comes when no resize has arrived for that long. Below the
 * layout's minimum size a message replaces the layout. UI thread. */
#ifndef OPSDECK_RESIZE_H
#define OPSDECK_RESIZE_H

#include <ncurses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How long the size must hold still before the repaint: a lone resize
 * waits RESIZE_QUIET_MS, short enough not to be seen as lag; one that
 * comes within RESIZE_STORM_MS of the one before is part of a storm (a
 * drag, a script) and waits RESIZE_STORM_QUIET_MS, so that the storm
 * ends in one repaint: tmux passes a storm on as one SIGWINCH about
 * every 250 ms, and a loaded machine stretches that. */
#define RESIZE_QUIET_MS		80
#define RESIZE_STORM_MS		1000
#define RESIZE_STORM_QUIET_MS	350

struct resize_gate {
	bool	 pending;
	int64_t	 due_ms;	/* monotonic ms */
	int64_t	 last_ms;	/* the last resize; 0 none yet */
};

/* A resize arrived at now_ms (clock_mono_ms): the repaint waits again. */
void	 resize_note(struct resize_gate *, int64_t now_ms);
/* The quiet time left, for poll()'s timeout: -1 when no resize is
 * pending, 0 when it is over. While one is pending nothing is painted
 * (for a size about to change), so this replaces the ticks' timeout. */
int	 resize_timeout(const struct resize_gate *, int64_t now_ms);
/* Whether the quiet time is over: then the gate is cleared and the
 * caller resizes and repaints, once. */
bool	 resize_due(struct resize_gate *, int64_t now_ms);
bool	 resize_pending(const struct resize_gate *);

/* "terminal too small: 30x8, need at least 40x10", into dst. */
void	 resize_too_small_text(char *dst, size_t size, int lines, int cols,
	    int need_lines, int need_cols);
/* The message alone on a cleared w (stdscr), centred; narrower than it,
 * on two lines (the size, then the need); nothing else is drawn. */
void	 resize_draw_too_small(WINDOW *w, int need_lines, int need_cols);

#endif
