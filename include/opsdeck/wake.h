/* wake: a file descriptor pair that wakes the UI thread's poll(). Workers
 * (and signal handlers: wake_signal is async-signal-safe) write; the UI
 * thread polls rfd and drains it. eventfd where available, else a pipe. */
#ifndef OPSDECK_WAKE_H
#define OPSDECK_WAKE_H

struct wake {
	int	 rfd;
	int	 wfd;
};

int	 wake_open(struct wake *, char **cause);
void	 wake_close(struct wake *);	/* accepts a closed or zeroed wake */
void	 wake_signal(const struct wake *);
void	 wake_drain(const struct wake *);

#endif
