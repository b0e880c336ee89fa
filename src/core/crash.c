/* crash: the fatal-signal handler that restores the terminal from any
 * thread, with only async-signal-safe calls, and the mask workers use so
 * that such signals reach it. */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "opsdeck/crash.h"
#include "opsdeck/fsutil.h"

static const int crash_signals[] = {
	SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT
};
#define CRASH_NSIGNALS	(sizeof crash_signals / sizeof crash_signals[0])

/* Written by crash_arm before crash_armed is set (release), read by the
 * handler after it takes the flag (acquire); never changed while armed. */
static char		 crash_bytes[CRASH_RESTORE_MAX];
static size_t		 crash_len;
static int		 crash_out_fd = -1;
static int		 crash_tty_fd = -1;
static int		 crash_have_termios;
static struct termios	 crash_termios;
static int		 crash_armed;		/* __atomic only */
static int		 crash_test;		/* __atomic only */

static void
crash_on_fatal(int sig)
{
	struct sigaction sa;

	/* Whoever takes the flag restores; a second crash on another thread
	 * goes straight to the default action. */
	if (__atomic_exchange_n(&crash_armed, 0, __ATOMIC_ACQ_REL)) {
		(void)fs_write_all(crash_out_fd, crash_bytes, crash_len);
		if (crash_have_termios)
			(void)tcsetattr(crash_tty_fd, TCSANOW, &crash_termios);
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	(void)sigaction(sig, &sa, NULL);
	/* Pending until the handler returns (sig is blocked in it); a fault
	 * would recur on return anyway, now with the default action. */
	(void)raise(sig);
}

void
crash_install(void)
{
	struct sigaction sa;
	const char *t;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = crash_on_fatal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < CRASH_NSIGNALS; i++)
		sigaction(crash_signals[i], &sa, NULL);
	t = getenv("OPSDECK_TEST_CRASH");
	__atomic_store_n(&crash_test, t != NULL && strcmp(t, "worker") == 0,
	    __ATOMIC_RELEASE);
}

int
crash_arm(int out_fd, const char *bytes, size_t len, int tty_fd,
    const struct termios *saved)
{
	crash_disarm();
	if (len > sizeof crash_bytes)
		return -1;
	memcpy(crash_bytes, bytes, len);
	crash_len = len;
	crash_out_fd = out_fd;
	crash_tty_fd = tty_fd;
	crash_have_termios = saved != NULL;
	if (saved != NULL)
		crash_termios = *saved;
	__atomic_store_n(&crash_armed, 1, __ATOMIC_RELEASE);
	return 0;
}

void
crash_disarm(void)
{
	__atomic_store_n(&crash_armed, 0, __ATOMIC_RELEASE);
}

void
crash_unblock_fatal(sigset_t *set)
{
	size_t i;

	for (i = 0; i < CRASH_NSIGNALS; i++)
		sigdelset(set, crash_signals[i]);
}

void
crash_test_point(void)
{
	if (!__atomic_load_n(&crash_armed, __ATOMIC_ACQUIRE) ||
	    !__atomic_exchange_n(&crash_test, 0, __ATOMIC_ACQ_REL))
		return;
	(void)raise(SIGSEGV);
}
