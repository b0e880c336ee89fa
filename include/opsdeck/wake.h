/* wake: a file descriptor pair that wakes the UI thread's poll().
 *
 * Any thread writes with wake_signal (also async-signal-safe, so signal
 * handlers may call it); the UI thread polls rfd for POLLIN and calls
 * wake_drain. Both fds are non-blocking and close-on-exec. An eventfd is
 * used where available (rfd == wfd), else a pipe. Many signals before one
 * drain coalesce into a single wake-up. Writers of their own (such as the
 * store) must write exactly 8 bytes: an eventfd accepts nothing else. */
#ifndef OPSDECK_WAKE_H
#define OPSDECK_WAKE_H

struct wake {
	int	 rfd;
	int	 wfd;
};

/* Initialiser for a wake that is not open yet (safe to wake_close). */
#define WAKE_CLOSED	{ -1, -1 }

/* 0 ok; -1 with *cause (malloc'd; cause may be NULL) and both fds -1. */
int	 wake_open(struct wake *, char **cause);
/* Closes both fds and sets them to -1; accepts an already closed wake. */
void	 wake_close(struct wake *);
/* Never blocks; a full pipe means a wake is already pending. */
void	 wake_signal(const struct wake *);
/* Reads everything pending; never blocks. UI thread. */
void	 wake_drain(const struct wake *);

#endif
