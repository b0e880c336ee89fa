#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "opsdeck/clock.h"
#include "opsdeck/log.h"
#include "opsdeck/token.h"

#define TOKEN_MAX	4096
#define MAX_ARGS	32

static int
is_enterprise(const char *api_url)
{
	return api_url != NULL && strstr(api_url, "://api.github.com") == NULL &&
	    strstr(api_url, ".ghe.com") == NULL;
}

static char *
from_env(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? strdup(v) : NULL;
}

static void
trim(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' ||
	    s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
}

static void
child(int out, char **argv)
{
	int null = open("/dev/null", O_RDWR);

	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDERR_FILENO);
	}
	dup2(out, STDOUT_FILENO);
	execvp(argv[0], argv);
	_exit(127);
}

/* Reads the child's stdout until EOF, the cap, or the deadline. */
static int
read_output(int fd, char *out, size_t size, int timeout_ms)
{
	int64_t deadline = clock_mono_ms() + timeout_ms, left;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	size_t len = 0;
	ssize_t n;

	for (;;) {
		left = deadline - clock_mono_ms();
		if (left <= 0)
			return -1;
		switch (poll(&pfd, 1, (int)left)) {
		case -1:
			if (errno == EINTR)
				continue;
			return -1;
		case 0:
			continue;	/* the deadline check ends it */
		}
		n = read(fd, out + len, size - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		if (len >= size - 1)
			break;
	}
	out[len] = '\0';
	return 0;
}

static int
run_command(const char *command, int timeout_ms, char **token, char **cause)
{
	char *copy, *argv[MAX_ARGS + 1], *save = NULL, out[TOKEN_MAX + 1];
	int pipefd[2], status = 0, argc = 0, timed_out;
	pid_t pid;

	if ((copy = strdup(command)) == NULL)
		return -1;
	for (char *w = strtok_r(copy, " \t", &save); w != NULL &&
	    argc < MAX_ARGS; w = strtok_r(NULL, " \t", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	if (argc == 0 || pipe(pipefd) != 0) {
		free(copy);
		asprintf(cause, "token-command: nothing to run");
		return -1;
	}
	if ((pid = fork()) < 0) {
		close(pipefd[0]);
		close(pipefd[1]);
		free(copy);
		asprintf(cause, "token-command: fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		close(pipefd[0]);
		child(pipefd[1], argv);
	}
	close(pipefd[1]);
	timed_out = read_output(pipefd[0], out, sizeof out, timeout_ms) != 0;
	close(pipefd[0]);
	if (timed_out)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (timed_out)
		asprintf(cause, "token-command '%s' timed out after %d ms",
		    argv[0], timeout_ms);
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		asprintf(cause, "token-command '%s' failed (exit %d)", argv[0],
		    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	free(copy);
	if (timed_out || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		explicit_bzero(out, sizeof out);
		return -1;
	}
	trim(out);
	*token = out[0] != '\0' ? strdup(out) : NULL;
	explicit_bzero(out, sizeof out);
	return 0;
}

int
token_resolve(const char *api_url, const char *token_command, int timeout_ms,
    char **token, const char **source, char **cause)
{
	static const char *const cloud[] = { "GH_TOKEN", "GITHUB_TOKEN", NULL };
	static const char *const ghes[] = { "GH_ENTERPRISE_TOKEN",
	    "GITHUB_ENTERPRISE_TOKEN", "GH_TOKEN", "GITHUB_TOKEN", NULL };
	const char *const *names = is_enterprise(api_url) ? ghes : cloud;
	size_t i;

	*token = NULL;
	*source = "none";
	for (i = 0; names[i] != NULL; i++) {
		if ((*token = from_env(names[i])) != NULL) {
			*source = names[i];
			return 0;
		}
	}
	if (token_command == NULL || *token_command == '\0')
		return 0;
	if (run_command(token_command, timeout_ms > 0 ? timeout_ms : 10000,
	    token, cause) != 0)
		return -1;
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
