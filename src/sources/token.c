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

#include "opsdeck/spawn.h"
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

static int
token_run(const char *command, int timeout_ms, char **token, char **cause)
{
	char *copy, *argv[TOKEN_MAX_ARGS + 1], *save = NULL, *w, *out;
	struct spawn_result res;
	char *e = NULL;
	int argc = 0, rc = -1;
	const char *why = NULL;
	size_t len;

	spawn_result_init(&res);
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
	/* stderr to /dev/null: a warning of the command is not its token. */
	if (spawn_run(argv, 0, timeout_ms, TOKEN_MAX, NULL, &res, &e) != 0) {
		*cause = xasprintf("token-command %s", e);
		free(e);
		goto out;
	}
	if (res.timed_out) {
		*cause = xasprintf("token-command '%s' timed out after %d ms",
		    argv[0], timeout_ms);
	} else if (res.truncated)
		why = "its output is longer than 4 KiB";
	else if (res.exited && res.code == 127)
		why = "cannot run it (exit 127)";
	else if (!res.exited || res.code != 0) {
		*cause = xasprintf("token-command '%s' failed (%s %d)",
		    argv[0], res.exited ? "exit" : "signal",
		    res.exited ? res.code : res.sig);
	} else {
		out = res.out.data != NULL ? res.out.data : "";
		len = res.out.len;
		while (len > 0 && strchr(" \t\r\n\v\f", out[len - 1]) != NULL)
			len--;
		if (memchr(out, '\0', len) != NULL)
			why = "its output is not a token (blanks or control "
			    "characters)";
		else {
			if (res.out.data != NULL)
				out[len] = '\0';
			if (!token_valid(out))
				why = "its output is not a token (blanks or "
				    "control characters)";
			else {
				*token = len > 0 ? xstrdup(out) : NULL;
				rc = 0;
			}
		}
	}
out:
	if (why != NULL)
		*cause = xasprintf("token-command '%s': %s",
		    argc > 0 ? argv[0] : "", why);
	/* The token is not left in freed memory. */
	if (res.out.data != NULL)
		explicit_bzero(res.out.data, res.out.cap);
	spawn_result_done(&res);
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
