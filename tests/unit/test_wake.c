/* Tests for wake: built twice, once as is (eventfd where the system has
 * one) and once with WAKE_FORCE_PIPE for the pipe fallback. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "opsdeck/clock.h"
#include "opsdeck/wake.h"
#include "../tap.h"

#if defined(HAVE_EVENTFD) && defined(HAVE_SYS_EVENTFD_H) && \
    !defined(WAKE_FORCE_PIPE)
#define WANT_EVENTFD 1
#else
#define WANT_EVENTFD 0
#endif

static struct wake handler_wake = WAKE_CLOSED;

static int
readable(const struct wake *w, int ms)
{
	struct pollfd pfd;

	pfd.fd = w->rfd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	return poll(&pfd, 1, ms) == 1 && (pfd.revents & POLLIN);
}

static int
fd_flags_ok(int fd)
{
	int fl = fcntl(fd, F_GETFL), fdfl = fcntl(fd, F_GETFD);

	return fl != -1 && (fl & O_NONBLOCK) && fdfl != -1 &&
	    (fdfl & FD_CLOEXEC);
}

static void
test_basic(void)
{
	struct wake w = WAKE_CLOSED;
	char *cause = NULL;
	int i, saved;

	ok(wake_open(&w, &cause) == 0 && cause == NULL, "wake_open");
	ok(w.rfd >= 0 && w.wfd >= 0, "both fds open");
	if (WANT_EVENTFD)
		ok(w.rfd == w.wfd, "one eventfd for both ends");
	else
		ok(w.rfd != w.wfd, "a pipe: two fds");
	ok(fd_flags_ok(w.rfd) && fd_flags_ok(w.wfd),
	    "non-blocking and close-on-exec");
	ok(!readable(&w, 0), "nothing pending after open");
	wake_signal(&w);
	ok(readable(&w, 0), "readable after one signal");
	wake_drain(&w);
	ok(!readable(&w, 0), "drained");

	/* Far more than a pipe holds: must neither block nor lose the wake. */
	errno = ENOENT;
	for (i = 0; i < 50000; i++)
		wake_signal(&w);
	saved = errno;
	is_int(saved, ENOENT, "wake_signal keeps errno (safe in handlers)");
	ok(readable(&w, 0), "still readable after 50000 signals");
	wake_drain(&w);
	ok(!readable(&w, 0), "one drain empties a full %s",
	    WANT_EVENTFD ? "eventfd" : "pipe");

	wake_close(&w);
	is_int(w.rfd, -1, "close resets rfd");
	is_int(w.wfd, -1, "close resets wfd");
	wake_close(&w);
	ok(1, "closing twice is harmless");
	wake_signal(&w);
	wake_drain(&w);
	ok(1, "signal and drain on a closed wake are no-ops");
}

static void
on_usr1(int sig)
{
	wake_signal(&handler_wake);
}

static void
test_handler(void)
{
	struct sigaction sa, old;

	ok(wake_open(&handler_wake, NULL) == 0, "wake for the handler");
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, &old);
	raise(SIGUSR1);
	sigaction(SIGUSR1, &old, NULL);
	ok(readable(&handler_wake, 0), "a signal handler's wake arrives");
	wake_drain(&handler_wake);
	wake_close(&handler_wake);
}

struct poller {
	struct wake	*w;
	int		 woke;
	int64_t		 waited_ms;
};

static void *
poller_main(void *arg)
{
	struct poller *p = arg;
	int64_t t0 = clock_mono_ms();

	p->woke = readable(p->w, 10000);
	p->waited_ms = clock_mono_ms() - t0;
	wake_drain(p->w);
	return NULL;
}

static void
test_thread(void)
{
	struct wake w = WAKE_CLOSED;
	struct poller p;
	pthread_t t;

	ok(wake_open(&w, NULL) == 0, "wake for threads");
	memset(&p, 0, sizeof p);
	p.w = &w;
	pthread_create(&t, NULL, poller_main, &p);
	/* Whether the poller is already in poll() or not, the wake holds
	 * until drained, so it returns at once either way. */
	wake_signal(&w);
	pthread_join(t, NULL);
	ok(p.woke, "a poll() blocked in another thread wakes up");
	ok(p.waited_ms < 5000, "and promptly (%lld ms)",
	    (long long)p.waited_ms);
	ok(!readable(&w, 0), "the poller drained it");
	wake_close(&w);
}

int
main(void)
{
	test_basic();
	test_handler();
	test_thread();
	return tap_done();
}
