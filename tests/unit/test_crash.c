/* test_crash: a fatal signal on a worker thread reaches the crash handler,
 * which writes the prepared bytes and restores the terminal modes, then
 * dies of that same signal; disarmed, it writes nothing. Run in forked
 * children so that the deaths are theirs. */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "opsdeck/crash.h"
#include "opsdeck/sched.h"
#include "../tap.h"

#define RESTORE	"\033[?1049l\033[?25h"

struct mask_seen {
	int	 segv_blocked;
	int	 int_blocked;
	int	 done;		/* __atomic only */
};

static int64_t
look_at_mask(void *arg, void *ctx)
{
	struct mask_seen *m = arg;
	sigset_t cur;

	(void)ctx;
	pthread_sigmask(SIG_BLOCK, NULL, &cur);
	m->segv_blocked = sigismember(&cur, SIGSEGV);
	m->int_blocked = sigismember(&cur, SIGINT);
	__atomic_store_n(&m->done, 1, __ATOMIC_RELEASE);
	return -1;
}

static int64_t
fault_job(void *arg, void *ctx)
{
	(void)arg;
	(void)ctx;
	raise(*(int *)arg);
	return -1;
}

/* Child: arms (or not) with fds[1] as the "terminal", runs a job that
 * raises sig on a worker, and waits for death; exit 3 means it survived. */
static void
child(int fd, int sig, int arm)
{
	struct rlimit no_core = { 0, 0 };
	struct sched *s;
	int i;

	setrlimit(RLIMIT_CORE, &no_core);	/* no core files here */
	crash_install();
	if (arm)
		crash_arm(fd, RESTORE, strlen(RESTORE), -1, NULL);
	s = sched_new(1, NULL, NULL, NULL);
	sched_add(s, "fault", fault_job, &sig, 0);
	sched_start(s);
	for (i = 0; i < 500; i++)
		usleep(10000);	/* bounded; the signal comes first */
	_exit(3);
}

static void
test_dies(int sig, const char *name, int arm)
{
	char got[64] = "";
	int fds[2], status = 0;
	ssize_t n;
	pid_t pid;

	if (pipe(fds) != 0) {
		ok(0, "pipe");
		return;
	}
	if ((pid = fork()) == 0) {
		close(fds[0]);
		child(fds[1], sig, arm);
	}
	close(fds[1]);
	n = read(fds[0], got, sizeof got - 1);
	got[n > 0 ? n : 0] = '\0';
	close(fds[0]);
	waitpid(pid, &status, 0);
	ok(WIFSIGNALED(status) && WTERMSIG(status) == sig,
	    "%s on a worker: the process dies of %s (status 0x%x)", name, name,
	    status);
	if (arm)
		is_str(got, RESTORE, "%s on a worker: restore bytes written",
		    name);
	else
		is_str(got, "", "%s, disarmed: nothing written", name);
}

static void
test_mask(void)
{
	struct mask_seen m;
	struct sched *s;
	int i;

	memset(&m, 0, sizeof m);
	s = sched_new(1, NULL, NULL, NULL);
	sched_add(s, "mask", look_at_mask, &m, 0);
	sched_start(s);
	for (i = 0; i < 500 && !__atomic_load_n(&m.done, __ATOMIC_ACQUIRE);
	    i++)
		usleep(10000);
	sched_free(&s);
	ok(m.done && m.segv_blocked == 0, "worker mask: SIGSEGV not blocked");
	ok(m.done && m.int_blocked == 1, "worker mask: SIGINT blocked");
}

static void
test_unblock(void)
{
	sigset_t set;

	sigfillset(&set);
	crash_unblock_fatal(&set);
	ok(!sigismember(&set, SIGSEGV) && !sigismember(&set, SIGBUS) &&
	    !sigismember(&set, SIGFPE) && !sigismember(&set, SIGILL) &&
	    !sigismember(&set, SIGABRT), "unblock: the five fatal signals");
	ok(sigismember(&set, SIGTERM) && sigismember(&set, SIGWINCH),
	    "unblock: the rest stay");
	ok(crash_arm(1, "", CRASH_RESTORE_MAX + 1, -1, NULL) == -1,
	    "arm: too many bytes refused");
}

int
main(void)
{
	test_unblock();
	test_mask();
	test_dies(SIGSEGV, "SIGSEGV", 1);
	test_dies(SIGBUS, "SIGBUS", 1);
	test_dies(SIGFPE, "SIGFPE", 1);
	test_dies(SIGABRT, "SIGABRT", 1);
	test_dies(SIGSEGV, "SIGSEGV", 0);
	return tap_done();
}
