/* crash: gives the terminal back when the process dies of a fatal signal
 * (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT), on whichever thread it
 * lands. The handler only write(2)s bytes prepared in advance and calls
 * tcsetattr (both async-signal-safe), then lets the signal take its
 * default action: the exit status says which signal and a core, when
 * enabled, is still dumped. No ncurses call ever runs in the handler. */
#ifndef OPSDECK_CRASH_H
#define OPSDECK_CRASH_H

#include <signal.h>
#include <stddef.h>
#include <termios.h>

/* Room for the restore bytes (rmcup, cnorm, sgr0, rmkx, mouse off...). */
#define CRASH_RESTORE_MAX	512

/* Main thread; installs the handlers (again is harmless). Also reads the
 * test hook: OPSDECK_TEST_CRASH=worker makes the first worker job that
 * starts while the screen is armed raise SIGSEGV (crash_test_point). */
void	 crash_install(void);

/* The screen is up: on a fatal signal write bytes[0..len) to out_fd and,
 * when saved is not NULL, tcsetattr(tty_fd, *saved). Copies everything;
 * -1 if len > CRASH_RESTORE_MAX (nothing armed). The UI thread, between
 * starting and ending the screen. */
int	 crash_arm(int out_fd, const char *bytes, size_t len, int tty_fd,
	    const struct termios *saved);
/* The screen was restored the normal way: nothing more to write. */
void	 crash_disarm(void);

/* Removes the synchronous fatal signals from set: a thread that blocks
 * every other signal must still take these, or a fault there kills the
 * process without running the handler. */
void	 crash_unblock_fatal(sigset_t *set);

/* Test hook, called by workers before a job: raises SIGSEGV once when
 * OPSDECK_TEST_CRASH=worker and the screen is armed; else nothing. */
void	 crash_test_point(void);

#endif
