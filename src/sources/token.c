/* token: which token goes to which API host (environment variables as the
 * GitHub CLI reads them, then token-command), and running token-command
 * without a shell, bounded in time and output. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <curl/curl.h>

#include "opsdeck/clock.h"
#include "opsdeck/token.h"
#include "opsdeck/xalloc.h"

#define TOKEN_MAX		4096	/* bytes of output read */
#define TOKEN_MAX_ARGS		32
#define TOKEN_TIMEOUT_MS	10000

/* An Enterprise Server API host: anything but api.github.com and the
 * GHE.com tenancies (api.SUB.ghe.com), which take GH_TOKEN as gh does. */
static int
token_is_enterprise(const char *api_url)
{
	CURLU *u;
	char *host = NULL;
	size_t n;
	int ghes = 0;

	if (api_url == NULL || (u = curl_url()) == NULL)
		return 0;
	if (curl_url_set(u, CURLUPART_URL, api_url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
		n = strlen(host);
		ghes = strcasecmp(host, "api.github.com") != 0 &&
		    !(n > 8 && strcasecmp(host + n - 8, ".ghe.com") == 0);
	}
	curl_free(host);
	curl_url_cleanup(u);
	return ghes;
}

/* A token goes into an HTTP header: printable ASCII without blanks only,
 * so that no value can add a header of its own. */
static int
token_valid(const char *t)
{
	for (; *t != '\0'; t++) {
		if (*t <= ' ' || *t > '~')
			return 0;
	}
	return 1;
}

/* Runs in the child: stdin and stderr on /dev/null, stdout on the pipe,
 * default signals, its own process group so that a timeout kills all it
 * started. */
static void
token_child(int out, char **argv)
{
	sigset_t none;
	int null, fd;
	long max;

	setpgid(0, 0);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	if ((null = open("/dev/null", O_RDWR)) < 0 ||
	    dup2(null, STDIN_FILENO) < 0 || dup2(null, STDERR_FILENO) < 0 ||
	    dup2(out, STDOUT_FILENO) < 0)
		_exit(126);
	/* The console's sockets and logs are not the command's. */
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

/* Reads until EOF, more than size - 1 bytes, or the deadline. Returns the
 * length, -1 on timeout, -2 when the output is too long. */
static ssize_t
token_read(int fd, char *out, size_t size, int64_t deadline)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	size_t len = 0;
	int64_t left;
	ssize_t n;

	for (;;) {
		if ((left = deadline - clock_mono_ms()) <= 0)
			return -1;
		if (poll(&pfd, 1, (int)left) <= 0)
			continue;	/* EINTR or timeout: checked above */
		n = read(fd, out + len, size - len);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			break;
		if ((len += (size_t)n) == size)
			return -2;
	}
	return (ssize_t)len;
}

/* Waits for pid until the deadline, then kills its group. */
static int
token_wait(pid_t pid, int64_t deadline, int *status)
{
	pid_t r;
	int killed = 0;

	for (;;) {
		r = waitpid(pid, status, killed ? 0 : WNOHANG);
		if (r == pid)
			return killed ? -1 : 0;
		if (r < 0 && errno != EINTR)
			return -1;
		if (!killed && clock_mono_ms() >= deadline) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			killed = 1;
		} else if (!killed)
			poll(NULL, 0, 10);
	}
}

static int
token_run(const char *command, int timeout_ms, char **token, char **cause)
{
	char *copy, *argv[TOKEN_MAX_ARGS + 1], *save = NULL, *w;
	char out[TOKEN_MAX + 1];
	int64_t deadline = clock_mono_ms() + timeout_ms;
	int pipefd[2] = { -1, -1 }, status = 0, argc = 0, rc = -1, e;
	const char *why = NULL;
	ssize_t len = 0;
	pid_t pid;

	copy = xstrdup(command);
	for (w = strtok_r(copy, " \t", &save); w != NULL;
	    w = strtok_r(NULL, " \t", &save)) {
		if (argc == TOKEN_MAX_ARGS) {
			why = "too many arguments";
			goto out;
		}
		argv[argc++] = w;
	}
	argv[argc] = NULL;
	if (argc == 0) {
		why = "nothing to run";
		goto out;
	}
	if (pipe2(pipefd, O_CLOEXEC) != 0 || (pid = fork()) < 0) {
		e = errno;
		*cause = xasprintf("token-command '%s': %s", argv[0],
		    strerror(e));
		goto out;
	}
	if (pid == 0)
		token_child(pipefd[1], argv);
	setpgid(pid, pid);	/* also here: the kill may come first */
	close(pipefd[1]);
	pipefd[1] = -1;
	len = token_read(pipefd[0], out, sizeof out - 1, deadline);
	close(pipefd[0]);	/* a writer still going gets SIGPIPE */
	pipefd[0] = -1;
	if (token_wait(pid, len == -1 ? 0 : deadline, &status) != 0 ||
	    len == -1) {
		*cause = xasprintf("token-command '%s' timed out after %d ms",
		    argv[0], timeout_ms);
	} else if (len == -2)
		why = "its output is longer than 4 KiB";
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		why = "cannot run it (exit 127)";
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		*cause = xasprintf("token-command '%s' failed (%s %d)",
		    argv[0], WIFEXITED(status) ? "exit" : "signal",
		    WIFEXITED(status) ? WEXITSTATUS(status) :
		    WTERMSIG(status));
	} else {
		out[len] = '\0';
		while (len > 0 && strchr(" \t\r\n\v\f", out[len - 1]) != NULL)
			out[--len] = '\0';
		if (!token_valid(out))
			why = "its output is not a token (blanks or control "
			    "characters)";
		else {
			*token = len > 0 ? xstrdup(out) : NULL;
			rc = 0;
		}
	}
out:
	if (why != NULL)
		*cause = xasprintf("token-command '%s': %s",
		    argc > 0 ? argv[0] : "", why);
	explicit_bzero(out, sizeof out);
	if (pipefd[0] >= 0)
		close(pipefd[0]);
	if (pipefd[1] >= 0)
		close(pipefd[1]);
	free(copy);
	return rc;
}

int
token_resolve(const char *api_url, const char *token_command, int timeout_ms,
    char **token, const char **source, char **cause)
{
	static const char *const cloud[] = { "GH_TOKEN", "GITHUB_TOKEN", NULL };
	/* Never GH_TOKEN or GITHUB_TOKEN for an Enterprise host: those are
	 * github.com's, and that host's operator would see them (gh agrees). */
	static const char *const ghes[] = { "GH_ENTERPRISE_TOKEN",
	    "GITHUB_ENTERPRISE_TOKEN", NULL };
	const char *const *names = token_is_enterprise(api_url) ? ghes : cloud;
	const char *v;
	size_t i;

	*token = NULL;
	*source = "none";
	*cause = NULL;
	for (i = 0; names[i] != NULL; i++) {
		if ((v = getenv(names[i])) == NULL || *v == '\0')
			continue;
		if (!token_valid(v)) {
			*cause = xasprintf("%s is not a token (blanks or "
			    "control characters)", names[i]);
			return -1;
		}
		*token = xstrdup(v);
		*source = names[i];
		return 0;
	}
	if (token_command == NULL || *token_command == '\0')
		return 0;
	if (token_run(token_command, timeout_ms > 0 ? timeout_ms :
	    TOKEN_TIMEOUT_MS, token, cause) != 0)
		return -1;
	if (*token != NULL)
		*source = "token-command";
	return 0;
}

void
token_free(char **tp)
{
	if (tp == NULL || *tp == NULL)
		return;
	explicit_bzero(*tp, strlen(*tp));
	free(*tp);
	*tp = NULL;
}
