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

int
wake_open(struct wake *w, char **cause)
{
	int fds[2];
	char msg[128];

	w->rfd = w->wfd = -1;
#if defined(HAVE_EVENTFD) && defined(HAVE_SYS_EVENTFD_H)
	if ((w->rfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) >= 0) {
		w->wfd = w->rfd;
		return 0;
	}
#endif
	if (pipe(fds) != 0)
		goto fail;
	w->rfd = fds[0];
	w->wfd = fds[1];
	if (fcntl(w->rfd, F_SETFL, O_NONBLOCK) != 0 ||
	    fcntl(w->wfd, F_SETFL, O_NONBLOCK) != 0 ||
	    fcntl(w->rfd, F_SETFD, FD_CLOEXEC) != 0 ||
	    fcntl(w->wfd, F_SETFD, FD_CLOEXEC) != 0)
		goto fail;
	return 0;
fail:
	snprintf(msg, sizeof msg, "wake fd: %s", strerror(errno));
	wake_close(w);
	if (cause != NULL)
		*cause = strdup(msg);
	return -1;
}

void
wake_close(struct wake *w)
{
	if (w->rfd >= 0)
		close(w->rfd);
	if (w->wfd >= 0 && w->wfd != w->rfd)
		close(w->wfd);
	w->rfd = w->wfd = -1;
}

/* EAGAIN means a wake is already pending, which is all we need. */
void
wake_signal(const struct wake *w)
{
	uint64_t one = 1;
	int saved = errno;

	if (w->wfd < 0)
		return;
	/* Eight bytes suit both an eventfd and a pipe. */
	(void)!write(w->wfd, &one, sizeof one);
	errno = saved;
}

void
wake_drain(const struct wake *w)
{
	char junk[256];
	int i;

	/* Bounded: a pipe holds at most a few pages of wakes. */
	for (i = 0; i < 1024; i++) {
		if (read(w->rfd, junk, sizeof junk) <= 0)
			break;
	}
}
