/* wake: eventfd or self-pipe used to interrupt the UI thread's poll(). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef HAVE_SYS_EVENTFD_H
#include <sys/eventfd.h>
#endif

#include "opsdeck/wake.h"
#include "opsdeck/xalloc.h"

/* WAKE_FORCE_PIPE lets a test build exercise the pipe fallback on a
 * system that has eventfd. */
#if defined(HAVE_EVENTFD) && defined(HAVE_SYS_EVENTFD_H) && \
    !defined(WAKE_FORCE_PIPE)
#define WAKE_USE_EVENTFD 1
#endif

static int
wake_open_pipe(int fds[2])
{
#if defined(HAVE_PIPE2) && !defined(WAKE_FORCE_PIPE)
	return pipe2(fds, O_NONBLOCK | O_CLOEXEC);
#else
	int i, fl;

	if (pipe(fds) != 0)
		return -1;
	/* No pipe2: a fork in another thread could inherit the fds in this
	 * window, which costs nothing worse than an open pipe in a child. */
	for (i = 0; i < 2; i++) {
		if ((fl = fcntl(fds[i], F_GETFL)) == -1 ||
		    fcntl(fds[i], F_SETFL, fl | O_NONBLOCK) == -1 ||
		    fcntl(fds[i], F_SETFD, FD_CLOEXEC) == -1) {
			close(fds[0]);
			close(fds[1]);
			return -1;
		}
	}
	return 0;
#endif
}

int
wake_open(struct wake *w, char **cause)
{
	int fds[2];

	w->rfd = w->wfd = -1;
#ifdef WAKE_USE_EVENTFD
	if ((w->rfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) >= 0) {
		w->wfd = w->rfd;
		return 0;
	}
#endif
	if (wake_open_pipe(fds) != 0) {
		if (cause != NULL)
			*cause = xasprintf("wake fd: %s", strerror(errno));
		return -1;
	}
	w->rfd = fds[0];
	w->wfd = fds[1];
	return 0;
}

void
wake_close(struct wake *w)
{
	if (w->wfd >= 0 && w->wfd != w->rfd)
		close(w->wfd);
	if (w->rfd >= 0)
		close(w->rfd);
	w->rfd = w->wfd = -1;
}

/* Only write(2) and errno: async-signal-safe. EAGAIN means the eventfd
 * counter or the pipe already holds a pending wake, which is enough. */
void
wake_signal(const struct wake *w)
{
	uint64_t one = 1;
	int saved = errno;

	if (w->wfd >= 0)
		(void)!write(w->wfd, &one, sizeof one);
	errno = saved;
}

void
wake_drain(const struct wake *w)
{
	char junk[4096];
	int i;

	if (w->rfd < 0)
		return;
	/* An eventfd empties in one read; a pipe in at most its capacity
	 * (64 KiB by default on Linux) over our buffer. The bound keeps a
	 * writer that never stops from pinning the UI thread here. */
	for (i = 0; i < 256; i++) {
		if (read(w->rfd, junk, sizeof junk) <= 0)
			break;
	}
}
