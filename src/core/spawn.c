/* spawn: a child program by fork/execve with a deadline, its output
 * captured (capped), its process group killed on timeout; and the blank
 * split of a command line into its argument vector. Health command
 * checks, token-command and deploy-command all run through here. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "opsdeck/clock.h"
#include "opsdeck/spawn.h"
#include "opsdeck/xalloc.h"

extern char **environ;

void
spawn_result_init(struct spawn_result *r)
{
	memset(r, 0, sizeof *r);
	buf_init(&r->out, 0);
}

void
spawn_result_done(struct spawn_result *r)
{
	buf_done(&r->out);
}

/* The program's path: argv[0] itself when it names a path, else the
 * first executable of that name on PATH (found here, before fork: the
 * child may call only async-signal-safe functions). */
static char *
find_program(const char *name)
{
	const char *path = getenv("PATH"), *p, *e;
	char *cand;

	if (strchr(name, '/') != NULL)
		return xstrdup(name);
	if (path == NULL || *path == '\0')
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path; *p != '\0'; p = *e != '\0' ? e + 1 : e) {
		e = p + strcspn(p, ":");
		cand = xasprintf("%.*s%s%s", (int)(e - p), p, e > p ? "/" :
		    "./", name);
		if (access(cand, X_OK) == 0)
			return cand;
		free(cand);
	}
	return NULL;
}

/* In the child: only async-signal-safe calls. errfd gets errno if execve
 * fails (it is close-on-exec, so a successful exec closes it silently). */
static void
child(const char *prog, char *const argv[], unsigned flags, int outfd,
    int errfd)
{
	struct sigaction sa;
	sigset_t all;
	int null, sig, e;

	setpgid(0, 0);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	for (sig = 1; sig < NSIG; sig++)
		(void)sigaction(sig, &sa, NULL);
	sigemptyset(&all);
	(void)sigprocmask(SIG_SETMASK, &all, NULL);
	if ((null = open("/dev/null", O_RDWR)) < 0 ||
	    dup2(null, STDIN_FILENO) < 0 || dup2(outfd, STDOUT_FILENO) < 0 ||
	    dup2((flags & SPAWN_STDERR) ? outfd : null, STDERR_FILENO) < 0)
		goto fail;
#ifdef SYS_close_range
	/* Everything past stderr but the error pipe goes. */
	if (errfd > STDERR_FILENO + 1)
		(void)syscall(SYS_close_range, STDERR_FILENO + 1,
		    (unsigned)errfd - 1, 0);
	(void)syscall(SYS_close_range, (unsigned)errfd + 1, ~0U, 0);
#else
	for (e = STDERR_FILENO + 1; e < 1024; e++) {
		if (e != errfd)
			(void)close(e);
	}
#endif
	execve(prog, argv, environ);
fail:
	e = errno;
	(void)write(errfd, &e, sizeof e);
	_exit(127);
}

static void
drain(int fd, struct spawn_result *r, size_t cap, bool *eof,
    spawn_output_fn fn, void *arg)
{
	char chunk[4096];
	ssize_t n;
	size_t keep;

	n = read(fd, chunk, sizeof chunk);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		*eof = true;
		return;
	}
	if (fn != NULL)
		fn(arg, chunk, (size_t)n);
	keep = r->out.len < cap ? cap - r->out.len : 0;
	if (keep > (size_t)n)
		keep = (size_t)n;
	if (keep < (size_t)n)
		r->truncated = true;
	if (keep > 0)
		(void)buf_append(&r->out, chunk, keep);
}

static bool
flag_set(const volatile int *f)
{
	return f != NULL && *f != 0;
}

int
spawn_run(char *const argv[], unsigned flags, long timeout_ms, size_t cap,
    const volatile int *stop, struct spawn_result *r, char **cause)
{
	return spawn_run_stream(argv, flags, timeout_ms, cap, stop, NULL, NULL,
	    r, cause);
}

int
spawn_run_stream(char *const argv[], unsigned flags, long timeout_ms,
    size_t cap, const volatile int *stop, spawn_output_fn fn, void *arg,
    struct spawn_result *r, char **cause)
{
	struct pollfd pfd;
	int outp[2] = { -1, -1 }, errp[2] = { -1, -1 }, status, e = 0;
	int64_t start = clock_mono_ms(), deadline, left;
	bool eof = false, killed = false;
	char *prog;
	ssize_t n;
	pid_t pid;

	if (argv == NULL || argv[0] == NULL) {
		*cause = xstrdup("no command");
		return -1;
	}
	if ((prog = find_program(argv[0])) == NULL) {
		*cause = xasprintf("cannot run %s: not found on PATH",
		    argv[0]);
		return -1;
	}
	if (pipe2(outp, O_CLOEXEC) != 0 || pipe2(errp, O_CLOEXEC) != 0) {
		*cause = xasprintf("cannot run %s: %s", argv[0],
		    strerror(errno));
		goto fail;
	}
	if ((pid = fork()) < 0) {
		*cause = xasprintf("cannot run %s: %s", argv[0],
		    strerror(errno));
		goto fail;
	}
	if (pid == 0)
		child(prog, argv, flags, outp[1], errp[1]);
	setpgid(pid, pid);	/* here too: the kill may come first */
	close(outp[1]);
	close(errp[1]);
	outp[1] = errp[1] = -1;
	free(prog);
	prog = NULL;
	deadline = start + (timeout_ms > 0 ? timeout_ms : 10000);
	/* Output until EOF (all its writers gone) or the deadline. */
	while (!eof) {
		left = deadline - clock_mono_ms();
		if (flag_set(stop) || left <= 0)
			break;
		pfd.fd = outp[0];
		pfd.events = POLLIN;
		if (poll(&pfd, 1, (int)(left < 50 ? left : 50)) > 0)
			drain(outp[0], r, cap, &eof, fn, arg);
		if (fn != NULL)
			fn(arg, NULL, 0);	/* a tick */
	}
	/* Then the exit, still under the deadline (stdout closed early). */
	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (!killed && (flag_set(stop) || clock_mono_ms() >=
		    deadline)) {
			r->stopped = flag_set(stop);
			r->timed_out = !r->stopped;
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			killed = true;
		}
		poll(NULL, 0, killed ? 5 : 10);
	}
	if (killed)
		kill(-pid, SIGKILL);	/* grandchildren that outlive it */
	r->ms = (long)(clock_mono_ms() - start);
	r->exited = WIFEXITED(status);
	r->code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	r->sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	while ((n = read(errp[0], &e, sizeof e)) < 0 && errno == EINTR)
		;
	close(outp[0]);
	close(errp[0]);
	if (n == (ssize_t)sizeof e) {
		*cause = xasprintf("cannot run %s: %s", argv[0], strerror(e));
		return -1;
	}
	return 0;
fail:
	free(prog);
	if (outp[0] >= 0)
		close(outp[0]);
	if (outp[1] >= 0)
		close(outp[1]);
	if (errp[0] >= 0)
		close(errp[0]);
	if (errp[1] >= 0)
		close(errp[1]);
	return -1;
}

int
spawn_split(const char *line, char ***argvp, char **cause)
{
	char **argv = NULL;
	const char *p = line, *e;
	size_t n = 0;

	*argvp = NULL;
	while (p != NULL && *p != '\0') {
		p += strspn(p, " \t");
		if (*p == '\0')
			break;
		e = p + strcspn(p, " \t");
		if (n == SPAWN_MAX_ARGS) {
			spawn_argv_free(&argv);
			*cause = xasprintf("more than %d words", SPAWN_MAX_ARGS);
			return -1;
		}
		argv = xreallocarray(argv, n + 2, sizeof *argv);
		argv[n++] = xstrndup(p, (size_t)(e - p));
		argv[n] = NULL;
		p = e;
	}
	if (n == 0) {
		*cause = xstrdup("empty command");
		return -1;
	}
	*argvp = argv;
	return 0;
}

void
spawn_argv_free(char ***argvp)
{
	char **argv;
	size_t i;

	if (argvp == NULL || (argv = *argvp) == NULL)
		return;
	for (i = 0; argv[i] != NULL; i++)
		free(argv[i]);
	free(argv);
	*argvp = NULL;
}
