/* spawn: fork/execvp with the child set apart from the console (own
 * process group, default signals, stdin on /dev/null, descriptors
 * closed), bounded in time and output. Shared by token-command and
 * deploy-command so that neither grows its own copy. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "opsdeck/clock.h"
#include "opsdeck/spawn.h"
#include "opsdeck/xalloc.h"

/* Runs in the child: stdin on /dev/null, stdout (and stderr, or
 * /dev/null) on the pipe, default signals, its own process group so that
 * a timeout kills all it started. */
static void
spawn_child(int out, unsigned flags, char *const argv[])
{
	sigset_t none;
	int null, fd;
	long max;

	setpgid(0, 0);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	if ((null = open("/dev/null", O_RDWR)) < 0 ||
	    dup2(null, STDIN_FILENO) < 0 ||
	    dup2((flags & SPAWN_STDERR) ? out : null, STDERR_FILENO) < 0 ||
	    dup2(out, STDOUT_FILENO) < 0)
		_exit(126);
	/* The console's sockets, logs and journal are not the command's. */
#ifdef SYS_close_range
	if (syscall(SYS_close_range, STDERR_FILENO + 1, ~0U, 0) == 0)
		max = 0;
	else
#endif
	if ((max = sysconf(_SC_OPEN_MAX)) < 0 || max > 65536)
		max = 65536;
	for (fd = STDERR_FILENO + 1; fd < max; fd++)
		close(fd);
	execvp(argv[0], argv);
	_exit(127);
}

/* Reads until EOF, the buffer full (unless draining) or the deadline. */
static void
spawn_read(int fd, unsigned flags, char *out, size_t cap, int64_t deadline,
    struct spawn_result *res)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char junk[4096];
	int64_t left;
	ssize_t n;

	for (;;) {
		if ((left = deadline - clock_mono_ms()) <= 0) {
			res->timed_out = 1;
			return;
		}
		if (poll(&pfd, 1, (int)left) <= 0)
			continue;	/* EINTR or timeout: checked above */
		if (res->len < cap)
			n = read(fd, out + res->len, cap - res->len);
		else
			n = read(fd, junk, sizeof junk);	/* draining */
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return;
		if (res->len == cap) {
			res->too_long = 1;
			continue;
		}
		res->len += (size_t)n;
		if (res->len == cap && !(flags & SPAWN_DRAIN)) {
			res->too_long = 1;
			return;
		}
	}
}

/* Waits for pid until the deadline, then kills its group. */
static void
spawn_wait(pid_t pid, int64_t deadline, struct spawn_result *res)
{
	pid_t r;
	int killed = 0;

	for (;;) {
		r = waitpid(pid, &res->status, killed ? 0 : WNOHANG);
		if (r == pid || (r < 0 && errno != EINTR))
			break;
		if (!killed && clock_mono_ms() >= deadline) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			killed = 1;
		} else if (!killed)
			poll(NULL, 0, 10);
	}
	if (killed)
		res->timed_out = 1;
}

int
spawn_run(char *const argv[], unsigned flags, int timeout_ms, char *out,
    size_t size, struct spawn_result *res, char **cause)
{
	int64_t deadline = clock_mono_ms() + timeout_ms;
	int pipefd[2], e;
	pid_t pid;

	memset(res, 0, sizeof *res);
	out[0] = '\0';
	if (pipe2(pipefd, O_CLOEXEC) != 0) {
		*cause = xasprintf("'%s': %s", argv[0], strerror(errno));
		return -1;
	}
	if ((pid = fork()) < 0) {
		e = errno;
		close(pipefd[0]);
		close(pipefd[1]);
		*cause = xasprintf("'%s': %s", argv[0], strerror(e));
		return -1;
	}
	if (pid == 0)
		spawn_child(pipefd[1], flags, argv);
	setpgid(pid, pid);	/* also here: the kill may come first */
	close(pipefd[1]);
	spawn_read(pipefd[0], flags, out, size - 1, deadline, res);
	out[res->len] = '\0';
	close(pipefd[0]);	/* a writer still going gets SIGPIPE */
	/* Timed out: killed at once; else waited for until the deadline
	 * (one cut short gets SIGPIPE on its next write). */
	spawn_wait(pid, res->timed_out ? 0 : deadline, res);
	return 0;
}
